import type { Service, ServiceDeployment } from "@aws-sdk/client-ecs";
import { type Clock, humanDuration, type Logger } from "@sre-actions/core";
import { firingAlarms } from "../observe/alarms.js";
import { describeService, shortName, time } from "../observe/ecs.js";
import { LIFECYCLE_STAGES, type WaitUntil } from "../plan/strategy.js";
import type { CloudWatchPort, EcsPort } from "../ports.js";
import { newEvents, overFailureThreshold, type WaitOutcome } from "./deployments.js";
import { FAST_EVENTS_MS, FAST_POLL_MS, nextPollMs } from "./poll.js";

/**
 * Following ECS's own record of a deployment (ListServiceDeployments / DescribeServiceDeployments,
 * since October 2024): status, lifecycle stage, bake, revision counts, circuit breaker and alarms.
 * Used for every ECS-controller strategy, rolling included; where the API is missing (a partition
 * without it, or a role without the permissions) the caller falls back to `deployments[]`.
 */

/** When each lifecycle stage (or status) was first seen. */
export interface StageTime {
  stage: string;
  at: number;
}

export interface RecordTarget {
  cluster: string;
  service: string;
  serviceDeploymentArn: string;
  deadline: number;
  pollIntervalMs: number;
  waitUntil: WaitUntil;
  /** The bake the service is configured with (for the "bake left" figure and the poll pacing). */
  bakeMs: number;
  /** The `alarms` input: alarms watched on top of what ECS watches. */
  alarms: readonly string[];
  /** Keep following a rollback to its end (after our StopServiceDeployment). */
  rollingBack?: boolean;
}

export interface RecordDeps {
  ecs: EcsPort;
  clock: Clock;
  log: Logger;
  cloudWatch?: CloudWatchPort | undefined;
}

export type RecordOutcome = WaitOutcome & { record?: ServiceDeployment };

/** Errors meaning "this API is not there for us" rather than "the deployment went wrong". */
const UNAVAILABLE = new Set([
  "AccessDeniedException",
  "UnknownOperationException",
  "UnsupportedFeatureException",
  "InvalidAction",
]);

export function apiUnavailable(error: unknown): boolean {
  return error instanceof Error && UNAVAILABLE.has(error.name);
}

/**
 * Our service deployment: DescribeServices/UpdateService name it (`currentServiceDeployment`);
 * otherwise the newest one ListServiceDeployments shows created at or after our UpdateService.
 * Undefined when the API is not available.
 */
export async function locateServiceDeployment(
  ecs: EcsPort,
  cluster: string,
  service: Service | undefined,
  updatedAt: number,
): Promise<string | undefined> {
  if (service?.currentServiceDeployment !== undefined) return service.currentServiceDeployment;
  try {
    const listed = await ecs.listServiceDeployments({
      cluster,
      service: service?.serviceName ?? "",
      // A minute of slack for clock skew between the runner and ECS.
      createdAt: { after: new Date(updatedAt - 60_000) },
    });
    const newest = [...(listed.serviceDeployments ?? [])].sort((a, b) => time(b.createdAt) - time(a.createdAt))[0];
    return newest?.serviceDeploymentArn;
  } catch (error) {
    if (apiUnavailable(error)) return undefined;
    throw error;
  }
}

const FINISHED = new Set(["SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"]);

function stageIndex(stage: string | undefined): number {
  return stage === undefined ? -1 : (LIFECYCLE_STAGES as readonly string[]).indexOf(stage);
}

/** Why ECS failed the deployment, in its own terms: which alarm, the circuit breaker, the reason. */
export function failureOf(record: ServiceDeployment): string {
  const parts: string[] = [];
  const alarms = record.alarms?.triggeredAlarmNames ?? [];
  if (alarms.length > 0) parts.push(`alarm ${alarms.join(", ")} in ALARM`);
  const breaker = record.deploymentCircuitBreaker;
  if (breaker?.status === "TRIGGERED") {
    parts.push(`circuit breaker: ${breaker.failureCount ?? 0} failed tasks (threshold ${breaker.threshold ?? "?"})`);
  }
  const reason = record.statusReason ?? record.rollback?.reason;
  if (reason !== undefined && !parts.some((part) => reason.includes(part))) parts.push(reason);
  return parts.length > 0 ? parts.join("; ") : `ECS ended the deployment ${record.status}`;
}

