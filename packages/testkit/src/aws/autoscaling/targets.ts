import type { ScalableTarget, SuspendedState } from "@aws-sdk/client-application-auto-scaling";
import type { EcsEngine } from "../ecs/engine.js";
import type { ServiceRecord } from "../ecs/state.js";
import { AwsError } from "../protocol.js";
import { checkSchedule, firings, type ScheduledActionRecord } from "./scheduled.js";

/** One registered scalable target; only ECS services (`ecs:service:DesiredCount`) are modelled. */
export interface ScalableTargetRecord {
  resourceId: string;
  minCapacity: number;
  maxCapacity: number;
  suspended: Required<SuspendedState>;
  roleArn: string;
  createdAt: number;
  arn: string;
}

export const ECS_DIMENSION = "ecs:service:DesiredCount";

/**
 * The Application Auto Scaling targets of one account and region, wired to the ECS engine:
 * registering moves the service's desired count into [min, max] (as the API reference says), and
 * afterwards the target keeps it there (what scaling policies and scheduled actions do) unless
 * dynamic scaling in or out is suspended.
 */
export class ScalableTargetStore {
  readonly targets = new Map<string, ScalableTargetRecord>();
  /** Scheduled actions by name (names are unique per target; the fake keys them by resource and name). */
  readonly scheduled = new Map<string, ScheduledActionRecord>();
  private serial = 0;
  private scheduledUpTo: number | undefined;

