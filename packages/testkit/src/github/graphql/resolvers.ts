import type { GraphQLFieldResolver, GraphQLResolveInfo } from "graphql";
import { deploymentState } from "../deployments.js";
import { ancestors, resolveRef } from "../git.js";
import {
  type Actor,
  type Commit,
  type Deployment,
  type DeploymentStatus,
  fullName,
  type Issue,
  type IssueComment,
  isoTime,
  isoTimeOrNull,
  type Label,
  type PullRequest,
  type Release,
  type Repository,
  type Review,
} from "../model.js";
import type { GitHubStore } from "../store.js";
import { type ConnectionArgs, connection } from "./connection.js";
import { GitHubGraphQLError } from "./errors.js";
import { parseIssueSearch, type SearchItem } from "./search.js";

const WEB = "https://github.com";
/** GitHub's documented search cap: at most 1,000 results can be paged through. */
export const SEARCH_RESULT_LIMIT = 1000;

export interface RateLimitView {
  cost: number;
  limit: number;
  remaining: number;
  used: number;
  resetAt: string;
  nodeCount: number;
}

export interface GraphQLContext {
  store: GitHubStore;
  viewer: Actor;
  rateLimit: RateLimitView;
}

type Args = Record<string, unknown>;
type Resolver<S> = (source: S, args: Args, context: GraphQLContext, info: GraphQLResolveInfo) => unknown;
type ResolverMap = Record<string, Resolver<never>>;

/** A git ref as GraphQL sees it; only branches are modeled. */
interface RefView {
  __typename: "Ref";
  repo: Repository;
  name: string;
}

interface PullRequestCommitView {
  pullRequest: PullRequest;
  commit: Commit;
}

const iso = (ms: number) => isoTime(ms);
const string = (value: unknown) => (typeof value === "string" ? value : undefined);
const strings = (value: unknown) => (Array.isArray(value) ? value.map(String) : undefined);
const order = (value: unknown) => {
  const orderBy = value as { field?: string; direction?: string } | null | undefined;
  return { field: orderBy?.field ?? "CREATED_AT", direction: orderBy?.direction === "DESC" ? -1 : 1 };
};

