import type { UpdateServiceCommandInput } from "@aws-sdk/client-ecs";
import { ActionError, type Clock, humanDuration, type Logger, type RunContext } from "@sre-actions/core";
import type { DatadogPort } from "@sre-actions/core/datadog";
import type { SleepPorts } from "@sre-actions/core/ecs-sleep";
import { bake, resolveGate } from "./after/bake.js";
import { parseTaskDefinitionArn, pruneRevisions } from "./after/prune.js";
import {
  findScheduledTargets,
  moveScheduledTargets,
  moveScheduledTargetsBack,
  type ScheduledTarget,
} from "./after/scheduled.js";
import { registerTaskDefinitionOnce } from "./before/exactly-once.js";
import { type OneOffResult, runOneOffTask } from "./before/run-task.js";
import { type Asleep, type Woken, wake } from "./before/wake.js";
import type { DeployInputs } from "./inputs.js";
import { type ContainerLogs, containerLogs } from "./observe/datadog-logs.js";
import { describeStoppedTask, diagnoseDeployment, type StoppedTaskReport } from "./observe/diagnose.js";
import { consoleUrl } from "./observe/ecs.js";
import { describeChange, type FieldChange } from "./plan/diff.js";
import { maskPlanValues } from "./plan/mask.js";
import { buildPlan, type Plan, type ServicePlan } from "./plan/plan.js";
import type { ContainerChange } from "./plan/render.js";
import type { Strategy } from "./plan/strategy.js";
import { planStrategies, type StrategyPlan } from "./plan/strategy-plan.js";
import type { CloudWatchPort, CodeDeployPort, EcrPort, EcsPort, EventsPort, LogsPort, SchedulerPort } from "./ports.js";
import { type DatadogReport, deploymentEventOf, sendDeploymentEvents } from "./report/datadog-events.js";
import { type GitHubDeploymentsPort, githubDeploymentTracker } from "./report/github-deployment.js";
import { codeDeployDeps, codeDeployRollOut } from "./rollout/codedeploy-rollout.js";
import { newEvents, type WaitOutcome, waitForDeployment } from "./rollout/deployments.js";
import {
  apiUnavailable,
  followServiceDeployment,
  locateServiceDeployment,
  type StageTime,
} from "./rollout/service-deployment.js";

export type DeployStatus = "succeeded" | "failed" | "rolled-back" | "timed-out" | "dry-run";

export interface DeployDeps {
  ecs: EcsPort;
  logs: LogsPort;
  clock: Clock;
  log: Logger;
  region: string;
  context: RunContext;
  /** GitHub deployments, when github-environment is set (production builds it from github-token). */
  github?: GitHubDeploymentsPort | undefined;
  /** Hides a value in every later log line (the runner's `::add-mask::`). */
  mask: (value: string) => void;
  /** CodeDeploy, for CODE_DEPLOY services. */
  codeDeploy?: CodeDeployPort | undefined;
  /** CloudWatch, for the `alarms` input. */
  cloudWatch?: CloudWatchPort | undefined;
  /** Datadog, when datadog-api-key is set: deployment events, the monitor gate, FireLens logs. */
  datadog?: DatadogPort | undefined;
  /** ECR, to check before deploying that the images exist (checks are skipped without it). */
  ecr?: EcrPort | undefined;
  /** fargate-spot-toggle's restore (core's ecs-sleep), for if-stopped: start. */
  sleep?: SleepPorts | undefined;
  /** EventBridge Scheduler and rules, for scheduled-tasks. */
  scheduler?: SchedulerPort | undefined;
  events?: EventsPort | undefined;
}

export interface ServiceResult {
  service: string;
  previousTaskDefinitionArn: string;
  taskDefinitionArn: string;
  registered: boolean;
  updated: boolean;
  deploymentId: string | undefined;
  status: DeployStatus;
  reason: string | undefined;
  changes: ContainerChange[];
  /** The structured diff of the whole task definition (see diff.ts). */
  diff: FieldChange[];
  events: string[];
  stoppedTasks: StoppedTaskReport[];
  rollback:
    | { deploymentId: string | undefined; outcome: WaitOutcome["outcome"]; reason: string | undefined }
    | undefined;
  consoleUrl: string;
  /** How the service deploys, each lifecycle stage (or CodeDeploy event) with when it began, and the bake. */
  strategy: Strategy;
  stages: StageTime[];
  bakeMs: number;
  /** The stage `wait-until` stopped at, when it stopped before the end. */
  stageReached: string | undefined;
  /** ECS's service deployment we followed; undefined on the deployments[] fallback. */
  serviceDeploymentArn: string | undefined;
}

