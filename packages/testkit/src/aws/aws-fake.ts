import { randomUUID } from "node:crypto";
import type { ScalableTarget, SuspendedState } from "@aws-sdk/client-application-auto-scaling";
import * as autoScalingSdk from "@aws-sdk/client-application-auto-scaling";
import type { StateValue } from "@aws-sdk/client-cloudwatch";
import * as cloudWatchSdk from "@aws-sdk/client-cloudwatch";
import * as logsSdk from "@aws-sdk/client-cloudwatch-logs";
import * as codeDeploySdk from "@aws-sdk/client-codedeploy";
import * as ecrSdk from "@aws-sdk/client-ecr";
import type {
  CapacityProviderStrategyItem,
  CreateServiceRequest,
  RegisterTaskDefinitionRequest,
  Service,
  Tag,
} from "@aws-sdk/client-ecs";
import * as ecsSdk from "@aws-sdk/client-ecs";
import * as eventBridgeSdk from "@aws-sdk/client-eventbridge";
import {
  type Classification,
  type FakeRequest,
  type FakeResponse,
  FakeServer,
  type FakeServerOptions,
} from "../fake/server.js";
import { autoScalingOperations } from "./autoscaling/operations.js";
import { ScalableTargetStore } from "./autoscaling/targets.js";
import { cloudWatchOperations } from "./cloudwatch/alarms.js";
import { type MetricPoint, MetricStore } from "./cloudwatch/metrics.js";
import { type CodeDeployHookBehaviour, CodeDeployStore, type DeploymentGroupSeed } from "./codedeploy/deployments.js";
import { ecrOperations } from "./ecr/operations.js";
import { EcrStore, type ImageSeed } from "./ecr/store.js";
import type { EcsTiming, ImageMatcher, RunTaskContext, TaskBehaviour } from "./ecs/behaviour.js";
import { clusterOperations, createCluster } from "./ecs/cluster-operations.js";
import { taskDefinitionOperations } from "./ecs/definition-operations.js";
import { EcsEngine } from "./ecs/engine.js";
import { ECS_RATE_LIMITS, type RateLimit, TokenBuckets } from "./ecs/rate-limits.js";
import {
  type ConsistencyDelays,
  type HookBehaviour,
  type ServiceDeploymentApiMode,
  serviceDeploymentOperations,
} from "./ecs/service-deployments.js";
import { createService, describeService, serviceOperations } from "./ecs/services.js";
import { tagOperations } from "./ecs/tag-operations.js";
import { registerTaskDefinition } from "./ecs/task-definitions.js";
import { taskOperations } from "./ecs/task-operations.js";
import { EventRulesStore, type RuleSeed } from "./events/rules.js";
import { IdSource } from "./ids.js";
import { logsOperations } from "./logs/operations.js";
import { LogStore } from "./logs/store.js";
import { AMZ_JSON, AwsError, awsErrorResponse, credentialScope, parseTarget, toWire } from "./protocol.js";
import { type DbClusterSeed, queryAction, RdsService, type RdsTiming, rdsErrorResponse } from "./rds/index.js";
import { restErrorResponse, SchedulerFake, type ScheduleSeed } from "./scheduler/schedules.js";
import type { AwsServiceDefinition } from "./service.js";
import { checkShape, operationShapes, type ShapeProblem } from "./shape-check.js";

export interface AwsFakeOptions extends FakeServerOptions {
  /** The region requests must be signed for and ARNs carry (default ap-northeast-1). */
  region?: string;
  /** The account in ARNs (default 123456789012). */
  accountId?: string;
  /** Task timing; see `setTiming`. */
  timing?: Partial<EcsTiming>;
  /** ECS eventual consistency from the start; see `ecsConsistency`. */
  ecsConsistency?: Partial<ConsistencyDelays>;
}

export interface HtmlErrorOptions {
  /** HTTP status of the page (default 501 Not Implemented). */
  status?: number;
  /** How many matching calls get the page (default Infinity: the operation is simply missing). */
  times?: number;
  /** The page (default a small "Not Implemented" HTML document naming the operation). */
  body?: string;
}

