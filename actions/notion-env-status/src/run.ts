import type { Clock, Logger } from "@sre-actions/core";
import type { PullRequestRef, RunContext } from "./context.js";
import { openDataSource } from "./data-source.js";
import { deploy } from "./deploy.js";
import { extend } from "./extend.js";
import type { StatusKey } from "./fields.js";
import type { GitHubPort } from "./github.js";
import { claimantOf } from "./holder.js";
import type { ActionInputs } from "./inputs.js";
import { type NotionApi, NotionFailure, retryTransient } from "./notion-api.js";
import { runPullRequest } from "./pull-request.js";
import { release } from "./release.js";
import { checkSchema } from "./schema.js";
import type { ModeResult, Session } from "./session.js";
import { status } from "./status.js";
import { sweep } from "./sweep.js";

export interface RunDeps {
  notion: NotionApi;
  github: GitHubPort | undefined;
  clock: Clock;
  log: Logger;
}

export interface RunResult extends ModeResult {
  mode: ActionInputs["mode"];
  environment: string | undefined;
  pullRequest: PullRequestRef | undefined;
  /** Notion API calls made (each SDK retry of a 429/529 counts once). */
  apiCalls: number;
  /** Calls made after the data source was resolved (deploy: at most 3). */
  apiCallsAfterResolve: number;
  /** A Notion failure reported as a warning (fail-on-error: false) or to fail the step. */
  failure: { message: string; hint: string | undefined } | undefined;
  now: number;
  timeZone: string;
}

/** The whole run after inputs: resolve the data source, check the schema, do the mode. */
export async function run(inputs: ActionInputs, context: RunContext, deps: RunDeps): Promise<RunResult> {
  const { notion, log } = deps;
  const pullRequest = await runPullRequest(inputs, context, deps);
  const base = {
    mode: inputs.mode,
    environment: inputs.environment,
    pullRequest,
    timeZone: inputs.timeZone,
  };
  let resolvedAt = 0;
  try {
    const { dataSourceId, properties } = await log.group("Resolve the Notion data source", () =>
      retryTransient(() => openDataSource(notion, inputs, log), deps),
    );
    resolvedAt = notion.calls - 1;
    const schema = checkSchema(properties, inputs.propertyMap, neededStatuses(inputs));
    const session: Session = {
      api: notion,
      dataSourceId,
      schema,
      inputs,
      context,
      pullRequest,
      me: { ...claimantOf(context), pullRequest: pullRequest?.url },
      clock: deps.clock,
      log,
    };
    const result = await log.group(`${inputs.mode}${inputs.environment ? ` ${inputs.environment}` : ""}`, () =>
      retryTransient(() => runMode(session), deps),
    );
    const apiCallsAfterResolve = notion.calls - resolvedAt;
    log.info(
      `${result.outcome}. Notion API calls: ${notion.calls} (${apiCallsAfterResolve} after resolving the data source).`,
    );
    return {
      ...base,
      ...result,
      apiCalls: notion.calls,
      apiCallsAfterResolve,
      failure: undefined,
      now: deps.clock.now(),
    };
  } catch (error) {
    if (!(error instanceof NotionFailure)) throw error;
    const failure = { message: error.message, hint: error.hint };
    if (!inputs.failOnError) {
      log.warning(
        `${error.message}${error.hint ? `\nHint: ${error.hint}` : ""}\nThe step goes on (fail-on-error: false).`,
        {
          title: "Notion not updated",
        },
      );
    }
    return {
      ...base,
      outcome: `Notion not updated: ${error.message}`,
      rows: [],
      apiCalls: notion.calls,
      apiCallsAfterResolve: Math.max(0, notion.calls - resolvedAt),
      failure,
      now: deps.clock.now(),
    };
  }
}

function runMode(session: Session): Promise<ModeResult> {
  const environment = session.inputs.environment;
  switch (session.inputs.mode) {
    case "deploy":
      return deploy(session, environment ?? "");
    case "extend":
      return extend(session, environment ?? "");
    case "release":
      return release(session, environment);
    case "status":
      return status(session);
    case "sweep":
      return sweep(session);
  }
}

function neededStatuses(inputs: ActionInputs): StatusKey[] {
  if (inputs.mode === "deploy") return [inputs.deployStatus];
  if (inputs.mode === "release" || inputs.mode === "sweep") return ["free"];
  return [];
}
