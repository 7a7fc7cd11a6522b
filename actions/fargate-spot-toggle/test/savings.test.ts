import { describe, expect, it } from "vitest";
import { parseProviders, spotTasks } from "../src/capacity.js";
import type { Placement, ServiceInfo } from "../src/model.js";
import { offHoursPerMonth, stoppedHourly, stopSaving, switchSaving, taskHourly } from "../src/savings.js";
import { parseWorkingHours } from "../src/working-hours.js";

const prices = { vcpuHour: 0.05056, gbHour: 0.005536, spotDiscount: 0.7, savingsPlanCoverage: 0 };
const service = { vcpu: 0.5, memoryGb: 1 } as ServiceInfo;
const providers = (text: string): Placement => {
  const parsed = parseProviders(text);
  if (!("items" in parsed)) throw new Error(parsed.problem);
  return { kind: "providers", items: parsed.items };
};

describe("savings", () => {
  it("prices a task-hour from vCPU and memory", () => {
    expect(taskHourly(service, prices)).toBeCloseTo(0.5 * 0.05056 + 0.005536, 10);
  });

  it("stop: tasks × hourly × off-hours a month", () => {
    const parsed = parseWorkingHours("Mon-Fri 09:00-20:00");
    if (!("windows" in parsed)) throw new Error(parsed.problem);
    const off = offHoursPerMonth(parsed.windows);
    expect(off).toBeCloseTo(491.01, 2);
    expect(stopSaving(service, 3, prices, off)).toBeCloseTo(3 * 0.030816 * 491.0119, 3);
  });

  it("savings-plan-coverage: stopping on-demand tasks saves only the share the plan does not pay", () => {
    const covered = { ...prices, savingsPlanCoverage: 0.6 };
    expect(stopSaving(service, 3, covered, 100)).toBeCloseTo(stopSaving(service, 3, prices, 100) * 0.4, 10);
    // Spot tasks are not covered by a Savings Plan: their Spot price is saved whole.
    const hourly = taskHourly(service, prices);
    expect(stoppedHourly(service, 2, providers("FARGATE_SPOT:1"), covered)).toBeCloseTo(hourly * 0.3, 10);
    expect(stoppedHourly(service, 2, providers("FARGATE:1, FARGATE_SPOT:1"), covered)).toBeCloseTo(
      hourly * (0.5 * 0.4 + 0.5 * 0.3),
      10,
    );
    expect(stoppedHourly(service, 2, providers("FARGATE:1"), { ...prices, savingsPlanCoverage: 1 })).toBe(0);
  });

  it("spot: follows ECS placement, base first then weights", () => {
    expect(spotTasks(providers("FARGATE:1:base=1, FARGATE_SPOT:4"), 3)).toBeCloseTo(1.6, 10);
    expect(spotTasks(providers("FARGATE_SPOT:1"), 3)).toBe(3);
    expect(spotTasks(providers("FARGATE_SPOT:1:base=2, FARGATE:1"), 4)).toBe(3);
    expect(spotTasks({ kind: "launch-type", launchType: "FARGATE" }, 3)).toBe(0);
    const saving = switchSaving(
      service,
      3,
      { kind: "launch-type", launchType: "FARGATE" },
      providers("FARGATE_SPOT:1"),
      prices,
    );
    expect(saving).toBeCloseTo(3 * 0.030816 * 730 * 0.7, 6);
    expect(switchSaving(service, 3, providers("FARGATE_SPOT:1"), providers("FARGATE:1"), prices)).toBeCloseTo(
      -saving,
      6,
    );
  });
});
