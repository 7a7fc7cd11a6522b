import { type AttributionContext, attributeIncident } from "./attribution.js";
import { type Bucket, type BucketSize, bucketDays, bucketOf, buckets, localDay, localDays } from "./buckets.js";
import { type Exclusions, exclusionReason, isIncident } from "./filters.js";
import { closedIssueNumbers, readIncidentLinks } from "./incident-links.js";
import type { DeploymentRecord, IncidentAttribution, PullRecord } from "./model.js";
import { DAY, type Distribution, distribution, median } from "./stats.js";

/** Everything fetched for one repository. */
export interface RepoData {
  repo: string;
  /** Merged PRs into the base branch (the window's and older ones used for attribution). */
  pulls: readonly PullRecord[];
  /** Successful production deployments, oldest first (the window's plus earlier ones), with positions. */
  deployments: readonly DeploymentRecord[];
  /** The first deployment containing each PR's merge commit. */
  shipped: ReadonlyMap<number, DeploymentRecord>;
  /** The first deployment containing a commit (full or abbreviated SHA). */
  deploymentOfSha(sha: string): DeploymentRecord | undefined;
  /** Incident issues opened in the window (`incident-source: issues` or `both`). */
  incidentIssues?: readonly PullRecord[] | undefined;
}

export interface MetricOptions {
  since: number;
  until: number;
  timeZone: string;
  bucket: BucketSize;
  incidentLabels: readonly string[];
  /** Lower case; a deployment shipping a PR with one of these (or a revert) is rework. */
  reworkLabels: readonly string[];
  exclusions: Exclusions;
  /** Time to restore ends at the earlier of the fix's deployment and a rollback of the culprit. */
  restoreOnRollback: boolean;
  /** Where incidents come from; default `pull-requests`. */
  incidentSource: "pull-requests" | "issues" | "both";
}

export type Phase = "coding" | "pickup" | "review" | "deploy";
export const PHASES: readonly Phase[] = ["coding", "pickup", "review", "deploy"];

export interface PullResult {
  pull: PullRecord;
  incident: boolean;
  /** Unplanned work fixing a user-facing problem: a rework label or a revert. */
  rework: boolean;
  deployment: DeploymentRecord | undefined;
  leadTimeMs: number | undefined;
  phases: Partial<Record<Phase, number>>;
}

export interface IncidentResult {
  pull: PullRecord;
  attribution: IncidentAttribution;
  fix: DeploymentRecord | undefined;
  /** A later redeploy, in the culprit's environment, of a version live there before it (restore-on-rollback). */
  rollback?: DeploymentRecord | undefined;
  /** What ended the incident: the fix's deployment or the rollback, whichever came first (an issue: its close). */
  restoredBy?: "fix" | "rollback" | "close" | undefined;
  restoreMs: number | undefined;
  /** Why the restore time is not counted (not deployed yet, negative). */
  problem: string | undefined;
}

export interface Flagged {
  pull: PullRecord;
  what: "lead time" | "coding time" | "time to restore";
  ms: number;
}

/**
 * A deployment of a version that was deployed to that environment before (and is not the one live
 * there): it went back to `target` and undid every deployment after it, oldest first.
 */
export interface Rollback {
  deployment: DeploymentRecord;
  target: DeploymentRecord;
  undid: DeploymentRecord[];
}

/**
 * The per-record facts of one or more repositories: everything the numbers are computed from. A
 * report's JSON carries them, so `mode: merge` recomputes medians from records, never averages.
 */
export interface MetricRecords {
  /** All deployments read (the window's, the baseline, older ones incidents need). */
  deployments: DeploymentRecord[];
  /** PRs merged in the window that count. */
  pulls: PullResult[];
  incidents: IncidentResult[];
  /**
   * Deployments that ship a rework PR, judged over every PR each one ships (PRs merged before the
   * window included): the window is applied when the numbers are computed.
   */
  reworkDeployments: DeploymentRecord[];
  excluded: { pull: PullRecord; reason: string }[];
  negative: Flagged[];
  undeployed: PullRecord[];
}

