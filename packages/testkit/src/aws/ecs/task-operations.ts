import type {
  DescribeTasksRequest,
  DescribeTasksResponse,
  Failure,
  ListTasksRequest,
  ListTasksResponse,
  RunTaskRequest,
  RunTaskResponse,
  StopTaskRequest,
  StopTaskResponse,
  Task,
} from "@aws-sdk/client-ecs";
import { AwsError, paginate } from "../protocol.js";
import type { OperationHandler } from "../service.js";
import type { EcsEngine } from "./engine.js";
import { resolvePlacement } from "./scheduler.js";
import type { TaskRecord } from "./state.js";
import { describeTask, launchTask, stopTask } from "./tasks.js";
import {
  checkLaunchChoice,
  checkStrategyOnCluster,
  checkTaskPlacement,
  usableTaskDefinition,
  usesFargate,
} from "./validation.js";

export function taskOperations(engine: EcsEngine): Record<string, OperationHandler> {
  // ECS "Ensuring idempotency": a RunTask retried with the same clientToken in the same cluster and
  // the same parameters returns the first result; other parameters are a ConflictException.
  const tokens = new Map<string, { request: string; response: RunTaskResponse }>();
  return {
    RunTask: (input: RunTaskRequest, now: number) => {
      if (input.clientToken === undefined) return runTask(engine, input, now);
      if (input.clientToken.length > 64 || !/^[!-~]+$/.test(input.clientToken)) {
        throw new AwsError(
          "InvalidParameterException",
          "clientToken must be 1-64 ASCII characters in the range 33-126.",
        );
      }
      const key = `${engine.state.cluster(input.cluster).arn}|${input.clientToken}`;
      const request = JSON.stringify({ ...input, clientToken: undefined });
      const seen = tokens.get(key);
      if (seen !== undefined) {
        if (seen.request !== request) {
          throw new AwsError("ConflictException", "The clientToken was already used with different parameters.");
        }
        return seen.response;
      }
      const response = runTask(engine, input, now);
      tokens.set(key, { request, response });
      return response;
    },
    DescribeTasks: (input: DescribeTasksRequest) => describeTasks(engine, input),
    ListTasks: (input: ListTasksRequest) => listTasks(engine, input),
    StopTask: (input: StopTaskRequest, now: number) => stopTaskOperation(engine, input, now),
  };
}

function runTask(engine: EcsEngine, input: RunTaskRequest, now: number): RunTaskResponse {
  const { state } = engine;
  const cluster = state.cluster(input.cluster);
  const taskDefinition = usableTaskDefinition(state.findTaskDefinition(input.taskDefinition ?? ""));
  const count = input.count ?? 1;
  if (count < 1 || count > 10) throw new AwsError("InvalidParameterException", "count must be between 1 and 10.");
  checkLaunchChoice(input.launchType, input.capacityProviderStrategy);
  checkStrategyOnCluster(cluster, input.capacityProviderStrategy);
  const strategy = input.capacityProviderStrategy?.length ? input.capacityProviderStrategy : undefined;
  checkTaskPlacement(taskDefinition, usesFargate(input.launchType, strategy, cluster), input.networkConfiguration);
  const definitions = taskDefinition.input.containerDefinitions ?? [];
  const overrides = input.overrides ?? {};
  for (const override of overrides.containerOverrides ?? []) {
    if (!definitions.some((definition) => definition.name === override.name)) {
      throw new AwsError(
        "InvalidParameterException",
        `Override for container named ${override.name ?? ""} is not a container in the TaskDefinition.`,
      );
    }
  }
  const commands = Object.fromEntries(
    definitions.map((definition) => [
      definition.name ?? "",
      overrides.containerOverrides?.find((override) => override.name === definition.name)?.command ??
        definition.command,
    ]),
  );
  const group = input.group ?? `family:${taskDefinition.family}`;
  const behaviour = engine.behaviours.forRunTask({
    family: taskDefinition.family,
    taskDefinitionArn: taskDefinition.arn,
    commands,
    images: definitions
      .filter((definition) => definition.essential ?? true)
      .map((definition) => definition.image ?? ""),
    startedBy: input.startedBy,
    group,
  });
  const placement = {
    launchType: strategy === undefined ? input.launchType : undefined,
    capacityProviderStrategy: strategy,
    platformVersion: input.platformVersion,
    networkConfiguration: input.networkConfiguration,
  };
  const tasks: TaskRecord[] = [];
  for (let index = 0; index < count; index += 1) {
    const where = resolvePlacement(placement, cluster, index);
    const task = launchTask(
      engine,
      {
        cluster,
        taskDefinition,
        service: undefined,
        deploymentId: undefined,
        startedBy: input.startedBy,
        group,
        launchType: where.launchType,
        capacityProviderName: where.capacityProviderName,
        platformVersion:
          where.launchType === "FARGATE" ? (input.platformVersion ?? "1.4.0").replace("LATEST", "1.4.0") : undefined,
        networkConfiguration: input.networkConfiguration,
        overrides,
        tags: input.tags ?? [],
        behaviour,
      },
      now,
    );
    state.tasks.push(task);
    tasks.push(task);
  }
  return { tasks: tasks.map((task) => describeTask(task, false)), failures: [] };
}

