import { DescribeTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { createEcsClient } from "@sre-actions/core/aws";
import { AwsFake, ECS_RATE_LIMITS, FAKE_CREDENTIALS } from "@sre-actions/testkit/aws";
import { afterEach, describe, expect, it } from "vitest";
import { EventClock } from "./fixtures/event-clock.js";
import { REGION, runToggle, seed } from "./fixtures/scenario.js";

const CLUSTERS = ["qa", "dev", "stg", "perf", "demo"];
const LATENCY_MS = 50;

let aws: AwsFake | undefined;
afterEach(async () => {
  await aws?.stop();
  aws = undefined;
});

/** 200 services in 5 clusters, each with its own task definition, on ECS's documented buckets. */
async function world() {
  const clock = new EventClock("2026-11-25T12:00:00Z");
  aws = await new AwsFake({ clock }).start();
  seed(
    aws,
    CLUSTERS.map((name) => ({
      name,
      services: Array.from({ length: 40 }, (_, i) => ({
        name: `${name}-svc-${i}`,
        desired: 1 + (i % 3),
        ...(i % 2 === 0 ? { target: { min: 1, max: 4 } } : {}),
      })),
    })),
  );
  aws.useEcsRateLimits();
  return { clock, aws };
}

const throttled = (fake: AwsFake) => fake.requests.filter((request) => request.status === 400).length;

describe("pacing toggle() to the ECS fake's documented token buckets", () => {
  it("stops 200 services in 5 clusters with ≤ 2% throttled calls, within 1.1× the UpdateService floor", async () => {
    const { clock, aws } = await world();
    const run = await clock.run(
      runToggle({ mode: "stop", cluster: CLUSTERS.join(","), concurrency: "5" }, aws, clock, {
        client: (client) => clock.onTheWire(client, LATENCY_MS),
      }),
    );
    expect(run.result).toMatchObject({ changed: 200, failed: 0 });
    const calls = aws.requests.length;
    // Each of the 200 task definitions is read once (for the savings), paced with the other reads.
    expect(
      aws.requests.filter((request) => request.operation === "DescribeTaskDefinition" && request.status < 400),
    ).toHaveLength(200);
    expect(throttled(aws) / calls).toBeLessThanOrEqual(0.02);
    // The floor: 200 UpdateService, 50 from the burst, the rest at 5 a second.
    const seconds = run.result.durationMs / 1000;
    expect(seconds).toBeLessThanOrEqual(1.1 * ((200 - 50) / 5));
  }, 180_000);

  it("the same buckets throttle an unpaced burst of task definition reads (the fake bites)", async () => {
    const { clock, aws } = await world();
    const ecs = createEcsClient({
      region: REGION,
      overrides: { endpoint: aws.url, credentials: FAKE_CREDENTIALS, maxAttempts: 1 },
    });
    const arns = [
      ...new Set(CLUSTERS.flatMap((cluster) => aws.describeService(cluster, `${cluster}-svc-0`).taskDefinition ?? "")),
    ];
    const definitions = Array.from({ length: 200 }, (_, i) => arns[i % arns.length] ?? "");
    const results = await clock.run(
      Promise.allSettled(
        definitions.map((arn) => ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }))),
      ),
    );
    ecs.destroy();
    const limit = ECS_RATE_LIMITS.find((group) => group.operations.includes("DescribeTaskDefinition"))?.limit;
    expect(results.filter((result) => result.status === "rejected")).toHaveLength(200 - (limit?.burst ?? 0));
  });
});
