import { addDeploymentStatus, createDeployment } from "./deployments.js";
import type {
  Actor,
  ActorInput,
  ChangedFile,
  ChangeType,
  Commit,
  CommitStatus,
  Deployment,
  DeploymentStatusState,
  Issue,
  IssueStateReason,
  PullRequest,
  PullRequestState,
  Release,
  Repository,
  Review,
  ReviewState,
  TimeInput,
  WorkflowRun,
  WorkflowRunConclusion,
  WorkflowRunStatus,
} from "./model.js";
import type { GitHubStore } from "./store.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface SeedRepository {
  owner: string;
  name: string;
  defaultBranch?: string;
  private?: boolean;
  createdAt?: TimeInput;
}

export function seedRepository(store: GitHubStore, options: SeedRepository): Repository {
  const id = store.nextId();
  const createdAt = store.time(options.createdAt, store.now() - 365 * 24 * HOUR);
  const repo: Repository = {
    __typename: "Repository",
    id,
    nodeId: "",
    owner: store.actor(options.owner),
    name: options.name,
    defaultBranch: options.defaultBranch ?? "main",
    private: options.private ?? false,
    createdAt,
    commits: new Map(),
    branches: new Map(),
    tags: new Map(),
    pullRequests: new Map(),
    issues: new Map(),
    nextNumber: 1,
    labels: new Map(),
    comments: [],
    deployments: [],
    workflows: [],
    workflowRuns: [],
    releases: [],
    commitStatuses: [],
  };
  repo.nodeId = store.nodeId("R", id, repo);
  store.addRepository(repo);
  store.addCommit(repo, { parents: [], message: "Initial commit", date: createdAt, branch: repo.defaultBranch });
  return repo;
}

export interface SeedCommit extends RepoRef {
  /** Branch to commit on (default: the default branch); created from the default branch when new. */
  branch?: string;
  message?: string;
  /** Explicit parents instead of the branch tip (e.g. two for a merge commit). */
  parents?: string[];
  committedDate?: TimeInput;
  authoredDate?: TimeInput;
  author?: ActorInput;
  oid?: string;
}

export function seedCommit(store: GitHubStore, options: SeedCommit): Commit {
  const repo = store.requireRepository(options.owner, options.repo);
  const branch = options.branch ?? repo.defaultBranch;
  const date = store.time(options.committedDate, store.now());
  return store.addCommit(repo, {
    parents: options.parents ?? [store.branchTip(repo, branch)],
    message: options.message ?? "Update",
    date,
    authoredDate: store.time(options.authoredDate, date),
    ...(options.author === undefined ? {} : { author: store.actor(options.author) }),
    ...(options.oid === undefined ? {} : { oid: options.oid }),
    branch,
  });
}

export interface SeedPullRequestCommit {
  message?: string;
  authoredDate?: TimeInput;
  committedDate?: TimeInput;
  oid?: string;
}

export interface SeedReview {
  author: ActorInput;
  state?: ReviewState;
  submittedAt?: TimeInput;
  body?: string;
}

export interface SeedPullRequest extends RepoRef {
  number?: number;
  title?: string;
  body?: string;
  /** A login (`name[bot]` logins are bots) or `{ login, type }`; default "octocat". */
  author?: ActorInput;
  /** Default: MERGED when `mergedAt` is given, CLOSED when `closedAt` is, else OPEN. */
  state?: PullRequestState;
  draft?: boolean;
  createdAt?: TimeInput;
  updatedAt?: TimeInput;
  mergedAt?: TimeInput;
  closedAt?: TimeInput;
  baseRefName?: string;
  headRefName?: string;
  labels?: string[];
  /** The pull request's commits (oldest first), or how many to generate (default 1). */
  commits?: number | SeedPullRequestCommit[];
  reviews?: SeedReview[];
  files?: (string | { path: string; additions?: number; deletions?: number; changeType?: ChangeType })[];
  /**
   * How a merged pull request lands on the base branch (default "merge": a two-parent merge commit;
   * "squash": one new commit; "rebase": a copy of each commit, the last one being the merge commit).
   */
  mergeMethod?: "merge" | "squash" | "rebase";
  mergeCommitOid?: string;
}