export interface TimelineEntry {
  at: number;
  step: string;
  detail: string;
}

export interface DeployResult {
  status: DeployStatus;
  reason: string | undefined;
  services: ServiceResult[];
  runTask: OneOffResult | undefined;
  deregistered: string[];
  timeline: TimelineEntry[];
  durationMs: number;
  cluster: string;
  /** Deployment events and the bake, when Datadog is configured. */
  datadog: DatadogReport | undefined;
  /** scheduled-tasks: each schedule/rule target found, and whether it moved (or was skipped, and why). */
  scheduled: ScheduledTarget[];
  /** Services found asleep and what if-stopped did; those woken, and until when they are kept running. */
  asleep: Pick<Asleep, "service" | "why" | "action">[];
  woken: Woken[];
}

/** The whole deployment: plan (read-only), register, one-off task, roll, wait, explain, roll back. */
export async function deploy(inputs: DeployInputs, deps: DeployDeps): Promise<DeployResult> {
  const started = deps.clock.now();
  const deadline = started + inputs.timeoutMs;
  const timeline: TimelineEntry[] = [];
  const mark = (step: string, detail: string) => timeline.push({ at: deps.clock.now(), step, detail });
  const tracker =
    inputs.githubEnvironment !== undefined && deps.github !== undefined && !inputs.dryRun
      ? githubDeploymentTracker(deps.github, deps.context, deps.log, deps.clock)
      : undefined;

  const plan = await deps.log.group("Plan", async () => {
    const built = await buildPlan(inputs, deps, deadline);
    maskPlanValues(built, inputs.showValues, deps.mask);
    for (const line of describePlan(built, inputs.showValues)) deps.log.info(line);
    return built;
  });
  mark("planned", `${plan.services.length} service(s)`);
  // scheduled-tasks: which schedules and rules run a deployed family (read-only, like the plan).
  const families = new Set(plan.services.map((service) => service.rendered.definition.family ?? ""));
  const scheduled =
    inputs.scheduledTasks.length === 0
      ? []
      : await deps.log.group("Scheduled tasks", async () => {
          const found = await findScheduledTargets(inputs.scheduledTasks, families, deps);
          for (const target of found)
            deps.log.info(
              `${target.kind} ${target.name}: ${target.status === "planned" ? `${target.from} → the new revision` : `skipped (${target.note})`}`,
            );
          return found;
        });
  // Strategy, bake, alarms and CodeDeploy names: still read-only, before the first mutating call.
  const strategies = await deps.log.group("Deploy strategy", async () => {
    const planned = await planStrategies(
      plan.services.map((service) => service.service),
      inputs,
      deps,
    );
    planned.forEach((strategy, index) => {
      for (const line of strategy.lines) deps.log.info(`${plan.services[index]?.name}: ${line}`);
      for (const warning of strategy.warnings) deps.log.warning(warning);
    });
    return planned;
  });
  // Datadog: the gate's monitors must exist before anything changes; FireLens lines come from log search.
  const watched = await resolveGate(inputs.datadog, deps.datadog);
  const run = { ...deps, containerLogs: containerLogs(inputs.datadog.logSource, inputs.datadog.site, deps) };
  const datadog: DatadogReport = { events: [], bake: undefined };
  const woken: Woken[] = [];
  const results = plan.services.map((service, index) => {
    const result = initialResult(service, inputs, deps.region);
    const strategy = strategies[index];
    if (strategy !== undefined) {
      result.strategy = strategy.strategy;
      result.bakeMs = strategy.bakeMs;
      strategyPlans.set(result, strategy);
    }
    return result;
  });
  const finish = (
    status: DeployStatus,
    reason: string | undefined,
    runTask?: OneOffResult,
    deregistered: string[] = [],
  ) => ({
    status,
    reason,
    services: results,
    runTask,
    deregistered,
    timeline,
    durationMs: deps.clock.now() - started,
    cluster: inputs.cluster,
    datadog: deps.datadog === undefined ? undefined : datadog,
    scheduled,
    asleep: plan.asleep.map(({ service, why, action }) => ({ service, why, action })),
    woken,
  });

  if (inputs.dryRun) {
    for (const result of results) result.status = "dry-run";
    return finish("dry-run", undefined);
  }

  await tracker?.start(
    inputs.githubEnvironment ?? "",
    `Deploying ${inputs.services.join(", ")}`,
    results[0]?.consoleUrl ?? "",
  );

  await deps.log.group("Register task definitions", () => registerAll(plan, results, deps, mark));

  let runTask: OneOffResult | undefined;
  if (inputs.runTask !== undefined && plan.runTaskContainer !== undefined) {
    const first = plan.services[0];
    const firstResult = results[0];
    if (first === undefined || firstResult === undefined)
      throw new ActionError("no service to take the one-off task's settings from");
    runTask = await deps.log.group(`One-off task: ${inputs.runTask.join(" ")}`, () =>
      runOneOffTask(
        {
          cluster: inputs.cluster,
          taskDefinitionArn: firstResult.taskDefinitionArn,
          service: first.service,
          container: plan.runTaskContainer ?? "",
          command: inputs.runTask ?? [],
          containers: first.rendered.definition.containerDefinitions ?? [],
          deadline,
          pollIntervalMs: inputs.pollIntervalMs,
        },
        run,
      ),
    );
    mark(
      "one-off task",
      runTask.ok ? `exit ${runTask.exitCode} in ${humanDuration(runTask.durationMs)}` : (runTask.reason ?? "failed"),
    );
    if (!runTask.ok) {
      const reason = `one-off task failed, no service was updated: ${runTask.reason}`;
      for (const result of results) {
        result.status = "failed";
        result.reason = reason;
      }
      await tracker?.finish("failure", reason);
      return finish("failed", reason, runTask);
    }
  }

  // Asleep environments (if-stopped: start) are woken the way fargate-spot-toggle starts them, then deployed.
  const { sleep } = deps;
  if (plan.asleep.length > 0) {
    await deps.log.group("Wake", async () => {
      for (const asleep of plan.asleep) {
        const until = new Date(deps.clock.now() + inputs.keepRunningForMs);
        const done = await wake(
          asleep,
          { keepRunningUntil: until, desiredCount: inputs.desiredCount },
          { ecs: deps.ecs, sleep, log: deps.log },
        );
        if (done !== undefined) {
          woken.push(done);
          mark(
            "woken",
            `${done.service}: ${done.desiredCount} task(s), kept running until ${done.until.toISOString()}`,
          );
        }
      }
    });
  }

  await deps.log.group("Roll out", () =>
    Promise.all(
      plan.services.map((service, index) =>
        rollOut(service, results[index] as ServiceResult, inputs, run, deadline, mark),
      ),
    ),
  );

  // The services run the new revision: their scheduled tasks follow (and run it during the bake too).
  if (scheduled.length > 0 && overallStatus(results) === "succeeded") {
    const revisionOf = (family: string) =>
      results.find((result) => parseTaskDefinitionArn(result.taskDefinitionArn)?.family === family)?.taskDefinitionArn;
    await deps.log.group("Move scheduled tasks", () => moveScheduledTargets(scheduled, revisionOf, deps));
    const moved = scheduled.filter((target) => target.status === "moved").length;
    if (moved > 0) mark("scheduled tasks", `${moved} moved to the new revision`);
  }

  if (watched !== undefined && deps.datadog !== undefined && overallStatus(results) === "succeeded") {
    const gate = deps.datadog;
    const report = await deps.log.group("Bake", () =>
      bake(
        gate,
        inputs.datadog.monitors ?? { kind: "ids", ids: [] },
        watched,
        { bakeMs: inputs.datadog.bakeMs, pollIntervalMs: inputs.pollIntervalMs },
        deps,
      ),
    );
    datadog.bake = report;
    mark(
      "bake",
      report.ok
        ? `${watched.length} monitor(s) stayed out of Alert for ${humanDuration(report.durationMs)}`
        : (report.reason ?? "failed"),
    );
    // A monitor alerting is a failed rollout: the same rollback.
    if (!report.ok)
      await deps.log.group("Roll back", () =>
        Promise.all(
          plan.services.map(async (service, index) => {
            const result = results[index] as ServiceResult;
            if (!result.updated) return;
            result.status = "failed";
            result.reason = report.reason;
            if (inputs.rollback && result.previousTaskDefinitionArn !== result.taskDefinitionArn)
              await rollBack(service, result, inputs, deps, mark);
          }),
        ),
      );
  }

  if (scheduled.some((target) => target.status === "moved") && overallStatus(results) !== "succeeded") {
    await deps.log.group("Move scheduled tasks back", () => moveScheduledTargetsBack(scheduled, deps));
    mark("scheduled tasks", "moved back to the previous revision");
  }

  const status = overallStatus(results);
  const reason = results
    .filter((result) => result.reason !== undefined)
    .map((result) => `${result.service}: ${result.reason}`)
    .join("; ");
  let deregistered: string[] = [];
  if (status === "succeeded" && inputs.keepRevisions !== undefined) {
    deregistered = await deps.log.group("Prune old revisions", () =>
      pruneAll(results, inputs.cluster, inputs.keepRevisions ?? 0, deps),
    );
    if (deregistered.length > 0) mark("pruned", `${deregistered.length} old revision(s) deregistered`);
  }
  const events = deps.datadog;
  if (events !== undefined) {
    const window = { startedAt: started, finishedAt: deps.clock.now() };
    const deployed = results.flatMap((result, index) =>
      result.updated
        ? [
            {
              service: result.service,
              attributes: deploymentEventOf(
                {
                  name: result.service,
                  status: result.status,
                  containers: plan.services[index]?.rendered.definition.containerDefinitions ?? [],
                },
                inputs.datadog,
                deps.context,
                inputs.cluster,
                window,
              ),
            },
          ]
        : [],
    );
    if (deployed.length > 0)
      datadog.events = await deps.log.group("Datadog deployment events", () =>
        sendDeploymentEvents(events, deployed, deps.log),
      );
  }
  await tracker?.finish(
    status === "succeeded" ? "success" : "failure",
    status === "succeeded" ? `Deployed${strategySummary(results)}` : reason,
  );
  mark("done", status);
  return finish(status, reason || undefined, runTask, deregistered);
}

