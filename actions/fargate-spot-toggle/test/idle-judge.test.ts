import { describe, expect, it } from "vitest";
import type { DbInfo } from "../src/db.js";
import { judgeEnvironment, readTraffic, type Traffic } from "../src/idle.js";
import type { ServiceInfo } from "../src/model.js";
import type { CloudWatchPort } from "../src/ports.js";

const NOW = Date.parse("2026-11-25T06:00:00Z");
const MIN = 60_000;
const TG = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web/0123";
const rules = { now: NOW, idleAfterMs: 120 * MIN, idleWithoutTrafficMetric: false, timeZone: "UTC" };

const service = (overrides: Partial<ServiceInfo> = {}): ServiceInfo =>
  ({
    name: "qa1-web",
    desired: 2,
    saved: undefined,
    tags: new Map(),
    targetGroups: [TG],
    classicLoadBalancers: [],
    lastDeployAt: NOW - 600 * MIN,
    lastStartAt: NOW - 600 * MIN,
    environment: "qa1",
    ...overrides,
  }) as ServiceInfo;

const traffic = (lastRequestAt: number | undefined, periodSeconds = 60): Traffic => ({
  byTargetGroup: new Map([[TG, { requests: lastRequestAt === undefined ? 0 : 5, lastRequestAt }]]),
  window: { start: NOW - 1440 * MIN, end: NOW, periodSeconds },
  cost: { calls: 1, metrics: 1, usd: 0.00001 },
});

describe("judgeEnvironment", () => {
  it("sleeps at idle-after exactly, not a minute before", () => {
    expect(judgeEnvironment("qa1", [service()], [], traffic(NOW - 120 * MIN), rules).kind).toBe("sleep");
    expect(judgeEnvironment("qa1", [service()], [], traffic(NOW - 119 * MIN), rules).kind).toBe("awake");
  });

  it("counts a request at the last minute of a coarse period, so it never sleeps early", () => {
    // A 3-minute bucket starting 121 min ago may hold a request 119 min ago.
    expect(judgeEnvironment("qa1", [service()], [], traffic(NOW - 121 * MIN, 180), rules).kind).toBe("awake");
  });

  it("a recent deployment or task start keeps it awake whatever the traffic", () => {
    expect(
      judgeEnvironment("qa1", [service({ lastDeployAt: NOW - 30 * MIN })], [], traffic(undefined), rules),
    ).toMatchObject({
      kind: "awake",
      idleMinutes: 30,
    });
    expect(
      judgeEnvironment("qa1", [service({ lastStartAt: NOW - 10 * MIN })], [], traffic(undefined), rules).kind,
    ).toBe("awake");
  });

  it("keep-running-until on a service or on its DB cluster keeps it, whatever else", () => {
    const kept = service({ tags: new Map([["sre-actions:keep-running-until", "2026-11-25T09:00:00Z"]]) });
    expect(judgeEnvironment("qa1", [kept], [], traffic(undefined), rules)).toMatchObject({
      kind: "kept",
      reason: "qa1-web is tagged keep-running-until 2026-11-25 09:00 UTC",
    });
    const db = {
      id: "qa1-aurora",
      tags: new Map([["sre-actions:keep-running-until", "2026-11-25T07:00:00Z"]]),
    } as DbInfo;
    expect(judgeEnvironment("qa1", [service()], [db], traffic(undefined), rules).kind).toBe("kept");
  });

  it("an environment stopped whole is asleep; one woken in part wakes whole", () => {
    const savedAt = new Date(NOW - 300 * MIN);
    const asleep = service({
      saved: {
        desired: 2,
        target: undefined,
        placement: { kind: "launch-type", launchType: "FARGATE" },
        savedAt,
        reason: "idle",
      },
    });
    expect(judgeEnvironment("qa1", [asleep], [], undefined, rules)).toMatchObject({
      kind: "asleep",
      reason: "asleep since 2026-11-25 01:00 UTC (idle); a deploy or a reservation wakes it",
    });
    expect(judgeEnvironment("qa1", [asleep, service({ name: "qa1-api" })], [], undefined, rules)).toMatchObject({
      kind: "wake",
      reason: "qa1-api runs again (a deploy or a reservation woke qa1): starting qa1-web",
    });
  });

  it("a service without a traffic metric keeps it awake unless idle-without-traffic-metric", () => {
    const worker = service({ name: "qa1-worker", targetGroups: [] });
    expect(judgeEnvironment("qa1", [worker], [], undefined, rules).kind).toBe("awake");
    expect(judgeEnvironment("qa1", [worker], [], undefined, { ...rules, idleWithoutTrafficMetric: true }).kind).toBe(
      "sleep",
    );
  });
});

describe("readTraffic", () => {
  it("asks for 500 target groups a call at the finest period that fits 100,800 data points", async () => {
    const calls: { queries: number; period: number | undefined }[] = [];
    const cloudWatch: CloudWatchPort = {
      getMetricData: async (input) => {
        calls.push({
          queries: input.MetricDataQueries?.length ?? 0,
          period: input.MetricDataQueries?.[0]?.MetricStat?.Period,
        });
        return { MetricDataResults: [], $metadata: {} };
      },
    };
    const groups = Array.from({ length: 1001 }, (_, i) => `${TG}${i}`);
    const read = await readTraffic(cloudWatch, groups, NOW, 1440 * MIN);
    expect(calls.map((call) => call.queries)).toEqual([500, 500, 1]);
    // 100,800 / 500 = 201 points a series: a day needs 8-minute periods.
    expect(calls[0]?.period).toBe(480);
    expect(read.cost).toEqual({ calls: 3, metrics: 1001, usd: 0.01001 });
    calls.length = 0;
    await readTraffic(cloudWatch, groups.slice(0, 40), NOW, 1440 * MIN);
    expect(calls).toEqual([{ queries: 40, period: 60 }]);
  });
});
