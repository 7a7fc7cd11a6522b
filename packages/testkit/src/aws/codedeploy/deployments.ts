import { createHash } from "node:crypto";
import type {
  CreateDeploymentInput,
  CreateDeploymentOutput,
  DeploymentGroupInfo,
  DeploymentInfo,
  DeploymentStatus,
  ECSTaskSet,
  ErrorCode,
  GetDeploymentGroupInput,
  GetDeploymentGroupOutput,
  GetDeploymentInput,
  GetDeploymentOutput,
  GetDeploymentTargetInput,
  GetDeploymentTargetOutput,
  LifecycleEventStatus,
  ListDeploymentsInput,
  ListDeploymentsOutput,
  ListDeploymentTargetsInput,
  ListDeploymentTargetsOutput,
  StopDeploymentInput,
  StopDeploymentOutput,
} from "@aws-sdk/client-codedeploy";
import { parse } from "yaml";
import type { AlarmStore } from "../cloudwatch/alarms.js";
import type { EcsEngine } from "../ecs/engine.js";
import type { ServiceRecord } from "../ecs/state.js";
import type { IdSource } from "../ids.js";
import { AwsError, paginate } from "../protocol.js";
import type { OperationHandler } from "../service.js";

/**
 * CodeDeploy for ECS blue/green (compute platform ECS), as its API reference and the AppSpec
 * reference describe it: CreateDeployment with AppSpec content, the ECS target's lifecycle events
 * in order (hooks are Lambda functions), traffic shifted all at once, linearly or canary by the
 * deployment configuration, the original task set kept for the termination wait, alarms, and
 * StopDeployment with rollback. The green task set's health follows the ECS fake's image rules;
 * on success the ECS service runs the new task definition.
 */

export const ECS_LIFECYCLE_EVENTS = [
  "BeforeInstall",
  "Install",
  "AfterInstall",
  "AllowTestTraffic",
  "AfterAllowTestTraffic",
  "BeforeAllowTraffic",
  "AllowTraffic",
  "AfterAllowTraffic",
] as const;
type EventName = (typeof ECS_LIFECYCLE_EVENTS)[number];
const HOOK_EVENTS: ReadonlySet<string> = new Set([
  "BeforeInstall",
  "AfterInstall",
  "AfterAllowTestTraffic",
  "BeforeAllowTraffic",
  "AfterAllowTraffic",
]);

export interface DeploymentGroupSeed {
  cluster: string;
  service: string;
  /** Default `AppECS-<cluster>-<service>`, the name the ECS console gives it. */
  application?: string;
  /** Default `DgpECS-<cluster>-<service>`. */
  group?: string;
  /** Default CodeDeployDefault.ECSAllAtOnce; ECSLinear10PercentEvery1Minutes, ECSCanary10Percent5Minutes … */
  deploymentConfigName?: string;
  /** How long the original task set is kept after traffic moved (default 0). */
  terminationWaitMinutes?: number;
  /** Roll back automatically on failure (and on alarm when alarms are set). Default true. */
  autoRollback?: boolean;
  alarms?: string[];
}

export interface CodeDeployHookBehaviour {
  result?: "Succeeded" | "Failed";
  afterMs?: number;
}

interface GroupRecord {
  application: string;
  name: string;
  id: string;
  cluster: string;
  service: string;
  deploymentConfigName: string;
  terminationWaitMinutes: number;
  autoRollback: boolean;
  alarms: string[];
}

interface EventRecord {
  name: EventName;
  status: LifecycleEventStatus;
  startTime: number | undefined;
  endTime: number | undefined;
  message: string | undefined;
}

interface DeploymentRecord {
  id: string;
  group: GroupRecord;
  status: DeploymentStatus;
  createdAt: number;
  completedAt: number | undefined;
  description: string | undefined;
  content: string;
  taskDefinitionArn: string;
  hooks: Map<string, string>;
  events: EventRecord[];
  /** When the current event (or the termination wait) started. */
  cursorAt: number;
  greenWeight: number;
  terminationStarted: boolean;
  error: { code: ErrorCode; message: string } | undefined;
  rollbackDeploymentId: string | undefined;
  rollbackTriggeringDeploymentId: string | undefined;
  creator: "user" | "codeDeployRollback";
  healthy: boolean;
  failureReason: string;
}