function initialResult(plan: ServicePlan, inputs: DeployInputs, region: string): ServiceResult {
  const current = plan.service.taskDefinition ?? "";
  return {
    service: plan.name,
    previousTaskDefinitionArn: current,
    taskDefinitionArn: plan.existing ?? current,
    registered: false,
    updated: false,
    deploymentId: undefined,
    status: "succeeded",
    reason: undefined,
    changes: plan.changes,
    diff: plan.diff,
    events: [],
    stoppedTasks: [],
    rollback: undefined,
    consoleUrl: consoleUrl(region, inputs.cluster, plan.name),
    strategy: "ROLLING",
    stages: [],
    bakeMs: 0,
    stageReached: undefined,
    serviceDeploymentArn: undefined,
  };
}

/** Each result's strategy plan (the CodeDeploy AppSpec builder stays out of the result). */
const strategyPlans = new WeakMap<ServiceResult, StrategyPlan>();
/** Results whose service deployment was still open when we stopped following it (timeout, alarms input). */
const openRecords = new WeakSet<ServiceResult>();
/** Logs that were told the service-deployment API is missing (said once per run). */
const toldFallback = new WeakSet<Logger>();

function fallbackNotice(log: Logger): () => void {
  return () => {
    if (toldFallback.has(log)) return;
    toldFallback.add(log);
    log.info(
      "ECS's service-deployment API (ListServiceDeployments/DescribeServiceDeployments) is not available here (an older partition, or the role lacks ecs:ListServiceDeployments and ecs:DescribeServiceDeployments); judging the deployment from DescribeServices deployments[] instead",
    );
  };
}

