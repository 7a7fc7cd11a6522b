/**
 * Every GraphQL document the action sends, with only the fields it reads. Each one asks for
 * `rateLimit { cost remaining }` so the summary can say what the run cost. A test validates all of
 * them against GitHub's published schema (@octokit/graphql-schema).
 */

const PULL_FIELDS = /* GraphQL */ `
fragment PullFields on PullRequest {
  number
  title
  url
  body
  createdAt
  updatedAt
  mergedAt
  baseRefName
  headRefName
  author { __typename login }
  mergeCommit { oid }
  labels(first: 50) { nodes { name } }
  commits(first: 1) { nodes { commit { authoredDate } } }
  reviews(first: 1) { nodes { submittedAt } }
  files(first: 100) @include(if: $withFiles) { nodes { path } }
}`;

export const REPOSITORY_QUERY = /* GraphQL */ `
query RepositoryInfo($owner: String!, $name: String!) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) { defaultBranchRef { name } }
}`;

/** An owner's repositories for `repositories: owner/*` (forks and archived ones are not deployed). */
export const OWNER_REPOSITORIES_QUERY = /* GraphQL */ `
query OwnerRepositories($login: String!, $after: String) {
  rateLimit { cost remaining }
  repositoryOwner(login: $login) {
    repositories(first: 100, after: $after, isFork: false, isArchived: false, orderBy: { field: NAME, direction: ASC }) {
      pageInfo { hasNextPage endCursor }
      nodes { name owner { login } }
    }
  }
}`;

/** Incident issues (`incident-source: issues`), by a search on labels and creation date. */
export const SEARCH_ISSUES_QUERY = /* GraphQL */ `
query SearchIssues($searchQuery: String!, $after: String) {
  rateLimit { cost remaining }
  search(type: ISSUE, query: $searchQuery, first: 100, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      ... on Issue {
        number
        title
        url
        body
        createdAt
        closedAt
        stateReason
        author { __typename login }
        labels(first: 50) { nodes { name } }
      }
    }
  }
}`;

/**
 * Merged PRs into the base branch by date-range searches sent together: `s0`…`s{n-1}` are one page
 * each of `merged:A..B` searches (variables `q<i>` and cursor `a<i>`); with `fresh`, the first 100
 * most recently updated merged PRs too (what the search index may not hold yet).
 */
export function mergedPullSlicesQuery(slices: number): string {
  const variables = Array.from({ length: slices }, (_, index) => `, $q${index}: String!, $a${index}: String`).join("");
  const searches = Array.from(
    { length: slices },
    (_, index) => `  s${index}: search(type: ISSUE, query: $q${index}, first: 100, after: $a${index}) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes { ... on PullRequest { ...PullFields } }
  }`,
  ).join("\n");
  return `
query MergedPullSlices($owner: String!, $name: String!, $base: String!, $withFiles: Boolean!, $fresh: Boolean!${variables}) {
  rateLimit { cost remaining }
  fresh: repository(owner: $owner, name: $name) @include(if: $fresh) {
    pullRequests(states: MERGED, baseRefName: $base, orderBy: { field: UPDATED_AT, direction: DESC }, first: 100) {
      nodes { ...PullFields }
    }
  }
${searches}
}
${PULL_FIELDS}`;
}

/** One PR with its state (incident mode reads the triggering PR, merged or not). */
export const PULL_QUERY = /* GraphQL */ `
query IncidentPull($owner: String!, $name: String!, $number: Int!, $withFiles: Boolean!) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) { state ...PullFields }
  }
}
${PULL_FIELDS}`;

/** Several PRs by number in one request (culprits named by `Caused-by:` or reverts, outside the window). */
export function pullsByNumberQuery(numbers: readonly number[]): string {
  const fields = numbers.map((number) => `    pr${number}: pullRequest(number: ${number}) { state ...PullFields }`);
  return `
query PullsByNumber($owner: String!, $name: String!, $withFiles: Boolean!) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
${fields.join("\n")}
  }
}
${PULL_FIELDS}`;
}

/** The repository's environment names, to filter deployments by `environment` in the query. */
export const ENVIRONMENTS_QUERY = /* GraphQL */ `
query Environments($owner: String!, $name: String!, $after: String) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
    environments(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { name }
    }
  }
}`;

/** Deployments to the given environments, newest first, with their statuses (newest first) to find the first SUCCESS. */
export const DEPLOYMENTS_QUERY = /* GraphQL */ `
query Deployments($owner: String!, $name: String!, $environments: [String!], $after: String) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
    deployments(
      first: 100
      after: $after
      environments: $environments
      orderBy: { field: CREATED_AT, direction: DESC }
    ) {
      pageInfo { hasNextPage endCursor }
      nodes {
        databaseId
        commitOid
        createdAt
        latestEnvironment
        statuses(first: 100) { nodes { state createdAt } }
      }
    }
  }
}`;

