import type { DBCluster } from "@aws-sdk/client-rds";
import {
  ActionError,
  type Clock,
  compileGlob,
  describeError,
  explainError,
  formatInZone,
  type Logger,
  logText,
  paginate,
} from "@sre-actions/core";
import { compactTime, parseCompactTime } from "@sre-actions/core/ecs-sleep";
import { TAG_DB_STOPPED } from "./model.js";
import type { RdsPort } from "./ports.js";

/** One Aurora DB cluster as the plan needs it, read before any change. */
export interface DbInfo {
  id: string;
  arn: string;
  status: string;
  engine: string;
  engineMode: string;
  globalCluster: string | undefined;
  replicationSource: string | undefined;
  replicas: string[];
  tags: Map<string, string>;
  instanceClasses: string[];
  /** When Aurora will start the stopped cluster by itself (seven days after the stop). */
  automaticRestartTime: Date | undefined;
  /** Set by this action's stop (tag sre-actions:stopped-at). */
  stoppedByUs: Date | undefined;
  /** This action stopped it because its environment was idle (`why=idle` in the tag). */
  stoppedForIdle: boolean;
  /** Aurora Serverless v2 capacity range in ACU (instances of class db.serverless). */
  serverlessV2: { min: number; max: number } | undefined;
  /** Its environment (`environment-from`), when environments are in use. */
  environment: string | undefined;
}

export type DbChange =
  | { kind: "stop"; why?: "idle" }
  | { kind: "start" }
  /** Already starting: only wait until it is available. */
  | { kind: "wait" }
  /** Available again (started by Aurora or by hand): drop our stopped-at tag. */
  | { kind: "forget" }
  | { kind: "none" }
  | { kind: "skip" };

export interface DbEntry {
  db: DbInfo;
  change: DbChange;
  reason: string;
  /** USD per hour of the cluster's instances (0 for classes without a price). */
  hourly: number;
  /** Estimated monthly saving of keeping it stopped out of hours. */
  monthlySaving: number;
}

export interface DbOutcome {
  entry: DbEntry;
  status: "changed" | "unchanged" | "skipped" | "failed";
  error: string | undefined;
}

const WAIT_POLL_MS = 30_000;

/** Every cluster matching an identifier or glob, with its instances' classes; a named cluster that does not exist fails the run. */
export async function readDbClusters(rds: RdsPort, patterns: string[]): Promise<DbInfo[]> {
  if (patterns.length === 0) return [];
  const clusters = await paginate<DBCluster>(async (Marker) => {
    const page = await rds.describeDBClusters({ Marker });
    return { items: page.DBClusters ?? [], next: page.Marker };
  });
  const matchers = patterns.map((pattern) => {
    const glob = compileGlob(pattern);
    return { pattern, literal: glob.literal, test: (name: string) => glob.test(name) };
  });
  const missing = matchers.filter(
    ({ literal, test }) => literal && !clusters.some((cluster) => test(cluster.DBClusterIdentifier ?? "")),
  );
  if (missing.length > 0) {
    throw new ActionError(`DB cluster ${missing.map((m) => m.pattern).join(", ")} not found in this region`, {
      hint: "Check the db-clusters input (Aurora DB cluster identifiers or globs) and the region.",
    });
  }
  const selected = clusters.filter((cluster) => matchers.some(({ test }) => test(cluster.DBClusterIdentifier ?? "")));
  if (selected.length === 0) return [];
  const instances = await paginate(async (Marker) => {
    const page = await rds.describeDBInstances({
      Filters: [{ Name: "db-cluster-id", Values: selected.map((cluster) => cluster.DBClusterIdentifier ?? "") }],
      Marker,
    });
    return { items: page.DBInstances ?? [], next: page.Marker };
  });
  return selected.map((cluster) => {
    const tags = new Map((cluster.TagList ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""]));
    const id = cluster.DBClusterIdentifier ?? "";
    return {
      id,
      arn: cluster.DBClusterArn ?? "",
      status: cluster.Status ?? "unknown",
      engine: cluster.Engine ?? "",
      engineMode: cluster.EngineMode ?? "provisioned",
      globalCluster: cluster.GlobalClusterIdentifier,
      replicationSource: cluster.ReplicationSourceIdentifier,
      replicas: cluster.ReadReplicaIdentifiers ?? [],
      tags,
      instanceClasses: instances
        .filter((instance) => instance.DBClusterIdentifier === id)
        .map((instance) => instance.DBInstanceClass ?? ""),
      automaticRestartTime: cluster.AutomaticRestartTime,
      ...stoppedTag(tags.get(TAG_DB_STOPPED)),
      serverlessV2:
        cluster.ServerlessV2ScalingConfiguration === undefined
          ? undefined
          : {
              min: cluster.ServerlessV2ScalingConfiguration.MinCapacity ?? 0,
              max: cluster.ServerlessV2ScalingConfiguration.MaxCapacity ?? 0,
            },
      environment: undefined,
    };
  });
}

