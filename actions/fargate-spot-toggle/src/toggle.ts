import { type Clock, type Logger, logText } from "@sre-actions/core";
import { type ApplyDeps, applyPlan, type Outcome } from "./apply.js";
import {
  type DbEntry,
  type DbInfo,
  type DbOutcome,
  dbOutcomes,
  planDb,
  readDbClusters,
  startClusters,
  stopClusters,
} from "./db.js";
import { type EnvironmentReport, environmentReports } from "./environment-report.js";
import { environmentMatcher, environmentOf, groupByEnvironment } from "./environments.js";
import { type IdleVerdict, judgeEnvironment, LOOKBACK_MS, readTraffic, type Traffic } from "./idle.js";
import type { FargateSpotToggleInputs } from "./inputs.js";
import { type PlanEntry, type ServiceInfo, TAG_KEEP_RUNNING_UNTIL } from "./model.js";
import type { Pacer } from "./pacing.js";
import { offHoursOf, type PlanContext, planService } from "./plan.js";
import type { CloudWatchPort, RdsPort } from "./ports.js";
import { defaultWindows, roundUsd } from "./savings.js";
import { decide, keepRunningUntil, type Schedule } from "./schedule.js";
import { type Clients, type ClusterInfo, describeSizes, readClusters, readServices } from "./select.js";
import { type Savings, savingsOf } from "./tonight.js";

/** Modes whose plan needs task sizes and platform before acting (Spot checks, the status output). */
const SIZES_FIRST = new Set<FargateSpotToggleInputs["mode"]>(["spot", "status"]);
/** Modes that read them alongside the changes, for the savings only (`start` needs none). */
const SIZES_LATER = new Set<FargateSpotToggleInputs["mode"]>(["stop", "schedule", "on-demand", "idle"]);

export interface FargateSpotToggleDeps extends Clients {
  rds: RdsPort;
  cloudWatch: CloudWatchPort;
  clock: Clock;
  log: Logger;
  /** The ECS pacer (its throttle counts are read by tests and the bench). */
  pacer?: Pacer;
}

export interface FargateSpotToggleResult {
  mode: FargateSpotToggleInputs["mode"];
  dryRun: boolean;
  now: number;
  timeZone: string;
  region: string | undefined;
  outcomes: Outcome[];
  dbOutcomes: DbOutcome[];
  changed: number;
  skipped: number;
  failed: number;
  /** Schedule + Spot + Aurora, a month (see `savings`). */
  estimatedMonthlySavings: number;
  savings: Savings;
  /** Mode idle, or schedule with idle-after: one report per environment. */
  environments: EnvironmentReport[];
  /** What reading the traffic cost (undefined when no metric was read). */
  traffic: Traffic["cost"] | undefined;
  durationMs: number;
}

/**
 * Plan, then act: read everything, decide per service and DB cluster, print the plan, apply it
 * (unless dry-run): clusters start first and are waited for, services change, clusters stop last.
 */