export interface SeedClusterOptions {
  /** Default: FARGATE and FARGATE_SPOT, as clusters made in the console have. */
  capacityProviders?: string[];
  defaultCapacityProviderStrategy?: CapacityProviderStrategyItem[];
  tags?: Tag[];
}

export type LogEventSeed = string | { message: string; timestamp?: number; ingestionTime?: number };

const ECS_TARGET = "AmazonEC2ContainerServiceV20141113";
const LOGS_TARGET = "Logs_20140328";
const AUTO_SCALING_TARGET = "AnyScaleFrontendService";
const CLOUDWATCH_TARGET = "GraniteServiceVersion20100801";
const CODEDEPLOY_TARGET = "CodeDeploy_20141006";
const ECR_TARGET = "AmazonEC2ContainerRegistry_V20150921";
const EVENTS_TARGET = "AWSEvents";
const READ_ONLY = /^(Describe|List|Get|Filter)/;

/**
 * One loopback endpoint for the AWS JSON 1.1 services the actions use: ECS, CloudWatch Logs and
 * Application Auto Scaling (scalable targets on ECS services), told apart by `X-Amz-Target`.
 * Point SDK clients at it with `endpoint: fake.url` or `AWS_ENDPOINT_URL`. Every request body is
 * checked against the SDK's own model of the operation; state moves lazily with `clock.now()`, so
 * a rollout follows a shared VirtualClock.
 */
export class AwsFake extends FakeServer {
  readonly region: string;
  readonly accountId: string;
  private readonly ids = new IdSource();
  private readonly logStore: LogStore;
  private readonly ecs: EcsEngine;
  private readonly services = new Map<string, AwsServiceDefinition>();
  private readonly scaling: ScalableTargetStore;
  private readonly rateLimits = new TokenBuckets();
  /** CloudWatch metric data (GetMetricData); `metrics.metricsRequested` counts what CloudWatch bills. */
  readonly metrics = new MetricStore();
  private readonly codeDeploy: CodeDeployStore;
  private readonly ecr: EcrStore;
  private readonly eventRules: EventRulesStore;
  /** EventBridge Scheduler (REST JSON) on the same endpoint. */
  private readonly scheduler: SchedulerFake;
  /** RDS (AWS Query protocol) on the same endpoint. */
  private readonly rds: RdsService;

  constructor(options: AwsFakeOptions = {}) {
    super(options);
    this.region = options.region ?? "ap-northeast-1";
    this.accountId = options.accountId ?? "123456789012";
    this.logStore = new LogStore(this.region, this.accountId);
    this.rds = new RdsService(this.region, this.accountId);
    this.ecs = new EcsEngine(this.region, this.accountId, this.ids, this.logStore);
    this.ecr = new EcrStore(this.accountId, this.region);
    // ECS resolves image references through the registry: digests, and every name of an image.
    this.ecs.images = this.ecr;
    if (options.timing !== undefined) this.setTiming(options.timing);
    if (options.ecsConsistency !== undefined) this.ecsConsistency(options.ecsConsistency);
    this.registerService({
      targetPrefix: ECS_TARGET,
      signingName: "ecs",
      schemas: ecsSdk,
      operations: {
        ...clusterOperations(this.ecs),
        ...taskDefinitionOperations(this.ecs),
        ...serviceOperations(this.ecs),
        ...taskOperations(this.ecs),
        ...tagOperations(this.ecs),
        ...serviceDeploymentOperations(this.ecs),
      },
    });
    this.registerService({
      targetPrefix: CLOUDWATCH_TARGET,
      signingName: "monitoring",
      schemas: cloudWatchSdk,
      operations: { ...cloudWatchOperations(this.ecs.alarms), ...this.metrics.operations() },
    });
    this.codeDeploy = new CodeDeployStore(this.ecs, this.ecs.alarms, this.ids);
    this.registerService({
      targetPrefix: CODEDEPLOY_TARGET,
      signingName: "codedeploy",
      schemas: codeDeploySdk,
      operations: this.codeDeploy.operations(),
    });
    this.registerService({
      targetPrefix: ECR_TARGET,
      signingName: "ecr",
      schemas: ecrSdk,
      operations: ecrOperations(this.ecr),
    });
    this.eventRules = new EventRulesStore(this.region, this.accountId);
    this.registerService({
      targetPrefix: EVENTS_TARGET,
      signingName: "events",
      schemas: eventBridgeSdk,
      operations: this.eventRules.operations(),
    });
    this.scheduler = new SchedulerFake(this.region, this.accountId);
    this.registerService({
      targetPrefix: LOGS_TARGET,
      signingName: "logs",
      schemas: logsSdk,
      operations: logsOperations(this.logStore),
    });
    this.scaling = new ScalableTargetStore(this.ecs, this.region, this.accountId);
    this.registerService({
      targetPrefix: AUTO_SCALING_TARGET,
      signingName: "application-autoscaling",
      schemas: autoScalingSdk,
      operations: autoScalingOperations(this.scaling),
    });
  }

