import type {
  ContinueServiceDeploymentRequest,
  ContinueServiceDeploymentResponse,
  DeploymentConfiguration,
  DeploymentLifecycleHook,
  DeploymentLifecycleHookStage,
  DeploymentLifecycleHookStatus,
  DeploymentStrategy,
  DescribeServiceDeploymentsRequest,
  DescribeServiceDeploymentsResponse,
  DescribeServiceRevisionsRequest,
  DescribeServiceRevisionsResponse,
  ListServiceDeploymentsRequest,
  ListServiceDeploymentsResponse,
  LoadBalancer,
  ServiceDeployment,
  ServiceDeploymentLifecycleStage,
  ServiceDeploymentRollbackMonitorsStatus,
  ServiceDeploymentStatus,
  ServiceRegistry,
  ServiceRevision,
  ServiceRevisionSummary,
  StopServiceDeploymentRequest,
  StopServiceDeploymentResponse,
} from "@aws-sdk/client-ecs";
import { AwsError, paginate } from "../protocol.js";
import type { OperationHandler } from "../service.js";
import type { EcsEngine } from "./engine.js";
import type { Placement, ServiceRecord, TaskRecord } from "./state.js";
import type { TaskHost } from "./tasks.js";

/**
 * Service revisions and service deployments as ECS documents them ("View service history using
 * Amazon ECS service deployments"): every deployment of an ECS-controller service gets a record
 * that moves PENDING → IN_PROGRESS → SUCCESSFUL, or on failure ROLLBACK_IN_PROGRESS →
 * ROLLBACK_SUCCESSFUL (rollback configured) or STOPPED (not); StopServiceDeployment asks for
 * ROLLBACK_REQUESTED. A rollback whose own tasks fail to start (as many as the circuit breaker's
 * threshold, whether the breaker is enabled or not) ends ROLLBACK_FAILED. Non-rolling strategies
 * also walk the lifecycle stages (blue-green.ts), where PAUSE hooks wait for
 * ContinueServiceDeployment.
 *
 * ECS is eventually consistent: with `consistency` set, a new record is invisible to the
 * service-deployment API (and to DescribeServices' `currentServiceDeployment`) for a while,
 * although the deployment itself runs from the start.
 */

export interface ServiceRevisionRecord {
  arn: string;
  service: ServiceRecord;
  taskDefinitionArn: string;
  placement: Placement;
  loadBalancers: LoadBalancer[];
  serviceRegistries: ServiceRegistry[];
  createdAt: number;
  /** Image digests by container name, resolved when the revision was made (ECS's version consistency). */
  imageDigests: Record<string, string | undefined>;
  /** The `deployments[]` entries whose tasks run this revision (a rollback adds one). */
  deploymentIds: string[];
}

export interface HookRun {
  /** `ecs-pause-` and 43 URL-safe characters for PAUSE hooks (as in the ECS docs), a UUID for Lambda hooks. */
  hookId: string;
  hook: DeploymentLifecycleHook;
  stage: DeploymentLifecycleHookStage;
  /**
   * AWAITING_ACTION while a PAUSE hook waits; SUCCEEDED once continued (or a Lambda said so),
   * FAILED once rolled back (or a Lambda failed), TIMED_OUT when `expiresAt` came first.
   */
  status: DeploymentLifecycleHookStatus;
  startedAt: number;
  /** When the hook answers; undefined for a hook that never answers (PAUSE, or a hung Lambda). */
  answersAt: number | undefined;
  answer: "SUCCEEDED" | "FAILED";
  expiresAt: number;
}

/** Where a non-rolling deployment is inside its current lifecycle stage. */
export type StagePhase = "pre-hooks" | "work" | "hooks" | "step-bake";