export async function toggle(
  inputs: FargateSpotToggleInputs,
  deps: FargateSpotToggleDeps,
): Promise<FargateSpotToggleResult> {
  const started = deps.clock.now();
  const now = inputs.now?.getTime() ?? started;
  const { clusters, dbs, readEcs, ...read } = await readEverything(inputs, deps);
  let services = read.services;

  const judged = await judgeEnvironments(inputs, deps, services, dbs, now);
  const context = planContext(inputs, now, judged?.verdicts);
  let entries = services.map((service) => planService(service, context));
  const dbEntries = dbs.flatMap((db) => planCluster(db, inputs, context));
  await deps.log.group(inputs.dryRun ? "Plan (dry run: nothing is changed)" : "Plan", async () => {
    for (const verdict of judged?.verdicts.values() ?? []) {
      deps.log.info(`environment ${logText(verdict.environment)}: ${verdict.kind}: ${logText(verdict.reason)}`);
    }
    for (const entry of entries) deps.log.info(planLine(entry));
    for (const entry of dbEntries)
      deps.log.info(`${logText(entry.db.id)} (DB cluster): ${entry.change.kind} (${logText(entry.reason)})`);
    for (const entry of [...entries.filter((item) => item.warn), ...dbEntries.filter((item) => item.warn)]) {
      const name = "service" in entry ? `${entry.service.cluster}/${entry.service.name}` : entry.db.id;
      deps.log.warning(`${logText(name)}: ${logText(entry.reason)}`);
    }
  });

  const act = !inputs.dryRun && inputs.mode !== "status";
  const dbDeps = { ...deps, now };
  const dbStarted = act
    ? await deps.log.group("Start DB clusters", () => startClusters(dbEntries, inputs.dbStartTimeoutMs, dbDeps))
    : new Map<string, DbOutcome>();
  if (act && dbEntries.some((entry) => entry.change.kind === "start" || entry.change.kind === "wait")) {
    // Minutes went by waiting for Aurora: a deploy may have woken a service meanwhile. Plan again
    // from what the services are now, so nothing this run decided before the wait undoes it.
    services = await deps.log.group("Read services again after the DB clusters", () => readEcs(clusters));
    entries = replan(entries, services, context, deps.log);
  }
  const applyDeps: ApplyDeps = { ...deps, now };
  // Sizes only price the plan: read them while the changes go out (reads and writes overlap).
  const sizes = SIZES_LATER.has(inputs.mode)
    ? describeSizes(deps.ecs, services, inputs.concurrency)
    : Promise.resolve();
  const applied = act
    ? await deps.log.group("Apply", () => applyPlan(entries, clusters, inputs.concurrency, applyDeps))
    : entries.map((entry) => dryOutcome(entry));
  await sizes;
  const outcomes = SIZES_LATER.has(inputs.mode)
    ? applied.map((outcome) => ({
        ...outcome,
        entry: { ...outcome.entry, monthlySaving: planService(outcome.entry.service, context).monthlySaving },
      }))
    : applied;
  const stopped = act ? await deps.log.group("Stop DB clusters", () => stopClusters(dbEntries, dbDeps)) : new Map();
  const db = dbOutcomes(dbEntries, new Map([...dbStarted, ...stopped]), inputs.dryRun);

  const all = [...outcomes.map((outcome) => outcome.status), ...db.map((outcome) => outcome.status)];
  const count = (status: Outcome["status"]) => all.filter((item) => item === status).length;
  const savings = savingsOf(outcomes, db, inputs, context);
  return {
    mode: inputs.mode,
    dryRun: inputs.dryRun,
    now,
    timeZone: inputs.timeZone,
    region: inputs.region,
    outcomes,
    dbOutcomes: db,
    changed: count("changed"),
    skipped: count("skipped"),
    failed: count("failed"),
    estimatedMonthlySavings: roundUsd(savings.total),
    savings,
    environments: judged === undefined ? [] : environmentReports(judged.verdicts, outcomes, db, inputs, now),
    traffic: judged?.traffic?.cost,
    durationMs: deps.clock.now() - started,
  };
}

/**
 * Read-only pre-flight: the clusters, the selected services (and their environments) and, alongside,
 * the DB clusters. `readEcs` reads the services again the same way (after the Aurora wait).
 */
async function readEverything(inputs: FargateSpotToggleInputs, deps: FargateSpotToggleDeps) {
  const inEnvironment = environmentMatcher(inputs.environments);
  const byEnvironment = inputs.environments.length > 0;
  const readEcs = async (clusters: ClusterInfo[]) => {
    const read = await readServices(deps, clusters, inputs, {
      concurrency: inputs.concurrency,
      taskDefinitions: SIZES_FIRST.has(inputs.mode),
    });
    for (const service of read) service.environment = environmentOf(service, inputs.environmentFrom, inEnvironment);
    return byEnvironment ? read.filter((service) => service.environment !== undefined) : read;
  };
  return deps.log.group("Read services", async () => {
    // DB clusters are read alongside the services: independent calls, separate rate limits.
    const [ecs, dbs] = await Promise.all([
      (async () => {
        const clusters = await readClusters(deps.ecs, inputs.clusters);
        return { clusters, services: await readEcs(clusters) };
      })(),
      readDbClusters(deps.rds, inputs.dbClusters),
    ]);
    for (const db of dbs)
      db.environment = environmentOf({ name: db.id, tags: db.tags }, inputs.environmentFrom, inEnvironment);
    const selectedDbs = byEnvironment ? dbs.filter((db) => db.environment !== undefined) : dbs;
    const names = ecs.clusters.map((cluster) => logText(cluster.name)).join(", ");
    deps.log.info(
      `${ecs.services.length} services selected in ${names}${selectedDbs.length > 0 ? `; ${selectedDbs.length} DB clusters` : ""}`,
    );
    return { ...ecs, dbs: selectedDbs, readEcs };
  });
}

