import {
  ActionError,
  type ActionRun,
  actionsLogger,
  type Clock,
  cancellableClock,
  type Execution,
  type Logger,
  type RunContext,
  type RunJournal,
  type RunVariable,
  requireRunVariables,
  systemClock,
} from "@sre-actions/core";
import { createOctokit, currentRunContext } from "@sre-actions/core/github";
import { createNotionClient } from "@sre-actions/core/notion";
import { answerCommand } from "./answer.js";
import { updateBoard } from "./board.js";
import { updateStickyComment } from "./comment.js";
import { type GitHubPort, githubPort } from "./github.js";
import type { ActionInputs, OutputName } from "./inputs.js";
import { setUp } from "./modes/setup.js";
import { NotionApi, type NotionPort } from "./notion-api.js";
import { outputsOf } from "./outputs.js";
import { runPullRequest } from "./pull-request.js";
import type { NotionEnvStatusResult } from "./result.js";
import { modeRequestOf } from "./run-mode.js";
import { renderSummary } from "./summary.js";

export interface NotionEnvStatusDeps {
  notion: NotionPort;
  /** Undefined without github-token: no PR lookup, no comment. */
  github: GitHubPort | undefined;
  context: RunContext;
  clock: Clock;
  log: Logger;
  /** What the run changed and has in flight: the summary of a cancelled run reads it. */
  journal?: RunJournal | undefined;
}

/**
 * The whole run: answer an `/env` comment (mode command), or find the PR, update the board and keep
 * the sticky comment; then say what to publish.
 */
export async function execute(
  inputs: ActionInputs,
  deps: NotionEnvStatusDeps,
): Promise<Execution<NotionEnvStatusResult, OutputName>> {
  const needed = neededRunVariables(inputs.mode, deps.context);
  requireRunVariables(deps.context, needed.names, needed.purpose);
  let result: NotionEnvStatusResult;
  if (inputs.mode === "command") result = await answerCommand(inputs, deps);
  else if (inputs.mode === "setup") result = await setUp(inputs, deps);
  else {
    const request = modeRequestOf(inputs);
    const pullRequest = await runPullRequest(request.mode, deps);
    result = {
      mode: inputs.mode,
      environment: inputs.environment,
      ...(await updateBoard(inputs, request, { pullRequest }, deps)),
    };
    if (inputs.comment) result.comment = await updateStickyComment(result, deps.github, deps.log);
  }
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
 * The runner variables a mode writes from (a row records the branch, commit and run). status and
 * sweep need none: they run anywhere.
 */
function neededRunVariables(
  mode: ActionInputs["mode"],
  context: RunContext,
): { names: RunVariable[]; purpose: string } {
  const branch: RunVariable[] = context.pullRequest === undefined ? ["GITHUB_REF"] : [];
  switch (mode) {
    case "deploy":
      return {
        names: ["GITHUB_REPOSITORY", "GITHUB_RUN_ID", "GITHUB_SHA", ...branch],
        purpose: "to record the branch, commit and run of a deploy",
      };
    case "extend":
    case "release":
      return { names: ["GITHUB_REPOSITORY", ...branch], purpose: `to know whose reservation to ${mode}` };
    case "command":
      return { names: ["GITHUB_REPOSITORY", "GITHUB_EVENT_PATH"], purpose: "to read the /env comment and answer it" };
    default:
      return { names: [], purpose: "" };
  }
}

/**
 * The composition root: real clients from the inputs and the runner's context. With the runner's
 * `run` (runAction), waits end at a cancel and the journal records what the run did.
 */
export function productionDeps(inputs: ActionInputs, run?: ActionRun): NotionEnvStatusDeps {
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
