import type { Deployment, Service } from "@aws-sdk/client-ecs";
import { ActionError, type Clock, humanDuration, type Logger } from "@sre-actions/core";
import type { Verdict } from "../model.js";
import { describeService, newEvents, revisionOf } from "../observe/ecs.js";
import type { EcsPort } from "../ports.js";
import { nextPollMs, sleepUnlessCancelled } from "./poll.js";
import { cancelled, type RollbackVerdict, type Rollout, type RolloutContext, rollbackDeadline } from "./rollout.js";

/**
 * The fallback roll-out: where ECS's service-deployment API is missing (an older partition, or a
 * role without ecs:ListServiceDeployments / ecs:DescribeServiceDeployments), the deployment is
 * judged from DescribeServices `deployments[]`: rolloutState when ECS reports it, otherwise counts.
 */

/** Without a circuit breaker: a failed verdict once ECS's own failure threshold is reached. */
export function overFailureThreshold(failed: number, desiredCount: number): Verdict | undefined {
  const threshold = failureThreshold(desiredCount);
  if (failed < threshold) return undefined;
  return {
    outcome: "failed",
    reason: `${failed} tasks of the new deployment failed (ECS's failure threshold is ${threshold}; the service has no circuit breaker)`,
    reasonCode: "tasks-failed",
    details: { open: true },
  };
}

/** ECS's own rule for a rolling deployment without circuit breaker: ½ desired, clamped to 3–200. */
export function failureThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)));
}

/**
 * Judges one DescribeServices snapshot for our deployment, or returns undefined to keep waiting.
 * Pure, so every rule is unit-tested. A rollback ECS started (circuit breaker with rollback) is
 * judged by the deployment that took over: `in-progress` until it completes.
 */
export function judge(service: Service, deploymentId: string, taskDefinitionArn: string): Verdict | undefined {
  const deployments = service.deployments ?? [];
  const ours = deployments.find((deployment) => deployment.id === deploymentId);
  const primary = deployments.find((deployment) => deployment.status === "PRIMARY");
  const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
  const takenOver = primary !== undefined && primary.id !== deploymentId ? primary : undefined;
  // A finished rollback removes our deployment; ECS's event still says why it failed.
  const why = ours?.rolloutStateReason?.replace(/\.$/, "") ?? failureEvent(service, deploymentId);
  const code =
    breaker?.enable === true || /circuit breaker/i.test(why ?? "") ? "circuit-breaker" : "rolled-back-by-ecs";

  if (takenOver !== undefined && takenOver.taskDefinition !== taskDefinitionArn) {
    // ECS's rollback (or someone's deploy of another revision) took over: judge it to its end.
    const to = revisionOf(takenOver.taskDefinition);
    const cause = why ?? `deployment ${deploymentId} was replaced`;
    if (
      takenOver.rolloutState === "COMPLETED" ||
      (takenOver.rolloutState === undefined && settledByCounts(takenOver, deployments))
    )
      return {
        outcome: "rolled-back",
        reason: `${cause}; ECS rolled back to ${to}`,
        reasonCode: code,
        details: { rolledBackBy: "ecs", rollbackState: "succeeded" },
      };
    if (takenOver.rolloutState === "FAILED")
      return {
        outcome: "failed",
        reason: `${cause}; ECS's rollback to ${to} failed too (${takenOver.runningCount ?? 0} of ${takenOver.desiredCount ?? 0} task(s) of ${to} running)`,
        reasonCode: code,
        details: { rolledBackBy: "ecs", rollbackState: "failed" },
      };
    return {
      outcome: "failed",
      reason: `${cause}; ECS is rolling back to ${to}`,
      reasonCode: code,
      details: { rolledBackBy: "ecs", rollbackState: "in-progress" },
    };
  }
  if (takenOver !== undefined || (ours === undefined && primary !== undefined))
    return {
      outcome: "failed",
      reason: `${why ? `${why}; ` : ""}deployment ${deploymentId} was replaced by another deployment`,
      reasonCode: "stopped",
      details: {},
    };
  if (ours?.rolloutState === "FAILED") {
    // With rollback on, ECS is about to start the rollback deployment: follow it.
    if (breaker?.rollback === true)
      return {
        outcome: "failed",
        reason: `${why ?? "ECS marked the deployment FAILED"}; ECS is rolling back`,
        reasonCode: code,
        details: { rolledBackBy: "ecs", rollbackState: "in-progress" },
      };
    return { outcome: "failed", reason: why ?? "ECS marked the deployment FAILED", reasonCode: code, details: {} };
  }
  if (ours === undefined) return undefined;
  if (ours.rolloutState === "COMPLETED" || (ours.rolloutState === undefined && settledByCounts(ours, deployments)))
    return { outcome: "succeeded", reason: undefined, reasonCode: undefined, details: {} };
  if (breaker?.enable !== true) return overFailureThreshold(ours.failedTasks ?? 0, ours.desiredCount ?? 0);
  return undefined;
}

