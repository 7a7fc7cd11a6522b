import type { CreateDeploymentCommandInput, DeploymentInfo, ECSTarget } from "@aws-sdk/client-codedeploy";
import { ActionError, exactlyOnce, humanDuration } from "@sre-actions/core";
import type { Verdict } from "../model.js";
import { alarmsVerdict } from "../observe/alarms.js";
import { revisionOf } from "../observe/ecs.js";
import type { CodeDeployTarget } from "../plan/strategy-plan.js";
import type { CodeDeployPort } from "../ports.js";
import { FAST_POLL_MS, nextPollMs, sleepUnlessCancelled } from "./poll.js";
import { cancelled, type RollbackVerdict, type Rollout, type RolloutContext, rollbackDeadline } from "./rollout.js";

/**
 * The CodeDeploy roll-out, for CODE_DEPLOY services (ECS refuses a task definition change by
 * UpdateService there): CreateDeployment with AppSpec content through core's `exactlyOnce` (a lost
 * answer is read back by this run's description before any retry), then GetDeployment +
 * GetDeploymentTarget per poll until CodeDeploy decides; a rollback CodeDeploy starts by itself is
 * followed to its end; our roll-back is StopDeployment with auto-rollback, followed the same way.
 */

const ACTIVE = new Set(["Created", "Queued", "InProgress", "Ready", "Baking"]);

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
export function judgeCodeDeploy(info: DeploymentInfo): Verdict | undefined {
  if (info.status === "Succeeded")
    return { outcome: "succeeded", reason: undefined, reasonCode: undefined, details: {} };
  if (info.status !== "Failed" && info.status !== "Stopped") return undefined;
  const error = info.errorInformation;
  const reason = `CodeDeploy ${info.deploymentId} ${info.status}: ${error?.code ?? "?"}: ${error?.message ?? "no error information"}`;
  const alarm = error?.code === "ALARM_ACTIVE" || /alarm/i.test(error?.message ?? "");
  const rollbackId = info.rollbackInfo?.rollbackDeploymentId;
  return {
    outcome: "failed",
    reason: rollbackId === undefined ? reason : `${reason}; CodeDeploy is rolling back (deployment ${rollbackId})`,
    reasonCode: alarm ? "alarm" : info.status === "Stopped" && error?.code === "MANUAL_STOP" ? "stopped" : "codedeploy",
    details: rollbackId === undefined ? {} : { rolledBackBy: "codedeploy", rollbackState: "in-progress" },
  };
}

/** The green task set's id: its tasks carry it as `startedBy` (how their stopped tasks are found). */
function greenTaskSet(target: ECSTarget | undefined): string | undefined {
  return target?.taskSetsInfo?.find((set) => set.taskSetLabel === "Green")?.identifer;
}

