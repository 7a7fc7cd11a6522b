import type { Service, ServiceDeployment } from "@aws-sdk/client-ecs";
import { humanDuration } from "@sre-actions/core";
import type { Pause, ReasonCode, Verdict } from "../model.js";
import { alarmsVerdict } from "../observe/alarms.js";
import { apiUnavailable } from "../observe/api.js";
import { describeService, newEvents, revisionOf, shortName, time } from "../observe/ecs.js";
import { LIFECYCLE_STAGES, type WaitUntil } from "../plan/strategy.js";
import { deploymentsRollout, overFailureThreshold } from "./deployments.js";
import { FAST_EVENTS_MS, FAST_POLL_MS, nextPollMs, sleepUnlessCancelled } from "./poll.js";
import { cancelled, type RollbackVerdict, type Rollout, type RolloutContext, rollbackDeadline } from "./rollout.js";

/**
 * ECS's own record of a deployment (ListServiceDeployments / DescribeServiceDeployments, since
 * October 2024): status, lifecycle stage, bake, pause hooks, revision counts, circuit breaker and
 * alarms. Used for every ECS-controller strategy, rolling included, where the plan found the API.
 * ECS is eventually consistent: a deployment UpdateService just created may stay invisible for a
 * moment, so a read that finds nothing is retried, and after VISIBILITY_MS handed to the
 * `deployments[]` judge — never taken as a failure, never a reason to stop or roll back.
 */

/** How long a just-created service deployment may stay invisible before we judge from deployments[]. */
export const VISIBILITY_MS = 60_000;

const FINISHED = new Set(["SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"]);

function notFound(error: unknown): boolean {
  return error instanceof Error && error.name === "ServiceDeploymentNotFoundException";
}

function stageIndex(stage: string | undefined): number {
  return stage === undefined ? -1 : (LIFECYCLE_STAGES as readonly string[]).indexOf(stage);
}

/** Why ECS failed the deployment, in its own terms: which alarm, the circuit breaker, the hook, the reason. */
export function failureOf(record: ServiceDeployment): string {
  const parts: string[] = [];
  const alarms = record.alarms?.triggeredAlarmNames ?? [];
  if (alarms.length > 0) parts.push(`alarm ${alarms.join(", ")} in ALARM`);
  const breaker = record.deploymentCircuitBreaker;
  if (breaker?.status === "TRIGGERED") {
    parts.push(`circuit breaker: ${breaker.failureCount ?? 0} failed tasks (threshold ${breaker.threshold ?? "?"})`);
  }
  const reason = (record.statusReason ?? record.rollback?.reason)?.replace(/\.$/, "");
  if (reason !== undefined && !parts.some((part) => reason.includes(part))) parts.push(reason);
  return parts.length > 0 ? parts.join("; ") : `ECS ended the deployment ${record.status}`;
}

/** The machine-readable cause of a failed record. */
export function causeOf(record: ServiceDeployment): ReasonCode {
  if ((record.alarms?.triggeredAlarmNames ?? []).length > 0) return "alarm";
  if (record.deploymentCircuitBreaker?.status === "TRIGGERED") return "circuit-breaker";
  const reason = `${record.statusReason ?? ""} ${record.rollback?.reason ?? ""}`;
  if (/lifecycle hook/i.test(reason) || (record.lifecycleHookDetails ?? []).some((hook) => hook.status === "FAILED"))
    return "hook";
  if (/circuit breaker/i.test(reason)) return "circuit-breaker";
  if (/alarm/i.test(reason)) return "alarm";
  return record.status === "STOPPED" ? "stopped" : "rolled-back-by-ecs";
}

/** The PAUSE hook the record waits at, if any. */
export function pauseOf(record: ServiceDeployment): Pause | undefined {
  const hook = (record.lifecycleHookDetails ?? []).find((detail) => detail.status === "AWAITING_ACTION");
  if (hook?.hookId === undefined || record.serviceDeploymentArn === undefined) return undefined;
  return {
    serviceDeploymentArn: record.serviceDeploymentArn,
    hookId: hook.hookId,
    stage: record.lifecycleStage ?? "?",
    expiresAt: hook.expiresAt === undefined ? undefined : new Date(hook.expiresAt).toISOString(),
    timeoutAction: hook.timeoutAction,
  };
}

/** What runs now, in task definition revisions: after a failed rollback the truth is in the counts. */
function runningNow(record: ServiceDeployment, revisions: { previous: string; next: string }): string {
  const target = record.targetServiceRevision?.runningTaskCount ?? 0;
  const source = (record.sourceServiceRevisions ?? []).reduce((sum, rev) => sum + (rev.runningTaskCount ?? 0), 0);
  return `now running: ${target} task(s) of ${revisions.next}, ${source} of ${revisions.previous}`;
}

