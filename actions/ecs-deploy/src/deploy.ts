import { ActionError, explainError, humanDuration } from "@sre-actions/core";
import { type AfterRequest, afterRollout } from "./after/after.js";
import { registerAll } from "./before/register.js";
import { type OneOffRequest, runOneOff } from "./before/run-task.js";
import { wakeAll } from "./before/wake.js";
import type { DeployInputs } from "./inputs.js";
import type {
  DeployDeps,
  DeployResult,
  DeployStatus,
  Plan,
  ReasonCode,
  ServicePlan,
  ServiceResult,
  TimelineEntry,
  Verdict,
} from "./model.js";
import { containerLogs } from "./observe/datadog-logs.js";
import { diagnoseDeployment, explainFailure } from "./observe/diagnose.js";
import { consoleUrl, revisionOf } from "./observe/ecs.js";
import { planDeploy } from "./plan/plan.js";
import type { StrategyPlan } from "./plan/strategy-plan.js";
import { githubDeploymentTracker } from "./report/github-deployment.js";
import { chooseRollout } from "./rollout/choose.js";
import { type Rollout, type RolloutContext, rollbackDeadline } from "./rollout/rollout.js";
import { overallReasonCode, overallStatus, settle, wantsRollback } from "./rollout/verdict.js";

/** One service through the run: what the plan decided, how it rolls out, and what it reports. */
export interface ServiceRun {
  plan: ServicePlan;
  strategy: StrategyPlan;
  rollout: Rollout;
  context: RolloutContext;
  result: ServiceResult;
}

/** The run's clock and timeline: every step marks what it did. */
export interface RunLog {
  started: number;
  deadline: number;
  timeline: TimelineEntry[];
  mark(step: string, detail: string): void;
}

/**
 * The whole deployment, as the pipeline it is: plan (read-only) → register → one-off task → wake
 * → roll out → after (scheduled tasks, bake, prune, events) → finish. Each step gets only what it
 * needs from the inputs; each service's roll-out was chosen once, in the plan.
 */
export async function deploy(inputs: DeployInputs, deps: DeployDeps): Promise<DeployResult> {
  const run = runLog(deps, inputs.timeoutMs);
  const plan = await planDeploy(inputs, deps, run.deadline);
  run.mark("planned", `${plan.services.length} service(s)`);
  const services = plan.services.map((service, index) => serviceRun(service, plan.strategies[index], inputs, deps));
  const finish = finisher(run, plan, services, inputs.cluster, deps);
  if (inputs.dryRun) {
    for (const { result } of services) result.status = "dry-run";
    return finish({ status: "dry-run" });
  }

  const tracker =
    inputs.githubEnvironment !== undefined && deps.github !== undefined
      ? githubDeploymentTracker(deps.github, deps.context, deps.log, deps.clock)
      : undefined;
  await tracker?.start(
    inputs.githubEnvironment ?? "",
    `Deploying ${inputs.services.join(", ")}`,
    services[0]?.result.consoleUrl ?? "",
  );

  await deps.log.group("Register task definitions", () => registerAll(services, deps, run.mark));

  const logs = containerLogs(inputs.datadog.logSource, inputs.datadog.site, deps);
  const runTask = await runOneOff(oneOffRequest(inputs, plan, services), { ...deps, containerLogs: logs }, run);
  if (runTask !== undefined && !runTask.ok) {
    const reason = `one-off task failed, no service was updated: ${runTask.reason}`;
    for (const { result } of services) Object.assign(result, { status: "failed", reason, reasonCode: "run-task-exit" });
    await tracker?.finish("failure", reason);
    return finish({ status: "failed", reason, reasonCode: "run-task-exit", runTask });
  }

  const woken = await wakeAll(
    plan.asleep,
    { keepRunningForMs: inputs.keepRunningForMs, desiredCount: inputs.desiredCount },
    deps,
    run.mark,
  );

  await deps.log.group("Roll out", () =>
    Promise.all(
      services.map((service) =>
        rollOut(service, { wait: inputs.wait, rollback: inputs.rollback }, { ...deps, containerLogs: logs }, run),
      ),
    ),
  );

  const after = await afterRollout(services, plan, afterRequest(inputs), deps, run, (service, verdict) =>
    conclude(service, verdict, inputs.rollback, { ...deps, containerLogs: logs }, run),
  );

  const status = overallStatus(services.map(({ result }) => result));
  await tracker?.finish(
    status === "succeeded" || status === "paused" ? "success" : "failure",
    status === "succeeded" || status === "paused" ? `Deployed${strategySummary(services)}` : reasonOf(services),
  );
  run.mark("done", status);
  return finish({ status, runTask, woken, ...after });
}

