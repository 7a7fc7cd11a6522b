import type { Clock, Logger } from "@sre-actions/core";
import type { Pacer } from "@sre-actions/core/pace";
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
import type { FargateSpotToggleInputs } from "./inputs.js";
import { type PlanEntry, TAG_KEEP_RUNNING_UNTIL } from "./model.js";
import { offHoursOf, type PlanContext, planService } from "./plan.js";
import type { CloudWatchPort, RdsPort } from "./ports.js";
import { defaultWindows, roundUsd } from "./savings.js";
import { decide, keepRunningUntil, type Schedule } from "./schedule.js";
import { type Clients, describeSizes, readClusters, readServices } from "./select.js";
import { type Savings, savingsOf } from "./tonight.js";

/** Modes whose plan needs task sizes and platform before acting (Spot checks, the status output). */
const SIZES_FIRST = new Set<FargateSpotToggleInputs["mode"]>(["spot", "status"]);
/** Modes that read them alongside the changes, for the savings only (`start` needs none). */
const SIZES_LATER = new Set<FargateSpotToggleInputs["mode"]>(["stop", "schedule", "on-demand"]);

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
  const { services, clusters, dbs } = await deps.log.group("Read services", async () => {
    // DB clusters are read alongside the services: independent calls, separate rate limits.
    const [ecs, dbs] = await Promise.all([
      (async () => {
        const clusters = await readClusters(deps.ecs, inputs.clusters);
        const services = await readServices(deps, clusters, inputs, {
          concurrency: inputs.concurrency,
          taskDefinitions: SIZES_FIRST.has(inputs.mode),
        });
        return { clusters, services };
      })(),
      readDbClusters(deps.rds, inputs.dbClusters),
    ]);
    const names = ecs.clusters.map((cluster) => cluster.name).join(", ");
    deps.log.info(
      `${ecs.services.length} services selected in ${names}${dbs.length > 0 ? `; ${dbs.length} DB clusters` : ""}`,
    );
    return { ...ecs, dbs };
  });

  const context = planContext(inputs, now);
  const entries = services.map((service) => planService(service, context));
  const dbEntries = dbs.flatMap((db) => planCluster(db, inputs, context));
  await deps.log.group(inputs.dryRun ? "Plan (dry run: nothing is changed)" : "Plan", async () => {
    for (const entry of entries) deps.log.info(planLine(entry));
    for (const entry of dbEntries) deps.log.info(`${entry.db.id} (DB cluster): ${entry.change.kind} (${entry.reason})`);
    for (const entry of [...entries.filter((item) => item.warn), ...dbEntries.filter((item) => item.warn)]) {
      deps.log.warning(
        `${"service" in entry ? `${entry.service.cluster}/${entry.service.name}` : entry.db.id}: ${entry.reason}`,
      );
    }
  });

  const act = !inputs.dryRun && inputs.mode !== "status";
  const dbDeps = { ...deps, now };
  const dbStarted = act
    ? await deps.log.group("Start DB clusters", () => startClusters(dbEntries, inputs.dbStartTimeoutMs, dbDeps))
    : new Map<string, DbOutcome>();
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
    durationMs: deps.clock.now() - started,
  };
}

function planContext(inputs: FargateSpotToggleInputs, now: number): PlanContext {
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
  };
}

/** Stop and start act on clusters directly; schedule decides per cluster like per service; other modes leave them. */
function planCluster(
  db: DbInfo,
  inputs: FargateSpotToggleInputs,
  context: PlanContext,
): (DbEntry & { warn?: boolean })[] {
  const hourly = db.instanceClasses.reduce((sum, instanceClass) => sum + (inputs.dbPrices.get(instanceClass) ?? 0), 0);
  const unpriced = db.instanceClasses.filter((instanceClass) => !inputs.dbPrices.has(instanceClass));
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
  return `${service.cluster}/${service.name}: ${action}: ${entry.from} → ${entry.to} (${entry.reason})`;
}
