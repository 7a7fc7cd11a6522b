import type { Deployment, Service, Task } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { revisionsToDeregister } from "../src/after/prune.js";
import { judgeStoppedTask, runTaskRequest } from "../src/before/run-task.js";
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

describe("judge", () => {
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
    expect(judge(service([deployment({ rolloutState: "COMPLETED", runningCount: 2 })]), "ecs-svc/1", NEW)).toEqual({
      outcome: "succeeded",
    });
  });
  it("without a rollout state, succeeds on running = desired and no other deployment", () => {
    expect(judge(service([deployment({ runningCount: 2 })]), "ecs-svc/1", NEW)).toEqual({ outcome: "succeeded" });
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
      reason: "ECS deployment circuit breaker: tasks failed to start.",
      rolledBackByEcs: true,
    });
    expect(judge(service([failed], { enable: true, rollback: false }), "ecs-svc/1", NEW)).toMatchObject({
      rolledBackByEcs: false,
    });
  });
  it("fails when another task definition became PRIMARY (rolled back) or ours disappeared", () => {
    const rollback = deployment({ id: "ecs-svc/2", taskDefinition: OLD, rolloutState: "IN_PROGRESS" });
    expect(judge(service([rollback, deployment({ status: "ACTIVE" })]), "ecs-svc/1", NEW)).toMatchObject({
      outcome: "failed",
      rolledBackByEcs: true,
    });
    expect(judge(service([rollback]), "ecs-svc/1", NEW)).toMatchObject({ outcome: "failed", rolledBackByEcs: true });
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
      outcome: "failed",
      reason: `ECS deployment circuit breaker: tasks failed to start; ECS rolled back to ${OLD} (deployment ecs-svc/2)`,
      rolledBackByEcs: true,
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
      rolledBackByEcs: false,
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

describe("one-off task verdict", () => {
  const definitions = [
    { name: "web", essential: true },
    { name: "datadog", essential: false },
  ];
  const task = (fields: Partial<Task>): Task => ({ stopCode: "EssentialContainerExited", ...fields });
  it("passes on exit 0 of the command container", () => {
    expect(
      judgeStoppedTask(
        task({
          containers: [
            { name: "web", exitCode: 0 },
            { name: "datadog", exitCode: 137 },
          ],
        }),
        "web",
        definitions,
      ),
    ).toMatchObject({ ok: true, exitCode: 0 });
  });
  it("fails on a non-zero exit code and on any other stop code", () => {
    expect(judgeStoppedTask(task({ containers: [{ name: "web", exitCode: 1 }] }), "web", definitions)).toMatchObject({
      ok: false,
      exitCode: 1,
    });
    expect(
      judgeStoppedTask(
        task({
          stopCode: "TaskFailedToStart",
          stoppedReason: "CannotPullContainerError: not found",
          containers: [{ name: "web" }],
        }),
        "web",
        definitions,
      ),
    ).toMatchObject({
      ok: false,
      reason: "the task stopped with TaskFailedToStart: CannotPullContainerError: not found",
    });
  });
  it("takes network, capacity and platform from the service", () => {
    const request = runTaskRequest({
      cluster: "qa",
      taskDefinitionArn: NEW,
      service: {
        capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
        platformVersion: "1.4.0",
        networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-1"], assignPublicIp: "DISABLED" } },
      },
      container: "web",
      command: ["bin/rails", "db:migrate"],
      containers: [],
      deadline: 0,
      pollIntervalMs: 1000,
    });
    expect(request).toEqual({
      cluster: "qa",
      taskDefinition: NEW,
      count: 1,
      startedBy: "sre-actions/ecs-deploy",
      capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
      platformVersion: "1.4.0",
      networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-1"], assignPublicIp: "DISABLED" } },
      overrides: { containerOverrides: [{ name: "web", command: ["bin/rails", "db:migrate"] }] },
    });
  });
});

describe("revisionsToDeregister", () => {
  const arn = (revision: number) => `arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:${revision}`;
  it("keeps the newest N and anything in use", () => {
    const active = [1, 2, 3, 4, 5, 10].map(arn);
    expect(revisionsToDeregister(active, 2, new Set([arn(3)]))).toEqual([arn(4), arn(2), arn(1)]);
  });
});
