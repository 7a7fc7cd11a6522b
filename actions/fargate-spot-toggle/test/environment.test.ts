import { afterEach, describe, expect, it } from "vitest";
import { type ClusterSeed, type Scenario, scenario, spotShortage, stateOf } from "./fixtures/scenario.js";

let current: Scenario | undefined;
afterEach(async () => {
  await current?.stop();
  current = undefined;
});

async function start(clusters: ClusterSeed[], at: string, options: Parameters<typeof scenario>[2] = {}) {
  current = await scenario(clusters, at, options);
  return current;
}

const mutations = (s: Scenario) => s.aws.mutatingRequests().map((request) => request.operation);
const plan = (outputs: Record<string, string>) => JSON.parse(outputs["plan"] ?? "[]");
const dbPlan = (outputs: Record<string, string>) => JSON.parse(outputs["db-clusters"] ?? "[]");

const TOKYO = {
  mode: "schedule",
  "working-hours": "Mon-Fri 09:00-20:00",
  timezone: "Asia/Tokyo",
  schedules: "late=Mon-Fri 10:00-22:00\ndemo=Mon-Sun 00:00-24:00",
};

describe("named schedules", () => {
  it("follows the tagged schedule, working-hours when untagged, and leaves an unknown name alone with a warning", async () => {
    const s = await start(
      [
        {
          name: "qa",
          services: [
            { name: "web" },
            { name: "late", tags: { "sre-actions:schedule": "late" } },
            { name: "demo", tags: { "sre-actions:schedule": "demo" } },
            { name: "ghost", tags: { "sre-actions:schedule": "nightly" } },
          ],
        },
      ],
      "2026-11-25T11:30:00Z", // Wed 20:30 in Tokyo
    );
    const evening = await s.run(TOKYO);
    const entries = plan(evening.outputs);
    expect(entries.map((entry: { service: string; action: string }) => [entry.service, entry.action])).toEqual([
      ["web", "stop"],
      ["late", "none"],
      ["demo", "none"],
      ["ghost", "skip"],
    ]);
    expect(entries[1].reason).toMatch(/^within schedule late \(Wed 2026-11-25 20:30 Asia\/Tokyo\)/);
    expect(entries[3]).toMatchObject({
      reason: "tag sre-actions:schedule=nightly names no schedule (known: late, demo); left alone",
      warning: true,
    });
    expect(s.log.text("warning")).toContain(
      "qa/ghost: tag sre-actions:schedule=nightly names no schedule (known: late, demo); left alone",
    );
    expect(stateOf(s.aws, "qa", "ghost").desired).toBe(2);

    s.clock.set("2026-11-25T13:30:00Z"); // 22:30
    const night = await s.run(TOKYO);
    expect(plan(night.outputs).map((entry: { action: string }) => entry.action)).toEqual([
      "none",
      "stop",
      "none",
      "skip",
    ]);
    expect(plan(night.outputs)[1].reason).toBe("outside schedule late (Wed 2026-11-25 22:30 Asia/Tokyo)");
    expect(stateOf(s.aws, "qa", "late").desired).toBe(0);
    expect(stateOf(s.aws, "qa", "demo").desired).toBe(2);
  });

  it("rejects a schedule line it cannot read, naming the schedule", async () => {
    const s = await start([{ name: "qa", services: [{ name: "web" }] }], "2026-11-25T11:30:00Z");
    await expect(s.run({ ...TOKYO, schedules: "late=weekdays" })).rejects.toThrow(
      'Input "schedules" schedule "late" has "weekdays", which is not like Mon-Fri 09:00-20:00, e.g. late=Mon-Fri 10:00-22:00',
    );
    await expect(s.run({ ...TOKYO, schedules: "off=Mon-Fri 10:00-22:00" })).rejects.toThrow(/"off" is reserved/);
    expect(mutations(s)).toEqual([]);
  });
});