export interface ServiceDeploymentRecord {
  arn: string;
  service: ServiceRecord;
  createdAt: number;
  startedAt: number | undefined;
  finishedAt: number | undefined;
  stoppedAt: number | undefined;
  updatedAt: number;
  sources: ServiceRevisionRecord[];
  target: ServiceRevisionRecord;
  status: ServiceDeploymentStatus;
  statusReason: string | undefined;
  strategy: DeploymentStrategy;
  /** The service's deployment configuration when the deployment started. */
  configuration: DeploymentConfiguration;
  stage: ServiceDeploymentLifecycleStage | undefined;
  phase: StagePhase;
  phaseAt: number;
  /** Index into the production traffic steps (linear and canary shift in several). */
  step: number;
  /** The hook runs of the current stage (what `lifecycleHookDetails` shows). */
  hooks: HookRun[];
  /** Every hook run of this deployment, current stage or not (ContinueServiceDeployment finds old ids here). */
  hookHistory: HookRun[];
  /** From when the service-deployment API shows this record (eventual consistency). */
  visibleAt: number;
  /** From when DescribeServices names it as `currentServiceDeployment`. */
  currentVisibleAt: number;
  productionWeight: number;
  testWeight: number;
  rollback: { reason: string; startedAt: number; revision: ServiceRevisionRecord } | undefined;
  /** `deployments[]` id of the rollback deployment a rolling rollback started. */
  rollbackDeploymentId: string | undefined;
  triggeredAlarms: string[];
  breakerTriggered: boolean;
  /** Failed tasks of the target when it failed (its `deployments[]` entry goes away after a rollback). */
  failureCount: number;
  /** The next clock time this deployment must be looked at even if no task changes (timers). */
  wakeAt: number | undefined;
}

/** What a Lambda lifecycle hook answers, set by tests per function ARN. */
export interface HookBehaviour {
  /** The hook's answer; `"hang"` never answers, so the hook times out. Default SUCCEEDED. */
  result?: "SUCCEEDED" | "FAILED" | "hang";
  /** How long the function takes (default 2 s). */
  afterMs?: number;
}

export type ServiceDeploymentApiMode = "available" | "access-denied" | "unknown-operation";

/**
 * How long a service deployment created by UpdateService (or CreateService) stays out of sight,
 * in clock milliseconds: `serviceDeploymentMs` for List/DescribeServiceDeployments (reported
 * MISSING) and Stop/ContinueServiceDeployment (ServiceDeploymentNotFoundException);
 * `currentServiceDeploymentMs` for the `currentServiceDeployment` field of every service view
 * (UpdateService's answer and DescribeServices), which names the previous record meanwhile.
 */
export interface ConsistencyDelays {
  serviceDeploymentMs: number;
  currentServiceDeploymentMs: number;
}

export const FINISHED: ReadonlySet<ServiceDeploymentStatus> = new Set([
  "SUCCESSFUL",
  "STOPPED",
  "ROLLBACK_SUCCESSFUL",
  "ROLLBACK_FAILED",
]);

const API_OPERATIONS = [
  "ListServiceDeployments",
  "DescribeServiceDeployments",
  "StopServiceDeployment",
  "ContinueServiceDeployment",
  "DescribeServiceRevisions",
] as const;

/** The service deployment records of one fake account, plus the hook rules tests set. */
export class ServiceDeploymentBook {
  readonly deployments: ServiceDeploymentRecord[] = [];
  readonly revisions: ServiceRevisionRecord[] = [];
  readonly hookRules = new Map<string, HookBehaviour>();
  api: ServiceDeploymentApiMode = "available";
  consistency: ConsistencyDelays = { serviceDeploymentMs: 0, currentServiceDeploymentMs: 0 };

  /** The newest record of a service (ECS's `currentServiceDeployment`). */
  current(service: ServiceRecord): ServiceDeploymentRecord | undefined {
    return this.deployments.filter((record) => record.service === service).at(-1);
  }

  /** A record the API shows at `now` (eventual consistency hides new ones for a while). */
  visible(arn: string, now: number): ServiceDeploymentRecord | undefined {
    return this.deployments.find((record) => record.arn === arn && record.visibleAt <= now);
  }

  /** What DescribeServices calls `currentServiceDeployment` at `now`: the newest record old enough to show. */
  currentVisible(service: ServiceRecord, now: number): ServiceDeploymentRecord | undefined {
    return this.deployments.filter((record) => record.service === service && record.currentVisibleAt <= now).at(-1);
  }

  /** The newest unfinished record of a service. */
  active(service: ServiceRecord): ServiceDeploymentRecord | undefined {
    const current = this.current(service);
    return current !== undefined && !FINISHED.has(current.status) ? current : undefined;
  }

  /** The revision whose tasks belong to `deploymentId`. */
  revisionOf(deploymentId: string | undefined): ServiceRevisionRecord | undefined {
    if (deploymentId === undefined) return undefined;
    return this.revisions.find((revision) => revision.deploymentIds.includes(deploymentId));
  }