export interface JudgeOptions {
  waitUntil: WaitUntil;
  /** We asked for the rollback ourselves (StopServiceDeployment ROLLBACK): ROLLBACK_SUCCESSFUL is the good end. */
  rollingBack?: boolean;
  /** The revisions, as a user names them (`qa3-web:4`), for the reasons. */
  revisions: { previous: string; next: string };
}

/**
 * The verdict on one DescribeServiceDeployments snapshot, or undefined to keep waiting. Pure.
 * SUCCESSFUL succeeded; ROLLBACK_SUCCESSFUL rolled back (by ECS, or at our request); STOPPED and
 * ROLLBACK_FAILED failed; while ECS rolls back by itself the verdict says so (`in-progress`) and
 * the follower watches the rollback to its end. A stage (`wait-until`) or a PAUSE hook
 * (`wait-until: paused`) reached while IN_PROGRESS ends the wait early.
 */
export function judgeRecord(record: ServiceDeployment, options: JudgeOptions): Verdict | undefined {
  const { previous } = options.revisions;
  const rollingBack = options.rollingBack === true;
  switch (record.status) {
    case "SUCCESSFUL":
      if (rollingBack)
        return {
          outcome: "failed",
          reason: "the deployment finished before the rollback could stop it",
          reasonCode: undefined,
          details: {},
        };
      return { outcome: "succeeded", reason: undefined, reasonCode: undefined, details: {} };
    case "ROLLBACK_SUCCESSFUL":
      if (rollingBack) return { outcome: "succeeded", reason: undefined, reasonCode: undefined, details: {} };
      return {
        outcome: "rolled-back",
        reason: `${failureOf(record)}; ECS rolled back to ${previous}`,
        reasonCode: causeOf(record),
        details: { rolledBackBy: "ecs", rollbackState: "succeeded" },
      };
    case "ROLLBACK_FAILED":
      return {
        outcome: "failed",
        reason: `${rollingBack ? "the rollback failed" : `${failureOf(record)}; ECS's rollback to ${previous} failed too`} (${runningNow(record, options.revisions)})`,
        reasonCode: causeOf(record),
        details: rollingBack ? {} : { rolledBackBy: "ecs", rollbackState: "failed" },
      };
    case "STOPPED":
      return { outcome: "failed", reason: failureOf(record), reasonCode: causeOf(record), details: {} };
    case "ROLLBACK_REQUESTED":
    case "ROLLBACK_IN_PROGRESS":
      if (rollingBack) return undefined;
      return {
        outcome: "failed",
        reason: `${failureOf(record)}; ECS is rolling back to ${previous}`,
        reasonCode: causeOf(record),
        details: { rolledBackBy: "ecs", rollbackState: "in-progress" },
      };
  }
  if (rollingBack) return undefined;
  const breaker = record.deploymentCircuitBreaker;
  if (breaker?.status === "DISABLED" && record.status === "IN_PROGRESS") {
    // Without a circuit breaker ECS retries forever; stop at ECS's own threshold (½ desired, 3–200).
    const failed = overFailureThreshold(
      breaker.failureCount ?? 0,
      record.targetServiceRevision?.requestedTaskCount ?? 0,
    );
    if (failed !== undefined) return { ...failed, details: { open: true } };
  }
  if (record.status !== "IN_PROGRESS") return undefined;
  const pause = pauseOf(record);
  if (options.waitUntil === "paused" && pause !== undefined)
    return {
      outcome: "paused",
      reason: undefined,
      reasonCode: undefined,
      stage: pause.stage,
      details: { open: true, pause },
    };
  if (
    options.waitUntil !== "stable" &&
    options.waitUntil !== "paused" &&
    stageIndex(record.lifecycleStage) >= stageIndex(options.waitUntil)
  ) {
    return {
      outcome: "succeeded",
      reason: undefined,
      reasonCode: undefined,
      stage: record.lifecycleStage ?? options.waitUntil,
      details: { open: true },
    };
  }
  return undefined;
}

function counts(
  summary: { runningTaskCount?: number | undefined; requestedTaskCount?: number | undefined } | undefined,
): string {
  return `${summary?.runningTaskCount ?? 0}/${summary?.requestedTaskCount ?? 0}`;
}

