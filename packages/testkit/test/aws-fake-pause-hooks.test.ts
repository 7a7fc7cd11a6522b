import {
  ContinueServiceDeploymentCommand,
  type DeploymentConfiguration,
  type DeploymentLifecycleHook,
  DescribeServiceDeploymentsCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type ServiceDeployment,
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
const LAMBDA = "arn:aws:lambda:ap-northeast-1:123456789012:function:smoke-test";
const MINUTE = 60_000;
const FINISHED = ["SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"];

const pause = (
  stages: DeploymentLifecycleHook["lifecycleStages"],
  timeout?: DeploymentLifecycleHook["timeoutConfiguration"],
): DeploymentLifecycleHook => ({
  targetType: "PAUSE",
  lifecycleStages: stages,
  ...(timeout === undefined ? {} : { timeoutConfiguration: timeout }),
});

describe("AwsFake: PAUSE lifecycle hooks and ContinueServiceDeployment", () => {
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

  const seed = (deploymentConfiguration: DeploymentConfiguration) => {
    fake.seedCluster("prod");
    fake.seedTaskDefinition(webDefinition("repo/web:1"));
    fake.seedService({
      cluster: "prod",
      serviceName: "web",
      taskDefinition: "web:1",
      desiredCount: 2,
      launchType: "FARGATE",
      networkConfiguration: network,
      loadBalancers: [LB],
      deploymentConfiguration,
    });
  };

  const deploy = async (image: string) => {
    await clock.sleep(MINUTE);
    const registered = await ecs.send(new RegisterTaskDefinitionCommand(webDefinition(image)));
    const { service } = await ecs.send(
      new UpdateServiceCommand({
        cluster: "prod",
        service: "web",
        taskDefinition: registered.taskDefinition?.taskDefinitionArn,
      }),
    );
    return service?.currentServiceDeployment ?? "";
  };

  const record = async (arn: string): Promise<ServiceDeployment> => {
    const { serviceDeployments } = await ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
    );
    const found = serviceDeployments?.[0];
    if (found === undefined) throw new Error("not described");
    return found;
  };

  /** Polls every 5 s until a PAUSE hook awaits action (or the deployment finishes). */
  const untilPaused = async (arn: string, limitMs = 60 * MINUTE) => {
    const started = clock.now();
    for (;;) {
      const current = await record(arn);
      const hook = current.lifecycleHookDetails?.find((detail) => detail.status === "AWAITING_ACTION");
      if (hook !== undefined) return { current, hook, at: clock.now() };
      if (FINISHED.includes(current.status ?? "")) throw new Error(`finished ${current.status} without pausing`);
      if (clock.now() - started > limitMs) throw new Error("never paused");
      await clock.sleep(5_000);
    }
  };

  /** Polls every 5 s until finished; returns the (status, stage) labels seen. */
  const follow = async (arn: string) => {
    const seen: string[] = [];
    const started = clock.now();
    for (;;) {
      const current = await record(arn);
      const label = `${current.status}${current.lifecycleStage ? ` ${current.lifecycleStage}` : ""}`;
      if (seen.at(-1) !== label) seen.push(label);
      if (FINISHED.includes(current.status ?? "")) return { seen, last: current, elapsedMs: clock.now() - started };
      if (clock.now() - started > 3 * 60 * MINUTE) throw new Error(`not finished: ${seen.join(" → ")}`);
      await clock.sleep(5_000);
    }
  };

  const continueHook = (serviceDeploymentArn: string, hookId: string, action?: "CONTINUE" | "ROLLBACK") =>
    ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn,
        hookId,
        ...(action === undefined ? {} : { action }),
      }),
    );

  it("pauses blue/green after the test traffic shift with the documented hook details, until CONTINUE", async () => {
    seed({
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 5,
      lifecycleHooks: [pause(["POST_TEST_TRAFFIC_SHIFT"], { timeoutInMinutes: 60, action: "ROLLBACK" })],
    });
    const arn = await deploy("repo/web:2");
    const { current, hook, at } = await untilPaused(arn);
    expect(current).toMatchObject({
      status: "IN_PROGRESS",
      lifecycleStage: "POST_TEST_TRAFFIC_SHIFT",
      targetServiceRevision: { requestedTestTrafficWeight: 100, requestedProductionTrafficWeight: 0 },
    });
    expect(current.lifecycleHookDetails).toEqual([
      {
        hookId: expect.stringMatching(/^ecs-pause-[A-Za-z0-9_-]{43}$/),
        targetType: "PAUSE",
        status: "AWAITING_ACTION",
        expiresAt: hook.expiresAt,
        timeoutAction: "ROLLBACK",
      },
    ]);
    // Paused in the 5 s since the previous poll; expires 60 minutes after the pause began.
    const expiresAt = hook.expiresAt?.getTime() ?? 0;
    expect(expiresAt - at).toBeGreaterThan(55 * MINUTE);
    expect(expiresAt - at).toBeLessThanOrEqual(60 * MINUTE);

    await clock.sleep(50 * MINUTE);
    const still = await record(arn);
    expect(still).toMatchObject({ status: "IN_PROGRESS", lifecycleStage: "POST_TEST_TRAFFIC_SHIFT" });
    expect(still.lifecycleHookDetails?.[0]?.status).toBe("AWAITING_ACTION");

    const answer = await continueHook(arn, hook.hookId ?? "", "CONTINUE");
    expect(answer.serviceDeploymentArn).toBe(arn);
    const moved = await record(arn);
    expect(moved.lifecycleStage).toBe("BAKE_TIME");
    expect(moved.targetServiceRevision?.requestedProductionTrafficWeight).toBe(100);
    // The hook answered is no longer waiting: a second answer is refused.
    await expect(continueHook(arn, hook.hookId ?? "", "CONTINUE")).rejects.toMatchObject({
      name: "ClientException",
      message: expect.stringContaining("is SUCCEEDED, not AWAITING_ACTION"),
    });
    const { seen, elapsedMs } = await follow(arn);
    expect(seen).toEqual(["IN_PROGRESS BAKE_TIME", "IN_PROGRESS CLEAN_UP", "SUCCESSFUL CLEAN_UP"]);
    expect(elapsedMs).toBeGreaterThanOrEqual(5 * MINUTE);
    expect(fake.describeService("prod", "web").taskDefinition).toMatch(/web:2$/);
  });

  it("an omitted action means CONTINUE", async () => {
    seed({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 0, lifecycleHooks: [pause(["POST_SCALE_UP"])] });
    const arn = await deploy("repo/web:2");
    const { current, hook } = await untilPaused(arn);
    expect(current.lifecycleStage).toBe("POST_SCALE_UP");
    expect(hook.timeoutAction).toBe("ROLLBACK"); // the documented default
    // Default timeout: 1440 minutes.
    expect((hook.expiresAt?.getTime() ?? 0) - clock.now()).toBeGreaterThan(1435 * MINUTE);
    await continueHook(arn, hook.hookId ?? "");
    expect((await follow(arn)).last.status).toBe("SUCCESSFUL");
  });

  it("ROLLBACK is a requested rollback: ROLLBACK_REQUESTED → ROLLBACK_IN_PROGRESS → ROLLBACK_SUCCESSFUL", async () => {
    seed({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 5, lifecycleHooks: [pause(["POST_TEST_TRAFFIC_SHIFT"])] });
    const arn = await deploy("repo/web:2");
    const { hook } = await untilPaused(arn);
    const rolledBackAt = clock.now();
    await continueHook(arn, hook.hookId ?? "", "ROLLBACK");
    const requested = await record(arn);
    expect(requested).toMatchObject({
      status: "ROLLBACK_REQUESTED",
      statusReason: "ContinueServiceDeployment: rollback requested at POST_TEST_TRAFFIC_SHIFT.",
      rollback: { reason: "ContinueServiceDeployment: rollback requested at POST_TEST_TRAFFIC_SHIFT." },
    });
    expect(requested.lifecycleHookDetails?.[0]).toMatchObject({ hookId: hook.hookId, status: "FAILED" });
    expect(requested.rollback?.serviceRevisionArn).toBe(requested.sourceServiceRevisions?.[0]?.arn);
    await expect(continueHook(arn, hook.hookId ?? "", "CONTINUE")).rejects.toMatchObject({
      name: "ClientException",
    });
    const { seen, last } = await follow(arn);
    expect(seen).toEqual([
      "ROLLBACK_REQUESTED POST_TEST_TRAFFIC_SHIFT",
      "ROLLBACK_IN_PROGRESS POST_TEST_TRAFFIC_SHIFT",
      "ROLLBACK_SUCCESSFUL POST_TEST_TRAFFIC_SHIFT",
    ]);
    // Not instant: green drains before the rollback is done.
    expect((last.finishedAt?.getTime() ?? 0) - rolledBackAt).toBeGreaterThanOrEqual(30_000);
    expect(last.targetServiceRevision).toMatchObject({ requestedProductionTrafficWeight: 0, runningTaskCount: 0 });
    expect(fake.describeService("prod", "web").taskDefinition).toMatch(/web:1$/);
  });

  it("names a wrong hook id, a Lambda hook, an unknown deployment and a deployment that is not paused", async () => {
    seed({
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 5,
      lifecycleHooks: [
        { hookTargetArn: LAMBDA, roleArn: "arn:aws:iam::123456789012:role/hooks", lifecycleStages: ["PRE_SCALE_UP"] },
        pause(["POST_TEST_TRAFFIC_SHIFT"]),
      ],
    });
    fake.lifecycleHookBehaviour(LAMBDA, { result: "SUCCEEDED", afterMs: 20_000 });
    const arn = await deploy("repo/web:2");
    const lambda = (await record(arn)).lifecycleHookDetails?.[0];
    expect(lambda).toMatchObject({ targetType: "AWS_LAMBDA", targetArn: LAMBDA, status: "IN_PROGRESS" });
    await expect(continueHook(arn, lambda?.hookId ?? "")).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("AWS_LAMBDA hook"),
    });
    await expect(continueHook(arn, "ecs-pause-not-a-hook")).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("'ecs-pause-not-a-hook' does not identify a lifecycle hook"),
    });
    await expect(continueHook(`${arn.slice(0, -3)}zzz`, "ecs-pause-x")).rejects.toMatchObject({
      name: "ServiceDeploymentNotFoundException",
    });
    const { hook } = await untilPaused(arn);
    await continueHook(arn, hook.hookId ?? "");
    await follow(arn);
    await expect(continueHook(arn, hook.hookId ?? "")).rejects.toMatchObject({ name: "ClientException" });
    // Nothing the refused calls did changed the deployment.
    expect(fake.describeService("prod", "web").taskDefinition).toMatch(/web:2$/);
  });

  it("a deployment failed by an alarm while paused is no longer IN_PROGRESS: ClientException", async () => {
    seed({
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 5,
      alarms: { enable: true, rollback: true, alarmNames: ["web-5xx"] },
      lifecycleHooks: [pause(["POST_TEST_TRAFFIC_SHIFT"])],
    });
    fake.setAlarmState("web-5xx", "OK");
    const arn = await deploy("repo/web:2");
    const { hook } = await untilPaused(arn);
    fake.setAlarmState("web-5xx", "ALARM");
    expect((await record(arn)).status).toBe("ROLLBACK_IN_PROGRESS");
    await expect(continueHook(arn, hook.hookId ?? "")).rejects.toMatchObject({
      name: "ClientException",
      message: expect.stringContaining("is ROLLBACK_IN_PROGRESS"),
    });
  });

  it("a hook that times out with CONTINUE moves on at expiresAt by itself; a late answer names the timeout", async () => {
    seed({
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 0,
      lifecycleHooks: [pause(["POST_TEST_TRAFFIC_SHIFT"], { timeoutInMinutes: 10, action: "CONTINUE" })],
    });
    const arn = await deploy("repo/web:2");
    const { hook } = await untilPaused(arn);
    const expiresAt = hook.expiresAt?.getTime() ?? 0;
    clock.set(expiresAt - 1);
    expect((await record(arn)).lifecycleHookDetails?.[0]?.status).toBe("AWAITING_ACTION");
    clock.set(expiresAt);
    const after = await record(arn);
    expect(after.lifecycleStage).not.toBe("POST_TEST_TRAFFIC_SHIFT");
    expect(after.targetServiceRevision?.requestedProductionTrafficWeight).toBe(100);
    await expect(continueHook(arn, hook.hookId ?? "")).rejects.toMatchObject({
      name: "ClientException",
      message: `Lifecycle hook '${hook.hookId}' is TIMED_OUT, not AWAITING_ACTION. It timed out at ${new Date(expiresAt).toISOString()} and Amazon ECS took its timeout action CONTINUE.`,
    });
    expect((await follow(arn)).last.status).toBe("SUCCESSFUL");
  });

  it("a hook that times out with ROLLBACK rolls back at expiresAt and shows TIMED_OUT", async () => {
    seed({
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 0,
      lifecycleHooks: [pause(["POST_TEST_TRAFFIC_SHIFT"], { timeoutInMinutes: 10, action: "ROLLBACK" })],
    });
    const arn = await deploy("repo/web:2");
    const { hook } = await untilPaused(arn);
    clock.set(hook.expiresAt?.getTime() ?? 0);
    const rolling = await record(arn);
    expect(rolling).toMatchObject({
      status: "ROLLBACK_IN_PROGRESS",
      statusReason: `ECS deployment lifecycle hook: lifecycle hook ${hook.hookId} timed out at POST_TEST_TRAFFIC_SHIFT.`,
    });
    expect(rolling.lifecycleHookDetails?.[0]).toMatchObject({ hookId: hook.hookId, status: "TIMED_OUT" });
    await expect(continueHook(arn, hook.hookId ?? "")).rejects.toMatchObject({
      name: "ClientException",
      message: expect.stringContaining("took its timeout action ROLLBACK"),
    });
    expect((await follow(arn)).last.status).toBe("ROLLBACK_SUCCESSFUL");
  });

  it("a second PAUSE hook later in the same deployment pauses again with a new hook id", async () => {
    seed({
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 5,
      lifecycleHooks: [pause(["POST_TEST_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT"])],
    });
    const arn = await deploy("repo/web:2");
    const first = await untilPaused(arn);
    await continueHook(arn, first.hook.hookId ?? "");
    const second = await untilPaused(arn);
    expect(second.current).toMatchObject({
      status: "IN_PROGRESS",
      lifecycleStage: "POST_PRODUCTION_TRAFFIC_SHIFT",
      targetServiceRevision: { requestedProductionTrafficWeight: 100 },
    });
    expect(second.hook.hookId).not.toBe(first.hook.hookId);
    expect(second.hook.hookId).toMatch(/^ecs-pause-/);
    await expect(continueHook(arn, first.hook.hookId ?? "")).rejects.toMatchObject({ name: "ClientException" });
    await continueHook(arn, second.hook.hookId ?? "");
    expect((await follow(arn)).last.status).toBe("SUCCESSFUL");
  });

  it("LINEAR pauses before every production traffic step at PRE_PRODUCTION_TRAFFIC_SHIFT", async () => {
    seed({
      strategy: "LINEAR",
      linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 1 },
      bakeTimeInMinutes: 0,
      lifecycleHooks: [pause(["PRE_PRODUCTION_TRAFFIC_SHIFT"])],
    });
    const arn = await deploy("repo/web:2");
    const weights: number[] = [];
    for (let step = 0; step < 2; step += 1) {
      const { current, hook } = await untilPaused(arn);
      expect(current.lifecycleStage).toBe("PRODUCTION_TRAFFIC_SHIFT");
      weights.push(current.targetServiceRevision?.requestedProductionTrafficWeight ?? -1);
      await continueHook(arn, hook.hookId ?? "");
    }
    expect(weights).toEqual([0, 50]);
    expect((await follow(arn)).last.status).toBe("SUCCESSFUL");
  });

  it("CANARY pauses after the production shift and can be rolled back from there", async () => {
    seed({
      strategy: "CANARY",
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 2 },
      bakeTimeInMinutes: 5,
      lifecycleHooks: [pause(["POST_PRODUCTION_TRAFFIC_SHIFT"])],
    });
    const arn = await deploy("repo/web:2");
    const { current, hook } = await untilPaused(arn);
    expect(current).toMatchObject({
      lifecycleStage: "POST_PRODUCTION_TRAFFIC_SHIFT",
      targetServiceRevision: { requestedProductionTrafficWeight: 100 },
    });
    await continueHook(arn, hook.hookId ?? "", "ROLLBACK");
    const { last } = await follow(arn);
    expect(last.status).toBe("ROLLBACK_SUCCESSFUL");
    expect(fake.describeService("prod", "web").taskDefinition).toMatch(/web:1$/);
  });

  it("refuses hooks the documentation does not allow, before changing anything", async () => {
    seed({ strategy: "BLUE_GREEN" });
    const update = (lifecycleHooks: DeploymentLifecycleHook[]) =>
      ecs.send(
        new UpdateServiceCommand({
          cluster: "prod",
          service: "web",
          taskDefinition: "web:1",
          forceNewDeployment: true,
          deploymentConfiguration: { strategy: "BLUE_GREEN", lifecycleHooks },
        }),
      );
    await expect(update([pause(["TEST_TRAFFIC_SHIFT"])])).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("PAUSE hooks cannot be configured at TEST_TRAFFIC_SHIFT"),
    });
    await expect(update([pause(["PRODUCTION_TRAFFIC_SHIFT"])])).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
    await expect(update([{ lifecycleStages: ["PRE_SCALE_UP"] }])).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("hookTargetArn is required"),
    });
    await expect(update([pause([])])).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(update([pause(["POST_SCALE_UP"], { timeoutInMinutes: 20_161 })])).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("between 1 and 20160"),
    });
    const service = fake.describeService("prod", "web");
    expect(service.deployments).toHaveLength(1);
    expect(service.deploymentConfiguration?.lifecycleHooks).toBeUndefined();
  });

  it("answers UnknownOperationException where the service-deployment API is missing", async () => {
    seed({ strategy: "BLUE_GREEN" });
    fake.serviceDeploymentApi("unknown-operation");
    await expect(continueHook("arn:aws:ecs:x", "ecs-pause-x")).rejects.toMatchObject({
      name: "UnknownOperationException",
    });
  });
});