  /** Earliest timer due among unfinished deployments. */
  nextWake(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const record of this.deployments) {
      if (!FINISHED.has(record.status) && record.wakeAt !== undefined && record.wakeAt < next) next = record.wakeAt;
    }
    return next;
  }

  checkApi(operation: string): void {
    if (this.api === "available") return;
    if (this.api === "unknown-operation") {
      throw new AwsError("UnknownOperationException", `Unknown operation ${operation}.`);
    }
    throw new AwsError(
      "AccessDeniedException",
      `User: arn:aws:sts::123456789012:assumed-role/github-deploy/gha is not authorized to perform: ecs:${operation} because no identity-based policy allows the ecs:${operation} action`,
    );
  }

  static readonly operations = API_OPERATIONS;
}

export function strategyOf(configuration: DeploymentConfiguration): DeploymentStrategy {
  return configuration.strategy ?? "ROLLING";
}

/** Creates the revision and service deployment for a new `deployments[]` entry (ECS controller only). */
export function beginServiceDeployment(
  host: TaskHost,
  book: ServiceDeploymentBook,
  service: ServiceRecord,
  deploymentId: string,
  taskDefinitionArn: string,
  imageDigests: Record<string, string | undefined>,
  now: number,
): ServiceDeploymentRecord {
  const sources = service.deployments
    .filter((deployment) => deployment.id !== deploymentId)
    .map((deployment) => book.revisionOf(deployment.id))
    .filter((revision): revision is ServiceRevisionRecord => revision !== undefined)
    .filter((revision, index, all) => all.indexOf(revision) === index);
  const previous = book.active(service);
  if (previous !== undefined) {
    previous.status = "STOPPED";
    previous.statusReason = "The service deployment was superseded by a newer service deployment.";
    previous.stoppedAt = now;
    previous.updatedAt = now;
  }
  const names = `${service.cluster.name}/${service.name}`;
  const target: ServiceRevisionRecord = {
    arn: host.arn(`service-revision/${names}/${host.ids.digits(19)}`),
    service,
    taskDefinitionArn,
    placement: {
      launchType: service.launchType,
      capacityProviderStrategy: service.capacityProviderStrategy,
      platformVersion: service.platformVersion,
      networkConfiguration: service.networkConfiguration,
    },
    loadBalancers: structuredClone(service.loadBalancers),
    serviceRegistries: structuredClone(service.serviceRegistries),
    createdAt: now,
    imageDigests,
    deploymentIds: [deploymentId],
  };
  book.revisions.push(target);
  const configuration = structuredClone(service.deploymentConfiguration);
  const record: ServiceDeploymentRecord = {
    arn: host.arn(`service-deployment/${names}/${host.ids.hex(22)}`),
    service,
    createdAt: now,
    startedAt: now,
    finishedAt: undefined,
    stoppedAt: undefined,
    updatedAt: now,
    sources,
    target,
    status: "IN_PROGRESS",
    statusReason: undefined,
    strategy: strategyOf(configuration),
    configuration,
    stage: undefined,
    phase: "work",
    phaseAt: now,
    step: 0,
    hooks: [],
    hookHistory: [],
    visibleAt: now + book.consistency.serviceDeploymentMs,
    currentVisibleAt: now + book.consistency.currentServiceDeploymentMs,
    productionWeight: sources.length === 0 ? 100 : 0,
    testWeight: 0,
    rollback: undefined,
    rollbackDeploymentId: undefined,
    triggeredAlarms: [],
    breakerTriggered: false,
    failureCount: 0,
    wakeAt: undefined,
  };
  book.deployments.push(record);
  return record;
}

export function finish(record: ServiceDeploymentRecord, status: ServiceDeploymentStatus, now: number): void {
  record.status = status;
  record.updatedAt = now;
  record.wakeAt = undefined;
  if (status === "STOPPED") record.stoppedAt = now;
  else record.finishedAt = now;
  if (status === "SUCCESSFUL") record.productionWeight = 100;
}

/** Alarm names the deployment watches (only when its configuration enables them). */
export function watchedAlarms(record: ServiceDeploymentRecord): string[] {
  const alarms = record.configuration.alarms;
  return alarms?.enable === true ? (alarms.alarmNames ?? []) : [];
}

// ---- the API ----

