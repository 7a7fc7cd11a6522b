import type {
  CreateServiceRequest,
  CreateServiceResponse,
  DeleteServiceRequest,
  DeleteServiceResponse,
  Deployment,
  DeploymentConfiguration,
  DescribeServicesRequest,
  DescribeServicesResponse,
  ListServicesRequest,
  ListServicesResponse,
  Service,
  UpdateServiceRequest,
  UpdateServiceResponse,
} from "@aws-sdk/client-ecs";
import { AwsError, paginate } from "../protocol.js";
import type { OperationHandler } from "../service.js";
import type { EcsEngine } from "./engine.js";
import { currentRevisionFields } from "./service-deployments.js";
import type { ClusterRecord, DeploymentRecord, ServiceRecord } from "./state.js";
import {
  checkLaunchChoice,
  checkLifecycleHooks,
  checkStrategyOnCluster,
  checkTaskPlacement,
  usableTaskDefinition,
  usesFargate,
} from "./validation.js";

const DEFAULT_DEPLOYMENT_CONFIGURATION: DeploymentConfiguration = {
  deploymentCircuitBreaker: { enable: false, rollback: false },
  maximumPercent: 200,
  minimumHealthyPercent: 100,
};

export function serviceOperations(engine: EcsEngine): Record<string, OperationHandler> {
  return {
    CreateService: (input: CreateServiceRequest, now: number): CreateServiceResponse => ({
      service: describeService(engine, createService(engine, input, now), false),
    }),
    UpdateService: (input: UpdateServiceRequest, now: number): UpdateServiceResponse => ({
      service: describeService(engine, updateService(engine, input, now), false),
    }),
    DescribeServices: (input: DescribeServicesRequest) => describeServices(engine, input),
    ListServices: (input: ListServicesRequest) => listServices(engine, input),
    DeleteService: (input: DeleteServiceRequest, now: number): DeleteServiceResponse => ({
      service: describeService(engine, deleteService(engine, input, now), false),
    }),
  };
}

/**
 * CreateService: a service with one PRIMARY deployment IN_PROGRESS whose tasks the scheduler starts.
 * With `steady`, the service is made as if it had been running for a while (seeding).
 */
export function createService(
  engine: EcsEngine,
  input: CreateServiceRequest,
  now: number,
  options: { steady?: boolean } = {},
): ServiceRecord {
  const { state } = engine;
  const cluster = state.cluster(input.cluster);
  const name = input.serviceName ?? "";
  const existing = state.findService(cluster, name);
  if (existing !== undefined && existing.status !== "INACTIVE") {
    throw new AwsError("InvalidParameterException", "Creation of service was not idempotent.");
  }
  const controller = input.deploymentController ?? { type: "ECS" };
  checkLaunchChoice(input.launchType, input.capacityProviderStrategy);
  checkLifecycleHooks(input.deploymentConfiguration);
  checkStrategyOnCluster(cluster, input.capacityProviderStrategy);
  const strategy =
    input.capacityProviderStrategy !== undefined && input.capacityProviderStrategy.length > 0
      ? input.capacityProviderStrategy
      : input.launchType === undefined && cluster.defaultCapacityProviderStrategy.length > 0
        ? cluster.defaultCapacityProviderStrategy
        : undefined;
  const launchType = strategy === undefined ? (input.launchType ?? "EC2") : undefined;
  const taskDefinition = usableTaskDefinition(
    input.taskDefinition === undefined ? undefined : state.findTaskDefinition(input.taskDefinition),
  );
  const fargate = usesFargate(launchType, strategy, cluster);
  checkTaskPlacement(taskDefinition, fargate, input.networkConfiguration);
  const service: ServiceRecord = {
    arn: state.arn(`service/${cluster.name}/${name}`),
    name,
    cluster,
    status: "ACTIVE",
    desiredCount: input.desiredCount ?? 0,
    launchType,
    capacityProviderStrategy: strategy,
    platformVersion: input.platformVersion ?? (fargate ? "LATEST" : undefined),
    networkConfiguration: input.networkConfiguration,
    deploymentConfiguration: mergeDeploymentConfiguration(
      DEFAULT_DEPLOYMENT_CONFIGURATION,
      input.deploymentConfiguration,
    ),
    deploymentController: controller,
    deployments: [],
    events: [],
    tags: input.tags ?? [],
    createdAt: now,
    schedulingStrategy: input.schedulingStrategy ?? "REPLICA",
    loadBalancers: input.loadBalancers ?? [],
    serviceRegistries: input.serviceRegistries ?? [],
    placementConstraints: input.placementConstraints ?? [],
    placementStrategy: input.placementStrategy ?? [],
    healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds,
    enableECSManagedTags: input.enableECSManagedTags ?? false,
    enableExecuteCommand: input.enableExecuteCommand ?? false,
    propagateTags: input.propagateTags ?? "NONE",
    lastCompleted: undefined,
    steady: false,
  };
  state.services.push(service);
  engine.scheduler.startDeployment(service, taskDefinition.arn, now);
  if (options.steady === true) {
    settle(engine, service, now);
  } else {
    engine.reconcile(service, now);
  }
  return service;
}