const ACTIVE: ReadonlySet<DeploymentStatus> = new Set(["Created", "Queued", "InProgress", "Ready", "Baking"]);

export class CodeDeployStore {
  private readonly groups: GroupRecord[] = [];
  private readonly deployments: DeploymentRecord[] = [];
  readonly hookRules = new Map<string, CodeDeployHookBehaviour>();

  constructor(
    private readonly ecs: EcsEngine,
    private readonly alarms: AlarmStore,
    private readonly ids: IdSource,
  ) {}

  seedGroup(seed: DeploymentGroupSeed): { application: string; group: string } {
    const record: GroupRecord = {
      application: seed.application ?? `AppECS-${seed.cluster}-${seed.service}`,
      name: seed.group ?? `DgpECS-${seed.cluster}-${seed.service}`,
      id: this.ids.uuid(),
      cluster: seed.cluster,
      service: seed.service,
      deploymentConfigName: seed.deploymentConfigName ?? "CodeDeployDefault.ECSAllAtOnce",
      terminationWaitMinutes: seed.terminationWaitMinutes ?? 0,
      autoRollback: seed.autoRollback ?? true,
      alarms: seed.alarms ?? [],
    };
    this.groups.push(record);
    return { application: record.application, group: record.name };
  }

  private group(application: string | undefined, name: string | undefined): GroupRecord {
    if (!this.groups.some((group) => group.application === application)) {
      throw new AwsError("ApplicationDoesNotExistException", `No application found for name: ${application ?? ""}`);
    }
    const group = this.groups.find((candidate) => candidate.application === application && candidate.name === name);
    if (group === undefined) {
      throw new AwsError("DeploymentGroupDoesNotExistException", `No Deployment Group found for name: ${name ?? ""}`);
    }
    return group;
  }

  private deployment(id: string | undefined): DeploymentRecord {
    if (id === undefined || !/^d-[A-Z0-9]{9}$/.test(id)) {
      throw new AwsError(
        "InvalidDeploymentIdException",
        `Specified DeploymentId is not in the valid format: ${id ?? ""}`,
      );
    }
    const found = this.deployments.find((candidate) => candidate.id === id);
    if (found === undefined)
      throw new AwsError("DeploymentDoesNotExistException", `The deployment ${id} could not be found.`);
    return found;
  }

  private service(group: GroupRecord): ServiceRecord {
    return this.ecs.state.service(this.ecs.state.cluster(group.cluster), group.service);
  }

  // ---- time ----

  advanceTo(now: number): void {
    for (const deployment of this.deployments) this.step(deployment, now);
  }

  /** An alarm changed at `now`: deployments watching it fail at that instant. */
  reactToAlarms(now: number): void {
    for (const deployment of this.deployments) {
      if (!ACTIVE.has(deployment.status)) continue;
      const firing = this.alarms.inAlarm(deployment.group.alarms);
      if (firing.length > 0) {
        this.fail(
          deployment,
          now,
          "ALARM_ACTIVE",
          `One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: <${firing.join(", ")}>`,
          deployment.group.autoRollback,
        );
      }
    }
  }