  /** Adds (or replaces) a service behind this endpoint, e.g. Application Auto Scaling. */
  registerService(definition: AwsServiceDefinition): void {
    this.services.set(definition.targetPrefix, definition);
  }

  // ---- seeding (plain methods, no HTTP) ----

  /** An ACTIVE cluster; returns its ARN. */
  seedCluster(name: string, options: SeedClusterOptions = {}): string {
    return createCluster(this.ecs, {
      clusterName: name,
      capacityProviders: options.capacityProviders ?? ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategy: options.defaultCapacityProviderStrategy ?? [],
      tags: options.tags ?? [],
    }).arn;
  }

  /** Registers the next revision of `definition.family`; returns its ARN. */
  seedTaskDefinition(definition: RegisterTaskDefinitionRequest): string {
    this.checkSeed(ecsSdk.RegisterTaskDefinition$, definition);
    return registerTaskDefinition(this.ecs.state, definition, this.now()).arn;
  }

  /**
   * A service already in steady state: one PRIMARY deployment COMPLETED and `desiredCount` tasks
   * RUNNING (healthy whatever the image rules say). Takes CreateService's input; returns the service ARN.
   */
  seedService(input: CreateServiceRequest): string {
    this.checkSeed(ecsSdk.CreateService$, input);
    return createService(this.ecs, input, this.now(), { steady: true }).arn;
  }

  /**
   * Gives a seeded service the pre-2018 short ARN (`service/<name>`, no cluster), as services
   * created before the long ARN format opt-in keep: ECS refuses to tag them.
   */
  useShortServiceArn(cluster: string, service: string): string {
    const record = this.ecs.state.service(this.ecs.state.cluster(cluster), service);
    record.arn = this.ecs.arn(`service/${record.name}`);
    return record.arn;
  }

  /** An Application Auto Scaling target on an ECS service (RegisterScalableTarget's effect included). */
  seedScalableTarget(
    cluster: string,
    service: string,
    target: { min: number; max: number; suspended?: SuspendedState },
  ): void {
    this.scaling.register(
      {
        resourceId: `service/${cluster}/${service}`,
        min: target.min,
        max: target.max,
        ...(target.suspended === undefined ? {} : { suspended: target.suspended }),
      },
      this.now(),
    );
  }

  /** A scheduled action on the service's scalable target (`at(...)` or daily `cron(M H * * ? *)`, UTC). */
  seedScheduledAction(
    cluster: string,
    service: string,
    action: { name: string; schedule: string; min?: number; max?: number },
  ): void {
    this.scaling.putScheduled({ ...action, resourceId: `service/${cluster}/${service}` }, this.now());
  }

  /**
   * An image in an ECR repository of the fake's account (the repository is created); a tag moves
   * as on push. Returns its digest (`sha256:` + the SHA-256 of its manifest; the same `content`
   * gives the same digest). ECS knows it too: a task definition may name it
   * `<account>.dkr.ecr.<region>.amazonaws.com/<repository>@<digest>` (or by tag, or without the
   * host), `imageBehaviour` rules match it under any of those names, and service revisions and
   * tasks report its `imageDigest`.
   */
  seedEcrImage(repository: string, image: ImageSeed = {}): string {
    return this.ecr.push(repository, image, this.clock.now()).digest;
  }