describe("scheduled scaling while stopped", () => {
  it("suspends scheduled actions so none wakes the service at night, and restores the flags exactly", async () => {
    const s = await start(
      [
        {
          name: "qa",
          services: [
            { name: "web", desired: 2, target: { min: 1, max: 4 } },
            {
              name: "batch",
              desired: 1,
              target: {
                min: 1,
                max: 2,
                suspended: { ScheduledScalingSuspended: true, DynamicScalingInSuspended: true },
              },
            },
          ],
        },
      ],
      "2026-11-25T12:00:00Z",
    );
    // A scale-up the team scheduled for 22:00 UTC (07:00 in Tokyo).
    s.aws.seedScheduledAction("qa", "web", { name: "morning", schedule: "cron(0 22 * * ? *)", min: 3, max: 6 });
    await s.run({ mode: "stop" });
    expect(s.aws.scalableTarget("qa", "web")).toMatchObject({
      MinCapacity: 0,
      MaxCapacity: 0,
      SuspendedState: { ScheduledScalingSuspended: true, DynamicScalingInSuspended: false },
    });
    s.clock.set("2026-11-25T22:30:00Z");
    expect(stateOf(s.aws, "qa", "web")).toMatchObject({ desired: 0, min: 0, max: 0 });

    await s.run({ mode: "start" });
    expect(s.aws.scalableTarget("qa", "web")?.SuspendedState).toEqual({
      DynamicScalingInSuspended: false,
      DynamicScalingOutSuspended: false,
      ScheduledScalingSuspended: false,
    });
    expect(stateOf(s.aws, "qa", "web")).toMatchObject({ desired: 2, min: 1, max: 4, saved: undefined });
    expect(s.aws.scalableTarget("qa", "batch")?.SuspendedState).toEqual({
      DynamicScalingInSuspended: true,
      DynamicScalingOutSuspended: false,
      ScheduledScalingSuspended: true,
    });
    // Back under its scheduled actions: the next 22:00 runs.
    s.clock.set("2026-11-26T22:01:00Z");
    expect(stateOf(s.aws, "qa", "web")).toMatchObject({ desired: 3, min: 3, max: 6 });
  });
});

