import type {
  Cluster,
  CreateClusterRequest,
  CreateClusterResponse,
  DescribeClustersRequest,
  DescribeClustersResponse,
  PutClusterCapacityProvidersRequest,
  PutClusterCapacityProvidersResponse,
} from "@aws-sdk/client-ecs";
import { AwsError } from "../protocol.js";
import type { OperationHandler } from "../service.js";
import type { EcsEngine } from "./engine.js";
import { activeServiceCount } from "./services.js";
import type { ClusterRecord } from "./state.js";
import { checkStrategyOnCluster } from "./validation.js";

export function clusterOperations(engine: EcsEngine): Record<string, OperationHandler> {
  return {
    CreateCluster: (input: CreateClusterRequest): CreateClusterResponse => ({
      cluster: describeCluster(engine, createCluster(engine, input), { tags: true, settings: true }),
    }),
    DescribeClusters: (input: DescribeClustersRequest) => describeClusters(engine, input),
    PutClusterCapacityProviders: (input: PutClusterCapacityProvidersRequest) => putCapacityProviders(engine, input),
  };
}

/** CreateCluster is idempotent: an existing ACTIVE cluster of that name is returned unchanged. */
export function createCluster(engine: EcsEngine, input: CreateClusterRequest): ClusterRecord {
  const name = input.clusterName ?? "default";
  const existing = engine.state.clusters.get(name);
  if (existing !== undefined && existing.status === "ACTIVE") return existing;
  const insights = input.settings?.find((setting) => setting.name === "containerInsights")?.value;
  const cluster: ClusterRecord = {
    name,
    arn: engine.arn(`cluster/${name}`),
    status: "ACTIVE",
    tags: input.tags ?? [],
    capacityProviders: input.capacityProviders ?? [],
    defaultCapacityProviderStrategy: input.defaultCapacityProviderStrategy ?? [],
    containerInsights: insights === "enabled" ? "enabled" : "disabled",
  };
  checkStrategyOnCluster(cluster, cluster.defaultCapacityProviderStrategy);
  engine.state.clusters.set(name, cluster);
  return cluster;
}

function describeClusters(engine: EcsEngine, input: DescribeClustersRequest): DescribeClustersResponse {
  const include = new Set(input.include ?? []);
  const options = { tags: include.has("TAGS"), settings: include.has("SETTINGS") };
  const clusters: Cluster[] = [];
  const failures: DescribeClustersResponse["failures"] = [];
  for (const identifier of input.clusters ?? ["default"]) {
    const name = identifier.startsWith("arn:") ? (identifier.split("/").at(-1) ?? "") : identifier;
    const cluster = engine.state.clusters.get(name);
    if (cluster === undefined) failures.push({ arn: engine.arn(`cluster/${name}`), reason: "MISSING" });
    else clusters.push(describeCluster(engine, cluster, options));
  }
  return { clusters, failures };
}

function putCapacityProviders(
  engine: EcsEngine,
  input: PutClusterCapacityProvidersRequest,
): PutClusterCapacityProvidersResponse {
  const cluster = engine.state.cluster(input.cluster);
  const providers = input.capacityProviders ?? [];
  const strategy = input.defaultCapacityProviderStrategy ?? [];
  checkStrategyOnCluster({ ...cluster, capacityProviders: providers }, strategy);
  const inUse = engine.state.services.some(
    (service) =>
      service.cluster === cluster &&
      service.status === "ACTIVE" &&
      (service.capacityProviderStrategy ?? []).some((item) => !providers.includes(item.capacityProvider ?? "")),
  );
  if (inUse)
    throw new AwsError("ResourceInUseException", "The specified capacity provider is in use and cannot be removed.");
  // The call replaces both lists whole.
  cluster.capacityProviders = [...providers];
  cluster.defaultCapacityProviderStrategy = structuredClone(strategy);
  return { cluster: describeCluster(engine, cluster, { tags: false, settings: false }) };
}

export function describeCluster(
  engine: EcsEngine,
  cluster: ClusterRecord,
  include: { tags: boolean; settings: boolean },
): Cluster {
  const tasks = engine.state.tasks.filter((task) => task.cluster === cluster);
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: tasks.filter((task) => task.lastStatus === "RUNNING").length,
    pendingTasksCount: tasks.filter((task) => task.lastStatus === "PENDING" || task.lastStatus === "PROVISIONING")
      .length,
    activeServicesCount: activeServiceCount(engine, cluster),
    statistics: [],
    tags: include.tags ? cluster.tags : undefined,
    settings: include.settings ? [{ name: "containerInsights", value: cluster.containerInsights }] : undefined,
    capacityProviders: cluster.capacityProviders,
    defaultCapacityProviderStrategy: cluster.defaultCapacityProviderStrategy,
  };
}
