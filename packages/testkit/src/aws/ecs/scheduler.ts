import type { CapacityProviderStrategyItem, DeploymentCircuitBreaker } from "@aws-sdk/client-ecs";
import type { AlarmStore } from "../cloudwatch/alarms.js";
import type { BehaviourBook } from "./behaviour.js";
import { LifecycleDriver } from "./blue-green.js";
import {
  beginServiceDeployment,
  FINISHED,
  finish,
  type HookRun,
  type ServiceDeploymentBook,
  type ServiceDeploymentRecord,
  watchedAlarms,
} from "./service-deployments.js";
import type { ClusterRecord, DeploymentRecord, EcsState, Placement, ServiceRecord, TaskRecord } from "./state.js";
import { launchTask, stopTask, type TaskHost } from "./tasks.js";

/**
 * The ECS service scheduler for the rolling-update (`ECS`) deployment controller: keeps the PRIMARY
 * deployment at its desired count within `maximumPercent`, retires tasks of older deployments while
 * keeping `minimumHealthyPercent` of the desired count running, completes deployments, trips the
 * deployment circuit breaker and rolls back, and writes the service events ECS writes.
 */
export class ServiceScheduler {
  /** While set, new tasks are healthy whatever the image rules say (seeding a steady service). */
  seeding = false;

  private readonly lifecycle: LifecycleDriver;

  constructor(
    private readonly state: EcsState,
    private readonly host: TaskHost,
    private readonly behaviours: BehaviourBook,
    readonly book: ServiceDeploymentBook,
    readonly alarms: AlarmStore,
  ) {
    this.lifecycle = new LifecycleDriver(this, host);
  }

  /** Makes a new PRIMARY deployment; the previous PRIMARY becomes ACTIVE. */
  startDeployment(
    service: ServiceRecord,
    taskDefinitionArn: string,
    now: number,
    rolloutStateReason?: (id: string) => string,
    rollbackOf?: ServiceDeploymentRecord,
  ): DeploymentRecord {
    const id = this.host.ids.deploymentId();
    const deployment: DeploymentRecord = {
      id,
      status: "PRIMARY",
      taskDefinitionArn,
      desiredCount: service.desiredCount,
      failedTasks: 0,
      createdAt: now,
      updatedAt: now,
      launchType: service.launchType,
      capacityProviderStrategy: service.capacityProviderStrategy,
      platformVersion: service.platformVersion,
      networkConfiguration: service.networkConfiguration,
      rolloutState: "IN_PROGRESS",
      rolloutStateReason: rolloutStateReason?.(id) ?? `ECS deployment ${id} in progress.`,
      launched: 0,
    };
    for (const previous of service.deployments) previous.status = "ACTIVE";
    service.deployments.unshift(deployment);
    service.steady = false;
    if (rollbackOf !== undefined) {
      // A rollback runs the source revision again inside the failed service deployment.
      rollbackOf.rollback?.revision.deploymentIds.push(id);
      rollbackOf.rollbackDeploymentId = id;
    } else if ((service.deploymentController.type ?? "ECS") === "ECS") {
      const digests: Record<string, string | undefined> = {};
      for (const container of this.state.findTaskDefinition(taskDefinitionArn)?.input.containerDefinitions ?? []) {
        digests[container.name ?? ""] = this.host.digestOf(container.image ?? "");
      }
      beginServiceDeployment(this.host, this.book, service, id, taskDefinitionArn, digests, now);
    }
    return deployment;
  }

  /** A task of `service` reached STOPPED: count it against its deployment when it failed. */
  taskStopped(task: TaskRecord): void {
    if (task.stopCode !== "TaskFailedToStart" && task.stopCode !== "EssentialContainerExited") return;
    const deployment = task.service?.deployments.find((candidate) => candidate.id === task.deploymentId);
    if (deployment === undefined || task.stoppedAt === undefined) return;
    deployment.failedTasks += 1;
    deployment.updatedAt = task.stoppedAt;
  }

