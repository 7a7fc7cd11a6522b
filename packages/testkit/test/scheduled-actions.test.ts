import {
  ApplicationAutoScalingClient,
  DescribeScheduledActionsCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { afterEach, describe, expect, it } from "vitest";
import { AwsFake, awsClientOverrides } from "../src/aws/index.js";
import { VirtualClock } from "../src/clock.js";

let fake: AwsFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe("Application Auto Scaling scheduled actions (real SDK client)", () => {
  it("runs a scheduled action on the clock unless scheduled scaling is suspended", async () => {
    const clock = new VirtualClock("2026-11-25T12:00:00Z");
    fake = await new AwsFake({ clock }).start();
    fake.seedCluster("qa");
    const definition = fake.seedTaskDefinition({
      family: "web",
      containerDefinitions: [{ name: "app", image: "app:v1", essential: true, memory: 512 }],
    });
    fake.seedService({ cluster: "qa", serviceName: "web", taskDefinition: definition, desiredCount: 1 });
    const client = new ApplicationAutoScalingClient({ region: "ap-northeast-1", ...awsClientOverrides(fake) });
    const target = {
      ServiceNamespace: "ecs" as const,
      ResourceId: "service/qa/web",
      ScalableDimension: "ecs:service:DesiredCount" as const,
    };
    await client.send(new RegisterScalableTargetCommand({ ...target, MinCapacity: 1, MaxCapacity: 4 }));
    await client.send(
      new PutScheduledActionCommand({
        ...target,
        ScheduledActionName: "evening",
        Schedule: "at(2026-11-25T13:00:00)",
        ScalableTargetAction: { MinCapacity: 3, MaxCapacity: 4 },
      }),
    );
    const described = await client.send(new DescribeScheduledActionsCommand({ ServiceNamespace: "ecs" }));
    expect(described.ScheduledActions).toEqual([
      expect.objectContaining({
        ScheduledActionName: "evening",
        Schedule: "at(2026-11-25T13:00:00)",
        ScalableTargetAction: { MinCapacity: 3, MaxCapacity: 4 },
      }),
    ]);
    await client.send(
      new RegisterScalableTargetCommand({ ...target, SuspendedState: { ScheduledScalingSuspended: true } }),
    );
    clock.set("2026-11-25T13:30:00Z");
    expect(fake.describeService("qa", "web").desiredCount).toBe(1);
    await client.send(
      new PutScheduledActionCommand({
        ...target,
        ScheduledActionName: "nightly",
        Schedule: "cron(0 14 * * ? *)",
        ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 4 },
      }),
    );
    await client.send(
      new RegisterScalableTargetCommand({ ...target, SuspendedState: { ScheduledScalingSuspended: false } }),
    );
    clock.set("2026-11-25T14:05:00Z");
    expect(fake.describeService("qa", "web").desiredCount).toBe(2);
    await expect(
      client.send(new PutScheduledActionCommand({ ...target, ScheduledActionName: "x", Schedule: "rate(5 minutes)" })),
    ).rejects.toMatchObject({ name: "ValidationException" });
    client.destroy();
  });
});