/** "tasks failed to start" from ECS's event about our deployment, if any. */
function failureEvent(service: Service, deploymentId: string): string | undefined {
  const marker = `(deployment ${deploymentId}) deployment failed: `;
  const event = service.events?.find((candidate) => candidate.message?.includes(marker));
  const detail = event?.message?.slice(event.message.indexOf(marker) + marker.length).replace(/\.$/, "");
  return detail === undefined ? undefined : `ECS deployment circuit breaker: ${detail}`;
}

function settledByCounts(ours: Deployment, deployments: Deployment[]): boolean {
  return (
    deployments.length === 1 && (ours.runningCount ?? 0) === (ours.desiredCount ?? 0) && (ours.pendingCount ?? 0) === 0
  );
}

export function progressLine(service: Service, deploymentId: string, elapsedMs: number): string {
  const ours = service.deployments?.find((deployment) => deployment.id === deploymentId);
  const others = (service.deployments ?? []).filter((deployment) => deployment.id !== deploymentId);
  const oldRunning = others.reduce((sum, deployment) => sum + (deployment.runningCount ?? 0), 0);
  const parts = [
    `${ours?.runningCount ?? 0}/${ours?.desiredCount ?? 0} running`,
    `${ours?.pendingCount ?? 0} pending`,
    ours?.failedTasks ? `${ours.failedTasks} failed` : undefined,
    others.length > 0 ? `${oldRunning} old running` : undefined,
    ours?.rolloutState ?? "",
  ].filter(Boolean);
  return `[${service.serviceName}] ${parts.join(", ")} (${humanDuration(elapsedMs)})`;
}

