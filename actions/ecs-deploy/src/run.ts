import { ActionError, explainError, humanDuration } from "@sre-actions/core";
import { afterRollout } from "./after/after.js";
import type { EcsDeployInputs } from "./inputs.js";
import type {
  DeployStatus,
  EcsDeployDeps,
  EcsDeployResult,
  Plan,
  ReasonCode,
  ServicePlan,
  ServiceResult,
  TimelineEntry,
  Verdict,
} from "./model.js";
import type { containerLogs } from "./observe/datadog-logs.js";
import { diagnoseDeployment, explainFailure } from "./observe/diagnose.js";
import { consoleUrl, revisionOf } from "./observe/ecs.js";
import type { StrategyPlan } from "./plan/strategy-plan.js";
import { type DeploymentTracker, githubDeploymentTracker } from "./report/github-deployment.js";
import { type ReleaseNotes, releaseNotesOrWarning } from "./report/release-notes.js";
import { chooseRollout } from "./rollout/choose.js";
import { type Rollout, type RolloutContext, rollbackDeadline } from "./rollout/rollout.js";
import { overallReasonCode, overallStatus, settle, wantsRollback } from "./rollout/verdict.js";

/**
 * The parts both pipelines share — a deploy (deploy.ts) and a continue/rollback of a paused
 * deployment (resume.ts): the per-service record, the run's timeline, how a verdict concludes a
 * service, and how the run's result is built.
 */

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

export function runLog(deps: EcsDeployDeps, timeoutMs: number): RunLog {
  const started = deps.clock.now();
  const timeline: TimelineEntry[] = [];
  return {
    started,
    deadline: started + timeoutMs,
    timeline,
    mark: (step, detail) => timeline.push({ at: deps.clock.now(), step, detail }),
  };
}

