import { type Logger, paginate } from "@sre-actions/core";
import type { GitHubPort, WorkflowRunItem } from "./github.js";
import { type DeploymentRecord, type PullRecord, type RepoRef, repoName } from "./model.js";
import {
  DEPLOYMENTS_QUERY,
  type DeploymentNode,
  type DeploymentsData,
  ENVIRONMENTS_QUERY,
  type EnvironmentsData,
  isoSeconds,
  RELEASES_QUERY,
  type ReleaseNode,
  type ReleasesData,
} from "./queries.js";

export interface DeploymentFetchOptions {
  /** Every deployment from here on is needed, plus the last one before it (the baseline for comparisons). */
  from: number;
  /** The window's end: later deployments do not count. */
  until: number;
  environment: RegExp;
  workflow: string | undefined;
  base: string;
}

/** GitHub's documented cap on a filtered workflow-run list (branch, status, event, created …). */
export const RUN_LIST_CAP = 1000;

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

/** The `createdAt` of a deployment's first SUCCESS status (never `updatedAt` or the latest status). */
function firstSuccess(node: DeploymentNode): number {
  const successes = (node.statuses?.nodes ?? []).filter((status) => status?.state === "SUCCESS");
  return Math.min(...successes.map((status) => Date.parse(status?.createdAt ?? "")));
}

/**
 * GitHub Deployments to the environments whose name matches the regex (filtered in the query), at
 * their first SUCCESS status, paged newest first until a successful deployment older than `from` is
 * found. A job with `environment:` and ecs-deploy's `github-environment` can both record the same
 * SHA in the same environment: a record repeating the previous one's (environment, SHA) is the same
 * deployment and counts once, at its first success.
 */
export async function githubDeployments(
  github: GitHubPort,
  ref: RepoRef,
  options: DeploymentFetchOptions,
): Promise<DeploymentRecord[]> {
  const environments = await environmentNames(github, ref, options.environment);
  if (environments.length === 0) return [];
  const nodes = await paginate(
    async (after) => {
      const data = await github.query<DeploymentsData>(DEPLOYMENTS_QUERY, {
        owner: ref.owner,
        name: ref.repo,
        environments,
        after: after ?? null,
      });
      const page = data.repository.deployments;
      const items = (page.nodes ?? []).filter((node): node is DeploymentNode => node !== null);
      return { items, next: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined };
    },
    { stopAfter: (page) => page.some((node) => firstSuccess(node) < options.from) },
  );
  const found = nodes
    .flatMap((node): DeploymentRecord[] => {
      const at = firstSuccess(node);
      if (!Number.isFinite(at)) return [];
      const environment = node.latestEnvironment ?? "";
      return [
        {
          id: `deployment-${node.databaseId ?? node.createdAt}`,
          repo: repoName(ref),
          label: `deployment ${node.databaseId ?? ""} (${environment})`,
          url: undefined,
          sha: node.commitOid,
          at,
          environment,
        },
      ];
    })
    .sort((a, b) => a.at - b.at);
  return withBaseline(onceEach(found), options.from);
}

/**
 * Drops a deployment that repeats the previous one's (environment, SHA); the first success stays.
 * Environment names compare case-insensitively (`Production` and `production` are one).
 */
export function onceEach(sorted: readonly DeploymentRecord[]): DeploymentRecord[] {
  const last = new Map<string, string>();
  return sorted.filter((deployment) => {
    const environment = (deployment.environment ?? "").toLowerCase();
    const repeated = last.get(environment) === deployment.sha;
    last.set(environment, deployment.sha);
    return !repeated;
  });
}

async function environmentNames(github: GitHubPort, ref: RepoRef, pattern: RegExp): Promise<string[]> {
  const names = await paginate(async (after) => {
    const data = await github.query<EnvironmentsData>(ENVIRONMENTS_QUERY, {
      owner: ref.owner,
      name: ref.repo,
      after: after ?? null,
    });
    const page = data.repository.environments;
    return {
      items: (page.nodes ?? []).flatMap((node) => node?.name ?? []),
      next: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined,
    };
  });
  return names.filter((name) => pattern.test(name));
}

