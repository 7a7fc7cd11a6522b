import type { ServiceDeployment } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { bakeMsOf, bakeWarning, strategyOf } from "../src/plan/strategy.js";
import { FAST_POLL_MS, nextPollMs } from "../src/rollout/poll.js";
import { judgeRecord, recordProgressLine } from "../src/rollout/service-deployment.js";

const record = (over: Partial<ServiceDeployment>): ServiceDeployment => ({
  status: "IN_PROGRESS",
  targetServiceRevision: {
    arn: "arn:aws:ecs:ap-northeast-1:1:service-revision/qa/web/2",
    requestedTaskCount: 2,
    runningTaskCount: 1,
  },
  sourceServiceRevisions: [
    { arn: "arn:aws:ecs:ap-northeast-1:1:service-revision/qa/web/1", requestedTaskCount: 2, runningTaskCount: 2 },
  ],
  deploymentCircuitBreaker: { status: "MONITORING", failureCount: 0, threshold: 3 },
  alarms: { status: "DISABLED", alarmNames: [], triggeredAlarmNames: [] },
  ...over,
});

const REVISIONS = { previous: "web:1", next: "web:2" };
const until = (waitUntil: "stable" | "POST_PRODUCTION_TRAFFIC_SHIFT" | "paused", rollingBack = false) => ({
  waitUntil,
  rollingBack,
  revisions: REVISIONS,
});

describe("judgeRecord: the verdict from ECS's service deployment", () => {
  it("SUCCESSFUL succeeds; IN_PROGRESS waits", () => {
    expect(judgeRecord(record({ status: "SUCCESSFUL" }), until("stable"))).toMatchObject({ outcome: "succeeded" });
    expect(judgeRecord(record({}), until("stable"))).toBeUndefined();
  });

  it("a rollback names the alarm and the task definition revision ECS went back to", () => {
    const verdict = judgeRecord(
      record({
        status: "ROLLBACK_SUCCESSFUL",
        alarms: { status: "TRIGGERED", alarmNames: ["web-5xx"], triggeredAlarmNames: ["web-5xx"] },
        rollback: {
          reason: "ECS deployment alarms: web-5xx in ALARM state.",
          serviceRevisionArn: "arn:x/service-revision/qa/web/1",
        },
      }),
      until("stable"),
    );
    expect(verdict).toEqual({
      outcome: "rolled-back",
      reason: "alarm web-5xx in ALARM; ECS deployment alarms: web-5xx in ALARM state; ECS rolled back to web:1",
      reasonCode: "alarm",
      details: { rolledBackBy: "ecs", rollbackState: "succeeded" },
    });
  });

  it("ROLLBACK_IN_PROGRESS is ECS's decision (still rolling back) unless we asked for the rollback", () => {
    const rolling = record({
      status: "ROLLBACK_IN_PROGRESS",
      deploymentCircuitBreaker: { status: "TRIGGERED", failureCount: 3, threshold: 3 },
    });
    expect(judgeRecord(rolling, until("stable"))).toMatchObject({
      outcome: "failed",
      reasonCode: "circuit-breaker",
      details: { rolledBackBy: "ecs", rollbackState: "in-progress" },
      reason: expect.stringContaining("circuit breaker: 3 failed tasks (threshold 3)"),
    });
    expect(judgeRecord(rolling, until("stable", true))).toBeUndefined();
  });

  it("STOPPED fails; ROLLBACK_FAILED says the rollback failed and what runs now", () => {
    expect(judgeRecord(record({ status: "STOPPED", statusReason: "stopped" }), until("stable"))).toEqual({
      outcome: "failed",
      reason: "stopped",
      reasonCode: "stopped",
      details: {},
    });
    expect(judgeRecord(record({ status: "ROLLBACK_FAILED" }), until("stable"))).toMatchObject({
      details: { rolledBackBy: "ecs", rollbackState: "failed" },
      reason: expect.stringContaining(
        "ECS's rollback to web:1 failed too (now running: 1 task(s) of web:2, 2 of web:1)",
      ),
    });
  });

  it("wait-until a stage succeeds once that stage (or a later one) is reached", () => {
    expect(
      judgeRecord(record({ lifecycleStage: "PRODUCTION_TRAFFIC_SHIFT" }), until("POST_PRODUCTION_TRAFFIC_SHIFT")),
    ).toBeUndefined();
    expect(judgeRecord(record({ lifecycleStage: "BAKE_TIME" }), until("POST_PRODUCTION_TRAFFIC_SHIFT"))).toMatchObject({
      outcome: "succeeded",
      stage: "BAKE_TIME",
    });
  });

  it("without a circuit breaker, ECS's own threshold fails it", () => {
    const verdict = judgeRecord(
      record({ deploymentCircuitBreaker: { status: "DISABLED", failureCount: 3, threshold: 3 } }),
      until("stable"),
    );
    expect(verdict).toMatchObject({ outcome: "failed", reason: expect.stringContaining("failure threshold is 3") });
  });

  it("prints counts, status, stage, bake left, weights and alarms on one line", () => {
    const line = recordProgressLine(
      "web",
      record({
        lifecycleStage: "BAKE_TIME",
        targetServiceRevision: {
          requestedTaskCount: 2,
          runningTaskCount: 2,
          pendingTaskCount: 0,
          requestedProductionTrafficWeight: 100,
        },
      }),
      125_000,
      430_000,
    );
    expect(line).toBe(
      "[web] 2/2 running (100% of traffic), 0 pending, IN_PROGRESS BAKE_TIME, bake 7m 10s left, source 2/2 running (2m 05s)",
    );
  });
});