  private step(deployment: DeploymentRecord, now: number): void {
    for (let guard = 0; guard < 50 && ACTIVE.has(deployment.status); guard += 1) {
      const event = deployment.events.find(
        (candidate) => candidate.status !== "Succeeded" && candidate.status !== "Skipped",
      );
      if (event === undefined) {
        // Traffic moved; the original task set waits out the termination wait, then goes.
        deployment.terminationStarted = true;
        const end = deployment.cursorAt + deployment.group.terminationWaitMinutes * 60_000;
        if (end > now) return;
        deployment.status = "Succeeded";
        deployment.completedAt = end;
        this.applyToService(deployment, end);
        return;
      }
      if (event.status === "Pending") {
        event.status = "InProgress";
        event.startTime = deployment.cursorAt;
      }
      const outcome = this.outcome(deployment, event);
      if (event.name === "AllowTraffic") deployment.greenWeight = this.weightAt(deployment, event, now);
      if (outcome.at > now) return;
      event.endTime = outcome.at;
      deployment.cursorAt = outcome.at;
      if (outcome.ok) {
        event.status = "Succeeded";
        if (event.name === "AllowTraffic") deployment.greenWeight = 100;
        continue;
      }
      event.status = "Failed";
      event.message = outcome.message;
      this.fail(deployment, outcome.at, outcome.code, outcome.message, deployment.group.autoRollback);
    }
  }

  private outcome(
    deployment: DeploymentRecord,
    event: EventRecord,
  ): { at: number; ok: boolean; code: ErrorCode; message: string } {
    const start = event.startTime ?? deployment.cursorAt;
    const { taskStartMs, stableMs } = this.ecs.timing;
    if (HOOK_EVENTS.has(event.name)) {
      const fn = deployment.hooks.get(event.name);
      if (fn === undefined) return { at: start, ok: true, code: "INTERNAL_ERROR", message: "" };
      const rule = this.hookRules.get(fn) ?? {};
      return {
        at: start + (rule.afterMs ?? 2_000),
        ok: (rule.result ?? "Succeeded") === "Succeeded",
        code: "HOOK_EXECUTION_FAILURE",
        message: `The deployment failed because a specified lifecycle event hook (${fn}) for ${event.name} returned Failed.`,
      };
    }
    if (event.name === "Install") {
      return deployment.healthy
        ? { at: start + taskStartMs + stableMs, ok: true, code: "INTERNAL_ERROR", message: "" }
        : {
            at: start + taskStartMs + 60_000,
            ok: false,
            code: "ECS_UPDATE_ERROR",
            message: `The ECS service cannot reach a steady state: tasks of the replacement task set stopped (${deployment.failureReason}).`,
          };
    }
    if (event.name === "AllowTraffic") {
      const plan = trafficPlan(deployment.group.deploymentConfigName);
      return { at: start + (plan.steps - 1) * plan.intervalMs, ok: true, code: "INTERNAL_ERROR", message: "" };
    }
    return { at: start, ok: true, code: "INTERNAL_ERROR", message: "" };
  }

  private weightAt(deployment: DeploymentRecord, event: EventRecord, now: number): number {
    const plan = trafficPlan(deployment.group.deploymentConfigName);
    const elapsed = now - (event.startTime ?? now);
    const done = Math.min(plan.steps - 1, Math.floor(elapsed / Math.max(1, plan.intervalMs)));
    return Math.min(100, plan.first + done * plan.each);
  }

  private fail(deployment: DeploymentRecord, now: number, code: ErrorCode, message: string, rollback: boolean): void {
    deployment.status = code === "MANUAL_STOP" ? "Stopped" : "Failed";
    deployment.completedAt = now;
    deployment.error = { code, message };
    deployment.greenWeight = 0;
    for (const event of deployment.events)
      if (event.status === "Pending" || event.status === "InProgress") event.status = "Skipped";
    if (!rollback) return;
    const rollbackRecord = this.create(
      deployment.group,
      deployment.content,
      deployment.taskDefinitionArn,
      now,
      undefined,
      "codeDeployRollback",
    );
    // The rollback reroutes traffic to the original task set, which never stopped.
    rollbackRecord.status = "Succeeded";
    rollbackRecord.completedAt = now;
    for (const event of rollbackRecord.events) event.status = "Skipped";
    rollbackRecord.rollbackTriggeringDeploymentId = deployment.id;
    deployment.rollbackDeploymentId = rollbackRecord.id;
  }

