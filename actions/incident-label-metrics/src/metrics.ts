import { type AttributionContext, attributeIncident } from "./attribution.js";
import { type Bucket, type BucketSize, bucketDays, bucketOf, buckets, localDay, localDays } from "./buckets.js";
import { type Exclusions, exclusionReason, isIncident } from "./filters.js";
import type { DeploymentRecord, IncidentAttribution, PullRecord } from "./model.js";
import { DAY, type Distribution, distribution, median } from "./stats.js";

/** Everything fetched for one repository. */
export interface RepoData {
  repo: string;
  /** Merged PRs into the base branch (the window's and older ones used for attribution). */
  pulls: readonly PullRecord[];
  /** Successful production deployments, oldest first (the window's plus earlier ones). */
  deployments: readonly DeploymentRecord[];
  /** The first deployment containing each PR's merge commit. */
  shipped: ReadonlyMap<number, DeploymentRecord>;
  /** The first deployment containing a commit (full or abbreviated SHA). */
  deploymentOfSha(sha: string): DeploymentRecord | undefined;
}

export interface MetricOptions {
  since: number;
  until: number;
  timeZone: string;
  bucket: BucketSize;
  incidentLabels: readonly string[];
  exclusions: Exclusions;
}

export type Phase = "coding" | "pickup" | "review" | "deploy";
export const PHASES: readonly Phase[] = ["coding", "pickup", "review", "deploy"];

export interface PullResult {
  pull: PullRecord;
  incident: boolean;
  deployment: DeploymentRecord | undefined;
  leadTimeMs: number | undefined;
  phases: Partial<Record<Phase, number>>;
}

export interface IncidentResult {
  pull: PullRecord;
  attribution: IncidentAttribution;
  fix: DeploymentRecord | undefined;
  restoreMs: number | undefined;
  /** Why the restore time is not counted (not deployed yet, negative). */
  problem: string | undefined;
}

export interface Flagged {
  pull: PullRecord;
  what: "lead time" | "time to restore";
  ms: number;
}

export interface BucketMetrics {
  label: string;
  start: number;
  end: number;
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
}

const deploymentKey = (deployment: DeploymentRecord) => `${deployment.repo}:${deployment.id}`;
const inWindow = (at: number, options: MetricOptions) => at >= options.since && at < options.until;

/** All metrics over the window for one or several repositories (combined: the union of both). */
export function computeMetrics(repos: readonly RepoData[], options: MetricOptions): Metrics {
  const days = (options.until - options.since) / DAY;
  const deployments = repos
    .flatMap((data) => data.deployments.filter((deployment) => inWindow(deployment.at, options)))
    .sort((a, b) => a.at - b.at);
  const excluded: Metrics["excluded"] = [];
  const pulls: PullResult[] = [];
  const incidents: IncidentResult[] = [];
  const negative: Flagged[] = [];
  const undeployed: PullRecord[] = [];

  for (const data of repos) {
    const context = attributionContext(data);
    for (const pull of data.pulls) {
      if (!inWindow(pull.mergedAt, options)) continue;
      const reason = exclusionReason(pull, options.exclusions);
      if (reason !== undefined) {
        excluded.push({ pull, reason });
        continue;
      }
      const deployment = data.shipped.get(pull.number);
      const result = pullResult(pull, deployment, isIncident(pull, options.incidentLabels));
      if (deployment === undefined) undeployed.push(pull);
      if (result.leadTimeMs !== undefined && result.leadTimeMs < 0) {
        negative.push({ pull, what: "lead time", ms: result.leadTimeMs });
        result.leadTimeMs = undefined;
      }
      pulls.push(result);
      if (result.incident) incidents.push(incidentResult(pull, deployment, context, negative));
    }
  }

  const leadTimes = pulls.flatMap((result) => result.leadTimeMs ?? []);
  const failed = distinctDeployments(
    incidents.flatMap((incident) => incident.attribution.culprit ?? []),
    options,
  );
  const rework = distinctDeployments(
    incidents.flatMap((incident) => incident.fix ?? []),
    options,
  );
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
    changeFailureRate: count > 0 ? failed.length / count : undefined,
    incidentsPerDeployment: count > 0 ? incidents.length / count : undefined,
    timeToRestore: distribution(restoreTimes),
    reworkDeployments: rework,
    reworkRate: count > 0 ? rework.length / count : undefined,
    pulls,
    incidents,
    excluded,
    unattributed: incidents.filter((incident) => incident.attribution.culprit === undefined),
    negative,
    undeployed,
    buckets: bucketMetrics(buckets(options.since, options.until, options.bucket, options.timeZone), {
      deployments,
      pulls,
      incidents,
    }),
  };
}

function attributionContext(data: RepoData): AttributionContext {
  return {
    deployments: data.deployments,
    deploymentOfPull: (number) => data.shipped.get(number),
    deploymentOfSha: (sha) => data.deploymentOfSha(sha),
  };
}

function pullResult(pull: PullRecord, deployment: DeploymentRecord | undefined, incident: boolean): PullResult {
  const phases: Partial<Record<Phase, number>> = {};
  if (pull.firstCommitAt !== undefined) phases.coding = Math.max(0, pull.createdAt - pull.firstCommitAt);
  if (pull.firstReviewAt !== undefined) phases.pickup = Math.max(0, pull.firstReviewAt - pull.createdAt);
  phases.review = Math.max(0, pull.mergedAt - Math.max(pull.createdAt, pull.firstReviewAt ?? pull.createdAt));
  if (deployment !== undefined) phases.deploy = deployment.at - pull.mergedAt;
  const leadTimeMs =
    deployment !== undefined && pull.firstCommitAt !== undefined ? deployment.at - pull.firstCommitAt : undefined;
  return { pull, incident, deployment, leadTimeMs, phases };
}

function incidentResult(
  pull: PullRecord,
  fix: DeploymentRecord | undefined,
  context: AttributionContext,
  negative: Flagged[],
): IncidentResult {
  const attribution = attributeIncident(pull, context);
  if (fix === undefined) {
    return { pull, attribution, fix, restoreMs: undefined, problem: "the fix is not deployed yet" };
  }
  const restoreMs = fix.at - attribution.start;
  if (restoreMs < 0) {
    negative.push({ pull, what: "time to restore", ms: restoreMs });
    return { pull, attribution, fix, restoreMs: undefined, problem: "negative: the start is after the fix deployed" };
  }
  return { pull, attribution, fix, restoreMs, problem: undefined };
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
  data: { deployments: DeploymentRecord[]; pulls: PullResult[]; incidents: IncidentResult[] },
): BucketMetrics[] {
  return list.map((bucket) => {
    const inBucket = (at: number | undefined) => at !== undefined && bucketOf(at, [bucket]) !== undefined;
    const deployments = data.deployments.filter((deployment) => inBucket(deployment.at));
    const keys = new Set(deployments.map(deploymentKey));
    const count = deployments.length;
    const failed = new Set(
      data.incidents.flatMap((incident) => {
        const culprit = incident.attribution.culprit;
        return culprit !== undefined && keys.has(deploymentKey(culprit)) ? [deploymentKey(culprit)] : [];
      }),
    );
    const rework = new Set(
      data.incidents.flatMap((incident) =>
        incident.fix !== undefined && keys.has(deploymentKey(incident.fix)) ? [deploymentKey(incident.fix)] : [],
      ),
    );
    const restored = data.incidents.filter(
      (incident) => inBucket(incident.fix?.at) && incident.restoreMs !== undefined,
    );
    return {
      label: bucket.label,
      start: bucket.start,
      end: bucket.end,
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
