import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { AwsFake, ECS_RATE_LIMITS } from "../src/aws/index.js";
import { VirtualClock } from "../src/clock.js";
import { credentials } from "./aws-fixtures.js";

const NOW = Date.parse("2026-11-25T12:00:00Z");

describe("AwsFake: ECS rate limits", () => {
  it("throttles an operation past its token bucket and refills at the sustained rate", async () => {
    const clock = new VirtualClock();
    await using fake = await new AwsFake({ clock }).start();
    const ecs = new ECSClient({ region: "ap-northeast-1", endpoint: fake.url, credentials, maxAttempts: 1 });
    fake.seedCluster("qa");
    fake.rateLimit("DescribeServices", { burst: 2, perSecond: 1 });
    const call = () => ecs.send(new DescribeServicesCommand({ cluster: "qa", services: ["x"] }));
    await call();
    await call();
    await expect(call()).rejects.toMatchObject({ name: "ThrottlingException", message: "Rate exceeded" });
    clock.advance(1_000);
    await call();
    await expect(call()).rejects.toMatchObject({ name: "ThrottlingException" });
    ecs.destroy();
  });

  it("throttles DescribeTaskDefinition after its burst of 50 and refills 20 a second", async () => {
    const clock = new VirtualClock(NOW);
    await using fake = await new AwsFake({ clock }).start();
    const ecs = new ECSClient({ region: "ap-northeast-1", endpoint: fake.url, credentials, maxAttempts: 1 });
    const arn = fake.seedTaskDefinition({
      family: "web",
      containerDefinitions: [{ name: "app", image: "nginx", essential: true, memory: 512 }],
    });
    fake.useEcsRateLimits();
    const group = ECS_RATE_LIMITS.find((item) => item.operations.includes("DescribeTaskDefinition"));
    expect(group?.limit).toEqual({ burst: 50, perSecond: 20 });
    for (let call = 0; call < 50; call++) await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
    await expect(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }))).rejects.toMatchObject({
      name: "ThrottlingException",
    });
    clock.advance(100); // two tokens back
    await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
    ecs.destroy();
  });
});
