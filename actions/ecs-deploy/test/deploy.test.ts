import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ECR, railsDefinition, type Scenario, scenario } from "./fixtures/scenario.js";

let s: Scenario;
afterEach(async () => {
  await s?.stop();
});

const mutations = () => s.aws.mutatingRequests().map((request) => request.operation);

describe("ecs-deploy against the ECS fake", () => {
  it("swaps the app image, leaves sidecars alone and waits for COMPLETED", async () => {
    s = await scenario({ breaker: { enable: true, rollback: true } });
    const result = await s.run({ image: `${ECR}/rails:v2` });
    expect(result.status).toBe("succeeded");
    const [web] = result.services;
    expect(web?.registered).toBe(true);
    expect(web?.taskDefinitionArn).toMatch(/task-definition\/qa3-web:2$/);
    expect(web?.previousTaskDefinitionArn).toMatch(/task-definition\/qa3-web:1$/);
    expect(web?.changes).toEqual([
      { container: "app", fromImage: `${ECR}/rails:v1`, toImage: `${ECR}/rails:v2`, env: [] },
    ]);
    const service = s.aws.describeService("qa", "qa3-web");
    expect(service.taskDefinition).toBe(web?.taskDefinitionArn);
    expect(service.deployments).toHaveLength(1);
    expect(service.deployments?.[0]?.rolloutState).toBe("COMPLETED");
    expect(mutations()).toEqual(["RegisterTaskDefinition", "UpdateService"]);
    expect(s.log.text("info")).toMatch(/\[qa3-web\] \d\/2 running, \d pending/);
    expect(s.clock.sleeps.every((ms) => ms <= 10_000)).toBe(true);
  });

  it("deploys two services in parallel from their own task definitions", async () => {
    s = await scenario();
    const result = await s.run({ service: "qa3-web,qa3-worker", image: `${ECR}/rails:v2` });
    expect(result.status).toBe("succeeded");
    expect(result.services.map((service) => service.taskDefinitionArn.split("/").pop())).toEqual([
      "qa3-web:2",
      "qa3-worker:2",
    ]);
    expect(s.aws.describeService("qa", "qa3-worker").taskDefinition).toMatch(/qa3-worker:2$/);
    // Both UpdateService calls go out before any waiting.
    const ops = s.aws.requests.map((request) => request.operation);
    const updates = ops.flatMap((op, index) => (op === "UpdateService" ? [index] : []));
    expect(updates).toHaveLength(2);
    expect(ops.slice(updates[0], updates[1]).filter((op) => op === "DescribeServices")).toHaveLength(0);
  });

  it("registers nothing and updates nothing when the service already runs the image", async () => {
    s = await scenario();
    const result = await s.run({ image: `${ECR}/rails:v1` });
    expect(result.status).toBe("succeeded");
    expect(result.services[0]?.registered).toBe(false);
    expect(mutations()).toEqual([]);
  });

  it("force-new-deployment registers a fresh revision and forces the rollout", async () => {
    s = await scenario();
    const result = await s.run({ "force-new-deployment": "true" });
    expect(result.status).toBe("succeeded");
    expect(result.services[0]?.registered).toBe(true);
    const update = s.aws.requests.find((request) => request.operation === "UpdateService")?.body as Record<
      string,
      unknown
    >;
    expect(update).toMatchObject({ forceNewDeployment: true, taskDefinition: result.services[0]?.taskDefinitionArn });
  });

  it("desired-count alone updates the service without registering", async () => {
    s = await scenario();
    const result = await s.run({ "desired-count": "3" });
    expect(result.status).toBe("succeeded");
    expect(mutations()).toEqual(["UpdateService"]);
    expect(s.aws.describeService("qa", "qa3-web").desiredCount).toBe(3);
  });

  it("dry-run makes no mutating call and reports the plan", async () => {
    s = await scenario();
    const result = await s.run({ image: `${ECR}/rails:v2`, "dry-run": "true", "run-task": "bin/rails db:migrate" });
    expect(result.status).toBe("dry-run");
    expect(result.services[0]?.changes[0]?.toImage).toBe(`${ECR}/rails:v2`);
    expect(mutations()).toEqual([]);
    expect(s.log.text()).toContain(`app: ${ECR}/rails:v1 → ${ECR}/rails:v2`);
  });

  it("detects the circuit breaker's rollback within one poll and explains why tasks stopped", async () => {
    s = await scenario({ breaker: { enable: true, rollback: true } });
    s.aws.imageBehaviour(`${ECR}/rails:broken`, {
      kind: "fail-to-start",
      reason: "CannotPullContainerError: pull image manifest has been retried 5 time(s): rails:broken not found",
    });
    const result = await s.run({ image: `${ECR}/rails:broken` });
    expect(result.status).toBe("rolled-back");
    const [web] = result.services;
    expect(web?.reason).toContain("circuit breaker");
    expect(web?.stoppedTasks[0]?.stopCode).toBe("TaskFailedToStart");
    expect(web?.events.some((event) => /deployment failed: tasks failed to start/.test(event))).toBe(true);
    expect(web?.stoppedTasks[0]?.stoppedReason).toContain("CannotPullContainerError");
    // We did not roll back ourselves: ECS did.
    expect(mutations()).toEqual(["RegisterTaskDefinition", "UpdateService"]);
    // ECS's rollback is followed to its end (the reported state is the true one): the verdict comes
    // within one poll interval of ECS completing the rollback it started when the deployment FAILED.
    const events = s.aws.describeService("qa", "qa3-web").events ?? [];
    const failedEvent = events.find((event) => /deployment failed: tasks failed to start/.test(event.message ?? ""));
    expect(failedEvent?.createdAt).toBeDefined();
    const failedAt = new Date(failedEvent?.createdAt ?? 0).getTime();
    const backAt = Math.min(
      ...events
        .filter(
          (event) => /deployment completed/.test(event.message ?? "") && (event.createdAt?.getTime() ?? 0) >= failedAt,
        )
        .map((event) => event.createdAt?.getTime() ?? Number.POSITIVE_INFINITY),
    );
    const verdictAt = result.timeline.find((entry) => entry.step === "rollout")?.at ?? 0;
    expect(verdictAt - backAt).toBeGreaterThanOrEqual(0);
    expect(verdictAt - backAt).toBeLessThanOrEqual(10_000);
    expect(web?.reason).toContain("ECS rolled back to qa3-web:1");
    expect(s.log.text("error")).toContain("CannotPullContainerError");
  });

  it("without a circuit breaker, fails on ECS's threshold and rolls back to the previous revision", async () => {
    s = await scenario();
    // Where ECS has no service-deployment API the rollback is an UpdateService (strategies.test.ts covers StopServiceDeployment).
    s.aws.serviceDeploymentApi("access-denied");
    s.aws.imageBehaviour(`${ECR}/rails:crash`, {
      kind: "exit",
      exitCode: 1,
      afterMs: 5_000,
      logLines: ["booting", "PG::ConnectionBad: could not connect"],
    });
    const result = await s.run({ image: `${ECR}/rails:crash` });
    expect(result.status).toBe("rolled-back");
    const [web] = result.services;
    expect(web?.reason).toContain("failure threshold is 3");
    expect(web?.rollback?.outcome).toBe("succeeded");
    expect(s.aws.describeService("qa", "qa3-web").taskDefinition).toMatch(/qa3-web:1$/);
    expect(web?.stoppedTasks[0]?.containers.find((container) => container.name === "app")?.exitCode).toBe(1);
    expect(web?.stoppedTasks[0]?.logs?.lines).toContain("PG::ConnectionBad: could not connect");
    expect(mutations()).toEqual(["RegisterTaskDefinition", "UpdateService", "UpdateService"]);
  });

  it("rolls back on timeout", async () => {
    s = await scenario();
    s.aws.imageBehaviour(`${ECR}/rails:slow`, { kind: "healthy", startMs: 3_600_000 });
    const result = await s.run({ image: `${ECR}/rails:slow`, timeout: "5m" });
    expect(result.services[0]?.rollback?.outcome).toBe("succeeded");
    expect(result.status).toBe("rolled-back");
    expect(result.services[0]?.reason).toContain("did not finish within");
    expect(s.aws.describeService("qa", "qa3-web").taskDefinition).toMatch(/qa3-web:1$/);
  });

  it("reports timed-out without rollback when rollback is off", async () => {
    s = await scenario();
    s.aws.imageBehaviour(`${ECR}/rails:slow`, { kind: "healthy", startMs: 3_600_000 });
    const result = await s.run({ image: `${ECR}/rails:slow`, timeout: "5m", rollback: "false" });
    expect(result.status).toBe("timed-out");
    expect(mutations()).toEqual(["RegisterTaskDefinition", "UpdateService"]);
  });

  it("runs the migration first and touches no service when it exits non-zero", async () => {
    s = await scenario();
    s.aws.runTaskBehaviour((context) =>
      context.commands["app"]?.join(" ") === "bin/rails db:migrate"
        ? {
            kind: "exit",
            exitCode: 1,
            afterMs: 20_000,
            logLines: ["== 20261125 AddIndex: migrating", "PG::DuplicateTable"],
          }
        : undefined,
    );
    const result = await s.run({
      service: "qa3-web,qa3-worker",
      image: `${ECR}/rails:v2`,
      "run-task": "bin/rails db:migrate",
    });
    expect(result.status).toBe("failed");
    expect(result.runTask?.exitCode).toBe(1);
    expect(result.reason).toContain("no service was updated");
    expect(mutations()).toEqual(["RegisterTaskDefinition", "RegisterTaskDefinition", "RunTask"]);
    expect(s.log.text()).toContain("PG::DuplicateTable");
  });

  it("runs the migration with the service's network and capacity settings, then deploys", async () => {
    s = await scenario();
    s.aws.runTaskBehaviour({ kind: "exit", exitCode: 0, afterMs: 15_000, logLines: ["migrated"] });
    const result = await s.run({ image: `${ECR}/rails:v2`, "run-task": "bin/rails db:migrate" });
    expect(result.status).toBe("succeeded");
    expect(result.runTask).toMatchObject({ ok: true, exitCode: 0 });
    const runTask = s.aws.requests.find((request) => request.operation === "RunTask")?.body as Record<string, unknown>;
    expect(runTask).toMatchObject({
      capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
      platformVersion: "1.4.0",
      overrides: { containerOverrides: [{ name: "app", command: ["bin/rails", "db:migrate"] }] },
    });
    expect(s.log.text()).toContain("| migrated");
  });

  it("rides out a throttling storm", async () => {
    s = await scenario();
    s.aws.throttle(/.*/, 6);
    s.aws.throttle("UpdateService", 3);
    const result = await s.run({ image: `${ECR}/rails:v2` });
    expect(result.status).toBe("succeeded");
    expect(s.aws.requests.filter((request) => request.status === 400).length).toBeGreaterThanOrEqual(6);
    expect(
      s.aws.requests.filter((request) => request.operation === "UpdateService" && request.status === 200),
    ).toHaveLength(1);
  });

  it("waits for a deployment already in progress before starting", async () => {
    s = await scenario();
    const first = await s.run({ image: `${ECR}/rails:v2`, wait: "false" });
    expect(first.services[0]?.deploymentId).toBeDefined();
    const second = await s.run({ image: `${ECR}/rails:v3` });
    expect(second.status).toBe("succeeded");
    expect(s.log.text()).toContain("already in progress; waiting for it to settle");
    expect(second.services[0]?.previousTaskDefinitionArn).toMatch(/qa3-web:2$/);
  });

  it("prunes old revisions but never one in use", async () => {
    s = await scenario();
    for (const tag of ["v2", "v3", "v4"]) await s.run({ image: `${ECR}/rails:${tag}` });
    const result = await s.run({ image: `${ECR}/rails:v5`, "keep-revisions": "2" });
    expect(result.status).toBe("succeeded");
    expect(result.deregistered.map((arn) => arn.split("/").pop())).toEqual(["qa3-web:3", "qa3-web:2", "qa3-web:1"]);
  });
});

