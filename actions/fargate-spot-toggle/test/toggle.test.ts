import { awsErrorResponse } from "@sre-actions/testkit/aws";
import { afterEach, describe, expect, it } from "vitest";
import { type ClusterSeed, type Scenario, scenario, stateOf } from "./fixtures/scenario.js";

let current: Scenario | undefined;
afterEach(async () => {
  await current?.stop();
  current = undefined;
});

async function start(clusters: ClusterSeed[], at?: string): Promise<Scenario> {
  current = await scenario(clusters, at);
  return current;
}

const SPOT = [{ capacityProvider: "FARGATE", weight: 1 }];
const mutations = (s: Scenario) => s.aws.mutatingRequests().map((request) => request.operation);

describe("stop and start", () => {
  it("stops a service with a scalable target in the safe order and restores it exactly", async () => {
    const s = await start([
      {
        name: "qa",
        services: [
          { name: "web", desired: 3, providers: SPOT, target: { min: 2, max: 6 } },
          { name: "worker", desired: 1 },
        ],
      },
    ]);
    const stopped = await s.run({ mode: "stop" });
    expect(stopped.outputs).toMatchObject({ changed: "2", skipped: "0", failed: "0" });
    expect(stateOf(s.aws, "qa", "web")).toMatchObject({
      desired: 0,
      min: 0,
      max: 0,
      saved: "v1 desired=3 min=2 max=6 suspend=- cp=FARGATE:1:0 at=20261125T1200Z",
    });
    expect(stateOf(s.aws, "qa", "worker")).toMatchObject({
      desired: 0,
      saved: "v1 desired=1 min=- max=- suspend=- lt=FARGATE at=20261125T1200Z",
    });
    // The state is saved before anything is scaled down.
    const web = s.aws.mutatingRequests().filter((request) => JSON.stringify(request.body).includes("web"));
    expect(web.map((request) => request.operation)).toEqual(["TagResource", "RegisterScalableTarget", "UpdateService"]);

    s.clock.advance(60_000);
    s.aws.requests.length = 0;
    const started = await s.run({ mode: "start" });
    expect(started.outputs).toMatchObject({ changed: "2", failed: "0" });
    expect(stateOf(s.aws, "qa", "web")).toEqual({
      desired: 3,
      min: 2,
      max: 6,
      providers: ["FARGATE:1:0"],
      launchType: undefined,
      saved: undefined,
    });
    expect(stateOf(s.aws, "qa", "worker")).toMatchObject({ desired: 1, launchType: "FARGATE", saved: undefined });
    const order = s.aws.mutatingRequests().filter((request) => JSON.stringify(request.body).includes("web"));
    expect(order.map((request) => request.operation)).toEqual([
      "RegisterScalableTarget",
      "UpdateService",
      "UntagResource",
    ]);
  });

  it("keeps the first saved state when stopped twice, so stop → stop → start restores exactly", async () => {
    const s = await start([
      { name: "qa", services: [{ name: "web", desired: 4, providers: SPOT, target: { min: 1, max: 8 } }] },
    ]);
    await s.run({ mode: "stop" });
    const saved = stateOf(s.aws, "qa", "web").saved;
    s.aws.requests.length = 0;
    const again = await s.run({ mode: "stop" });
    expect(again.outputs).toMatchObject({ changed: "0" });
    expect(JSON.parse(again.outputs["plan"] ?? "[]")[0]).toMatchObject({
      action: "none",
      reason: "already stopped; saved state kept",
    });
    expect(mutations(s)).toEqual([]);
    expect(stateOf(s.aws, "qa", "web").saved).toBe(saved);
    await s.run({ mode: "start" });
    expect(stateOf(s.aws, "qa", "web")).toMatchObject({ desired: 4, min: 1, max: 8, saved: undefined });
  });

  it("does nothing when starting a service that has no saved state", async () => {
    const s = await start([{ name: "qa", services: [{ name: "web", desired: 2, target: { min: 1, max: 3 } }] }]);
    const run = await s.run({ mode: "start" });
    expect(run.outputs).toMatchObject({ changed: "0", skipped: "0", failed: "0" });
    expect(JSON.parse(run.outputs["plan"] ?? "[]")[0].reason).toBe("no saved state (not stopped by this action)");
    expect(mutations(s)).toEqual([]);
  });

  it("restores a suspended scaling state as it was", async () => {
    const s = await start([
      {
        name: "qa",
        services: [
          { name: "web", desired: 2, target: { min: 1, max: 3, suspended: { DynamicScalingInSuspended: true } } },
        ],
      },
    ]);
    await s.run({ mode: "stop" });
    expect(stateOf(s.aws, "qa", "web").saved).toContain("suspend=i ");
    await s.run({ mode: "start" });
    expect(s.aws.scalableTarget("qa", "web")?.SuspendedState).toEqual({
      DynamicScalingInSuspended: true,
      DynamicScalingOutSuspended: false,
      ScheduledScalingSuspended: false,
    });
    expect(stateOf(s.aws, "qa", "web").desired).toBe(2);
  });

  it("honours keep-running-until in stop mode until it expires", async () => {
    const s = await start([
      {
        name: "qa",
        services: [
          { name: "demo", tags: { "sre-actions:keep-running-until": "2026-11-25T18:00:00Z" } },
          { name: "web" },
        ],
      },
    ]);
    const run = await s.run({ mode: "stop" });
    expect(run.outputs).toMatchObject({ changed: "1", skipped: "1" });
    expect(JSON.parse(run.outputs["plan"] ?? "[]")[0]).toMatchObject({
      service: "demo",
      action: "skip",
      reason: "tag sre-actions:keep-running-until keeps it running until 2026-11-25T18:00:00.000Z",
    });
    expect(run.summary).toContain("Skipped (1)");
    s.clock.set("2026-11-25T18:00:00Z");
    const later = await s.run({ mode: "stop" });
    expect(later.outputs).toMatchObject({ changed: "1", skipped: "0" });
    expect(stateOf(s.aws, "qa", "demo").desired).toBe(0);
  });

  it("reports a short-ARN service it cannot tag instead of stopping it without a saved state", async () => {
    const s = await start([{ name: "qa", services: [{ name: "legacy", shortArn: true }, { name: "web" }] }]);
    const run = await s.run({ mode: "stop" });
    expect(run.outputs).toMatchObject({ changed: "1", skipped: "1", failed: "0" });
    expect(JSON.parse(run.outputs["plan"] ?? "[]")[0].reason).toMatch(
      /short ARN .* recreate it with the long ARN format/,
    );
    expect(stateOf(s.aws, "qa", "legacy").desired).toBe(2);
  });
});

