import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import {
  type DeploymentConfiguration,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
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

const LB = {
  targetGroupArn: "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web-blue/0123456789abcdef",
  containerName: "app",
  containerPort: 8080,
  advancedConfiguration: {
    alternateTargetGroupArn:
      "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web-green/fedcba9876543210",
    productionListenerRule:
      "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener-rule/app/web/0123456789abcdef/0123456789abcdef/0123456789abcdef",
    roleArn: "arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers",
  },
};
const HOOK = "arn:aws:lambda:ap-northeast-1:123456789012:function:smoke-test";

describe("AwsFake: service deployments and revisions", () => {
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

  const seed = (deploymentConfiguration: DeploymentConfiguration = {}, loadBalancers = [LB]) => {
    fake.seedCluster("prod");
    fake.seedTaskDefinition(webDefinition("repo/web:1"));
    fake.seedService({
      cluster: "prod",
      serviceName: "web",
      taskDefinition: "web:1",
      desiredCount: 2,
      launchType: "FARGATE",
      networkConfiguration: network,
      loadBalancers,
      deploymentConfiguration,
    });
  };

  const deploy = async (image: string) => {
    await clock.sleep(60_000); // the seeded deployment is a minute older
    const registered = await ecs.send(new RegisterTaskDefinitionCommand(webDefinition(image)));
    const { service } = await ecs.send(
      new UpdateServiceCommand({
        cluster: "prod",
        service: "web",
        taskDefinition: registered.taskDefinition?.taskDefinitionArn,
      }),
    );
    const arn = service?.currentServiceDeployment;
    if (arn === undefined) throw new Error("no currentServiceDeployment");
    return arn;
  };

  const record = async (arn: string): Promise<ServiceDeployment> => {
    const { serviceDeployments } = await ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
    );
    const found = serviceDeployments?.[0];
    if (found === undefined) throw new Error("not described");
    return found;
  };

  /** Polls every `stepMs` until the record is finished; returns every (status, stage) seen, in order. */
  const follow = async (arn: string, stepMs = 1_000, limitMs = 3 * 3_600_000) => {
    const seen: string[] = [];
    const started = clock.now();
    for (;;) {
      const current = await record(arn);
      const label = `${current.status}${current.lifecycleStage ? ` ${current.lifecycleStage}` : ""}`;
      if (seen.at(-1) !== label) seen.push(label);
      if (["SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"].includes(current.status ?? "")) {
        return { seen, last: current, elapsedMs: clock.now() - started };
      }
      if (clock.now() - started > limitMs) throw new Error(`not finished: ${seen.join(" → ")}`);
      await clock.sleep(stepMs);
    }
  };

  it("records a rolling deployment: revision, counts, SUCCESSFUL when ECS completes it", async () => {
    seed({}, []);
    const arn = await deploy("repo/web:2");
    expect(arn).toMatch(/^arn:aws:ecs:ap-northeast-1:123456789012:service-deployment\/prod\/web\/[0-9a-f]{22}$/);
    const first = await record(arn);
    expect(first).toMatchObject({
      status: "IN_PROGRESS",
      sourceServiceRevisions: [{ requestedTaskCount: 2, runningTaskCount: 2 }],
      targetServiceRevision: { requestedTaskCount: 2 },
      deploymentCircuitBreaker: { status: "DISABLED", failureCount: 0, threshold: 3 },
      alarms: { status: "DISABLED", alarmNames: [], triggeredAlarmNames: [] },
    });
    expect(first.lifecycleStage).toBeUndefined();
    const { seen, last } = await follow(arn);
    expect(seen).toEqual(["IN_PROGRESS", "SUCCESSFUL"]);
    expect(last.targetServiceRevision).toMatchObject({ runningTaskCount: 2, requestedTaskCount: 2 });
    expect(last.finishedAt).toBeInstanceOf(Date);

    const { serviceDeployments } = await ecs.send(
      new ListServiceDeploymentsCommand({
        cluster: "prod",
        service: "web",
        createdAt: { after: new Date(first.createdAt ?? 0) },
      }),
    );
    expect(serviceDeployments?.map((brief) => [brief.serviceDeploymentArn, brief.status])).toEqual([
      [arn, "SUCCESSFUL"],
    ]);
    const all = await ecs.send(new ListServiceDeploymentsCommand({ cluster: "prod", service: "web" }));
    expect(all.serviceDeployments).toHaveLength(2); // the seeded one too

    const revisionArn = last.targetServiceRevision?.arn ?? "";
    expect(revisionArn).toMatch(/:service-revision\/prod\/web\/\d{19}$/);
    const { serviceRevisions } = await ecs.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: [revisionArn] }),
    );
    expect(serviceRevisions?.[0]).toMatchObject({
      taskDefinition: expect.stringMatching(/task-definition\/web:2$/),
      containerImages: [{ containerName: "app", image: "repo/web:2" }],
      launchType: "FARGATE",
    });
  });

  it("a circuit-breaker rollback is ROLLBACK_IN_PROGRESS then ROLLBACK_SUCCESSFUL in the same record", async () => {
    seed({ deploymentCircuitBreaker: { enable: true, rollback: true } }, []);
    fake.imageBehaviour("repo/web:bad", { kind: "fail-to-start", reason: "CannotPullContainerError: not found" });
    const arn = await deploy("repo/web:bad");
    const { seen, last } = await follow(arn);
    expect(seen).toEqual(["IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL"]);
    expect(last).toMatchObject({
      statusReason: "ECS deployment circuit breaker: tasks failed to start.",
      deploymentCircuitBreaker: { status: "TRIGGERED", threshold: 3 },
      rollback: { reason: "ECS deployment circuit breaker: tasks failed to start." },
    });
    expect(last.rollback?.serviceRevisionArn).toBe(last.sourceServiceRevisions?.[0]?.arn);
    expect(fake.describeService("prod", "web").taskDefinition).toMatch(/web:1$/);
  });

  it("a circuit breaker without rollback stops the deployment (STOPPED)", async () => {
    seed({ deploymentCircuitBreaker: { enable: true, rollback: false } }, []);
    fake.imageBehaviour("repo/web:bad", { kind: "fail-to-start", reason: "CannotPullContainerError: not found" });
    const { seen, last } = await follow(await deploy("repo/web:bad"));
    expect(seen).toEqual(["IN_PROGRESS", "STOPPED"]);
    expect(last.stoppedAt).toBeInstanceOf(Date);
  });

  it("an alarm in ALARM fails a rolling deployment and rolls it back; DescribeAlarms shows it", async () => {
    seed({ alarms: { enable: true, rollback: true, alarmNames: ["web-5xx"] } }, []);
    fake.setAlarmState("web-5xx", "OK");
    const arn = await deploy("repo/web:2");
    await clock.sleep(20_000);
    expect((await record(arn)).alarms?.status).toBe("MONITORING");
    fake.setAlarmState("web-5xx", "ALARM");
    const { seen, last } = await follow(arn);
    expect(seen).toEqual(["ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL"]);
    expect(last.alarms).toEqual({ status: "TRIGGERED", alarmNames: ["web-5xx"], triggeredAlarmNames: ["web-5xx"] });
    expect(last.statusReason).toBe("ECS deployment alarms: web-5xx in ALARM state.");

    const cloudWatch = new CloudWatchClient({ region: "ap-northeast-1", endpoint: fake.url, credentials });
    const alarms = await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: ["web-5xx", "missing"] }));
    expect(alarms.MetricAlarms?.map((alarm) => [alarm.AlarmName, alarm.StateValue])).toEqual([["web-5xx", "ALARM"]]);
    cloudWatch.destroy();
  });

  it("StopServiceDeployment ROLLBACK: ROLLBACK_REQUESTED, then back on the source revision", async () => {
    seed({}, []);
    const arn = await deploy("repo/web:2");
    await clock.sleep(10_000);
    await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: "ROLLBACK" }));
    expect((await record(arn)).status).toBe("ROLLBACK_REQUESTED");
    const { seen } = await follow(arn);
    expect(seen).toEqual(["ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL"]);
    expect(fake.describeService("prod", "web").taskDefinition).toMatch(/web:1$/);
    await expect(
      ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: "ROLLBACK" })),
    ).rejects.toMatchObject({ name: "ConflictException" });
    await expect(
      ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: `${arn}x`, stopType: "ROLLBACK" })),
    ).rejects.toMatchObject({ name: "ServiceDeploymentNotFoundException" });
  });

  it("blue/green walks every lifecycle stage in order, bakes 10 minutes on the clock, then cleans up blue", async () => {
    seed({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 10 });
    const arn = await deploy("repo/web:2");
    const { seen, last, elapsedMs } = await follow(arn, 5_000);
    // Stages without work or hooks pass in the same instant.
    expect(seen).toEqual([
      "IN_PROGRESS SCALE_UP",
      "IN_PROGRESS BAKE_TIME",
      "IN_PROGRESS CLEAN_UP",
      "SUCCESSFUL CLEAN_UP",
    ]);
    expect(elapsedMs).toBeGreaterThanOrEqual(10 * 60_000);
    expect(elapsedMs).toBeLessThan(12 * 60_000);
    expect(last.targetServiceRevision).toMatchObject({ requestedProductionTrafficWeight: 100, runningTaskCount: 2 });
    expect(last.sourceServiceRevisions?.[0]).toMatchObject({ runningTaskCount: 0, requestedTaskCount: 0 });
    const service = fake.describeService("prod", "web");
    expect(service.deployments?.map((deployment) => deployment.rolloutState)).toEqual(["COMPLETED"]);
    expect(service.taskDefinition).toMatch(/web:2$/);
  });

  it("blue/green keeps blue at full size during scale-up and bake (maximumPercent does not apply)", async () => {
    seed({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 10, maximumPercent: 100, minimumHealthyPercent: 100 });
    const arn = await deploy("repo/web:2");
    await clock.sleep(5 * 60_000);
    const baking = await record(arn);
    expect(baking.lifecycleStage).toBe("BAKE_TIME");
    expect(baking.sourceServiceRevisions?.[0]?.runningTaskCount).toBe(2);
    expect(baking.targetServiceRevision).toMatchObject({ runningTaskCount: 2, requestedProductionTrafficWeight: 100 });
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }));
    expect(services?.[0]?.deployments?.map((deployment) => [deployment.status, deployment.rolloutState])).toEqual([
      ["PRIMARY", "IN_PROGRESS"],
      ["ACTIVE", "COMPLETED"],
    ]);
    expect(services?.[0]?.currentServiceDeployment).toBe(arn);
  });

  it("linear shifts production traffic in steps with a bake between each; canary in two", async () => {
    seed({
      strategy: "LINEAR",
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 1 },
      bakeTimeInMinutes: 0,
    });
    const arn = await deploy("repo/web:2");
    const weights: number[] = [];
    for (;;) {
      const current = await record(arn);
      const weight = current.targetServiceRevision?.requestedProductionTrafficWeight ?? 0;
      if (weights.at(-1) !== weight) weights.push(weight);
      if (current.status === "SUCCESSFUL") break;
      await clock.sleep(5_000);
    }
    expect(weights).toEqual([0, 25, 50, 75, 100]);
  });

  it("a canary deployment shifts canaryPercent first, waits canaryBakeTimeInMinutes, then the rest", async () => {
    seed({
      strategy: "CANARY",
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 5 },
      bakeTimeInMinutes: 1,
    });
    const arn = await deploy("repo/web:2");
    const timeline: [number, number][] = [];
    const started = clock.now();
    for (;;) {
      const current = await record(arn);
      const weight = current.targetServiceRevision?.requestedProductionTrafficWeight ?? 0;
      if (timeline.at(-1)?.[1] !== weight) timeline.push([Math.round((clock.now() - started) / 60_000), weight]);
      if (current.status === "SUCCESSFUL") break;
      await clock.sleep(5_000);
    }
    expect(timeline.map(([, weight]) => weight)).toEqual([0, 10, 100]);
    const [, canary, full] = timeline;
    expect((full?.[0] ?? 0) - (canary?.[0] ?? 0)).toBe(5);
  });

  it("a failing lifecycle hook rolls a blue/green deployment back and says which hook", async () => {
    seed({
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 5,
      lifecycleHooks: [
        {
          hookTargetArn: HOOK,
          roleArn: "arn:aws:iam::123456789012:role/ecs-hooks",
          lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"],
        },
      ],
    });
    fake.lifecycleHookBehaviour(HOOK, { result: "FAILED", afterMs: 30_000 });
    const { seen, last } = await follow(await deploy("repo/web:2"), 5_000);
    expect(seen).toEqual([
      "IN_PROGRESS SCALE_UP",
      "IN_PROGRESS POST_TEST_TRAFFIC_SHIFT",
      "ROLLBACK_IN_PROGRESS POST_TEST_TRAFFIC_SHIFT",
      "ROLLBACK_SUCCESSFUL POST_TEST_TRAFFIC_SHIFT",
    ]);
    expect(last.statusReason).toBe(
      `ECS deployment lifecycle hook: lifecycle hook ${HOOK} failed at POST_TEST_TRAFFIC_SHIFT.`,
    );
    expect(last.lifecycleHookDetails?.[0]).toMatchObject({ targetArn: HOOK, status: "FAILED" });
    expect(last.targetServiceRevision).toMatchObject({ requestedProductionTrafficWeight: 0, runningTaskCount: 0 });
    expect(fake.describeService("prod", "web").taskDefinition).toMatch(/web:1$/);
  });

  it("an alarm during the bake rolls blue/green back; StopServiceDeployment does too", async () => {
    seed({
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 10,
      alarms: { enable: true, rollback: true, alarmNames: ["web-5xx"] },
    });
    const arn = await deploy("repo/web:2");
    await clock.sleep(3 * 60_000);
    expect((await record(arn)).lifecycleStage).toBe("BAKE_TIME");
    fake.setAlarmState("web-5xx", "ALARM");
    const { seen, last } = await follow(arn);
    expect(seen).toEqual(["ROLLBACK_IN_PROGRESS BAKE_TIME", "ROLLBACK_SUCCESSFUL BAKE_TIME"]);
    expect(last.alarms?.triggeredAlarmNames).toEqual(["web-5xx"]);

    fake.setAlarmState("web-5xx", "OK");
    const second = await deploy("repo/web:3");
    await clock.sleep(60_000);
    await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: second }));
    const stopped = await follow(second);
    expect(stopped.seen.at(-1)).toMatch(/^ROLLBACK_SUCCESSFUL/);
  });

  it("a circuit breaker fails a blue/green scale-up", async () => {
    seed({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 5, deploymentCircuitBreaker: { enable: true, rollback: true } });
    fake.imageBehaviour("repo/web:bad", { kind: "fail-to-start", reason: "CannotPullContainerError: not found" });
    const { seen, last } = await follow(await deploy("repo/web:bad"));
    expect(seen).toEqual(["IN_PROGRESS SCALE_UP", "ROLLBACK_IN_PROGRESS SCALE_UP", "ROLLBACK_SUCCESSFUL SCALE_UP"]);
    expect(last.deploymentCircuitBreaker).toMatchObject({ status: "TRIGGERED", threshold: 3 });
    expect(last.deploymentCircuitBreaker?.failureCount).toBeGreaterThanOrEqual(3);
  });

  it("answers AccessDenied or an unknown operation when switched off, and hides currentServiceDeployment", async () => {
    seed({}, []);
    fake.serviceDeploymentApi("access-denied");
    await expect(
      ecs.send(new ListServiceDeploymentsCommand({ cluster: "prod", service: "web" })),
    ).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: expect.stringContaining("ecs:ListServiceDeployments"),
    });
    fake.serviceDeploymentApi("unknown-operation");
    await expect(
      ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: ["arn:aws:ecs:x"] })),
    ).rejects.toMatchObject({ name: "UnknownOperationException" });
    const registered = await ecs.send(new RegisterTaskDefinitionCommand(webDefinition("repo/web:2")));
    const { service } = await ecs.send(
      new UpdateServiceCommand({
        cluster: "prod",
        service: "web",
        taskDefinition: registered.taskDefinition?.taskDefinitionArn,
      }),
    );
    expect(service?.currentServiceDeployment).toBeUndefined();
  });
});
