import {
  ContinueServiceDeploymentCommand,
  type DeploymentConfiguration,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  type ServiceDeployment,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsFake } from "../src/aws/index.js";
import { VirtualClock } from "../src/clock.js";
import { credentials, network, webDefinition } from "./aws-fixtures.js";

const FINISHED = ["SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"];
const PULL_FAILS = { kind: "fail-to-start", reason: "CannotPullContainerError: not found" } as const;

describe("AwsFake: rollbacks that fail, eventual consistency and non-JSON answers", () => {
  let clock: VirtualClock;
  let fake: AwsFake;
  let ecs: ECSClient;

  beforeEach(async () => {
    clock = new VirtualClock();
    fake = await new AwsFake({ clock }).start();
    ecs = new ECSClient({ region: "ap-northeast-1", endpoint: fake.url, credentials, maxAttempts: 1 });
  });

  afterEach(async () => {
    ecs.destroy();
    await fake.stop();
  });

  const seed = (deploymentConfiguration: DeploymentConfiguration = {}) => {
    fake.seedCluster("prod");
    fake.seedTaskDefinition(webDefinition("repo/web:1"));
    fake.seedService({
      cluster: "prod",
      serviceName: "web",
      taskDefinition: "web:1",
      desiredCount: 2,
      launchType: "FARGATE",
      networkConfiguration: network,
      deploymentConfiguration,
    });
  };

  const update = async (image: string) => {
    const registered = await ecs.send(new RegisterTaskDefinitionCommand(webDefinition(image)));
    const { service } = await ecs.send(
      new UpdateServiceCommand({
        cluster: "prod",
        service: "web",
        taskDefinition: registered.taskDefinition?.taskDefinitionArn,
      }),
    );
    return service;
  };

  const describe1 = async (arn: string): Promise<ServiceDeployment | undefined> => {
    const { serviceDeployments } = await ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
    );
    return serviceDeployments?.[0];
  };

  const follow = async (arn: string) => {
    const seen: string[] = [];
    const limit = clock.now() + 30 * 60_000;
    for (;;) {
      const current = await describe1(arn);
      if (current === undefined) throw new Error("not described");
      if (seen.at(-1) !== current.status) seen.push(current.status ?? "");
      if (FINISHED.includes(current.status ?? "")) return { seen, last: current };
      if (clock.now() > limit) throw new Error(`not finished: ${seen.join(" → ")}`);
      await clock.sleep(2_000);
    }
  };

  describe("verdicts that stay true", () => {
    it("a circuit-breaker rollback whose old image cannot start either ends ROLLBACK_FAILED, keeping what runs", async () => {
      seed({
        deploymentCircuitBreaker: { enable: true, rollback: true },
        minimumHealthyPercent: 50,
        maximumPercent: 100,
      });
      fake.imageBehaviour("repo/web:2", PULL_FAILS);
      await clock.sleep(60_000);
      const arn = (await update("repo/web:2"))?.currentServiceDeployment ?? "";
      // The previous image disappears from the registry while the deployment runs.
      fake.imageBehaviour("repo/web:1", PULL_FAILS);
      const { seen, last } = await follow(arn);
      expect(seen).toEqual(["IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "ROLLBACK_FAILED"]);
      expect(last.statusReason).toBe(
        "ECS deployment circuit breaker: tasks failed to start. The rollback failed: tasks of the previous service revision failed to start.",
      );
      // A rollback takes the time its tasks take to fail: at least three failed starts of 30 s.
      expect((last.finishedAt?.getTime() ?? 0) - (last.rollback?.startedAt?.getTime() ?? 0)).toBeGreaterThanOrEqual(
        30_000,
      );
      const service = fake.describeService("prod", "web");
      expect([service.runningCount, service.desiredCount]).toEqual([1, 2]);
      expect(service.deployments?.[0]).toMatchObject({
        status: "PRIMARY",
        rolloutState: "FAILED",
        taskDefinition: expect.stringMatching(/web:1$/),
      });
      expect(service.events?.[0]?.message).toMatch(/rollback failed: tasks failed to start\.$/);
      // Settled: nothing relaunches, nothing else stops.
      await clock.sleep(10 * 60_000);
      expect(fake.describeService("prod", "web").runningCount).toBe(1);
      expect((await describe1(arn))?.status).toBe("ROLLBACK_FAILED");
    });

    it("without a breaker, a requested rollback that cannot start goes ROLLBACK_REQUESTED → ROLLBACK_IN_PROGRESS → ROLLBACK_FAILED", async () => {
      seed({ minimumHealthyPercent: 100, maximumPercent: 200 });
      fake.setTiming({ taskStartMs: 600_000 }); // the new tasks are still starting when the user stops
      await clock.sleep(60_000);
      const arn = (await update("repo/web:2"))?.currentServiceDeployment ?? "";
      await clock.sleep(30_000);
      fake.setTiming({ taskStartMs: 30_000 });
      fake.imageBehaviour("repo/web:1", PULL_FAILS);
      await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: "ROLLBACK" }));
      const { seen, last } = await follow(arn);
      expect(seen).toEqual(["ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_FAILED"]);
      expect(last.deploymentCircuitBreaker?.status).toBe("DISABLED");
      // minimumHealthyPercent 100 kept both old tasks running throughout.
      expect(fake.describeService("prod", "web").runningCount).toBe(2);
    });

    it("a rollback that can start its tasks is ROLLBACK_SUCCESSFUL only once they run and the old ones are gone", async () => {
      seed({ deploymentCircuitBreaker: { enable: true, rollback: true } });
      fake.imageBehaviour("repo/web:2", PULL_FAILS);
      await clock.sleep(60_000);
      const arn = (await update("repo/web:2"))?.currentServiceDeployment ?? "";
      const { seen, last } = await follow(arn);
      expect(seen).toEqual(["IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL"]);
      // Task start (30 s) plus the stability window (10 s) at least.
      expect((last.finishedAt?.getTime() ?? 0) - (last.rollback?.startedAt?.getTime() ?? 0)).toBeGreaterThanOrEqual(
        40_000,
      );
      expect(fake.describeService("prod", "web").runningCount).toBe(2);
    });
  });

  describe("eventual consistency", () => {
    it("hides a new service deployment from the API, and lags currentServiceDeployment, for the configured time", async () => {
      seed();
      const previous = fake.describeService("prod", "web").currentServiceDeployment;
      fake.ecsConsistency({ serviceDeploymentMs: 3_000, currentServiceDeploymentMs: 1_000 });
      await clock.sleep(60_000);
      const updatedAt = clock.now();
      const answered = await update("repo/web:2");
      // UpdateService's own answer still names the previous service deployment.
      expect(answered?.currentServiceDeployment).toBe(previous);
      expect(answered?.deployments?.[0]?.taskDefinition).toMatch(/web:2$/);
      await clock.sleep(1_000);
      const { services } = await ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }));
      const arn = services?.[0]?.currentServiceDeployment ?? "";
      expect(arn).not.toBe(previous);

      // Named by the service, yet not readable for two more seconds.
      const { serviceDeployments, failures } = await ecs.send(
        new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
      );
      expect(serviceDeployments).toEqual([]);
      expect(failures).toEqual([{ arn, reason: "MISSING", detail: "Service deployment not found." }]);
      const listed = await ecs.send(new ListServiceDeploymentsCommand({ cluster: "prod", service: "web" }));
      expect(listed.serviceDeployments?.map((brief) => brief.serviceDeploymentArn)).toEqual([previous]);
      await expect(
        ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: "ROLLBACK" })),
      ).rejects.toMatchObject({ name: "ServiceDeploymentNotFoundException" });
      await expect(
        ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId: "ecs-pause-x" })),
      ).rejects.toMatchObject({ name: "ServiceDeploymentNotFoundException" });

      await clock.sleep(1_999);
      expect(await describe1(arn)).toBeUndefined();
      await clock.sleep(1);
      const visible = await describe1(arn);
      // It ran all along: created when UpdateService answered, never stopped by the refused calls.
      expect(visible).toMatchObject({ status: "IN_PROGRESS", createdAt: new Date(updatedAt) });
      expect(visible?.rollback).toBeUndefined();
      const all = await ecs.send(new ListServiceDeploymentsCommand({ cluster: "prod", service: "web" }));
      expect(all.serviceDeployments?.map((brief) => brief.serviceDeploymentArn)).toEqual([arn, previous]);
      expect((await follow(arn)).last.status).toBe("SUCCESSFUL");
    });

    it("can be set from the constructor and switched off again", async () => {
      const lagging = await new AwsFake({ clock, ecsConsistency: { serviceDeploymentMs: 5_000 } }).start();
      const client = new ECSClient({ region: "ap-northeast-1", endpoint: lagging.url, credentials, maxAttempts: 1 });
      try {
        lagging.seedCluster("prod");
        lagging.seedTaskDefinition(webDefinition("repo/web:1"));
        lagging.seedTaskDefinition(webDefinition("repo/web:2"));
        lagging.seedService({
          cluster: "prod",
          serviceName: "web",
          taskDefinition: "web:1",
          desiredCount: 1,
          launchType: "FARGATE",
          networkConfiguration: network,
        });
        const first = await client.send(
          new UpdateServiceCommand({ cluster: "prod", service: "web", taskDefinition: "web:2" }),
        );
        const hidden = await client.send(
          new DescribeServiceDeploymentsCommand({
            serviceDeploymentArns: [first.service?.currentServiceDeployment ?? ""],
          }),
        );
        expect(hidden.failures?.[0]?.reason).toBe("MISSING");
        lagging.ecsConsistency({ serviceDeploymentMs: 0 });
        const second = await client.send(
          new UpdateServiceCommand({ cluster: "prod", service: "web", taskDefinition: "web:1" }),
        );
        const shown = await client.send(
          new DescribeServiceDeploymentsCommand({
            serviceDeploymentArns: [second.service?.currentServiceDeployment ?? ""],
          }),
        );
        expect(shown.serviceDeployments?.[0]?.status).toBe("IN_PROGRESS");
      } finally {
        client.destroy();
        await lagging.stop();
      }
    });
  });

  describe("non-JSON answers", () => {
    it("answers an operation with an HTML page, as an emulator lacking it does; nothing changes", async () => {
      seed();
      fake.injectHtmlError("UpdateService");
      const error = (await update("repo/web:2").then(
        () => undefined,
        (caught: unknown) => caught,
      )) as Error & { $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> } };
      expect(error).toBeInstanceOf(Error);
      // What the SDK makes of it: a deserialization SyntaxError carrying the HTTP status.
      expect(error.name).toBe("SyntaxError");
      expect(error.message).toContain("Deserialization error");
      expect(error.$metadata?.httpStatusCode).toBe(501);
      expect(fake.describeService("prod", "web").deployments).toHaveLength(1);
      // Every call gets the page (the operation is missing, not flaky) …
      await expect(update("repo/web:3")).rejects.toBeInstanceOf(Error);
      expect(fake.requests.filter((request) => request.operation === "UpdateService").map((r) => r.status)).toEqual([
        501, 501,
      ]);
      // … and the others still answer AWS JSON.
      const { services } = await ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }));
      expect(services?.[0]?.serviceName).toBe("web");
    });

    it("serves the page raw over HTTP with the status, content type and times asked for", async () => {
      seed();
      fake.injectHtmlError(/^(List|Describe)ServiceDeployments$/, { status: 404, times: 1, body: "<h1>nope</h1>" });
      const call = () =>
        fetch(fake.url, {
          method: "POST",
          headers: {
            "x-amz-target": "AmazonEC2ContainerServiceV20141113.ListServiceDeployments",
            "content-type": "application/x-amz-json-1.1",
            authorization:
              "AWS4-HMAC-SHA256 Credential=AKIDTEST/20261125/ap-northeast-1/ecs/aws4_request, SignedHeaders=host, Signature=x",
          },
          body: JSON.stringify({ cluster: "prod", service: "web" }),
        });
      const page = await call();
      expect(page.status).toBe(404);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await page.text()).toBe("<h1>nope</h1>");
      const json = await call();
      expect(json.status).toBe(200);
      expect(((await json.json()) as { serviceDeployments: unknown[] }).serviceDeployments).toHaveLength(1);
    });
  });
});
