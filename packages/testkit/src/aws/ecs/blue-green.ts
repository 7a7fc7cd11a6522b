import type { DeploymentLifecycleHookStage, ServiceDeploymentLifecycleStage } from "@aws-sdk/client-ecs";
import type { ServiceScheduler } from "./scheduler.js";
import {
  FINISHED,
  finish,
  type HookRun,
  type ServiceDeploymentRecord,
  timeoutActionOf,
  watchedAlarms,
} from "./service-deployments.js";
import type { DeploymentRecord, ServiceRecord } from "./state.js";
import type { TaskHost } from "./tasks.js";

/**
 * The lifecycle stages of an ECS blue/green, linear or canary deployment, in the order ECS runs
 * them (the `ServiceDeploymentLifecycleStage` enum of the SDK model; RECONCILE_SERVICE only when
 * more than one revision was active). PRE_PRODUCTION_TRAFFIC_SHIFT is a hook stage, not a
 * reported stage: its hooks run before each production traffic step.
 */
export const LIFECYCLE_STAGES: readonly ServiceDeploymentLifecycleStage[] = [
  "RECONCILE_SERVICE",
  "PRE_SCALE_UP",
  "SCALE_UP",
  "POST_SCALE_UP",
  "TEST_TRAFFIC_SHIFT",
  "POST_TEST_TRAFFIC_SHIFT",
  "PRODUCTION_TRAFFIC_SHIFT",
  "POST_PRODUCTION_TRAFFIC_SHIFT",
  "BAKE_TIME",
  "CLEAN_UP",
];

const MINUTE = 60_000;

/** Production traffic weights of the green revision, step by step. */
export function trafficSteps(record: ServiceDeploymentRecord): number[] {
  const config = record.configuration;
  if (record.strategy === "LINEAR") {
    const step = config.linearConfiguration?.stepPercent ?? 10;
    const steps: number[] = [];
    for (let weight = step; weight < 100; weight += step) steps.push(Math.round(weight * 10) / 10);
    return [...steps, 100];
  }
  if (record.strategy === "CANARY") return [config.canaryConfiguration?.canaryPercent ?? 5, 100];
  return [100];
}

/** The wait between production traffic steps (none after the last one). */
export function stepBakeMs(record: ServiceDeploymentRecord): number {
  const config = record.configuration;
  if (record.strategy === "LINEAR") return (config.linearConfiguration?.stepBakeTimeInMinutes ?? 6) * MINUTE;
  if (record.strategy === "CANARY") return (config.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10) * MINUTE;
  return 0;
}

export function bakeMs(record: ServiceDeploymentRecord): number {
  return (record.configuration.bakeTimeInMinutes ?? 0) * MINUTE;
}

/**
 * Walks a non-rolling service deployment through its stages on the fake's clock: green scales up
 * beside blue (maximumPercent does not apply), test then production traffic moves, the bake runs,
 * blue is cleaned up. Alarms, the circuit breaker and lifecycle hooks can fail it at any stage
 * before it finishes; the scheduler's `failDeployment` then sends traffic back to blue.
 *
 * Hooks of a stage run together and all must finish before the deployment moves on (a Lambda hook
 * and a PAUSE hook may share a stage). A PAUSE hook waits in AWAITING_ACTION, while the record
 * shows the stage it paused in (PRODUCTION_TRAFFIC_SHIFT for a PRE_PRODUCTION_TRAFFIC_SHIFT hook,
 * which the stage enum lacks), until ContinueServiceDeployment answers it or its `expiresAt`
 * (`timeoutConfiguration.timeoutInMinutes`, default 1440) comes: then TIMED_OUT and its
 * `timeoutConfiguration.action` (default ROLLBACK) is taken. Each stage entry gets new hook ids,
 * so a second PAUSE hook later in the deployment (or before every linear/canary step at
 * PRE_PRODUCTION_TRAFFIC_SHIFT) pauses again with a new `hookId`.
 */
export class LifecycleDriver {
  constructor(
    private readonly scheduler: ServiceScheduler,
    private readonly host: TaskHost,
  ) {}