  constructor(
    private readonly ecs: EcsEngine,
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  /** `service/<cluster>/<service>` → the ACTIVE ECS service, if any. */
  service(resourceId: string): ServiceRecord | undefined {
    const match = /^service\/([^/]+)\/([^/]+)$/.exec(resourceId);
    if (match === null) return undefined;
    const [, clusterName = "", serviceName = ""] = match;
    const cluster = this.ecs.state.clusters.get(clusterName);
    if (cluster === undefined) return undefined;
    const service = this.ecs.state.findService(cluster, serviceName);
    return service?.status === "ACTIVE" ? service : undefined;
  }

  register(
    input: { resourceId: string; min?: number; max?: number; suspended?: SuspendedState; roleArn?: string },
    now: number,
  ): ScalableTargetRecord {
    const service = this.service(input.resourceId);
    if (service === undefined) {
      throw new AwsError("ValidationException", `ECS service doesn't exist: ${input.resourceId}`);
    }
    const existing = this.targets.get(input.resourceId);
    if (existing === undefined && (input.min === undefined || input.max === undefined)) {
      throw new AwsError(
        "ValidationException",
        "MinCapacity and MaxCapacity must be specified for a new scalable target",
      );
    }
    const min = input.min ?? existing?.minCapacity ?? 0;
    const max = input.max ?? existing?.maxCapacity ?? 0;
    if (min < 0 || max < 0) throw new AwsError("ValidationException", "Capacity must not be negative");
    if (min > max)
      throw new AwsError("ValidationException", "Minimum capacity cannot be greater than maximum capacity");
    const suspended = {
      DynamicScalingInSuspended: false,
      DynamicScalingOutSuspended: false,
      ScheduledScalingSuspended: false,
      ...existing?.suspended,
      ...definedOnly(input.suspended ?? {}),
    };
    this.serial += 1;
    const record: ScalableTargetRecord = {
      resourceId: input.resourceId,
      minCapacity: min,
      maxCapacity: max,
      suspended,
      roleArn:
        input.roleArn ??
        existing?.roleArn ??
        `arn:aws:iam::${this.accountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
      createdAt: existing?.createdAt ?? now,
      arn:
        existing?.arn ??
        `arn:aws:application-autoscaling:${this.region}:${this.accountId}:scalable-target/0ec5${String(this.serial).padStart(28, "0")}`,
    };
    this.targets.set(input.resourceId, record);
    // Registration itself moves current capacity inside the range, suspended or not.
    this.setDesired(service, clamp(service.desiredCount, min, max), now);
    return record;
  }

  deregister(resourceId: string): void {
    if (!this.targets.delete(resourceId)) {
      throw new AwsError(
        "ObjectNotFoundException",
        `No scalable target registered for service namespace: ecs, resource ID: ${resourceId}, scalable dimension: ${ECS_DIMENSION}`,
      );
    }
  }

  /** PutScheduledAction: creates or replaces the action; the target must exist. */
  putScheduled(input: { name: string; resourceId: string; schedule: string; min?: number; max?: number }, now: number) {
    if (!this.targets.has(input.resourceId)) {
      throw new AwsError(
        "ObjectNotFoundException",
        `No scalable target registered for service namespace: ecs, resource ID: ${input.resourceId}, scalable dimension: ${ECS_DIMENSION}`,
      );
    }
    checkSchedule(input.schedule);
    this.serial += 1;
    const key = `${input.resourceId}|${input.name}`;
    const record: ScheduledActionRecord = {
      name: input.name,
      resourceId: input.resourceId,
      schedule: input.schedule,
      min: input.min,
      max: input.max,
      createdAt: this.scheduled.get(key)?.createdAt ?? now,
      arn: `arn:aws:autoscaling:${this.region}:${this.accountId}:scheduledAction:${String(this.serial).padStart(8, "0")}:resource/ecs/${input.resourceId}:scheduledActionName/${input.name}`,
    };
    this.scheduled.set(key, record);
    this.scheduledUpTo ??= now;
    return record;
  }

  /**
   * Runs the scheduled actions due since the last look, in time order, unless the target's
   * scheduled scaling is suspended (then they do not run at all, as the user guide says).
   */
  private runScheduled(now: number): void {
    const from = this.scheduledUpTo ?? now;
    this.scheduledUpTo = now;
    const due = [...this.scheduled.values()]
      .flatMap((action) => firings(action.schedule, from, now).map((at) => ({ action, at })))
      .sort((a, b) => a.at - b.at);
    for (const { action, at } of due) {
      const target = this.targets.get(action.resourceId);
      const service = this.service(action.resourceId);
      if (target === undefined || service === undefined || target.suspended.ScheduledScalingSuspended) continue;
      target.minCapacity = action.min ?? target.minCapacity;
      target.maxCapacity = Math.max(action.max ?? target.maxCapacity, target.minCapacity);
      this.setDesired(service, clamp(service.desiredCount, target.minCapacity, target.maxCapacity), at);
    }
  }

  /** What the target's policies do between requests: pull the desired count back into range. */
  enforce(now: number): void {
    this.runScheduled(now);
    for (const target of this.targets.values()) {
      const service = this.service(target.resourceId);
      if (service === undefined) continue;
      const { desiredCount } = service;
      if (desiredCount < target.minCapacity && !target.suspended.DynamicScalingOutSuspended) {
        this.setDesired(service, target.minCapacity, now);
      } else if (desiredCount > target.maxCapacity && !target.suspended.DynamicScalingInSuspended) {
        this.setDesired(service, target.maxCapacity, now);
      }
    }
  }

  describe(target: ScalableTargetRecord): ScalableTarget {
    return {
      ServiceNamespace: "ecs",
      ResourceId: target.resourceId,
      ScalableDimension: ECS_DIMENSION,
      MinCapacity: target.minCapacity,
      MaxCapacity: target.maxCapacity,
      RoleARN: target.roleArn,
      CreationTime: new Date(target.createdAt),
      SuspendedState: { ...target.suspended },
      ScalableTargetARN: target.arn,
    };
  }

  private setDesired(service: ServiceRecord, count: number, now: number): void {
    if (service.desiredCount === count) return;
    service.desiredCount = count;
    const primary = service.deployments[0];
    if (primary !== undefined) {
      primary.desiredCount = count;
      primary.updatedAt = now;
    }
    this.ecs.reconcile(service, now);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

function definedOnly(state: SuspendedState): Partial<Required<SuspendedState>> {
  return Object.fromEntries(Object.entries(state).filter(([, value]) => value !== undefined));
}