export function seedPullRequest(store: GitHubStore, options: SeedPullRequest): PullRequest {
  const repo = store.requireRepository(options.owner, options.repo);
  const number = takeNumber(repo, options.number);
  const createdAt = store.time(options.createdAt, store.now());
  const state: PullRequestState =
    options.state ?? (options.mergedAt !== undefined ? "MERGED" : options.closedAt !== undefined ? "CLOSED" : "OPEN");
  const mergedAt = state === "MERGED" ? store.time(options.mergedAt ?? options.closedAt, createdAt + HOUR) : null;
  const closedAt = state === "OPEN" ? null : store.time(options.closedAt, mergedAt ?? createdAt + HOUR);
  if ((closedAt ?? createdAt) < createdAt) {
    throw new Error(`GitHubFake: pull request #${number} would be closed or merged before it was created`);
  }
  const updatedAt = store.time(options.updatedAt, Math.max(createdAt, closedAt ?? createdAt));
  const baseRefName = options.baseRefName ?? repo.defaultBranch;
  const headRefName = options.headRefName ?? `feature/pr-${number}`;
  const author = store.actor(options.author ?? "octocat");

  const baseRefOid = store.branchTip(repo, baseRefName);
  const commitSpecs =
    typeof options.commits === "number" || options.commits === undefined
      ? Array.from({ length: options.commits ?? 1 }, (): SeedPullRequestCommit => ({}))
      : options.commits;
  let parent = baseRefOid;
  const commits = commitSpecs.map((spec, index) => {
    const date = store.time(spec.committedDate, createdAt - (commitSpecs.length - index) * 10 * MINUTE);
    const commit = store.addCommit(repo, {
      parents: [parent],
      message: spec.message ?? `Change ${index + 1} for #${number}`,
      date,
      authoredDate: store.time(spec.authoredDate, date),
      author,
      ...(spec.oid === undefined ? {} : { oid: spec.oid }),
    });
    parent = commit.oid;
    return commit.oid;
  });
  const headRefOid = commits.at(-1) ?? baseRefOid;
  repo.branches.set(headRefName, headRefOid);

  let mergeCommitOid: string | null = null;
  let landedCommits: string[] = [];
  if (mergedAt !== null) {
    landedCommits = landOnBase(store, repo, {
      method: options.mergeMethod ?? "merge",
      base: baseRefName,
      head: headRefOid,
      commits,
      number,
      title: options.title ?? `Pull request ${number}`,
      headRefName,
      mergedAt,
      author,
      ...(options.mergeCommitOid === undefined ? {} : { oid: options.mergeCommitOid }),
    });
    mergeCommitOid = landedCommits.at(-1) ?? null;
  }

  for (const name of options.labels ?? []) store.label(repo, name);
  const id = store.nextId();
  const pull: PullRequest = {
    __typename: "PullRequest",
    repo,
    id,
    nodeId: "",
    number,
    title: options.title ?? `Pull request ${number}`,
    body: options.body ?? "",
    author,
    state,
    draft: options.draft ?? false,
    createdAt,
    updatedAt,
    closedAt,
    mergedAt,
    baseRefName,
    headRefName,
    baseRefOid,
    headRefOid,
    commits,
    mergeCommitOid,
    landedCommits,
    labels: options.labels ?? [],
    reviews: (options.reviews ?? []).map((review) => seedReview(store, review, createdAt)),
    files: (options.files ?? []).map(changedFile),
  };
  pull.nodeId = store.nodeId("PR", id, pull);
  repo.pullRequests.set(number, pull);
  return pull;
}

/**
 * Puts a merged pull request on its base branch as GitHub's three merge methods do; returns the new
 * commits on the base branch, oldest first.
 */
function landOnBase(
  store: GitHubStore,
  repo: Repository,
  merge: {
    method: "merge" | "squash" | "rebase";
    base: string;
    head: string;
    commits: string[];
    number: number;
    title: string;
    headRefName: string;
    mergedAt: number;
    author: Actor;
    oid?: string;
  },
): string[] {
  const baseTip = store.branchTip(repo, merge.base);
  const land = (parents: string[], message: string, oid?: string) =>
    store.addCommit(repo, {
      parents,
      message,
      date: merge.mergedAt,
      author: merge.author,
      ...(oid === undefined ? {} : { oid }),
      branch: merge.base,
    }).oid;
  switch (merge.method) {
    case "squash":
      return [land([baseTip], `${merge.title} (#${merge.number})`, merge.oid)];
    case "rebase": {
      let parent = baseTip;
      return merge.commits.map((original, index) => {
        const message = repo.commits.get(original)?.message ?? merge.title;
        const last = index === merge.commits.length - 1;
        parent = land([parent], message, last ? merge.oid : undefined);
        return parent;
      });
    }
    default:
      return [
        land(
          [baseTip, merge.head],
          `Merge pull request #${merge.number} from ${repo.owner.login}/${merge.headRefName}`,
          merge.oid,
        ),
      ];
  }
}

export interface SeedPullRequests extends RepoRef {
  /** Creation time of the first pull request (default: `count * intervalMs` before the clock's now). */
  start?: TimeInput;
  /** Time between consecutive pull requests (default 1 hour). */
  intervalMs?: number;
  /** Creation to merge (default 2 hours). */
  leadTimeMs?: number;
  /** Default MERGED. */
  state?: PullRequestState;
  /** Per-pull-request overrides, e.g. labels on every tenth. */
  overrides?: (index: number) => Partial<SeedPullRequest>;
}