function runLog(deps: DeployDeps, timeoutMs: number): RunLog {
  const started = deps.clock.now();
  const timeline: TimelineEntry[] = [];
  return {
    started,
    deadline: started + timeoutMs,
    timeline,
    mark: (step, detail) => timeline.push({ at: deps.clock.now(), step, detail }),
  };
}

function serviceRun(
  plan: ServicePlan,
  strategy: StrategyPlan | undefined,
  inputs: DeployInputs,
  deps: DeployDeps,
): ServiceRun {
  if (strategy === undefined) throw new ActionError(`no deploy strategy was planned for ${plan.name}`);
  const previous = plan.service.taskDefinition ?? "";
  const result: ServiceResult = {
    service: plan.name,
    previousTaskDefinitionArn: previous,
    taskDefinitionArn: plan.existing ?? previous,
    registered: false,
    updated: false,
    deploymentId: undefined,
    status: "succeeded",
    reason: undefined,
    reasonCode: undefined,
    changes: plan.changes,
    diff: plan.diff,
    events: [],
    stoppedTasks: [],
    rollback: undefined,
    consoleUrl: consoleUrl(deps.region, inputs.cluster, plan.name),
    strategy: strategy.strategy,
    stages: [],
    bakeMs: strategy.bakeMs,
    stageReached: undefined,
    serviceDeploymentArn: undefined,
    paused: undefined,
  };
  const context: RolloutContext = {
    cluster: inputs.cluster,
    service: plan.service,
    name: plan.name,
    previousTaskDefinitionArn: previous,
    strategy,
    waitUntil: inputs.strategy.waitUntil,
    alarms: inputs.strategy.alarms,
    pollIntervalMs: inputs.pollIntervalMs,
    rollbackBudgetMs: inputs.timeoutMs,
    update: { desiredCount: inputs.desiredCount, forceNewDeployment: inputs.forceNewDeployment },
    trace: {
      events: result.events,
      stages: result.stages,
      seen: new Set((plan.service.events ?? []).map((event) => event.id ?? "")),
    },
    deps: { ...deps, runUrl: deps.context.runUrl },
  };
  return { plan, strategy, rollout: chooseRollout(context), context, result };
}

function oneOffRequest(inputs: DeployInputs, plan: Plan, services: readonly ServiceRun[]): OneOffRequest | undefined {
  const first = services[0];
  if (inputs.runTask === undefined || plan.runTaskContainer === undefined || first === undefined) return undefined;
  return {
    cluster: inputs.cluster,
    taskDefinitionArn: first.result.taskDefinitionArn,
    service: first.plan.service,
    container: plan.runTaskContainer,
    command: inputs.runTask,
    containers: first.plan.rendered.definition.containerDefinitions ?? [],
    pollIntervalMs: inputs.pollIntervalMs,
  };
}

function afterRequest(inputs: DeployInputs): AfterRequest {
  return {
    cluster: inputs.cluster,
    keepRevisions: inputs.keepRevisions,
    pollIntervalMs: inputs.pollIntervalMs,
    datadog: inputs.datadog,
  };
}

type RolloutDeps = DeployDeps & { containerLogs: ReturnType<typeof containerLogs> };

/** One service: start the new revision, follow it to a verdict, and conclude. */
async function rollOut(
  service: ServiceRun,
  request: { wait: boolean; rollback: boolean },
  deps: RolloutDeps,
  run: RunLog,
): Promise<void> {
  const { plan, rollout, result } = service;
  if (!plan.update) {
    deps.log.info(`[${plan.name}] already runs ${revisionOf(result.taskDefinitionArn)}; nothing to deploy`);
    return;
  }
  let verdict: Verdict;
  try {
    await rollout.start(result.taskDefinitionArn);
    result.updated = true;
    result.deploymentId = rollout.deploymentId;
    result.serviceDeploymentArn = rollout.serviceDeploymentArn;
    run.mark("service updated", `${plan.name}: deployment ${rollout.deploymentId ?? "?"}`);
    deps.log.info(
      `[${plan.name}] deployment ${rollout.deploymentId ?? "?"} started on ${revisionOf(result.taskDefinitionArn)}`,
    );
    if (!request.wait) return;
    verdict = await rollout.follow(run.deadline);
  } catch (error) {
    verdict = errorVerdict(error, result.updated);
  }
  run.mark("rollout", `${plan.name}: ${verdict.outcome}`);
  await conclude(service, verdict, request.rollback, deps, run);
}