  /** An empty ECR repository. */
  seedEcrRepository(repository: string): void {
    this.ecr.ensureRepository(repository);
  }

  /** An EventBridge Scheduler schedule (in group `default` unless given). */
  seedSchedule(seed: ScheduleSeed): void {
    this.scheduler.seed(seed, this.clock.now());
  }

  /** The schedule as GetSchedule shows it, for assertions. */
  schedule(name: string, group = "default") {
    return this.scheduler.get(name, group);
  }

  /** An EventBridge rule on the default bus with its targets. */
  seedRule(seed: RuleSeed): void {
    this.eventRules.seed(seed);
  }

  /** A rule's targets as ListTargetsByRule shows them, for assertions. */
  ruleTargets(rule: string) {
    return this.eventRules.targets(rule);
  }

  /** The scalable target as DescribeScalableTargets would show it, for assertions. */
  scalableTarget(cluster: string, service: string): ScalableTarget | undefined {
    this.now();
    const target = this.scaling.targets.get(`service/${cluster}/${service}`);
    return target === undefined ? undefined : this.scaling.describe(target);
  }

  seedLogGroup(name: string): void {
    this.logStore.ensureGroup(name, this.now());
  }

  /**
   * Log events in a stream (group and stream are created), readable at once unless an
   * `ingestionTime` says later; a bare string is a message stamped now.
   */
  seedLogEvents(group: string, stream: string, events: LogEventSeed[]): void {
    const now = this.now();
    this.logStore.put(
      group,
      stream,
      events.map((event) =>
        typeof event === "string"
          ? { message: event, timestamp: now, ingestionTime: now }
          : { timestamp: now, ingestionTime: now, ...event },
      ),
      now,
    );
  }

  // ---- scenario controls ----

  /**
   * What tasks whose essential container runs a matching image do; the newest rule wins. An image
   * the fake's ECR holds matches under each of its names (by tag and by digest), so a rule on
   * `…/web:v2` also applies when the task definition says `…/web@sha256:…` of that image (and the
   * reverse). A rule set after a deployment started applies to tasks launched from then on: mark
   * the previous image broken mid-deployment and the circuit breaker's rollback fails
   * (ROLLBACK_FAILED).
   */
  imageBehaviour(image: ImageMatcher, behaviour: TaskBehaviour): void {
    this.ecs.behaviours.image(image, behaviour);
  }

  /**
   * What one-off tasks started by RunTask do (before image rules apply): a fixed behaviour or a
   * function of the task (family, commands after overrides, startedBy) that may return undefined.
   */
  runTaskBehaviour(rule: TaskBehaviour | ((context: RunTaskContext) => TaskBehaviour | undefined)): void {
    this.ecs.behaviours.runTask(rule);
  }

  /** Task start, drain and stop times for tasks launched from now on. */
  setTiming(timing: Partial<EcsTiming>): void {
    this.ecs.timing = { ...this.ecs.timing, ...timing };
  }

  /** The next `times` calls of `operation` fail as ECS throttles: HTTP 400 ThrottlingException "Rate exceeded". */
  throttle(operation: string | RegExp, times = 1): void {
    this.fault({
      operation,
      times,
      action: { kind: "respond", response: awsErrorResponse("ThrottlingException", "Rate exceeded") },
    });
  }

  /**
   * Throttles `operation` the way ECS does: a token bucket of `burst` tokens refilled at
   * `perSecond` on the fake's clock (see ECS "Request throttling"); over it, ThrottlingException.
   */
  rateLimit(operation: string | string[], limit: RateLimit): void {
    this.rateLimits.set(operation, limit, this.clock.now());
  }

  /**
   * Every ECS bucket the "Request throttling for the Amazon ECS API" page documents (see
   * `ECS_RATE_LIMITS`), full from now, for the operations this fake serves.
   */
  useEcsRateLimits(): void {
    for (const group of ECS_RATE_LIMITS) this.rateLimit([...group.operations], group.limit);
  }