describe("schedule in Asia/Tokyo (Mon-Fri 09:00-20:00, jp holidays)", () => {
  const inputs = (now?: string) => ({
    mode: "schedule",
    "working-hours": "Mon-Fri 09:00-20:00",
    timezone: "Asia/Tokyo",
    holidays: "jp",
    ...(now === undefined ? {} : { now }),
  });

  it("stops after hours, starts at 09:00, and a doubled run changes nothing", async () => {
    const s = await start(
      [
        {
          name: "qa",
          services: [
            { name: "web", desired: 2, target: { min: 1, max: 4 } },
            { name: "late", tags: { "sre-actions:keep-running-until": "2026-11-25T23:00" } },
            { name: "always", tags: { "sre-actions:schedule": "off" } },
          ],
        },
      ],
      "2026-11-25T11:00:00Z", // Wed 20:00 in Tokyo
    );
    const evening = await s.run(inputs());
    expect(evening.outputs).toMatchObject({ changed: "1", skipped: "1" });
    const plan = JSON.parse(evening.outputs["plan"] ?? "[]");
    expect(plan.map((entry: { service: string; action: string }) => [entry.service, entry.action])).toEqual([
      ["web", "stop"],
      ["late", "none"],
      ["always", "skip"],
    ]);
    expect(plan[0].reason).toBe("outside working hours (Wed 2026-11-25 20:00 Asia/Tokyo)");
    expect(Number(evening.outputs["estimated-monthly-savings"])).toBeGreaterThan(0);

    s.aws.requests.length = 0;
    const doubled = await s.run(inputs());
    expect(doubled.outputs["changed"]).toBe("0");
    expect(mutations(s)).toEqual([]);

    s.clock.set("2026-11-25T14:30:00Z"); // 23:30: keep-running-until has expired
    const night = await s.run(inputs());
    expect(JSON.parse(night.outputs["plan"] ?? "[]")[1]).toMatchObject({ service: "late", action: "stop" });

    s.clock.set("2026-11-25T23:59:00Z"); // Thu 08:59
    expect((await s.run(inputs())).outputs["changed"]).toBe("0");
    s.clock.set("2026-11-26T00:00:00Z"); // Thu 09:00
    const morning = await s.run(inputs());
    expect(morning.outputs).toMatchObject({ changed: "2", failed: "0" });
    expect(stateOf(s.aws, "qa", "web")).toMatchObject({ desired: 2, min: 1, max: 4, saved: undefined });
    expect(stateOf(s.aws, "qa", "late")).toMatchObject({ desired: 2, saved: undefined });
  });

  it("keeps services stopped on a Japanese holiday and at the weekend, and starts them on Tuesday", async () => {
    const s = await start([{ name: "qa", services: [{ name: "web", desired: 2 }] }], "2026-11-20T12:00:00Z"); // Fri 21:00
    await s.run(inputs());
    expect(stateOf(s.aws, "qa", "web").desired).toBe(0);
    for (const [now, reason] of [
      ["2026-11-21T10:00", "outside working hours (Sat 2026-11-21 10:00 Asia/Tokyo)"],
      ["2026-11-23T10:00", "Japanese holiday 2026-11-23 (Labor Thanksgiving Day)"],
    ] as const) {
      const run = await s.run(inputs(now));
      expect(JSON.parse(run.outputs["plan"] ?? "[]")[0]).toMatchObject({
        action: "none",
        reason: `${reason}; already stopped; saved state kept`,
      });
    }
    const tuesday = await s.run(inputs("2026-11-24T09:00"));
    expect(tuesday.outputs["changed"]).toBe("1");
    expect(stateOf(s.aws, "qa", "web").desired).toBe(2);
  });
});

