import { type Logger, logText } from "@sre-actions/core";
import {
  type DeploymentFetchOptions,
  githubDeployments,
  mergedPullDeployments,
  releaseDeployments,
  workflowRunDeployments,
} from "./deployments.js";
import { type Exclusions, exclusionReason, isIncident } from "./filters.js";
import type { GitHubPort } from "./github.js";
import { culpritPullNumbers, readIncidentLinks } from "./incident-links.js";
import { incidentIssues as readIncidentIssues } from "./issues.js";
import { type CommitHistory, type HistoryOf, mapByMergeOrder, mergedPullShipments, type Shipments } from "./mapping.js";
import type { RepoData } from "./metrics.js";
import { type DeploymentRecord, type DeploymentSource, type PullRecord, type RepoRef, repoName } from "./model.js";
import { MergedPulls } from "./pulls.js";
import {
  type CommitHistoriesData,
  type CommitPullsData,
  commitHistoriesQuery,
  commitPullsQuery,
  REPOSITORY_QUERY,
  type RepositoryData,
} from "./queries.js";

export interface CollectOptions {
  since: number;
  until: number;
  /** Undefined: the repository's default branch. */
  baseBranch: string | undefined;
  source: DeploymentSource;
  environment: RegExp;
  workflow: string | undefined;
  incidentLabels: readonly string[];
  /** `issues` or `both`: incident issues opened in the window are read too. */
  incidentSource: "pull-requests" | "issues" | "both";
  exclusions: Exclusions;
  /** The window ends recently: the newest merges are read from the repository too (the search index may lag). */
  fresh: boolean;
  /** Incident PRs outside the window that must be attributed too (incident mode's open PR). */
  extraIncidents?: readonly PullRecord[];
}

export interface CollectedRepo extends RepoData {
  base: string;
}

/** Everything one repository needs for the metrics, in as few requests as the rules allow. */
export async function collectRepo(
  github: GitHubPort,
  ref: RepoRef,
  options: CollectOptions,
  log: Logger,
): Promise<CollectedRepo> {
  const base = options.baseBranch ?? (await defaultBranch(github, ref));
  const pulls = new MergedPulls(
    github,
    ref,
    { base, withFiles: options.exclusions.paths.length > 0, fresh: options.fresh, until: options.until },
    log,
  );
  await pulls.loadFrom(options.since);

  const incidentIssues =
    options.incidentSource === "pull-requests"
      ? []
      : await readIncidentIssues(github, ref, { ...options, labels: options.incidentLabels }, log);

  // Incidents need what happened before them: their culprits and the deployment before the fix was opened.
  const incidents = [
    ...pulls.all.filter((pull) => pull.mergedAt >= options.since && isIncident(pull, options.incidentLabels)),
    ...(options.extraIncidents ?? []),
    ...incidentIssues,
  ];
  await pulls.loadNumbers(
    incidents.flatMap((pull) => culpritPullNumbers(readIncidentLinks(pull.body, pull.headRefName))),
  );
  const culpritTimes = incidents
    .flatMap((pull) => culpritPullNumbers(readIncidentLinks(pull.body, pull.headRefName)))
    .flatMap((number) => pulls.get(number)?.mergedAt ?? []);
  const from = Math.min(options.since, ...incidents.map((pull) => pull.createdAt), ...culpritTimes);
  if (options.source === "merged-prs") await pulls.loadFrom(from);

  const all = pulls.all;
  const fetchOptions: DeploymentFetchOptions = {
    from,
    until: options.until,
    environment: options.environment,
    workflow: options.workflow,
    base,
  };
  let shipments: Shipments;
  if (options.source === "merged-prs") {
    const deployments = mergedPullDeployments(
      all.filter((pull) => exclusionReason(pull, options.exclusions) === undefined),
    );
    shipments = mergedPullShipments(all, deployments);
  } else {
    const deployments: DeploymentRecord[] =
      options.source === "deployments"
        ? await githubDeployments(github, ref, fetchOptions)
        : options.source === "workflow-runs"
          ? await workflowRunDeployments(github, ref, fetchOptions, log)
          : await releaseDeployments(github, ref, fetchOptions);
    // The window's first deployment ships every PR merged since the one before the window (the
    // baseline), some merged before the window starts: rework is judged over all of them.
    const baseline = deployments.filter((deployment) => deployment.at < options.since).at(-1);
    if (baseline !== undefined) await pulls.loadFrom(baseline.at);
    shipments = await mapByMergeOrder(pulls.all, deployments, commitHistories(github, ref));
  }
  const deployments = shipments.deployments;
  const deploymentOfSha = await withCommitPulls(github, ref, incidents, shipments);
  const loaded = pulls.all;
  log.info(
    `${repoName(ref)}: ${loaded.length} merged PRs into ${logText(base)}, ${deployments.length} deployments fetched`,
  );
  return {
    repo: repoName(ref),
    base,
    pulls: loaded,
    deployments,
    shipped: shipments.shipped,
    deploymentOfSha,
    incidentIssues,
  };
}

