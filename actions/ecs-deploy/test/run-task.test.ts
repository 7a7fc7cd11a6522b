import type { Task } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { judgeStoppedTask, runTaskRequest } from "../src/before/run-task.js";

const NEW = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:8";

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