describe("spot and on-demand", () => {
  it("adds FARGATE_SPOT to the cluster by union, forces a deployment, and leaves services already on spot alone", async () => {
    const s = await start([
      {
        name: "qa",
        capacityProviders: ["FARGATE", "my-ec2-provider"],
        services: [
          { name: "web", desired: 2 },
          { name: "api", desired: 2, providers: [{ capacityProvider: "FARGATE", weight: 1 }] },
          { name: "arm", arm64: true },
          { name: "win", windows: true },
          { name: "blue-green", codeDeploy: true },
        ],
      },
    ]);
    const run = await s.run({ mode: "spot", "spot-strategy": "FARGATE:1:base=1, FARGATE_SPOT:4" });
    // Issue 25: Fargate Spot runs ARM64 (Graviton) since September 2024; only Windows is refused.
    expect(run.outputs).toMatchObject({ changed: "3", skipped: "2", failed: "0" });
    const plan = JSON.parse(run.outputs["plan"] ?? "[]");
    expect(plan[0]).toMatchObject({ from: "launch type FARGATE", to: "FARGATE:1:base=1, FARGATE_SPOT:4" });
    expect(plan[2]).toMatchObject({ service: "arm", action: "switch", to: "FARGATE:1:base=1, FARGATE_SPOT:4" });
    expect(stateOf(s.aws, "qa", "arm").providers).toEqual(["FARGATE:1:1", "FARGATE_SPOT:4:0"]);
    expect(plan[3].reason).toBe(
      "FARGATE_SPOT runs only Linux tasks (X86_64 or ARM64); the task definition is WINDOWS_SERVER_2022_CORE/X86_64",
    );
    expect(plan[4].reason).toBe("CODE_DEPLOY deployment controller: ECS cannot force a new deployment");
    const put = s.aws.requests.find((request) => request.operation === "PutClusterCapacityProviders");
    expect(put?.body).toMatchObject({ capacityProviders: ["FARGATE", "my-ec2-provider", "FARGATE_SPOT"] });
    const updates = s.aws.requests.filter((request) => request.operation === "UpdateService");
    expect(
      updates.every((request) => (request.body as { forceNewDeployment?: boolean }).forceNewDeployment === true),
    ).toBe(true);
    expect(stateOf(s.aws, "qa", "web").providers).toEqual(["FARGATE:1:1", "FARGATE_SPOT:4:0"]);
    expect(s.aws.describeService("qa", "web").deployments?.length).toBe(2);
    expect(run.result.estimatedMonthlySavings).toBeGreaterThan(0);

    s.aws.requests.length = 0;
    const again = await s.run({ mode: "spot", "spot-strategy": "FARGATE_SPOT:4, FARGATE:1:base=1" });
    expect(again.outputs["changed"]).toBe("0");
    expect(mutations(s)).toEqual([]);

    const back = await s.run({ mode: "on-demand" });
    // The Windows service may run on-demand: it moves from its launch type to the FARGATE provider too.
    expect(back.outputs["changed"]).toBe("4");
    expect(stateOf(s.aws, "qa", "web").providers).toEqual(["FARGATE:1:0"]);
    expect(back.result.estimatedMonthlySavings).toBeLessThan(0);
  });

  it("switches a stopped service and keeps the new strategy in its saved state for start", async () => {
    const s = await start([{ name: "qa", services: [{ name: "web", desired: 3, providers: SPOT }] }]);
    await s.run({ mode: "stop" });
    await s.run({ mode: "spot" });
    expect(stateOf(s.aws, "qa", "web").saved).toContain("cp=FARGATE_SPOT:1:0");
    await s.run({ mode: "start" });
    expect(stateOf(s.aws, "qa", "web")).toMatchObject({
      desired: 3,
      providers: ["FARGATE_SPOT:1:0"],
      saved: undefined,
    });
  });
});

