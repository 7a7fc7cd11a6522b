import type { Clock } from "@sre-actions/core";
import { mapPool } from "@sre-actions/core";
import { Pacer } from "@sre-actions/core/pace";
import { describe, expect, it } from "vitest";
import { ECS_PACING } from "../src/pacing.js";
import { EventClock } from "./fixtures/event-clock.js";

/** ECS's side: a token bucket per class, as the testkit fake keeps them. */
class Service {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  calls = 0;
  throttled = 0;
  constructor(
    private readonly clock: Clock,
    empty: boolean,
  ) {
    for (const [name, limit] of Object.entries(ECS_PACING.limits)) {
      this.buckets.set(name, { tokens: empty ? 0 : limit.burst, at: clock.now() });
    }
  }
  /** One request with 50 ms round trip; ThrottlingException when its bucket is empty. */
  async call(operation: string): Promise<void> {
    await this.clock.sleep(25);
    this.calls += 1;
    const className = ECS_PACING.classes[operation] ?? operation;
    const limit = ECS_PACING.limits[className];
    const bucket = this.buckets.get(className);
    if (limit !== undefined && bucket !== undefined) {
      const now = this.clock.now();
      bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
      bucket.at = now;
      if (bucket.tokens < 1) {
        this.throttled += 1;
        await this.clock.sleep(25);
        throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
      }
      bucket.tokens -= 1;
    }
    await this.clock.sleep(25);
  }
}

/** The SDK's standard retry around each paced attempt (as `paceClient` places the pacer). */
async function send(pacer: Pacer, clock: Clock, service: Service, operation: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await pacer.run(operation, () => service.call(operation));
    } catch (error) {
      if (attempt >= 9) throw error;
      await clock.sleep(Math.min(20_000, 100 * 2 ** attempt));
    }
  }
}

/** Stop of 200 services (TagResource then UpdateService each), 5 at a time, as the toggle does. */
async function stop200(empty: boolean) {
  const clock = new EventClock(0);
  const service = new Service(clock, empty);
  const pacer = new Pacer(clock, ECS_PACING);
  const services = Array.from({ length: 200 }, (_, i) => i);
  await clock.run(
    mapPool(services, 5, async () => {
      await send(pacer, clock, service, "TagResource");
      await send(pacer, clock, service, "UpdateService");
    }),
  );
  return { seconds: clock.now() / 1000, calls: service.calls, throttled: service.throttled };
}

describe("pacing to ECS's token buckets", () => {
  it("stops 200 services within 1.1× the analytic floor with full buckets, without a throttled call", async () => {
    // Floor: UpdateService 200 calls, 50 from the burst, the rest at 5/s = 30 s.
    const run = await stop200(false);
    expect(run.seconds).toBeLessThanOrEqual(1.1 * 30);
    expect(run.throttled).toBe(0);
  });

  it("right after another run (empty buckets): ≤ 1.1× the floor and ≤ 2% throttled calls", async () => {
    // Floor: 200 UpdateService at 5/s = 40 s (tags at 10/s finish earlier).
    const run = await stop200(true);
    expect(run.seconds).toBeLessThanOrEqual(1.1 * 40);
    expect(run.throttled / run.calls).toBeLessThanOrEqual(0.02);
  });
});