export interface BucketMetrics {
  label: string;
  start: number;
  end: number;
  /** Clipped by the window: its numbers cover part of the bucket only. */
  partial: boolean;
  deployments: number;
  deploymentFrequency: number;
  leadTimeMedianMs: number | undefined;
  changeFailureRate: number | undefined;
  timeToRestoreMedianMs: number | undefined;
  reworkRate: number | undefined;
  incidents: number;
}

export interface Metrics {
  since: number;
  until: number;
  days: number;
  deployments: DeploymentRecord[];
  deploymentFrequency: number;
  deployDaysPerWeekMedian: number | undefined;
  leadTime: Distribution;
  phases: Record<Phase, Distribution>;
  failedDeployments: DeploymentRecord[];
  /**
   * Rollbacks in the window. One whose undone deployments no incident names is a change failure
   * of the first deployment after its target (Datadog's rule: V1→V2→V3→V1 fails V2).
   */
  rollbacks: Rollback[];
  changeFailureRate: number | undefined;
  incidentsPerDeployment: number | undefined;
  timeToRestore: Distribution;
  reworkDeployments: DeploymentRecord[];
  reworkRate: number | undefined;
  pulls: PullResult[];
  incidents: IncidentResult[];
  excluded: { pull: PullRecord; reason: string }[];
  /** Incidents without a culprit deployment: listed, never dropped. */
  unattributed: IncidentResult[];
  negative: Flagged[];
  undeployed: PullRecord[];
  buckets: BucketMetrics[];
  /** What these numbers were computed from (written to the JSON report for `mode: merge`). */
  records: MetricRecords;
}

const deploymentKey = (deployment: DeploymentRecord) => `${deployment.repo}:${deployment.id}`;
/** Environment names compare case-insensitively everywhere (`Production` and `production` are one). */
export const environmentKey = (deployment: Pick<DeploymentRecord, "repo" | "environment">) =>
  `${deployment.repo}:${(deployment.environment ?? "").toLowerCase()}`;
const inWindow = (at: number, options: MetricOptions) => at >= options.since && at < options.until;

/** All metrics over the window for one or several repositories (combined: the union of their records). */
export function computeMetrics(repos: readonly RepoData[], options: MetricOptions): Metrics {
  return summarise(mergeRecords(repos.map((data) => recordsOf(data, options))), options);
}

export function mergeRecords(list: readonly MetricRecords[]): MetricRecords {
  return {
    deployments: list.flatMap((records) => records.deployments),
    pulls: list.flatMap((records) => records.pulls),
    incidents: list.flatMap((records) => records.incidents),
    reworkDeployments: list.flatMap((records) => records.reworkDeployments),
    excluded: list.flatMap((records) => records.excluded),
    negative: list.flatMap((records) => records.negative),
    undeployed: list.flatMap((records) => records.undeployed),
  };
}

/** Each PR and incident of one repository, judged once. */
export function recordsOf(data: RepoData, options: MetricOptions): MetricRecords {
  const records: MetricRecords = {
    deployments: [...data.deployments],
    pulls: [],
    incidents: [],
    reworkDeployments: [],
    excluded: [],
    negative: [],
    undeployed: [],
  };
  const context = attributionContext(data);
  const rollbackOfCulprit = rollbackIndex(rollbacksOf(data.deployments));
  const source = options.incidentSource;
  const fromPulls = source !== "issues";
  const issues =
    source === "pull-requests" ? [] : (data.incidentIssues ?? []).filter((issue) => inWindow(issue.mergedAt, options));
  const issueNumbers = new Set(issues.map((issue) => issue.number));
  for (const pull of data.pulls) {
    const shippedBy = data.shipped.get(pull.number);
    // Rework is judged per deployment over every PR it ships, however long before the window it merged.
    if (shippedBy !== undefined && isRework(pull, options) && exclusionReason(pull, options.exclusions) === undefined)
      records.reworkDeployments.push(shippedBy);
    if (!inWindow(pull.mergedAt, options)) continue;
    const reason = exclusionReason(pull, options.exclusions);
    if (reason !== undefined) {
      records.excluded.push({ pull, reason });
      continue;
    }
    const deployment = data.shipped.get(pull.number);
    const result = pullResult(pull, deployment, options);
    if (deployment === undefined) records.undeployed.push(pull);
    if (result.leadTimeMs !== undefined && result.leadTimeMs < 0) {
      records.negative.push({ pull, what: "lead time", ms: result.leadTimeMs });
      result.leadTimeMs = undefined;
    }
    const coding = result.phases.coding;
    if (coding !== undefined && coding < 0) {
      // One flag per PR: a negative lead time already says the first commit is out of place.
      if (!records.negative.some((flag) => flag.pull === pull))
        records.negative.push({ pull, what: "coding time", ms: coding });
      delete result.phases.coding;
    }
    records.pulls.push(result);
    const closesIncidentIssue = closedIssueNumbers(pull.body).some((number) => issueNumbers.has(number));
    if (result.incident && fromPulls && !closesIncidentIssue) {
      records.incidents.push(incidentResult(pull, deployment, context, rollbackOfCulprit, options, records.negative));
    }
  }
  for (const issue of issues) {
    // Restored by the fixing PR's deployment (a PR body saying `Fixes #n`), else when the issue closed.
    const fixing = records.pulls.find((result) => closedIssueNumbers(result.pull.body).includes(issue.number));
    const fix = fixing?.deployment;
    const closed = fix === undefined && issue.closedAt !== undefined ? issue.closedAt : undefined;
    records.incidents.push(incidentResult(issue, fix, context, rollbackOfCulprit, options, records.negative, closed));
  }
  return records;
}

