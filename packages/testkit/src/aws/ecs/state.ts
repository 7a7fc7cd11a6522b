import type {
  CapacityProviderStrategyItem,
  DeploymentConfiguration,
  DeploymentController,
  LaunchType,
  LoadBalancer,
  NetworkConfiguration,
  PlacementConstraint,
  PlacementStrategy,
  PropagateTags,
  RegisterTaskDefinitionCommandInput,
  ServiceRegistry,
  Tag,
  TaskOverride,
} from "@aws-sdk/client-ecs";
import { AwsError } from "../protocol.js";
import type { TaskBehaviour } from "./behaviour.js";

export interface ClusterRecord {
  name: string;
  arn: string;
  status: "ACTIVE" | "INACTIVE";
  tags: Tag[];
  capacityProviders: string[];
  defaultCapacityProviderStrategy: CapacityProviderStrategyItem[];
  containerInsights: "enabled" | "disabled";
}

export interface TaskDefinitionRecord {
  arn: string;
  family: string;
  revision: number;
  status: "ACTIVE" | "INACTIVE";
  /** The request that registered it, as sent. */
  input: RegisterTaskDefinitionCommandInput;
  registeredAt: number;
  deregisteredAt: number | undefined;
  tags: Tag[];
}

/** Where a task runs: what a deployment or a RunTask call asked for. */
export interface Placement {
  launchType: LaunchType | undefined;
  capacityProviderStrategy: CapacityProviderStrategyItem[] | undefined;
  platformVersion: string | undefined;
  networkConfiguration: NetworkConfiguration | undefined;
}

export type RolloutState = "IN_PROGRESS" | "COMPLETED" | "FAILED";

export interface DeploymentRecord extends Placement {
  id: string;
  status: "PRIMARY" | "ACTIVE";
  taskDefinitionArn: string;
  desiredCount: number;
  failedTasks: number;
  createdAt: number;
  updatedAt: number;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  /** How many tasks this deployment has launched (spreads them over a capacity provider strategy). */
  launched: number;
}

export interface EventRecord {
  id: string;
  at: number;
  message: string;
}

export interface ServiceRecord extends Placement {
  arn: string;
  name: string;
  cluster: ClusterRecord;
  status: "ACTIVE" | "DRAINING" | "INACTIVE";
  desiredCount: number;
  deploymentConfiguration: DeploymentConfiguration;
  deploymentController: DeploymentController;
  /** PRIMARY first, then ACTIVE ones newest first. */
  deployments: DeploymentRecord[];
  /** Oldest first; answers list them newest first. */
  events: EventRecord[];
  tags: Tag[];
  createdAt: number;
  schedulingStrategy: "REPLICA" | "DAEMON";
  loadBalancers: LoadBalancer[];
  serviceRegistries: ServiceRegistry[];
  placementConstraints: PlacementConstraint[];
  placementStrategy: PlacementStrategy[];
  healthCheckGracePeriodSeconds: number | undefined;
  enableECSManagedTags: boolean;
  enableExecuteCommand: boolean;
  propagateTags: PropagateTags | undefined;
  /** The last deployment that reached COMPLETED: what a circuit-breaker rollback returns to. */
  lastCompleted: DeploymentRecord | undefined;
  /** Whether the last reconcile found the service steady (so "steady state" is said once per arrival). */
  steady: boolean;
}

export type TaskStatus =
  | "PROVISIONING"
  | "PENDING"
  | "ACTIVATING"
  | "RUNNING"
  | "DEACTIVATING"
  | "STOPPING"
  | "DEPROVISIONING"
  | "STOPPED";

export type StopCode = "TaskFailedToStart" | "EssentialContainerExited" | "UserInitiated" | "ServiceSchedulerInitiated";

export interface ContainerRecord {
  name: string;
  image: string;
  /** The digest the image resolved to at launch (the fake's ECR), if known. */
  imageDigest: string | undefined;
  essential: boolean;
  runtimeId: string;
  lastStatus: "PENDING" | "RUNNING" | "STOPPED";
  exitCode: number | undefined;
  reason: string | undefined;
  cpu: number | undefined;
  memory: number | undefined;
}

