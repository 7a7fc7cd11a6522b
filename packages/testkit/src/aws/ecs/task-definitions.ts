import type {
  Attribute,
  ContainerDefinition,
  RegisterTaskDefinitionCommandInput,
  TaskDefinition,
} from "@aws-sdk/client-ecs";
import { AwsError } from "../protocol.js";
import type { EcsState, TaskDefinitionRecord } from "./state.js";

/** Registers the next revision of a family, validating what ECS validates at registration. */
export function registerTaskDefinition(
  state: EcsState,
  input: RegisterTaskDefinitionCommandInput,
  now: number,
): TaskDefinitionRecord {
  const family = input.family ?? "";
  const fargate = input.requiresCompatibilities?.includes("FARGATE") === true;
  if (fargate && input.networkMode !== "awsvpc")
    throw new AwsError("ClientException", "Fargate only supports network mode ‘awsvpc’.");
  const awslogs = (input.containerDefinitions ?? []).some((c) => c.logConfiguration?.logDriver === "awslogs");
  if (fargate && awslogs && input.executionRoleArn === undefined) {
    throw new AwsError(
      "ClientException",
      "Fargate requires task definition to have execution role ARN to support log driver awslogs.",
    );
  }
  if (input.memory === undefined) {
    const missing = (input.containerDefinitions ?? []).find(
      (c) => c.memory === undefined && c.memoryReservation === undefined,
    );
    if (missing !== undefined) {
      throw new AwsError(
        "ClientException",
        `Invalid setting for container '${missing.name ?? ""}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
      );
    }
  }
  const revisions = state.taskDefinitions.get(family) ?? [];
  const revision = (revisions.at(-1)?.revision ?? 0) + 1;
  const record: TaskDefinitionRecord = {
    arn: state.arn(`task-definition/${family}:${revision}`),
    family,
    revision,
    status: "ACTIVE",
    input: structuredClone(input),
    registeredAt: now,
    deregisteredAt: undefined,
    tags: input.tags ?? [],
  };
  revisions.push(record);
  state.taskDefinitions.set(family, revisions);
  return record;
}

export function requireTaskDefinition(state: EcsState, identifier: string): TaskDefinitionRecord {
  const record = state.findTaskDefinition(identifier);
  if (record === undefined) throw new AwsError("ClientException", "Unable to describe task definition.");
  return record;
}

/** A task definition the way DescribeTaskDefinition shows it, with the defaults ECS fills in. */
export function describeTaskDefinition(state: EcsState, record: TaskDefinitionRecord): TaskDefinition {
  const { tags: _tags, ...input } = record.input;
  const awsvpc = input.networkMode === "awsvpc";
  return {
    ...input,
    taskDefinitionArn: record.arn,
    containerDefinitions: (input.containerDefinitions ?? []).map((container) => withDefaults(container, awsvpc)),
    family: record.family,
    revision: record.revision,
    volumes: input.volumes ?? [],
    placementConstraints: input.placementConstraints ?? [],
    status: record.status,
    requiresAttributes: requiredAttributes(record.input),
    compatibilities: compatibilities(record.input),
    registeredAt: new Date(record.registeredAt),
    deregisteredAt: record.deregisteredAt === undefined ? undefined : new Date(record.deregisteredAt),
    registeredBy: `arn:aws:iam::${state.accountId}:root`,
  };
}

function withDefaults(container: ContainerDefinition, awsvpc: boolean): ContainerDefinition {
  return {
    ...container,
    cpu: container.cpu ?? 0,
    portMappings: (container.portMappings ?? []).map((mapping) => ({
      ...mapping,
      hostPort: mapping.hostPort ?? (awsvpc ? mapping.containerPort : undefined),
      protocol: mapping.protocol ?? "tcp",
    })),
    essential: container.essential ?? true,
    environment: container.environment ?? [],
    mountPoints: container.mountPoints ?? [],
    volumesFrom: container.volumesFrom ?? [],
    systemControls: container.systemControls ?? [],
  };
}

/** EC2 always; FARGATE too when the definition could run there (awsvpc with task-level cpu and memory). */
function compatibilities(input: RegisterTaskDefinitionCommandInput): ("EC2" | "FARGATE")[] {
  const fargate = input.networkMode === "awsvpc" && input.cpu !== undefined && input.memory !== undefined;
  return fargate ? ["EC2", "FARGATE"] : ["EC2"];
}

/** The container-instance attributes ECS derives from what the definition uses. */
function requiredAttributes(input: RegisterTaskDefinitionCommandInput): Attribute[] {
  const names = new Set<string>(["com.amazonaws.ecs.capability.docker-remote-api.1.18"]);
  const containers = input.containerDefinitions ?? [];
  if (input.networkMode === "awsvpc") names.add("ecs.capability.task-eni");
  if (input.taskRoleArn !== undefined) names.add("com.amazonaws.ecs.capability.task-iam-role");
  if (containers.some((c) => c.logConfiguration?.logDriver === "awslogs")) {
    names.add("com.amazonaws.ecs.capability.logging-driver.awslogs");
    names.add("com.amazonaws.ecs.capability.docker-remote-api.1.19");
    if (input.executionRoleArn !== undefined) names.add("ecs.capability.execution-role-awslogs");
  }
  if (input.executionRoleArn !== undefined && containers.some((c) => /\.dkr\.ecr\./.test(c.image ?? ""))) {
    names.add("ecs.capability.execution-role-ecr-pull");
  }
  if (containers.some((c) => (c.secrets ?? []).length > 0))
    names.add("ecs.capability.secrets.asm.environment-variables");
  return [...names].map((name) => ({ name }));
}
