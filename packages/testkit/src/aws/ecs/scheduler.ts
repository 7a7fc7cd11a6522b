import type { CapacityProviderStrategyItem, DeploymentCircuitBreaker } from "@aws-sdk/client-ecs";
import type { BehaviourBook } from "./behaviour.js";
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

  constructor(
    private readonly state: EcsState,
    private readonly host: TaskHost,
    private readonly behaviours: BehaviourBook,
  ) {}

  /** Makes a new PRIMARY deployment; the previous PRIMARY becomes ACTIVE. */
  startDeployment(
    service: ServiceRecord,
    taskDefinitionArn: string,
    now: number,
    rolloutStateReason?: (id: string) => string,
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
    this.checkCircuitBreaker(service, now);
    for (let round = 0; round < 4; round += 1) {
      const launched = this.launchForPrimary(service, now);
      const retired = this.retireOld(service, now);
      if (!launched && !retired) break;
    }
    this.checkSteady(service, now);
  }

  private live(service: ServiceRecord, deployment?: DeploymentRecord): TaskRecord[] {
    return this.state
      .tasksOf(service)
      .filter(
        (task) => task.desiredStatus === "RUNNING" && (deployment === undefined || task.deploymentId === deployment.id),
      );
  }

  private launchForPrimary(service: ServiceRecord, now: number): boolean {
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
    const ceiling = Math.floor((primary.desiredCount * maximumPercent) / 100);
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

  private stopAll(service: ServiceRecord, tasks: TaskRecord[], cause: DeploymentRecord, now: number): void {
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

  private checkCircuitBreaker(service: ServiceRecord, now: number): void {
    const primary = service.deployments[0];
    const breaker = service.deploymentConfiguration.deploymentCircuitBreaker;
    if (primary === undefined || breaker?.enable !== true || primary.rolloutState !== "IN_PROGRESS") return;
    if (primary.failedTasks < failureThreshold(breaker, primary.desiredCount)) return;
    primary.rolloutState = "FAILED";
    primary.rolloutStateReason = "ECS deployment circuit breaker: tasks failed to start.";
    primary.updatedAt = now;
    this.event(service, now, `(deployment ${primary.id}) deployment failed: tasks failed to start.`);
    const target = service.lastCompleted;
    if (breaker.rollback !== true || target === undefined || target === primary) return;
    // Roll back: a new PRIMARY with the last completed deployment's task definition and placement.
    Object.assign(service, placementOf(target));
    const rollback = this.startDeployment(
      service,
      target.taskDefinitionArn,
      now,
      () => `ECS deployment circuit breaker: rolling back to deploymentId ${target.id}.`,
    );
    this.stopAll(service, this.live(service, primary), rollback, now);
    this.event(service, now, `rolling back to deployment ${target.id}.`);
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
