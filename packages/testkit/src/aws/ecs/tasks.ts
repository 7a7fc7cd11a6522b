import type { Container, Task, TaskOverride } from "@aws-sdk/client-ecs";
import type { IdSource } from "../ids.js";
import type { EcsTiming, TaskBehaviour } from "./behaviour.js";
import type {
  ClusterRecord,
  ContainerRecord,
  ServiceRecord,
  StopCode,
  TaskDefinitionRecord,
  TaskRecord,
  TaskStatus,
} from "./state.js";

/** What the task lifecycle needs from its surroundings. */
export interface TaskHost {
  ids: IdSource;
  timing: EcsTiming;
  arn(resource: string): string;
  /** The digest an image reference resolves to (ECS records it per container), if the registry knows it. */
  digestOf(image: string): string | undefined;
  /** A container with the awslogs driver printed these lines. */
  writeLogs(task: TaskRecord, container: ContainerRecord, lines: { timestamp: number; message: string }[]): void;
  /** The task reached STOPPED. */
  taskStopped(task: TaskRecord): void;
}

export interface LaunchSpec {
  cluster: ClusterRecord;
  taskDefinition: TaskDefinitionRecord;
  service: ServiceRecord | undefined;
  deploymentId: string | undefined;
  startedBy: string | undefined;
  group: string;
  launchType: TaskRecord["launchType"];
  capacityProviderName: string | undefined;
  platformVersion: string | undefined;
  networkConfiguration: TaskRecord["networkConfiguration"];
  overrides: TaskOverride;
  tags: TaskRecord["tags"];
  behaviour: TaskBehaviour;
}

const STARTED: ReadonlySet<TaskStatus> = new Set(["RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING"]);

/** Creates a task in PROVISIONING at `now` and plans its life according to its behaviour. */
export function launchTask(host: TaskHost, spec: LaunchSpec, now: number): TaskRecord {
  const id = host.ids.taskId();
  const containers: ContainerRecord[] = (spec.taskDefinition.input.containerDefinitions ?? []).map((definition) => ({
    name: definition.name ?? "",
    image: definition.image ?? "",
    imageDigest: host.digestOf(definition.image ?? ""),
    essential: definition.essential ?? true,
    runtimeId: `${id}-${host.ids.digits(10)}`,
    lastStatus: "PENDING",
    exitCode: undefined,
    reason: undefined,
    cpu: definition.cpu,
    memory: definition.memory,
  }));
  const task: TaskRecord = {
    ...spec,
    id,
    arn: host.arn(`task/${spec.cluster.name}/${id}`),
    privateIp: host.ids.privateIp(),
    eniId: `eni-${host.ids.hex(17)}`,
    lastStatus: "PROVISIONING",
    desiredStatus: "RUNNING",
    createdAt: now,
    pullStartedAt: undefined,
    pullStoppedAt: undefined,
    startedAt: undefined,
    stoppingAt: undefined,
    executionStoppedAt: undefined,
    stoppedAt: undefined,
    stopCode: undefined,
    stoppedReason: undefined,
    containers,
    version: 1,
    pending: [],
  };
  planLife(host, task, now);
  return task;
}

