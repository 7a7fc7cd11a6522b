import { UpdateServiceCommand } from "@aws-sdk/client-ecs";
import type { Clock } from "@sre-actions/core";
import { createAutoScalingClient, createEcsClient } from "@sre-actions/core/aws";
import { restorePorts, wakeService } from "@sre-actions/core/ecs-sleep";
import { FAKE_CREDENTIALS } from "@sre-actions/testkit/aws";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ClusterSeed,
  REGION,
  requestsAt,
  runToggle,
  type Scenario,
  scenario,
  stateOf,
} from "./fixtures/scenario.js";

let current: Scenario | undefined;
afterEach(async () => {
  await current?.stop();
  current = undefined;
});

const T0 = "2026-11-25T00:00:00Z"; // Wed 09:00 in Tokyo
const HOUR = 3_600_000;
const at = (offset: number) => Date.parse(T0) + offset;

async function start(clusters: ClusterSeed[], time = T0) {
  current = await scenario(clusters, time);
  return current;
}

/** Five QA environments, each a web service behind an ALB target group and (some) a worker. */
const qa = (): ClusterSeed[] => [
  {
    name: "qa",
    services: [
      { name: "qa1-web", environment: "qa1", targetGroup: "qa1-web" },
      { name: "qa2-web", environment: "qa2", targetGroup: "qa2-web", desired: 1 },
      { name: "qa3-worker", environment: "qa3" },
      {
        name: "qa4-web",
        environment: "qa4",
        targetGroup: "qa4-web",
        tags: { "sre-actions:keep-running-until": "2026-11-25T12:00:00Z" },
      },
      { name: "qa5-web", environment: "qa5", targetGroup: "qa5-web" },
      { name: "shared-redis", desired: 1 },
    ],
  },
];

const IDLE = { mode: "idle", environments: "qa*", "idle-after": "2h", timezone: "Asia/Tokyo" };
const envs = (outputs: Record<string, string>) => JSON.parse(outputs["environments"] ?? "{}");

/** A deployment started now on the service, as a deploy would (a new task definition revision or a forced one). */
async function deploy(s: Scenario, service: string, desiredCount?: number) {
  const ecs = createEcsClient({
    region: REGION,
    overrides: { endpoint: s.aws.url, credentials: FAKE_CREDENTIALS },
  });
  await ecs.send(
    new UpdateServiceCommand({
      cluster: "qa",
      service,
      forceNewDeployment: true,
      ...(desiredCount === undefined ? {} : { desiredCount }),
    }),
  );
  ecs.destroy();
}

/** What ecs-deploy's `if-stopped: start` does before a deploy: core's restore of the saved state. */
async function wakeForDeploy(s: Scenario, service: string) {
  const ecs = createEcsClient({ region: REGION, overrides: { endpoint: s.aws.url, credentials: FAKE_CREDENTIALS } });
  const scaling = createAutoScalingClient({
    region: REGION,
    overrides: { endpoint: s.aws.url, credentials: FAKE_CREDENTIALS },
  });
  const woken = await wakeService(restorePorts(ecs, scaling), s.aws.describeService("qa", service));
  ecs.destroy();
  scaling.destroy();
  return woken;
}

