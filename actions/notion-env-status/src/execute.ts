import {
  ActionError,
  type ActionRun,
  actionsLogger,
  cancellableClock,
  type Execution,
  systemClock,
} from "@sre-actions/core";
import { createOctokit, currentRunContext } from "@sre-actions/core/github";
import { createNotionClient } from "@sre-actions/core/notion";
import { githubPort } from "./github.js";
import type { NotionEnvStatusInputs, OutputName } from "./inputs.js";
import { NotionApi } from "./notion-api.js";
import { outputsOf } from "./outputs.js";
import type { NotionEnvStatusResult } from "./result.js";
import { renderSummary } from "./summary.js";
import { type NotionEnvStatusDeps, track } from "./track.js";

export type { NotionEnvStatusDeps } from "./track.js";

/** The whole run: track the event on the board, then say what to publish. */
export async function execute(
  inputs: NotionEnvStatusInputs,
  deps: NotionEnvStatusDeps,
): Promise<Execution<NotionEnvStatusResult, OutputName>> {
  const result = await track(inputs, deps);
  return {
    result,
    outputs: outputsOf(result),
    summary: renderSummary(result),
    failure: failureOf(result, inputs.failOnError),
  };
}

/**
 * A Notion failure fails the step only with fail-on-error; a conflict under on-conflict: fail always
 * does (a refused `/env` command does not: its answer is on the PR).
 */
function failureOf(result: NotionEnvStatusResult, failOnError: boolean): ActionError | undefined {
  if (result.error !== undefined) return result.error;
  if (result.failure !== undefined) {
    // Setup is run by hand to make the board usable: a board it could not finish is a failed step.
    return failOnError || result.mode === "setup"
      ? new ActionError(result.failure.message, result.failure.hint === undefined ? {} : { hint: result.failure.hint })
      : undefined;
  }
  if (result.conflict?.blocked && result.mode !== "command") {
    return new ActionError(result.outcome, {
      hint: "Ask the holder, wait until the reservation ends, or run with on-conflict: override.",
    });
  }
  return undefined;
}

/**
 * The composition root: real clients from the inputs and the runner's context. With the runner's
 * `run` (runAction), waits end at a cancel and the journal records what the run did.
 */
export function productionDeps(inputs: NotionEnvStatusInputs, run?: ActionRun): NotionEnvStatusDeps {
  const log = actionsLogger;
  const context = currentRunContext();
  const clock = run === undefined ? systemClock : cancellableClock(systemClock, run.signal);
  const github =
    inputs.githubToken === undefined
      ? undefined
      : githubPort(
          createOctokit({ token: inputs.githubToken, log }),
          { owner: context.owner, repo: context.repo },
          { clock, log },
        );
  return {
    // Page updates are retried on 5xx and a long Retry-After is waited out (core's createNotionClient).
    notion: new NotionApi(createNotionClient({ token: inputs.notionToken, retries: { clock, log } })),
    github,
    context,
    clock,
    log,
    journal: run?.journal,
  };
}