describe("Aurora with its environment", () => {
  const qa3 = () => ({
    name: "qa3",
    services: [{ name: "web", desired: 2, target: { min: 1, max: 4 } }, { name: "api" }],
  });

  it("stops services first and the cluster last; starts the cluster first, waits until available, then the services", async () => {
    const s = await start([qa3()], "2026-11-25T12:00:00Z");
    s.aws.seedDbCluster({ id: "qa3-aurora", instances: [{ id: "qa3-aurora-1", instanceClass: "db.r6g.large" }] });
    s.aws.seedDbCluster({ id: "prod-aurora" });
    const stopped = await s.run({ mode: "stop", "db-clusters": "qa*-aurora" });
    expect(stopped.outputs).toMatchObject({ changed: "3", failed: "0" });
    expect(dbPlan(stopped.outputs)).toEqual([
      { cluster: "qa3-aurora", action: "stop", status: "changed", reason: "stop" },
    ]);
    const order = mutations(s);
    expect(order.slice(-2)).toEqual(["AddTagsToResource", "StopDBCluster"]);
    expect(order.slice(0, -2).every((operation) => !/DB|Tags/.test(operation))).toBe(true);
    expect(s.aws.dbCluster("prod-aurora").Status).toBe("available");
    // db.r6g.large at $0.313 an hour over the 491 off hours of Mon-Fri 09:00-20:00.
    expect(stopped.result.savings.aurora).toBeCloseTo(0.313 * 491.0119, 2);
    expect(stopped.summary).toContain("Aurora (instance-hours off out of hours)");
    // The header and the Totals count the same things: 2 services and 1 DB cluster, 3 in all.
    expect(stopped.summary).toContain("stop: 3 changed (2 services, 1 DB cluster), 0 skipped, 0 failed");
    expect(stopped.summary).toContain("| qa3 | 2 | 0 | 0 | 0 |");
    expect(stopped.summary).toContain("| Aurora DB clusters | 1 | 0 | 0 | 0 |");
    expect(stopped.summary).toMatch(/\| \*\*Total\*\* \| \*\*3\*\* \| \*\*0\*\* \| \*\*0\*\* \| \*\*0\*\* \|/);
    s.clock.advance(10 * 60_000);
    expect(s.aws.dbCluster("qa3-aurora").Status).toBe("stopped");

    s.aws.requests.length = 0;
    const startedAt = s.clock.now();
    const started = await s.run({ mode: "start", "db-clusters": "qa3-aurora" });
    expect(started.outputs).toMatchObject({ changed: "3", failed: "0" });
    const requests = s.aws.requests.map((request) => request.operation);
    const firstService = requests.indexOf("RegisterScalableTarget");
    expect(requests.indexOf("StartDBCluster")).toBeLessThan(firstService);
    // Aurora takes 8 minutes on the fake: polled every 30 s until available, only then the services.
    const available = s.aws.requests.filter((request) => request.operation === "DescribeDBClusters").at(-1);
    expect((available?.at ?? 0) - startedAt).toBeGreaterThanOrEqual(8 * 60_000);
    expect(s.aws.requests[firstService]?.at ?? 0).toBeGreaterThanOrEqual(available?.at ?? Number.POSITIVE_INFINITY);
    expect(s.aws.dbCluster("qa3-aurora")).toMatchObject({ Status: "available", TagList: [] });
    expect(stateOf(s.aws, "qa3", "web")).toMatchObject({ desired: 2, min: 1, max: 4 });
  });

  it("stops again a cluster Aurora started by itself after 7 days, and says so", async () => {
    const s = await start([qa3()], "2026-11-20T12:00:00Z"); // Fri 21:00 in Tokyo
    s.aws.seedDbCluster({ id: "qa3-aurora" });
    const inputs = { ...TOKYO, "db-clusters": "qa3-aurora", holidays: "" };
    await s.run(inputs);
    s.clock.advance(10 * 60_000);
    expect(s.aws.dbCluster("qa3-aurora").Status).toBe("stopped");
    // Nobody starts the environment for a week (a long holiday); Aurora starts the cluster on day 7.
    s.clock.set("2026-11-27T12:30:00Z"); // Fri 21:30, 7 days and 20 min later
    expect(s.aws.dbCluster("qa3-aurora").Status).toBe("available");
    s.aws.requests.length = 0;
    const run = await s.run(inputs);
    expect(dbPlan(run.outputs)[0]).toMatchObject({
      action: "stop",
      status: "changed",
      reason:
        "outside working hours (Fri 2026-11-27 21:30 Asia/Tokyo); Aurora started it by itself after 7 days stopped (stopped by this action at 2026-11-20 21:00 Asia/Tokyo); stopping it again",
    });
    expect(mutations(s)).toEqual(["AddTagsToResource", "StopDBCluster"]);
  });

  it("skips clusters Aurora cannot stop, with the reason, and makes no RDS change for them", async () => {
    const s = await start([{ name: "qa", services: [{ name: "web" }] }], "2026-11-25T12:00:00Z");
    s.aws.seedDbCluster({ id: "qa-v1", engineMode: "serverless" });
    s.aws.seedDbCluster({ id: "qa-global", globalClusterIdentifier: "qa-global-db" });
    s.aws.seedDbCluster({
      id: "qa-replica",
      replicationSourceIdentifier: "arn:aws:rds:us-west-2:123456789012:cluster:src",
    });
    s.aws.seedDbCluster({
      id: "qa-source",
      readReplicaIdentifiers: ["arn:aws:rds:us-west-2:123456789012:cluster:copy"],
    });
    s.aws.seedDbCluster({ id: "qa-busy", status: "stopping" });
    const run = await s.run({ mode: "stop", "db-clusters": "qa-*" });
    expect(
      dbPlan(run.outputs).map((entry: { cluster: string; reason: string }) => [entry.cluster, entry.reason]),
    ).toEqual([
      ["qa-v1", "Aurora Serverless v1 cannot be stopped (it pauses by itself)"],
      ["qa-global", "member of global database qa-global-db: Aurora cannot stop it"],
      ["qa-replica", "a read replica of arn:aws:rds:us-west-2:123456789012:cluster:src: Aurora cannot stop it"],
      [
        "qa-source",
        "has a read replica in another cluster (arn:aws:rds:us-west-2:123456789012:cluster:copy): Aurora cannot stop it",
      ],
      ["qa-busy", "already stopping"],
    ]);
    expect(run.outputs).toMatchObject({ changed: "1", skipped: "5", failed: "0" });
    expect(mutations(s).filter((operation) => /DB|Tags/.test(operation))).toEqual([]);
  });

  it("keeps a cluster tagged keep-running-until up in stop mode, like a service", async () => {
    const s = await start([{ name: "qa", services: [{ name: "web" }] }], "2026-11-25T12:00:00Z");
    s.aws.seedDbCluster({ id: "qa3-aurora", tags: { "sre-actions:keep-running-until": "2026-11-26T00:00:00Z" } });
    const run = await s.run({ mode: "stop", "db-clusters": "qa3-aurora" });
    expect(dbPlan(run.outputs)[0]).toMatchObject({
      action: "skip",
      reason: "tag sre-actions:keep-running-until keeps it running until 2026-11-26T00:00:00.000Z",
    });
    expect(s.aws.dbCluster("qa3-aurora").Status).toBe("available");
  });

  it("reports Serverless v2 at a 0 ACU minimum as pausing when idle, and suggests 0 ACU to one above it", async () => {
    const s = await start([{ name: "qa", services: [{ name: "web" }] }], "2026-11-25T12:00:00Z");
    s.aws.seedDbCluster({ id: "qa1-aurora", engine: "aurora-mysql", serverlessV2: { min: 0, max: 4 } });
    s.aws.seedDbCluster({ id: "qa2-aurora", engine: "aurora-mysql", serverlessV2: { min: 0.5, max: 4 } });
    const run = await s.run({ mode: "stop", "db-clusters": "qa*-aurora" });
    expect(dbPlan(run.outputs)).toEqual([
      {
        cluster: "qa1-aurora",
        action: "skip",
        status: "skipped",
        reason: "pauses when idle (Aurora Serverless v2 with a 0 ACU minimum); not stopped",
      },
      expect.objectContaining({ cluster: "qa2-aurora", action: "stop", status: "changed" }),
    ]);
    expect(dbPlan(run.outputs)[1].reason).toContain(
      "suggestion: a 0 ACU minimum (now 0.5) lets this Serverless v2 cluster pause by itself when idle",
    );
    expect(s.aws.dbCluster("qa1-aurora").Status).toBe("available");
  });

  it("names the IAM action when RDS refuses a stop (the RDS client tags its errors like every AWS client)", async () => {
    const s = await start([{ name: "qa", services: [{ name: "web" }] }], "2026-11-25T12:00:00Z");
    s.aws.seedDbCluster({ id: "qa3-aurora" });
    s.aws.fault({
      operation: "StopDBCluster",
      action: {
        kind: "respond",
        response: {
          status: 403,
          headers: { "content-type": "text/xml" },
          body: '<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform this operation</Message></Error><RequestId>1</RequestId></ErrorResponse>',
        },
      },
    });
    const run = await s.run({ mode: "stop", "db-clusters": "qa3-aurora" });
    expect(run.outputs["failed"]).toBe("1");
    expect(dbPlan(run.outputs)[0].error).toBe("Access denied: the AWS role may not call rds:StopDBCluster");
    expect(run.failure?.message).toContain(
      "DB cluster qa3-aurora: Access denied: the AWS role may not call rds:StopDBCluster",
    );
  });

  it("fails before any change when a named cluster does not exist", async () => {
    const s = await start([{ name: "qa", services: [{ name: "web" }] }], "2026-11-25T12:00:00Z");
    await expect(s.run({ mode: "stop", "db-clusters": "qa3-aurora" })).rejects.toThrow(
      "DB cluster qa3-aurora not found in this region",
    );
    expect(mutations(s)).toEqual([]);
  });
});