function describeTasks(engine: EcsEngine, input: DescribeTasksRequest): DescribeTasksResponse {
  const ids = input.tasks ?? [];
  if (ids.length === 0) throw new AwsError("InvalidParameterException", "Tasks cannot be empty.");
  if (ids.length > 100) throw new AwsError("InvalidParameterException", "tasks can have at most 100 items.");
  const cluster = engine.state.cluster(input.cluster);
  const includeTags = input.include?.includes("TAGS") === true;
  const tasks: Task[] = [];
  const failures: Failure[] = [];
  for (const id of ids) {
    const task = engine.state.findTask(cluster, id);
    if (task === undefined) {
      failures.push({ arn: id.startsWith("arn:") ? id : engine.arn(`task/${cluster.name}/${id}`), reason: "MISSING" });
    } else {
      tasks.push(describeTask(task, includeTags));
    }
  }
  return { tasks, failures };
}

function listTasks(engine: EcsEngine, input: ListTasksRequest): ListTasksResponse {
  const { state } = engine;
  const cluster = state.cluster(input.cluster);
  const service = input.serviceName === undefined ? undefined : state.service(cluster, input.serviceName);
  // ECS API reference, ListTasks.startedBy: "When you specify startedBy as the filter, it must be the
  // only filter that you use."
  const others = (["containerInstance", "family", "serviceName", "desiredStatus", "launchType"] as const).filter(
    (name) => input[name] !== undefined,
  );
  if (input.startedBy !== undefined && others.length > 0) {
    throw new AwsError(
      "InvalidParameterException",
      `startedBy must be the only filter when listing tasks; remove ${others.join(", ")}.`,
    );
  }
  const desiredStatus = input.desiredStatus ?? "RUNNING";
  const arns = state.tasks
    .filter(
      (task) =>
        task.cluster === cluster &&
        task.desiredStatus === desiredStatus &&
        (service === undefined || task.service === service) &&
        (input.startedBy === undefined || task.startedBy === input.startedBy) &&
        (input.family === undefined || task.taskDefinition.family === input.family) &&
        (input.launchType === undefined || task.launchType === input.launchType),
    )
    .map((task) => task.arn);
  const { page, nextToken } = paginate(arns, input.nextToken, input.maxResults, { default: 100, max: 100 });
  return { taskArns: page, nextToken };
}

function stopTaskOperation(engine: EcsEngine, input: StopTaskRequest, now: number): StopTaskResponse {
  const cluster = engine.state.cluster(input.cluster);
  const task = engine.state.findTask(cluster, input.task ?? "");
  if (task === undefined) throw new AwsError("InvalidParameterException", "The referenced task was not found.");
  stopTask(engine, task, now, { code: "UserInitiated", reason: input.reason ?? "Task stopped by user", drain: false });
  if (task.service !== undefined) engine.reconcile(task.service, now);
  return { task: describeTask(task, false) };
}