/** Seeds `count` pull requests created `intervalMs` apart; for pagination and metrics tests. */
export function seedPullRequests(store: GitHubStore, count: number, options: SeedPullRequests): PullRequest[] {
  const interval = options.intervalMs ?? HOUR;
  const leadTime = options.leadTimeMs ?? 2 * HOUR;
  const start = store.time(options.start, store.now() - count * interval);
  const state = options.state ?? "MERGED";
  return Array.from({ length: count }, (_, index) => {
    const createdAt = start + index * interval;
    return seedPullRequest(store, {
      owner: options.owner,
      repo: options.repo,
      state,
      createdAt,
      ...(state === "MERGED" ? { mergedAt: createdAt + leadTime } : {}),
      ...(state === "CLOSED" ? { closedAt: createdAt + leadTime } : {}),
      ...options.overrides?.(index),
    });
  });
}

export interface SeedIssue extends RepoRef {
  number?: number;
  title?: string;
  body?: string;
  author?: ActorInput;
  state?: "OPEN" | "CLOSED";
  /** Default: COMPLETED when closed. NOT_PLANNED and DUPLICATE are "closed as not planned" in the UI. */
  stateReason?: IssueStateReason;
  createdAt?: TimeInput;
  closedAt?: TimeInput;
  labels?: string[];
}

export function seedIssue(store: GitHubStore, options: SeedIssue): Issue {
  const repo = store.requireRepository(options.owner, options.repo);
  const number = takeNumber(repo, options.number);
  const createdAt = store.time(options.createdAt, store.now());
  const state = options.state ?? (options.closedAt === undefined ? "OPEN" : "CLOSED");
  const closedAt = state === "CLOSED" ? store.time(options.closedAt, createdAt) : null;
  for (const name of options.labels ?? []) store.label(repo, name);
  const id = store.nextId();
  const issue: Issue = {
    __typename: "Issue",
    repo,
    id,
    nodeId: "",
    number,
    title: options.title ?? `Issue ${number}`,
    body: options.body ?? "",
    author: store.actor(options.author ?? "octocat"),
    state,
    stateReason: options.stateReason ?? (state === "CLOSED" ? "COMPLETED" : null),
    createdAt,
    updatedAt: closedAt ?? createdAt,
    closedAt,
    labels: options.labels ?? [],
  };
  issue.nodeId = store.nodeId("I", id, issue);
  repo.issues.set(number, issue);
  return issue;
}

export interface SeedDeployment extends RepoRef {
  /** Branch, tag or SHA (default: the default branch). */
  ref?: string;
  environment?: string;
  task?: string;
  description?: string;
  payload?: unknown;
  transientEnvironment?: boolean;
  productionEnvironment?: boolean;
  creator?: ActorInput;
  createdAt?: TimeInput;
  /** Statuses, oldest first; each defaults to one minute after the previous. */
  statuses?: {
    state: DeploymentStatusState;
    createdAt?: TimeInput;
    description?: string;
    logUrl?: string;
    environmentUrl?: string;
  }[];
}

export function seedDeployment(store: GitHubStore, options: SeedDeployment): Deployment {
  const repo = store.requireRepository(options.owner, options.repo);
  const ref = options.ref ?? repo.defaultBranch;
  const creator = store.actor(options.creator ?? "github-actions[bot]");
  const createdAt = store.time(options.createdAt, store.now());
  const deployment = createDeployment(store, repo, {
    sha: store.requireCommit(repo, ref).oid,
    ref,
    environment: options.environment,
    task: options.task,
    payload: options.payload,
    description: options.description,
    transientEnvironment: options.transientEnvironment,
    productionEnvironment: options.productionEnvironment,
    creator,
    createdAt,
  });
  let at = createdAt;
  for (const status of options.statuses ?? []) {
    at = store.time(status.createdAt, at + MINUTE);
    addDeploymentStatus(store, deployment, {
      state: status.state,
      description: status.description,
      logUrl: status.logUrl,
      environmentUrl: status.environmentUrl,
      creator,
      createdAt: at,
    });
  }
  return deployment;
}

export interface SeedWorkflowRun extends RepoRef {
  /** The workflow file name, e.g. "deploy.yml" (default "ci.yml"). */
  workflow?: string;
  /** Workflow display name (default: the file name without extension). */
  name?: string;
  headBranch?: string;
  /** Default: the tip of `headBranch`. */
  headSha?: string;
  event?: string;
  status?: WorkflowRunStatus;
  /** Default "success" for completed runs, null otherwise. */
  conclusion?: WorkflowRunConclusion | null;
  actor?: ActorInput;
  createdAt?: TimeInput;
  updatedAt?: TimeInput;
  displayTitle?: string;
}