/** The plan of the services as they are now; logs each service whose change differs from before. */
function replan(before: PlanEntry[], services: ServiceInfo[], context: PlanContext, log: Logger): PlanEntry[] {
  const entries = services.map((service) => planService(service, context));
  for (const entry of entries) {
    const earlier = before.find((item) => item.service.arn === entry.service.arn);
    if (earlier?.change.kind !== entry.change.kind) log.info(`plan changed while waiting: ${planLine(entry)}`);
  }
  return entries;
}

/**
 * Mode idle, or schedule with idle-after: the traffic of the awake environments' target groups
 * (one GetMetricData call per 500 of them), then a verdict per environment.
 */
async function judgeEnvironments(
  inputs: FargateSpotToggleInputs,
  deps: FargateSpotToggleDeps,
  services: ServiceInfo[],
  dbs: DbInfo[],
  now: number,
): Promise<{ verdicts: Map<string, IdleVerdict>; traffic: Traffic | undefined } | undefined> {
  const idleAfterMs = inputs.idleAfterMs;
  if (idleAfterMs === undefined || (inputs.mode !== "idle" && inputs.mode !== "schedule")) return undefined;
  const groups = groupByEnvironment(services);
  const awake = services.filter((service) => service.saved === undefined);
  const targetGroups = awake.flatMap((service) => service.targetGroups);
  const traffic =
    targetGroups.length === 0
      ? undefined
      : await deps.log.group("Read traffic", async () => {
          const lookback = Math.max(idleAfterMs, LOOKBACK_MS);
          const read = await readTraffic(deps.cloudWatch, targetGroups, now, lookback);
          deps.log.info(
            `${read.byTargetGroup.size} target groups' requests over ${Math.round(lookback / 3_600_000)} h in ${read.cost.calls} GetMetricData ${read.cost.calls === 1 ? "call" : "calls"} (${read.cost.metrics} metrics, about $${read.cost.usd.toFixed(4)})`,
          );
          return read;
        });
  const rules = {
    now,
    idleAfterMs,
    idleWithoutTrafficMetric: inputs.idleWithoutTrafficMetric,
    timeZone: inputs.timeZone,
  };
  const verdicts = new Map<string, IdleVerdict>();
  for (const [name, members] of groups) {
    const envDbs = dbs.filter((db) => db.environment === name);
    verdicts.set(name, judgeEnvironment(name, members, envDbs, traffic, rules));
  }
  return { verdicts, traffic };
}

function planContext(
  inputs: FargateSpotToggleInputs,
  now: number,
  verdicts: Map<string, IdleVerdict> | undefined,
): PlanContext {
  const schedule: Schedule | undefined =
    inputs.mode !== "schedule" || inputs.workingHours === undefined
      ? undefined
      : { windows: inputs.workingHours, timeZone: inputs.timeZone, holidays: inputs.holidays, named: inputs.schedules };
  return {
    mode: inputs.mode,
    spotProviders: inputs.spotProviders,
    onDemandProviders: inputs.onDemandProviders,
    schedule,
    timeZone: inputs.timeZone,
    now,
    prices: inputs.prices,
    hours: {
      windows: inputs.workingHours ?? defaultWindows(),
      named: inputs.schedules,
      scheduled: inputs.workingHours !== undefined,
    },
    spotFallbackAfterMs: inputs.spotFallbackAfterMs,
    spotRetryAfterMs: inputs.spotRetryAfterMs,
    verdicts,
  };
}

