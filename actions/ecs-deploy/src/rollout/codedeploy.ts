import type { CreateDeploymentCommandInput, DeploymentInfo, ECSTarget } from "@aws-sdk/client-codedeploy";
import { ActionError, type Clock, humanDuration, type Logger } from "@sre-actions/core";
import { firingAlarms } from "../observe/alarms.js";
import type { CodeDeployTarget } from "../plan/strategy-plan.js";
import type { CloudWatchPort, CodeDeployPort } from "../ports.js";
import type { WaitOutcome } from "./deployments.js";
import { FAST_POLL_MS, nextPollMs } from "./poll.js";
import type { StageTime } from "./service-deployment.js";

/**
 * CodeDeploy blue/green for CODE_DEPLOY services: CreateDeployment with AppSpec content (never
 * doubled: a lost answer is read back with ListDeployments/GetDeployment before any retry), then
 * GetDeployment + GetDeploymentTarget per poll until CodeDeploy decides, StopDeployment with
 * rollback on failure or timeout.
 */

export interface CodeDeployDeps {
  codeDeploy: CodeDeployPort;
  cloudWatch?: CloudWatchPort | undefined;
  clock: Clock;
  log: Logger;
}

export interface CodeDeployRun {
  cluster: string;
  service: string;
  taskDefinitionArn: string;
  /** Names this run's deployment: how a lost CreateDeployment answer is found again. */
  description: string;
  deadline: number;
  pollIntervalMs: number;
  bakeMs: number;
  alarms: readonly string[];
}

const ACTIVE = new Set(["Created", "Queued", "InProgress", "Ready", "Baking"]);

/** A failure worth a read-back and a retry: the request may or may not have been applied. */
function uncertain(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === undefined) return true; // no answer at all (reset, timeout)
  return status >= 500 || error.name === "ThrottlingException";
}

/** CreateDeployment's refusals, each as what to do. */
function refusal(error: unknown, target: CodeDeployTarget): ActionError | undefined {
  if (!(error instanceof Error)) return undefined;
  switch (error.name) {
    case "DeploymentLimitExceededException":
      return new ActionError(`CodeDeploy refused a new deployment: ${error.message}`, {
        hint: `Wait for the active deployment of ${target.group} to finish, or stop it in the CodeDeploy console.`,
      });
    case "InvalidRevisionException":
    case "RevisionRequiredException":
      return new ActionError(`CodeDeploy rejected the AppSpec: ${error.message}`, {
        hint: "Check codedeploy-appspec (or the service's load balancer container name and port).",
      });
    case "DeploymentGroupDoesNotExistException":
    case "ApplicationDoesNotExistException":
      return new ActionError(`CodeDeploy: ${error.message}`, {
        hint: "Set codedeploy-application and codedeploy-deployment-group to the names that deploy this service.",
      });
    default:
      return undefined;
  }
}

/** Our deployment, if CreateDeployment took effect although its answer was lost. */
async function readBack(port: CodeDeployPort, request: CreateDeploymentCommandInput, since: number) {
  const listed = await port.listDeployments({
    applicationName: request.applicationName,
    deploymentGroupName: request.deploymentGroupName,
    createTimeRange: { start: new Date(since - 60_000) },
  });
  for (const id of listed.deployments ?? []) {
    const { deploymentInfo } = await port.getDeployment({ deploymentId: id });
    if (deploymentInfo?.description === request.description) return id;
  }
  return undefined;
}

export async function createDeploymentOnce(
  request: CreateDeploymentCommandInput,
  target: CodeDeployTarget,
  deps: CodeDeployDeps,
): Promise<string> {
  const since = deps.clock.now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      const { deploymentId } = await deps.codeDeploy.createDeployment(request);
      if (deploymentId === undefined) throw new ActionError("CodeDeploy CreateDeployment returned no deployment id");
      return deploymentId;
    } catch (error) {
      const refused = refusal(error, target);
      if (refused !== undefined) throw refused;
      if (!uncertain(error) || attempt >= 3) throw error;
      const found = await readBack(deps.codeDeploy, request, since);
      if (found !== undefined) {
        deps.log.info(
          `CreateDeployment's answer was lost, but deployment ${found} with this run's description exists; following it`,
        );
        return found;
      }
      deps.log.info(`CreateDeployment failed (${(error as Error).name}) and created nothing; retrying`);
      await deps.clock.sleep(1_000 * attempt);
    }
  }
}

/** When the target's last finished lifecycle event ended (AfterAllowTraffic, once traffic moved). */
function lastEventEnd(target: ECSTarget | undefined): number | undefined {
  const ends = (target?.lifecycleEvents ?? []).flatMap((event) => (event.endTime ? [event.endTime.getTime()] : []));
  return ends.length === 0 ? undefined : Math.max(...ends);
}

/** The lifecycle event in progress (or the termination wait once traffic moved). */
function stageOf(info: DeploymentInfo, target: ECSTarget | undefined): string {
  const events = target?.lifecycleEvents ?? [];
  const current =
    events.find((event) => event.status === "InProgress") ?? events.find((event) => event.status === "Pending");
  if (ACTIVE.has(info.status ?? "") && current === undefined && info.instanceTerminationWaitTimeStarted)
    return "TerminationWait";
  return current?.lifecycleEventName ?? info.status ?? "?";
}

