import {
  type Clock,
  type Logger,
  logText,
  type PullRequestRef,
  type RunContext,
  type RunJournal,
} from "@sre-actions/core";
import { openDataSource } from "./data-source.js";
import { STATUS_NAMES } from "./fields.js";
import { claimantOf } from "./holder.js";
import type { NotionEnvStatusInputs } from "./inputs.js";
import { NotionFailure, type NotionPort, retryTransient } from "./notion-api.js";
import type { NotionEnvStatusResult } from "./result.js";
import { describeRequest, type ModeRequest, neededStatuses, runMode } from "./run-mode.js";
import { checkSchema } from "./schema.js";
import type { Session } from "./session.js";

export interface BoardDeps {
  notion: NotionPort;
  context: RunContext;
  clock: Clock;
  log: Logger;
  /** What the run changed and has in flight (a cancelled run's summary lists it). */
  journal?: RunJournal | undefined;
}

/** The Notion part of a run: resolve the data source, check the schema, do the mode; a Notion failure is a result. */
export async function updateBoard(
  inputs: Pick<
    NotionEnvStatusInputs,
    "databaseId" | "dataSource" | "propertyMap" | "timeZone" | "userMap" | "failOnError"
  >,
  request: ModeRequest,
  claim: {
    pullRequest: PullRequestRef | undefined /** The PR's head branch when the event does not say it (issue_comment). */;
    branch?: string;
  },
  deps: BoardDeps,
): Promise<Omit<NotionEnvStatusResult, "mode" | "environment">> {
  const { notion, log, context } = deps;
  const { pullRequest } = claim;
  const base = { pullRequest, timeZone: inputs.timeZone };
  let resolvedAt = 0;
  let freeStatus: string = STATUS_NAMES.free;
  try {
    const { dataSourceId, properties } = await log.group("Resolve the Notion data source", () =>
      retryTransient(() => openDataSource(notion, inputs, log), deps),
    );
    resolvedAt = notion.calls - 1;
    const schema = checkSchema(properties, inputs.propertyMap, neededStatuses(request));
    freeStatus = schema.statusNames.free;
    const session: Session = {
      api: notion,
      dataSourceId,
      schema,
      timeZone: inputs.timeZone,
      userMap: inputs.userMap,
      context,
      pullRequest,
      me: {
        ...claimantOf(context),
        pullRequest: pullRequest?.url,
        ...(claim.branch === undefined ? {} : { branch: claim.branch }),
      },
      clock: deps.clock,
      log,
      journal: deps.journal,
    };
    const result = await log.group(describeRequest(request), () =>
      retryTransient(() => runMode(session, request), deps),
    );
    const apiCallsAfterResolve = notion.calls - resolvedAt;
    log.info(
      `${logText(result.outcome)}. Notion API calls: ${notion.calls} (${apiCallsAfterResolve} after resolving the data source).`,
    );
    return {
      ...base,
      ...result,
      apiCalls: notion.calls,
      apiCallsAfterResolve,
      failure: undefined,
      freeStatus,
      now: deps.clock.now(),
    };
  } catch (error) {
    if (!(error instanceof NotionFailure)) throw error;
    if (!inputs.failOnError) {
      log.warning(
        `${logText(error.message)}${error.hint ? `\nHint: ${logText(error.hint)}` : ""}\nThe step goes on (fail-on-error: false).`,
        { title: "Notion not updated" },
      );
    }
    return {
      ...base,
      outcome: `Notion not updated: ${error.message}`,
      rows: [],
      apiCalls: notion.calls,
      apiCallsAfterResolve: Math.max(0, notion.calls - resolvedAt),
      failure: { message: error.message, hint: error.hint },
      freeStatus,
      now: deps.clock.now(),
    };
  }
}