/** "BLUE_GREEN, bake 10m" for the GitHub deployment status. */
function strategySummary(results: readonly ServiceResult[]): string {
  const first = results[0];
  if (first === undefined) return "";
  const stage = first.stageReached === undefined ? "" : `, stopped waiting at ${first.stageReached}`;
  return ` (${first.strategy}${first.bakeMs > 0 ? `, bake ${humanDuration(first.bakeMs)}` : ""}${stage})`;
}

export function describePlan(plan: Plan, showValues = false): string[] {
  const lines: string[] = [];
  for (const service of plan.services) {
    const action = service.register
      ? "register a new revision and deploy"
      : service.update
        ? "update the service"
        : "nothing to do (already up to date)";
    lines.push(
      `${service.name}: ${service.service.taskDefinition} → ${service.existing && service.update ? `deploy ${service.existing} as it is` : action}`,
    );
    for (const change of service.diff) {
      const { from, to } = describeChange(change, showValues);
      if (change.field === "image") lines.push(`  ${change.scope}: ${from} → ${to}`);
      else lines.push(`  ${change.scope}: ${change.field}: ${from} → ${to}`);
    }
  }
  return lines;
}

/** Registers each distinct rendered definition once (web and worker may share one). */
async function registerAll(
  plan: Plan,
  results: ServiceResult[],
  deps: DeployDeps,
  mark: (step: string, detail: string) => void,
): Promise<void> {
  const registered = new Map<string, Promise<string>>();
  await Promise.all(
    plan.services.map(async (service, index) => {
      const result = results[index];
      if (!service.register || result === undefined) return;
      const key = JSON.stringify(service.rendered.definition);
      let pending = registered.get(key);
      if (pending === undefined) {
        pending = registerTaskDefinitionOnce(service.rendered.definition, deps).then((response) => {
          const arn = response.taskDefinition?.taskDefinitionArn;
          if (arn === undefined) throw new ActionError("RegisterTaskDefinition returned no ARN");
          deps.log.info(`Registered ${arn}`);
          mark("registered", arn);
          return arn;
        });
        registered.set(key, pending);
      }
      result.taskDefinitionArn = await pending;
      result.registered = true;
    }),
  );
}