export function codeDeployProgressLine(
  service: string,
  info: DeploymentInfo,
  target: ECSTarget | undefined,
  elapsedMs: number,
  bakeLeftMs: number | undefined,
): string {
  const set = (label: string) => target?.taskSetsInfo?.find((candidate) => candidate.taskSetLabel === label);
  const green = set("Green");
  const blue = set("Blue");
  const parts = [
    `CodeDeploy ${info.deploymentId} ${info.status} ${stageOf(info, target)}`,
    bakeLeftMs !== undefined ? `termination wait ${humanDuration(Math.max(0, bakeLeftMs))} left` : undefined,
    green === undefined
      ? undefined
      : `green ${green.runningCount ?? 0}/${green.desiredCount ?? 0} running (${green.trafficWeight ?? 0}% of traffic)`,
    blue === undefined
      ? undefined
      : `blue ${blue.runningCount ?? 0}/${blue.desiredCount ?? 0} (${blue.trafficWeight ?? 0}%)`,
  ].filter(Boolean);
  return `[${service}] ${parts.join(", ")} (${humanDuration(elapsedMs)})`;
}

/** The verdict on one GetDeployment answer, or undefined while CodeDeploy works. */
export function judgeCodeDeploy(info: DeploymentInfo): WaitOutcome | undefined {
  if (info.status === "Succeeded") return { outcome: "succeeded" };
  if (info.status !== "Failed" && info.status !== "Stopped") return undefined;
  const error = info.errorInformation;
  const reason = `CodeDeploy ${info.deploymentId} ${info.status}: ${error?.code ?? "?"}: ${error?.message ?? "no error information"}`;
  const rolledBack = info.rollbackInfo?.rollbackDeploymentId !== undefined;
  return {
    outcome: "failed",
    reason: rolledBack ? `${reason}; rolled back by ${info.rollbackInfo?.rollbackDeploymentId}` : reason,
    rolledBackByEcs: rolledBack,
  };
}

export async function followCodeDeploy(
  deploymentId: string,
  run: CodeDeployRun,
  deps: CodeDeployDeps,
  stages: StageTime[],
  options: { watchAlarms: boolean } = { watchAlarms: true },
): Promise<WaitOutcome> {
  const started = deps.clock.now();
  let targetId: string | undefined;
  for (;;) {
    const { deploymentInfo: info = {} } = await deps.codeDeploy.getDeployment({ deploymentId });
    targetId ??= (await deps.codeDeploy.listDeploymentTargets({ deploymentId })).targetIds?.[0];
    const target =
      targetId === undefined
        ? undefined
        : (await deps.codeDeploy.getDeploymentTarget({ deploymentId, targetId })).deploymentTarget?.ecsTarget;
    const now = deps.clock.now();
    const stage = stageOf(info, target);
    if (stages.at(-1)?.stage !== stage) {
      stages.push({ stage, at: now });
      if (stages.length > 1) deps.log.info(`[${run.service}] CodeDeploy ${stage}`);
    }
    // The termination wait starts when the last lifecycle event ended, not when a poll first saw it:
    // from there the bake's end is known, and fast polling starts just before it.
    const waitStart = stage === "TerminationWait" ? (lastEventEnd(target) ?? stages.at(-1)?.at) : undefined;
    const bakeLeftMs = waitStart === undefined ? undefined : waitStart + run.bakeMs - now;
    let verdict = judgeCodeDeploy(info);
    if (verdict === undefined && options.watchAlarms) {
      const firing = await firingAlarms(deps.cloudWatch, run.alarms);
      if (firing.length > 0)
        verdict = {
          outcome: "failed",
          reason: `alarm ${firing.join(", ")} in ALARM (alarms input)`,
          rolledBackByEcs: false,
        };
    }
    deps.log.info(codeDeployProgressLine(run.service, info, target, now - started, bakeLeftMs));
    if (verdict !== undefined) return verdict;
    const remaining = run.deadline - deps.clock.now();
    if (remaining <= 0) {
      return {
        outcome: "timed-out",
        reason: `CodeDeploy ${deploymentId} was still ${stage} after ${humanDuration(now - started)}`,
      };
    }
    const near =
      stage === "AfterAllowTraffic" ||
      (bakeLeftMs !== undefined && bakeLeftMs <= FAST_POLL_MS) ||
      (stage === "TerminationWait" && run.bakeMs === 0);
    await deps.clock.sleep(nextPollMs({ near, timerLeftMs: bakeLeftMs }, run.pollIntervalMs, remaining));
  }
}

/** StopDeployment with rollback, then follow CodeDeploy until it reports the deployment stopped. */
export async function stopCodeDeploy(
  deploymentId: string,
  run: CodeDeployRun,
  deps: CodeDeployDeps,
): Promise<WaitOutcome> {
  try {
    await deps.codeDeploy.stopDeployment({ deploymentId, autoRollbackEnabled: true });
  } catch (error) {
    if (!(error instanceof Error) || error.name !== "DeploymentAlreadyCompletedException") throw error;
  }
  return followCodeDeploy(deploymentId, { ...run, deadline: deps.clock.now() + 10 * 60_000 }, deps, [], {
    watchAlarms: false,
  });
}