/** The history (first 100, newest first) of deployed commits that are no PR's merge commit. */
export function commitHistoriesQuery(shas: readonly string[]): string {
  const fields = shas.map(
    (sha, index) =>
      `    c${index}: object(oid: "${sha}") { ... on Commit { oid committedDate history(first: 100) { nodes { oid } } } }`,
  );
  return `
query CommitHistories($owner: String!, $name: String!) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
${fields.join("\n")}
  }
}`;
}

/** The PR that brought in each commit a `Caused-by: <sha>` names (a commit of the PR's branch, not its merge). */
export function commitPullsQuery(shas: readonly string[]): string {
  const fields = shas.map(
    (sha, index) =>
      `    c${index}: object(expression: "${sha}") { ... on Commit { oid associatedPullRequests(first: 5) { nodes { number mergedAt } } } }`,
  );
  return `
query CommitPulls($owner: String!, $name: String!) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
${fields.join("\n")}
  }
}`;
}

export const RELEASES_QUERY = /* GraphQL */ `
query Releases($owner: String!, $name: String!, $after: String) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
    releases(first: 100, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
      pageInfo { hasNextPage endCursor }
      nodes { tagName url isDraft isPrerelease createdAt publishedAt tagCommit { oid } }
    }
  }
}`;

/** GitHub's date-time filter form, whole seconds in UTC. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

// ── response shapes (only what the documents select) ──────────────────────────────────────────

export interface RateLimitData {
  rateLimit?: { cost: number; remaining: number } | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface PullNode {
  number: number;
  title: string;
  url: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  baseRefName: string;
  headRefName: string;
  state?: "OPEN" | "CLOSED" | "MERGED";
  author: { __typename: string; login: string } | null;
  mergeCommit: { oid: string } | null;
  labels: { nodes: ({ name: string } | null)[] | null } | null;
  commits: { nodes: ({ commit: { authoredDate: string } } | null)[] | null };
  reviews: { nodes: ({ submittedAt: string | null } | null)[] | null } | null;
  files?: { nodes: ({ path: string } | null)[] | null } | null;
}

export interface RepositoryData extends RateLimitData {
  repository: { defaultBranchRef: { name: string } | null };
}

export interface SearchPage {
  issueCount: number;
  pageInfo: PageInfo;
  nodes: (PullNode | Record<string, never> | null)[] | null;
}

/** `s0`…: one search page each; `fresh` when asked. */
export interface MergedPullSlicesData extends RateLimitData {
  fresh?: { pullRequests: { nodes: (PullNode | null)[] | null } } | null;
  [slice: `s${number}`]: SearchPage;
}

export interface PullData extends RateLimitData {
  repository: { pullRequest: PullNode | null };
}

export interface PullsByNumberData extends RateLimitData {
  repository: Record<string, PullNode | null>;
}

export interface OwnerRepositoriesData extends RateLimitData {
  repositoryOwner: {
    repositories: { pageInfo: PageInfo; nodes: ({ name: string; owner: { login: string } } | null)[] | null };
  } | null;
}

export interface IssueNode {
  number: number;
  title: string;
  url: string;
  body: string;
  createdAt: string;
  closedAt: string | null;
  /** COMPLETED, NOT_PLANNED (a duplicate too, unless asked with enableDuplicate) or REOPENED; null while open. */
  stateReason: "COMPLETED" | "NOT_PLANNED" | "DUPLICATE" | "REOPENED" | null;
  author: { __typename: string; login: string } | null;
  labels: { nodes: ({ name: string } | null)[] | null } | null;
}

export interface SearchIssuesData extends RateLimitData {
  search: { issueCount: number; pageInfo: PageInfo; nodes: (IssueNode | Record<string, never> | null)[] | null };
}

export interface CommitPullsData extends RateLimitData {
  repository: Record<
    string,
    | { oid: string; associatedPullRequests: { nodes: ({ number: number; mergedAt: string | null } | null)[] | null } }
    | Record<string, never>
    | null
  >;
}

export interface EnvironmentsData extends RateLimitData {
  repository: { environments: { pageInfo: PageInfo; nodes: ({ name: string } | null)[] | null } };
}

export interface CommitHistoryNode {
  oid: string;
  committedDate: string;
  history: { nodes: ({ oid: string } | null)[] | null };
}

export interface CommitHistoriesData extends RateLimitData {
  repository: Record<string, CommitHistoryNode | Record<string, never> | null>;
}

export interface DeploymentNode {
  databaseId: number | null;
  commitOid: string;
  createdAt: string;
  latestEnvironment: string | null;
  statuses: { nodes: ({ state: string; createdAt: string } | null)[] | null } | null;
}

export interface DeploymentsData extends RateLimitData {
  repository: { deployments: { pageInfo: PageInfo; nodes: (DeploymentNode | null)[] | null } };
}

export interface ReleaseNode {
  tagName: string;
  url: string;
  isDraft: boolean;
  isPrerelease: boolean;
  createdAt: string;
  publishedAt: string | null;
  tagCommit: { oid: string } | null;
}

export interface ReleasesData extends RateLimitData {
  repository: { releases: { pageInfo: PageInfo; nodes: (ReleaseNode | null)[] | null } };
}