  private applyToService(deployment: DeploymentRecord, now: number): void {
    const service = this.service(deployment.group);
    const primary = service.deployments[0];
    if (primary !== undefined) {
      primary.taskDefinitionArn = deployment.taskDefinitionArn;
      primary.updatedAt = now;
    }
  }

  private create(
    group: GroupRecord,
    content: string,
    taskDefinitionArn: string,
    now: number,
    description: string | undefined,
    creator: DeploymentRecord["creator"],
    hooks = new Map<string, string>(),
  ): DeploymentRecord {
    const definition = this.ecs.state.findTaskDefinition(taskDefinitionArn);
    const images = (definition?.input.containerDefinitions ?? [])
      .filter((container) => container.essential ?? true)
      .map((container) => container.image ?? "");
    const behaviour = this.ecs.behaviours.forServiceTask(images);
    const record: DeploymentRecord = {
      id: `d-${this.ids
        .hex(9)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, "0")}`,
      group,
      status: "InProgress",
      createdAt: now,
      completedAt: undefined,
      description,
      content,
      taskDefinitionArn,
      hooks,
      events: ECS_LIFECYCLE_EVENTS.map((name) => ({
        name,
        status: "Pending",
        startTime: undefined,
        endTime: undefined,
        message: undefined,
      })),
      cursorAt: now,
      greenWeight: 0,
      terminationStarted: false,
      error: undefined,
      rollbackDeploymentId: undefined,
      rollbackTriggeringDeploymentId: undefined,
      creator,
      healthy: behaviour.kind === "healthy",
      failureReason: behaviour.kind === "healthy" ? "" : (behaviour.reason ?? `essential container exited`),
    };
    this.deployments.push(record);
    return record;
  }

  // ---- the API ----