export function serviceDeploymentOperations(engine: EcsEngine): Record<string, OperationHandler> {
  const book = engine.serviceDeployments;
  return {
    ListServiceDeployments: (input: ListServiceDeploymentsRequest, now: number): ListServiceDeploymentsResponse => {
      book.checkApi("ListServiceDeployments");
      const cluster = engine.state.cluster(input.cluster);
      const service = engine.state.service(cluster, input.service ?? "");
      // Timestamps arrive as epoch seconds on the wire.
      const after = epochMs(input.createdAt?.after);
      const before = epochMs(input.createdAt?.before);
      const records = book.deployments
        .filter(
          (record) =>
            record.service === service &&
            record.visibleAt <= now &&
            (input.status === undefined || input.status.length === 0 || input.status.includes(record.status)) &&
            (after === undefined || record.createdAt >= after) &&
            (before === undefined || record.createdAt <= before),
        )
        .reverse();
      const { page, nextToken } = paginate(records, input.nextToken, input.maxResults, { default: 20, max: 100 });
      return {
        serviceDeployments: page.map((record) => ({
          serviceDeploymentArn: record.arn,
          serviceArn: record.service.arn,
          clusterArn: record.service.cluster.arn,
          createdAt: new Date(record.createdAt),
          startedAt: record.startedAt === undefined ? undefined : new Date(record.startedAt),
          finishedAt: record.finishedAt === undefined ? undefined : new Date(record.finishedAt),
          targetServiceRevisionArn: record.target.arn,
          status: record.status,
          statusReason: record.statusReason,
        })),
        nextToken,
      };
    },
    DescribeServiceDeployments: (
      input: DescribeServiceDeploymentsRequest,
      now: number,
    ): DescribeServiceDeploymentsResponse => {
      book.checkApi("DescribeServiceDeployments");
      const arns = input.serviceDeploymentArns ?? [];
      if (arns.length === 0 || arns.length > 20) {
        throw new AwsError("InvalidParameterException", "serviceDeploymentArns must contain between 1 and 20 ARNs.");
      }
      const found: ServiceDeployment[] = [];
      const failures: NonNullable<DescribeServiceDeploymentsResponse["failures"]> = [];
      for (const arn of arns) {
        const record = book.visible(arn, now);
        if (record === undefined) failures.push({ arn, reason: "MISSING", detail: "Service deployment not found." });
        else found.push(describeServiceDeployment(engine, record));
      }
      return { serviceDeployments: found, failures };
    },
    StopServiceDeployment: (input: StopServiceDeploymentRequest, now: number): StopServiceDeploymentResponse => {
      book.checkApi("StopServiceDeployment");
      const record = book.visible(input.serviceDeploymentArn ?? "", now);
      if (record === undefined) {
        throw new AwsError("ServiceDeploymentNotFoundException", "The service deployment does not exist.");
      }
      if (FINISHED.has(record.status)) {
        throw new AwsError(
          "ConflictException",
          `The service deployment is ${record.status} and cannot be stopped; only deployments that have not finished can be.`,
        );
      }
      engine.scheduler.stopServiceDeployment(record, input.stopType ?? "ROLLBACK", now);
      return { serviceDeploymentArn: record.arn };
    },
    /**
     * ContinueServiceDeployment as the API reference and "Continuing service deployments" document
     * it: the hook must be a PAUSE hook in AWAITING_ACTION of an IN_PROGRESS deployment; `action`
     * defaults to CONTINUE. Errors use the types the SDK model lists for the command: an unknown
     * (or not yet visible) ARN is ServiceDeploymentNotFoundException, a hook id the deployment never
     * had (or a Lambda hook's) InvalidParameterException, a hook no longer waiting (continued,
     * rolled back, timed out) or a deployment no longer IN_PROGRESS ClientException.
     */
    ContinueServiceDeployment: (
      input: ContinueServiceDeploymentRequest,
      now: number,
    ): ContinueServiceDeploymentResponse => {
      book.checkApi("ContinueServiceDeployment");
      const record = book.visible(input.serviceDeploymentArn ?? "", now);
      if (record === undefined) {
        throw new AwsError("ServiceDeploymentNotFoundException", "The service deployment does not exist.");
      }
      const run = record.hookHistory.find((candidate) => candidate.hookId === input.hookId);
      if (run === undefined) {
        throw new AwsError(
          "InvalidParameterException",
          `The hookId '${input.hookId ?? ""}' does not identify a lifecycle hook of service deployment ${record.arn}.`,
        );
      }
      if (run.hook.targetType !== "PAUSE") {
        throw new AwsError(
          "InvalidParameterException",
          `Lifecycle hook '${run.hookId}' is an AWS_LAMBDA hook; only PAUSE hooks can be continued or rolled back.`,
        );
      }
      if (run.status !== "AWAITING_ACTION") {
        const timedOut =
          run.status === "TIMED_OUT"
            ? ` It timed out at ${new Date(run.expiresAt).toISOString()} and Amazon ECS took its timeout action ${timeoutActionOf(run)}.`
            : "";
        throw new AwsError(
          "ClientException",
          `Lifecycle hook '${run.hookId}' is ${run.status}, not AWAITING_ACTION.${timedOut}`,
        );
      }
      if (record.status !== "IN_PROGRESS") {
        throw new AwsError(
          "ClientException",
          `The service deployment is ${record.status}; only an IN_PROGRESS service deployment can be continued.`,
        );
      }
      engine.scheduler.continueHook(record, run, input.action ?? "CONTINUE", now);
      engine.reconcile(record.service, now);
      return { serviceDeploymentArn: record.arn };
    },
    DescribeServiceRevisions: (input: DescribeServiceRevisionsRequest): DescribeServiceRevisionsResponse => {
      book.checkApi("DescribeServiceRevisions");
      const arns = input.serviceRevisionArns ?? [];
      if (arns.length === 0 || arns.length > 20) {
        throw new AwsError("InvalidParameterException", "serviceRevisionArns must contain between 1 and 20 ARNs.");
      }
      const found: ServiceRevision[] = [];
      const failures: NonNullable<DescribeServiceRevisionsResponse["failures"]> = [];
      for (const arn of arns) {
        const revision = book.revisions.find((candidate) => candidate.arn === arn);
        if (revision === undefined) failures.push({ arn, reason: "MISSING", detail: "Service revision not found." });
        else found.push(describeServiceRevision(engine, revision));
      }
      return { serviceRevisions: found, failures };
    },
  };
}