describe("Spot that never strands a service", () => {
  const SPOT = [{ capacityProvider: "FARGATE_SPOT", weight: 1 }];
  const at = "2026-11-25T03:00:00Z"; // Wed 12:00 in Tokyo, within working hours

  it("moves a service short of Spot capacity for spot-fallback-after to on-demand, then back after spot-retry-after", async () => {
    const since = Date.parse(at) - 20 * 60_000;
    const s = await start(
      [
        {
          name: "qa",
          services: [
            { name: "web", providers: SPOT },
            { name: "api", providers: SPOT },
          ],
        },
      ],
      at,
      {
        ecs: spotShortage(["web"], since),
      },
    );
    const run = await s.run(TOKYO);
    expect(plan(run.outputs)[0]).toMatchObject({
      service: "web",
      action: "spot-fallback",
      from: "FARGATE_SPOT:1",
      to: "FARGATE:1",
      reason:
        "Spot capacity unavailable for 20 min (0 of 2 tasks running): on-demand until spot-retry-after, tag sre-actions:spot-fallback",
    });
    expect(plan(run.outputs)[1]).toMatchObject({ service: "api", action: "none" });
    expect(stateOf(s.aws, "qa", "web").providers).toEqual(["FARGATE:1:0"]);
    expect(s.aws.describeService("qa", "web").tags).toContainEqual({
      key: "sre-actions:spot-fallback",
      value: "at=20261125T0300Z cp=FARGATE_SPOT:1:0",
    });
    expect(s.log.text("warning")).toContain(
      "qa/web: Spot capacity unavailable; moved to FARGATE until spot-retry-after",
    );
    expect(run.summary).toContain("spot-fallback");

    s.clock.advance(60 * 60_000);
    const later = await s.run({ mode: "spot" });
    expect(plan(later.outputs)[0]).toMatchObject({
      action: "none",
      reason: "on on-demand since 2026-11-25 03:00 UTC (Spot capacity ran out); back to Spot from 2026-11-25 09:00 UTC",
    });

    s.clock.set("2026-11-25T09:00:00Z");
    const retry = await s.run({ mode: "spot" });
    expect(plan(retry.outputs)[0]).toMatchObject({ action: "spot-retry", to: "FARGATE_SPOT:1", status: "changed" });
    expect(stateOf(s.aws, "qa", "web").providers).toEqual(["FARGATE_SPOT:1:0"]);
    expect(s.aws.describeService("qa", "web").tags?.map((tag) => tag.key)).not.toContain("sre-actions:spot-fallback");
  });

  it("waits while the shortage is younger than spot-fallback-after", async () => {
    const s = await start([{ name: "qa", services: [{ name: "web", providers: SPOT }] }], at, {
      ecs: spotShortage(["web"], Date.parse(at) - 10 * 60_000),
    });
    const run = await s.run({ mode: "spot" });
    expect(plan(run.outputs)[0]).toMatchObject({ action: "none", reason: "already on FARGATE_SPOT:1" });
    expect((await s.run({ mode: "spot", "spot-fallback-after": "5m" })).outputs["changed"]).toBe("1");
  });
});