/** The deployments[] roll-out; `adopt` lets the service-deployment roll-out hand a deployment over. */
export function deploymentsRollout(context: RolloutContext): Rollout & {
  adopt(deploymentId: string | undefined, taskDefinitionArn: string): void;
} {
  const { deps, name, trace } = context;
  let deploymentId: string | undefined;
  let taskDefinition = "";

  const update = async (taskDefinitionArn: string, extras: RolloutContext["update"] | undefined) => {
    const response = await deps.ecs.updateService({
      cluster: context.cluster,
      service: name,
      taskDefinition: taskDefinitionArn,
      ...(extras?.forceNewDeployment ? { forceNewDeployment: true } : {}),
      ...(extras?.desiredCount !== undefined ? { desiredCount: extras.desiredCount } : {}),
    });
    for (const event of response.service ? newEvents(response.service, trace.seen) : [])
      trace.events.push(event.message ?? "");
    return response.service?.deployments?.find((deployment) => deployment.status === "PRIMARY")?.id;
  };

  /**
   * Polls DescribeServices until `judge` gives a verdict or the deadline passes; one progress line
   * per poll and every new service event. ECS's own rollback is followed to its end.
   */
  const follow = async (id: string, arn: string, deadline: number): Promise<Verdict> => {
    const started = deps.clock.now();
    let until = deadline;
    let ecsRollingBack = false;
    for (;;) {
      if (deps.signal?.aborted) return cancelled(`following deployment ${id}`);
      const service = await describeService(deps.ecs, context.cluster, name);
      if (service === undefined)
        return { outcome: "failed", reason: `service ${name} disappeared`, reasonCode: "stopped", details: {} };
      for (const event of newEvents(service, trace.seen)) {
        deps.log.info(`[${name}] event: ${event.message}`);
        trace.events.push(event.message ?? "");
      }
      let verdict = judge(service, id, arn);
      const now = deps.clock.now();
      if (verdict?.details.rollbackState === "in-progress") {
        if (!ecsRollingBack) {
          ecsRollingBack = true;
          until = rollbackDeadline(context, now);
          deps.log.info(`[${name}] ${verdict.reason}; following ECS's rollback to its end`);
        }
        if (now < until) verdict = undefined;
        else
          verdict = {
            ...verdict,
            reason: `${verdict.reason} (still rolling back when the wait ended; not watched to the end)`,
          };
      }
      deps.log.info(progressLine(service, id, now - started));
      if (verdict !== undefined) return verdict;
      const remaining = until - deps.clock.now();
      if (remaining <= 0) {
        return {
          outcome: "timed-out",
          reason: `deployment ${id} did not finish within ${humanDuration(deps.clock.now() - started)}`,
          reasonCode: "timeout",
          details: {},
        };
      }
      const ours = service.deployments?.find((deployment) => deployment.id === id);
      // Every new task is up (ECS completes once the old ones drained), or tasks fail (the breaker may trip).
      const near =
        ecsRollingBack ||
        (ours !== undefined &&
          (((ours.runningCount ?? 0) >= (ours.desiredCount ?? 0) && !ours.pendingCount) ||
            (ours.failedTasks ?? 0) > 0));
      await sleepUnlessCancelled(deps, nextPollMs({ near }, context.pollIntervalMs, remaining));
    }
  };

  const noDeployment: Verdict = {
    outcome: "failed",
    reason: "UpdateService returned no deployment",
    reasonCode: "error",
    details: {},
  };

  return {
    kind: "deployments",
    get deploymentId() {
      return deploymentId;
    },
    serviceDeploymentArn: undefined,
    get taskStartedBy() {
      return deploymentId;
    },
    adopt(id, arn) {
      deploymentId = id;
      taskDefinition = arn;
    },
    async start(taskDefinitionArn) {
      taskDefinition = taskDefinitionArn;
      deploymentId = await update(taskDefinitionArn, context.update);
    },
    follow(deadline) {
      return deploymentId === undefined
        ? Promise.resolve(noDeployment)
        : follow(deploymentId, taskDefinition, deadline);
    },
    async rollBack(deadline): Promise<RollbackVerdict> {
      deps.log.info(`[${name}] rolling back to ${revisionOf(context.previousTaskDefinitionArn)}`);
      const id = await update(context.previousTaskDefinitionArn, undefined);
      if (id === undefined) return { ...noDeployment, deploymentId: undefined };
      return { ...(await follow(id, context.previousTaskDefinitionArn, deadline)), deploymentId: id };
    },
  };
}

/** True while a deployment of the service is still rolling (a deploy started now would overlap it). */
export function isBusy(service: Service): boolean {
  const deployments = service.deployments ?? [];
  if (deployments.some((deployment) => deployment.rolloutState === "IN_PROGRESS")) return true;
  return deployments.length > 1 && deployments.every((deployment) => deployment.rolloutState === undefined);
}

/** Waits until no deployment of the service is rolling; returns the settled service. */
export async function waitUntilSettled(
  cluster: string,
  initial: Service,
  deadline: number,
  pollIntervalMs: number,
  deps: { ecs: EcsPort; clock: Clock; log: Logger; signal?: AbortSignal | undefined },
): Promise<Service> {
  let service = initial;
  const name = initial.serviceName ?? "?";
  if (!isBusy(service)) return service;
  deps.log.info(`[${name}] a deployment is already in progress; waiting for it to settle before deploying`);
  while (isBusy(service)) {
    const remaining = deadline - deps.clock.now();
    if (remaining <= 0) throw new BusyServiceError(name);
    if (await sleepUnlessCancelled(deps, Math.min(pollIntervalMs, remaining)))
      throw new ActionError(
        `The job was cancelled while waiting for ${name}'s earlier deployment; nothing was changed`,
      );
    service = (await describeService(deps.ecs, cluster, name)) ?? service;
    deps.log.info(progressLine(service, service.deployments?.[0]?.id ?? "", 0).replace(/ \(0s\)$/, ""));
  }
  deps.log.info(`[${name}] the earlier deployment settled; deploying now`);
  return service;
}

/** Someone else's deployment outlasted our timeout: nothing of ours was changed on the service. */
export class BusyServiceError extends ActionError {
  override readonly name = "BusyServiceError";
  constructor(readonly service: string) {
    super(`Service ${service} was still deploying when the timeout ran out; it was not updated`, {
      hint: "Another deployment of this service is in progress: let it finish (or stop it in the ECS console), or raise the timeout input, then re-run.",
    });
  }
}