/** A state change planned for a task at a clock time; the engine applies them in time order. */
export interface Transition {
  at: number;
  apply: () => void;
}

export interface TaskRecord {
  id: string;
  arn: string;
  cluster: ClusterRecord;
  taskDefinition: TaskDefinitionRecord;
  service: ServiceRecord | undefined;
  deploymentId: string | undefined;
  startedBy: string | undefined;
  group: string;
  launchType: LaunchType;
  capacityProviderName: string | undefined;
  platformVersion: string | undefined;
  networkConfiguration: NetworkConfiguration | undefined;
  privateIp: string;
  eniId: string;
  overrides: TaskOverride;
  tags: Tag[];
  behaviour: TaskBehaviour;
  lastStatus: TaskStatus;
  desiredStatus: "RUNNING" | "STOPPED";
  createdAt: number;
  pullStartedAt: number | undefined;
  pullStoppedAt: number | undefined;
  startedAt: number | undefined;
  stoppingAt: number | undefined;
  executionStoppedAt: number | undefined;
  stoppedAt: number | undefined;
  stopCode: StopCode | undefined;
  stoppedReason: string | undefined;
  containers: ContainerRecord[];
  version: number;
  pending: Transition[];
}

/** Every ECS resource one fake account holds in one region, with ECS's ways of naming them. */
export class EcsState {
  readonly clusters = new Map<string, ClusterRecord>();
  readonly taskDefinitions = new Map<string, TaskDefinitionRecord[]>();
  readonly services: ServiceRecord[] = [];
  readonly tasks: TaskRecord[] = [];

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  arn(resource: string): string {
    return `arn:aws:ecs:${this.region}:${this.accountId}:${resource}`;
  }

  /** A cluster by name or ARN; ECS's default cluster is "default". */
  cluster(identifier: string | undefined): ClusterRecord {
    const name = lastSegment(identifier ?? "default");
    const cluster = this.clusters.get(name);
    if (cluster === undefined || cluster.status !== "ACTIVE")
      throw new AwsError("ClusterNotFoundException", "Cluster not found.");
    return cluster;
  }

  findService(cluster: ClusterRecord, identifier: string): ServiceRecord | undefined {
    const name = lastSegment(identifier);
    // A deleted service stays describable; a newer one with the same name wins.
    const matches = this.services.filter((service) => service.cluster === cluster && service.name === name);
    return matches.find((service) => service.status !== "INACTIVE") ?? matches.at(-1);
  }

  service(cluster: ClusterRecord, identifier: string): ServiceRecord {
    const service = this.findService(cluster, identifier);
    if (service === undefined) throw new AwsError("ServiceNotFoundException", "Service not found.");
    return service;
  }

  /** `family`, `family:revision` or a full ARN; a bare family means its latest ACTIVE revision. */
  findTaskDefinition(identifier: string): TaskDefinitionRecord | undefined {
    const reference = identifier.startsWith("arn:") ? (identifier.split("task-definition/")[1] ?? "") : identifier;
    const [family = "", revisionText] = reference.split(":");
    const revisions = this.taskDefinitions.get(family) ?? [];
    if (revisionText === undefined) return revisions.filter((revision) => revision.status === "ACTIVE").at(-1);
    return revisions.find((revision) => String(revision.revision) === revisionText);
  }

  findTask(cluster: ClusterRecord, identifier: string): TaskRecord | undefined {
    const id = lastSegment(identifier);
    return this.tasks.find((task) => task.cluster === cluster && task.id === id);
  }

  tasksOf(service: ServiceRecord): TaskRecord[] {
    return this.tasks.filter((task) => task.service === service);
  }
}

function lastSegment(identifier: string): string {
  return identifier.startsWith("arn:") ? (identifier.split("/").at(-1) ?? "") : identifier;
}