/** One poll's line: status, stage, pause, bake left, target and source counts, failures, alarms. */
export function recordProgressLine(
  service: string,
  record: ServiceDeployment,
  elapsedMs: number,
  bakeLeftMs: number | undefined,
  now = Date.now(),
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
  const pause = pauseOf(record);
  const parts = [
    `${counts(target)} running${weight !== undefined ? ` (${weight}% of traffic)` : ""}`,
    `${target?.pendingTaskCount ?? 0} pending`,
    [record.status, record.lifecycleStage].filter(Boolean).join(" "),
    pause === undefined ? undefined : `paused at ${pause.stage}${pauseLeft(pause, now)}`,
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

/** ", hook times out in 42m (then ROLLBACK)" */
export function pauseLeft(pause: Pause, now: number): string {
  if (pause.expiresAt === undefined) return "";
  const left = Date.parse(pause.expiresAt) - now;
  return `, hook times out in ${humanDuration(Math.max(0, left))}${pause.timeoutAction ? ` (then ${pause.timeoutAction})` : ""}`;
}

/**
 * Poll pacing from a snapshot. Fast (every 2.5 s) whenever ECS may decide any moment: a rolling
 * rollout or a scale-up (tasks start, fail, trip the breaker), clean-up, a rollback, the stage
 * before `wait-until`, the end of a bake; poll-interval through hook stages and pauses; slow through a long bake.
 */
function hintOf(record: ServiceDeployment, waitUntil: WaitUntil, bakeLeftMs: number | undefined) {
  const stage = record.lifecycleStage;
  if (record.status !== "IN_PROGRESS" && record.status !== "PENDING") return { near: true }; // rolling back
  if (waitUntil === "paused") return { near: true };
  if (pauseOf(record) !== undefined) return { near: false };
  if (stage === undefined || stage === "SCALE_UP" || stage === "CLEAN_UP") return { near: true };
  if (waitUntil !== "stable" && stageIndex(stage) >= stageIndex(waitUntil) - 1) return { near: true };
  if (stage === "BAKE_TIME" && bakeLeftMs !== undefined)
    return { near: bakeLeftMs <= FAST_POLL_MS, timerLeftMs: bakeLeftMs };
  return { near: false };
}

/** Our service deployment: UpdateService names it, else the newest ListServiceDeployments shows since the update. */
async function locate(context: RolloutContext, service: Service | undefined, updatedAt: number) {
  if (service?.currentServiceDeployment !== undefined) return service.currentServiceDeployment;
  const { ecs, clock } = context.deps;
  for (;;) {
    try {
      const listed = await ecs.listServiceDeployments({
        cluster: context.cluster,
        service: context.name,
        // A minute of slack for clock skew between the runner and ECS.
        createdAt: { after: new Date(updatedAt - 60_000) },
      });
      const newest = [...(listed.serviceDeployments ?? [])].sort((a, b) => time(b.createdAt) - time(a.createdAt))[0];
      if (newest?.serviceDeploymentArn !== undefined) return newest.serviceDeploymentArn;
    } catch (error) {
      if (apiUnavailable(error)) return undefined;
      throw error;
    }
    // Not visible yet (eventual consistency): look again for a bounded time.
    if (clock.now() - updatedAt >= VISIBILITY_MS) return undefined;
    if (await sleepUnlessCancelled(context.deps, FAST_POLL_MS)) return undefined;
  }
}

type Followed = Verdict & { record?: ServiceDeployment | undefined; invisible?: boolean };

/**
 * Polls DescribeServiceDeployments until `judgeRecord` gives a verdict, the `alarms` input fires,
 * or the deadline passes; one progress line per poll, service events at most every poll-interval
 * (DescribeServices) and once more at the verdict. A rollback ECS starts by itself is followed to
 * its end within the roll-back deadline, so the reported end state is the true one.
 */
/** How a record is followed: the roll-out itself, or a roll-back (ours, by stop or by a new deployment). */
interface FollowMode {
  waitUntil: WaitUntil;
  /** We stopped the deployment with ROLLBACK: ROLLBACK_SUCCESSFUL is the good end. */
  rollingBack: boolean;
  /** The `alarms` input is watched during the roll-out, not during a roll-back. */
  watchAlarms: boolean;
  revisions: { previous: string; next: string };
}

async function followRecord(
  context: RolloutContext,
  arn: string,
  deadline: number,
  mode: FollowMode,
): Promise<Followed> {
  const { deps, trace, name } = context;
  const { clock, log } = deps;
  const started = clock.now();
  const { waitUntil, rollingBack, revisions } = mode;
  let until = deadline;
  let ecsRollingBack = false;
  let eventsAt = started;
  let record: ServiceDeployment | undefined;
  const readEvents = async () => {
    eventsAt = clock.now();
    const service = await describeService(deps.ecs, context.cluster, name);
    for (const event of service === undefined ? [] : newEvents(service, trace.seen)) {
      log.info(`[${name}] event: ${event.message}`);
      trace.events.push(event.message ?? "");
    }
  };
  for (;;) {
    if (deps.signal?.aborted) return { ...cancelled(`following ${shortName(arn)}`), record };
    let found: ServiceDeployment | undefined;
    try {
      found = (await deps.ecs.describeServiceDeployments({ serviceDeploymentArns: [arn] })).serviceDeployments?.[0];
    } catch (error) {
      if (!notFound(error)) throw error;
    }
    const now = clock.now();
    if (found === undefined) {
      if (record === undefined && now - started < VISIBILITY_MS) {
        if (await sleepUnlessCancelled(deps, FAST_POLL_MS)) continue;
        continue;
      }
      return { outcome: "timed-out", reason: undefined, reasonCode: undefined, details: {}, invisible: true };
    }
    record = found;
    const label = record.lifecycleStage ?? record.status ?? "?";
    if (trace.stages.at(-1)?.stage !== label) {
      trace.stages.push({ stage: label, at: now });
      if (trace.stages.length > 1) log.info(`[${name}] stage ${label}`);
    }
    const bakeStart = record.lifecycleStage === "BAKE_TIME" ? trace.stages.at(-1)?.at : undefined;
    const bakeLeftMs = bakeStart === undefined ? undefined : bakeStart + context.strategy.bakeMs - now;
    let verdict = judgeRecord(record, { waitUntil, rollingBack, revisions });
    if (verdict === undefined && mode.watchAlarms && !FINISHED.has(record.status ?? "")) {
      verdict = await alarmsVerdict(deps.cloudWatch, context.alarms);
    }
    if (verdict?.details.rollbackState === "in-progress") {
      // ECS decided; the true end state is its rollback's end. Watch it within the roll-back deadline.
      if (!ecsRollingBack) {
        ecsRollingBack = true;
        until = rollbackDeadline(context, now);
        log.info(`[${name}] ${verdict.reason}; following ECS's rollback to its end`);
      }
      if (now < until) verdict = undefined;
      else
        verdict = {
          ...verdict,
          reason: `${verdict.reason} (still rolling back when the wait ended; not watched to the end)`,
        };
    }
    const hint = hintOf(record, waitUntil, bakeLeftMs);
    // Service events every poll-interval, or every FAST_EVENTS_MS while polling fast, so a
    // service stays under one describe call per 2 s.
    const eventsEvery = hint.near ? Math.max(context.pollIntervalMs, FAST_EVENTS_MS) : context.pollIntervalMs;
    if (verdict !== undefined || now - eventsAt >= eventsEvery) await readEvents();
    log.info(recordProgressLine(name, record, now - started, bakeLeftMs, now));
    if (verdict !== undefined) return { ...verdict, record };
    const remaining = until - clock.now();
    if (remaining <= 0) {
      return {
        outcome: "timed-out",
        reason: `service deployment ${shortName(arn)} did not finish within ${humanDuration(clock.now() - started)} (still ${label})`,
        reasonCode: "timeout",
        details: { open: !FINISHED.has(record.status ?? "") },
        record,
      };
    }
    await sleepUnlessCancelled(deps, nextPollMs(hint, context.pollIntervalMs, remaining));
  }
}

export function serviceDeploymentRollout(context: RolloutContext): Rollout {
  const { deps, name } = context;
  let arn: string | undefined;
  let next = "the new revision";
  let deploymentId: string | undefined;
  let startedBy: string | undefined;
  /** The last record seen, and whether ECS still runs the deployment (a rollback then stops it). */
  let last: ServiceDeployment | undefined;
  let open = false;
  let told = false;
  // Where the record cannot be found, the same service is judged from deployments[].
  const fallback = deploymentsRollout(context);

  const update = async (taskDefinition: string, extras: RolloutContext["update"] | undefined) => {
    const updatedAt = deps.clock.now();
    const response = await deps.ecs.updateService({
      cluster: context.cluster,
      service: name,
      taskDefinition,
      ...(extras?.forceNewDeployment ? { forceNewDeployment: true } : {}),
      ...(extras?.desiredCount !== undefined ? { desiredCount: extras.desiredCount } : {}),
    });
    for (const event of response.service ? newEvents(response.service, context.trace.seen) : [])
      context.trace.events.push(event.message ?? "");
    const primary = response.service?.deployments?.find((deployment) => deployment.status === "PRIMARY");
    return { response, primaryId: primary?.id, updatedAt };
  };

  const followArn = async (
    target: string | undefined,
    deadline: number,
    role: "rollout" | "stop-rollback" | "redeploy-rollback",
  ): Promise<Verdict> => {
    if (target === undefined) return handOver(deadline);
    const previous = revisionOf(context.previousTaskDefinitionArn);
    const followed = await followRecord(context, target, deadline, {
      waitUntil: role === "rollout" ? context.waitUntil : "stable",
      rollingBack: role === "stop-rollback",
      watchAlarms: role === "rollout",
      // A roll-back by a new deployment goes from the new revision to the previous one.
      revisions: role === "redeploy-rollback" ? { previous: next, next: previous } : { previous, next },
    });
    if (followed.invisible === true) return handOver(deadline);
    last = followed.record;
    open = followed.details.open === true || (last !== undefined && !FINISHED.has(last.status ?? ""));
    const { record: _record, invisible: _invisible, ...verdict } = followed;
    return verdict;
  };

  const handOver = (deadline: number): Promise<Verdict> => {
    if (!told) {
      told = true;
      deps.log.info(
        `[${name}] ECS does not show the service deployment${arn ? ` ${shortName(arn)}` : ""} (the service-deployment API is eventually consistent, or missing here); judging from DescribeServices deployments[] instead`,
      );
    }
    return fallback.follow(deadline);
  };

  return {
    kind: "service-deployment",
    get deploymentId() {
      return deploymentId;
    },
    get serviceDeploymentArn() {
      return arn;
    },
    get taskStartedBy() {
      return startedBy;
    },

    async start(taskDefinitionArn) {
      next = revisionOf(taskDefinitionArn);
      const { response, primaryId, updatedAt } = await update(taskDefinitionArn, context.update);
      deploymentId = primaryId;
      startedBy = primaryId;
      fallback.adopt(primaryId, taskDefinitionArn);
      arn = await locate(context, response.service, updatedAt);
    },

    follow(deadline) {
      return followArn(arn, deadline, "rollout");
    },

    async resume(target, action) {
      arn = target.serviceDeploymentArn;
      if (target.pause !== undefined) {
        try {
          await deps.ecs.continueServiceDeployment({ serviceDeploymentArn: arn, hookId: target.pause.hookId, action });
          deps.log.info(
            `[${name}] ContinueServiceDeployment ${action} at ${target.pause.stage} (hook ${target.pause.hookId})`,
          );
        } catch (error) {
          // Someone (or the hook's timeout) acted first: follow what ECS does now; the verdict says how it ended.
          if (!(error instanceof Error) || !/ClientException|InvalidParameterException/.test(error.name)) throw error;
          deps.log.warning(
            `[${name}] the pause at ${target.pause.stage} no longer waits (${error.message}); following the deployment to its verdict`,
          );
        }
      }
      const service = await describeService(deps.ecs, context.cluster, name);
      const primary = service?.deployments?.find((deployment) => deployment.status === "PRIMARY");
      deploymentId = primary?.id;
      startedBy = deploymentId;
      next = revisionOf(primary?.taskDefinition);
      fallback.adopt(primary?.id, primary?.taskDefinition ?? "");
    },

    async rollBack(deadline): Promise<RollbackVerdict> {
      if (arn !== undefined && open) {
        deps.log.info(`[${name}] rolling back: StopServiceDeployment ROLLBACK on ${shortName(arn)}`);
        try {
          await deps.ecs.stopServiceDeployment({ serviceDeploymentArn: arn, stopType: "ROLLBACK" });
          const verdict = await followArn(arn, deadline, "stop-rollback");
          if (verdict.outcome === "succeeded" || verdict.reasonCode === "cancelled")
            return { ...verdict, deploymentId: arn };
        } catch (error) {
          // Finished meanwhile: roll back with a new deployment of the previous revision below.
          if (!(error instanceof Error) || !/NotFound|InvalidParameter|ClientException|Conflict/.test(error.name))
            throw error;
        }
      }
      deps.log.info(`[${name}] rolling back to ${revisionOf(context.previousTaskDefinitionArn)}`);
      const { response, primaryId, updatedAt } = await update(context.previousTaskDefinitionArn, undefined);
      fallback.adopt(primaryId, context.previousTaskDefinitionArn);
      const back = await locate(context, response.service, updatedAt);
      const verdict = await followArn(back, deadline, "redeploy-rollback");
      return { ...verdict, deploymentId: back ?? primaryId };
    },
  };
}