  operations(): Record<string, OperationHandler> {
    return {
      CreateDeployment: (input: CreateDeploymentInput, now: number): CreateDeploymentOutput => {
        const group = this.group(input.applicationName, input.deploymentGroupName);
        const revision = input.revision;
        if (revision === undefined) throw new AwsError("RevisionRequiredException", "Revision must be specified.");
        if (revision.revisionType !== "AppSpecContent" || revision.appSpecContent?.content === undefined) {
          throw new AwsError("InvalidRevisionException", "ECS deployments take an AppSpecContent revision.");
        }
        if ((input.description?.length ?? 0) > 512) {
          throw new AwsError("DescriptionTooLongException", "The description is too long (at most 512 characters).");
        }
        const content = revision.appSpecContent.content;
        const sha = revision.appSpecContent.sha256;
        if (sha !== undefined && sha !== createHash("sha256").update(content).digest("hex")) {
          throw new AwsError(
            "InvalidRevisionException",
            "The sha256 of the AppSpec content does not match its content.",
          );
        }
        const appSpec = checkAppSpec(content, this.ecs, this.service(group));
        const active = this.deployments.find((candidate) => candidate.group === group && ACTIVE.has(candidate.status));
        if (active !== undefined) {
          throw new AwsError(
            "DeploymentLimitExceededException",
            `The Deployment Group '${group.name}' already has an active Deployment '${active.id}'`,
          );
        }
        const record = this.create(
          group,
          content,
          appSpec.taskDefinitionArn,
          now,
          input.description,
          "user",
          appSpec.hooks,
        );
        return { deploymentId: record.id };
      },
      GetDeployment: (input: GetDeploymentInput): GetDeploymentOutput => ({
        deploymentInfo: this.describe(this.deployment(input.deploymentId)),
      }),
      GetDeploymentGroup: (input: GetDeploymentGroupInput): GetDeploymentGroupOutput => ({
        deploymentGroupInfo: this.describeGroup(this.group(input.applicationName, input.deploymentGroupName)),
      }),
      ListDeployments: (input: ListDeploymentsInput): ListDeploymentsOutput => {
        if (input.deploymentGroupName !== undefined && input.applicationName === undefined) {
          throw new AwsError(
            "ApplicationNameRequiredException",
            "The minimum number of required application names was not specified.",
          );
        }
        const group =
          input.applicationName === undefined
            ? undefined
            : this.group(input.applicationName, input.deploymentGroupName);
        const start = epochMs(input.createTimeRange?.start);
        const end = epochMs(input.createTimeRange?.end);
        const ids = this.deployments
          .filter(
            (record) =>
              (group === undefined || record.group === group) &&
              (input.includeOnlyStatuses === undefined || input.includeOnlyStatuses.includes(record.status)) &&
              (start === undefined || record.createdAt >= start) &&
              (end === undefined || record.createdAt <= end),
          )
          .reverse()
          .map((record) => record.id);
        const { page, nextToken } = paginate(ids, input.nextToken, undefined, { default: 100, max: 100 });
        return { deployments: page, nextToken };
      },
      ListDeploymentTargets: (input: ListDeploymentTargetsInput): ListDeploymentTargetsOutput => {
        const record = this.deployment(input.deploymentId);
        return { targetIds: [`${record.group.cluster}:${record.group.service}`] };
      },
      GetDeploymentTarget: (input: GetDeploymentTargetInput, now: number): GetDeploymentTargetOutput => {
        const record = this.deployment(input.deploymentId);
        const targetId = `${record.group.cluster}:${record.group.service}`;
        if (input.targetId !== targetId) {
          throw new AwsError(
            "DeploymentTargetDoesNotExistException",
            `The target ${input.targetId ?? ""} does not exist.`,
          );
        }
        return {
          deploymentTarget: {
            deploymentTargetType: "ECSTarget",
            ecsTarget: {
              deploymentId: record.id,
              targetId,
              targetArn: this.service(record.group).arn,
              lastUpdatedAt: new Date(record.completedAt ?? now),
              status: record.status === "Succeeded" ? "Succeeded" : ACTIVE.has(record.status) ? "InProgress" : "Failed",
              lifecycleEvents: record.events.map((event) => ({
                lifecycleEventName: event.name,
                status: event.status,
                startTime: event.startTime === undefined ? undefined : new Date(event.startTime),
                endTime: event.endTime === undefined ? undefined : new Date(event.endTime),
                ...(event.message === undefined
                  ? {}
                  : {
                      diagnostics: {
                        errorCode: "ScriptFailed",
                        message: event.message,
                        scriptName: record.hooks.get(event.name) ?? event.name,
                      },
                    }),
              })),
              taskSetsInfo: this.taskSets(record, now),
            },
          },
        };
      },
      StopDeployment: (input: StopDeploymentInput, now: number): StopDeploymentOutput => {
        const record = this.deployment(input.deploymentId);
        if (!ACTIVE.has(record.status)) {
          throw new AwsError(
            "DeploymentAlreadyCompletedException",
            `The deployment ${record.id} is already completed.`,
          );
        }
        this.fail(
          record,
          now,
          "MANUAL_STOP",
          "The deployment was stopped by a user.",
          input.autoRollbackEnabled === true,
        );
        return { status: "Succeeded", statusMessage: "The deployment was stopped." };
      },
    };
  }

  private taskSets(record: DeploymentRecord, now: number): ECSTaskSet[] {
    const desired = this.service(record.group).desiredCount;
    const install = record.events.find((event) => event.name === "Install");
    const started = install?.startTime !== undefined && now - install.startTime >= this.ecs.timing.taskStartMs;
    const greenUp = record.healthy && started && record.status !== "Failed" && record.status !== "Stopped";
    const blueGone = record.status === "Succeeded";
    return [
      {
        identifer: `ecs-svc/${record.id.slice(2)}0`,
        desiredCount: blueGone ? 0 : desired,
        runningCount: blueGone ? 0 : desired,
        pendingCount: 0,
        status: blueGone ? "DRAINING" : "PRIMARY",
        trafficWeight: 100 - record.greenWeight,
        taskSetLabel: "Blue",
        targetGroup: { name: `${record.group.service}-blue` },
      },
      {
        identifer: `ecs-svc/${record.id.slice(2)}1`,
        desiredCount: install?.startTime === undefined ? 0 : desired,
        runningCount: greenUp ? desired : 0,
        pendingCount: install?.startTime !== undefined && !greenUp && ACTIVE.has(record.status) ? desired : 0,
        status: record.status === "Succeeded" ? "PRIMARY" : "ACTIVE",
        trafficWeight: record.greenWeight,
        taskSetLabel: "Green",
        targetGroup: { name: `${record.group.service}-green` },
      },
    ];
  }

