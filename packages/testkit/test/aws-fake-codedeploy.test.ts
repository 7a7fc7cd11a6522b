import {
  CodeDeployClient,
  CreateDeploymentCommand,
  type DeploymentInfo,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  ListDeploymentsCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand,
} from "@aws-sdk/client-codedeploy";
import { ECSClient, RegisterTaskDefinitionCommand, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsFake, awsClientOverrides } from "../src/aws/index.js";
import { VirtualClock } from "../src/clock.js";
import { credentials, network, webDefinition } from "./aws-fixtures.js";

const appSpec = (taskDefinitionArn: string, hooks: Record<string, string>[] = [], container = "app") =>
  [
    "version: 0.0",
    "Resources:",
    "  - TargetService:",
    "      Type: AWS::ECS::Service",
    "      Properties:",
    `        TaskDefinition: "${taskDefinitionArn}"`,
    "        LoadBalancerInfo:",
    `          ContainerName: "${container}"`,
    "          ContainerPort: 8080",
    ...(hooks.length === 0
      ? []
      : ["Hooks:", ...hooks.flatMap((hook) => Object.entries(hook).map(([event, fn]) => `  - ${event}: "${fn}"`))]),
  ].join("\n");

describe("AwsFake: CodeDeploy blue/green for ECS", () => {
  let clock: VirtualClock;
  let fake: AwsFake;
  let ecs: ECSClient;
  let codeDeploy: CodeDeployClient;
  const names = { applicationName: "AppECS-prod-web", deploymentGroupName: "DgpECS-prod-web" };

  beforeEach(async () => {
    clock = new VirtualClock();
    fake = await new AwsFake({ clock }).start();
    ecs = new ECSClient({ region: "ap-northeast-1", endpoint: fake.url, credentials });
    codeDeploy = new CodeDeployClient({ region: "ap-northeast-1", ...awsClientOverrides(fake, 1) });
    fake.seedCluster("prod");
    fake.seedTaskDefinition(webDefinition("repo/web:1"));
    fake.seedService({
      cluster: "prod",
      serviceName: "web",
      taskDefinition: "web:1",
      desiredCount: 2,
      launchType: "FARGATE",
      networkConfiguration: network,
      deploymentController: { type: "CODE_DEPLOY" },
      loadBalancers: [
        {
          targetGroupArn:
            "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web-blue/0123456789abcdef",
          containerName: "app",
          containerPort: 8080,
        },
      ],
    });
  });

  afterEach(async () => {
    ecs.destroy();
    codeDeploy.destroy();
    await fake.stop();
  });

  const register = async (image: string) =>
    (await ecs.send(new RegisterTaskDefinitionCommand(webDefinition(image)))).taskDefinition?.taskDefinitionArn ?? "";

  const create = async (content: string) =>
    (
      await codeDeploy.send(
        new CreateDeploymentCommand({
          ...names,
          revision: { revisionType: "AppSpecContent", appSpecContent: { content } },
        }),
      )
    ).deploymentId ?? "";

  const follow = async (deploymentId: string, stepMs = 5_000) => {
    const seen: string[] = [];
    for (let i = 0; i < 2_000; i += 1) {
      const { deploymentInfo } = await codeDeploy.send(new GetDeploymentCommand({ deploymentId }));
      const info = deploymentInfo as DeploymentInfo;
      if (seen.at(-1) !== info.status) seen.push(info.status ?? "?");
      if (!["Created", "Queued", "InProgress", "Ready", "Baking"].includes(info.status ?? "")) return { seen, info };
      await clock.sleep(stepMs);
    }
    throw new Error("CodeDeploy deployment did not finish");
  };

  const target = async (deploymentId: string) => {
    const { targetIds } = await codeDeploy.send(new ListDeploymentTargetsCommand({ deploymentId }));
    expect(targetIds).toEqual(["prod:web"]);
    const { deploymentTarget } = await codeDeploy.send(
      new GetDeploymentTargetCommand({ deploymentId, targetId: "prod:web" }),
    );
    return deploymentTarget?.ecsTarget;
  };

  it("runs the ECS lifecycle events in order, keeps blue for the termination wait, then the service runs the new revision", async () => {
    const seeded = fake.seedCodeDeployGroup({ cluster: "prod", service: "web", terminationWaitMinutes: 5 });
    expect(seeded).toEqual({ application: "AppECS-prod-web", group: "DgpECS-prod-web" });
    const group = await codeDeploy.send(new GetDeploymentGroupCommand(names));
    expect(
      group.deploymentGroupInfo?.blueGreenDeploymentConfiguration?.terminateBlueInstancesOnDeploymentSuccess
        ?.terminationWaitTimeInMinutes,
    ).toBe(5);
    const arn = await register("repo/web:2");
    const id = await create(appSpec(arn, [{ AfterAllowTestTraffic: "smoke" }]));
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/);
    await clock.sleep(60_000);
    const midway = await target(id);
    expect(midway?.taskSetsInfo?.map((set) => [set.taskSetLabel, set.trafficWeight])).toEqual([
      ["Blue", 0],
      ["Green", 100],
    ]);
    const { info: waiting } = await codeDeploy
      .send(new GetDeploymentCommand({ deploymentId: id }))
      .then((out) => ({ info: out.deploymentInfo }));
    expect(waiting).toMatchObject({ status: "InProgress", instanceTerminationWaitTimeStarted: true });
    const { seen, info } = await follow(id);
    expect(seen).toEqual(["InProgress", "Succeeded"]);
    expect(info.completeTime).toBeInstanceOf(Date);
    const done = await target(id);
    expect(done?.lifecycleEvents?.map((event) => [event.lifecycleEventName, event.status])).toEqual([
      ["BeforeInstall", "Succeeded"],
      ["Install", "Succeeded"],
      ["AfterInstall", "Succeeded"],
      ["AllowTestTraffic", "Succeeded"],
      ["AfterAllowTestTraffic", "Succeeded"],
      ["BeforeAllowTraffic", "Succeeded"],
      ["AllowTraffic", "Succeeded"],
      ["AfterAllowTraffic", "Succeeded"],
    ]);
    expect(fake.describeService("prod", "web").taskDefinition).toBe(arn);
  });

  it("shifts canary traffic by the deployment configuration", async () => {
    fake.seedCodeDeployGroup({
      cluster: "prod",
      service: "web",
      deploymentConfigName: "CodeDeployDefault.ECSCanary10Percent5Minutes",
    });
    const id = await create(appSpec(await register("repo/web:2")));
    const weights: number[] = [];
    for (;;) {
      const green = (await target(id))?.taskSetsInfo?.find((set) => set.taskSetLabel === "Green");
      if (weights.at(-1) !== green?.trafficWeight) weights.push(green?.trafficWeight ?? -1);
      const { deploymentInfo } = await codeDeploy.send(new GetDeploymentCommand({ deploymentId: id }));
      if (deploymentInfo?.status === "Succeeded") break;
      await clock.sleep(10_000);
    }
    expect(weights).toEqual([0, 10, 100]);
  });

  it("a failing hook fails the deployment with CodeDeploy's error and rolls it back", async () => {
    fake.seedCodeDeployGroup({ cluster: "prod", service: "web" });
    fake.codeDeployHookBehaviour("smoke", { result: "Failed" });
    const id = await create(appSpec(await register("repo/web:2"), [{ AfterAllowTestTraffic: "smoke" }]));
    const { info } = await follow(id);
    expect(info.status).toBe("Failed");
    expect(info.errorInformation).toEqual({
      code: "HOOK_EXECUTION_FAILURE",
      message:
        "The deployment failed because a specified lifecycle event hook (smoke) for AfterAllowTestTraffic returned Failed.",
    });
    expect(info.rollbackInfo?.rollbackDeploymentId).toMatch(/^d-/);
    const events = (await target(id))?.lifecycleEvents ?? [];
    expect(events.find((event) => event.lifecycleEventName === "AfterAllowTestTraffic")).toMatchObject({
      status: "Failed",
      diagnostics: { scriptName: "smoke" },
    });
    expect(fake.describeService("prod", "web").taskDefinition).toMatch(/web:1$/);
  });

  it("tasks that fail to start fail Install with ECS_UPDATE_ERROR", async () => {
    fake.seedCodeDeployGroup({ cluster: "prod", service: "web" });
    fake.imageBehaviour("repo/web:bad", { kind: "fail-to-start", reason: "CannotPullContainerError: not found" });
    const { info } = await follow(await create(appSpec(await register("repo/web:bad"))));
    expect(info.errorInformation?.code).toBe("ECS_UPDATE_ERROR");
    expect(info.errorInformation?.message).toContain("CannotPullContainerError");
  });

  it("an alarm stops the deployment (ALARM_ACTIVE); StopDeployment rolls back on request", async () => {
    fake.seedCodeDeployGroup({ cluster: "prod", service: "web", alarms: ["web-5xx"], terminationWaitMinutes: 10 });
    const id = await create(appSpec(await register("repo/web:2")));
    await clock.sleep(2 * 60_000);
    fake.setAlarmState("web-5xx", "ALARM");
    const { info } = await follow(id);
    expect(info).toMatchObject({ status: "Failed", errorInformation: { code: "ALARM_ACTIVE" } });
    expect(info.errorInformation?.message).toContain("web-5xx");

    fake.setAlarmState("web-5xx", "OK");
    const second = await create(appSpec(await register("repo/web:3")));
    const stopped = await codeDeploy.send(
      new StopDeploymentCommand({ deploymentId: second, autoRollbackEnabled: true }),
    );
    expect(stopped.status).toBe("Succeeded");
    const { info: manual } = await follow(second);
    expect(manual).toMatchObject({ status: "Stopped", errorInformation: { code: "MANUAL_STOP" } });
    await expect(codeDeploy.send(new StopDeploymentCommand({ deploymentId: second }))).rejects.toMatchObject({
      name: "DeploymentAlreadyCompletedException",
    });
  });

  it("rejects what CodeDeploy rejects: unknown group, a second active deployment, a bad AppSpec", async () => {
    fake.seedCodeDeployGroup({ cluster: "prod", service: "web" });
    const arn = await register("repo/web:2");
    await expect(
      codeDeploy.send(
        new CreateDeploymentCommand({
          ...names,
          deploymentGroupName: "nope",
          revision: { revisionType: "AppSpecContent", appSpecContent: { content: appSpec(arn) } },
        }),
      ),
    ).rejects.toMatchObject({ name: "DeploymentGroupDoesNotExistException" });
    await expect(
      codeDeploy.send(
        new CreateDeploymentCommand({
          applicationName: "nope",
          revision: { revisionType: "AppSpecContent", appSpecContent: { content: appSpec(arn) } },
        }),
      ),
    ).rejects.toMatchObject({ name: "ApplicationDoesNotExistException" });
    await expect(create(appSpec(arn, [], "sidecar"))).rejects.toMatchObject({
      name: "InvalidRevisionException",
      message: expect.stringContaining("ContainerName"),
    });
    await expect(create("version: [")).rejects.toMatchObject({ name: "InvalidRevisionException" });
    const first = await create(appSpec(arn));
    await expect(create(appSpec(arn))).rejects.toMatchObject({
      name: "DeploymentLimitExceededException",
      message: `The Deployment Group 'DgpECS-prod-web' already has an active Deployment '${first}'`,
    });
    // ECS itself refuses a task definition change on a CODE_DEPLOY service.
    await expect(
      ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", taskDefinition: arn })),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
  });

  it("a lost CreateDeployment answer: the deployment exists and ListDeployments finds it", async () => {
    fake.seedCodeDeployGroup({ cluster: "prod", service: "web" });
    const arn = await register("repo/web:2");
    const before = new Date(clock.now());
    fake.loseResponse("CreateDeployment");
    await expect(create(appSpec(arn))).rejects.toBeInstanceOf(Error);
    const { deployments } = await codeDeploy.send(
      new ListDeploymentsCommand({
        ...names,
        createTimeRange: { start: before },
        includeOnlyStatuses: ["Created", "Queued", "InProgress", "Ready", "Baking"],
      }),
    );
    expect(deployments).toHaveLength(1);
  });
});
