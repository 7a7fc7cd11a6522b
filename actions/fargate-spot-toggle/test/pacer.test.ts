import { describe, expect, it } from "vitest";
import { Pacer, type PacerOptions } from "../src/pacing.js";
import { EventClock } from "./fixtures/event-clock.js";

/** One bucket, `Op` in it: burst 3, 2 tokens a second, paced exactly (margin 1). */
const ONE_BUCKET: PacerOptions = {
  classes: { Op: "bucket" },
  limits: { bucket: { burst: 3, perSecond: 2 } },
  initialWindow: 3,
  margin: 1,
};

/** Runs `count` calls of `operation` at once; each call takes `takesMs`. Returns when each started. */
async function burst(clock: EventClock, pacer: Pacer, count: number, operation = "Op", takesMs = 0) {
  const started: number[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  await clock.run(
    Promise.all(
      Array.from({ length: count }, () =>
        pacer.run(operation, async () => {
          started.push(clock.now() - start);
          inFlight += 1;
          mostInFlight = Math.max(mostInFlight, inFlight);
          if (takesMs > 0) await clock.sleep(takesMs);
          inFlight -= 1;
        }),
      ),
    ),
  );
  return { started, mostInFlight };
}

/** One call of `Op` that fails with `error`; returns what the pacer let through. */
function failureOf(clock: EventClock, pacer: Pacer, error: Error): Promise<unknown> {
  const call = pacer.run("Op", async () => {
    throw error;
  });
  // Settled inside the clock's run, so the rejection is never left unhandled between its steps.
  return clock.run(
    call.then(
      () => undefined,
      (reason: unknown) => reason,
    ),
  );
}

const start = new Date("2026-11-25T12:00:00Z").getTime();

describe("Pacer: client-side pacing to a token bucket", () => {
  it("spends the burst at once, then one call per refill interval", async () => {
    const clock = new EventClock(start);
    const { started } = await burst(clock, new Pacer(clock, ONE_BUCKET), 7);
    expect(started).toEqual([0, 0, 0, 500, 1000, 1500, 2000]);
  });

  it("paces a little under the documented rate (margin), so clock skew never overdraws", async () => {
    const clock = new EventClock(start);
    const { margin: _exact, ...options } = ONE_BUCKET;
    const { started } = await burst(clock, new Pacer(clock, options), 4);
    // The default margin is 0.98: one token every 1 / (2 × 0.98) s ≈ 510 ms.
    expect(started.at(-1)).toBeCloseTo(1000 / (2 * 0.98), 1);
  });

  it("starts with a small in-flight window that doubles on each success, up to the burst", async () => {
    const clock = new EventClock(start);
    const options: PacerOptions = { ...ONE_BUCKET, limits: { bucket: { burst: 50, perSecond: 50 } }, initialWindow: 1 };
    const pacer = new Pacer(clock, options);
    // Calls that each take 100 ms: with a window of 1 the second waits for the first to answer.
    const { started } = await burst(clock, pacer, 16, "Op", 100);
    // Window 1, then 2; the two answers double it to 4 and 8: 1 call, 2, 8, then the last 5.
    const at = (ms: number, count: number) => Array.from({ length: count }, () => ms);
    expect(started).toEqual([...at(0, 1), ...at(100, 2), ...at(200, 8), ...at(300, 5)]);
  });

  it("a throttled answer empties the bucket and shrinks the window to one call", async () => {
    const clock = new EventClock(start);
    const pacer = new Pacer(clock, ONE_BUCKET);
    const throttling = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    expect(await failureOf(clock, pacer, throttling)).toBe(throttling);
    expect(pacer.throttles.get("bucket")).toBe(1);
    // The burst is gone: the next calls wait for refills, one at a time.
    const { started, mostInFlight } = await burst(clock, pacer, 2, "Op", 10);
    expect(started[0]).toBeGreaterThanOrEqual(500);
    expect(mostInFlight).toBe(1);
  });

  it("an error that is not throttling leaves the bucket as it was", async () => {
    const clock = new EventClock(start);
    const pacer = new Pacer(clock, ONE_BUCKET);
    const notFound = Object.assign(new Error("Service not found."), { name: "ServiceNotFoundException" });
    expect(await failureOf(clock, pacer, notFound)).toBe(notFound);
    expect(pacer.throttles.size).toBe(0);
    const { started } = await burst(clock, pacer, 2);
    expect(started).toEqual([0, 0]);
  });

  it("runs an operation without a bucket at once", async () => {
    const clock = new EventClock(start);
    const { started } = await burst(clock, new Pacer(clock, ONE_BUCKET), 10, "Unpaced");
    expect(started).toEqual(Array.from({ length: 10 }, () => 0));
  });
});
