export { GitHubApiError } from "./errors.js";
export { GitHubFake, type GitHubFakeOptions, type SecondaryRateLimitOptions } from "./fake.js";
/** Record types of the fake's in-memory model (`GitHubModel.PullRequest`, …), namespaced to avoid clashes. */
export type * as GitHubModel from "./model.js";
export type { RateLimitResource } from "./rate-limit.js";
export type { SeedIssueComment } from "./rest/reactions.js";
export type {
  SeedCommit,
  SeedCommitStatus,
  SeedDeployment,
  SeedIssue,
  SeedPullRequest,
  SeedPullRequests,
  SeedRelease,
  SeedRepository,
  SeedWorkflowRun,
} from "./seed.js";