describe("honest savings", () => {
  // 0.5 vCPU / 1 GB: $0.030816 a task-hour on-demand.
  const HOURLY = 0.5 * 0.05056 + 0.005536;

  it("tonight counts only what is stopped, not services kept up by keep-running-until", async () => {
    const s = await start(
      [
        {
          name: "qa",
          services: [
            { name: "web", desired: 2 },
            { name: "demo", desired: 2, tags: { "sre-actions:keep-running-until": "2026-11-25T23:00" } },
          ],
        },
      ],
      "2026-11-25T11:30:00Z", // 20:30 Tokyo; next start Thu 09:00, 12.5 h away
    );
    const run = await s.run(TOKYO);
    expect(run.result.savings.tonight).toMatchObject({ services: 1, clusters: 0, keptRunning: 1 });
    expect(run.result.savings.tonight?.usd).toBeCloseTo(2 * HOURLY * 12.5, 6);
    expect(run.summary).toContain(
      "Tonight, until 2026-11-26 09:00 Asia/Tokyo: **$0.77** from 1 service and 0 DB clusters stopped; 1 service kept running by keep-running-until not counted.",
    );
    expect(run.summary).toContain("Assumptions");
  });

  it("counts Spot only over the hours a scheduled service runs, and totals schedule + Spot + Aurora once", async () => {
    const SPOT = [{ capacityProvider: "FARGATE_SPOT", weight: 1 }];
    const s = await start([{ name: "qa", services: [{ name: "web", desired: 2 }] }], "2026-11-25T03:00:00Z");
    const allMonth = await s.run({ mode: "spot", "dry-run": "true" });
    expect(allMonth.result.savings.spot).toBeCloseTo(2 * HOURLY * 730 * 0.7, 6);
    const scheduled = await s.run({ mode: "spot", "dry-run": "true", "working-hours": "Mon-Fri 09:00-20:00" });
    const running = 730 - 491.0119;
    expect(scheduled.result.savings.spot).toBeCloseTo(2 * HOURLY * running * 0.7, 2);
    await s.stop();

    const t = await start(
      [{ name: "qa", services: [{ name: "web", desired: 2, providers: SPOT }] }],
      "2026-11-25T11:30:00Z",
    );
    t.aws.seedDbCluster({ id: "qa-aurora", instances: [{ id: "qa-aurora-1", instanceClass: "db.t4g.medium" }] });
    const night = await t.run({ ...TOKYO, "db-clusters": "qa-aurora" });
    const { schedule, spot, aurora, total } = night.result.savings;
    expect(schedule).toBeCloseTo(2 * HOURLY * 491.0119, 2); // off hours at the on-demand price
    expect(spot).toBeCloseTo(2 * HOURLY * running * 0.7, 2); // Spot only while it runs
    expect(aurora).toBeCloseTo(0.113 * 491.0119, 2);
    expect(total).toBeCloseTo(schedule + spot + aurora, 6);
    expect(Number(night.outputs["estimated-monthly-savings"])).toBeCloseTo(total, 2);
  });

  // The rules of issue 16 "Honest savings": only what this run changes counts.
  const OFF = 491.0119; // off hours a month of Mon-Fri 09:00-20:00
  const KEEP = { "sre-actions:keep-running-until": "2026-11-26T09:00" };
  const rowOf = (summary: string, name: string) => summary.split("\n").find((line) => line.startsWith(`| ${name} |`));

  it("stop run: a service and an Aurora cluster kept up by keep-running-until add nothing to any figure", async () => {
    const s = await start(
      [
        {
          name: "qa",
          services: [
            { name: "web", desired: 2 },
            { name: "demo", desired: 2, tags: KEEP },
          ],
        },
      ],
      "2026-11-25T11:30:00Z", // Wed 20:30 in Tokyo
    );
    s.aws.seedDbCluster({ id: "qa1-aurora", instances: [{ id: "qa1-aurora-1", instanceClass: "db.t4g.medium" }] });
    s.aws.seedDbCluster({
      id: "qa3-aurora",
      instances: [{ id: "qa3-aurora-1", instanceClass: "db.r6g.large" }],
      tags: KEEP,
    });
    const run = await s.run({ ...TOKYO, "db-clusters": "qa*-aurora" });
    const { schedule, spot, aurora, total } = run.result.savings;
    expect(schedule).toBeCloseTo(2 * HOURLY * OFF, 2); // web only, not demo
    expect(spot).toBe(0);
    expect(aurora).toBeCloseTo(0.113 * OFF, 2); // qa1-aurora only, not qa3-aurora
    expect(total).toBeCloseTo(schedule + aurora, 6);
    expect(Number(run.outputs["estimated-monthly-savings"])).toBeCloseTo(total, 2);
    const demo = run.result.outcomes.find((outcome) => outcome.entry.service.name === "demo");
    expect(demo).toMatchObject({ status: "unchanged", entry: { monthlySaving: 0 } });
    expect(rowOf(run.summary, "demo")).toContain("| unchanged | 2 | 0.5 vCPU / 1 GB | – |");
    expect(rowOf(run.summary, "qa3-aurora")).toContain("| unchanged | db.r6g.large | – |");
    expect(rowOf(run.summary, "qa")).toBe(`| qa | 1 | 1 | 0 | 0 | $${(2 * HOURLY * OFF).toFixed(2)} |`);
    expect(run.summary).toContain(`estimated monthly saving of this run's changes **$${total.toFixed(2)}**`);
    expect(run.summary).toContain("1 service and 1 DB cluster kept running by keep-running-until not counted");
    // Said once: no "keep-running-until until".
    expect(plan(run.outputs)[1].reason).toBe(
      "kept running by tag sre-actions:keep-running-until to 2026-11-26 09:00 Asia/Tokyo; no saved state (not stopped by this action)",
    );
    expect(run.summary).not.toContain("until until");

    // A second stop changes nothing, so it saves nothing more (the first run counted it).
    const again = await s.run({ ...TOKYO, "db-clusters": "qa*-aurora" });
    expect(again.result.savings.total).toBe(0);
    expect(again.outputs["estimated-monthly-savings"]).toBe("0");
  });

  it("start run: saves nothing and says so instead of repeating the stop's figure", async () => {
    const s = await start([{ name: "qa", services: [{ name: "web", desired: 2 }] }], "2026-11-25T11:30:00Z");
    s.aws.seedDbCluster({ id: "qa1-aurora", instances: [{ id: "qa1-aurora-1", instanceClass: "db.t4g.medium" }] });
    const night = await s.run({ ...TOKYO, "db-clusters": "qa1-aurora" });
    expect(night.result.estimatedMonthlySavings).toBeGreaterThan(0);
    s.clock.advance(10 * 60_000);

    s.clock.set("2026-11-26T00:00:00Z"); // Thu 09:00 in Tokyo
    const morning = await s.run({ ...TOKYO, "db-clusters": "qa1-aurora" });
    expect(morning.outputs).toMatchObject({ changed: "2", failed: "0", "estimated-monthly-savings": "0" });
    expect(morning.result.savings).toMatchObject({ schedule: 0, spot: 0, aurora: 0, total: 0, started: 2 });
    expect(morning.summary).toContain(
      "2 services and DB clusters started: a start saves nothing (its saving is counted by the run that stops them)",
    );
    expect(morning.summary).not.toContain("estimated monthly saving");
    expect(rowOf(morning.summary, "web")).toContain("| changed | 2 | 0.5 vCPU / 1 GB | – |");
    expect(rowOf(morning.summary, "qa1-aurora")).toContain("| changed | db.t4g.medium | – |");
    expect(morning.summary).toContain("Only what this run changes counts");
  });

  it("start mode by hand: the same, $0 and no saving headline", async () => {
    const s = await start([{ name: "qa", services: [{ name: "web", desired: 2 }] }], "2026-11-25T11:30:00Z");
    await s.run({ mode: "stop" });
    const started = await s.run({ mode: "start" });
    expect(started.outputs).toMatchObject({ changed: "1", "estimated-monthly-savings": "0" });
    expect(started.summary).toContain("1 service or DB cluster started: a start saves nothing");
  });

  it("Spot-only run: counts the service it moves to Spot, not one already there", async () => {
    const SPOT = [{ capacityProvider: "FARGATE_SPOT", weight: 1 }];
    const s = await start(
      [
        {
          name: "qa",
          services: [
            { name: "web", desired: 2 },
            { name: "api", desired: 3, providers: SPOT },
          ],
        },
      ],
      "2026-11-25T03:00:00Z",
    );
    const run = await s.run({ mode: "spot" });
    expect(run.outputs).toMatchObject({ changed: "1", failed: "0" });
    const moved = 2 * HOURLY * 730 * 0.7; // web only, all month (no schedule stops it)
    expect(run.result.savings).toMatchObject({ schedule: 0, aurora: 0 });
    expect(run.result.savings.spot).toBeCloseTo(moved, 6);
    expect(Number(run.outputs["estimated-monthly-savings"])).toBeCloseTo(moved, 2);
    expect(rowOf(run.summary, "api")).toContain("| unchanged | 3 | 0.5 vCPU / 1 GB | – |");
    expect(rowOf(run.summary, "qa")).toBe(`| qa | 1 | 1 | 0 | 0 | $${moved.toFixed(2)} |`);
  });

  it("stop mode: an Aurora cluster kept by keep-running-until is not in the Aurora figure", async () => {
    const s = await start([{ name: "qa", services: [{ name: "web", desired: 2 }] }], "2026-11-25T11:30:00Z");
    s.aws.seedDbCluster({
      id: "qa3-aurora",
      instances: [{ id: "qa3-aurora-1", instanceClass: "db.r6g.large" }],
      tags: KEEP,
    });
    const run = await s.run({ mode: "stop", timezone: "Asia/Tokyo", "db-clusters": "qa3-aurora" });
    expect(run.result.savings.aurora).toBe(0);
    expect(run.result.savings.total).toBeCloseTo(run.result.savings.schedule, 6);
    expect(rowOf(run.summary, "qa3-aurora")).toContain("| – |");
    expect(run.summary).toContain(
      "from 1 service and 0 DB clusters stopped; 1 DB cluster kept running by keep-running-until not counted.",
    );
  });
});
