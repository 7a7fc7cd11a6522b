import { afterEach, describe, expect, it, vi } from "vitest";
import { StoryClock } from "../src/time.js";

describe("StoryClock, the AWS fake's clock in the demo", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs `factor`× the real pace and jumps to a step's story time", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse("2026-12-02T01:00:00Z"));
    const clock = new StoryClock(60, new Date("2026-12-02T01:00:00Z"));
    vi.advanceTimersByTime(30_000);
    expect(new Date(clock.now()).toISOString()).toBe("2026-12-02T01:30:00.000Z");
    // 6a: tonight's stop at 21:00 Tokyo; what AWS records from here on says 21:00, not 10:30.
    clock.jumpTo(new Date("2026-12-02T12:00:00Z"));
    expect(new Date(clock.now()).toISOString()).toBe("2026-12-02T12:00:00.000Z");
    vi.advanceTimersByTime(1_000);
    expect(new Date(clock.now()).toISOString()).toBe("2026-12-02T12:01:00.000Z");
  });
});