/** The numbers over the window, from records (of one repository or several). */
export function summarise(records: MetricRecords, options: MetricOptions): Metrics {
  const days = (options.until - options.since) / DAY;
  const deployments = records.deployments
    .filter((deployment) => inWindow(deployment.at, options))
    .sort((a, b) => a.at - b.at);
  const { pulls, incidents } = records;
  const rolledBack = rollbacksOf(records.deployments).filter((rollback) => inWindow(rollback.deployment.at, options));
  const leadTimes = pulls.flatMap((result) => result.leadTimeMs ?? []);
  const failed = distinctDeployments(failedDeployments(incidents, rolledBack), options);
  const rework = distinctDeployments(records.reworkDeployments, options);
  const restoreTimes = incidents.flatMap((incident) => incident.restoreMs ?? []);
  const count = deployments.length;

  return {
    since: options.since,
    until: options.until,
    days,
    deployments,
    deploymentFrequency: days > 0 ? count / days : 0,
    deployDaysPerWeekMedian: deployDaysPerWeek(deployments, options),
    leadTime: distribution(leadTimes),
    phases: Object.fromEntries(
      PHASES.map((phase) => [phase, distribution(pulls.flatMap((result) => result.phases[phase] ?? []))]),
    ) as Record<Phase, Distribution>,
    failedDeployments: failed,
    rollbacks: rolledBack,
    changeFailureRate: count > 0 ? failed.length / count : undefined,
    incidentsPerDeployment: count > 0 ? incidents.length / count : undefined,
    timeToRestore: distribution(restoreTimes),
    reworkDeployments: rework,
    reworkRate: count > 0 ? rework.length / count : undefined,
    pulls,
    incidents,
    excluded: records.excluded,
    unattributed: incidents.filter((incident) => incident.attribution.culprit === undefined),
    negative: records.negative,
    undeployed: records.undeployed,
    buckets: bucketMetrics(buckets(options.since, options.until, options.bucket, options.timeZone), {
      deployments,
      pulls,
      incidents,
      rollbacks: rolledBack,
      rework,
    }),
    records,
  };
}

/**
 * Datadog's rollback rule, per repository and environment (case-insensitive), in time order: a
 * deployment of a version (commit SHA) that was deployed there before and differs from the one live
 * there went back to the latest earlier deployment of that version and undid everything after it.
 * A run that was queued and finished after a newer one deploys a version never deployed there
 * before: it is no rollback.
 */