describe("pre-flight rejections make no mutating call", () => {
  it.each([
    [{ service: "qa3-api" }, "Service not found in cluster qa: qa3-api"],
    [{ image: `${ECR}/kotlin:v2` }, "No container of service qa3-web uses the repository"],
    [
      { images: "web=nginx:1" },
      'images names container "web", which no task definition has. Containers: app, datadog-agent, log-router',
    ],
    [{ "environment-variables": "sidekiq:QUEUES=a" }, 'environment-variables names container "sidekiq"'],
    [{ "environment-variables": "RAILS_ENV=staging" }, "no image of service qa3-web is replaced"],
    [{ "run-task": "bin/rails db:migrate" }, "run-task needs a container"],
    [{ "run-task": "x", "run-task-container": "sidekiq", image: `${ECR}/rails:v2` }, 'run-task-container is "sidekiq"'],
  ])("%j", async (values, message) => {
    s = await scenario();
    await expect(s.run(values)).rejects.toThrow(message);
    expect(mutations()).toEqual([]);
  });
});

describe("task-definition file", () => {
  const workspace = mkdtempSync(path.join(tmpdir(), "ecs-deploy-file-"));

  it("uses a described definition as the base, stripping describe-only fields", async () => {
    s = await scenario();
    const described = {
      ...railsDefinition("qa3-web", `${ECR}/rails:v1`),
      taskDefinitionArn: "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/qa3-web:1",
      revision: 1,
      status: "ACTIVE",
      requiresAttributes: [{ name: "com.amazonaws.ecs.capability.logging-driver.awslogs" }],
      compatibilities: ["EC2", "FARGATE"],
      registeredAt: "2026-11-01T00:00:00.000Z",
      registeredBy: "arn:aws:sts::123456789012:assumed-role/deploy/x",
      cpu: "1024",
      memory: "2048",
    };
    writeFileSync(path.join(workspace, "td.json"), JSON.stringify(described));
    process.env["GITHUB_WORKSPACE"] = workspace;
    try {
      const result = await s.run({ "task-definition": "td.json", image: `${ECR}/rails:v2` });
      expect(result.status).toBe("succeeded");
      const registered = s.aws.requests.find((request) => request.operation === "RegisterTaskDefinition")
        ?.body as Record<string, unknown>;
      expect(registered["cpu"]).toBe("1024");
      expect(Object.keys(registered)).not.toContain("revision");
      expect(Object.keys(registered)).not.toContain("compatibilities");
    } finally {
      delete process.env["GITHUB_WORKSPACE"];
    }
  });

  it("rejects an unknown key naming it, before any call", async () => {
    s = await scenario();
    writeFileSync(
      path.join(workspace, "typo.yaml"),
      "family: qa3-web\ncontainerDefinitions: []\nmemoryReservation: 512\n",
    );
    process.env["GITHUB_WORKSPACE"] = workspace;
    try {
      await expect(s.run({ "task-definition": "typo.yaml" })).rejects.toThrow(
        '"memoryReservation", which is not a RegisterTaskDefinition field',
      );
      expect(s.aws.requests).toEqual([]);
    } finally {
      delete process.env["GITHUB_WORKSPACE"];
    }
  });
});