/** The `sre-actions:stopped-at` tag: `20261125T1200Z`, or `20261125T1200Z why=idle` after an idle sleep. */
function stoppedTag(value: string | undefined): { stoppedByUs: Date | undefined; stoppedForIdle: boolean } {
  const [at = "", why] = (value ?? "").split(" ");
  return { stoppedByUs: parseCompactTime(at), stoppedForIdle: why === "why=idle" };
}

/** For Serverless v2 above 0 ACU: the one-line suggestion that lets it pause by itself. */
function serverlessHint(db: DbInfo): string {
  const range = db.serverlessV2;
  if (range === undefined || range.min === 0) return "";
  return `; suggestion: a 0 ACU minimum (now ${range.min}) lets this Serverless v2 cluster pause by itself when idle (Aurora MySQL 3.08+, PostgreSQL 13.15+)`;
}

/** Why Aurora cannot stop this cluster, if it cannot ("Stopping and starting an Amazon Aurora DB cluster": limitations). */
function unstoppable(db: DbInfo): string | undefined {
  if (!db.engine.startsWith("aurora")) return `engine ${db.engine} is not Aurora`;
  if (db.engineMode === "serverless") return "Aurora Serverless v1 cannot be stopped (it pauses by itself)";
  if (db.globalCluster !== undefined) return `member of global database ${db.globalCluster}: Aurora cannot stop it`;
  if (db.replicationSource !== undefined) return `a read replica of ${db.replicationSource}: Aurora cannot stop it`;
  if (db.replicas.length > 0)
    return `has a read replica in another cluster (${db.replicas.join(", ")}): Aurora cannot stop it`;
  return undefined;
}

/** The change one cluster needs to be stopped (`want` stop) or running (`want` start); pure. */
export function planDb(
  db: DbInfo,
  want: "stop" | "start",
  why: string,
  money: { hourly: number; offHours: number },
  timeZone: string,
): DbEntry {
  const prefix = why === "" ? "" : `${why}; `;
  const saving = money.hourly * money.offHours;
  // Only a stop this run makes saves: a start, or a cluster already stopped or kept up, saves nothing now.
  const make = (change: DbChange, reason: string, monthlySaving = change.kind === "stop" ? saving : 0): DbEntry => ({
    db,
    change,
    reason: `${prefix}${reason}${serverlessHint(db)}`,
    hourly: money.hourly,
    monthlySaving,
  });
  const cannot = unstoppable(db);
  if (cannot !== undefined) return make({ kind: "skip" }, cannot, 0);
  // Aurora Serverless v2 at a 0 ACU minimum pauses by itself when idle (auto-pause): no stop needed.
  if (want === "stop" && db.serverlessV2?.min === 0 && db.status === "available") {
    return make({ kind: "skip" }, "pauses when idle (Aurora Serverless v2 with a 0 ACU minimum); not stopped", 0);
  }
  const ours = db.stoppedByUs === undefined ? undefined : formatInZone(db.stoppedByUs, timeZone);
  if (want === "stop") {
    switch (db.status) {
      case "available":
        return make(
          { kind: "stop" },
          ours === undefined
            ? "stop"
            : `Aurora started it by itself after 7 days stopped (stopped by this action at ${ours}); stopping it again`,
        );
      case "stopped":
        return make(
          { kind: "none" },
          db.automaticRestartTime === undefined
            ? "already stopped"
            : `already stopped; Aurora starts it by itself at ${formatInZone(db.automaticRestartTime, timeZone)} and the next scheduled run stops it again`,
        );
      case "stopping":
        return make({ kind: "skip" }, "already stopping", 0);
      case "starting":
        return make(
          { kind: "skip" },
          "starting (Aurora starts a cluster by itself after 7 days); the next run stops it",
          0,
        );
      default:
        return make({ kind: "skip" }, `status ${db.status}: only an available cluster can be stopped`, 0);
    }
  }
  switch (db.status) {
    case "stopped":
      return ours === undefined
        ? make({ kind: "none" }, `stopped, not by this action (no tag ${TAG_DB_STOPPED}); left alone`, 0)
        : make({ kind: "start" }, "start, then wait until available");
    case "starting":
      return make({ kind: "wait" }, "already starting; waiting until available");
    case "available":
      return ours === undefined
        ? make({ kind: "none" }, "already available")
        : make({ kind: "forget" }, `already available (started by Aurora or by hand); tag ${TAG_DB_STOPPED} removed`);
    case "stopping":
      return make({ kind: "skip" }, "still stopping; the next run starts it", 0);
    default:
      return make({ kind: "skip" }, `status ${db.status}: only a stopped cluster can be started`, 0);
  }
}

