import type { UpdateServiceCommandInput } from "@aws-sdk/client-ecs";
import { ActionError, type Clock, humanDuration, type Logger, type RunContext } from "@sre-actions/core";
import { describeStoppedTask, diagnoseDeployment, type StoppedTaskReport } from "./diagnose.js";
import { consoleUrl } from "./ecs.js";
import { type GitHubDeploymentsPort, githubDeploymentTracker } from "./github-deployment.js";
import type { DeployInputs } from "./inputs.js";
import { buildPlan, type Plan, type ServicePlan } from "./plan.js";
import type { EcsPort, LogsPort } from "./ports.js";
import type { ContainerChange } from "./render.js";
import { parseTaskDefinitionArn, pruneRevisions } from "./revisions.js";
import { type OneOffResult, runOneOffTask } from "./runtask.js";
import { newEvents, type WaitOutcome, waitForDeployment } from "./wait.js";

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
  events: string[];
  stoppedTasks: StoppedTaskReport[];
  rollback:
    | { deploymentId: string | undefined; outcome: WaitOutcome["outcome"]; reason: string | undefined }
    | undefined;
  consoleUrl: string;
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
}

/** The whole deployment: plan (read-only), register, one-off task, roll, wait, explain, roll back. */
export async function deploy(inputs: DeployInputs, deps: DeployDeps): Promise<DeployResult> {
  const started = deps.clock.now();
  const deadline = started + inputs.timeoutMs;
  const timeline: TimelineEntry[] = [];
  const mark = (step: string, detail: string) => timeline.push({ at: deps.clock.now(), step, detail });
  const tracker =
    inputs.githubEnvironment !== undefined && deps.github !== undefined && !inputs.dryRun
      ? githubDeploymentTracker(deps.github, deps.context, deps.log)
      : undefined;

  const plan = await deps.log.group("Plan", async () => {
    const built = await buildPlan(inputs, deps, deadline);
    for (const line of describePlan(built)) deps.log.info(line);
    return built;
  });
  mark("planned", `${plan.services.length} service(s)`);
  const results = plan.services.map((service) => initialResult(service, inputs, deps.region));
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
        deps,
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

  await deps.log.group("Roll out", () =>
    Promise.all(
      plan.services.map((service, index) =>
        rollOut(service, results[index] as ServiceResult, inputs, deps, deadline, mark),
      ),
    ),
  );

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
  await tracker?.finish(status === "succeeded" ? "success" : "failure", status === "succeeded" ? "Deployed" : reason);
  mark("done", status);
  return finish(status, reason || undefined, runTask, deregistered);
}

function initialResult(plan: ServicePlan, inputs: DeployInputs, region: string): ServiceResult {
  const current = plan.service.taskDefinition ?? "";
  return {
    service: plan.name,
    previousTaskDefinitionArn: current,
    taskDefinitionArn: current,
    registered: false,
    updated: false,
    deploymentId: undefined,
    status: "succeeded",
    reason: undefined,
    changes: plan.changes,
    events: [],
    stoppedTasks: [],
    rollback: undefined,
    consoleUrl: consoleUrl(region, inputs.cluster, plan.name),
  };
}

export function describePlan(plan: Plan): string[] {
  const lines: string[] = [];
  for (const service of plan.services) {
    const action = service.register
      ? "register a new revision and deploy"
      : service.update
        ? "update the service"
        : "nothing to do (already up to date)";
    lines.push(`${service.name}: ${service.service.taskDefinition} → ${action}`);
    for (const change of service.changes) {
      if (change.toImage) lines.push(`  ${change.container}: ${change.fromImage} → ${change.toImage}`);
      for (const env of change.env)
        lines.push(`  ${change.container}: env ${env.name} ${env.from === undefined ? "added" : "changed"}`);
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
        pending = deps.ecs.registerTaskDefinition(service.rendered.definition).then((response) => {
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

interface Follow {
  wait: boolean;
  deadline: number;
  pollIntervalMs: number;
  /** Service events already reported (they are not reported again). */
  seen: Set<string>;
  onEvent: (message: string) => void;
  /** Called once UpdateService answered, before the first poll. */
  onStarted: (deploymentId: string | undefined) => void;
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
  const response = await deps.ecs.updateService(update);
  if (response.service)
    for (const event of newEvents(response.service, follow.seen)) follow.onEvent(event.message ?? "");
  const deploymentId = response.service?.deployments?.find((deployment) => deployment.status === "PRIMARY")?.id;
  follow.onStarted(deploymentId);
  if (!follow.wait || deploymentId === undefined) return { deploymentId, outcome: undefined };
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
  deps: DeployDeps,
  deadline: number,
  mark: (step: string, detail: string) => void,
): Promise<void> {
  if (!plan.update) {
    deps.log.info(`[${plan.name}] already runs ${result.taskDefinitionArn}; nothing to deploy`);
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
    },
    deps,
  );
  if (outcome === undefined || deploymentId === undefined) return;
  mark("rollout", `${plan.name}: ${outcome.outcome}`);
  if (outcome.outcome === "succeeded") return;

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