  /** Brings `service` in line with its deployments at clock time `now`. */
  reconcile(service: ServiceRecord, now: number): void {
    if (service.status !== "ACTIVE") {
      this.drainDeleted(service, now);
      return;
    }
    if (service.deploymentController.type !== undefined && service.deploymentController.type !== "ECS") return;
    const record = this.book.active(service);
    // A service's first deployment has nothing to shift traffic from: it rolls out.
    if (
      record !== undefined &&
      record.strategy !== "ROLLING" &&
      record.rollback === undefined &&
      record.sources.length > 0
    ) {
      this.lifecycle.drive(service, record, now);
      return;
    }
    if (record !== undefined) this.checkAlarms(service, record, now);
    this.checkCircuitBreaker(service, now);
    for (let round = 0; round < 4; round += 1) {
      const launched = this.launchForPrimary(service, now);
      const retired = this.retireOld(service, now);
      if (!launched && !retired) break;
    }
    this.checkSteady(service, now);
    if (record !== undefined) this.syncRecord(service, record, now);
  }

  live(service: ServiceRecord, deployment?: DeploymentRecord): TaskRecord[] {
    return this.state
      .tasksOf(service)
      .filter(
        (task) => task.desiredStatus === "RUNNING" && (deployment === undefined || task.deploymentId === deployment.id),
      );
  }