/** Stop and start act on clusters directly; schedule decides per cluster like per service; other modes leave them. */
function planCluster(
  db: DbInfo,
  inputs: FargateSpotToggleInputs,
  context: PlanContext,
): (DbEntry & { warn?: boolean })[] {
  // Serverless v2 instances bill ACU-hours: db.serverless in db-instance-prices is USD per ACU-hour,
  // counted at the cluster's minimum (what it bills at the least while it runs).
  const priceOf = (instanceClass: string) =>
    instanceClass === "db.serverless" && db.serverlessV2 !== undefined
      ? (inputs.dbPrices.get(instanceClass) ?? 0) * db.serverlessV2.min
      : (inputs.dbPrices.get(instanceClass) ?? 0);
  const hourly = db.instanceClasses.reduce((sum, instanceClass) => sum + priceOf(instanceClass), 0);
  const unpriced = db.instanceClasses.filter(
    (instanceClass) =>
      !inputs.dbPrices.has(instanceClass) && !(instanceClass === "db.serverless" && db.serverlessV2?.min === 0),
  );
  const money = { hourly, offHours: offHoursOf(db.tags, context) };
  const noPrice =
    unpriced.length > 0 ? `; no price for ${unpriced.join(", ")} in db-instance-prices (counted as $0)` : "";
  const add = (entry: DbEntry, warn = false) => [
    { ...entry, reason: `${entry.reason}${noPrice}`, ...(warn || noPrice !== "" ? { warn: true } : {}) },
  ];
  const keep = keepRunningUntil(db.tags, inputs.timeZone);
  if (inputs.mode === "stop" && keep !== undefined && keep.getTime() > context.now) {
    const reason = `tag ${TAG_KEEP_RUNNING_UNTIL} keeps it running until ${keep.toISOString()}`;
    return add({ db, change: { kind: "skip" }, reason, hourly, monthlySaving: 0 });
  }
  if (inputs.mode === "stop" || inputs.mode === "start")
    return add(planDb(db, inputs.mode, "", money, inputs.timeZone));
  const verdict = db.environment === undefined ? undefined : context.verdicts?.get(db.environment);
  const idleStop = (why: string) => {
    const entry = planDb(db, "stop", why, { hourly, offHours: 0 }, inputs.timeZone);
    return add(entry.change.kind === "stop" ? { ...entry, change: { kind: "stop", why: "idle" } } : entry);
  };
  if (inputs.mode === "idle") {
    if (verdict?.kind === "sleep") return idleStop(`${verdict.environment} idle for ${verdict.idleMinutes} min`);
    if (verdict?.kind === "wake" && db.stoppedForIdle)
      return add(planDb(db, "start", verdict.reason, money, inputs.timeZone));
    const reason = verdict === undefined ? "in none of the environments" : `${verdict.environment} ${verdict.kind}`;
    return add({ db, change: { kind: "none" }, reason, hourly, monthlySaving: 0 });
  }
  if (context.schedule === undefined) {
    return add({
      db,
      change: { kind: "none" },
      reason: `${inputs.mode} mode does not change DB clusters`,
      hourly,
      monthlySaving: 0,
    });
  }
  const decision = decide(context.schedule, db.tags, context.now);
  if (decision.kind === "excluded" || decision.kind === "unknown-schedule") {
    return add(
      { db, change: { kind: "skip" }, reason: decision.reason, hourly, monthlySaving: 0 },
      decision.kind === "unknown-schedule",
    );
  }
  if (decision.kind === "run" && verdict?.kind === "sleep") {
    return idleStop(`${decision.reason}; ${verdict.environment} idle for ${verdict.idleMinutes} min`);
  }
  if (decision.kind === "run" && db.stoppedForIdle && verdict !== undefined && verdict.kind !== "wake") {
    const reason = `${decision.reason}; asleep because ${verdict.environment} was idle: a deploy or a reservation wakes it`;
    return add({ db, change: { kind: "none" }, reason, hourly, monthlySaving: 0 });
  }
  return add(planDb(db, decision.kind === "stop" ? "stop" : "start", decision.reason, money, inputs.timeZone));
}

/** In a dry run a planned change counts as "changed" (it would be), so the outputs preview the real run. */
function dryOutcome(entry: PlanEntry): Outcome {
  const kind = entry.change.kind;
  const status = kind === "skip" ? "skipped" : kind === "none" ? "unchanged" : "changed";
  return { entry, status, error: undefined };
}

function planLine(entry: PlanEntry): string {
  const { service, change } = entry;
  const action = change.kind === "none" ? "unchanged" : change.kind === "skip" ? "skipped" : change.kind;
  return `${logText(`${service.cluster}/${service.name}`)}: ${action}: ${entry.from} → ${entry.to} (${logText(entry.reason)})`;
}