/** What ECS does when a hook is not resolved by `expiresAt` (default ROLLBACK). */
export function timeoutActionOf(run: HookRun): "CONTINUE" | "ROLLBACK" {
  return run.hook.timeoutConfiguration?.action ?? "ROLLBACK";
}

function epochMs(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "number" ? value * 1000 : new Date(value as string).getTime();
}

function tasksOfRevision(engine: EcsEngine, revision: ServiceRevisionRecord): TaskRecord[] {
  return engine.state
    .tasksOf(revision.service)
    .filter((task) => task.desiredStatus === "RUNNING" && revision.deploymentIds.includes(task.deploymentId ?? ""));
}

export function revisionCounts(
  engine: EcsEngine,
  revision: ServiceRevisionRecord,
): { running: number; pending: number } {
  const tasks = tasksOfRevision(engine, revision);
  return {
    running: tasks.filter((task) => task.lastStatus === "RUNNING").length,
    pending: tasks.filter((task) => ["PROVISIONING", "PENDING", "ACTIVATING"].includes(task.lastStatus)).length,
  };
}

function summary(
  engine: EcsEngine,
  revision: ServiceRevisionRecord,
  requested: number,
  weights: { production: number; test: number } | undefined,
): ServiceRevisionSummary {
  const counts = revisionCounts(engine, revision);
  return {
    arn: revision.arn,
    requestedTaskCount: requested,
    runningTaskCount: counts.running,
    pendingTaskCount: counts.pending,
    ...(weights === undefined
      ? {}
      : { requestedProductionTrafficWeight: weights.production, requestedTestTrafficWeight: weights.test }),
  };
}

function monitorStatus(
  enabled: boolean,
  triggered: boolean,
  record: ServiceDeploymentRecord,
): ServiceDeploymentRollbackMonitorsStatus {
  if (!enabled) return "DISABLED";
  if (triggered) return "TRIGGERED";
  return FINISHED.has(record.status) ? "MONITORING_COMPLETE" : "MONITORING";
}

