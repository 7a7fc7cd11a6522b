import type { DBCluster, DBInstance, Filter, Tag } from "@aws-sdk/client-rds";

/** A fault the RDS API reference lists for an operation: its code, HTTP status and message. */
export class RdsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** How long Aurora takes between states, on the fake's clock (defaults are of the order AWS shows). */
export interface RdsTiming {
  stopMs: number;
  startMs: number;
}

export const DEFAULT_RDS_TIMING: RdsTiming = { stopMs: 5 * 60_000, startMs: 8 * 60_000 };

/** Aurora starts a cluster that has been stopped for seven days by itself ("Stopping and starting an Aurora cluster"). */
export const AUTO_START_MS = 7 * 86_400_000;

export interface DbClusterSeed {
  id: string;
  /** Default aurora-postgresql. */
  engine?: string;
  /** provisioned (default) or serverless (Aurora Serverless v1). */
  engineMode?: string;
  /** Default available. */
  status?: string;
  instances?: { id: string; instanceClass: string }[];
  tags?: Record<string, string>;
  /** Member of a global database. */
  globalClusterIdentifier?: string;
  /** A read replica of another cluster (cross-Region or cross-cluster). */
  replicationSourceIdentifier?: string;
  /** Clusters replicating from this one. */
  readReplicaIdentifiers?: string[];
  /** Aurora Serverless v2 capacity in ACU (its instances are db.serverless); a 0 minimum lets it auto-pause. */
  serverlessV2?: { min: number; max: number };
}

interface ClusterRecord {
  id: string;
  arn: string;
  resourceId: string;
  engine: string;
  engineMode: string;
  status: string;
  /** When the current transition ends (stopping → stopped, starting → available). */
  until: number | undefined;
  stoppedAt: number | undefined;
  instances: { id: string; instanceClass: string; arn: string }[];
  tags: Tag[];
  createdAt: number;
  globalClusterIdentifier: string | undefined;
  replicationSourceIdentifier: string | undefined;
  readReplicaIdentifiers: string[];
  serverlessV2: { min: number; max: number } | undefined;
}

const CLUSTER_FILTERS = new Set(["clone-group-id", "db-cluster-id", "db-cluster-resource-id", "domain", "engine"]);
const INSTANCE_FILTERS = new Set(["db-cluster-id", "db-instance-id", "dbi-resource-id", "domain", "engine"]);

/**
 * Aurora DB clusters of one account and region, with the documented status values the stop/start
 * life cycle goes through (available → stopping → stopped → starting → available) and the
 * automatic start after seven days stopped. Transitions move lazily with the clock.
 */
export class DbClusterStore {
  readonly clusters = new Map<string, ClusterRecord>();
  timing: RdsTiming = { ...DEFAULT_RDS_TIMING };
  private serial = 0;