/**
 * The verdict on one DescribeServiceDeployments snapshot, or undefined to keep waiting. Pure:
 * SUCCESSFUL succeeded; ROLLBACK_SUCCESSFUL rolled back (by ECS or at our request); STOPPED and
 * ROLLBACK_FAILED failed; with `wait-until` a stage, reaching it while IN_PROGRESS succeeds.
 */
export function judgeRecord(
  record: ServiceDeployment,
  waitUntil: WaitUntil,
  options: { awaitRollback?: boolean } = {},
): WaitOutcome | undefined {
  switch (record.status) {
    case "SUCCESSFUL":
      return { outcome: "succeeded" };
    case "ROLLBACK_SUCCESSFUL":
      return {
        outcome: "failed",
        reason: `${failureOf(record)}; ECS rolled back to ${shortName(record.rollback?.serviceRevisionArn)}`,
        rolledBackByEcs: true,
      };
    case "ROLLBACK_FAILED":
      return { outcome: "failed", reason: `${failureOf(record)}; ECS's rollback failed too`, rolledBackByEcs: false };
    case "STOPPED":
      return { outcome: "failed", reason: failureOf(record), rolledBackByEcs: false };
    case "ROLLBACK_REQUESTED":
    case "ROLLBACK_IN_PROGRESS":
      // ECS has decided; unless we asked for the rollback ourselves, that is the verdict.
      if (options.awaitRollback === true) return undefined;
      return {
        outcome: "failed",
        reason: `${failureOf(record)}; ECS is rolling back to ${shortName(record.rollback?.serviceRevisionArn)}`,
        rolledBackByEcs: true,
      };
  }
  const breaker = record.deploymentCircuitBreaker;
  if (breaker?.status === "DISABLED" && record.status === "IN_PROGRESS") {
    // Without a circuit breaker ECS retries forever; stop at ECS's own threshold (½ desired, 3–200).
    const failed = overFailureThreshold(
      breaker.failureCount ?? 0,
      record.targetServiceRevision?.requestedTaskCount ?? 0,
    );
    if (failed !== undefined) return failed;
  }
  if (
    waitUntil !== "stable" &&
    record.status === "IN_PROGRESS" &&
    stageIndex(record.lifecycleStage) >= stageIndex(waitUntil)
  ) {
    return { outcome: "succeeded", stage: record.lifecycleStage ?? waitUntil };
  }
  return undefined;
}

function counts(
  summary: { runningTaskCount?: number | undefined; requestedTaskCount?: number | undefined } | undefined,
): string {
  return `${summary?.runningTaskCount ?? 0}/${summary?.requestedTaskCount ?? 0}`;
}

/** One poll's line: status, stage, bake left, target and source counts, failures, alarms. */
export function recordProgressLine(
  service: string,
  record: ServiceDeployment,
  elapsedMs: number,
  bakeLeftMs: number | undefined,
): string {
  const target = record.targetServiceRevision;
  const sources = record.sourceServiceRevisions ?? [];
  const source = sources.reduce<{ runningTaskCount: number; requestedTaskCount: number }>(
    (sum, revision) => ({
      runningTaskCount: sum.runningTaskCount + (revision.runningTaskCount ?? 0),
      requestedTaskCount: sum.requestedTaskCount + (revision.requestedTaskCount ?? 0),
    }),
    { runningTaskCount: 0, requestedTaskCount: 0 },
  );
  const weight = target?.requestedProductionTrafficWeight;
  const parts = [
    `${counts(target)} running${weight !== undefined ? ` (${weight}% of traffic)` : ""}`,
    `${target?.pendingTaskCount ?? 0} pending`,
    [record.status, record.lifecycleStage].filter(Boolean).join(" "),
    bakeLeftMs !== undefined ? `bake ${humanDuration(Math.max(0, bakeLeftMs))} left` : undefined,
    sources.length > 0 ? `source ${counts(source)} running` : undefined,
    record.deploymentCircuitBreaker?.failureCount
      ? `${record.deploymentCircuitBreaker.failureCount} failed (threshold ${record.deploymentCircuitBreaker.threshold ?? "?"})`
      : undefined,
    (record.alarms?.triggeredAlarmNames ?? []).length > 0
      ? `in ALARM: ${record.alarms?.triggeredAlarmNames?.join(", ")}`
      : undefined,
  ].filter(Boolean);
  return `[${service}] ${parts.join(", ")} (${humanDuration(elapsedMs)})`;
}

