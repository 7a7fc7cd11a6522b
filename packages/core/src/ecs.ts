import {
  ContinueServiceDeploymentCommand,
  type ContinueServiceDeploymentCommandInput,
  type ContinueServiceDeploymentCommandOutput,
  DeregisterTaskDefinitionCommand,
  type DeregisterTaskDefinitionCommandInput,
  type DeregisterTaskDefinitionCommandOutput,
  DescribeClustersCommand,
  type DescribeClustersCommandInput,
  type DescribeClustersCommandOutput,
  DescribeServiceDeploymentsCommand,
  type DescribeServiceDeploymentsCommandInput,
  type DescribeServiceDeploymentsCommandOutput,
  DescribeServicesCommand,
  type DescribeServicesCommandInput,
  type DescribeServicesCommandOutput,
  DescribeTaskDefinitionCommand,
  type DescribeTaskDefinitionCommandInput,
  type DescribeTaskDefinitionCommandOutput,
  DescribeTasksCommand,
  type DescribeTasksCommandInput,
  type DescribeTasksCommandOutput,
  type ECSClient,
  ListServiceDeploymentsCommand,
  type ListServiceDeploymentsCommandInput,
  type ListServiceDeploymentsCommandOutput,
  ListServicesCommand,
  type ListServicesCommandInput,
  type ListServicesCommandOutput,
  ListTaskDefinitionsCommand,
  type ListTaskDefinitionsCommandInput,
  type ListTaskDefinitionsCommandOutput,
  ListTasksCommand,
  type ListTasksCommandInput,
  type ListTasksCommandOutput,
  PutClusterCapacityProvidersCommand,
  type PutClusterCapacityProvidersCommandInput,
  type PutClusterCapacityProvidersCommandOutput,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  type RegisterTaskDefinitionCommandOutput,
  RunTaskCommand,
  type RunTaskCommandInput,
  type RunTaskCommandOutput,
  type Service,
  type ServiceField,
  StopServiceDeploymentCommand,
  type StopServiceDeploymentCommandInput,
  type StopServiceDeploymentCommandOutput,
  StopTaskCommand,
  type StopTaskCommandInput,
  type StopTaskCommandOutput,
  TagResourceCommand,
  type TagResourceCommandInput,
  type TagResourceCommandOutput,
  UntagResourceCommand,
  type UntagResourceCommandInput,
  type UntagResourceCommandOutput,
  UpdateServiceCommand,
  type UpdateServiceCommandInput,
  type UpdateServiceCommandOutput,
} from "@aws-sdk/client-ecs";
import { chunks, mapPool } from "./pool.js";

/**
 * The one ECS port of the pack: every ECS operation an action calls, in the SDK's own request and
 * response types. Logic depends on this interface (or a `Pick` of it), never on the client;
 * `ecsPort(client)` is the adapter production and tests share, so the wire format stays under test.
 * An action's IAM policy lists exactly the methods its own source calls (test/pack-consistency).
 */
export interface EcsPort {
  describeClusters(input: DescribeClustersCommandInput): Promise<DescribeClustersCommandOutput>;
  putClusterCapacityProviders(
    input: PutClusterCapacityProvidersCommandInput,
  ): Promise<PutClusterCapacityProvidersCommandOutput>;
  listServices(input: ListServicesCommandInput): Promise<ListServicesCommandOutput>;
  describeServices(input: DescribeServicesCommandInput): Promise<DescribeServicesCommandOutput>;
  updateService(input: UpdateServiceCommandInput): Promise<UpdateServiceCommandOutput>;
  describeTaskDefinition(input: DescribeTaskDefinitionCommandInput): Promise<DescribeTaskDefinitionCommandOutput>;
  registerTaskDefinition(input: RegisterTaskDefinitionCommandInput): Promise<RegisterTaskDefinitionCommandOutput>;
  deregisterTaskDefinition(input: DeregisterTaskDefinitionCommandInput): Promise<DeregisterTaskDefinitionCommandOutput>;
  listTaskDefinitions(input: ListTaskDefinitionsCommandInput): Promise<ListTaskDefinitionsCommandOutput>;
  listTasks(input: ListTasksCommandInput): Promise<ListTasksCommandOutput>;
  describeTasks(input: DescribeTasksCommandInput): Promise<DescribeTasksCommandOutput>;
  runTask(input: RunTaskCommandInput): Promise<RunTaskCommandOutput>;
  stopTask(input: StopTaskCommandInput): Promise<StopTaskCommandOutput>;
  tagResource(input: TagResourceCommandInput): Promise<TagResourceCommandOutput>;
  untagResource(input: UntagResourceCommandInput): Promise<UntagResourceCommandOutput>;
  /** The service-deployment record ECS keeps per deployment (not in every partition). */
  listServiceDeployments(input: ListServiceDeploymentsCommandInput): Promise<ListServiceDeploymentsCommandOutput>;
  describeServiceDeployments(
    input: DescribeServiceDeploymentsCommandInput,
  ): Promise<DescribeServiceDeploymentsCommandOutput>;
  stopServiceDeployment(input: StopServiceDeploymentCommandInput): Promise<StopServiceDeploymentCommandOutput>;
  /** Moves a deployment paused by a PAUSE lifecycle hook on (CONTINUE) or back (ROLLBACK). */
  continueServiceDeployment(
    input: ContinueServiceDeploymentCommandInput,
  ): Promise<ContinueServiceDeploymentCommandOutput>;
}