describe("mode idle", () => {
  it("sleeps idle environments and keeps busy, unmeasured, kept and freshly deployed ones awake, in one GetMetricData call", async () => {
    const s = await start(qa());
    s.clock.set(at(3 * HOUR)); // 12:00 in Tokyo; everything was started at 09:00
    requestsAt(s.aws, "qa1-web", at(2.5 * HOUR)); // used 30 minutes ago
    requestsAt(s.aws, "qa2-web", at(0.5 * HOUR)); // last used 2.5 h ago
    await deploy(s, "qa5-web"); // deployed just now (an hour before the run below)
    s.clock.set(at(4 * HOUR));
    s.aws.requests.length = 0;

    const run = await s.run(IDLE);
    expect(run.failure).toBeUndefined();
    const report = envs(run.outputs);
    expect(Object.keys(report)).toEqual(["qa1", "qa2", "qa3", "qa4", "qa5"]);
    expect(report.qa1).toMatchObject({ status: "awake", changed: false, lastRequest: "2026-11-25T02:30:00.000Z" });
    expect(report.qa2).toMatchObject({ status: "slept", changed: true, idleMinutes: 210 });
    expect(report.qa2.reason).toMatch(
      /^idle for 210 min \(idle-after 120 min\): last request 2026-11-25 09:30 Asia\/Tokyo/,
    );
    expect(report.qa3).toMatchObject({ status: "awake" });
    expect(report.qa3.reason).toBe(
      "qa3-worker is behind no load balancer, so its traffic is unknown (idle-without-traffic-metric: true counts it idle)",
    );
    expect(report.qa4).toMatchObject({ status: "kept" });
    expect(report.qa4.reason).toBe("qa4-web is tagged keep-running-until 2026-11-25 21:00 Asia/Tokyo");
    expect(report.qa5).toMatchObject({ status: "awake", idleMinutes: 60, lastDeploy: "2026-11-25T03:00:00.000Z" });

    expect(stateOf(s.aws, "qa", "qa2-web")).toMatchObject({ desired: 0 });
    expect(stateOf(s.aws, "qa", "qa2-web").saved).toBe(
      "v1 desired=1 min=- max=- suspend=- lt=FARGATE at=20261125T0400Z why=idle",
    );
    for (const awake of ["qa1-web", "qa3-worker", "qa4-web", "qa5-web", "shared-redis"])
      expect(stateOf(s.aws, "qa", awake).desired).toBeGreaterThan(0);
    // shared-redis belongs to no environment: not even selected.
    expect(JSON.parse(run.outputs["plan"] ?? "[]").map((entry: { service: string }) => entry.service)).not.toContain(
      "shared-redis",
    );

    // Every target group's traffic in one call; the cost is reported.
    const reads = s.aws.requests.filter((request) => request.operation === "GetMetricData");
    expect(reads).toHaveLength(1);
    expect(s.aws.metrics.metricsRequested).toBe(4); // qa1, qa2, qa4, qa5 target groups
    expect(run.result.traffic).toEqual({ calls: 1, metrics: 4, usd: 0.00004 });
    expect(run.summary).toContain("#### Environments");
    expect(run.summary).toContain("Traffic read in 1 GetMetricData call for 4 target groups: about $0.0000");
    expect(s.log.text("info")).toContain("4 target groups' requests over 24 h in 1 GetMetricData call");
    // An idle sleep is not projected a month.
    expect(run.outputs["estimated-monthly-savings"]).toBe("0");
  });

  it("counts a service behind no load balancer idle only with idle-without-traffic-metric", async () => {
    const s = await start(qa());
    s.clock.set(at(3 * HOUR));
    const run = await s.run({ ...IDLE, environments: "qa3", "idle-without-traffic-metric": "true" });
    expect(envs(run.outputs).qa3).toMatchObject({ status: "slept", changed: true });
    expect(stateOf(s.aws, "qa", "qa3-worker").desired).toBe(0);
    expect(s.aws.requests.filter((request) => request.operation === "GetMetricData")).toHaveLength(0);
  });

  it("reads environments from names with environment-from: name, and stops their Aurora cluster too", async () => {
    const s = await start([
      {
        name: "qa",
        services: [
          { name: "qa7-web", targetGroup: "qa7-web" },
          { name: "qa8-web", targetGroup: "qa8-web" },
        ],
      },
    ]);
    s.aws.seedDbCluster({ id: "qa7-aurora" });
    s.aws.seedDbCluster({ id: "qa8-aurora" });
    s.clock.set(at(3 * HOUR));
    requestsAt(s.aws, "qa8-web", at(2.9 * HOUR));
    const run = await s.run({ ...IDLE, "environment-from": "name", "db-clusters": "qa*-aurora" });
    expect(envs(run.outputs)).toMatchObject({ qa7: { status: "slept" }, qa8: { status: "awake" } });
    expect(JSON.parse(run.outputs["db-clusters"] ?? "[]")).toEqual([
      expect.objectContaining({ cluster: "qa7-aurora", action: "stop", status: "changed" }),
      expect.objectContaining({ cluster: "qa8-aurora", action: "none", status: "unchanged" }),
    ]);
    expect(s.aws.dbCluster("qa7-aurora").TagList).toEqual([
      { Key: "sre-actions:stopped-at", Value: "20261125T0300Z why=idle" },
    ]);
  });

  it("wakes the rest of an environment when a deploy woke one of its services", async () => {
    const s = await start([
      {
        name: "qa",
        services: [
          { name: "qa2-web", environment: "qa2", targetGroup: "qa2-web", desired: 1 },
          { name: "qa2-worker", environment: "qa2", desired: 1 },
        ],
      },
    ]);
    s.clock.set(at(3 * HOUR));
    await s.run({ ...IDLE, environments: "qa2", "idle-without-traffic-metric": "true" });
    expect(stateOf(s.aws, "qa", "qa2-worker").desired).toBe(0);
    s.clock.advance(HOUR);
    expect(await wakeForDeploy(s, "qa2-web")).toMatchObject({ status: "woken" });
    await deploy(s, "qa2-web");
    const run = await s.run({ ...IDLE, environments: "qa2", "idle-without-traffic-metric": "true" });
    expect(envs(run.outputs).qa2).toMatchObject({ status: "awake", changed: true });
    expect(envs(run.outputs).qa2.reason).toBe(
      "qa2-web runs again (a deploy or a reservation woke qa2): starting qa2-worker",
    );
    expect(stateOf(s.aws, "qa", "qa2-worker")).toMatchObject({ desired: 1, saved: undefined });
  });
});