/** Seeding: the tasks of the first deployment are already RUNNING and the deployment COMPLETED. */
function settle(engine: EcsEngine, service: ServiceRecord, now: number): void {
  const { taskStartMs, stableMs } = engine.timing;
  const startedAt = now - taskStartMs - stableMs - 60_000;
  engine.scheduler.seeding = true;
  try {
    engine.reconcile(service, startedAt);
  } finally {
    engine.scheduler.seeding = false;
  }
  engine.advanceTo(startedAt + taskStartMs + stableMs);
}

function mergeDeploymentConfiguration(
  base: DeploymentConfiguration,
  change: DeploymentConfiguration | undefined,
): DeploymentConfiguration {
  if (change === undefined) return structuredClone(base);
  return structuredClone({ ...base, ...change });
}

function updateService(engine: EcsEngine, input: UpdateServiceRequest, now: number): ServiceRecord {
  const { state } = engine;
  const cluster = state.cluster(input.cluster);
  const service = state.service(cluster, input.service ?? "");
  if (service.status !== "ACTIVE") throw new AwsError("ServiceNotActiveException", "Service was not ACTIVE.");
  const primary = service.deployments[0];
  const codeDeploy = service.deploymentController.type === "CODE_DEPLOY";
  if (codeDeploy && input.taskDefinition !== undefined) {
    throw new AwsError(
      "InvalidParameterException",
      "Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to deploy new task definitions.",
    );
  }
  const taskDefinition =
    input.taskDefinition === undefined
      ? undefined
      : usableTaskDefinition(state.findTaskDefinition(input.taskDefinition));
  const force = input.forceNewDeployment === true;
  const strategyGiven = input.capacityProviderStrategy !== undefined && input.capacityProviderStrategy.length > 0;
  const strategyChanged =
    strategyGiven &&
    JSON.stringify(input.capacityProviderStrategy) !== JSON.stringify(service.capacityProviderStrategy);
  if (strategyGiven) checkStrategyOnCluster(cluster, input.capacityProviderStrategy);
  if (strategyChanged && !force) {
    throw new AwsError(
      "InvalidParameterException",
      "When switching from launch type to capacity provider strategy on an existing service, or making a change to a capacity provider strategy on a service that is already using one, you must force a new deployment.",
    );
  }
  const networkChanged =
    input.networkConfiguration !== undefined &&
    JSON.stringify(input.networkConfiguration) !== JSON.stringify(service.networkConfiguration);
  const platformChanged = input.platformVersion !== undefined && input.platformVersion !== service.platformVersion;
  const nextStrategy = strategyChanged ? input.capacityProviderStrategy : service.capacityProviderStrategy;
  const nextLaunchType = strategyChanged ? undefined : service.launchType;
  const nextNetwork = input.networkConfiguration ?? service.networkConfiguration;
  checkLifecycleHooks(input.deploymentConfiguration);
  const nextDefinition = taskDefinition ?? state.findTaskDefinition(primary?.taskDefinitionArn ?? "");
  if (nextDefinition !== undefined) {
    checkTaskPlacement(nextDefinition, usesFargate(nextLaunchType, nextStrategy, cluster), nextNetwork);
  }

  // Only now, with every check passed, does anything change.
  if (input.desiredCount !== undefined) service.desiredCount = input.desiredCount;
  if (input.deploymentConfiguration !== undefined) {
    service.deploymentConfiguration = mergeDeploymentConfiguration(
      service.deploymentConfiguration,
      input.deploymentConfiguration,
    );
  }
  service.capacityProviderStrategy = nextStrategy;
  service.launchType = nextLaunchType;
  service.networkConfiguration = nextNetwork;
  if (input.platformVersion !== undefined) service.platformVersion = input.platformVersion;
  if (input.healthCheckGracePeriodSeconds !== undefined)
    service.healthCheckGracePeriodSeconds = input.healthCheckGracePeriodSeconds;
  if (input.enableExecuteCommand !== undefined) service.enableExecuteCommand = input.enableExecuteCommand;
  if (input.enableECSManagedTags !== undefined) service.enableECSManagedTags = input.enableECSManagedTags;
  if (input.propagateTags !== undefined) service.propagateTags = input.propagateTags;
  if (input.loadBalancers !== undefined) service.loadBalancers = input.loadBalancers;
  if (input.serviceRegistries !== undefined) service.serviceRegistries = input.serviceRegistries;
  if (input.placementConstraints !== undefined) service.placementConstraints = input.placementConstraints;
  if (input.placementStrategy !== undefined) service.placementStrategy = input.placementStrategy;

  const definitionChanged = taskDefinition !== undefined && taskDefinition.arn !== primary?.taskDefinitionArn;
  if (definitionChanged || force || strategyChanged || networkChanged || platformChanged) {
    engine.scheduler.startDeployment(service, (taskDefinition ?? nextDefinition)?.arn ?? "", now);
  } else if (primary !== undefined) {
    primary.desiredCount = service.desiredCount;
    primary.updatedAt = now;
  }
  engine.reconcile(service, now);
  return service;
}