export function describeServiceDeployment(engine: EcsEngine, record: ServiceDeploymentRecord): ServiceDeployment {
  const service = record.service;
  const rolling = record.strategy === "ROLLING";
  const succeeded = record.status === "SUCCESSFUL";
  const rolledBack = record.rollback !== undefined;
  const targetPrimary =
    service.deployments[0]?.id !== undefined && record.target.deploymentIds.includes(service.deployments[0].id);
  const breaker = record.configuration.deploymentCircuitBreaker;
  const primary = service.deployments.find((deployment) => record.target.deploymentIds.includes(deployment.id));
  const alarmNames = record.configuration.alarms?.alarmNames ?? [];
  const weights = (production: number) =>
    rolling ? undefined : { production, test: production === 100 ? 100 : record.testWeight };
  return {
    serviceDeploymentArn: record.arn,
    serviceArn: service.arn,
    clusterArn: service.cluster.arn,
    createdAt: new Date(record.createdAt),
    startedAt: record.startedAt === undefined ? undefined : new Date(record.startedAt),
    finishedAt: record.finishedAt === undefined ? undefined : new Date(record.finishedAt),
    stoppedAt: record.stoppedAt === undefined ? undefined : new Date(record.stoppedAt),
    updatedAt: new Date(record.updatedAt),
    sourceServiceRevisions: record.sources.map((source) =>
      summary(engine, source, succeeded ? 0 : service.desiredCount, weights(100 - record.productionWeight)),
    ),
    targetServiceRevision: summary(
      engine,
      record.target,
      rolledBack || (!targetPrimary && !succeeded) ? 0 : service.desiredCount,
      rolling ? undefined : { production: record.productionWeight, test: record.testWeight },
    ),
    status: record.status,
    statusReason: record.statusReason,
    lifecycleStage: rolling ? undefined : record.stage,
    // The hooks of the current stage ("each active hook"); PAUSE hooks have no target ARN.
    lifecycleHookDetails: record.hooks.map((run) => ({
      hookId: run.hookId,
      targetType: run.hook.targetType ?? "AWS_LAMBDA",
      targetArn: run.hook.targetType === "PAUSE" ? undefined : run.hook.hookTargetArn,
      status: run.status,
      expiresAt: new Date(run.expiresAt),
      timeoutAction: timeoutActionOf(run),
    })),
    deploymentConfiguration: record.configuration,
    rollback:
      record.rollback === undefined
        ? undefined
        : {
            reason: record.rollback.reason,
            startedAt: new Date(record.rollback.startedAt),
            serviceRevisionArn: record.rollback.revision.arn,
          },
    deploymentCircuitBreaker: {
      status: monitorStatus(breaker?.enable === true, record.breakerTriggered, record),
      failureCount: primary?.failedTasks ?? record.failureCount,
      threshold: engine.scheduler.breakerThreshold(service),
    },
    alarms: {
      status: monitorStatus(record.configuration.alarms?.enable === true, record.triggeredAlarms.length > 0, record),
      alarmNames,
      triggeredAlarmNames: record.triggeredAlarms,
    },
  };
}

export function describeServiceRevision(engine: EcsEngine, revision: ServiceRevisionRecord): ServiceRevision {
  const definition = engine.state.findTaskDefinition(revision.taskDefinitionArn);
  return {
    serviceRevisionArn: revision.arn,
    serviceArn: revision.service.arn,
    clusterArn: revision.service.cluster.arn,
    taskDefinition: revision.taskDefinitionArn,
    capacityProviderStrategy: revision.placement.capacityProviderStrategy,
    launchType: revision.placement.launchType,
    platformVersion: revision.placement.platformVersion,
    loadBalancers: revision.loadBalancers,
    serviceRegistries: revision.serviceRegistries,
    networkConfiguration: revision.placement.networkConfiguration,
    containerImages: (definition?.input.containerDefinitions ?? []).map((container) => ({
      containerName: container.name,
      image: container.image,
      imageDigest: revision.imageDigests[container.name ?? ""],
    })),
    createdAt: new Date(revision.createdAt),
  };
}

/** What DescribeServices adds once a service has service deployments (`currentServiceDeployment` may lag). */
export function currentRevisionFields(engine: EcsEngine, service: ServiceRecord) {
  const book = engine.serviceDeployments;
  if (book.api !== "available") return {};
  const current = book.current(service);
  if (current === undefined) return {};
  const shown = book.currentVisible(service, engine.now);
  const revisions = service.deployments
    .map((deployment) => book.revisionOf(deployment.id))
    .filter((revision): revision is ServiceRevisionRecord => revision !== undefined)
    .filter((revision, index, all) => all.indexOf(revision) === index);
  return {
    currentServiceDeployment: shown?.arn,
    currentServiceRevisions: revisions.map((revision) => {
      const counts = revisionCounts(engine, revision);
      return {
        arn: revision.arn,
        requestedTaskCount: revision === current.target ? service.desiredCount : 0,
        runningTaskCount: counts.running,
        pendingTaskCount: counts.pending,
      };
    }),
  };
}