describe("schedule with idle-after", () => {
  const HOURS = {
    mode: "schedule",
    "working-hours": "Mon-Fri 09:00-20:00",
    timezone: "Asia/Tokyo",
    environments: "qa*",
    "idle-after": "2h",
    "idle-without-traffic-metric": "true",
  };

  it("stops out of hours and idle environments in hours, and never starts one asleep for idleness until woken", async () => {
    const s = await start([
      {
        name: "qa",
        services: [
          { name: "qa1-web", environment: "qa1", targetGroup: "qa1-web" },
          { name: "qa2-web", environment: "qa2", targetGroup: "qa2-web" },
        ],
      },
    ]);
    // 12:00 Wed: qa1 used at 11:50, qa2 not since 09:00.
    s.clock.set(at(3 * HOUR));
    requestsAt(s.aws, "qa1-web", at(2.8 * HOUR));
    const noon = await s.run(HOURS);
    expect(envs(noon.outputs)).toMatchObject({ qa1: { status: "awake" }, qa2: { status: "slept", changed: true } });
    expect(JSON.parse(noon.outputs["plan"] ?? "[]")[1].reason).toMatch(
      /^within working hours \(Wed 2026-11-25 12:00 Asia\/Tokyo\); qa2 idle for \d+ min$/,
    );

    // 21:00: out of hours, qa1 stops for the night; qa2 stays asleep (its saved state keeps why=idle).
    s.clock.set(at(12 * HOUR));
    await s.run(HOURS);
    expect(stateOf(s.aws, "qa", "qa1-web").saved).not.toMatch(/why=idle/);
    expect(stateOf(s.aws, "qa", "qa2-web").saved).toMatch(/why=idle/);

    // Thu 09:05: the schedule starts qa1, not qa2.
    s.clock.set(at(24 * HOUR + 5 * 60_000));
    const morning = await s.run(HOURS);
    expect(stateOf(s.aws, "qa", "qa1-web").desired).toBe(2);
    expect(stateOf(s.aws, "qa", "qa2-web").desired).toBe(0);
    expect(JSON.parse(morning.outputs["plan"] ?? "[]")[1]).toMatchObject({
      service: "qa2-web",
      action: "none",
      reason:
        "within working hours (Thu 2026-11-26 09:05 Asia/Tokyo); asleep because qa2 was idle: a deploy or a reservation wakes it",
    });
    expect(envs(morning.outputs).qa2.reason).toMatch(/^asleep since 2026-11-25 12:00 Asia\/Tokyo \(idle\)/);
    expect(envs(morning.outputs).qa2.savedTodayUsd).toBeGreaterThan(0);

    // /env reserve qa2 → mode start with environments: qa2 wakes; the next hourly run leaves it up.
    const reserve = await s.run({ mode: "start", environments: "qa2" });
    expect(JSON.parse(reserve.outputs["plan"] ?? "[]").map((entry: { service: string }) => entry.service)).toEqual([
      "qa2-web",
    ]);
    expect(stateOf(s.aws, "qa", "qa2-web")).toMatchObject({ desired: 2, saved: undefined });
    s.clock.advance(HOUR);
    const later = await s.run(HOURS);
    expect(envs(later.outputs).qa2).toMatchObject({ status: "awake", changed: false });
    expect(envs(later.outputs).qa2.reason).toMatch(/^active 60 min ago/);
    expect(stateOf(s.aws, "qa", "qa2-web").desired).toBe(2);
  });
});

describe("after waiting for Aurora", () => {
  it("re-reads the services and does not undo a deploy that woke one during the wait", async () => {
    const s = await start([
      {
        name: "qa",
        services: [
          { name: "qa3-web", environment: "qa3", desired: 2 },
          { name: "qa3-api", environment: "qa3", desired: 1 },
        ],
      },
    ]);
    s.aws.seedDbCluster({ id: "qa3-aurora", tags: { "sre-actions:environment": "qa3" } });
    await s.run({ mode: "stop", "db-clusters": "qa3-aurora" });
    s.clock.advance(HOUR);
    expect(s.aws.dbCluster("qa3-aurora").Status).toBe("stopped");

    // While the start waits for Aurora, a deploy wakes qa3-web and scales it to 3 tasks.
    let deployed = false;
    const clock: Clock = {
      now: () => s.clock.now(),
      sleep: async (ms) => {
        if (!deployed) {
          deployed = true;
          await wakeForDeploy(s, "qa3-web");
          await deploy(s, "qa3-web", 3);
        }
        await s.clock.sleep(ms);
      },
    };
    const run = await runToggle({ cluster: "qa", mode: "start", "db-clusters": "qa3-aurora" }, s.aws, clock, {
      log: s.log,
    });
    expect(deployed).toBe(true);
    expect(s.log.text("info")).toContain("plan changed while waiting: qa/qa3-web: unchanged");
    expect(JSON.parse(run.outputs["plan"] ?? "[]")).toEqual([
      expect.objectContaining({
        service: "qa3-web",
        action: "none",
        reason: "no saved state (not stopped by this action)",
      }),
      expect.objectContaining({ service: "qa3-api", action: "start", status: "changed" }),
    ]);
    expect(stateOf(s.aws, "qa", "qa3-web").desired).toBe(3); // the deploy's count, not the saved 2
    expect(stateOf(s.aws, "qa", "qa3-api").desired).toBe(1);
  });
});
