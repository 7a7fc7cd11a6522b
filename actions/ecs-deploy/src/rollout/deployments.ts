import type { Deployment, Service, ServiceEvent } from "@aws-sdk/client-ecs";
import { ActionError, type Clock, humanDuration, type Logger } from "@sre-actions/core";
import { describeService, time } from "../observe/ecs.js";
import type { EcsPort } from "../ports.js";
import { nextPollMs } from "./poll.js";

export type WaitOutcome =
  /** `stage`: the lifecycle stage reached when `wait-until` stopped the wait before the end. */
  | { outcome: "succeeded"; stage?: string }
  | { outcome: "failed"; reason: string; rolledBackByEcs: boolean }
  | { outcome: "timed-out"; reason: string };

export interface WaitTarget {
  cluster: string;
  service: string;
  deploymentId: string;
  taskDefinitionArn: string;
  /** Clock time by which a verdict is due. */
  deadline: number;
  pollIntervalMs: number;
}

export interface WaitDeps {
  ecs: EcsPort;
  clock: Clock;
  log: Logger;
}

/** Without a circuit breaker: a failed verdict once ECS's own failure threshold is reached. */
export function overFailureThreshold(failed: number, desiredCount: number): WaitOutcome | undefined {
  const threshold = failureThreshold(desiredCount);
  if (failed < threshold) return undefined;
  return {
    outcome: "failed",
    reason: `${failed} tasks of the new deployment failed (ECS's failure threshold is ${threshold}; the service has no circuit breaker)`,
    rolledBackByEcs: false,
  };
}

/** ECS's own rule for a rolling deployment without circuit breaker: ½ desired, clamped to 3–200. */
export function failureThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)));
}

/** Service events not seen yet, oldest first, and marks them seen. */
export function newEvents(service: Service, seen: Set<string>): ServiceEvent[] {
  const fresh = (service.events ?? []).filter((event) => event.id !== undefined && !seen.has(event.id));
  for (const event of fresh) if (event.id !== undefined) seen.add(event.id);
  return fresh.sort((a, b) => time(a.createdAt) - time(b.createdAt));
}

/**
 * Judges one DescribeServices snapshot for our deployment, or returns undefined to keep waiting.
 * Pure, so every rule is unit-tested: ECS's rolloutState when present, otherwise counts.
 */
export function judge(service: Service, deploymentId: string, taskDefinitionArn: string): WaitOutcome | undefined {
  const deployments = service.deployments ?? [];
  const ours = deployments.find((deployment) => deployment.id === deploymentId);
  const primary = deployments.find((deployment) => deployment.status === "PRIMARY");
  const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;

  if (ours?.rolloutState === "FAILED") {
    return {
      outcome: "failed",
      reason: ours.rolloutStateReason ?? "ECS marked the deployment FAILED",
      rolledBackByEcs: breaker?.rollback === true || (primary !== undefined && primary.id !== ours.id),
    };
  }
  if (ours === undefined || (primary !== undefined && primary.id !== ours.id)) {
    const rolledBack = primary !== undefined && primary.taskDefinition !== taskDefinitionArn;
    // A finished rollback removes our deployment; ECS's event still says why it failed.
    const failure = failureEvent(service, deploymentId);
    const replaced = rolledBack
      ? `ECS rolled back to ${primary.taskDefinition} (deployment ${primary.id})`
      : `deployment ${deploymentId} was replaced by another deployment`;
    return { outcome: "failed", reason: failure ? `${failure}; ${replaced}` : replaced, rolledBackByEcs: rolledBack };
  }
  if (ours.rolloutState === "COMPLETED") return { outcome: "succeeded" };
  if (ours.rolloutState === undefined && settledByCounts(ours, deployments)) return { outcome: "succeeded" };
  if (breaker?.enable !== true) {
    const failed = overFailureThreshold(ours.failedTasks ?? 0, ours.desiredCount ?? 0);
    if (failed !== undefined) return failed;
  }
  return undefined;
}

/** "deployment failed: tasks failed to start." from ECS's event about our deployment, if any. */
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

/**
 * Polls DescribeServices every poll interval until `judge` gives a verdict or the deadline
 * passes. Prints one progress line per poll and every new service event.
 */
export async function waitForDeployment(
  target: WaitTarget,
  deps: WaitDeps,
  seen: Set<string>,
  onEvent: (message: string) => void = () => {},
): Promise<WaitOutcome> {
  const started = deps.clock.now();
  for (;;) {
    const service = await describeService(deps.ecs, target.cluster, target.service);
    if (service === undefined) {
      return { outcome: "failed", reason: `service ${target.service} disappeared`, rolledBackByEcs: false };
    }
    for (const event of newEvents(service, seen)) {
      deps.log.info(`[${target.service}] event: ${event.message}`);
      onEvent(event.message ?? "");
    }
    const verdict = judge(service, target.deploymentId, target.taskDefinitionArn);
    deps.log.info(progressLine(service, target.deploymentId, deps.clock.now() - started));
    if (verdict !== undefined) return verdict;
    const remaining = target.deadline - deps.clock.now();
    if (remaining <= 0) {
      return {
        outcome: "timed-out",
        reason: `deployment ${target.deploymentId} did not finish within ${humanDuration(deps.clock.now() - started)}`,
      };
    }
    const ours = service.deployments?.find((deployment) => deployment.id === target.deploymentId);
    // Every new task is up (ECS completes once the old ones drained), or tasks fail (the breaker may trip).
    const near =
      ours !== undefined &&
      (((ours.runningCount ?? 0) >= (ours.desiredCount ?? 0) && !ours.pendingCount) || (ours.failedTasks ?? 0) > 0);
    await deps.clock.sleep(nextPollMs({ near }, target.pollIntervalMs, remaining));
  }
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
  deps: WaitDeps,
): Promise<Service> {
  let service = initial;
  const name = initial.serviceName ?? "?";
  if (!isBusy(service)) return service;
  deps.log.info(`[${name}] a deployment is already in progress; waiting for it to settle before deploying`);
  while (isBusy(service)) {
    const remaining = deadline - deps.clock.now();
    if (remaining <= 0) throw new BusyServiceError(name);
    await deps.clock.sleep(Math.min(pollIntervalMs, remaining));
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