  /** A raw CloudWatch data point (e.g. ALB RequestCount of a target group), readable by GetMetricData at once. */
  putMetric(point: Omit<MetricPoint, "at"> & { at?: number }): void {
    this.metrics.put({ ...point, at: point.at ?? this.clock.now() });
  }

  /** Tokens left in an operation's bucket now (benches compute the analytic floor from it). */
  rateLimitTokens(operation: string): number | undefined {
    return this.rateLimits.tokens(operation, this.clock.now());
  }

  /** An Aurora DB cluster (default: aurora-postgresql, provisioned, available, one db.t4g.medium writer). */
  seedDbCluster(seed: DbClusterSeed): string {
    return this.rds.store.seed(seed, this.now()).arn;
  }

  /** The cluster as DescribeDBClusters would show it now, for assertions. */
  dbCluster(id: string) {
    this.now();
    return this.rds.store.toDBCluster(this.rds.store.find(id));
  }

  /** How long Aurora takes to stop and to start, on the fake's clock. */
  setRdsTiming(timing: Partial<RdsTiming>): void {
    this.rds.store.timing = { ...this.rds.store.timing, ...timing };
  }

  /**
   * A CloudWatch composite alarm with this `AlarmRule` (ALARM(x), OK(x), INSUFFICIENT_DATA(x),
   * TRUE, FALSE, AND, OR, NOT, parentheses; x a name or ARN, quoted or not). Its state follows the
   * rule at once and whenever a child changes (ALARM when true, OK when false); deployments and
   * CodeDeploy groups watching it react like for a metric alarm. DescribeAlarms returns it only
   * when `AlarmTypes` includes CompositeAlarm. A malformed rule throws.
   */
  seedCompositeAlarm(name: string, alarmRule: string, options: { description?: string } = {}): void {
    const now = this.now();
    this.ecs.alarms.putComposite(name, alarmRule, now, options.description);
    this.codeDeploy.reactToAlarms(now);
  }

  /** A CloudWatch metric alarm (created if new) in `state` from now on; deployments watching it react at once. */
  setAlarmState(name: string, state: StateValue, options: { reason?: string; at?: number } = {}): void {
    const now = this.now();
    if (options.at !== undefined && options.at > now) {
      this.ecs.alarms.schedule(name, state, options.at, options.reason);
      return;
    }
    this.ecs.alarms.put(name, state, now, options.reason);
    this.codeDeploy.reactToAlarms(now);
  }

  /**
   * A CodeDeploy application and ECS deployment group for a service (with the console's default
   * names `AppECS-<cluster>-<service>` / `DgpECS-<cluster>-<service>` unless given).
   */
  seedCodeDeployGroup(seed: DeploymentGroupSeed): { application: string; group: string } {
    return this.codeDeploy.seedGroup(seed);
  }

  /** What the Lambda function `functionName` answers when a CodeDeploy AppSpec hook invokes it. */
  codeDeployHookBehaviour(functionName: string, behaviour: CodeDeployHookBehaviour): void {
    this.codeDeploy.hookRules.set(functionName, behaviour);
  }

  /** What the Lambda function `hookTargetArn` answers when an ECS lifecycle hook invokes it. */
  lifecycleHookBehaviour(hookTargetArn: string, behaviour: HookBehaviour): void {
    this.ecs.serviceDeployments.hookRules.set(hookTargetArn, behaviour);
  }

  /**
   * ECS eventual consistency (the API reference: "a resource may not be immediately visible"),
   * in clock milliseconds, for service deployments created from now on. For `serviceDeploymentMs`
   * after UpdateService (or CreateService) the new service deployment is missing from
   * ListServiceDeployments, reported MISSING by DescribeServiceDeployments, and
   * StopServiceDeployment / ContinueServiceDeployment answer ServiceDeploymentNotFoundException;
   * for `currentServiceDeploymentMs` every service view (UpdateService's answer, DescribeServices)
   * still names the previous one as `currentServiceDeployment`. The deployment itself runs from
   * the start. Both default to 0; unset members keep their value.
   */
  ecsConsistency(delays: Partial<ConsistencyDelays>): void {
    const book = this.ecs.serviceDeployments;
    book.consistency = { ...book.consistency, ...delays };
  }