/**
 * Poll pacing from a snapshot. Fast (every 2.5 s) whenever ECS may decide any moment: a rolling
 * rollout or a scale-up (tasks start, fail, trip the breaker), clean-up, a rollback, the stage
 * before `wait-until`, the end of a bake; poll-interval through hook stages; slow through a long bake.
 */
function hintOf(record: ServiceDeployment, waitUntil: WaitUntil, bakeLeftMs: number | undefined) {
  const stage = record.lifecycleStage;
  if (record.status !== "IN_PROGRESS" && record.status !== "PENDING") return { near: true }; // rolling back
  if (stage === undefined || stage === "SCALE_UP" || stage === "CLEAN_UP") return { near: true };
  if (waitUntil !== "stable" && stageIndex(stage) >= stageIndex(waitUntil) - 1) return { near: true };
  if (stage === "BAKE_TIME" && bakeLeftMs !== undefined)
    return { near: bakeLeftMs <= FAST_POLL_MS, timerLeftMs: bakeLeftMs };
  return { near: false };
}

/**
 * Polls DescribeServiceDeployments until `judgeRecord` gives a verdict, the `alarms` input fires,
 * or the deadline passes; one progress line per poll, service events at most every poll-interval
 * (DescribeServices) and once more at the verdict. Stage changes are logged and recorded in `stages`.
 * Throws the API's error if the first describe is refused, so the caller can fall back.
 */
export async function followServiceDeployment(
  target: RecordTarget,
  deps: RecordDeps,
  seen: Set<string>,
  onEvent: (message: string) => void,
  stages: StageTime[],
): Promise<RecordOutcome> {
  const started = deps.clock.now();
  // UpdateService's answer carried the events so far.
  let eventsAt = started;
  const readEvents = async () => {
    eventsAt = deps.clock.now();
    const service = await describeService(deps.ecs, target.cluster, target.service);
    for (const event of service === undefined ? [] : newEvents(service, seen)) {
      deps.log.info(`[${target.service}] event: ${event.message}`);
      onEvent(event.message ?? "");
    }
  };
  for (;;) {
    const described = await deps.ecs.describeServiceDeployments({
      serviceDeploymentArns: [target.serviceDeploymentArn],
    });
    const record = described.serviceDeployments?.[0];
    if (record === undefined) {
      return {
        outcome: "failed",
        reason: `service deployment ${target.serviceDeploymentArn} disappeared`,
        rolledBackByEcs: false,
      };
    }
    const now = deps.clock.now();
    const label = record.lifecycleStage ?? record.status ?? "?";
    if (stages.at(-1)?.stage !== label) {
      stages.push({ stage: label, at: now });
      if (stages.length > 1) deps.log.info(`[${target.service}] stage ${label}`);
    }
    const bakeStart = record.lifecycleStage === "BAKE_TIME" ? stages.at(-1)?.at : undefined;
    const bakeLeftMs = bakeStart === undefined ? undefined : bakeStart + target.bakeMs - now;
    const rollingBack = target.rollingBack === true;
    let verdict = judgeRecord(record, rollingBack ? "stable" : target.waitUntil, { awaitRollback: rollingBack });
    if (verdict === undefined && !FINISHED.has(record.status ?? "") && target.rollingBack !== true) {
      const firing = await firingAlarms(deps.cloudWatch, target.alarms);
      if (firing.length > 0) {
        verdict = {
          outcome: "failed",
          reason: `alarm ${firing.join(", ")} in ALARM (alarms input)`,
          rolledBackByEcs: false,
        };
      }
    }
    const hint = hintOf(record, target.waitUntil, bakeLeftMs);
    // Service events every poll-interval, or every FAST_EVENTS_MS while polling fast, so a
    // service stays under one describe call per 2 s.
    const eventsEvery = hint.near ? Math.max(target.pollIntervalMs, FAST_EVENTS_MS) : target.pollIntervalMs;
    const withEvents = verdict !== undefined || now - eventsAt >= eventsEvery;
    if (withEvents) await readEvents();
    deps.log.info(recordProgressLine(target.service, record, now - started, bakeLeftMs));
    if (verdict !== undefined) return { ...verdict, record };
    const remaining = target.deadline - deps.clock.now();
    if (remaining <= 0) {
      return {
        outcome: "timed-out",
        reason: `service deployment ${shortName(target.serviceDeploymentArn)} did not finish within ${humanDuration(deps.clock.now() - started)} (still ${label})`,
        record,
      };
    }
    await deps.clock.sleep(nextPollMs(hint, target.pollIntervalMs, remaining));
  }
}
