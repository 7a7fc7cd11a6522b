/**
 * The GitHub fake's in-memory data. Records are plain objects; `__typename` names the GraphQL
 * type so abstract fields (Actor, SearchResultItem, Node) resolve without extra bookkeeping.
 * Times are epoch milliseconds; renderers format them as GitHub does (`2026-11-25T00:00:00Z`).
 */

export type ActorType = "User" | "Bot";

export interface Actor {
  __typename: ActorType;
  id: number;
  nodeId: string;
  login: string;
}

/** A login, or a login with its account type (bots are `name[bot]`, type "Bot"). */
export type ActorInput = string | { login: string; type?: ActorType };

export interface Commit {
  __typename: "Commit";
  oid: string;
  parents: string[];
  message: string;
  authoredDate: number;
  committedDate: number;
  author: Actor;
}

export interface Label {
  __typename: "Label";
  id: number;
  nodeId: string;
  name: string;
  color: string;
  description: string | null;
}

export type ReviewState = "PENDING" | "COMMENTED" | "APPROVED" | "CHANGES_REQUESTED" | "DISMISSED";

export interface Review {
  __typename: "PullRequestReview";
  id: number;
  nodeId: string;
  author: Actor;
  state: ReviewState;
  body: string;
  submittedAt: number;
}

export type ChangeType = "ADDED" | "CHANGED" | "COPIED" | "DELETED" | "MODIFIED" | "RENAMED";

export interface ChangedFile {
  __typename: "PullRequestChangedFile";
  path: string;
  additions: number;
  deletions: number;
  changeType: ChangeType;
}

export type PullRequestState = "OPEN" | "CLOSED" | "MERGED";

export interface PullRequest {
  __typename: "PullRequest";
  repo: Repository;
  id: number;
  nodeId: string;
  number: number;
  title: string;
  body: string;
  author: Actor;
  state: PullRequestState;
  draft: boolean;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  mergedAt: number | null;
  baseRefName: string;
  headRefName: string;
  /** The base branch tip when the pull request was opened. */
  baseRefOid: string;
  headRefOid: string;
  /** The pull request's own commits, oldest first. */
  commits: string[];
  /** What the merge put on the base branch ("merge commit" in GitHub's sense, the last rebased commit for a rebase). */
  mergeCommitOid: string | null;
  /** Every commit the merge put on the base branch: the merge or squash commit, or each rebased commit. */
  landedCommits: string[];
  labels: string[];
  reviews: Review[];
  files: ChangedFile[];
}

export interface Issue {
  __typename: "Issue";
  repo: Repository;
  id: number;
  nodeId: string;
  number: number;
  title: string;
  body: string;
  author: Actor;
  state: "OPEN" | "CLOSED";
  /** Why it is closed (GraphQL `IssueStateReason`); null while open and never closed. */
  stateReason: IssueStateReason | null;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  labels: string[];
}

export type IssueStateReason = "COMPLETED" | "NOT_PLANNED" | "DUPLICATE" | "REOPENED";

export interface IssueComment {
  __typename: "IssueComment";
  repo: Repository;
  id: number;
  nodeId: string;
  issueNumber: number;
  body: string;
  user: Actor;
  createdAt: number;
  updatedAt: number;
  /** How the author relates to the repository (`MEMBER`…); default OWNER for the owner, else NONE. */
  association?: string;
}

/** REST spelling (lower case); GraphQL upper-cases it. */
export type DeploymentStatusState = "error" | "failure" | "inactive" | "in_progress" | "queued" | "pending" | "success";

export interface DeploymentStatus {
  __typename: "DeploymentStatus";
  deployment: Deployment;
  id: number;
  nodeId: string;
  state: DeploymentStatusState;
  description: string;
  environment: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  creator: Actor;
  createdAt: number;
  updatedAt: number;
}

export interface Deployment {
  __typename: "Deployment";
  repo: Repository;
  id: number;
  nodeId: string;
  sha: string;
  ref: string;
  task: string;
  payload: unknown;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  creator: Actor;
  createdAt: number;
  updatedAt: number;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  /** Oldest first. */
  statuses: DeploymentStatus[];
}

export interface Workflow {
  id: number;
  nodeId: string;
  name: string;
  /** `.github/workflows/<file>` */
  path: string;
}

export type WorkflowRunStatus = "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
export type WorkflowRunConclusion =
  | "success"
  | "failure"
  | "neutral"
  | "cancelled"
  | "skipped"
  | "timed_out"
  | "action_required"
  | "stale";

export interface WorkflowRun {
  repo: Repository;
  workflow: Workflow;
  id: number;
  nodeId: string;
  name: string;
  displayTitle: string;
  runNumber: number;
  runAttempt: number;
  event: string;
  status: WorkflowRunStatus;
  conclusion: WorkflowRunConclusion | null;
  headBranch: string;
  headSha: string;
  actor: Actor;
  createdAt: number;
  updatedAt: number;
  runStartedAt: number;
}

export interface Release {
  __typename: "Release";
  repo: Repository;
  id: number;
  nodeId: string;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  author: Actor;
  createdAt: number;
  publishedAt: number | null;
}

export interface CommitStatus {
  sha: string;
  context: string;
  state: "error" | "failure" | "pending" | "success";
  createdAt: number;
}

export interface Repository {
  __typename: "Repository";
  id: number;
  nodeId: string;
  owner: Actor;
  name: string;
  defaultBranch: string;
  private: boolean;
  createdAt: number;
  commits: Map<string, Commit>;
  branches: Map<string, string>;
  tags: Map<string, string>;
  pullRequests: Map<number, PullRequest>;
  issues: Map<number, Issue>;
  /** Issues and pull requests share one number sequence. */
  nextNumber: number;
  labels: Map<string, Label>;
  comments: IssueComment[];
  deployments: Deployment[];
  workflows: Workflow[];
  workflowRuns: WorkflowRun[];
  releases: Release[];
  commitStatuses: CommitStatus[];
}

/** GitHub's timestamp format: ISO 8601 in UTC without milliseconds. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function isoTimeOrNull(ms: number | null): string | null {
  return ms === null ? null : isoTime(ms);
}

/** A time given as a Date, ISO string or epoch milliseconds. */
export type TimeInput = Date | string | number;

export function toMillis(time: TimeInput): number {
  const ms = new Date(time).getTime();
  if (Number.isNaN(ms)) throw new Error(`Not a valid time: ${String(time)}`);
  return ms;
}

export function fullName(repo: Repository): string {
  return `${repo.owner.login}/${repo.name}`;
}
