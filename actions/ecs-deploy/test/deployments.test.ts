import type { Deployment, Service } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { failureThreshold, isBusy, judge } from "../src/rollout/deployments.js";

const NEW = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:8";
const OLD = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:7";
const deployment = (fields: Partial<Deployment>): Deployment => ({
  id: "ecs-svc/1",
  status: "PRIMARY",
  taskDefinition: NEW,
  desiredCount: 2,
  runningCount: 0,
  pendingCount: 0,
  failedTasks: 0,
  ...fields,
});
const service = (deployments: Deployment[], breaker?: { enable: boolean; rollback: boolean }): Service => ({
  serviceName: "web",
  deployments,
  ...(breaker ? { deploymentConfiguration: { deploymentCircuitBreaker: breaker } } : {}),
});

describe("judge: the deployments[] fallback's verdict on one DescribeServices snapshot", () => {
  it("keeps waiting while the rollout is in progress", () => {
    expect(
      judge(
        service([
          deployment({ rolloutState: "IN_PROGRESS" }),
          deployment({ id: "ecs-svc/0", status: "ACTIVE", taskDefinition: OLD }),
        ]),
        "ecs-svc/1",
        NEW,
      ),
    ).toBeUndefined();
  });
  it("succeeds when ECS marks our deployment COMPLETED", () => {
    expect(
      judge(service([deployment({ rolloutState: "COMPLETED", runningCount: 2 })]), "ecs-svc/1", NEW),
    ).toMatchObject({
      outcome: "succeeded",
    });
  });
  it("without a rollout state, succeeds on running = desired and no other deployment", () => {
    expect(judge(service([deployment({ runningCount: 2 })]), "ecs-svc/1", NEW)).toMatchObject({ outcome: "succeeded" });
    expect(
      judge(
        service([deployment({ runningCount: 2 }), deployment({ id: "ecs-svc/0", status: "ACTIVE" })]),
        "ecs-svc/1",
        NEW,
      ),
    ).toBeUndefined();
  });
  it("fails at once on FAILED and knows when ECS rolls back", () => {
    const failed = deployment({
      rolloutState: "FAILED",
      rolloutStateReason: "ECS deployment circuit breaker: tasks failed to start.",
    });
    expect(judge(service([failed], { enable: true, rollback: true }), "ecs-svc/1", NEW)).toEqual({
      outcome: "failed",
      reason: "ECS deployment circuit breaker: tasks failed to start; ECS is rolling back",
      reasonCode: "circuit-breaker",
      details: { rolledBackBy: "ecs", rollbackState: "in-progress" },
    });
    expect(judge(service([failed], { enable: true, rollback: false }), "ecs-svc/1", NEW)).toMatchObject({
      outcome: "failed",
      reasonCode: "circuit-breaker",
      details: {},
    });
  });
  it("fails when another task definition became PRIMARY (ECS rolling back) or ours disappeared", () => {
    const rollback = deployment({ id: "ecs-svc/2", taskDefinition: OLD, rolloutState: "IN_PROGRESS" });
    expect(judge(service([rollback, deployment({ status: "ACTIVE" })]), "ecs-svc/1", NEW)).toMatchObject({
      outcome: "failed",
      details: { rolledBackBy: "ecs", rollbackState: "in-progress" },
    });
    expect(judge(service([rollback]), "ecs-svc/1", NEW)).toMatchObject({
      outcome: "failed",
      details: { rolledBackBy: "ecs", rollbackState: "in-progress" },
    });
    // ECS's rollback that fails too is a failure with the true state, not a rollback.
    const stuck = deployment({ id: "ecs-svc/2", taskDefinition: OLD, rolloutState: "FAILED", runningCount: 1 });
    expect(judge(service([stuck]), "ecs-svc/1", NEW)).toMatchObject({
      outcome: "failed",
      reason: expect.stringContaining("ECS's rollback to web:7 failed too (1 of 2 task(s) of web:7 running)"),
      details: { rolledBackBy: "ecs", rollbackState: "failed" },
    });
  });
  it("after a finished rollback, takes the reason from ECS's event about our deployment", () => {
    const rolledBack = {
      ...service([deployment({ id: "ecs-svc/2", taskDefinition: OLD, rolloutState: "COMPLETED" })]),
      events: [
        { id: "e2", message: "(service web) (deployment ecs-svc/2) deployment completed." },
        { id: "e1", message: "(service web) (deployment ecs-svc/1) deployment failed: tasks failed to start." },
      ],
    };
    expect(judge(rolledBack, "ecs-svc/1", NEW)).toEqual({
      outcome: "rolled-back",
      reason: "ECS deployment circuit breaker: tasks failed to start; ECS rolled back to web:7",
      reasonCode: "circuit-breaker",
      details: { rolledBackBy: "ecs", rollbackState: "succeeded" },
    });
  });
  it("without a circuit breaker, fails once failed tasks reach ECS's threshold", () => {
    expect(failureThreshold(1)).toBe(3);
    expect(failureThreshold(10)).toBe(5);
    expect(failureThreshold(1000)).toBe(200);
    expect(
      judge(service([deployment({ failedTasks: 2, rolloutState: "IN_PROGRESS" })]), "ecs-svc/1", NEW),
    ).toBeUndefined();
    expect(
      judge(service([deployment({ failedTasks: 3, rolloutState: "IN_PROGRESS" })]), "ecs-svc/1", NEW),
    ).toMatchObject({
      outcome: "failed",
      reasonCode: "tasks-failed",
    });
    // With a breaker, ECS decides.
    expect(
      judge(
        service([deployment({ failedTasks: 3, rolloutState: "IN_PROGRESS" })], { enable: true, rollback: true }),
        "ecs-svc/1",
        NEW,
      ),
    ).toBeUndefined();
  });
  it("calls a service busy while a rollout is in progress", () => {
    expect(isBusy(service([deployment({ rolloutState: "IN_PROGRESS" })]))).toBe(true);
    expect(isBusy(service([deployment({ rolloutState: "COMPLETED" })]))).toBe(false);
    expect(isBusy(service([deployment({}), deployment({ id: "ecs-svc/0", status: "ACTIVE" })]))).toBe(true);
  });
});