export function rollbacksOf(deployments: readonly DeploymentRecord[]): Rollback[] {
  const environments = new Map<string, { list: DeploymentRecord[]; lastIndexOf: Map<string, number> }>();
  const found: Rollback[] = [];
  for (const deployment of [...deployments].sort((a, b) => a.at - b.at)) {
    const key = environmentKey(deployment);
    let history = environments.get(key);
    if (history === undefined) {
      history = { list: [], lastIndexOf: new Map() };
      environments.set(key, history);
    }
    const { list, lastIndexOf } = history;
    const live = list.at(-1);
    const targetIndex = lastIndexOf.get(deployment.sha);
    if (live !== undefined && deployment.sha !== "" && deployment.sha !== live.sha && targetIndex !== undefined) {
      found.push({
        deployment,
        target: list[targetIndex] as DeploymentRecord,
        undid: list.slice(targetIndex + 1),
      });
    }
    lastIndexOf.set(deployment.sha, list.length);
    list.push(deployment);
  }
  return found;
}

/**
 * The change failures: every incident's culprit, and for each rollback that no incident explains
 * (none of the deployments it undid is a culprit) the first deployment after its target.
 */
export function failedDeployments(incidents: readonly IncidentResult[], rollbacks: readonly Rollback[]) {
  const culprits = incidents.flatMap((incident) => incident.attribution.culprit ?? []);
  const blamed = new Set(culprits.map(deploymentKey));
  const unexplained = rollbacks.flatMap((rollback) =>
    rollback.undid.some((undone) => blamed.has(deploymentKey(undone))) ? [] : rollback.undid.slice(0, 1),
  );
  return [...culprits, ...unexplained];
}

function attributionContext(data: RepoData): AttributionContext {
  return {
    deployments: data.deployments,
    deploymentOfPull: (number) => data.shipped.get(number),
    deploymentOfSha: (sha) => data.deploymentOfSha(sha),
  };
}

function pullResult(pull: PullRecord, deployment: DeploymentRecord | undefined, options: MetricOptions): PullResult {
  const phases: Partial<Record<Phase, number>> = {};
  if (pull.firstCommitAt !== undefined) phases.coding = pull.createdAt - pull.firstCommitAt;
  if (pull.firstReviewAt !== undefined) phases.pickup = Math.max(0, pull.firstReviewAt - pull.createdAt);
  phases.review = Math.max(0, pull.mergedAt - Math.max(pull.createdAt, pull.firstReviewAt ?? pull.createdAt));
  if (deployment !== undefined) phases.deploy = deployment.at - pull.mergedAt;
  const leadTimeMs =
    deployment !== undefined && pull.firstCommitAt !== undefined ? deployment.at - pull.firstCommitAt : undefined;
  return {
    pull,
    incident: isIncident(pull, options.incidentLabels),
    rework: isRework(pull, options),
    deployment,
    leadTimeMs,
    phases,
  };
}

/** Unplanned work fixing a user-facing problem: a rework label, or a revert. */
function isRework(pull: PullRecord, options: Pick<MetricOptions, "reworkLabels">): boolean {
  return (
    pull.labels.some((label) => options.reworkLabels.includes(label.toLowerCase())) ||
    readIncidentLinks(pull.body, pull.headRefName).reverts !== undefined
  );
}

function incidentResult(
  pull: PullRecord,
  fix: DeploymentRecord | undefined,
  context: AttributionContext,
  rollbackOfCulprit: (culprit: DeploymentRecord) => DeploymentRecord | undefined,
  options: MetricOptions,
  negative: Flagged[],
  closedAt?: number,
): IncidentResult {
  const attribution = attributeIncident(pull, context);
  const culprit = attribution.culprit;
  const rollback = culprit === undefined ? undefined : rollbackOfCulprit(culprit);
  const ends = [
    ...(fix === undefined ? [] : [{ by: "fix" as const, at: fix.at }]),
    ...(closedAt === undefined ? [] : [{ by: "close" as const, at: closedAt }]),
    ...(rollback !== undefined && options.restoreOnRollback ? [{ by: "rollback" as const, at: rollback.at }] : []),
  ].sort((a, b) => a.at - b.at);
  const end = ends[0];
  if (end === undefined) {
    return { pull, attribution, fix, rollback, restoreMs: undefined, problem: "the fix is not deployed yet" };
  }
  const restoreMs = end.at - attribution.start;
  if (restoreMs < 0) {
    negative.push({ pull, what: "time to restore", ms: restoreMs });
    return {
      pull,
      attribution,
      fix,
      rollback,
      restoreMs: undefined,
      problem: "negative: the start is after the fix deployed",
    };
  }
  return { pull, attribution, fix, rollback, restoredBy: end.by, restoreMs, problem: undefined };
}