/**
 * Successful runs of `workflow` on the base branch created in [from, until], plus the last one before
 * (the baseline). GitHub answers a filtered run list with at most 1,000 runs (page 11 is empty), so a
 * range holding more is split by `created` until each part fits; a completed run's `updated_at` is when
 * it completed.
 */
export async function workflowRunDeployments(
  github: GitHubPort,
  ref: RepoRef,
  options: DeploymentFetchOptions,
  log: Logger,
): Promise<DeploymentRecord[]> {
  const workflow = options.workflow ?? "";
  const record = (run: WorkflowRunItem): DeploymentRecord => ({
    id: `run-${run.id}`,
    repo: repoName(ref),
    label: `run ${run.run_number}`,
    url: run.html_url,
    sha: run.head_sha,
    at: Date.parse(run.updated_at),
  });
  const list = (created: string, page: number) =>
    github.workflowRuns(ref, { workflow, branch: options.base, created, page });

  const runs = new Map<number, WorkflowRunItem>();
  const readRange = async (from: number, to: number): Promise<void> => {
    const created = `${isoSeconds(from)}..${isoSeconds(to)}`;
    const first = await list(created, 1);
    // `>=`: should GitHub ever report a capped total of exactly 1,000, the range is split all the same.
    if (first.totalCount >= RUN_LIST_CAP) {
      const parts = Math.ceil(first.totalCount / (RUN_LIST_CAP * 0.9));
      const step = Math.floor((to - from) / parts / 1000) * 1000;
      if (step >= 1000) {
        log.info(`${first.totalCount} runs of ${workflow} created ${created}: reading them in ${parts} parts`);
        for (let start = from; start <= to; start += step) await readRange(start, Math.min(to, start + step - 1000));
        return;
      }
      log.warning(
        `${first.totalCount} runs of ${workflow} were created in one second (${created}); GitHub lists only ${RUN_LIST_CAP} of them`,
      );
    }
    const read = await paginate(async (cursor) => {
      const page = Number(cursor ?? 1);
      const answer = page === 1 ? first : await list(created, page);
      return { items: answer.runs, next: answer.runs.length === 100 ? String(page + 1) : undefined };
    });
    for (const run of read) runs.set(run.id, run);
    const expected = Math.min(first.totalCount, RUN_LIST_CAP);
    if (read.length < expected) {
      log.warning(`GitHub listed ${read.length} of ${expected} runs of ${workflow} created ${created}`);
    }
  };

  const until = Math.max(options.from, options.until);
  await readRange(Math.floor(options.from / 1000) * 1000, Math.floor(until / 1000) * 1000 + 999);
  const before = await list(`<${isoSeconds(options.from)}`, 1);
  const baseline = before.runs[0];
  if (baseline !== undefined) runs.set(baseline.id, baseline);
  return withBaseline([...runs.values()].map(record), options.from);
}

/** Published releases (drafts and pre-releases are not production), at their publication time. */
export async function releaseDeployments(
  github: GitHubPort,
  ref: RepoRef,
  options: DeploymentFetchOptions,
): Promise<DeploymentRecord[]> {
  const published = (node: ReleaseNode) =>
    !node.isDraft && !node.isPrerelease && node.publishedAt !== null && node.tagCommit !== null;
  let baselinePublished = false;
  const nodes = await paginate(
    async (after) => {
      const data = await github.query<ReleasesData>(RELEASES_QUERY, {
        owner: ref.owner,
        name: ref.repo,
        after: after ?? null,
      });
      const page = data.repository.releases;
      const items = (page.nodes ?? []).filter((node): node is ReleaseNode => node !== null);
      return { items, next: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined };
    },
    {
      // Creation and publication orders can differ: stop once a release published before `from` was
      // seen and the page reached releases created before it.
      stopAfter: (page) => {
        baselinePublished ||= page.some((node) => published(node) && Date.parse(node.publishedAt ?? "") < options.from);
        return baselinePublished && page.some((node) => Date.parse(node.createdAt) < options.from);
      },
    },
  );
  const found = nodes.filter(published).map((node) => ({
    id: `release-${node.tagName}`,
    repo: repoName(ref),
    label: node.tagName,
    url: node.url,
    sha: node.tagCommit?.oid ?? "",
    at: Date.parse(node.publishedAt ?? ""),
  }));
  return withBaseline(found, options.from);
}