  /** Keeps the PRIMARY at its desired count; blue/green scale-up ignores `maximumPercent`. */
  launchForPrimary(service: ServiceRecord, now: number, ignoreCeiling = false): boolean {
    const primary = service.deployments[0];
    if (primary === undefined) return false;
    const live = this.live(service, primary);
    if (live.length > primary.desiredCount) {
      // Scale in: unstarted tasks first, then the newest running ones.
      const order = [...live].sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt);
      this.stopAll(service, order.slice(0, live.length - primary.desiredCount), primary, now);
      return true;
    }
    if (primary.rolloutState === "FAILED") return false;
    const maximumPercent = service.deploymentConfiguration.maximumPercent ?? 200;
    const ceiling = ignoreCeiling
      ? Number.POSITIVE_INFINITY
      : Math.floor((primary.desiredCount * maximumPercent) / 100);
    const count = Math.min(primary.desiredCount - live.length, ceiling - this.live(service).length);
    if (count <= 0) return false;
    const taskDefinition = this.state.findTaskDefinition(primary.taskDefinitionArn);
    if (taskDefinition === undefined) return false;
    const images = (taskDefinition.input.containerDefinitions ?? [])
      .filter((container) => container.essential ?? true)
      .map((container) => container.image ?? "");
    const started: TaskRecord[] = [];
    for (let i = 0; i < count; i += 1) {
      const where = resolvePlacement(primary, service.cluster, primary.launched);
      primary.launched += 1;
      const task = launchTask(
        this.host,
        {
          cluster: service.cluster,
          taskDefinition,
          service,
          deploymentId: primary.id,
          startedBy: primary.id,
          group: `service:${service.name}`,
          launchType: where.launchType,
          capacityProviderName: where.capacityProviderName,
          platformVersion: where.launchType === "FARGATE" ? "1.4.0" : undefined,
          networkConfiguration: primary.networkConfiguration,
          overrides: {},
          tags: service.propagateTags === "SERVICE" ? service.tags : [],
          behaviour: this.seeding ? { kind: "healthy" } : this.behaviours.forServiceTask(images),
        },
        now,
      );
      this.state.tasks.push(task);
      started.push(task);
    }
    this.event(
      service,
      now,
      `has started ${started.length} tasks: ${started.map((task) => `(task ${task.id})`).join(" ")}.`,
    );
    return true;
  }

  private retireOld(service: ServiceRecord, now: number): boolean {
    const primary = service.deployments[0];
    if (primary === undefined) return false;
    const old = this.live(service).filter((task) => task.deploymentId !== primary.id);
    if (old.length === 0) return false;
    const minimumPercent = service.deploymentConfiguration.minimumHealthyPercent ?? 100;
    const minimumHealthy = Math.ceil((primary.desiredCount * minimumPercent) / 100);
    let healthy = this.live(service).filter((task) => task.lastStatus === "RUNNING").length;
    const retire = old.filter((task) => task.lastStatus !== "RUNNING");
    for (const task of old
      .filter((candidate) => candidate.lastStatus === "RUNNING")
      .sort((a, b) => a.createdAt - b.createdAt)) {
      if (healthy - 1 < minimumHealthy) break;
      retire.push(task);
      healthy -= 1;
    }
    if (retire.length === 0) return false;
    this.stopAll(service, retire, primary, now);
    return true;
  }

  stopAll(service: ServiceRecord, tasks: TaskRecord[], cause: DeploymentRecord, now: number): void {
    const running = tasks.filter((task) => task.lastStatus === "RUNNING");
    for (const task of tasks) {
      stopTask(this.host, task, now, {
        code: "ServiceSchedulerInitiated",
        reason: `Scaling activity initiated by (deployment ${cause.id})`,
        drain: true,
      });
    }
    if (running.length > 0) {
      this.event(
        service,
        now,
        `has stopped ${running.length} running tasks: ${running.map((task) => `(task ${task.id})`).join(" ")}.`,
      );
    }
  }

  /**
   * Steady: the PRIMARY runs its desired count and older deployments have no task left. Only then
   * does an IN_PROGRESS deployment become COMPLETED and do the ACTIVE deployments disappear.
   */
  private checkSteady(service: ServiceRecord, now: number): void {
    const primary = service.deployments[0];
    if (primary === undefined) return;
    const tasks = this.live(service, primary);
    const stableSince = now - this.host.timing.stableMs;
    const running = tasks.filter(
      (task) => task.lastStatus === "RUNNING" && task.startedAt !== undefined && task.startedAt <= stableSince,
    ).length;
    const leftovers = this.state
      .tasksOf(service)
      .some((task) => task.deploymentId !== primary.id && task.lastStatus !== "STOPPED");
    const steady = !leftovers && running === primary.desiredCount && running === tasks.length;
    if (!steady) {
      service.steady = false;
      return;
    }
    this.complete(service, primary, now);
  }

  /** The PRIMARY is all that is left: COMPLETED (once), and the service steady. */
  complete(service: ServiceRecord, primary: DeploymentRecord, now: number): void {
    service.deployments = [primary];
    if (primary.rolloutState === "IN_PROGRESS") {
      primary.rolloutState = "COMPLETED";
      primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`;
      primary.updatedAt = now;
      service.lastCompleted = primary;
      this.event(service, now, `(deployment ${primary.id}) deployment completed.`);
    }
    if (!service.steady) this.event(service, now, "has reached a steady state.");
    service.steady = true;
  }

  /** Whether tasks of other deployments than `primary` have not stopped yet. */
  hasLeftovers(service: ServiceRecord, primary: DeploymentRecord): boolean {
    return this.state
      .tasksOf(service)
      .some((task) => task.deploymentId !== primary.id && task.lastStatus !== "STOPPED");
  }

  /** The circuit-breaker threshold of the service as it is configured now. */
  breakerThreshold(service: ServiceRecord): number {
    const breaker = service.deploymentConfiguration.deploymentCircuitBreaker ?? { enable: false, rollback: false };
    return failureThreshold(breaker, service.desiredCount);
  }

  /** Rolling deployments with `alarms` fail as soon as a watched alarm is in ALARM. */
  private checkAlarms(service: ServiceRecord, record: ServiceDeploymentRecord, now: number): void {
    const primary = service.deployments[0];
    if (record.status !== "IN_PROGRESS" || primary?.rolloutState !== "IN_PROGRESS") return;
    const firing = this.alarms.inAlarm(watchedAlarms(record));
    if (firing.length === 0) return;
    record.triggeredAlarms = firing;
    this.failDeployment(service, record, {
      mechanism: "ECS deployment alarms",
      reason: `ECS deployment alarms: ${firing.join(", ")} in ALARM state.`,
      event: `alarm(s) ${firing.join(", ")} in ALARM state`,
      rollback: record.configuration.alarms?.rollback === true,
      now,
    });
  }

  /**
   * A deployment failed (circuit breaker, alarm, lifecycle hook, or a user's StopServiceDeployment):
   * mark it FAILED and, with rollback, go back to the source revision inside the same service
   * deployment; without, the service deployment is STOPPED where it is.
   */
  failDeployment(
    service: ServiceRecord,
    record: ServiceDeploymentRecord | undefined,
    failure: {
      /** What failed it, as ECS names it in the rollback deployment's reason. */
      mechanism: string;
      reason: string;
      event: string;
      rollback: boolean;
      now: number;
      requested?: boolean;
    },
  ): void {
    const { now } = failure;
    const primary = service.deployments[0];
    if (primary === undefined) return;
    primary.rolloutState = "FAILED";
    primary.rolloutStateReason = failure.reason;
    primary.updatedAt = now;
    this.event(service, now, `(deployment ${primary.id}) deployment failed: ${failure.event}.`);
    if (record !== undefined) {
      record.statusReason = failure.reason;
      record.updatedAt = now;
      record.failureCount = primary.failedTasks;
    }
    const target = service.lastCompleted;
    if (!failure.rollback || target === undefined || target === primary) {
      if (record !== undefined && !FINISHED.has(record.status)) finish(record, "STOPPED", now);
      return;
    }
    const revision = this.book.revisionOf(target.id);
    if (record !== undefined && revision !== undefined) {
      record.rollback = { reason: failure.reason, startedAt: now, revision };
      record.status = failure.requested === true ? "ROLLBACK_REQUESTED" : "ROLLBACK_IN_PROGRESS";
      record.productionWeight = 0;
      record.testWeight = 0;
      record.wakeAt = now + 1000;
    }
    const standing = service.deployments.find((deployment) => deployment !== primary && deployment === target);
    if (standing !== undefined && record !== undefined && record.strategy !== "ROLLING") {
      // Blue/green: the blue tasks still run; traffic goes back to them and green is torn down.
      primary.status = "ACTIVE";
      standing.status = "PRIMARY";
      service.deployments = [standing, ...service.deployments.filter((deployment) => deployment !== standing)];
      Object.assign(service, placementOf(standing));
      this.stopAll(service, this.live(service, primary), standing, now);
      this.event(service, now, `rolling back to deployment ${target.id}.`);
      return;
    }
    // Roll back: a new PRIMARY with the last completed deployment's task definition and placement.
    Object.assign(service, placementOf(target));
    const rollback = this.startDeployment(
      service,
      target.taskDefinitionArn,
      now,
      () => `${failure.mechanism}: rolling back to deploymentId ${target.id}.`,
      record,
    );
    this.stopAll(service, this.live(service, primary), rollback, now);
    this.event(service, now, `rolling back to deployment ${target.id}.`);
  }

  /**
   * ContinueServiceDeployment on a PAUSE hook waiting for it: CONTINUE lets the stage finish (the
   * next reconcile moves on); ROLLBACK is a requested rollback (ROLLBACK_REQUESTED first, as for
   * StopServiceDeployment) back to the source revision.
   */
  continueHook(record: ServiceDeploymentRecord, run: HookRun, action: "CONTINUE" | "ROLLBACK", now: number): void {
    record.updatedAt = now;
    if (action === "CONTINUE") {
      run.status = "SUCCEEDED";
      return;
    }
    run.status = "FAILED";
    this.failDeployment(record.service, record, {
      mechanism: "ContinueServiceDeployment",
      reason: `ContinueServiceDeployment: rollback requested at ${run.stage}.`,
      event: `rollback requested at ${run.stage}`,
      rollback: true,
      requested: true,
      now,
    });
  }

  /** StopServiceDeployment: ROLLBACK goes back to the source revision; ABORT stops where it is. */
  stopServiceDeployment(record: ServiceDeploymentRecord, stopType: "ROLLBACK" | "ABORT", now: number): void {
    const service = record.service;
    if (stopType === "ABORT") {
      const primary = service.deployments[0];
      if (primary !== undefined && primary.rolloutState === "IN_PROGRESS") {
        primary.rolloutState = "FAILED";
        primary.rolloutStateReason = "The service deployment was stopped.";
        primary.updatedAt = now;
      }
      record.statusReason = "Stopped by StopServiceDeployment.";
      finish(record, "STOPPED", now);
      return;
    }
    if (record.rollback !== undefined) return; // already rolling back
    this.failDeployment(service, record, {
      mechanism: "StopServiceDeployment",
      reason: "StopServiceDeployment: rollback requested.",
      event: "stop requested",
      rollback: true,
      requested: true,
      now,
    });
  }

  /** Mirrors a rolling deployment (or any rollback) into its service deployment record. */
  syncRecord(service: ServiceRecord, record: ServiceDeploymentRecord, now: number): void {
    if (FINISHED.has(record.status)) return;
    if (record.rollback !== undefined) {
      if (record.status === "ROLLBACK_REQUESTED" && now > record.rollback.startedAt) {
        record.status = "ROLLBACK_IN_PROGRESS";
        record.updatedAt = now;
      }
      const primary = service.deployments[0];
      if (primary !== undefined && this.rollbackFailures(service, record) >= this.breakerThreshold(service)) {
        this.failRollback(service, record, primary, now);
        return;
      }
      const back =
        service.steady &&
        service.deployments.length === 1 &&
        primary !== undefined &&
        record.rollback.revision.deploymentIds.includes(primary.id);
      if (back) finish(record, "ROLLBACK_SUCCESSFUL", now);
      else record.wakeAt = record.status === "ROLLBACK_REQUESTED" ? record.wakeAt : undefined;
      return;
    }
    const ours = service.deployments.find((deployment) => record.target.deploymentIds.includes(deployment.id));
    if (ours?.rolloutState === "COMPLETED") finish(record, "SUCCESSFUL", now);
    else if (ours?.rolloutState === "FAILED") finish(record, "STOPPED", now);
  }

  /**
   * Tasks of the revision a rollback returns to that failed to start or crashed since the rollback
   * began. ECS watches a rollback whatever the breaker setting: this many failures end it.
   */
  private rollbackFailures(service: ServiceRecord, record: ServiceDeploymentRecord): number {
    const rollback = record.rollback;
    if (rollback === undefined) return 0;
    return this.state
      .tasksOf(service)
      .filter(
        (task) =>
          rollback.revision.deploymentIds.includes(task.deploymentId ?? "") &&
          task.createdAt >= rollback.startedAt &&
          task.lastStatus === "STOPPED" &&
          (task.stopCode === "TaskFailedToStart" || task.stopCode === "EssentialContainerExited"),
      ).length;
  }

  /**
   * The rollback could not start the previous revision either: ROLLBACK_FAILED. The deployment it
   * ran stops launching (rolloutState FAILED); the service keeps whatever tasks still run.
   */
  private failRollback(
    service: ServiceRecord,
    record: ServiceDeploymentRecord,
    primary: DeploymentRecord,
    now: number,
  ): void {
    const reason = `${record.statusReason ?? "Rollback"} The rollback failed: tasks of the previous service revision failed to start.`;
    primary.rolloutState = "FAILED";
    primary.rolloutStateReason = reason;
    primary.updatedAt = now;
    this.event(service, now, `(deployment ${primary.id}) rollback failed: tasks failed to start.`);
    record.statusReason = reason;
    finish(record, "ROLLBACK_FAILED", now);
  }

  private checkCircuitBreaker(service: ServiceRecord, now: number): void {
    const primary = service.deployments[0];
    const breaker = service.deploymentConfiguration.deploymentCircuitBreaker;
    if (primary === undefined || breaker?.enable !== true || primary.rolloutState !== "IN_PROGRESS") return;
    if (primary.failedTasks < failureThreshold(breaker, primary.desiredCount)) return;
    const record = this.book.active(service);
    // A rollback that fails is not rolled back again: syncRecord ends it ROLLBACK_FAILED.
    if (record?.rollback !== undefined) return;
    if (record !== undefined) record.breakerTriggered = true;
    this.failDeployment(service, record, {
      mechanism: "ECS deployment circuit breaker",
      reason: "ECS deployment circuit breaker: tasks failed to start.",
      event: "tasks failed to start",
      rollback: breaker.rollback === true,
      now,
    });
  }

  /** A deleted service stops its tasks, then becomes INACTIVE. */
  private drainDeleted(service: ServiceRecord, now: number): void {
    const primary = service.deployments[0];
    const live = this.live(service);
    if (primary !== undefined && live.length > 0) this.stopAll(service, live, primary, now);
    if (service.status === "DRAINING" && this.state.tasksOf(service).every((task) => task.lastStatus === "STOPPED")) {
      service.status = "INACTIVE";
    }
  }

  event(service: ServiceRecord, now: number, text: string): void {
    service.events.push({ id: this.host.ids.uuid(), at: now, message: `(service ${service.name}) ${text}` });
  }
}

function rank(task: TaskRecord): number {
  return task.lastStatus === "RUNNING" ? 1 : 0;
}

export function placementOf(source: Placement): Placement {
  return {
    launchType: source.launchType,
    capacityProviderStrategy: source.capacityProviderStrategy,
    platformVersion: source.platformVersion,
    networkConfiguration: source.networkConfiguration,
  };
}

/**
 * The failure threshold of the deployment circuit breaker: by default half the desired count,
 * at least 3 and at most 200 (`thresholdConfiguration` can say otherwise).
 */
export function failureThreshold(breaker: DeploymentCircuitBreaker, desiredCount: number): number {
  const type = breaker.thresholdConfiguration?.type ?? "BOUNDED_PERCENT";
  const value = breaker.thresholdConfiguration?.value ?? 50;
  if (type === "COUNT") return Math.max(1, value);
  const threshold = Math.ceil((desiredCount * value) / 100);
  return type === "UNBOUNDED_PERCENT" ? Math.max(1, threshold) : Math.min(200, Math.max(3, threshold));
}

/**
 * Where the n-th task of a deployment (or RunTask call) lands: the `base` of each capacity provider
 * first, then the rest spread by `weight`; without a strategy, the launch type (EC2 when unset).
 */
export function resolvePlacement(
  placement: Placement,
  cluster: ClusterRecord,
  index: number,
): { launchType: TaskRecord["launchType"]; capacityProviderName: string | undefined } {
  const strategy =
    placement.capacityProviderStrategy ??
    (placement.launchType === undefined && cluster.defaultCapacityProviderStrategy.length > 0
      ? cluster.defaultCapacityProviderStrategy
      : undefined);
  if (strategy === undefined || strategy.length === 0)
    return { launchType: placement.launchType ?? "EC2", capacityProviderName: undefined };
  const provider = pickProvider(strategy, index);
  return { launchType: provider.startsWith("FARGATE") ? "FARGATE" : "EC2", capacityProviderName: provider };
}

function pickProvider(strategy: CapacityProviderStrategyItem[], index: number): string {
  let remaining = index;
  for (const item of strategy) {
    const base = item.base ?? 0;
    if (remaining < base) return item.capacityProvider ?? "";
    remaining -= base;
  }
  const slots = strategy.flatMap((item) => Array.from({ length: item.weight ?? 0 }, () => item.capacityProvider ?? ""));
  if (slots.length === 0) return strategy[0]?.capacityProvider ?? "";
  return slots[remaining % slots.length] ?? "";
}