  drive(service: ServiceRecord, record: ServiceDeploymentRecord, now: number): void {
    const green = service.deployments[0];
    if (green === undefined || !record.target.deploymentIds.includes(green.id)) return;
    service.steady = false;
    if (record.stage === undefined)
      this.enter(record, record.sources.length > 1 ? "RECONCILE_SERVICE" : "PRE_SCALE_UP", now);
    for (let guard = 0; guard < 100; guard += 1) {
      if (this.stageIndex(record) >= this.stageIndex(record, "SCALE_UP"))
        this.scheduler.launchForPrimary(service, now, true);
      if (this.failed(service, record, green, now)) return;
      if (!this.advance(service, record, green, now) || FINISHED.has(record.status)) break;
    }
    record.wakeAt = FINISHED.has(record.status) ? undefined : this.nextTimer(record, now);
  }

  private stageIndex(record: ServiceDeploymentRecord, stage = record.stage): number {
    return stage === undefined ? -1 : LIFECYCLE_STAGES.indexOf(stage);
  }

  private enter(record: ServiceDeploymentRecord, stage: ServiceDeploymentLifecycleStage, now: number): void {
    record.stage = stage;
    record.updatedAt = now;
    record.hooks = [];
    if (stage === "PRODUCTION_TRAFFIC_SHIFT") this.startHooks(record, "PRE_PRODUCTION_TRAFFIC_SHIFT", now);
    else this.setPhase(record, "work", now);
  }

  private setPhase(record: ServiceDeploymentRecord, phase: ServiceDeploymentRecord["phase"], now: number): void {
    record.phase = phase;
    record.phaseAt = now;
  }

  /** One step forward if the current phase is done; false when it must wait. */
  private advance(
    service: ServiceRecord,
    record: ServiceDeploymentRecord,
    green: DeploymentRecord,
    now: number,
  ): boolean {
    switch (record.phase) {
      case "pre-hooks":
        if (!hooksDone(record)) return false;
        this.setPhase(record, "work", now);
        return true;
      case "work":
        if (!this.work(service, record, green, now)) return false;
        this.startHooks(record, record.stage as DeploymentLifecycleHookStage, now, "hooks");
        return true;
      case "hooks":
        if (!hooksDone(record)) return false;
        if (record.stage === "PRODUCTION_TRAFFIC_SHIFT" && record.step < trafficSteps(record).length - 1) {
          record.hooks = [];
          this.setPhase(record, "step-bake", now);
          return true;
        }
        return this.next(service, record, green, now);
      case "step-bake":
        if (now < record.phaseAt + stepBakeMs(record)) return false;
        record.step += 1;
        this.startHooks(record, "PRE_PRODUCTION_TRAFFIC_SHIFT", now);
        return true;
    }
  }

  private next(service: ServiceRecord, record: ServiceDeploymentRecord, green: DeploymentRecord, now: number): boolean {
    const index = this.stageIndex(record);
    const following = LIFECYCLE_STAGES[index + 1];
    if (following === undefined) {
      finish(record, "SUCCESSFUL", now);
      record.statusReason = undefined;
      this.scheduler.complete(service, green, now);
      return false;
    }
    this.enter(record, following, now);
    return true;
  }

  /** The stage's own work; true once it is done. */
  private work(service: ServiceRecord, record: ServiceDeploymentRecord, green: DeploymentRecord, now: number): boolean {
    switch (record.stage) {
      case "SCALE_UP": {
        const tasks = this.scheduler.live(service, green);
        const stableSince = now - this.host.timing.stableMs;
        const stable = tasks.filter(
          (task) => task.lastStatus === "RUNNING" && task.startedAt !== undefined && task.startedAt <= stableSince,
        ).length;
        return stable === green.desiredCount && tasks.length === green.desiredCount;
      }
      case "TEST_TRAFFIC_SHIFT":
        record.testWeight = 100;
        return true;
      case "PRODUCTION_TRAFFIC_SHIFT":
        record.productionWeight = trafficSteps(record)[record.step] ?? 100;
        record.updatedAt = now;
        return true;
      case "BAKE_TIME":
        return now >= record.phaseAt + bakeMs(record);
      case "CLEAN_UP": {
        const blue = this.scheduler.live(service).filter((task) => task.deploymentId !== green.id);
        if (blue.length > 0) this.scheduler.stopAll(service, blue, green, now);
        return !this.scheduler.hasLeftovers(service, green);
      }
      default:
        return true;
    }
  }