  private describe(record: DeploymentRecord): DeploymentInfo {
    const events = record.events;
    const count = (status: LifecycleEventStatus) => events.filter((event) => event.status === status).length;
    return {
      applicationName: record.group.application,
      deploymentGroupName: record.group.name,
      deploymentConfigName: record.group.deploymentConfigName,
      deploymentId: record.id,
      revision: { revisionType: "AppSpecContent", appSpecContent: { content: record.content } },
      status: record.status,
      errorInformation: record.error,
      createTime: new Date(record.createdAt),
      startTime: new Date(record.createdAt),
      completeTime: record.completedAt === undefined ? undefined : new Date(record.completedAt),
      deploymentOverview: {
        Pending: count("Pending"),
        InProgress: count("InProgress"),
        Succeeded: count("Succeeded"),
        Failed: count("Failed"),
        Skipped: count("Skipped"),
        Ready: 0,
      },
      description: record.description,
      creator: record.creator,
      rollbackInfo:
        record.rollbackDeploymentId === undefined && record.rollbackTriggeringDeploymentId === undefined
          ? undefined
          : {
              rollbackDeploymentId: record.rollbackDeploymentId,
              rollbackTriggeringDeploymentId: record.rollbackTriggeringDeploymentId,
              rollbackMessage:
                record.rollbackDeploymentId === undefined
                  ? undefined
                  : `Deployment ${record.id} failed and was rolled back by deployment ${record.rollbackDeploymentId}; the original task set serves traffic.`,
            },
      deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
      instanceTerminationWaitTimeStarted: record.terminationStarted,
      computePlatform: "ECS",
    };
  }

  private describeGroup(group: GroupRecord): DeploymentGroupInfo {
    return {
      applicationName: group.application,
      deploymentGroupId: group.id,
      deploymentGroupName: group.name,
      deploymentConfigName: group.deploymentConfigName,
      computePlatform: "ECS",
      ecsServices: [{ clusterName: group.cluster, serviceName: group.service }],
      deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
      blueGreenDeploymentConfiguration: {
        terminateBlueInstancesOnDeploymentSuccess: {
          action: "TERMINATE",
          terminationWaitTimeInMinutes: group.terminationWaitMinutes,
        },
        deploymentReadyOption: { actionOnTimeout: "CONTINUE_DEPLOYMENT", waitTimeInMinutes: 0 },
      },
      autoRollbackConfiguration: {
        enabled: group.autoRollback,
        events: group.autoRollback
          ? ["DEPLOYMENT_FAILURE", ...(group.alarms.length > 0 ? (["DEPLOYMENT_STOP_ON_ALARM"] as const) : [])]
          : [],
      },
      alarmConfiguration: {
        enabled: group.alarms.length > 0,
        alarms: group.alarms.map((name) => ({ name })),
        ignorePollAlarmFailure: false,
      },
    };
  }
}

function epochMs(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "number" ? value * 1000 : new Date(value as string).getTime();
}

