import type { ScalableTarget } from "@aws-sdk/client-application-auto-scaling";
import type { Cluster, Service, TaskDefinition } from "@aws-sdk/client-ecs";
import { ActionError, chunks, compileGlobs, mapPool, paginate } from "@sre-actions/core";
import { describeServices } from "@sre-actions/core/ecs";
import { placementOf, savedTagOf, scalableResourceId } from "@sre-actions/core/ecs-sleep";
import { type ScalingTarget, type ServiceInfo, TAG_SPOT_FALLBACK } from "./model.js";
import type { AutoScalingPort, EcsPort } from "./ports.js";
import { decodeFallback } from "./spot-fallback.js";

export interface Selection {
  services: string[];
  includeTags: Map<string, string>;
  excludeTags: Map<string, string>;
}

export interface ClusterInfo {
  name: string;
  arn: string;
  capacityProviders: string[];
  defaultProviders: NonNullable<Cluster["defaultCapacityProviderStrategy"]>;
}

export interface Clients {
  ecs: EcsPort;
  scaling: AutoScalingPort;
}

/** Read-only pre-flight: the clusters (all must exist), then every matching service with all it needs. */
export async function readClusters(ecs: EcsPort, names: string[]): Promise<ClusterInfo[]> {
  const described = await ecs.describeClusters({ clusters: names });
  const found = (described.clusters ?? []).filter((cluster) => cluster.status === "ACTIVE");
  const missing = names.filter(
    (name) => !found.some((cluster) => cluster.clusterName === name || cluster.clusterArn === name),
  );
  if (missing.length > 0) {
    throw new ActionError(`Cluster ${missing.join(", ")} not found (or not ACTIVE) in this region`, {
      hint: "Check the cluster input and the region (AWS_REGION or the region input).",
    });
  }
  return found.map((cluster) => ({
    name: cluster.clusterName ?? "",
    arn: cluster.clusterArn ?? "",
    capacityProviders: cluster.capacityProviders ?? [],
    defaultProviders: cluster.defaultCapacityProviderStrategy ?? [],
  }));
}

export async function readServices(
  clients: Clients,
  clusters: ClusterInfo[],
  selection: Selection,
  options: { concurrency: number; taskDefinitions: boolean },
): Promise<ServiceInfo[]> {
  const { concurrency } = options;
  const matches = compileGlobs(selection.services);
  // Clusters are read side by side: the reads share one bucket that holds them all.
  const perCluster = await Promise.all(
    clusters.map(async (cluster) => {
      const arns = (await listAll(clients.ecs, cluster.arn)).filter((arn) => matches(nameOf(arn)));
      const { services } = await describeServices(clients.ecs, cluster.arn, arns, { include: ["TAGS"], concurrency });
      return services.flatMap((service) => (service.status === "ACTIVE" ? [{ cluster, service }] : []));
    }),
  );
  const selected = perCluster.flat().filter(({ service }) => matchesTags(tagMap(service), selection));
  // Sizes and platform feed the savings estimate and the Spot checks; only `spot` and `status` need them
  // before acting (the others fetch them alongside the changes, see `describeSizes`).
  const [definitions, targets] = await Promise.all([
    options.taskDefinitions
      ? describeTaskDefinitions(
          clients.ecs,
          selected.map(({ service }) => service.taskDefinition ?? ""),
          concurrency,
        )
      : new Map<string, TaskDefinition>(),
    describeTargets(
      clients.scaling,
      selected.map(({ cluster, service }) => resourceId(cluster.name, service.serviceName ?? "")),
      concurrency,
    ),
  ]);
  return selected.map(({ cluster, service }) =>
    toInfo(
      cluster,
      service,
      definitions.get(service.taskDefinition ?? ""),
      targets.get(resourceId(cluster.name, service.serviceName ?? "")),
    ),
  );
}

/** Fills in task sizes and platform (read while the changes are applied: only the savings need them). */
export async function describeSizes(ecs: EcsPort, services: ServiceInfo[], concurrency: number): Promise<void> {
  const definitions = await describeTaskDefinitions(
    ecs,
    services.map((service) => service.taskDefinition),
    concurrency,
  );
  for (const service of services) Object.assign(service, sizeOf(definitions.get(service.taskDefinition)));
}

function sizeOf(definition: TaskDefinition | undefined) {
  return {
    vcpu: Number(definition?.cpu ?? 0) / 1024,
    memoryGb: Number(definition?.memory ?? 0) / 1024,
    cpuArchitecture: definition?.runtimePlatform?.cpuArchitecture ?? "X86_64",
    osFamily: definition?.runtimePlatform?.operatingSystemFamily ?? "LINUX",
  };
}

