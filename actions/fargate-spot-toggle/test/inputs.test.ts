import { inputErrorOf } from "@sre-actions/testkit";
import { describe, expect, it } from "vitest";
import { inputsFrom as parse } from "./fixtures/scenario.js";

describe("parseInputs", () => {
  it("applies the documented defaults", () => {
    const inputs = parse({ mode: "spot", cluster: "qa,dev" });
    expect(inputs).toMatchObject({
      mode: "spot",
      clusters: ["qa", "dev"],
      services: ["*"],
      spotProviders: [{ provider: "FARGATE_SPOT", weight: 1, base: 0 }],
      onDemandProviders: [{ provider: "FARGATE", weight: 1, base: 0 }],
      timeZone: "UTC",
      dryRun: false,
      concurrency: 5,
      prices: { vcpuHour: 0.05056, gbHour: 0.005536, spotDiscount: 0.7 },
    });
  });

  it("reads a mixed strategy, holidays and a replay instant", () => {
    const inputs = parse({
      mode: "schedule",
      cluster: "qa",
      "spot-strategy": "FARGATE:1:base=1, FARGATE_SPOT:4",
      "working-hours": "Mon-Fri 09:00-20:00",
      timezone: "Asia/Tokyo",
      holidays: "jp\n2026-12-29",
      now: "2026-11-25T08:59",
    });
    expect(inputs.spotProviders).toEqual([
      { provider: "FARGATE", weight: 1, base: 1 },
      { provider: "FARGATE_SPOT", weight: 4, base: 0 },
    ]);
    expect(inputs.holidays).toEqual({ japanese: true, dates: new Set(["2026-12-29"]) });
    expect(inputs.now?.toISOString()).toBe("2026-11-24T23:59:00.000Z");
  });

  it.each([
    [
      { cluster: "qa" },
      'Input "mode" is required: one of spot, on-demand, stop, start, schedule, idle, status, e.g. schedule',
    ],
    [
      { mode: "pause", cluster: "qa" },
      'Input "mode" must be one of spot, on-demand, stop, start, schedule, idle, status; got "pause", e.g. spot',
    ],
    [{ mode: "stop" }, 'Input "cluster" is required, e.g. qa or qa,dev'],
    [
      { mode: "stop", cluster: "qa/dev" },
      'Input "cluster" has "qa/dev", which is not a cluster name or ARN, e.g. qa,dev',
    ],
    [
      { mode: "stop", cluster: "qa", services: "web;rm" },
      'Input "services" has "web;rm", which is not a service name or glob, e.g. qa-*,api',
    ],
    [
      { mode: "schedule", cluster: "qa" },
      'Input "working-hours" is required when mode is schedule, e.g. Mon-Fri 09:00-20:00',
    ],
    [
      { mode: "schedule", cluster: "qa", "working-hours": "9 to 5" },
      'Input "working-hours" has "9 to 5", which is not like Mon-Fri 09:00-20:00, e.g. Mon-Fri 09:00-20:00',
    ],
    [
      { mode: "stop", cluster: "qa", timezone: "Tokyo" },
      'Input "timezone" must be an IANA time zone name; got "Tokyo", e.g. Asia/Tokyo',
    ],
    [
      { mode: "stop", cluster: "qa", holidays: "jp, xmas" },
      'Input "holidays" has "xmas", which is neither jp nor a date like 2026-12-29, e.g. jp',
    ],
    [
      { mode: "spot", cluster: "qa", "spot-strategy": "FARGATE:1" },
      'Input "spot-strategy" must put some tasks on FARGATE_SPOT, e.g. FARGATE:1:base=1, FARGATE_SPOT:4',
    ],
    [
      { mode: "spot", cluster: "qa", "spot-strategy": "FARGATE_SPOT=1" },
      'Input "spot-strategy" has "FARGATE_SPOT=1", which is not PROVIDER:weight or PROVIDER:weight:base=N, e.g. FARGATE:1:base=1, FARGATE_SPOT:4',
    ],
    [
      { mode: "on-demand", cluster: "qa", "on-demand-strategy": "FARGATE_SPOT:1" },
      'Input "on-demand-strategy" must not use FARGATE_SPOT, e.g. FARGATE:1',
    ],
    [{ mode: "stop", cluster: "qa", concurrency: "0" }, 'Input "concurrency" must be from 1 to 50; got 0, e.g. 1'],
    [{ mode: "stop", cluster: "qa", "dry-run": "yes" }, 'Input "dry-run" must be true or false; got "yes", e.g. true'],
    [
      { mode: "stop", cluster: "qa", "spot-discount": "70%" },
      'Input "spot-discount" must be a number from 0 to 1; got "70%", e.g. 0.7',
    ],
    [{ mode: "stop", cluster: "qa", "include-tags": "env" }, expect.stringContaining('Input "include-tags"')],
    [
      { mode: "stop", cluster: "qa", now: "tomorrow" },
      'Input "now" must be an ISO 8601 date-time; got "tomorrow", e.g. 2026-11-25T08:59:00+09:00',
    ],
  ])("rejects %o", (values, message) => {
    expect(inputErrorOf(() => parse(values as Record<string, string>))).toEqual(expect.objectContaining({ message }));
  });
});
