import type { MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { chunks, formatInZone } from "@sre-actions/core";
import type { DbInfo } from "./db.js";
import type { ServiceInfo } from "./model.js";
import type { CloudWatchPort } from "./ports.js";
import { keepRunningUntil } from "./schedule.js";

/** GetMetricData takes at most 500 MetricDataQuery structures and answers at most 100,800 data points. */
export const METRICS_PER_CALL = 500;
const DATAPOINTS_PER_CALL = 100_800;
/** CloudWatch's price for GetMetricData: USD per 1,000 metrics requested. */
export const USD_PER_1000_METRICS = 0.01;

/** What the load balancer saw of one target group in the window. */
export interface TargetGroupTraffic {
  requests: number;
  /** Start of the newest period with requests; undefined when none in the window. */
  lastRequestAt: number | undefined;
}

export interface Traffic {
  byTargetGroup: Map<string, TargetGroupTraffic>;
  window: { start: number; end: number; periodSeconds: number };
  /** What reading it cost: GetMetricData calls (pages included) and metrics requested. */
  cost: { calls: number; metrics: number; usd: number };
}

/** `arn:aws:elasticloadbalancing:…:targetgroup/web/0123` → `targetgroup/web/0123` (the metric's dimension value). */
export function targetGroupDimension(arn: string): string {
  const at = arn.indexOf("targetgroup/");
  return at === -1 ? arn : arn.slice(at);
}

/** How far back the last request is looked for (the summary shows it), at least idle-after. */
export const LOOKBACK_MS = 24 * 3_600_000;

/**
 * The requests of every target group over the last day (or idle-after, when longer), in as few
 * GetMetricData calls as the API allows: 500 metrics a call, and the finest period (60 s or a
 * multiple) at which a call's series fit the 100,800 data points of one answer (one minute for
 * up to 70 target groups over a day; 3 minutes for 500). The metric is the Application Load Balancer's
 * `RequestCountPerTarget` with the `TargetGroup` dimension alone (Sum): it needs no load balancer
 * ARN, so no Elastic Load Balancing call and no extra permission. ELB publishes it only while
 * requests flow, so a missing data point is a minute without requests.
 */
export async function readTraffic(
  cloudWatch: CloudWatchPort,
  targetGroups: readonly string[],
  now: number,
  windowMs: number,
): Promise<Traffic> {
  const unique = [...new Set(targetGroups)];
  const batches = chunks(unique, METRICS_PER_CALL);
  const widest = Math.max(1, ...batches.map((batch) => batch.length));
  const perSeries = Math.floor(DATAPOINTS_PER_CALL / widest);
  const periodSeconds = Math.max(60, Math.ceil(windowMs / 1000 / perSeries / 60) * 60);
  // Aligned on whole periods, as the reference recommends for a fast answer.
  const end = Math.floor(now / 60_000) * 60_000;
  const start = end - Math.ceil(windowMs / (periodSeconds * 1000)) * periodSeconds * 1000;
  const byTargetGroup = new Map<string, TargetGroupTraffic>();
  let calls = 0;
  for (const batch of batches) {
    const queries: MetricDataQuery[] = batch.map((arn, index) => ({
      Id: `tg${index}`,
      MetricStat: {
        Metric: {
          Namespace: "AWS/ApplicationELB",
          MetricName: "RequestCountPerTarget",
          Dimensions: [{ Name: "TargetGroup", Value: targetGroupDimension(arn) }],
        },
        Period: periodSeconds,
        Stat: "Sum",
      },
    }));
    let nextToken: string | undefined;
    do {
      const page = await cloudWatch.getMetricData({
        MetricDataQueries: queries,
        StartTime: new Date(start),
        EndTime: new Date(end),
        ScanBy: "TimestampDescending",
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      });
      calls += 1;
      for (const result of page.MetricDataResults ?? []) {
        const arn = batch[Number((result.Id ?? "").slice(2))];
        if (arn === undefined) continue;
        const seen = byTargetGroup.get(arn) ?? { requests: 0, lastRequestAt: undefined };
        (result.Values ?? []).forEach((value, index) => {
          const at = result.Timestamps?.[index]?.getTime();
          seen.requests += value;
          if (value > 0 && at !== undefined) seen.lastRequestAt = Math.max(seen.lastRequestAt ?? at, at);
        });
        byTargetGroup.set(arn, seen);
      }
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
  }
  for (const arn of unique)
    if (!byTargetGroup.has(arn)) byTargetGroup.set(arn, { requests: 0, lastRequestAt: undefined });
  const metrics = unique.length;
  return {
    byTargetGroup,
    window: { start, end, periodSeconds },
    cost: { calls, metrics: calls === 0 ? 0 : metrics, usd: (metrics * USD_PER_1000_METRICS) / 1000 },
  };
}

/** What this run does with one environment, and why. */
export type IdleVerdict = {
  environment: string;
  /** sleep: stopped now; asleep: already stopped; wake: part of it woke (deploy, reservation), the rest starts. */
  kind: "sleep" | "asleep" | "awake" | "wake" | "kept";
  reason: string;
  /** Minutes since the last request, deployment or task start seen (a lower bound when none was seen). */
  idleMinutes: number;
  lastRequestAt: number | undefined;
  lastDeployAt: number | undefined;
};

export interface IdleRules {
  now: number;
  idleAfterMs: number;
  idleWithoutTrafficMetric: boolean;
  timeZone: string;
}

/**
 * The pure verdict for one environment: kept by a keep-running-until tag; asleep when every
 * service is stopped; woken when some slept for idleness and some run again (a deploy or a
 * reservation woke them); otherwise asleep from now when, for idle-after, no request reached any of
 * its services, no deployment started and ECS started no task.
 */
export function judgeEnvironment(
  environment: string,
  services: readonly ServiceInfo[],
  dbs: readonly DbInfo[],
  traffic: Traffic | undefined,
  rules: IdleRules,
): IdleVerdict {
  const { now } = rules;
  const at = (time: number | undefined) => (time === undefined ? "none" : formatInZone(time, rules.timeZone));
  const lastDeployAt = latest(services.map((service) => service.lastDeployAt));
  const lastRequestAt = latest(
    services.flatMap((service) => service.targetGroups.map((arn) => traffic?.byTargetGroup.get(arn)?.lastRequestAt)),
  );
  const lastStartAt = latest(services.map((service) => service.lastStartAt));
  // A request may fall anywhere in its period: count it at the period's last minute (never early).
  const slack = ((traffic?.window.periodSeconds ?? 60) - 60) * 1000;
  const activity = latest([lastRequestAt === undefined ? undefined : lastRequestAt + slack, lastDeployAt, lastStartAt]);
  const idleMs = activity === undefined ? rules.idleAfterMs : Math.max(0, now - activity);
  const base = { environment, idleMinutes: Math.floor(idleMs / 60_000), lastRequestAt, lastDeployAt };

  const keeper = [
    ...services.map((service) => ({ name: service.name, tags: service.tags })),
    ...dbs.map((db) => ({ name: db.id, tags: db.tags })),
  ].find(({ tags }) => (keepRunningUntil(tags, rules.timeZone)?.getTime() ?? 0) > now);
  if (keeper !== undefined) {
    const until = keepRunningUntil(keeper.tags, rules.timeZone);
    return { ...base, kind: "kept", reason: `${keeper.name} is tagged keep-running-until ${at(until?.getTime())}` };
  }

  const stopped = services.filter((service) => service.saved !== undefined);
  if (stopped.length === services.length) {
    const idle = stopped.filter((service) => service.saved?.reason === "idle");
    const since = latest(stopped.map((service) => service.saved?.savedAt.getTime()));
    return {
      ...base,
      kind: "asleep",
      reason:
        idle.length > 0
          ? `asleep since ${at(since)} (idle); a deploy or a reservation wakes it`
          : `stopped since ${at(since)} (not for idleness)`,
    };
  }
  const idleAsleep = [
    ...stopped.filter((service) => service.saved?.reason === "idle").map((service) => service.name),
    ...dbs.filter((db) => db.stoppedForIdle && db.status !== "available").map((db) => db.id),
  ];
  if (idleAsleep.length > 0) {
    const awake = services.filter((service) => service.saved === undefined).map((service) => service.name);
    return {
      ...base,
      kind: "wake",
      reason: `${awake.join(", ")} ${awake.length === 1 ? "runs" : "run"} again (a deploy or a reservation woke ${environment}): starting ${idleAsleep.join(", ")}`,
    };
  }

  const blind = services.filter(
    (service) => service.saved === undefined && service.desired > 0 && service.targetGroups.length === 0,
  );
  if (blind.length > 0 && !rules.idleWithoutTrafficMetric) {
    const names = blind.map((service) => service.name).join(", ");
    const why = blind.some((service) => service.classicLoadBalancers.length > 0)
      ? "a Classic Load Balancer or none"
      : "no load balancer";
    return {
      ...base,
      kind: "awake",
      reason: `${names} ${blind.length === 1 ? "is" : "are"} behind ${why}, so ${blind.length === 1 ? "its" : "their"} traffic is unknown (idle-without-traffic-metric: true counts ${blind.length === 1 ? "it" : "them"} idle)`,
    };
  }

  const facts = `last request ${at(lastRequestAt)}, last deploy ${at(lastDeployAt)}, tasks last started ${at(lastStartAt)}`;
  const window = Math.round(rules.idleAfterMs / 60_000);
  if (idleMs >= rules.idleAfterMs) {
    const quiet = activity === undefined ? `nothing in the last ${window} min` : `idle for ${base.idleMinutes} min`;
    return { ...base, kind: "sleep", reason: `${quiet} (idle-after ${window} min): ${facts}` };
  }
  return { ...base, kind: "awake", reason: `active ${base.idleMinutes} min ago (idle-after ${window} min): ${facts}` };
}

function latest(times: readonly (number | undefined)[]): number | undefined {
  const known = times.filter((time): time is number => time !== undefined);
  return known.length === 0 ? undefined : Math.max(...known);
}
