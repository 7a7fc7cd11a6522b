import type { Clock, Logger, RunContext, RunJournal, RunVariable } from "@sre-actions/core";
import { requireRunVariables } from "@sre-actions/core";
import { answerCommand } from "./answer.js";
import { updateBoard } from "./board.js";
import { updateStickyComment } from "./comment.js";
import type { GitHubPort } from "./github.js";
import type { NotionEnvStatusInputs } from "./inputs.js";
import { setUp } from "./modes/setup.js";
import type { NotionPort } from "./notion-api.js";
import { runPullRequest } from "./pull-request.js";
import type { NotionEnvStatusResult } from "./result.js";
import { modeRequestOf } from "./run-mode.js";

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
 * Tracks one event on the environments board: answers an `/env` comment (mode command), builds the
 * board (setup), or finds the PR, updates the board and keeps the sticky comment.
 */
export async function track(inputs: NotionEnvStatusInputs, deps: NotionEnvStatusDeps): Promise<NotionEnvStatusResult> {
  const needed = neededRunVariables(inputs.mode, deps.context);
  requireRunVariables(deps.context, needed.names, needed.purpose);
  if (inputs.mode === "command") return answerCommand(inputs, deps);
  if (inputs.mode === "setup") return setUp(inputs, deps);
  const request = modeRequestOf(inputs);
  const pullRequest = await runPullRequest(request.mode, deps);
  const result: NotionEnvStatusResult = {
    mode: inputs.mode,
    environment: inputs.environment,
    ...(await updateBoard(inputs, request, { pullRequest }, deps)),
  };
  if (inputs.comment) result.comment = await updateStickyComment(result, deps.github, deps.log);
  return result;
}

/**
 * The runner variables a mode writes from (a row records the branch, commit and run). status and
 * sweep need none: they run anywhere.
 */
function neededRunVariables(
  mode: NotionEnvStatusInputs["mode"],
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