/** CodeDeployDefault.ECSAllAtOnce, ECSLinear<N>PercentEvery<M>Minute(s), ECSCanary<N>Percent<M>Minutes. */
export function trafficPlan(name: string): { first: number; each: number; steps: number; intervalMs: number } {
  const linear = /ECSLinear(\d+)PercentEvery(\d+)Minutes?$/.exec(name);
  if (linear) {
    const each = Number(linear[1]);
    return { first: each, each, steps: Math.ceil(100 / each), intervalMs: Number(linear[2]) * 60_000 };
  }
  const canary = /ECSCanary(\d+)Percent(\d+)Minutes?$/.exec(name);
  if (canary) {
    const first = Number(canary[1]);
    return { first, each: 100 - first, steps: 2, intervalMs: Number(canary[2]) * 60_000 };
  }
  return { first: 100, each: 0, steps: 1, intervalMs: 0 };
}

/**
 * The AppSpec checks CodeDeploy makes for an ECS target (AppSpec "Resources" section): version
 * 0.0, one TargetService of type AWS::ECS::Service whose TaskDefinition exists and whose
 * LoadBalancerInfo names a container and port of that task definition; hooks name Lambda functions.
 */
export function checkAppSpec(
  content: string,
  ecs: EcsEngine,
  service: ServiceRecord,
): { taskDefinitionArn: string; hooks: Map<string, string> } {
  const invalid = (why: string): never => {
    throw new AwsError("InvalidRevisionException", `The AppSpec content is not valid: ${why}`);
  };
  let spec: unknown;
  try {
    spec = parse(content);
  } catch (error) {
    invalid(`it is not YAML or JSON (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
  }
  if (typeof spec !== "object" || spec === null) return invalid("it must be a mapping");
  const root = spec as Record<string, unknown>;
  // YAML reads `version: 0.0` as the number 0.
  if (root["version"] !== 0 && root["version"] !== "0.0") invalid('"version" must be 0.0');
  const resources = root["Resources"];
  if (!Array.isArray(resources) || resources.length !== 1) invalid('"Resources" must list exactly one TargetService');
  const target = (Object.values((resources as unknown[])[0] as Record<string, unknown>)[0] ?? {}) as Record<
    string,
    unknown
  >;
  if (target["Type"] !== "AWS::ECS::Service") invalid('the resource "Type" must be AWS::ECS::Service');
  const properties = (target["Properties"] ?? {}) as Record<string, unknown>;
  const taskDefinitionArn = String(properties["TaskDefinition"] ?? "");
  const definition = ecs.state.findTaskDefinition(taskDefinitionArn);
  if (definition === undefined || !taskDefinitionArn.startsWith("arn:")) {
    invalid(`"TaskDefinition" must be the ARN of a registered task definition; got "${taskDefinitionArn}"`);
  }
  const lb = (properties["LoadBalancerInfo"] ?? {}) as Record<string, unknown>;
  const container = definition?.input.containerDefinitions?.find((candidate) => candidate.name === lb["ContainerName"]);
  if (container === undefined)
    invalid(
      `"LoadBalancerInfo.ContainerName" ${String(lb["ContainerName"])} is not a container of the task definition`,
    );
  const ports = (container?.portMappings ?? []).map((mapping) => mapping.containerPort);
  if (!ports.includes(Number(lb["ContainerPort"]))) {
    invalid(
      `"LoadBalancerInfo.ContainerPort" ${String(lb["ContainerPort"])} is not a port of container ${String(lb["ContainerName"])}`,
    );
  }
  const serviceLb = service.loadBalancers[0];
  if (serviceLb !== undefined && serviceLb.containerName !== lb["ContainerName"]) {
    invalid(
      `the service's load balancer routes to container ${serviceLb.containerName ?? "?"}, not ${String(lb["ContainerName"])}`,
    );
  }
  const hooks = new Map<string, string>();
  for (const entry of Array.isArray(root["Hooks"]) ? root["Hooks"] : []) {
    for (const [event, fn] of Object.entries(entry as Record<string, unknown>)) {
      if (!HOOK_EVENTS.has(event)) invalid(`"${event}" is not an ECS lifecycle hook (${[...HOOK_EVENTS].join(", ")})`);
      hooks.set(event, String(fn));
    }
  }
  return { taskDefinitionArn, hooks };
}