export function codeDeployRollout(context: RolloutContext, target: CodeDeployTarget): Rollout {
  const { deps, name } = context;
  const port = (): CodeDeployPort => {
    if (deps.codeDeploy === undefined) throw new ActionError("no CodeDeploy client was configured");
    return deps.codeDeploy;
  };
  let deploymentId: string | undefined;
  let startedBy: string | undefined;
  let next = "the new revision";

  /** Polls one CodeDeploy deployment until it ends, the alarms input fires, or the deadline passes. */
  const watch = async (id: string, deadline: number, watchAlarms: boolean): Promise<Verdict> => {
    const started = deps.clock.now();
    let targetId: string | undefined;
    for (;;) {
      if (deps.signal?.aborted) return cancelled(`following CodeDeploy ${id}`);
      const { deploymentInfo: info = {} } = await port().getDeployment({ deploymentId: id });
      targetId ??= (await port().listDeploymentTargets({ deploymentId: id })).targetIds?.[0];
      const ecsTarget =
        targetId === undefined
          ? undefined
          : (await port().getDeploymentTarget({ deploymentId: id, targetId })).deploymentTarget?.ecsTarget;
      if (watchAlarms) startedBy = greenTaskSet(ecsTarget) ?? startedBy;
      const now = deps.clock.now();
      const stage = stageOf(info, ecsTarget);
      const { stages } = context.trace;
      if (watchAlarms && stages.at(-1)?.stage !== stage) {
        stages.push({ stage, at: now });
        if (stages.length > 1) deps.log.info(`[${name}] CodeDeploy ${stage}`);
      }
      // The termination wait starts when the last lifecycle event ended, not when a poll first saw it:
      // from there the bake's end is known, and fast polling starts just before it.
      const waitStart = stage === "TerminationWait" ? (lastEventEnd(ecsTarget) ?? stages.at(-1)?.at) : undefined;
      const bakeLeftMs = waitStart === undefined ? undefined : waitStart + context.strategy.bakeMs - now;
      const verdict =
        judgeCodeDeploy(info) ?? (watchAlarms ? await alarmsVerdict(deps.cloudWatch, context.alarms) : undefined);
      deps.log.info(codeDeployProgressLine(name, info, ecsTarget, now - started, bakeLeftMs));
      if (verdict !== undefined) return verdict;
      const remaining = deadline - deps.clock.now();
      if (remaining <= 0) {
        return {
          outcome: "timed-out",
          reason: `CodeDeploy ${id} was still ${stage} after ${humanDuration(now - started)}`,
          reasonCode: "timeout",
          details: { open: true },
        };
      }
      const near =
        stage === "AfterAllowTraffic" ||
        (bakeLeftMs !== undefined && bakeLeftMs <= FAST_POLL_MS) ||
        (stage === "TerminationWait" && context.strategy.bakeMs === 0);
      await sleepUnlessCancelled(
        deps,
        nextPollMs({ near, timerLeftMs: bakeLeftMs }, context.pollIntervalMs, remaining),
      );
    }
  };

  /** A deployment CodeDeploy rolled back (by itself, or after our stop): the rollback deployment's end. */
  const followRollback = async (verdict: Verdict, id: string, deadline: number): Promise<Verdict> => {
    const { deploymentInfo: info = {} } = await port().getDeployment({ deploymentId: id });
    const rollbackId = info.rollbackInfo?.rollbackDeploymentId;
    if (rollbackId === undefined) return verdict;
    const previous = revisionOf(context.previousTaskDefinitionArn);
    deps.log.info(`[${name}] CodeDeploy rolls back with deployment ${rollbackId}; following it to its end`);
    const back = await watch(rollbackId, deadline, false);
    const cause = verdict.reason?.replace(/; CodeDeploy is rolling back.*$/, "") ?? "";
    if (back.outcome === "succeeded")
      return {
        ...verdict,
        outcome: "rolled-back",
        reason: `${cause}; CodeDeploy rolled back to the original task set (${previous})`,
        details: { rolledBackBy: "codedeploy", rollbackState: "succeeded" },
      };
    const state = back.outcome === "timed-out" ? "in-progress" : "failed";
    return {
      ...verdict,
      outcome: "failed",
      reason: `${cause}; CodeDeploy's rollback ${rollbackId} ${state === "failed" ? `failed too: ${back.reason}` : "was still running when the wait ended (not watched to the end)"}`,
      details: { rolledBackBy: "codedeploy", rollbackState: state },
    };
  };

  return {
    kind: "codedeploy",
    get deploymentId() {
      return deploymentId;
    },
    serviceDeploymentArn: undefined,
    get taskStartedBy() {
      return startedBy;
    },

    async start(taskDefinitionArn) {
      next = revisionOf(taskDefinitionArn);
      const request: CreateDeploymentCommandInput = {
        applicationName: target.application,
        deploymentGroupName: target.group,
        revision: { revisionType: "AppSpecContent", appSpecContent: { content: target.appSpec(taskDefinitionArn) } },
        description: `sre-actions/ecs-deploy ${deps.runUrl} ${name} ${taskDefinitionArn}`.slice(0, 512),
      };
      const since = deps.clock.now();
      try {
        deploymentId = await exactlyOnce({
          what: `create the CodeDeploy deployment of ${name}`,
          attempt: async () => {
            const { deploymentId: id } = await port().createDeployment(request);
            if (id === undefined) throw new ActionError("CodeDeploy CreateDeployment returned no deployment id");
            return id;
          },
          readBack: () => readBack(port(), request, since),
          clock: deps.clock,
          log: deps.log,
          attempts: 3,
        });
      } catch (error) {
        throw refusal(error, target) ?? error;
      }
      deps.log.info(`[${name}] CodeDeploy deployment ${deploymentId} started on ${next}`);
    },

    async follow(deadline) {
      if (deploymentId === undefined) throw new ActionError(`no CodeDeploy deployment of ${name} was started`);
      const verdict = await watch(deploymentId, deadline, true);
      if (verdict.details.rollbackState !== "in-progress") return verdict;
      return followRollback(verdict, deploymentId, rollbackDeadline(context, deps.clock.now()));
    },

    async rollBack(deadline): Promise<RollbackVerdict> {
      const id = deploymentId;
      if (id === undefined) throw new ActionError(`no CodeDeploy deployment of ${name} to roll back`);
      deps.log.info(`[${name}] stopping CodeDeploy ${id} with rollback`);
      try {
        await port().stopDeployment({ deploymentId: id, autoRollbackEnabled: true });
      } catch (error) {
        if (!(error instanceof Error) || error.name !== "DeploymentAlreadyCompletedException") throw error;
      }
      const stopped = await watch(id, deadline, false);
      if (stopped.outcome === "succeeded")
        return {
          outcome: "failed",
          reason: "CodeDeploy finished the deployment first",
          reasonCode: undefined,
          details: {},
          deploymentId: id,
        };
      const back = await followRollback(stopped, id, deadline);
      if (back.outcome === "rolled-back")
        return { outcome: "succeeded", reason: undefined, reasonCode: undefined, details: {}, deploymentId: id };
      return { ...back, deploymentId: id };
    },
  };
}