function planLife(host: TaskHost, task: TaskRecord, now: number): void {
  const behaviour = task.behaviour;
  const startMs = Math.max(
    1,
    behaviour.kind === "fail-to-start"
      ? (behaviour.afterMs ?? host.timing.taskStartMs)
      : (behaviour.startMs ?? host.timing.taskStartMs),
  );
  const pendingAt = now + Math.min(host.timing.provisioningMs, startMs);
  const startAt = now + startMs;
  schedule(task, pendingAt, () => {
    setStatus(task, "PENDING");
    task.pullStartedAt = pendingAt;
  });
  if (behaviour.kind === "fail-to-start") {
    schedule(task, startAt, () => {
      for (const container of task.containers) {
        container.lastStatus = "STOPPED";
        container.reason = behaviour.reason;
      }
      task.desiredStatus = "STOPPED";
      task.stopCode = behaviour.stopCode ?? "TaskFailedToStart";
      task.stoppedReason = behaviour.reason;
      task.stoppingAt = startAt;
      task.executionStoppedAt = startAt;
      finishStop(host, task, startAt);
    });
    return;
  }
  schedule(task, startAt, () => {
    setStatus(task, "RUNNING");
    task.pullStoppedAt = startAt;
    task.startedAt = startAt;
    for (const container of task.containers) container.lastStatus = "RUNNING";
    writeBehaviourLogs(host, task, startAt);
  });
  // Nothing changes then, but the scheduler looks again once a service task has run long enough to count as stable.
  if (task.service !== undefined) schedule(task, startAt + host.timing.stableMs, () => undefined);
  if (behaviour.kind === "exit") {
    const exitAt = startAt + Math.max(1, behaviour.afterMs);
    schedule(task, exitAt, () => {
      const exiting = task.containers.find((container) => container.essential);
      if (exiting !== undefined) {
        exiting.lastStatus = "STOPPED";
        exiting.exitCode = behaviour.exitCode;
        exiting.reason = behaviour.reason;
      }
      task.desiredStatus = "STOPPED";
      task.stopCode = "EssentialContainerExited";
      task.stoppedReason = "Essential container in task exited";
      task.stoppingAt = exitAt;
      task.executionStoppedAt = exitAt;
      setStatus(task, "DEPROVISIONING");
      schedule(task, exitAt + host.timing.stopMs, () => finishStop(host, task, exitAt + host.timing.stopMs));
    });
  }
}

function writeBehaviourLogs(host: TaskHost, task: TaskRecord, startedAt: number): void {
  const behaviour = task.behaviour;
  if (behaviour.kind === "fail-to-start") return;
  const lines = behaviour.logLines ?? [];
  const container = task.containers.find((candidate) => candidate.essential);
  if (lines.length === 0 || container === undefined) return;
  // Lines land while the container runs: one a second, or spread evenly before an exit.
  const spacing = behaviour.kind === "exit" ? behaviour.afterMs / lines.length : 1000;
  host.writeLogs(
    task,
    container,
    lines.map((message, index) => ({ timestamp: startedAt + Math.floor(index * spacing), message })),
  );
}

/**
 * Stops a task at `now` the way ECS does for StopTask (`UserInitiated`) and for the service
 * scheduler (`ServiceSchedulerInitiated`, which drains first). A task already stopping is left alone.
 */
export function stopTask(
  host: TaskHost,
  task: TaskRecord,
  now: number,
  stop: { code: StopCode; reason: string; drain: boolean },
): void {
  if (task.desiredStatus === "STOPPED") return;
  task.pending = [];
  task.desiredStatus = "STOPPED";
  task.stopCode = stop.code;
  task.stoppedReason = stop.reason;
  task.stoppingAt = now;
  task.version += 1;
  const started = STARTED.has(task.lastStatus);
  const drainUntil = started && stop.drain ? now + host.timing.drainMs : now;
  if (drainUntil > now) setStatus(task, "DEACTIVATING");
  else setStatus(task, started ? "STOPPING" : "DEPROVISIONING");
  if (drainUntil > now) schedule(task, drainUntil, () => setStatus(task, "STOPPING"));
  const stoppedAt = drainUntil + host.timing.stopMs;
  schedule(task, stoppedAt, () => {
    task.executionStoppedAt = stoppedAt;
    for (const container of task.containers) {
      if (container.lastStatus === "RUNNING") container.exitCode = 0;
      container.lastStatus = "STOPPED";
    }
    finishStop(host, task, stoppedAt);
  });
}

function finishStop(host: TaskHost, task: TaskRecord, at: number): void {
  setStatus(task, "STOPPED");
  task.stoppedAt = at;
  host.taskStopped(task);
}

/** Plans a change, keeping the plan in time order (changes planned for the same instant keep their order). */
function schedule(task: TaskRecord, at: number, apply: () => void): void {
  const index = task.pending.findIndex((transition) => transition.at > at);
  if (index === -1) task.pending.push({ at, apply });
  else task.pending.splice(index, 0, { at, apply });
}