describe("scale, failures, dry run and bad input", () => {
  it("stops and starts 120 services over 3 clusters through every page and a throttling storm", async () => {
    const names = (count: number, prefix: string) =>
      Array.from({ length: count }, (_, i) => ({ name: `${prefix}-${i}`, desired: 1 + (i % 3) }));
    const s = await start([
      { name: "qa", services: names(110, "qa") },
      { name: "dev", services: names(5, "dev") },
      { name: "stg", services: names(5, "stg") },
    ]);
    s.aws.throttle("UpdateService", 20);
    s.aws.throttle("TagResource", 10);
    s.aws.throttle("DescribeServices", 5);
    const stopped = await s.run({ mode: "stop", cluster: "qa,dev,stg", concurrency: "8" });
    expect(stopped.outputs).toMatchObject({ changed: "120", failed: "0" });
    const counts = s.aws.operationCounts();
    expect(counts["ListServices"]).toBe(4); // qa has two pages of up to 100
    expect(counts["DescribeServices"]).toBe(11 + 1 + 1 + 5); // 10 per call, 5 throttled and retried
    expect(counts["UpdateService"]).toBe(120 + 20);
    for (const { name } of names(110, "qa")) expect(stateOf(s.aws, "qa", name).desired).toBe(0);

    s.aws.throttle("UntagResource", 15);
    const started = await s.run({ mode: "start", cluster: "qa,dev,stg", concurrency: "8" });
    expect(started.outputs).toMatchObject({ changed: "120", failed: "0" });
    names(110, "qa").forEach(({ name, desired }) => {
      expect(stateOf(s.aws, "qa", name)).toMatchObject({ desired, saved: undefined });
    });
  });

  it("fails one service without stopping the others, lists it, and a re-run converges", async () => {
    const s = await start([{ name: "qa", services: ["a", "b", "c", "d"].map((name) => ({ name })) }]);
    s.aws.fault({
      operation: "UpdateService",
      skip: 2,
      action: {
        kind: "respond",
        response: awsErrorResponse("AccessDeniedException", "User is not authorized to perform: ecs:UpdateService"),
      },
    });
    const run = await s.run({ mode: "stop", concurrency: "1" });
    expect(run.outputs).toMatchObject({ changed: "3", failed: "1" });
    expect(JSON.parse(run.outputs["plan"] ?? "[]")[2]).toMatchObject({
      service: "c",
      status: "failed",
      error: "User is not authorized to perform: ecs:UpdateService",
    });
    expect(run.summary).toContain("User is not authorized");
    expect(run.failure?.message).toBe(
      "1 of 4 services failed: qa/c: User is not authorized to perform: ecs:UpdateService",
    );
    expect(["a", "b", "d"].map((name) => stateOf(s.aws, "qa", name).desired)).toEqual([0, 0, 0]);

    const rerun = await s.run({ mode: "stop" });
    expect(JSON.parse(rerun.outputs["plan"] ?? "[]")[2]).toMatchObject({
      reason: "finishing the stop; the saved state is kept",
      status: "changed",
    });
    await s.run({ mode: "start" });
    expect(["a", "b", "c", "d"].map((name) => stateOf(s.aws, "qa", name).desired)).toEqual([2, 2, 2, 2]);
  });

  it("makes no mutating call in a dry run and still prints the plan", async () => {
    const s = await start([
      { name: "qa", capacityProviders: ["FARGATE"], services: [{ name: "web", target: { min: 1, max: 2 } }] },
    ]);
    for (const mode of ["stop", "spot"]) {
      const run = await s.run({ mode, "dry-run": "true" });
      expect(run.outputs["changed"]).toBe("1");
      expect(run.summary).toContain("(dry run)");
    }
    expect(s.log.text()).toContain("qa/web: stop: 2 tasks (min 1, max 2) → 0 tasks (min 0, max 0) (stop)");
    expect(mutations(s)).toEqual([]);
  });

  it("rejects bad inputs and a missing cluster before any mutating call", async () => {
    const s = await start([{ name: "qa", services: [{ name: "web" }] }]);
    await expect(s.run({ mode: "stop", concurrency: "lots" })).rejects.toThrow(
      'Input "concurrency" must be a whole number',
    );
    await expect(s.run({ mode: "stop", cluster: "qa,nope" })).rejects.toThrow(
      "Cluster nope not found (or not ACTIVE) in this region",
    );
    expect(mutations(s)).toEqual([]);
  });

  it("reports status as JSON without changing anything", async () => {
    const s = await start([
      { name: "qa", services: [{ name: "web", desired: 2, target: { min: 1, max: 3 } }, { name: "api" }] },
    ]);
    await s.run({ mode: "stop", services: "api" });
    s.aws.requests.length = 0;
    const run = await s.run({ mode: "status" });
    expect(JSON.parse(run.outputs["services"] ?? "[]")).toEqual([
      expect.objectContaining({
        service: "web",
        desiredCount: 2,
        scalableTarget: { min: 1, max: 3 },
        stopped: false,
        saved: null,
      }),
      expect.objectContaining({
        service: "api",
        desiredCount: 0,
        stopped: true,
        saved: expect.objectContaining({ desiredCount: 2, placement: "launch type FARGATE" }),
        vcpu: 0.5,
        memoryGb: 1,
      }),
    ]);
    expect(mutations(s)).toEqual([]);
  });
});
