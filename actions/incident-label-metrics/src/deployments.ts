import type { GitHubApi } from "./api.js";
import { type DeploymentRecord, type PullRecord, type RepoRef, repoName } from "./model.js";
import { DEPLOYMENTS_QUERY, type DeploymentsData, RELEASES_QUERY, type ReleasesData } from "./queries.js";

export interface DeploymentFetchOptions {
  /** Every deployment from here on is needed, plus the last one before it (the baseline for comparisons). */
  from: number;
  environment: RegExp;
  workflow: string | undefined;
  base: string;
}

/** Each merged PR is a deployment at its merge time (as the team's SaaS counts). */
export function mergedPullDeployments(pulls: readonly PullRecord[]): DeploymentRecord[] {
  return pulls
    .map((pull) => ({
      id: `pr-${pull.number}`,
      repo: pull.repo,
      label: `#${pull.number}`,
      url: pull.url,
      sha: pull.mergeCommitOid ?? "",
      at: pull.mergedAt,
    }))
    .sort((a, b) => a.at - b.at);
}

/** Keeps the deployments at or after `from` and the last one before it. */
function withBaseline(list: DeploymentRecord[], from: number): DeploymentRecord[] {
  const sorted = list.sort((a, b) => a.at - b.at);
  const firstIndex = sorted.findIndex((deployment) => deployment.at >= from);
  if (firstIndex === -1) return sorted.slice(-1);
  return sorted.slice(Math.max(0, firstIndex - 1));
}

/**
 * GitHub Deployments whose environment matches the regex; the deploy time is the `createdAt` of the
 * deployment's first SUCCESS status (never `updatedAt` or the latest status). Paged newest first until
 * a successful deployment older than `from` is found.
 */
export async function githubDeployments(
  api: GitHubApi,
  ref: RepoRef,
  options: DeploymentFetchOptions,
): Promise<DeploymentRecord[]> {
  const found: DeploymentRecord[] = [];
  let after: string | null = null;
  for (;;) {
    const data: DeploymentsData = await api.query<DeploymentsData>(DEPLOYMENTS_QUERY, {
      owner: ref.owner,
      name: ref.repo,
      after,
    });
    const page = data.repository.deployments;
    let baselineFound = false;
    for (const node of page.nodes ?? []) {
      if (node === null || !options.environment.test(node.latestEnvironment ?? "")) continue;
      const successes = (node.statuses?.nodes ?? []).filter((status) => status?.state === "SUCCESS");
      const firstSuccess = Math.min(...successes.map((status) => Date.parse(status?.createdAt ?? "")));
      if (!Number.isFinite(firstSuccess)) continue;
      found.push({
        id: `deployment-${node.databaseId ?? node.createdAt}`,
        repo: repoName(ref),
        label: `deployment ${node.databaseId ?? ""} (${node.latestEnvironment ?? ""})`,
        url: undefined,
        sha: node.commitOid,
        at: firstSuccess,
      });
      if (firstSuccess < options.from) baselineFound = true;
    }
    if (baselineFound || !page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return withBaseline(found, options.from);
}

interface WorkflowRunItem {
  id: number;
  run_number: number;
  head_sha: string;
  html_url: string;
  updated_at: string;
  created_at: string;
}

/**
 * Successful runs of `workflow` on the base branch (REST filters `branch` and `status=success`), newest
 * first, paged until a run created before `from` is seen (the baseline). A completed run's
 * `updated_at` is when it completed.
 */
export async function workflowRunDeployments(
  api: GitHubApi,
  ref: RepoRef,
  options: DeploymentFetchOptions,
): Promise<DeploymentRecord[]> {
  const found: DeploymentRecord[] = [];
  for (let page = 1; ; page += 1) {
    const response = await api.octokit.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {
      owner: ref.owner,
      repo: ref.repo,
      workflow_id: options.workflow ?? "",
      branch: options.base,
      status: "success",
      per_page: 100,
      page,
    });
    const runs = response.data.workflow_runs as WorkflowRunItem[];
    for (const run of runs) {
      found.push({
        id: `run-${run.id}`,
        repo: repoName(ref),
        label: `run ${run.run_number}`,
        url: run.html_url,
        sha: run.head_sha,
        at: Date.parse(run.updated_at),
      });
    }
    const oldest = Math.min(...runs.map((run) => Date.parse(run.created_at)));
    if (runs.length < 100 || oldest < options.from) break;
  }
  return withBaseline(found, options.from);
}

/** Published releases (drafts and pre-releases are not production), at their publication time. */
export async function releaseDeployments(
  api: GitHubApi,
  ref: RepoRef,
  options: DeploymentFetchOptions,
): Promise<DeploymentRecord[]> {
  const found: DeploymentRecord[] = [];
  let after: string | null = null;
  for (;;) {
    const data: ReleasesData = await api.query<ReleasesData>(RELEASES_QUERY, {
      owner: ref.owner,
      name: ref.repo,
      after,
    });
    const page = data.repository.releases;
    let oldest = Number.POSITIVE_INFINITY;
    for (const node of page.nodes ?? []) {
      if (node === null) continue;
      oldest = Math.min(oldest, Date.parse(node.createdAt));
      if (node.isDraft || node.isPrerelease || node.publishedAt === null || node.tagCommit === null) continue;
      found.push({
        id: `release-${node.tagName}`,
        repo: repoName(ref),
        label: node.tagName,
        url: node.url,
        sha: node.tagCommit.oid,
        at: Date.parse(node.publishedAt),
      });
    }
    const baselineFound = found.some((release) => release.at < options.from) && oldest < options.from;
    if (baselineFound || !page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return withBaseline(found, options.from);
}
