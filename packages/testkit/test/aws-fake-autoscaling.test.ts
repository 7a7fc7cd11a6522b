import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  paginateDescribeScalableTargets,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsFake } from "../src/aws/index.js";
import { VirtualClock } from "../src/clock.js";
import { credentials, network, webDefinition } from "./aws-fixtures.js";

const DIMENSION = "ecs:service:DesiredCount";

describe("AwsFake: Application Auto Scaling over the real SDK", () => {
  let clock: VirtualClock;
  let fake: AwsFake;
  let scaling: ApplicationAutoScalingClient;
  let ecs: ECSClient;

  beforeEach(async () => {
    clock = new VirtualClock();
    fake = await new AwsFake({ clock }).start();
    const options = { region: "ap-northeast-1", endpoint: fake.url, credentials, maxAttempts: 1 };
    scaling = new ApplicationAutoScalingClient(options);
    ecs = new ECSClient(options);
    fake.seedCluster("qa");
    const definition = fake.seedTaskDefinition(webDefinition("repo/web:1"));
    for (const name of ["web", "worker", "api"]) {
      fake.seedService({
        cluster: "qa",
        serviceName: name,
        taskDefinition: definition,
        desiredCount: 2,
        launchType: "FARGATE",
        networkConfiguration: network,
      });
    }
  });

  afterEach(async () => {
    scaling.destroy();
    ecs.destroy();
    await fake.stop();
  });

  const desired = async (service: string) =>
    (await ecs.send(new DescribeServicesCommand({ cluster: "qa", services: [service] }))).services?.[0]?.desiredCount;

  it("registers, updates only what is given and describes targets by resource id", async () => {
    const registered = await scaling.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: "ecs",
        ResourceId: "service/qa/web",
        ScalableDimension: DIMENSION,
        MinCapacity: 1,
        MaxCapacity: 4,
      }),
    );
    expect(registered.ScalableTargetARN).toMatch(
      /^arn:aws:application-autoscaling:ap-northeast-1:123456789012:scalable-target\//,
    );
    await scaling.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: "ecs",
        ResourceId: "service/qa/web",
        ScalableDimension: DIMENSION,
        SuspendedState: { DynamicScalingInSuspended: true },
      }),
    );
    const described = await scaling.send(
      new DescribeScalableTargetsCommand({
        ServiceNamespace: "ecs",
        ResourceIds: ["service/qa/web", "service/qa/api"],
      }),
    );
    expect(described.ScalableTargets).toEqual([
      expect.objectContaining({
        ResourceId: "service/qa/web",
        ScalableDimension: DIMENSION,
        MinCapacity: 1,
        MaxCapacity: 4,
        SuspendedState: {
          DynamicScalingInSuspended: true,
          DynamicScalingOutSuspended: false,
          ScheduledScalingSuspended: false,
        },
        ScalableTargetARN: registered.ScalableTargetARN,
      }),
    ]);
  });

  it("rejects a new target without capacities, min above max and a missing service", async () => {
    const base = { ServiceNamespace: "ecs" as const, ScalableDimension: DIMENSION as "ecs:service:DesiredCount" };
    await expect(
      scaling.send(new RegisterScalableTargetCommand({ ...base, ResourceId: "service/qa/web" })),
    ).rejects.toMatchObject({
      name: "ValidationException",
    });
    await expect(
      scaling.send(
        new RegisterScalableTargetCommand({ ...base, ResourceId: "service/qa/web", MinCapacity: 3, MaxCapacity: 1 }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: "Minimum capacity cannot be greater than maximum capacity",
    });
    await expect(
      scaling.send(
        new RegisterScalableTargetCommand({ ...base, ResourceId: "service/qa/nope", MinCapacity: 0, MaxCapacity: 1 }),
      ),
    ).rejects.toMatchObject({ name: "ValidationException", message: "ECS service doesn't exist: service/qa/nope" });
  });

  it("pages DescribeScalableTargets with NextToken (MaxResults at most 50)", async () => {
    for (const name of ["web", "worker", "api"]) fake.seedScalableTarget("qa", name, { min: 1, max: 3 });
    const ids: string[] = [];
    for await (const page of paginateDescribeScalableTargets(
      { client: scaling, pageSize: 2 },
      { ServiceNamespace: "ecs" },
    )) {
      ids.push(...(page.ScalableTargets ?? []).map((target) => target.ResourceId ?? ""));
    }
    expect(ids.sort()).toEqual(["service/qa/api", "service/qa/web", "service/qa/worker"]);
    expect(fake.operationCounts()["DescribeScalableTargets"]).toBe(2);
    await expect(
      scaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: "ecs", MaxResults: 51 })),
    ).rejects.toMatchObject({ name: "ValidationException" });
  });

  it("moves the desired count into range on registration and brings a service at 0 back to min", async () => {
    fake.seedScalableTarget("qa", "web", { min: 3, max: 5 });
    expect(await desired("web")).toBe(3);
    await ecs.send(new UpdateServiceCommand({ cluster: "qa", service: "web", desiredCount: 0 }));
    expect(await desired("web")).toBe(3);
    // Setting the target to 0/0 first lets the service stay stopped.
    await scaling.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: "ecs",
        ResourceId: "service/qa/web",
        ScalableDimension: DIMENSION,
        MinCapacity: 0,
        MaxCapacity: 0,
      }),
    );
    expect(await desired("web")).toBe(0);
  });

  it("leaves the count alone while dynamic scaling out is suspended", async () => {
    fake.seedScalableTarget("qa", "web", { min: 2, max: 5, suspended: { DynamicScalingOutSuspended: true } });
    await ecs.send(new UpdateServiceCommand({ cluster: "qa", service: "web", desiredCount: 0 }));
    expect(await desired("web")).toBe(0);
  });
});