describe("execute: what main publishes", () => {
  it("a success: outputs for chaining, the summary, no failure", async () => {
    s = await scenario();
    const execution = await s.execute({ image: `${ECR}/rails:v2`, "environment-variables": "API_TOKEN=t0k3n" });
    expect(execution.failure).toBeUndefined();
    expect(execution.outputs).toMatchObject({
      status: "succeeded",
      "task-definition-arns": { "qa3-web": expect.stringMatching(/qa3-web:2$/) },
    });
    expect(execution.outputs["task-definition-arn"]).toMatch(/qa3-web:2$/);
    expect(execution.summary).toContain("ecs-deploy qa: succeeded");
    expect(execution.summary).not.toContain("t0k3n");
    expect(s.masked).toContain("t0k3n");
  });

  it("a rollback: the step fails after outputs and summary, with a hint", async () => {
    s = await scenario({ breaker: { enable: true, rollback: true } });
    s.aws.imageBehaviour(`${ECR}/rails:broken`, { kind: "fail-to-start", reason: "CannotPullContainerError: x" });
    const execution = await s.execute({ image: `${ECR}/rails:broken` });
    expect(execution.outputs.status).toBe("rolled-back");
    expect(execution.failure?.message).toMatch(/^Deployment rolled-back: /);
    expect(execution.failure?.hint).toContain("previous revision");
    expect(execution.summary).toContain("CannotPullContainerError");
  });

  it("a dry run does not fail the step", async () => {
    s = await scenario();
    const execution = await s.execute({ image: `${ECR}/rails:v2`, "dry-run": "true" });
    expect(execution.failure).toBeUndefined();
    expect(execution.outputs.status).toBe("dry-run");
  });
});
