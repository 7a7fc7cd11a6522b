/** The action's own records, independent of GitHub's wire formats. Times are epoch milliseconds. */

export interface RepoRef {
  owner: string;
  repo: string;
}

export const repoName = (ref: RepoRef): string => `${ref.owner}/${ref.repo}`;

export interface PullRecord {
  repo: string;
  number: number;
  title: string;
  url: string;
  body: string;
  author: string;
  authorIsBot: boolean;
  createdAt: number;
  updatedAt: number;
  mergedAt: number;
  baseRefName: string;
  headRefName: string;
  mergeCommitOid: string | undefined;
  /** Authored time of the PR's first commit (the PR's own commits survive squash merges). */
  firstCommitAt: number | undefined;
  firstReviewAt: number | undefined;
  labels: string[];
  /** Changed paths; only fetched when `paths` is set. */
  files: string[] | undefined;
  /** `issue` for an incident issue (`incident-source: issues`): `mergedAt` is when it was opened. */
  kind?: "pull-request" | "issue" | undefined;
  /** An incident issue's close; its restore time when no fixing PR is deployed. */
  closedAt?: number | undefined;
}

export type DeploymentSource = "merged-prs" | "deployments" | "workflow-runs" | "releases";

export interface DeploymentRecord {
  /** Unique within a repository: `pr-12`, `deployment-345`, `run-678`, `release-v1.2.0`. */
  id: string;
  repo: string;
  /** What a reader recognises: `#12`, `deployment 345 (production)`, `run 678`, `v1.2.0`. */
  label: string;
  url: string | undefined;
  sha: string;
  /** When it went live: merge time, first SUCCESS status, completed run, publication. */
  at: number;
  /** The GitHub environment (deployments source); rollbacks are judged per environment, case-insensitively. */
  environment?: string | undefined;
  /**
   * Where the deployed commit sits on the base branch: the merge order of the PRs it contains
   * (a commit after PR n's merge and before n+1's is n + 0.5); it says which PRs a deployment ships.
   */
  position?: number | undefined;
}

export type StartSource = "incident-start" | "caused-by" | "revert" | "last-deployment" | "estimate";

export interface IncidentAttribution {
  start: number;
  source: StartSource;
  /** The deployment blamed for the failure; undefined when nothing could be attributed. */
  culprit: DeploymentRecord | undefined;
  /** Problems met on the way (an unparsable Incident-Start line, an unknown culprit …). */
  notes: string[];
}