/**
 * `Caused-by: <sha>` may name a commit of the culprit PR's branch rather than its merge commit: those
 * SHAs (one request for all of them) are answered with the deployment that shipped their merged PR.
 */
async function withCommitPulls(
  github: GitHubPort,
  ref: RepoRef,
  incidents: readonly PullRecord[],
  shipments: Shipments,
): Promise<(sha: string) => DeploymentRecord | undefined> {
  const shas = [
    ...new Set(
      incidents.flatMap((pull) => {
        const causedBy = readIncidentLinks(pull.body, pull.headRefName).causedBy;
        return causedBy !== undefined && "sha" in causedBy && shipments.deploymentOfSha(causedBy.sha) === undefined
          ? [causedBy.sha]
          : [];
      }),
    ),
  ];
  if (shas.length === 0) return shipments.deploymentOfSha;
  const data = await github.queryPartial<CommitPullsData>(commitPullsQuery(shas), { owner: ref.owner, name: ref.repo });
  const byPull = new Map<string, DeploymentRecord>();
  for (const [index, sha] of shas.entries()) {
    const node = data.repository?.[`c${index}`];
    const pulls = node !== null && node !== undefined && "oid" in node ? (node.associatedPullRequests.nodes ?? []) : [];
    const merged = pulls.find((pull) => pull?.mergedAt !== null && pull !== null);
    const deployment = merged === undefined || merged === null ? undefined : shipments.shipped.get(merged.number);
    if (deployment !== undefined) byPull.set(sha, deployment);
  }
  return (sha) => shipments.deploymentOfSha(sha) ?? byPull.get(sha);
}

/** Histories of deployed commits, 25 per GraphQL request; a commit GitHub does not know is left out. */
function commitHistories(github: GitHubPort, ref: RepoRef): HistoryOf {
  return async (shas) => {
    const found = new Map<string, CommitHistory>();
    for (let index = 0; index < shas.length; index += 25) {
      const chunk = shas.slice(index, index + 25);
      const data = await github.queryPartial<CommitHistoriesData>(commitHistoriesQuery(chunk), {
        owner: ref.owner,
        name: ref.repo,
      });
      for (const node of Object.values(data.repository ?? {})) {
        if (node === null || !("oid" in node)) continue;
        found.set(node.oid, {
          ancestors: (node.history.nodes ?? []).flatMap((commit) => commit?.oid ?? []),
          committedAt: Date.parse(node.committedDate),
        });
      }
    }
    return found;
  };
}

async function defaultBranch(github: GitHubPort, ref: RepoRef): Promise<string> {
  const data = await github.query<RepositoryData>(REPOSITORY_QUERY, { owner: ref.owner, name: ref.repo });
  return data.repository.defaultBranchRef?.name ?? "main";
}