/** What one UpdateService started, and how its deployment ended (no outcome when not waited for). */
interface Rollout {
  deploymentId: string | undefined;
  outcome: WaitOutcome | undefined;
}

/** Following ECS's service deployment record (rather than deployments[]) when the API is there. */
interface RecordFollow {
  result: ServiceResult;
  waitUntil: DeployInputs["strategy"]["waitUntil"];
  alarms: readonly string[];
  /** Says once per run that the API is missing and deployments[] is judged instead. */
  fallback: () => void;
}

interface Follow {
  wait: boolean;
  deadline: number;
  pollIntervalMs: number;
  /** Service events already reported (they are not reported again). */
  seen: Set<string>;
  onEvent: (message: string) => void;
  /** Called once UpdateService answered, before the first poll. */
  onStarted: (deploymentId: string | undefined) => void;
  record?: RecordFollow | undefined;
}

/**
 * The one way a service changes revision, for roll-out and roll-back alike: UpdateService, then
 * (when asked) follow the PRIMARY deployment it started until a verdict or the deadline.
 */
async function updateAndWait(
  update: UpdateServiceCommandInput & { cluster: string; service: string; taskDefinition: string },
  follow: Follow,
  deps: DeployDeps,
): Promise<Rollout> {
  const updatedAt = deps.clock.now();
  const response = await deps.ecs.updateService(update);
  if (response.service)
    for (const event of newEvents(response.service, follow.seen)) follow.onEvent(event.message ?? "");
  const deploymentId = response.service?.deployments?.find((deployment) => deployment.status === "PRIMARY")?.id;
  follow.onStarted(deploymentId);
  if (!follow.wait || deploymentId === undefined) return { deploymentId, outcome: undefined };
  const record = follow.record;
  if (record !== undefined) {
    const arn = await locateServiceDeployment(deps.ecs, update.cluster, response.service, updatedAt);
    if (arn !== undefined) {
      try {
        const outcome = await followServiceDeployment(
          {
            cluster: update.cluster,
            service: update.service,
            serviceDeploymentArn: arn,
            deadline: follow.deadline,
            pollIntervalMs: follow.pollIntervalMs,
            waitUntil: record.waitUntil,
            bakeMs: record.result.bakeMs,
            alarms: record.alarms,
          },
          deps,
          follow.seen,
          follow.onEvent,
          record.result.stages,
        );
        record.result.serviceDeploymentArn = arn;
        const status = outcome.record?.status ?? "";
        if (!["SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"].includes(status))
          openRecords.add(record.result);
        return { deploymentId, outcome };
      } catch (error) {
        if (!apiUnavailable(error)) throw error;
      }
    }
    record.fallback();
  }
  const outcome = await waitForDeployment(
    {
      cluster: update.cluster,
      service: update.service,
      deploymentId,
      taskDefinitionArn: update.taskDefinition,
      deadline: follow.deadline,
      pollIntervalMs: follow.pollIntervalMs,
    },
    deps,
    follow.seen,
    follow.onEvent,
  );
  return { deploymentId, outcome };
}

