import {
  type ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  type ScalableTarget,
} from "@aws-sdk/client-application-auto-scaling";
import {
  type Cluster,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type ECSClient,
  ListServicesCommand,
  type Service,
  type TaskDefinition,
} from "@aws-sdk/client-ecs";
import { ActionError } from "@sre-actions/core";
import picomatch from "picomatch";
import { type Placement, type ScalingTarget, type ServiceInfo, TAG_SAVED } from "./model.js";
import { chunks, mapPool } from "./pool.js";
import { decodeSavedState } from "./saved-state.js";
import { fromEcs } from "./strategy.js";

export interface Selection {
  services: string[];
  includeTags: Map<string, string>;
  excludeTags: Map<string, string>;
}

export interface ClusterInfo {
  name: string;
  arn: string;
  capacityProviders: string[];
  defaultStrategy: NonNullable<Cluster["defaultCapacityProviderStrategy"]>;
}

export interface Clients {
  ecs: ECSClient;
  scaling: ApplicationAutoScalingClient;
}

/** Read-only pre-flight: the clusters (all must exist), then every matching service with all it needs. */
export async function readClusters(ecs: ECSClient, names: string[]): Promise<ClusterInfo[]> {
  const described = await ecs.send(new DescribeClustersCommand({ clusters: names }));
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
    defaultStrategy: cluster.defaultCapacityProviderStrategy ?? [],
  }));
}

export async function readServices(
  clients: Clients,
  clusters: ClusterInfo[],
  selection: Selection,
  options: { concurrency: number; taskDefinitions: boolean },
): Promise<ServiceInfo[]> {
  const { concurrency } = options;
  const globs = selection.services.map(globToRegExp);
  const described: { cluster: ClusterInfo; service: Service }[] = [];
  for (const cluster of clusters) {
    const arns = (await listAll(clients.ecs, cluster.arn)).filter((arn) =>
      globs.some((glob) => glob.test(nameOf(arn))),
    );
    const pages = await mapPool(chunks(arns, 10), concurrency, async (batch) => {
      const output = await clients.ecs.send(
        new DescribeServicesCommand({ cluster: cluster.arn, services: batch, include: ["TAGS"] }),
      );
      return output.services ?? [];
    });
    for (const service of pages.flat()) if (service.status === "ACTIVE") described.push({ cluster, service });
  }
  const selected = described.filter(({ service }) => matchesTags(tagMap(service), selection));
  // Sizes and platform feed the savings estimate and the Spot checks; `start` needs neither.
  const definitions = options.taskDefinitions
    ? await describeTaskDefinitions(
        clients.ecs,
        selected.map(({ service }) => service.taskDefinition ?? ""),
        concurrency,
      )
    : new Map<string, TaskDefinition>();
  const targets = await describeTargets(
    clients.scaling,
    selected.map(({ cluster, service }) => resourceId(cluster.name, service.serviceName ?? "")),
    concurrency,
  );
  return selected.map(({ cluster, service }) =>
    toInfo(
      cluster,
      service,
      definitions.get(service.taskDefinition ?? ""),
      targets.get(resourceId(cluster.name, service.serviceName ?? "")),
    ),
  );
}

async function listAll(ecs: ECSClient, cluster: string): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs.send(new ListServicesCommand({ cluster, maxResults: 100, nextToken }));
    arns.push(...(page.serviceArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return arns;
}

async function describeTaskDefinitions(ecs: ECSClient, arns: string[], concurrency: number) {
  const unique = [...new Set(arns.filter((arn) => arn !== ""))];
  const described = await mapPool(unique, concurrency, async (arn) => {
    const output = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
    return [arn, output.taskDefinition] as const;
  });
  return new Map(described.filter((entry): entry is readonly [string, TaskDefinition] => entry[1] !== undefined));
}

async function describeTargets(scaling: ApplicationAutoScalingClient, ids: string[], concurrency: number) {
  const pages = await mapPool(chunks(ids, 50), concurrency, async (batch) => {
    const found: ScalableTarget[] = [];
    let NextToken: string | undefined;
    do {
      const page = await scaling.send(
        new DescribeScalableTargetsCommand({
          ServiceNamespace: "ecs",
          ScalableDimension: "ecs:service:DesiredCount",
          ResourceIds: batch,
          NextToken,
        }),
      );
      found.push(...(page.ScalableTargets ?? []));
      NextToken = page.NextToken;
    } while (NextToken !== undefined);
    return found;
  });
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
  const savedTag = tags.get(TAG_SAVED);
  const decoded = savedTag === undefined ? undefined : decodeSavedState(savedTag);
  const placement: Placement =
    service.capacityProviderStrategy !== undefined && service.capacityProviderStrategy.length > 0
      ? { kind: "strategy", items: fromEcs(service.capacityProviderStrategy) }
      : { kind: "launch-type", launchType: service.launchType ?? "EC2" };
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
    saved: decoded !== undefined && "state" in decoded ? decoded.state : undefined,
    savedProblem:
      decoded !== undefined && "problem" in decoded ? `tag ${TAG_SAVED} is unreadable: ${decoded.problem}` : undefined,
    target,
    taskDefinition: service.taskDefinition ?? "",
    vcpu: Number(definition?.cpu ?? 0) / 1024,
    memoryGb: Number(definition?.memory ?? 0) / 1024,
    cpuArchitecture: definition?.runtimePlatform?.cpuArchitecture ?? "X86_64",
    osFamily: definition?.runtimePlatform?.operatingSystemFamily ?? "LINUX",
  };
}

export function resourceId(cluster: string, service: string): string {
  return `service/${cluster}/${service}`;
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

/** Shell-style service name globs (`qa*`, `qa?-web`), matched whole. */
export function globToRegExp(glob: string): RegExp {
  return picomatch.makeRe(glob, { dot: true });
}
