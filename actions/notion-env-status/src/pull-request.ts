import { describeError, type Logger, logText, type PullRequestRef, type RunContext } from "@sre-actions/core";
import type { GitHubPort } from "./github.js";
import type { Mode } from "./inputs.js";

/** The PR from the event, else (with github-token) the open PR of the branch; lookups never fail the run. */
export async function runPullRequest(
  mode: Mode,
  deps: { context: RunContext; github: GitHubPort | undefined; log: Logger },
): Promise<PullRequestRef | undefined> {
  const { context, github, log } = deps;
  if (context.pullRequest !== undefined) return context.pullRequest;
  const needsLabels = mode === "deploy" || mode === "extend" || mode === "release";
  if (!needsLabels || github === undefined || context.branch === undefined) return undefined;
  try {
    const found = await github.findPullRequest(context.branch);
    if (found !== undefined) log.info(`Branch ${logText(context.branch)} has pull request #${found.number}`);
    return found;
  } catch (error) {
    log.warning(`Could not look up the pull request of ${logText(context.branch)}: ${logText(describeError(error))}`);
    return undefined;
  }
}