async function rollOut(
  plan: ServicePlan,
  result: ServiceResult,
  inputs: DeployInputs,
  deps: DeployDeps & { containerLogs: ContainerLogs },
  deadline: number,
  mark: (step: string, detail: string) => void,
): Promise<void> {
  if (!plan.update) {
    deps.log.info(`[${plan.name}] already runs ${result.taskDefinitionArn}; nothing to deploy`);
    return;
  }
  const strategy = strategyPlans.get(result);
  if (strategy?.codeDeploy !== undefined) {
    await codeDeployRollOut(
      plan,
      result,
      inputs,
      { ...codeDeployDeps(deps), runUrl: deps.context.runUrl },
      deadline,
      mark,
      strategy,
    );
    return;
  }
  const { deploymentId, outcome } = await updateAndWait(
    {
      cluster: inputs.cluster,
      service: plan.name,
      taskDefinition: result.taskDefinitionArn,
      ...(inputs.forceNewDeployment ? { forceNewDeployment: true } : {}),
      ...(inputs.desiredCount !== undefined ? { desiredCount: inputs.desiredCount } : {}),
    },
    {
      wait: inputs.wait,
      deadline,
      pollIntervalMs: inputs.pollIntervalMs,
      seen: new Set((plan.service.events ?? []).map((event) => event.id ?? "")),
      onEvent: (message) => result.events.push(message),
      onStarted: (id) => {
        result.updated = true;
        result.deploymentId = id;
        mark("service updated", `${plan.name}: deployment ${id ?? "?"}`);
        deps.log.info(`[${plan.name}] deployment ${id ?? "?"} started on ${result.taskDefinitionArn}`);
      },
      record: {
        result,
        waitUntil: inputs.strategy.waitUntil,
        alarms: inputs.strategy.alarms,
        fallback: fallbackNotice(deps.log),
      },
    },
    deps,
  );
  if (outcome === undefined || deploymentId === undefined) return;
  mark("rollout", `${plan.name}: ${outcome.outcome}`);
  if (outcome.outcome === "succeeded") {
    result.stageReached = outcome.stage;
    if (outcome.stage !== undefined)
      deps.log.info(`[${plan.name}] reached ${outcome.stage}; not waiting for the rest (wait-until)`);
    return;
  }

  result.reason = outcome.reason;
  const diagnosis = await diagnoseDeployment(
    deps,
    inputs.cluster,
    plan.name,
    deploymentId,
    plan.rendered.definition.containerDefinitions ?? [],
  );
  result.stoppedTasks = diagnosis.tasks;
  explainFailure(result, diagnosis.note, deps.log);

  if (outcome.outcome === "failed" && outcome.rolledBackByEcs) {
    result.status = "rolled-back";
    result.reason = /rolled back/.test(outcome.reason)
      ? outcome.reason
      : `${outcome.reason}; ECS is rolling back to ${result.previousTaskDefinitionArn}`;
    return;
  }
  result.status = outcome.outcome;
  if (!inputs.rollback || result.previousTaskDefinitionArn === result.taskDefinitionArn) return;
  await rollBack(plan, result, inputs, deps, mark);
}

/** Puts the service back on the revision it ran before and waits for it. */
async function rollBack(
  plan: ServicePlan,
  result: ServiceResult,
  inputs: DeployInputs,
  deps: DeployDeps,
  mark: (step: string, detail: string) => void,
): Promise<void> {
  if (result.serviceDeploymentArn !== undefined && openRecords.has(result)) {
    await stopAndRollBack(plan.name, result.serviceDeploymentArn, result, inputs, deps, mark);
    return;
  }
  deps.log.info(`[${plan.name}] rolling back to ${result.previousTaskDefinitionArn}`);
  const { deploymentId, outcome } = await updateAndWait(
    { cluster: inputs.cluster, service: plan.name, taskDefinition: result.previousTaskDefinitionArn },
    {
      wait: true,
      deadline: deps.clock.now() + inputs.timeoutMs,
      pollIntervalMs: inputs.pollIntervalMs,
      seen: new Set(),
      onEvent: () => {},
      onStarted: () => {},
    },
    deps,
  );
  if (deploymentId === undefined || outcome === undefined) {
    result.rollback = { deploymentId, outcome: "failed", reason: "UpdateService returned no deployment" };
    result.status = "failed";
    return;
  }
  result.rollback = {
    deploymentId,
    outcome: outcome.outcome,
    reason: outcome.outcome === "succeeded" ? undefined : outcome.reason,
  };
  mark("rollback", `${plan.name}: ${outcome.outcome}`);
  if (outcome.outcome === "succeeded") {
    result.status = "rolled-back";
    result.reason = `${result.reason} — rolled back to ${result.previousTaskDefinitionArn}`;
  } else {
    result.status = "failed";
    result.reason = `${result.reason}; the rollback did not finish either: ${outcome.reason}`;
    deps.log.error(`[${plan.name}] rollback to ${result.previousTaskDefinitionArn} did not finish: ${outcome.reason}`, {
      title: `${plan.name}: rollback incomplete`,
    });
  }
}