/**
 * The adapter over a real client. `writes` sends the two calls that are not idempotent
 * (RegisterTaskDefinition, RunTask): production gives it a client without SDK retries, and the
 * caller reads back after an ambiguous failure instead of sending again (core's `exactlyOnce`).
 */
export function ecsPort(client: ECSClient, writes: ECSClient = client): EcsPort {
  return {
    describeClusters: (input) => client.send(new DescribeClustersCommand(input)),
    putClusterCapacityProviders: (input) => client.send(new PutClusterCapacityProvidersCommand(input)),
    listServices: (input) => client.send(new ListServicesCommand(input)),
    describeServices: (input) => client.send(new DescribeServicesCommand(input)),
    updateService: (input) => client.send(new UpdateServiceCommand(input)),
    describeTaskDefinition: (input) => client.send(new DescribeTaskDefinitionCommand(input)),
    registerTaskDefinition: (input) => writes.send(new RegisterTaskDefinitionCommand(input)),
    deregisterTaskDefinition: (input) => client.send(new DeregisterTaskDefinitionCommand(input)),
    listTaskDefinitions: (input) => client.send(new ListTaskDefinitionsCommand(input)),
    listTasks: (input) => client.send(new ListTasksCommand(input)),
    describeTasks: (input) => client.send(new DescribeTasksCommand(input)),
    runTask: (input) => writes.send(new RunTaskCommand(input)),
    stopTask: (input) => client.send(new StopTaskCommand(input)),
    tagResource: (input) => client.send(new TagResourceCommand(input)),
    untagResource: (input) => client.send(new UntagResourceCommand(input)),
    listServiceDeployments: (input) => client.send(new ListServiceDeploymentsCommand(input)),
    describeServiceDeployments: (input) => client.send(new DescribeServiceDeploymentsCommand(input)),
    stopServiceDeployment: (input) => client.send(new StopServiceDeploymentCommand(input)),
    continueServiceDeployment: (input) => client.send(new ContinueServiceDeploymentCommand(input)),
  };
}

/** DescribeServices takes at most 10 services a call (ECS API reference). */
export const DESCRIBE_SERVICES_MAX = 10;

export interface DescribeServicesOptions {
  /** `TAGS` to read the services' tags in the same call. */
  include?: ServiceField[];
  /** Batches in flight at once (default 1: one call after another). */
  concurrency?: number;
}

export interface DescribedServices {
  /** In the order asked, each once; only those ECS found (any status: callers decide about INACTIVE). */
  services: Service[];
  /** Names or ARNs ECS reported as failures (`MISSING`) or did not return at all. */
  missing: string[];
}

/**
 * The one DescribeServices batching of the pack: names or ARNs in batches of 10, answers matched
 * back to what was asked (by name or ARN), failures and absent ones reported as `missing`.
 */
export async function describeServices(
  ecs: Pick<EcsPort, "describeServices">,
  cluster: string,
  names: readonly string[],
  options: DescribeServicesOptions = {},
): Promise<DescribedServices> {
  const unique = [...new Set(names)];
  const pages = await mapPool(chunks(unique, DESCRIBE_SERVICES_MAX), options.concurrency ?? 1, (batch) =>
    ecs.describeServices({
      cluster,
      services: batch,
      ...(options.include === undefined ? {} : { include: options.include }),
    }),
  );
  const found = pages.flatMap((page) => page.services ?? []);
  const byKey = new Map<string, Service>();
  for (const service of found) {
    if (service.serviceArn !== undefined) byKey.set(service.serviceArn, service);
    if (service.serviceName !== undefined) byKey.set(service.serviceName, service);
  }
  const services: Service[] = [];
  const missing: string[] = [];
  for (const name of unique) {
    const service = byKey.get(name);
    if (service === undefined) missing.push(name);
    else if (!services.includes(service)) services.push(service);
  }
  return { services, missing };
}