async function listAll(ecs: EcsPort, cluster: string): Promise<string[]> {
  return paginate(async (nextToken) => {
    const page = await ecs.listServices({ cluster, maxResults: 100, nextToken });
    return { items: page.serviceArns ?? [], next: page.nextToken };
  });
}

async function describeTaskDefinitions(ecs: EcsPort, arns: string[], concurrency: number) {
  const unique = [...new Set(arns.filter((arn) => arn !== ""))];
  const described = await mapPool(unique, concurrency, async (arn) => {
    const output = await ecs.describeTaskDefinition({ taskDefinition: arn });
    return [arn, output.taskDefinition] as const;
  });
  return new Map(described.filter((entry): entry is readonly [string, TaskDefinition] => entry[1] !== undefined));
}

async function describeTargets(scaling: AutoScalingPort, ids: string[], concurrency: number) {
  const pages = await mapPool(chunks(ids, 50), concurrency, (batch) =>
    paginate<ScalableTarget>(async (NextToken) => {
      const page = await scaling.describeScalableTargets({
        ServiceNamespace: "ecs",
        ScalableDimension: "ecs:service:DesiredCount",
        ResourceIds: batch,
        NextToken,
      });
      return { items: page.ScalableTargets ?? [], next: page.NextToken };
    }),
  );
  return new Map(pages.flat().map((target) => [target.ResourceId ?? "", toTarget(target)]));
}

function toTarget(target: ScalableTarget): ScalingTarget {
  return {
    min: target.MinCapacity ?? 0,
    max: target.MaxCapacity ?? 0,
    suspended: {
      scaleIn: target.SuspendedState?.DynamicScalingInSuspended === true,
      scaleOut: target.SuspendedState?.DynamicScalingOutSuspended === true,
      scheduled: target.SuspendedState?.ScheduledScalingSuspended === true,
    },
  };
}

function toInfo(
  cluster: ClusterInfo,
  service: Service,
  definition: TaskDefinition | undefined,
  target: ScalingTarget | undefined,
): ServiceInfo {
  const tags = tagMap(service);
  const saved = savedTagOf(tags);
  const placement = placementOf(service);
  const fargate =
    placement.kind === "launch-type"
      ? placement.launchType === "FARGATE"
      : placement.items.every((item) => item.provider.startsWith("FARGATE"));
  const arn = service.serviceArn ?? "";
  return {
    cluster: cluster.name,
    name: service.serviceName ?? "",
    arn,
    shortArn: /:service\/[^/]+$/.test(arn),
    desired: service.desiredCount ?? 0,
    running: service.runningCount ?? 0,
    placement,
    controller: service.deploymentController?.type ?? "ECS",
    fargate,
    tags,
    saved: saved.kind === "saved" ? saved.state : undefined,
    savedProblem: saved.kind === "unreadable" ? saved.problem : undefined,
    target,
    events: (service.events ?? []).map((event) => ({
      at: event.createdAt?.getTime() ?? 0,
      message: event.message ?? "",
    })),
    fallback: decodeFallback(tags.get(TAG_SPOT_FALLBACK) ?? ""),
    targetGroups: (service.loadBalancers ?? []).flatMap((lb) => (lb.targetGroupArn ? [lb.targetGroupArn] : [])),
    classicLoadBalancers: (service.loadBalancers ?? []).flatMap((lb) =>
      lb.targetGroupArn === undefined && lb.loadBalancerName ? [lb.loadBalancerName] : [],
    ),
    lastDeployAt: newest((service.deployments ?? []).map((deployment) => deployment.createdAt?.getTime())),
    lastStartAt: newest(
      (service.events ?? [])
        .filter((event) => TASKS_STARTED.test(event.message ?? ""))
        .map((event) => event.createdAt?.getTime()),
    ),
    environment: undefined,
    taskDefinition: service.taskDefinition ?? "",
    ...sizeOf(definition),
  };
}

export const resourceId = scalableResourceId;

// ECS: "(service web) has started 2 tasks: (task 1a2b…) (task 3c4d…)."
const TASKS_STARTED = /\) has started \d+ tasks?\b/;

function newest(times: (number | undefined)[]): number | undefined {
  const known = times.filter((time): time is number => time !== undefined);
  return known.length === 0 ? undefined : Math.max(...known);
}

function tagMap(service: Service): Map<string, string> {
  return new Map((service.tags ?? []).map((tag) => [tag.key ?? "", tag.value ?? ""]));
}

function matchesTags(tags: Map<string, string>, selection: Selection): boolean {
  for (const [key, value] of selection.includeTags) if (tags.get(key) !== value) return false;
  for (const [key, value] of selection.excludeTags) if (tags.get(key) === value) return false;
  return true;
}

function nameOf(arn: string): string {
  return arn.split("/").at(-1) ?? arn;
}