/** An error, worded as what to do; after the update the deployment's state is unknown, so nothing is undone on a guess. */
function errorVerdict(error: unknown, updated: boolean): Verdict {
  const explained = explainError(error);
  const message = explained?.message ?? (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  const hint = explained?.hint === undefined ? "" : ` (${explained.hint})`;
  return {
    outcome: "failed",
    reason: updated
      ? `lost track of the deployment: ${message}${hint}; it may still be running, check the ECS console`
      : `${message}${hint}`,
    reasonCode: "error",
    details: {},
  };
}

/**
 * The one place a verdict becomes a service's result: the stage reached or the pause, else the
 * diagnosis (every roll-out kind), the roll-back when asked for, and the reducer's status and reason.
 */
async function conclude(
  service: ServiceRun,
  verdict: Verdict,
  rollback: boolean,
  deps: RolloutDeps,
  run: RunLog,
): Promise<void> {
  const { plan, rollout, result, context } = service;
  result.serviceDeploymentArn = rollout.serviceDeploymentArn ?? result.serviceDeploymentArn;
  if (verdict.outcome === "succeeded" || verdict.outcome === "paused") {
    result.stageReached = verdict.stage;
    result.paused = verdict.details.pause;
    Object.assign(result, settle(verdict, undefined, result.previousTaskDefinitionArn));
    if (verdict.stage !== undefined && verdict.outcome === "succeeded")
      deps.log.info(`[${plan.name}] reached ${verdict.stage}; not waiting for the rest (wait-until)`);
    return;
  }
  const diagnosis =
    rollout.taskStartedBy === undefined
      ? { tasks: [], note: undefined }
      : await diagnoseDeployment(
          deps,
          context.cluster,
          plan.name,
          rollout.taskStartedBy,
          plan.rendered.definition.containerDefinitions ?? [],
        );
  result.stoppedTasks = diagnosis.tasks;
  let back: Verdict | undefined;
  if (
    rollback &&
    result.updated &&
    wantsRollback(verdict) &&
    result.previousTaskDefinitionArn !== result.taskDefinitionArn &&
    !deps.signal?.aborted
  ) {
    try {
      const rolled = await rollout.rollBack(rollbackDeadline(context, deps.clock.now()));
      result.rollback = { deploymentId: rolled.deploymentId, outcome: rolled.outcome, reason: rolled.reason };
      back = rolled;
    } catch (error) {
      back = errorVerdict(error, true);
      result.rollback = { deploymentId: undefined, outcome: "failed", reason: back.reason };
    }
    run.mark("rollback", `${plan.name}: ${back.outcome}`);
  }
  Object.assign(result, settle(verdict, back, result.previousTaskDefinitionArn));
  explainFailure(result, diagnosis.note, deps.log);
}

/** "BLUE_GREEN, bake 10m" for the GitHub deployment status. */
function strategySummary(services: readonly ServiceRun[]): string {
  const first = services[0]?.result;
  if (first === undefined) return "";
  const stage =
    first.paused !== undefined
      ? `, paused at ${first.paused.stage}`
      : first.stageReached === undefined
        ? ""
        : `, stopped waiting at ${first.stageReached}`;
  return ` (${first.strategy}${first.bakeMs > 0 ? `, bake ${humanDuration(first.bakeMs)}` : ""}${stage})`;
}

function reasonOf(services: readonly ServiceRun[]): string {
  return services
    .filter(({ result }) => result.reason !== undefined)
    .map(({ result }) => `${result.service}: ${result.reason}`)
    .join("; ");
}

/** Builds the run's result from what the steps recorded. */
function finisher(run: RunLog, plan: Plan, services: readonly ServiceRun[], cluster: string, deps: DeployDeps) {
  return (end: {
    status: DeployStatus;
    reason?: string;
    reasonCode?: ReasonCode;
    runTask?: DeployResult["runTask"];
    woken?: DeployResult["woken"];
    deregistered?: string[];
    datadog?: DeployResult["datadog"];
  }): DeployResult => {
    const results = services.map(({ result }) => result);
    return {
      status: end.status,
      reason: end.reason ?? (reasonOf(services) || undefined),
      reasonCode: end.reasonCode ?? overallReasonCode(results),
      services: results,
      runTask: end.runTask,
      deregistered: end.deregistered ?? [],
      timeline: run.timeline,
      durationMs: deps.clock.now() - run.started,
      cluster,
      datadog: end.datadog ?? (deps.datadog === undefined ? undefined : { events: [], bake: undefined }),
      scheduled: plan.scheduled,
      asleep: plan.asleep.map(({ service, why, action }) => ({ service, why, action })),
      woken: end.woken ?? [],
    };
  };
}
