import type { Service } from "@aws-sdk/client-ecs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeSavedState,
  encodeSavedState,
  type Placement,
  placementOf,
  type RestorePorts,
  restorePorts,
  restoreService,
  type SavedState,
  samePlacement,
  savedTagOf,
  TAG_SAVED,
  TAG_VALUE,
  wakeService,
} from "../src/ecs-sleep.js";

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

describe("placements", () => {
  it("reads a service's capacity providers, else its launch type", () => {
    expect(placementOf({ capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 2 }] })).toEqual({
      kind: "providers",
      items: [{ provider: "FARGATE_SPOT", weight: 2, base: 0 }],
    });
    expect(placementOf({ capacityProviderStrategy: [], launchType: "FARGATE" })).toEqual({
      kind: "launch-type",
      launchType: "FARGATE",
    });
  });

  it("compares providers whatever their order", () => {
    const a: Placement = {
      kind: "providers",
      items: [
        { provider: "FARGATE", weight: 1, base: 1 },
        { provider: "FARGATE_SPOT", weight: 4, base: 0 },
      ],
    };
    const b: Placement = { kind: "providers", items: [...a.items].reverse() };
    expect(samePlacement(a, b)).toBe(true);
    expect(samePlacement(a, { kind: "launch-type", launchType: "FARGATE" })).toBe(false);
    expect(samePlacement(a, { kind: "providers", items: [{ provider: "FARGATE", weight: 1, base: 1 }] })).toBe(false);
  });
});

/** Restore ports that record each call in order; `failOn` makes that call throw. */
function recordingPorts(failOn?: string) {
  const calls: { call: string; input: unknown }[] = [];
  const record = (call: string) => async (input: unknown) => {
    calls.push({ call, input });
    if (call === failOn) throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    return { $metadata: {} };
  };
  const ports = {
    ecs: { updateService: record("updateService"), untagResource: record("untagResource") },
    scaling: { registerScalableTarget: record("registerScalableTarget") },
  } as unknown as RestorePorts;
  return { ports, calls };
}

const SPOT: Placement = { kind: "providers", items: [{ provider: "FARGATE_SPOT", weight: 1, base: 0 }] };
const ON_DEMAND: Placement = { kind: "providers", items: [{ provider: "FARGATE", weight: 1, base: 0 }] };
const STOPPED = {
  cluster: "qa",
  name: "qa3-web",
  arn: "arn:aws:ecs:ap-northeast-1:123456789012:service/qa/qa3-web",
  placement: ON_DEMAND,
  controller: "ECS",
};
const SAVED: SavedState = {
  desired: 3,
  target: { min: 2, max: 6, suspended: { scaleIn: true, scaleOut: false, scheduled: true } },
  placement: SPOT,
  savedAt: new Date("2026-11-25T19:00:00Z"),
};

describe("restoreService", () => {
  it("restores scaling first, then the count and the saved providers, and removes the tag last", async () => {
    const { ports, calls } = recordingPorts();
    await restoreService(ports, STOPPED, SAVED);
    expect(calls).toEqual([
      {
        call: "registerScalableTarget",
        input: {
          ServiceNamespace: "ecs",
          ScalableDimension: "ecs:service:DesiredCount",
          ResourceId: "service/qa/qa3-web",
          MinCapacity: 2,
          MaxCapacity: 6,
          SuspendedState: {
            DynamicScalingInSuspended: true,
            DynamicScalingOutSuspended: false,
            ScheduledScalingSuspended: true,
          },
        },
      },
      {
        call: "updateService",
        input: {
          cluster: "qa",
          service: "qa3-web",
          desiredCount: 3,
          capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }],
          forceNewDeployment: true,
        },
      },
      { call: "untagResource", input: { resourceArn: STOPPED.arn, tagKeys: [TAG_SAVED] } },
    ]);
  });

  it("changes only the count when the providers are the same, the controller is not ECS, or it had no target", async () => {
    for (const [service, saved] of [
      [{ ...STOPPED, placement: SPOT }, SAVED],
      [{ ...STOPPED, controller: "CODE_DEPLOY" }, SAVED],
      [STOPPED, { ...SAVED, target: undefined, placement: { kind: "launch-type", launchType: "FARGATE" } }],
    ] as const) {
      const { ports, calls } = recordingPorts();
      await restoreService(ports, service, saved);
      const update = calls.find((call) => call.call === "updateService");
      expect(update?.input).toEqual({ cluster: "qa", service: "qa3-web", desiredCount: 3 });
      expect(calls.some((call) => call.call === "registerScalableTarget")).toBe(saved.target !== undefined);
    }
  });

  it("keeps the tag when a call fails midway, so a retry still knows what to restore", async () => {
    const { ports, calls } = recordingPorts("updateService");
    await expect(restoreService(ports, STOPPED, SAVED)).rejects.toThrow("Rate exceeded");
    expect(calls.map((call) => call.call)).toEqual(["registerScalableTarget", "updateService"]);
  });
});

describe("wakeService", () => {
  const described = (tags: Record<string, string>): Service => ({
    serviceName: "qa3-web",
    serviceArn: STOPPED.arn,
    clusterArn: "arn:aws:ecs:ap-northeast-1:123456789012:cluster/qa",
    capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
    deploymentController: { type: "ECS" },
    tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
  });

  it("restores a service stopped by fargate-spot-toggle from its tag", async () => {
    const { ports, calls } = recordingPorts();
    const result = await wakeService(ports, described({ [TAG_SAVED]: encodeSavedState(SAVED), team: "web" }));
    expect(result).toEqual({ status: "woken", saved: SAVED });
    expect(calls.map((call) => call.call)).toEqual(["registerScalableTarget", "updateService", "untagResource"]);
    expect(calls[1]?.input).toMatchObject({ cluster: "qa", service: "qa3-web", desiredCount: 3 });
  });

  it("leaves a service without the tag alone, and reports an unreadable tag without touching it", async () => {
    const awake = recordingPorts();
    expect(await wakeService(awake.ports, described({ team: "web" }))).toEqual({ status: "awake" });
    const unreadable = recordingPorts();
    expect(await wakeService(unreadable.ports, described({ [TAG_SAVED]: "v9 whatever" }))).toEqual({
      status: "unreadable",
      problem: `tag ${TAG_SAVED} is unreadable: unknown format "v9 whatever"`,
    });
    expect([...awake.calls, ...unreadable.calls]).toEqual([]);
    expect(savedTagOf(new Map())).toEqual({ kind: "none" });
  });
});

describe("restorePorts", () => {
  it("takes core's ECS port as it is (no second adapter)", () => {
    const ecs = { updateService: async () => ({ $metadata: {} }), untagResource: async () => ({ $metadata: {} }) };
    const ports = restorePorts(ecs as never, {} as never);
    expect(ports.ecs).toBe(ecs);
  });
});