  /**
   * Makes `operation` (name or pattern, any service on this endpoint) answer an HTML error page
   * instead of AWS JSON, as an emulator or proxy does for an operation it lacks: by default a
   * `501` `text/html` page for every call. Nothing is changed by a call that gets the page.
   */
  injectHtmlError(operation: string | RegExp, options: HtmlErrorOptions = {}): void {
    const status = options.status ?? 501;
    const name = typeof operation === "string" ? operation : "this operation";
    const body =
      options.body ??
      `<!doctype html>\n<html lang="en">\n<head><title>${status} Not Implemented</title></head>\n<body><h1>Not Implemented</h1><p>${name} is not implemented by this server.</p></body>\n</html>\n`;
    this.fault({
      operation,
      times: options.times ?? Number.POSITIVE_INFINITY,
      action: { kind: "respond", response: { status, headers: { "content-type": "text/html; charset=utf-8" }, body } },
    });
  }

  /**
   * Whether the service-deployment API (List/DescribeServiceDeployments, Stop- and
   * ContinueServiceDeployment, DescribeServiceRevisions) answers: `access-denied` as for a role
   * without the new permissions, `unknown-operation` as in a partition without it
   * (DescribeServices then has no `currentServiceDeployment` either).
   */
  serviceDeploymentApi(mode: ServiceDeploymentApiMode): void {
    this.ecs.serviceDeployments.api = mode;
  }

  /** The service as DescribeServices would show it now (with tags), for assertions. */
  describeService(cluster: string, service: string): Service {
    this.now(); // apply what is due first
    return describeService(this.ecs, this.ecs.state.service(this.ecs.state.cluster(cluster), service), true);
  }

  // ---- FakeServer ----

  protected classify(request: FakeRequest): Classification {
    const rest = request.headers["x-amz-target"] === undefined ? SchedulerFake.route(request) : undefined;
    if (rest !== undefined) return { operation: rest, mutating: !READ_ONLY.test(rest) };
    const action = queryAction(request);
    if (action !== undefined) return { operation: action, mutating: !READ_ONLY.test(action) };
    const operation = parseTarget(request.headers["x-amz-target"])?.operation ?? "unknown";
    return { operation, mutating: !READ_ONLY.test(operation) };
  }

  protected handle(request: FakeRequest): FakeResponse {
    const rest = request.headers["x-amz-target"] === undefined ? SchedulerFake.route(request) : undefined;
    if (rest !== undefined) return this.handleScheduler(rest, request);
    const action = queryAction(request);
    if (action !== undefined) return this.handleQuery(action, request);
    const target = parseTarget(request.headers["x-amz-target"]);
    const service = target === undefined ? undefined : this.services.get(target.prefix);
    if (target === undefined || service === undefined) {
      throw new AwsError(
        "UnknownOperationException",
        "The X-Amz-Target header does not name an operation of this endpoint.",
      );
    }
    this.checkSignature(request, service);
    const schema = service.schemas[`${target.operation}$`];
    const handler = service.operations[target.operation];
    if (schema === undefined) throw new AwsError("UnknownOperationException", `Unknown operation ${target.operation}.`);
    if (handler === undefined) {
      throw new AwsError(
        "UnknownOperationException",
        `${target.prefix}.${target.operation} is not implemented by AwsFake.`,
      );
    }
    const body = request.body.trim() === "" ? {} : request.json;
    if (body === undefined) throw new AwsError("SerializationException", "The request body is not valid JSON.");
    const shapes = operationShapes(schema);
    rejectBadInput(checkShape(shapes.input, body, { requireMembers: true }));
    if (!this.rateLimits.take(target.operation, this.clock.now()))
      throw new AwsError("ThrottlingException", "Rate exceeded");
    const now = this.now();
    const output = toWire(handler(body as never, now));
    const problems = checkShape(shapes.output, output, { requireMembers: false });
    if (problems.length > 0)
      throw new Error(`AwsFake built a response outside the ${target.operation} model: ${JSON.stringify(problems)}`);
    return { status: 200, headers: { "content-type": AMZ_JSON, "x-amzn-requestid": randomUUID() }, body: output };
  }