describe("adaptive polling", () => {
  it("polls every 2.5 s near the end, at poll-interval otherwise, and slowly through a long bake", () => {
    expect(nextPollMs({ near: true }, 10_000, 60_000)).toBe(FAST_POLL_MS);
    expect(nextPollMs({ near: false }, 10_000, 60_000)).toBe(10_000);
    expect(nextPollMs({ near: false, timerLeftMs: 600_000 }, 10_000, 3_600_000)).toBe(30_000);
    expect(nextPollMs({ near: false, timerLeftMs: 12_000 }, 10_000, 3_600_000)).toBe(12_000 - FAST_POLL_MS);
    expect(nextPollMs({ near: false }, 10_000, 3_000)).toBe(3_000);
  });

  it("never polls faster than every 2.5 s", () => {
    for (const left of [0, 500, 1_999, 2_000, 5_000])
      expect(nextPollMs({ near: false, timerLeftMs: left }, 1_000, 60_000)).toBeGreaterThanOrEqual(FAST_POLL_MS);
  });
});

describe("strategy", () => {
  it("reads the strategy, refuses EXTERNAL, sums linear/canary bakes", () => {
    expect(strategyOf({ deploymentController: { type: "ECS" } })).toBe("ROLLING");
    expect(strategyOf({ deploymentController: { type: "CODE_DEPLOY" } })).toBe("CODE_DEPLOY");
    expect(strategyOf({ deploymentConfiguration: { strategy: "CANARY" } })).toBe("CANARY");
    expect(() => strategyOf({ serviceName: "web", deploymentController: { type: "EXTERNAL" } })).toThrow(
      /EXTERNAL deployment controller/,
    );
    expect(
      bakeMsOf({ bakeTimeInMinutes: 10, linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 2 } }, "LINEAR"),
    ).toBe(16 * 60_000);
    expect(bakeMsOf({ bakeTimeInMinutes: 10, canaryConfiguration: { canaryBakeTimeInMinutes: 5 } }, "CANARY")).toBe(
      15 * 60_000,
    );
    expect(bakeWarning("web", 30 * 60_000, 60 * 60_000, "stable")).toMatch(
      /timeout 30m.*shorter than the bake of service web \(1h/,
    );
    expect(bakeWarning("web", 30 * 60_000, 60 * 60_000, "POST_PRODUCTION_TRAFFIC_SHIFT")).toBeUndefined();
  });
});