  constructor(
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  seed(seed: DbClusterSeed, now: number): ClusterRecord {
    this.serial += 1;
    const record: ClusterRecord = {
      id: seed.id,
      arn: `arn:aws:rds:${this.region}:${this.accountId}:cluster:${seed.id}`,
      resourceId: `cluster-${String(this.serial).padStart(26, "A")}`,
      engine: seed.engine ?? "aurora-postgresql",
      engineMode: seed.engineMode ?? "provisioned",
      status: seed.status ?? "available",
      until: undefined,
      stoppedAt: seed.status === "stopped" ? now : undefined,
      instances: (
        seed.instances ?? [
          {
            id: `${seed.id}-instance-1`,
            instanceClass: seed.serverlessV2 === undefined ? "db.t4g.medium" : "db.serverless",
          },
        ]
      ).map((instance) => ({ ...instance, arn: `arn:aws:rds:${this.region}:${this.accountId}:db:${instance.id}` })),
      tags: Object.entries(seed.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      createdAt: now,
      globalClusterIdentifier: seed.globalClusterIdentifier,
      replicationSourceIdentifier: seed.replicationSourceIdentifier,
      readReplicaIdentifiers: seed.readReplicaIdentifiers ?? [],
      serverlessV2: seed.serverlessV2,
    };
    this.clusters.set(record.id, record);
    return record;
  }

  /** Applies every transition due by `now`, including Aurora's own start after seven days. */
  advance(now: number): void {
    for (const cluster of this.clusters.values()) {
      if (cluster.status === "stopped" && cluster.stoppedAt !== undefined && now >= cluster.stoppedAt + AUTO_START_MS) {
        const startedAt = cluster.stoppedAt + AUTO_START_MS;
        cluster.status = "starting";
        cluster.until = startedAt + this.timing.startMs;
        cluster.stoppedAt = undefined;
      }
      if (cluster.until !== undefined && now >= cluster.until) {
        if (cluster.status === "stopping") {
          cluster.status = "stopped";
          cluster.stoppedAt = cluster.until;
        } else if (cluster.status === "starting") cluster.status = "available";
        cluster.until = undefined;
      }
    }
  }

  find(id: string): ClusterRecord {
    const cluster = this.clusters.get(id) ?? [...this.clusters.values()].find((record) => record.arn === id);
    if (cluster === undefined) throw new RdsError("DBClusterNotFoundFault", `DBCluster ${id} not found.`, 404);
    return cluster;
  }

  describe(id: string | undefined, filters: Filter[] | undefined): ClusterRecord[] {
    for (const filter of filters ?? []) {
      if (!CLUSTER_FILTERS.has(filter.Name ?? "")) {
        throw new RdsError("InvalidParameterValue", `Unrecognized filter name: ${filter.Name ?? ""}.`);
      }
    }
    const all = id === undefined ? [...this.clusters.values()] : [this.find(id)];
    return all.filter((cluster) => (filters ?? []).every((filter) => matches(cluster, filter)));
  }

  stop(id: string, now: number): ClusterRecord {
    const cluster = this.find(id);
    if (cluster.engineMode === "serverless") {
      throw new RdsError(
        "InvalidDBClusterStateFault",
        `Stop-cluster not supported for Aurora Serverless v1 cluster ${cluster.id}.`,
      );
    }
    if (cluster.globalClusterIdentifier !== undefined) {
      throw new RdsError(
        "InvalidDBClusterStateFault",
        `DB cluster ${cluster.id} is part of global cluster ${cluster.globalClusterIdentifier}; it cannot be stopped.`,
      );
    }
    if (cluster.status !== "available") {
      throw new RdsError(
        "InvalidDBClusterStateFault",
        `DbCluster ${cluster.id} is in ${cluster.status} state but expected it to be one of available.`,
      );
    }
    cluster.status = "stopping";
    cluster.until = now + this.timing.stopMs;
    return cluster;
  }

  start(id: string, now: number): ClusterRecord {
    const cluster = this.find(id);
    if (cluster.status !== "stopped") {
      throw new RdsError(
        "InvalidDBClusterStateFault",
        `DbCluster ${cluster.id} is in ${cluster.status} state but expected it to be one of stopped.`,
      );
    }
    cluster.status = "starting";
    cluster.until = now + this.timing.startMs;
    cluster.stoppedAt = undefined;
    return cluster;
  }

  /** Tags by ARN: clusters and their instances. */
  tagsOf(arn: string): Tag[] {
    for (const cluster of this.clusters.values()) if (cluster.arn === arn) return cluster.tags;
    throw new RdsError("DBClusterNotFoundFault", `DBCluster ${arn} not found.`, 404);
  }

  addTags(arn: string, tags: Tag[]): void {
    const list = this.tagsOf(arn);
    for (const tag of tags) {
      const existing = list.find((item) => item.Key === tag.Key);
      if (existing !== undefined) existing.Value = tag.Value;
      else list.push({ Key: tag.Key, Value: tag.Value });
    }
  }

  removeTags(arn: string, keys: string[]): void {
    const list = this.tagsOf(arn);
    const kept = list.filter((tag) => !keys.includes(tag.Key ?? ""));
    list.splice(0, list.length, ...kept);
  }

  instances(filters: Filter[] | undefined): { cluster: ClusterRecord; instance: ClusterRecord["instances"][number] }[] {
    for (const filter of filters ?? []) {
      if (!INSTANCE_FILTERS.has(filter.Name ?? "")) {
        throw new RdsError("InvalidParameterValue", `Unrecognized filter name: ${filter.Name ?? ""}.`);
      }
    }
    return [...this.clusters.values()].flatMap((cluster) =>
      cluster.instances
        .map((instance) => ({ cluster, instance }))
        .filter(({ instance }) =>
          (filters ?? []).every((filter) => {
            const values = filter.Values ?? [];
            if (filter.Name === "db-cluster-id") return values.includes(cluster.id) || values.includes(cluster.arn);
            if (filter.Name === "db-instance-id") return values.includes(instance.id) || values.includes(instance.arn);
            if (filter.Name === "engine") return values.includes(cluster.engine);
            return false;
          }),
        ),
    );
  }

  toDBCluster(cluster: ClusterRecord): DBCluster {
    return {
      DBClusterIdentifier: cluster.id,
      DBClusterArn: cluster.arn,
      DbClusterResourceId: cluster.resourceId,
      Status: cluster.status,
      Engine: cluster.engine,
      EngineMode: cluster.engineMode,
      EngineVersion: cluster.engine === "aurora-mysql" ? "8.0.mysql_aurora.3.08.0" : "16.6",
      MultiAZ: cluster.instances.length > 1,
      ClusterCreateTime: new Date(cluster.createdAt),
      DBClusterMembers: cluster.instances.map((instance, index) => ({
        DBInstanceIdentifier: instance.id,
        IsClusterWriter: index === 0,
        PromotionTier: 1,
      })),
      ReadReplicaIdentifiers: cluster.readReplicaIdentifiers,
      ...(cluster.replicationSourceIdentifier === undefined
        ? {}
        : { ReplicationSourceIdentifier: cluster.replicationSourceIdentifier }),
      ...(cluster.globalClusterIdentifier === undefined
        ? {}
        : { GlobalClusterIdentifier: cluster.globalClusterIdentifier }),
      ...(cluster.status === "stopped" && cluster.stoppedAt !== undefined
        ? { AutomaticRestartTime: new Date(cluster.stoppedAt + AUTO_START_MS) }
        : {}),
      ...(cluster.serverlessV2 === undefined
        ? {}
        : {
            ServerlessV2ScalingConfiguration: {
              MinCapacity: cluster.serverlessV2.min,
              MaxCapacity: cluster.serverlessV2.max,
              ...(cluster.serverlessV2.min === 0 ? { SecondsUntilAutoPause: 300 } : {}),
            },
          }),
      TagList: cluster.tags.map((tag) => ({ ...tag })),
    };
  }

  toDBInstance(cluster: ClusterRecord, instance: ClusterRecord["instances"][number]): DBInstance {
    return {
      DBInstanceIdentifier: instance.id,
      DBInstanceArn: instance.arn,
      DBInstanceClass: instance.instanceClass,
      Engine: cluster.engine,
      DBInstanceStatus: cluster.status,
      DBClusterIdentifier: cluster.id,
    };
  }
}

function matches(cluster: ClusterRecord, filter: Filter): boolean {
  const values = filter.Values ?? [];
  switch (filter.Name) {
    case "db-cluster-id":
      return values.includes(cluster.id) || values.includes(cluster.arn);
    case "db-cluster-resource-id":
      return values.includes(cluster.resourceId);
    case "engine":
      return values.includes(cluster.engine);
    default:
      return false;
  }
}