export function seedWorkflowRun(store: GitHubStore, options: SeedWorkflowRun): WorkflowRun {
  const repo = store.requireRepository(options.owner, options.repo);
  const file = options.workflow ?? "ci.yml";
  const path = `.github/workflows/${file}`;
  let workflow = repo.workflows.find((candidate) => candidate.path === path);
  if (workflow === undefined) {
    const workflowId = store.nextId();
    workflow = {
      id: workflowId,
      nodeId: store.nodeId("W", workflowId),
      name: options.name ?? file.replace(/\.ya?ml$/, ""),
      path,
    };
    repo.workflows.push(workflow);
  }
  const headBranch = options.headBranch ?? repo.defaultBranch;
  const status = options.status ?? "completed";
  const createdAt = store.time(options.createdAt, store.now());
  const id = store.nextId();
  const run: WorkflowRun = {
    repo,
    workflow,
    id,
    nodeId: store.nodeId("WFR", id),
    name: workflow.name,
    displayTitle: options.displayTitle ?? workflow.name,
    runNumber: repo.workflowRuns.filter((other) => other.workflow === workflow).length + 1,
    runAttempt: 1,
    event: options.event ?? "push",
    status,
    conclusion: options.conclusion !== undefined ? options.conclusion : status === "completed" ? "success" : null,
    headBranch,
    headSha: options.headSha ?? store.branchTip(repo, headBranch),
    actor: store.actor(options.actor ?? "octocat"),
    createdAt,
    updatedAt: store.time(options.updatedAt, createdAt + 5 * MINUTE),
    runStartedAt: createdAt,
  };
  repo.workflowRuns.push(run);
  return run;
}

export interface SeedRelease extends RepoRef {
  tagName: string;
  /** Branch or SHA the tag points at (default: the default branch). */
  targetCommitish?: string;
  name?: string;
  body?: string;
  draft?: boolean;
  prerelease?: boolean;
  author?: ActorInput;
  createdAt?: TimeInput;
  publishedAt?: TimeInput;
}

export function seedRelease(store: GitHubStore, options: SeedRelease): Release {
  const repo = store.requireRepository(options.owner, options.repo);
  const target = options.targetCommitish ?? repo.defaultBranch;
  if (!repo.tags.has(options.tagName)) repo.tags.set(options.tagName, store.requireCommit(repo, target).oid);
  const createdAt = store.time(options.createdAt, store.now());
  const draft = options.draft ?? false;
  const id = store.nextId();
  const release: Release = {
    __typename: "Release",
    repo,
    id,
    nodeId: "",
    tagName: options.tagName,
    targetCommitish: target,
    name: options.name ?? options.tagName,
    body: options.body ?? null,
    draft,
    prerelease: options.prerelease ?? false,
    author: store.actor(options.author ?? "octocat"),
    createdAt,
    publishedAt: draft ? null : store.time(options.publishedAt, createdAt),
  };
  release.nodeId = store.nodeId("RE", id, release);
  repo.releases.push(release);
  return release;
}

export interface SeedCommitStatus extends RepoRef {
  /** Branch, tag or SHA. */
  ref: string;
  context: string;
  state: CommitStatus["state"];
  createdAt?: TimeInput;
}

export function seedCommitStatus(store: GitHubStore, options: SeedCommitStatus): CommitStatus {
  const repo = store.requireRepository(options.owner, options.repo);
  const status: CommitStatus = {
    sha: store.requireCommit(repo, options.ref).oid,
    context: options.context,
    state: options.state,
    createdAt: store.time(options.createdAt, store.now()),
  };
  repo.commitStatuses.push(status);
  return status;
}

function takeNumber(repo: Repository, requested: number | undefined): number {
  const number = requested ?? repo.nextNumber;
  if (repo.pullRequests.has(number) || repo.issues.has(number)) {
    throw new Error(`GitHubFake: #${number} already exists in ${repo.name}`);
  }
  repo.nextNumber = Math.max(repo.nextNumber, number + 1);
  return number;
}

function seedReview(store: GitHubStore, review: SeedReview, createdAt: number): Review {
  const id = store.nextId();
  const record: Review = {
    __typename: "PullRequestReview",
    id,
    nodeId: "",
    author: store.actor(review.author),
    state: review.state ?? "APPROVED",
    body: review.body ?? "",
    submittedAt: store.time(review.submittedAt, createdAt + 30 * MINUTE),
  };
  record.nodeId = store.nodeId("PRR", id, record);
  return record;
}

function changedFile(
  file: string | { path: string; additions?: number; deletions?: number; changeType?: ChangeType },
): ChangedFile {
  const spec = typeof file === "string" ? { path: file } : file;
  return {
    __typename: "PullRequestChangedFile",
    path: spec.path,
    additions: spec.additions ?? 1,
    deletions: spec.deletions ?? 0,
    changeType: spec.changeType ?? "MODIFIED",
  };
}