function deleteService(engine: EcsEngine, input: DeleteServiceRequest, now: number): ServiceRecord {
  const cluster = engine.state.cluster(input.cluster);
  const service = engine.state.service(cluster, input.service ?? "");
  if (service.status !== "ACTIVE") throw new AwsError("ServiceNotActiveException", "Service was not ACTIVE.");
  if (service.desiredCount > 0 && input.force !== true) {
    throw new AwsError("InvalidParameterException", "The service cannot be stopped while it is scaled above 0.");
  }
  service.status = "DRAINING";
  service.desiredCount = 0;
  engine.reconcile(service, now);
  return service;
}

function describeServices(engine: EcsEngine, input: DescribeServicesRequest): DescribeServicesResponse {
  const names = input.services ?? [];
  if (names.length === 0) throw new AwsError("InvalidParameterException", "Services cannot be empty.");
  if (names.length > 10) throw new AwsError("InvalidParameterException", "service names can have at most 10 items.");
  const cluster = engine.state.cluster(input.cluster);
  const includeTags = input.include?.includes("TAGS") === true;
  const services: Service[] = [];
  const failures: DescribeServicesResponse["failures"] = [];
  for (const name of names) {
    const service = engine.state.findService(cluster, name);
    if (service === undefined) {
      failures.push({
        arn: name.startsWith("arn:") ? name : engine.arn(`service/${cluster.name}/${name}`),
        reason: "MISSING",
      });
    } else {
      services.push(describeService(engine, service, includeTags));
    }
  }
  return { services, failures };
}

function listServices(engine: EcsEngine, input: ListServicesRequest): ListServicesResponse {
  const cluster = engine.state.cluster(input.cluster);
  const arns = engine.state.services
    .filter(
      (service) =>
        service.cluster === cluster &&
        service.status !== "INACTIVE" &&
        (input.launchType === undefined || service.launchType === input.launchType) &&
        (input.schedulingStrategy === undefined || service.schedulingStrategy === input.schedulingStrategy),
    )
    .map((service) => service.arn);
  const { page, nextToken } = paginate(arns, input.nextToken, input.maxResults, { default: 10, max: 100 });
  return { serviceArns: page, nextToken };
}