  private startHooks(
    record: ServiceDeploymentRecord,
    stage: DeploymentLifecycleHookStage,
    now: number,
    phase: ServiceDeploymentRecord["phase"] = "pre-hooks",
  ): void {
    this.setPhase(record, phase, now);
    const hooks = (record.configuration.lifecycleHooks ?? []).filter((hook) =>
      (hook.lifecycleStages ?? []).includes(stage),
    );
    record.hooks = hooks.map((hook): HookRun => {
      const pause = hook.targetType === "PAUSE";
      const rule = this.scheduler.book.hookRules.get(hook.hookTargetArn ?? "") ?? {};
      const answer = rule.result ?? "SUCCEEDED";
      return {
        hookId: pause ? `ecs-pause-${this.host.ids.urlSafe(43)}` : this.host.ids.uuid(),
        hook,
        stage,
        status: pause ? "AWAITING_ACTION" : "IN_PROGRESS",
        startedAt: now,
        answersAt: pause || answer === "hang" ? undefined : now + (rule.afterMs ?? 2_000),
        answer: answer === "FAILED" ? "FAILED" : "SUCCEEDED",
        expiresAt: now + (hook.timeoutConfiguration?.timeoutInMinutes ?? 1440) * MINUTE,
      };
    });
    record.hookHistory.push(...record.hooks);
  }

  /** Alarms, circuit breaker and hook answers; true when the deployment failed. */
  private failed(
    service: ServiceRecord,
    record: ServiceDeploymentRecord,
    green: DeploymentRecord,
    now: number,
  ): boolean {
    const firing = this.scheduler.alarms.inAlarm(watchedAlarms(record));
    if (firing.length > 0) {
      record.triggeredAlarms = firing;
      this.scheduler.failDeployment(service, record, {
        mechanism: "ECS deployment alarms",
        reason: `ECS deployment alarms: ${firing.join(", ")} in ALARM state.`,
        event: `alarm(s) ${firing.join(", ")} in ALARM state`,
        rollback: record.configuration.alarms?.rollback === true,
        now,
      });
      return true;
    }
    const breaker = record.configuration.deploymentCircuitBreaker;
    if (breaker?.enable === true && green.failedTasks >= this.scheduler.breakerThreshold(service)) {
      record.breakerTriggered = true;
      this.scheduler.failDeployment(service, record, {
        mechanism: "ECS deployment circuit breaker",
        reason: "ECS deployment circuit breaker: tasks failed to start.",
        event: "tasks failed to start",
        rollback: breaker.rollback === true,
        now,
      });
      return true;
    }
    for (const run of record.hooks) {
      if (run.status !== "IN_PROGRESS" && run.status !== "AWAITING_ACTION") continue;
      if (run.answersAt !== undefined && run.answersAt <= now) run.status = run.answer;
      else if (run.expiresAt <= now) run.status = "TIMED_OUT";
    }
    const bad = record.hooks.find(
      (run) => run.status === "FAILED" || (run.status === "TIMED_OUT" && timeoutActionOf(run) === "ROLLBACK"),
    );
    if (bad === undefined) return false;
    const what = `lifecycle hook ${bad.hook.hookTargetArn ?? bad.hookId} ${bad.status === "FAILED" ? "failed" : "timed out"} at ${bad.stage}`;
    this.scheduler.failDeployment(service, record, {
      mechanism: "ECS deployment lifecycle hook",
      reason: `ECS deployment lifecycle hook: ${what}.`,
      event: what,
      rollback: true,
      now,
    });
    return true;
  }

  private nextTimer(record: ServiceDeploymentRecord, now: number): number | undefined {
    const times: number[] = [];
    for (const run of record.hooks) {
      if (run.status !== "IN_PROGRESS" && run.status !== "AWAITING_ACTION") continue;
      if (run.answersAt !== undefined) times.push(run.answersAt);
      times.push(run.expiresAt);
    }
    if (record.phase === "step-bake") times.push(record.phaseAt + stepBakeMs(record));
    if (record.phase === "work" && record.stage === "BAKE_TIME") times.push(record.phaseAt + bakeMs(record));
    const future = times.filter((time) => time > now);
    return future.length === 0 ? undefined : Math.min(...future);
  }
}

function hooksDone(record: ServiceDeploymentRecord): boolean {
  return record.hooks.every(
    (run) => run.status === "SUCCEEDED" || (run.status === "TIMED_OUT" && timeoutActionOf(run) === "CONTINUE"),
  );
}