/**
 * Rollback of an ECS service deployment that has not finished: StopServiceDeployment ROLLBACK,
 * then follow the same record to ROLLBACK_SUCCESSFUL.
 */
async function stopAndRollBack(
  name: string,
  arn: string,
  result: ServiceResult,
  inputs: DeployInputs,
  deps: DeployDeps,
  mark: (step: string, detail: string) => void,
): Promise<void> {
  deps.log.info(`[${name}] rolling back: StopServiceDeployment ROLLBACK on ${arn}`);
  openRecords.delete(result);
  await deps.ecs.stopServiceDeployment({ serviceDeploymentArn: arn, stopType: "ROLLBACK" });
  const outcome = await followServiceDeployment(
    {
      cluster: inputs.cluster,
      service: name,
      serviceDeploymentArn: arn,
      deadline: deps.clock.now() + inputs.timeoutMs,
      pollIntervalMs: inputs.pollIntervalMs,
      waitUntil: "stable",
      bakeMs: 0,
      alarms: [],
      rollingBack: true,
    },
    deps,
    new Set(),
    () => {},
    result.stages,
  );
  const back = outcome.outcome === "failed" && outcome.rolledBackByEcs;
  result.rollback = {
    deploymentId: arn,
    outcome: back ? "succeeded" : outcome.outcome,
    reason: back
      ? undefined
      : outcome.outcome === "succeeded"
        ? "the deployment finished before the rollback"
        : outcome.reason,
  };
  mark("rollback", `${name}: ${back ? "succeeded" : outcome.outcome}`);
  if (back) {
    result.status = "rolled-back";
    result.reason = `${result.reason} — rolled back to ${result.previousTaskDefinitionArn} (StopServiceDeployment)`;
    return;
  }
  result.status = "failed";
  result.reason = `${result.reason}; the rollback did not finish either: ${result.rollback.reason}`;
  deps.log.error(`[${name}] rollback of ${arn} did not finish: ${result.rollback.reason}`, {
    title: `${name}: rollback incomplete`,
  });
}

function explainFailure(result: ServiceResult, note: string | undefined, log: Logger): void {
  const lines = [
    `Deployment of ${result.service} ${result.status === "timed-out" ? "timed out" : "failed"}: ${result.reason}`,
  ];
  for (const task of result.stoppedTasks) {
    lines.push(describeStoppedTask(task));
    if (task.logs)
      lines.push(`last log lines of ${task.logs.container}:`, ...task.logs.lines.map((line) => `  | ${line}`));
  }
  if (note) lines.push(note);
  lines.push(`Console: ${result.consoleUrl}`);
  log.error(lines.join("\n"), {
    title: `${result.service}: deployment ${result.status === "timed-out" ? "timed out" : "failed"}`,
  });
}

/** The worst outcome wins: a failure not undone, then a timeout left in place, then a rollback. */
export function overallStatus(results: readonly ServiceResult[]): DeployStatus {
  const order: DeployStatus[] = ["failed", "timed-out", "rolled-back", "dry-run", "succeeded"];
  return order.find((status) => results.some((result) => result.status === status)) ?? "succeeded";
}

async function pruneAll(results: ServiceResult[], cluster: string, keep: number, deps: DeployDeps): Promise<string[]> {
  const families = new Set(
    results
      .filter((result) => result.registered)
      .map((result) => parseTaskDefinitionArn(result.taskDefinitionArn)?.family)
      .filter((family): family is string => family !== undefined),
  );
  const deregistered: string[] = [];
  for (const family of families) deregistered.push(...(await pruneRevisions(deps, cluster, family, keep)));
  return deregistered;
}