function branchRef(repo: Repository, name: string): RefView | null {
  const short = name.replace(/^refs\/heads\//, "");
  return repo.branches.has(short) ? { __typename: "Ref", repo, name: short } : null;
}

function notFound(message: string): GitHubGraphQLError {
  return new GitHubGraphQLError(message, "NOT_FOUND");
}

function byCreated<T extends { createdAt: number; id: number }>(direction: number) {
  return (a: T, b: T) => direction * (a.createdAt - b.createdAt || a.id - b.id);
}

const Query = {
  repository: (_: unknown, args: Args, context: GraphQLContext) => {
    const owner = String(args["owner"]);
    const name = String(args["name"]);
    const repo = context.store.repository(owner, name);
    if (repo === undefined) throw notFound(`Could not resolve to a Repository with the name '${owner}/${name}'.`);
    return repo;
  },
  search: (_: unknown, args: Args, context: GraphQLContext, info: GraphQLResolveInfo) => {
    if (args["type"] !== "ISSUE") throw new Error(`GitHubFake does not model search of type ${String(args["type"])}`);
    const search = parseIssueSearch(String(args["query"]));
    const items: SearchItem[] = [];
    for (const repo of context.store.allRepositories()) {
      for (const item of repo.pullRequests.values()) if (search.matches(item)) items.push(item);
      for (const item of repo.issues.values()) if (search.matches(item)) items.push(item);
    }
    items.sort(search.compare);
    const page = connection(items, args as ConnectionArgs, info, { available: SEARCH_RESULT_LIMIT });
    return { ...page, issueCount: items.length, repositoryCount: 0, userCount: 0, discussionCount: 0, codeCount: 0 };
  },
  /** The account owning repositories (repositories of an organisation are seeded under its login). */
  repositoryOwner: (_: unknown, args: Args, context: GraphQLContext) => {
    const login = String(args["login"]).toLowerCase();
    return context.store.allRepositories().find((repo) => repo.owner.login.toLowerCase() === login)?.owner ?? null;
  },
  rateLimit: (_: unknown, _args: Args, context: GraphQLContext) => context.rateLimit,
  viewer: (_: unknown, _args: Args, context: GraphQLContext) => context.viewer,
  node: (_: unknown, args: Args, context: GraphQLContext) => {
    const node = context.store.node(String(args["id"]));
    if (node === undefined) throw notFound(`Could not resolve to a node with the global id of '${String(args["id"])}'`);
    return node;
  },
};

const RepositoryResolvers = {
  id: (repo: Repository) => repo.nodeId,
  databaseId: (repo: Repository) => repo.id,
  nameWithOwner: (repo: Repository) => fullName(repo),
  url: (repo: Repository) => `${WEB}/${fullName(repo)}`,
  isPrivate: (repo: Repository) => repo.private,
  createdAt: (repo: Repository) => iso(repo.createdAt),
  defaultBranchRef: (repo: Repository) => branchRef(repo, repo.defaultBranch),
  ref: (repo: Repository, args: Args) => branchRef(repo, String(args["qualifiedName"])),
  object: (repo: Repository, args: Args) => {
    const ref = string(args["oid"]) ?? string(args["expression"])?.split(":")[0];
    return ref === undefined ? null : (resolveRef(repo, ref) ?? null);
  },
  pullRequest: (repo: Repository, args: Args) => {
    const pull = repo.pullRequests.get(Number(args["number"]));
    if (pull === undefined)
      throw notFound(`Could not resolve to a PullRequest with the number of ${String(args["number"])}.`);
    return pull;
  },
  issue: (repo: Repository, args: Args) => {
    const issue = repo.issues.get(Number(args["number"]));
    if (issue === undefined)
      throw notFound(`Could not resolve to an Issue with the number of ${String(args["number"])}.`);
    return issue;
  },
  pullRequests: (repo: Repository, args: Args, _context: GraphQLContext, info: GraphQLResolveInfo) => {
    const states = strings(args["states"]);
    const labels = strings(args["labels"])?.map((label) => label.toLowerCase());
    const base = string(args["baseRefName"]);
    const head = string(args["headRefName"]);
    const { field, direction } = order(args["orderBy"]);
    if (field === "COMMENTS") throw new Error("GitHubFake does not model ordering pull requests by COMMENTS");
    const key = field === "UPDATED_AT" ? "updatedAt" : "createdAt";
    const pulls = [...repo.pullRequests.values()]
      .filter(
        (pull) =>
          (states === undefined || states.includes(pull.state)) &&
          (labels === undefined || pull.labels.some((label) => labels.includes(label.toLowerCase()))) &&
          (base === undefined || pull.baseRefName === base) &&
          (head === undefined || pull.headRefName === head),
      )
      .sort((a, b) => direction * (a[key] - b[key] || a.number - b.number));
    return connection(pulls, args as ConnectionArgs, info);
  },
  deployments: (repo: Repository, args: Args, _context: GraphQLContext, info: GraphQLResolveInfo) => {
    const environments = strings(args["environments"]);
    const deployments = repo.deployments
      .filter((deployment) => environments === undefined || environments.includes(deployment.environment))
      .sort(byCreated(order(args["orderBy"]).direction));
    return connection(deployments, args as ConnectionArgs, info);
  },
  // GitHub creates an environment on the first deployment to it; the fake derives them from deployments.
  environments: (repo: Repository, args: Args, _context: GraphQLContext, info: GraphQLResolveInfo) => {
    const wanted = strings(args["names"]) ?? [];
    const names = [...new Set(repo.deployments.flatMap((d) => [d.originalEnvironment, d.environment]))]
      .filter((name) => wanted.length === 0 || wanted.includes(name))
      .sort((a, b) => a.localeCompare(b));
    const environments = names.map((name) => ({
      __typename: "Environment",
      id: `EN_${Buffer.from(`${repo.nodeId}:${name}`).toString("base64url")}`,
      name,
    }));
    return connection(environments, args as ConnectionArgs, info);
  },
  releases: (repo: Repository, args: Args, _context: GraphQLContext, info: GraphQLResolveInfo) => {
    const releases = [...repo.releases].sort(byCreated(order(args["orderBy"]).direction));
    return connection(releases, args as ConnectionArgs, info);
  },
  labels: (repo: Repository, args: Args, _context: GraphQLContext, info: GraphQLResolveInfo) =>
    connection([...repo.labels.values()], args as ConnectionArgs, info),
};

const RefResolvers = {
  id: (ref: RefView) => `REF_${Buffer.from(`${ref.repo.nodeId}:${ref.name}`).toString("base64url")}`,
  prefix: () => "refs/heads/",
  target: (ref: RefView) => resolveRef(ref.repo, ref.name) ?? null,
  repository: (ref: RefView) => ref.repo,
};

function gitActor(commit: Commit, date: number) {
  return {
    name: commit.author.login,
    email: `${commit.author.id}+${commit.author.login}@users.noreply.github.com`,
    date: iso(date),
    user: commit.author,
  };
}

function repositoryOfCommit(context: GraphQLContext, commit: Commit): Repository | undefined {
  return context.store.allRepositories().find((repo) => repo.commits.get(commit.oid) === commit);
}

const CommitResolvers = {
  id: (commit: Commit) => `C_${commit.oid}`,
  abbreviatedOid: (commit: Commit) => commit.oid.slice(0, 7),
  messageHeadline: (commit: Commit) => commit.message.split("\n")[0] ?? "",
  messageBody: (commit: Commit) => commit.message.split("\n").slice(1).join("\n").trim(),
  authoredDate: (commit: Commit) => iso(commit.authoredDate),
  committedDate: (commit: Commit) => iso(commit.committedDate),
  author: (commit: Commit) => gitActor(commit, commit.authoredDate),
  committer: (commit: Commit) => gitActor(commit, commit.committedDate),
  url: (commit: Commit, _args: Args, context: GraphQLContext) => {
    const repo = repositoryOfCommit(context, commit);
    return `${WEB}/${repo === undefined ? "" : fullName(repo)}/commit/${commit.oid}`;
  },
  parents: (commit: Commit, args: Args, context: GraphQLContext, info: GraphQLResolveInfo) => {
    const repo = repositoryOfCommit(context, commit);
    const parents = commit.parents.flatMap((oid) => repo?.commits.get(oid) ?? []);
    return connection(parents, args as ConnectionArgs, info);
  },
  history: (commit: Commit, args: Args, context: GraphQLContext, info: GraphQLResolveInfo) => {
    const repo = repositoryOfCommit(context, commit);
    if (repo === undefined) return connection([], args as ConnectionArgs, info);
    const history = [...ancestors(repo, commit.oid)]
      .flatMap((oid) => repo.commits.get(oid) ?? [])
      .sort((a, b) => b.committedDate - a.committedDate);
    return connection(history, args as ConnectionArgs, info);
  },
  /**
   * As documented: the merged pull request that introduced the commit (its merge, squash or rebased
   * commit, or one of its own commits); for a commit not on the default branch, open pull requests
   * holding it too. Closed unmerged pull requests never. Ordered by `orderBy` (default CREATED_AT ASC).
   */
  associatedPullRequests: (commit: Commit, args: Args, context: GraphQLContext, info: GraphQLResolveInfo) => {
    const repo = repositoryOfCommit(context, commit);
    if (repo === undefined) return connection([], args as ConnectionArgs, info);
    const tip = repo.branches.get(repo.defaultBranch);
    const onDefaultBranch = tip !== undefined && ancestors(repo, tip).has(commit.oid);
    const { field, direction } = order(args["orderBy"]);
    const key = field === "UPDATED_AT" ? "updatedAt" : "createdAt";
    const pulls = [...repo.pullRequests.values()]
      .filter((pull) => pull.landedCommits.includes(commit.oid) || pull.commits.includes(commit.oid))
      .filter((pull) => pull.state === "MERGED" || (pull.state === "OPEN" && !onDefaultBranch))
      .sort((a, b) => direction * (a[key] - b[key] || a.number - b.number));
    return connection(pulls, args as ConnectionArgs, info);
  },
};

const PullRequestResolvers = {
  id: (pull: PullRequest) => pull.nodeId,
  databaseId: (pull: PullRequest) => pull.id,
  url: (pull: PullRequest) => `${WEB}/${fullName(pull.repo)}/pull/${pull.number}`,
  permalink: (pull: PullRequest) => `${WEB}/${fullName(pull.repo)}/pull/${pull.number}`,
  resourcePath: (pull: PullRequest) => `/${fullName(pull.repo)}/pull/${pull.number}`,
  createdAt: (pull: PullRequest) => iso(pull.createdAt),
  updatedAt: (pull: PullRequest) => iso(pull.updatedAt),
  closedAt: (pull: PullRequest) => isoTimeOrNull(pull.closedAt),
  mergedAt: (pull: PullRequest) => isoTimeOrNull(pull.mergedAt),
  merged: (pull: PullRequest) => pull.mergedAt !== null,
  closed: (pull: PullRequest) => pull.state !== "OPEN",
  isDraft: (pull: PullRequest) => pull.draft,
  mergeCommit: (pull: PullRequest) =>
    pull.mergeCommitOid === null ? null : (pull.repo.commits.get(pull.mergeCommitOid) ?? null),
  baseRef: (pull: PullRequest) => branchRef(pull.repo, pull.baseRefName),
  headRef: (pull: PullRequest) => branchRef(pull.repo, pull.headRefName),
  repository: (pull: PullRequest) => pull.repo,
  additions: (pull: PullRequest) => pull.files.reduce((sum, file) => sum + file.additions, 0),
  deletions: (pull: PullRequest) => pull.files.reduce((sum, file) => sum + file.deletions, 0),
  changedFiles: (pull: PullRequest) => pull.files.length,
  labels: (pull: PullRequest, args: Args, context: GraphQLContext, info: GraphQLResolveInfo) =>
    connection(
      pull.labels.map((name) => context.store.label(pull.repo, name)),
      args as ConnectionArgs,
      info,
    ),
  commits: (pull: PullRequest, args: Args, _context: GraphQLContext, info: GraphQLResolveInfo) => {
    const commits = pull.commits.flatMap((oid): PullRequestCommitView[] => {
      const commit = pull.repo.commits.get(oid);
      return commit === undefined ? [] : [{ pullRequest: pull, commit }];
    });
    return connection(commits, args as ConnectionArgs, info);
  },
  reviews: (pull: PullRequest, args: Args, _context: GraphQLContext, info: GraphQLResolveInfo) => {
    const states = strings(args["states"]);
    const author = string(args["author"]);
    const reviews = pull.reviews.filter(
      (review) =>
        (states === undefined || states.includes(review.state)) &&
        (author === undefined || review.author.login === author),
    );
    return connection(reviews, args as ConnectionArgs, info);
  },
  files: (pull: PullRequest, args: Args, _context: GraphQLContext, info: GraphQLResolveInfo) =>
    connection(pull.files, args as ConnectionArgs, info),
  comments: (pull: PullRequest, args: Args, _context: GraphQLContext, info: GraphQLResolveInfo) =>
    connection(
      pull.repo.comments.filter((comment) => comment.issueNumber === pull.number),
      args as ConnectionArgs,
      info,
    ),
  totalCommentsCount: (pull: PullRequest) =>
    pull.repo.comments.filter((comment) => comment.issueNumber === pull.number).length,
};

const IssueResolvers = {
  id: (issue: Issue) => issue.nodeId,
  databaseId: (issue: Issue) => issue.id,
  url: (issue: Issue) => `${WEB}/${fullName(issue.repo)}/issues/${issue.number}`,
  createdAt: (issue: Issue) => iso(issue.createdAt),
  updatedAt: (issue: Issue) => iso(issue.updatedAt),
  closedAt: (issue: Issue) => isoTimeOrNull(issue.closedAt),
  closed: (issue: Issue) => issue.state === "CLOSED",
  // A duplicate reads as NOT_PLANNED unless the query asks `stateReason(enableDuplicate: true)` (GitHub's schema).
  stateReason: (issue: Issue, args: Args) =>
    issue.stateReason === "DUPLICATE" && args["enableDuplicate"] !== true ? "NOT_PLANNED" : issue.stateReason,
  repository: (issue: Issue) => issue.repo,
  labels: (issue: Issue, args: Args, context: GraphQLContext, info: GraphQLResolveInfo) =>
    connection(
      issue.labels.map((name) => context.store.label(issue.repo, name)),
      args as ConnectionArgs,
      info,
    ),
  comments: (issue: Issue, args: Args, _context: GraphQLContext, info: GraphQLResolveInfo) =>
    connection(
      issue.repo.comments.filter((comment) => comment.issueNumber === issue.number),
      args as ConnectionArgs,
      info,
    ),
};

const IssueCommentResolvers = {
  id: (comment: IssueComment) => comment.nodeId,
  databaseId: (comment: IssueComment) => comment.id,
  author: (comment: IssueComment) => comment.user,
  createdAt: (comment: IssueComment) => iso(comment.createdAt),
  updatedAt: (comment: IssueComment) => iso(comment.updatedAt),
  url: (comment: IssueComment) =>
    `${WEB}/${fullName(comment.repo)}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
};

const LabelResolvers = { id: (label: Label) => label.nodeId };

const ReviewResolvers = {
  id: (review: Review) => review.nodeId,
  databaseId: (review: Review) => review.id,
  submittedAt: (review: Review) => iso(review.submittedAt),
  createdAt: (review: Review) => iso(review.submittedAt),
};

const PullRequestCommitResolvers = {
  id: (view: PullRequestCommitView) => `PRC_${view.pullRequest.nodeId}_${view.commit.oid}`,
  url: (view: PullRequestCommitView) =>
    `${WEB}/${fullName(view.pullRequest.repo)}/pull/${view.pullRequest.number}/commits/${view.commit.oid}`,
};

const DeploymentResolvers = {
  id: (deployment: Deployment) => deployment.nodeId,
  databaseId: (deployment: Deployment) => deployment.id,
  createdAt: (deployment: Deployment) => iso(deployment.createdAt),
  updatedAt: (deployment: Deployment) => iso(deployment.updatedAt),
  latestEnvironment: (deployment: Deployment) => deployment.environment,
  payload: (deployment: Deployment) =>
    typeof deployment.payload === "string" ? deployment.payload : JSON.stringify(deployment.payload),
  state: (deployment: Deployment) => deploymentState(deployment),
  commit: (deployment: Deployment) => deployment.repo.commits.get(deployment.sha) ?? null,
  commitOid: (deployment: Deployment) => deployment.sha,
  ref: (deployment: Deployment) => branchRef(deployment.repo, deployment.ref),
  repository: (deployment: Deployment) => deployment.repo,
  latestStatus: (deployment: Deployment) => deployment.statuses.at(-1) ?? null,
  // Newest first, like the REST list.
  statuses: (deployment: Deployment, args: Args, _context: GraphQLContext, info: GraphQLResolveInfo) =>
    connection([...deployment.statuses].reverse(), args as ConnectionArgs, info),
};

const DeploymentStatusResolvers = {
  id: (status: DeploymentStatus) => status.nodeId,
  state: (status: DeploymentStatus) => status.state.toUpperCase(),
  createdAt: (status: DeploymentStatus) => iso(status.createdAt),
  updatedAt: (status: DeploymentStatus) => iso(status.updatedAt),
  logUrl: (status: DeploymentStatus) => (status.logUrl === "" ? null : status.logUrl),
  environmentUrl: (status: DeploymentStatus) => (status.environmentUrl === "" ? null : status.environmentUrl),
};

const ReleaseResolvers = {
  id: (release: Release) => release.nodeId,
  databaseId: (release: Release) => release.id,
  description: (release: Release) => release.body,
  createdAt: (release: Release) => iso(release.createdAt),
  publishedAt: (release: Release) => isoTimeOrNull(release.publishedAt),
  isDraft: (release: Release) => release.draft,
  isPrerelease: (release: Release) => release.prerelease,
  url: (release: Release) => `${WEB}/${fullName(release.repo)}/releases/tag/${release.tagName}`,
  tagCommit: (release: Release) => resolveRef(release.repo, release.tagName) ?? null,
  repository: (release: Release) => release.repo,
};

const ActorResolvers = {
  id: (actor: Actor) => actor.nodeId,
  databaseId: (actor: Actor) => actor.id,
  // GraphQL names bots without the `[bot]` suffix REST uses.
  login: (actor: Actor) => (actor.__typename === "Bot" ? actor.login.replace(/\[bot\]$/, "") : actor.login),
  name: () => null,
  url: (actor: Actor) => `${WEB}/${actor.login}`,
  resourcePath: (actor: Actor) => `/${actor.login}`,
  avatarUrl: (actor: Actor) => `https://avatars.githubusercontent.com/u/${actor.id}?v=4`,
  // The fake models no forks or archived repositories, so `isFork`/`isArchived` filter nothing.
  repositories: (actor: Actor, args: Args, context: GraphQLContext, info: GraphQLResolveInfo) =>
    connection(
      context.store
        .allRepositories()
        .filter((repo) => repo.owner === actor)
        .sort((a, b) => a.name.localeCompare(b.name)),
      args as ConnectionArgs,
      info,
    ),
};

const resolvers: Record<string, ResolverMap> = {
  Query,
  Repository: RepositoryResolvers,
  Ref: RefResolvers,
  Commit: CommitResolvers,
  PullRequest: PullRequestResolvers,
  Issue: IssueResolvers,
  IssueComment: IssueCommentResolvers,
  Label: LabelResolvers,
  PullRequestReview: ReviewResolvers,
  PullRequestCommit: PullRequestCommitResolvers,
  Deployment: DeploymentResolvers,
  DeploymentStatus: DeploymentStatusResolvers,
  Release: ReleaseResolvers,
  User: ActorResolvers,
  Bot: ActorResolvers,
};

/**
 * Explicit resolvers where the model differs from the schema (times, URLs, connections with
 * arguments); plain properties otherwise. A field the model lacks is an error naming it, never a
 * silent null, so a test cannot pass on data the fake does not have.
 */
export const fieldResolver: GraphQLFieldResolver<unknown, GraphQLContext> = (source, args, context, info) => {
  const resolver = resolvers[info.parentType.name]?.[info.fieldName] as Resolver<unknown> | undefined;
  if (resolver !== undefined) return resolver(source, args, context, info);
  const value = (source as Record<string, unknown> | null)?.[info.fieldName];
  if (value === undefined) {
    throw new Error(
      `GitHubFake does not model ${info.parentType.name}.${info.fieldName}; extend packages/testkit/src/github`,
    );
  }
  return value;
};