/** The clusters a service may be in, counted for DescribeClusters. */
export function activeServiceCount(engine: EcsEngine, cluster: ClusterRecord): number {
  return engine.state.services.filter((service) => service.cluster === cluster && service.status === "ACTIVE").length;
}

function describeDeployment(engine: EcsEngine, service: ServiceRecord, deployment: DeploymentRecord): Deployment {
  const tasks = engine.state
    .tasksOf(service)
    .filter((task) => task.deploymentId === deployment.id && task.desiredStatus === "RUNNING");
  const fargate = usesFargate(deployment.launchType, deployment.capacityProviderStrategy, service.cluster);
  return {
    id: deployment.id,
    status: deployment.status,
    taskDefinition: deployment.taskDefinitionArn,
    desiredCount: deployment.desiredCount,
    pendingCount: tasks.filter((task) => ["PROVISIONING", "PENDING", "ACTIVATING"].includes(task.lastStatus)).length,
    runningCount: tasks.filter((task) => task.lastStatus === "RUNNING").length,
    failedTasks: deployment.failedTasks,
    createdAt: new Date(deployment.createdAt),
    updatedAt: new Date(deployment.updatedAt),
    capacityProviderStrategy: deployment.capacityProviderStrategy,
    launchType: deployment.launchType,
    // The deployment shows the platform version Fargate resolved LATEST to.
    platformVersion: fargate
      ? deployment.platformVersion === "LATEST" || deployment.platformVersion === undefined
        ? "1.4.0"
        : deployment.platformVersion
      : undefined,
    platformFamily: fargate ? "Linux" : undefined,
    networkConfiguration: deployment.networkConfiguration,
    // rolloutState belongs to the ECS controller; CODE_DEPLOY and EXTERNAL deployments have none.
    ...((service.deploymentController.type ?? "ECS") === "ECS"
      ? { rolloutState: deployment.rolloutState, rolloutStateReason: deployment.rolloutStateReason }
      : {}),
  };
}

/** A service as DescribeServices shows it: counts summed over deployments, events newest first (100 at most). */
export function describeService(engine: EcsEngine, service: ServiceRecord, includeTags: boolean): Service {
  const deployments = service.deployments.map((deployment) => describeDeployment(engine, service, deployment));
  const fargate = usesFargate(service.launchType, service.capacityProviderStrategy, service.cluster);
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.cluster.arn,
    loadBalancers: service.loadBalancers,
    serviceRegistries: service.serviceRegistries,
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: deployments.reduce((sum, deployment) => sum + (deployment.runningCount ?? 0), 0),
    pendingCount: deployments.reduce((sum, deployment) => sum + (deployment.pendingCount ?? 0), 0),
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy,
    platformVersion: service.platformVersion,
    platformFamily: fargate ? "Linux" : undefined,
    taskDefinition: service.deployments[0]?.taskDefinitionArn,
    deploymentConfiguration: service.deploymentConfiguration,
    deployments,
    events: service.events
      .slice(-100)
      .reverse()
      .map((event) => ({ id: event.id, createdAt: new Date(event.at), message: event.message })),
    createdAt: new Date(service.createdAt),
    placementConstraints: service.placementConstraints,
    placementStrategy: service.placementStrategy,
    networkConfiguration: service.networkConfiguration,
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    schedulingStrategy: service.schedulingStrategy,
    deploymentController: service.deploymentController,
    tags: includeTags ? service.tags : undefined,
    createdBy: `arn:aws:iam::${engine.state.accountId}:root`,
    enableECSManagedTags: service.enableECSManagedTags,
    propagateTags: service.propagateTags,
    enableExecuteCommand: service.enableExecuteCommand,
    ...currentRevisionFields(engine, service),
  };
}
