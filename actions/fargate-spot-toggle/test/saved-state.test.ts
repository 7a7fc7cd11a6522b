import {
  decodeSavedState,
  encodeSavedState,
  type Placement,
  type SavedState,
  TAG_VALUE,
} from "@sre-actions/core/ecs-sleep";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const provider = fc.constantFrom("FARGATE", "FARGATE_SPOT", "my-provider_1");
const placement: fc.Arbitrary<Placement> = fc.oneof(
  fc.constantFrom("FARGATE", "EC2").map((launchType) => ({ kind: "launch-type" as const, launchType })),
  fc
    .uniqueArray(
      fc.record({ provider, weight: fc.integer({ min: 0, max: 1000 }), base: fc.integer({ min: 0, max: 100_000 }) }),
      {
        selector: (item) => item.provider,
        minLength: 1,
        maxLength: 3,
      },
    )
    .map((items) => ({ kind: "providers" as const, items })),
);
const state: fc.Arbitrary<SavedState> = fc
  .record({
    desired: fc.integer({ min: 0, max: 5000 }),
    target: fc.option(
      fc.record({
        min: fc.integer({ min: 0, max: 5000 }),
        max: fc.integer({ min: 0, max: 5000 }),
        suspended: fc.record({ scaleIn: fc.boolean(), scaleOut: fc.boolean(), scheduled: fc.boolean() }),
      }),
      { nil: undefined },
    ),
    placement,
    savedAt: fc
      .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) })
      .map((ms) => new Date(Math.floor(ms / 60_000) * 60_000)),
  })
  .chain((base) => fc.constantFrom(base, { ...base, reason: "idle" as const }));

describe("saved-state tag", () => {
  it("round-trips every state and stays within the tag value alphabet and length", () => {
    fc.assert(
      fc.property(state, (saved) => {
        const value = encodeSavedState(saved);
        expect(value).toMatch(TAG_VALUE);
        expect(value.length).toBeLessThanOrEqual(256);
        expect(decodeSavedState(value)).toEqual({ state: saved });
      }),
    );
  });

  it("reads like key=value fields", () => {
    const value = encodeSavedState({
      desired: 3,
      target: { min: 1, max: 6, suspended: { scaleIn: false, scaleOut: true, scheduled: false } },
      placement: {
        kind: "providers",
        items: [
          { provider: "FARGATE", weight: 1, base: 1 },
          { provider: "FARGATE_SPOT", weight: 4, base: 0 },
        ],
      },
      savedAt: new Date("2026-11-25T19:00:00Z"),
    });
    expect(value).toBe("v1 desired=3 min=1 max=6 suspend=o cp=FARGATE:1:1/FARGATE_SPOT:4:0 at=20261125T1900Z");
  });

  it("reports values it did not write instead of guessing", () => {
    expect(decodeSavedState('{"desired":3}')).toEqual({ problem: 'unknown format "{"desired":3}"' });
    expect(decodeSavedState("v1 min=1 max=2 lt=FARGATE at=20261125T1900Z")).toEqual({ problem: "no desired count" });
    expect(decodeSavedState("v1 desired=1 min=- max=- suspend=- at=20261125T1900Z")).toEqual({
      problem: "no capacity strategy or launch type",
    });
  });
});