/** For each deployment a rollback undid, the first such rollback (built once; looked up per incident). */
export function rollbackIndex(
  rollbacks: readonly Rollback[],
): (culprit: DeploymentRecord) => DeploymentRecord | undefined {
  const firstUndo = new Map<string, DeploymentRecord>();
  for (const rollback of [...rollbacks].sort((a, b) => a.deployment.at - b.deployment.at))
    for (const undone of rollback.undid)
      if (!firstUndo.has(deploymentKey(undone))) firstUndo.set(deploymentKey(undone), rollback.deployment);
  return (culprit) => firstUndo.get(deploymentKey(culprit));
}

/** The first rollback that undid the culprit: a redeploy, in its environment, of a version live there before it. */
export function rollbackOf(
  culprit: DeploymentRecord,
  deployments: readonly DeploymentRecord[],
): DeploymentRecord | undefined {
  return rollbackIndex(rollbacksOf(deployments))(culprit);
}

/** Deployments in the window, each once (a deployment with two incidents fails once). */
function distinctDeployments(list: readonly DeploymentRecord[], options: MetricOptions): DeploymentRecord[] {
  const seen = new Map<string, DeploymentRecord>();
  for (const deployment of list) {
    if (inWindow(deployment.at, options)) seen.set(deploymentKey(deployment), deployment);
  }
  return [...seen.values()].sort((a, b) => a.at - b.at);
}

/** Median over the ISO weeks (in the time zone) of the window of the days with at least one deployment. */
function deployDaysPerWeek(deployments: readonly DeploymentRecord[], options: MetricOptions): number | undefined {
  const weeks = buckets(options.since, options.until, "week", options.timeZone);
  if (weeks.length === 0) return undefined;
  const deployDays = new Set(deployments.map((deployment) => localDay(deployment.at, options.timeZone)));
  const counts = weeks.map(
    (week) => localDays(week.start, week.end, options.timeZone).filter((day) => deployDays.has(day)).length,
  );
  return median(counts);
}

function bucketMetrics(
  list: Bucket[],
  data: {
    deployments: DeploymentRecord[];
    pulls: PullResult[];
    incidents: IncidentResult[];
    rollbacks: Rollback[];
    rework: DeploymentRecord[];
  },
): BucketMetrics[] {
  const failedList = failedDeployments(data.incidents, data.rollbacks);
  return list.map((bucket) => {
    const inBucket = (at: number | undefined) => at !== undefined && bucketOf(at, [bucket]) !== undefined;
    const deployments = data.deployments.filter((deployment) => inBucket(deployment.at));
    const keys = new Set(deployments.map(deploymentKey));
    const count = deployments.length;
    const inside = (deployment: DeploymentRecord | undefined) =>
      deployment !== undefined && keys.has(deploymentKey(deployment)) ? [deploymentKey(deployment)] : [];
    const failed = new Set(failedList.flatMap(inside));
    const rework = new Set(data.rework.flatMap(inside));
    const restored = data.incidents.filter(
      (incident) => inBucket(restoreEnd(incident)) && incident.restoreMs !== undefined,
    );
    return {
      label: bucket.label,
      start: bucket.start,
      end: bucket.end,
      partial: bucket.partial,
      deployments: count,
      deploymentFrequency: bucketDays(bucket) > 0 ? count / bucketDays(bucket) : 0,
      leadTimeMedianMs: median(
        data.pulls.flatMap((result) => (inBucket(result.deployment?.at) ? (result.leadTimeMs ?? []) : [])),
      ),
      changeFailureRate: count > 0 ? failed.size / count : undefined,
      timeToRestoreMedianMs: median(restored.flatMap((incident) => incident.restoreMs ?? [])),
      reworkRate: count > 0 ? rework.size / count : undefined,
      incidents: data.incidents.filter((incident) => inBucket(incident.pull.mergedAt)).length,
    };
  });
}

/** When an incident's restore time ended (the fix's deployment or the rollback). */
export function restoreEnd(incident: IncidentResult): number | undefined {
  if (incident.restoredBy === "rollback") return incident.rollback?.at;
  if (incident.restoredBy === "close") return incident.pull.closedAt;
  return incident.fix?.at;
}