export function serviceRun(
  plan: ServicePlan,
  strategy: StrategyPlan | undefined,
  inputs: EcsDeployInputs,
  deps: EcsDeployDeps,
): ServiceRun {
  if (strategy === undefined) throw new ActionError(`no deploy strategy was planned for ${plan.name}`);
  // What the service ran before: the described revision (a deploy), or the source of a paused deployment (resume).
  const previous = plan.current.taskDefinitionArn ?? plan.service.taskDefinition ?? "";
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

export type RolloutDeps = EcsDeployDeps & { containerLogs: ReturnType<typeof containerLogs> };

/**
 * One service: launch (start the new revision, or act on its paused deployment), follow it to a
 * verdict, and conclude.
 */
export async function rollOut(
  service: ServiceRun,
  launch: (service: ServiceRun) => Promise<void>,
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
    deps.journal?.inFlight(
      `deploy:${plan.name}`,
      `${plan.name}: deployment of ${revisionOf(result.taskDefinitionArn)} starting`,
    );
    await launch(service);
    result.updated = true;
    deps.journal?.inFlight(
      `deploy:${plan.name}`,
      `${plan.name}: deployment ${rollout.deploymentId ?? "?"} of ${revisionOf(result.taskDefinitionArn)} in progress (ECS goes on without the run)`,
    );
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
export async function conclude(
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
    deps.journal?.settled(
      `deploy:${plan.name}`,
      `${plan.name}: ${result.status} on ${revisionOf(result.taskDefinitionArn)}`,
    );
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
  if (verdict.reasonCode !== "cancelled")
    deps.journal?.settled(
      `deploy:${plan.name}`,
      `${plan.name}: ${result.status} (${revisionOf(result.taskDefinitionArn)})`,
    );
  explainFailure(result, diagnosis.note, deps.log);
}

/** "BLUE_GREEN, bake 10m" for the GitHub deployment status. */
export function strategySummary(services: readonly ServiceRun[]): string {
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

export function reasonOf(services: readonly ServiceRun[]): string {
  return services
    .filter(({ result }) => result.reason !== undefined)
    .map(({ result }) => `${result.service}: ${result.reason}`)
    .join("; ");
}

/** Builds the run's result from what the steps recorded. */
export function finisher(
  run: RunLog,
  plan: Pick<Plan, "scheduled" | "asleep" | "promoted" | "images">,
  services: readonly ServiceRun[],
  cluster: string,
  deps: EcsDeployDeps,
  tracker: DeploymentTracker | undefined,
) {
  return (end: {
    status: DeployStatus;
    reason?: string;
    reasonCode?: ReasonCode;
    runTask?: EcsDeployResult["runTask"];
    woken?: EcsDeployResult["woken"];
    deregistered?: string[];
    datadog?: EcsDeployResult["datadog"];
    releaseNotes?: EcsDeployResult["releaseNotes"];
  }): EcsDeployResult => {
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
      promoted: plan.promoted,
      releaseNotes: end.releaseNotes,
      images: Object.fromEntries(plan.images),
      githubDeploymentId: tracker?.id,
    };
  };
}

/** The GitHub deployment of this run, when github-environment is set. */
export function trackerOf(
  inputs: Pick<EcsDeployInputs, "githubEnvironment">,
  deps: EcsDeployDeps,
): DeploymentTracker | undefined {
  return inputs.githubEnvironment !== undefined && deps.github !== undefined
    ? githubDeploymentTracker(deps.github, deps.context, deps.log, deps.clock)
    : undefined;
}

/**
 * After the roll-out, in both pipelines. Paused at a hook: nothing is final yet, so the GitHub
 * deployment stays in progress and the after-steps wait for `mode: continue`. Otherwise the
 * after-steps (scheduled tasks, bake, prune, events) and the final GitHub status.
 */
export async function land(
  services: readonly ServiceRun[],
  plan: Pick<Plan, "scheduled" | "gate">,
  inputs: Pick<EcsDeployInputs, "cluster" | "keepRevisions" | "pollIntervalMs" | "datadog" | "rollback">,
  deps: RolloutDeps,
  run: RunLog,
  tracker: DeploymentTracker | undefined,
): Promise<{ status: DeployStatus; deregistered: string[]; datadog: EcsDeployResult["datadog"] }> {
  if (overallStatus(services.map(({ result }) => result)) === "paused") {
    const paused = services.flatMap(({ result }) => (result.paused === undefined ? [] : [result.paused.stage]));
    await tracker?.progress(`Paused at ${[...new Set(paused)].join(", ")}; waiting for mode: continue`);
    run.mark("paused", [...new Set(paused)].join(", "));
    return { status: "paused", deregistered: [], datadog: undefined };
  }
  const after = await afterRollout(
    services,
    plan,
    {
      cluster: inputs.cluster,
      keepRevisions: inputs.keepRevisions,
      pollIntervalMs: inputs.pollIntervalMs,
      datadog: inputs.datadog,
    },
    deps,
    run,
    (service, verdict) => conclude(service, verdict, inputs.rollback, deps, run),
  );
  const status = overallStatus(services.map(({ result }) => result));
  await tracker?.finish(
    status === "succeeded" ? "success" : "failure",
    status === "succeeded" ? `Deployed${strategySummary(services)}` : reasonOf(services),
  );
  run.mark("done", status);
  return { status, ...after };
}

/**
 * The pull requests this deployment ships, read before this run's GitHub deployment exists (so it
 * is never its own base); a GitHub failure is a warning, never a failed deploy.
 */
export async function readReleaseNotes(
  inputs: Pick<EcsDeployInputs, "githubEnvironment">,
  deps: EcsDeployDeps,
  currentDeploymentId?: number,
): Promise<ReleaseNotes | undefined> {
  if (deps.releaseNotes === undefined || inputs.githubEnvironment === undefined) return undefined;
  const port = deps.releaseNotes;
  const environment = inputs.githubEnvironment;
  return deps.log.group("Release notes", async () => {
    const notes = await releaseNotesOrWarning(
      port,
      { environment, sha: deps.context.sha, ...(currentDeploymentId === undefined ? {} : { currentDeploymentId }) },
      deps,
    );
    if (notes !== undefined) deps.log.info(notes.summary);
    return notes;
  });
}

/** What the GitHub deployment carries: the release notes (capped: payloads are not meant for books). */
export function deploymentDetails(
  notes: ReleaseNotes | undefined,
  images: ReadonlyMap<string, { tags: string[]; digest: string | undefined }> = new Map(),
): Record<string, unknown> | undefined {
  const shipped = [...images].map(([image, facts]) => ({ image, tags: facts.tags, digest: facts.digest }));
  if (notes === undefined && shipped.length === 0) return undefined;
  return {
    ...(shipped.length > 0 ? { images: shipped } : {}),
    ...(notes === undefined
      ? {}
      : { releaseNotes: notes.markdown.slice(0, 30_000), pulls: notes.pulls.map((pull) => pull.number) }),
  };
}

/**
 * The start both pipelines share: one record per service, the release notes (read before this
 * run's GitHub deployment exists), the tracker, and a finisher that carries the notes; a dry run
 * ends here.
 */
export async function beginRun(
  plan: Pick<Plan, "services" | "strategies" | "scheduled" | "asleep" | "promoted" | "images">,
  inputs: EcsDeployInputs,
  deps: EcsDeployDeps,
  run: RunLog,
  currentDeploymentId?: number,
) {
  const services = plan.services.map((service, index) => serviceRun(service, plan.strategies[index], inputs, deps));
  const releaseNotes = await readReleaseNotes(inputs, deps, currentDeploymentId);
  const tracker = trackerOf(inputs, deps);
  const finishRun = finisher(run, plan, services, inputs.cluster, deps, tracker);
  const finish: typeof finishRun = (end) => finishRun({ releaseNotes, ...end });
  if (inputs.dryRun) for (const { result } of services) result.status = "dry-run";
  return { services, releaseNotes, tracker, finish, dryRun: inputs.dryRun ? finish({ status: "dry-run" }) : undefined };
}

/** Every service in parallel in one log group: launch, follow, conclude. */
export async function rollOutAll(
  group: string,
  services: readonly ServiceRun[],
  launch: (service: ServiceRun) => Promise<void>,
  inputs: Pick<EcsDeployInputs, "wait" | "rollback">,
  deps: RolloutDeps,
  run: RunLog,
): Promise<void> {
  const request = { wait: inputs.wait, rollback: inputs.rollback };
  await deps.log.group(group, async () => {
    await Promise.all(services.map((service) => rollOut(service, launch, request, deps, run)));
  });
}