export interface DbDeps {
  rds: RdsPort;
  clock: Clock;
  log: Logger;
  now: number;
}

/** Stops the planned clusters (after the services): our tag first, so a later start knows the stop was ours. */
export async function stopClusters(entries: DbEntry[], deps: DbDeps): Promise<Map<string, DbOutcome>> {
  const outcomes = new Map<string, DbOutcome>();
  for (const entry of entries) {
    if (entry.change.kind !== "stop") continue;
    try {
      const why = entry.change.why === undefined ? "" : ` why=${entry.change.why}`;
      await deps.rds.addTagsToResource({
        ResourceName: entry.db.arn,
        Tags: [{ Key: TAG_DB_STOPPED, Value: `${compactTime(new Date(deps.now))}${why}` }],
      });
      await deps.rds.stopDBCluster(entry.db.id);
      deps.log.info(`${logText(entry.db.id)}: stopping`);
      outcomes.set(entry.db.id, { entry, status: "changed", error: undefined });
    } catch (error) {
      outcomes.set(entry.db.id, failed(entry, error, deps.log));
    }
  }
  return outcomes;
}

/**
 * Starts the planned clusters (before the services) and waits until every one is `available`
 * (or `timeoutMs` passes), then removes our tag from those that came up.
 */
export async function startClusters(
  entries: DbEntry[],
  timeoutMs: number,
  deps: DbDeps,
): Promise<Map<string, DbOutcome>> {
  const outcomes = new Map<string, DbOutcome>();
  const waiting: DbEntry[] = [];
  for (const entry of entries) {
    const kind = entry.change.kind;
    try {
      if (kind === "start") await deps.rds.startDBCluster(entry.db.id);
      if (kind === "start" || kind === "wait") waiting.push(entry);
      if (kind === "forget") await forget(entry, deps, outcomes);
    } catch (error) {
      outcomes.set(entry.db.id, failed(entry, error, deps.log));
    }
  }
  const deadline = deps.clock.now() + timeoutMs;
  let pending = waiting;
  while (pending.length > 0) {
    const described = await deps.rds.describeDBClusters({
      Filters: [{ Name: "db-cluster-id", Values: pending.map((entry) => entry.db.id) }],
    });
    const status = new Map(
      (described.DBClusters ?? []).map((cluster) => [cluster.DBClusterIdentifier, cluster.Status]),
    );
    for (const entry of pending.filter((item) => status.get(item.db.id) === "available")) {
      deps.log.info(`${logText(entry.db.id)}: available`);
      await forget(entry, deps, outcomes);
    }
    pending = pending.filter((entry) => status.get(entry.db.id) !== "available");
    if (pending.length === 0) break;
    if (deps.clock.now() >= deadline) {
      for (const entry of pending) {
        const error = `still ${status.get(entry.db.id) ?? "unknown"} after ${Math.round(timeoutMs / 60_000)} min (db-start-timeout)`;
        deps.log.error(`${logText(entry.db.id)}: ${error}`);
        outcomes.set(entry.db.id, { entry, status: "failed", error });
      }
      break;
    }
    deps.log.info(
      `Waiting for ${pending.map((entry) => `${logText(entry.db.id)} (${logText(status.get(entry.db.id) ?? "unknown")})`).join(", ")}`,
    );
    await deps.clock.sleep(WAIT_POLL_MS);
  }
  return outcomes;
}

async function forget(entry: DbEntry, deps: DbDeps, outcomes: Map<string, DbOutcome>): Promise<void> {
  if (entry.db.stoppedByUs !== undefined) {
    await deps.rds.removeTagsFromResource({ ResourceName: entry.db.arn, TagKeys: [TAG_DB_STOPPED] });
  }
  outcomes.set(entry.db.id, { entry, status: "changed", error: undefined });
}

function failed(entry: DbEntry, error: unknown, log: Logger): DbOutcome {
  // Explained, so an AWS error names the IAM action (rds:StopDBCluster) and what to do.
  const message = explainError(error)?.message ?? describeError(error);
  log.error(`${logText(entry.db.id)}: ${logText(message)}`);
  return { entry, status: "failed", error: message };
}

/** The outcome of every planned cluster: applied ones from `applied`, the rest as planned. */
export function dbOutcomes(entries: DbEntry[], applied: Map<string, DbOutcome>, dryRun: boolean): DbOutcome[] {
  return entries.map((entry) => {
    const done = applied.get(entry.db.id);
    if (done !== undefined) return done;
    const kind = entry.change.kind;
    const status = kind === "skip" ? "skipped" : kind === "none" ? "unchanged" : dryRun ? "changed" : "unchanged";
    return { entry, status, error: undefined };
  });
}
