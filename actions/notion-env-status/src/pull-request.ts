import { describeError } from "@sre-actions/core";
import type { PullRequestRef, RunContext } from "./context.js";
import type { ActionInputs } from "./inputs.js";
import type { RunDeps } from "./run.js";

/** The PR from the event, else (with github-token) the open PR of the branch; lookups never fail the run. */
export async function runPullRequest(
  inputs: ActionInputs,
  context: RunContext,
  deps: RunDeps,
): Promise<PullRequestRef | undefined> {
  if (context.pullRequest !== undefined) return context.pullRequest;
  const needsLabels = inputs.mode === "deploy" || inputs.mode === "extend" || inputs.mode === "release";
  if (!needsLabels || deps.github === undefined || context.branch === undefined) return undefined;
  try {
    const found = await deps.github.findPullRequest(context.branch);
    if (found !== undefined) deps.log.info(`Branch ${context.branch} has pull request #${found.number}`);
    return found;
  } catch (error) {
    deps.log.warning(`Could not look up the pull request of ${context.branch}: ${describeError(error)}`);
    return undefined;
  }
}