function setStatus(task: TaskRecord, status: TaskStatus): void {
  task.lastStatus = status;
  task.version += 1;
}

/** Applies every planned change of `task` due at or before `time`, in order. */
export function applyDue(task: TaskRecord, time: number): boolean {
  let applied = false;
  for (;;) {
    const next = task.pending[0];
    if (next === undefined || next.at > time) return applied;
    task.pending.shift();
    next.apply();
    applied = true;
  }
}

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

/** A task as DescribeTasks and RunTask return it. */
export function describeTask(task: TaskRecord, includeTags: boolean): Task {
  const awsvpc = task.taskDefinition.input.networkMode === "awsvpc";
  const attachmentId = `${task.id.slice(0, 8)}-${task.id.slice(8, 12)}-${task.id.slice(12, 16)}-${task.id.slice(16, 20)}-${task.id.slice(20)}`;
  const subnet = task.networkConfiguration?.awsvpcConfiguration?.subnets?.[0];
  const containers: Container[] = task.containers.map((container) => ({
    containerArn: task.arn.replace(":task/", ":container/").replace(task.id, `${task.id}/${container.runtimeId}`),
    taskArn: task.arn,
    name: container.name,
    image: container.image,
    // Known once the image was pulled.
    imageDigest: task.pullStoppedAt === undefined ? undefined : container.imageDigest,
    runtimeId: container.runtimeId,
    lastStatus: container.lastStatus,
    exitCode: container.exitCode,
    reason: container.reason,
    networkBindings: [],
    networkInterfaces: awsvpc ? [{ attachmentId, privateIpv4Address: task.privateIp }] : [],
    healthStatus: "UNKNOWN",
    cpu: container.cpu === undefined ? "0" : String(container.cpu),
    memory: container.memory === undefined ? undefined : String(container.memory),
  }));
  const definition = task.taskDefinition.input;
  return {
    taskArn: task.arn,
    clusterArn: task.cluster.arn,
    taskDefinitionArn: task.taskDefinition.arn,
    overrides: { containerOverrides: [], inferenceAcceleratorOverrides: [], ...task.overrides },
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    cpu: definition.cpu,
    memory: definition.memory,
    containers,
    startedBy: task.startedBy,
    version: task.version,
    stoppedReason: task.stoppedReason,
    stopCode: task.stopCode,
    connectivity: task.lastStatus === "PROVISIONING" ? undefined : "CONNECTED",
    connectivityAt: date(task.pullStartedAt),
    pullStartedAt: date(task.pullStartedAt),
    pullStoppedAt: date(task.pullStoppedAt),
    executionStoppedAt: date(task.executionStoppedAt),
    createdAt: date(task.createdAt),
    startedAt: date(task.startedAt),
    stoppingAt: date(task.stoppingAt),
    stoppedAt: date(task.stoppedAt),
    group: task.group,
    launchType: task.launchType,
    capacityProviderName: task.capacityProviderName,
    platformVersion: task.platformVersion,
    platformFamily: task.launchType === "FARGATE" ? "Linux" : undefined,
    availabilityZone: `${task.cluster.arn.split(":")[3] ?? ""}a`,
    attachments: awsvpc
      ? [
          {
            id: attachmentId,
            type: "ElasticNetworkInterface",
            status:
              task.lastStatus === "STOPPED"
                ? "DELETED"
                : task.lastStatus === "PROVISIONING"
                  ? "PRECREATED"
                  : "ATTACHED",
            details: [
              { name: "subnetId", value: subnet },
              { name: "networkInterfaceId", value: task.eniId },
              { name: "privateIPv4Address", value: task.privateIp },
            ],
          },
        ]
      : [],
    healthStatus: "UNKNOWN",
    tags: includeTags ? task.tags : undefined,
    enableExecuteCommand: false,
    ephemeralStorage: task.launchType === "FARGATE" ? { sizeInGiB: 20 } : undefined,
  };
}