  protected override errorResponse(error: unknown): FakeResponse {
    if (error instanceof AwsError) return awsErrorResponse(error.code, error.message, error.status);
    return awsErrorResponse("ServerException", error instanceof Error ? error.message : String(error), 500);
  }

  /** EventBridge Scheduler over REST JSON: the same signature checks; errors in the REST JSON style. */
  private handleScheduler(operation: string, request: FakeRequest): FakeResponse {
    try {
      this.checkSignature(request, { signingName: "scheduler" });
      if (!this.rateLimits.take(operation, this.clock.now()))
        throw new AwsError("ThrottlingException", "Rate exceeded");
      return this.scheduler.handle(operation, request, this.now());
    } catch (error) {
      if (error instanceof AwsError) return restErrorResponse(error);
      throw error;
    }
  }

  /** RDS over AWS Query: the same signature checks, then the operation; errors as Query XML. */
  private handleQuery(action: string, request: FakeRequest): FakeResponse {
    try {
      this.checkSignature(request, { signingName: "rds" });
    } catch (error) {
      return rdsErrorResponse(error);
    }
    if (!this.rateLimits.take(action, this.clock.now()))
      return rdsErrorResponse(new AwsError("Throttling", "Rate exceeded"));
    return this.rds.handle(action, request.body, this.now());
  }

  /** The clock time, with every task transition due by then applied. */
  private now(): number {
    const now = this.clock.now();
    this.ecs.advanceTo(now);
    this.scaling.enforce(now);
    this.codeDeploy.advanceTo(now);
    this.codeDeploy.reactToAlarms(now);
    this.rds.store.advance(now);
    return now;
  }

  /** SigV4 scope checks AWS makes before anything else: signed at all, for this region, for this service. */
  private checkSignature(request: FakeRequest, service: Pick<AwsServiceDefinition, "signingName">): void {
    const authorization = request.headers.authorization;
    if (authorization === undefined)
      throw new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
    const scope = credentialScope(authorization);
    if (scope === undefined)
      throw new AwsError("IncompleteSignatureException", "Authorization header requires 'Credential' parameter.", 403);
    if (scope.region !== this.region)
      throw new AwsError("InvalidSignatureException", "Credential should be scoped to a valid region.", 403);
    if (scope.service !== service.signingName) {
      throw new AwsError(
        "InvalidSignatureException",
        `Credential should be scoped to correct service: '${service.signingName}'.`,
        403,
      );
    }
  }

  private checkSeed(operation: unknown, input: unknown): void {
    const problems = checkShape(operationShapes(operation).input, toWire(input), { requireMembers: true });
    if (problems.length > 0) throw new Error(`Seed does not fit the SDK model: ${JSON.stringify(problems)}`);
  }
}

/**
 * AWS JSON services deserialize first (a body that does not fit the model is a
 * SerializationException) and then validate constraints (a missing required member is reported
 * in the Coral style: "1 validation error detected: Value null at 'x' failed to satisfy constraint:
 * Member must not be null", as InvalidParameterException, the type ECS and Logs both declare).
 */
function rejectBadInput(problems: ShapeProblem[]): void {
  const serialization = problems.find((problem) => problem.kind !== "missing");
  if (serialization?.kind === "unknown") {
    throw new AwsError(
      "SerializationException",
      `Unknown member '${serialization.path}' in ${serialization.structure}.`,
    );
  }
  if (serialization?.kind === "type") {
    throw new AwsError(
      "SerializationException",
      `Member '${serialization.path}' must be ${serialization.expected}; got ${serialization.got}.`,
    );
  }
  const missing = problems.map(
    (problem) => `Value null at '${problem.path}' failed to satisfy constraint: Member must not be null`,
  );
  if (missing.length === 0) return;
  const count = missing.length === 1 ? "1 validation error detected" : `${missing.length} validation errors detected`;
  throw new AwsError("InvalidParameterException", `${count}: ${missing.join("; ")}`);
}
