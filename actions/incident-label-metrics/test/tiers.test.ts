import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TIER_TABLES, type Tier, tierGap, tierOf } from "../src/tiers.js";

const RANK: Record<Tier, number> = { elite: 3, high: 2, medium: 1, low: 0 };

describe("DORA tiers", () => {
  it.each([
    ["2024", "deployment-frequency", 3, "elite"],
    ["2024", "deployment-frequency", 0.2, "high"],
    ["2024", "deployment-frequency", 0.05, "medium"],
    ["2024", "deployment-frequency", 0.01, "low"],
    ["2024", "lead-time", 20, "elite"],
    ["2024", "lead-time", 100, "high"],
    ["2024", "lead-time", 500, "medium"],
    ["2024", "lead-time", 1000, "low"],
    ["2024", "time-to-restore", 0.5, "elite"],
    ["2024", "time-to-restore", 12, "high"],
    ["2024", "time-to-restore", 48, "low"],
    ["2023", "change-failure-rate", 0.05, "elite"],
    ["2023", "change-failure-rate", 0.08, "high"],
    ["2023", "change-failure-rate", 0.15, "medium"],
    ["2023", "change-failure-rate", 0.2, "low"],
    ["2023", "time-to-restore", 100, "medium"],
    ["2021", "lead-time", 0.5, "elite"],
    ["2021", "lead-time", 5, "high"],
    ["2021", "lead-time", 400, "medium"],
    ["2021", "change-failure-rate", 0.15, "elite"],
    ["2021", "change-failure-rate", 0.25, "high"],
    ["2021", "change-failure-rate", 0.31, "low"],
    ["2021", "deployment-frequency", 0.5, "high"],
    ["2021", "deployment-frequency", 0.001, "low"],
  ] as const)("%s %s %d → %s", (report, metric, value, tier) => {
    expect(tierOf(report, metric, value)).toBe(tier);
  });

  it("gives no tier where the report publishes no band, and says why", () => {
    expect(tierOf("2024", "change-failure-rate", 0.1)).toBeUndefined();
    expect(tierGap("2024", "change-failure-rate", 0.1)).toMatch(/Elite 5%, High 20%, Medium 10%, Low 40%/);
    for (const report of ["2024", "2023", "2021"] as const) {
      expect(tierOf(report, "rework-rate", 0.1)).toBeUndefined();
      expect(tierGap(report, "rework-rate", 0.1)).toMatch(/rework/);
    }
    expect(tierGap("2023", "lead-time", undefined)).toBe("no data in the window");
  });

  it("names its source for every report", () => {
    for (const table of Object.values(TIER_TABLES)) {
      expect(table.source).toMatch(/^DORA, Accelerate State of DevOps Report 20\d\d/);
      expect(table.url).toMatch(/^https:\/\/dora\.dev\//);
    }
  });

  it("never ranks a better value lower (monotonic in every report and metric)", () => {
    const metrics = ["deployment-frequency", "lead-time", "change-failure-rate", "time-to-restore"] as const;
    fc.assert(
      fc.property(
        fc.constantFrom("2024", "2023", "2021" as const),
        fc.constantFrom(...metrics),
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        (report, metric, a, b) => {
          const tierA = tierOf(report, metric, a);
          const tierB = tierOf(report, metric, b);
          if (tierA === undefined || tierB === undefined) return;
          const higherIsBetter = metric === "deployment-frequency";
          const [better, worse] = (higherIsBetter ? a >= b : a <= b) ? [tierA, tierB] : [tierB, tierA];
          expect(RANK[better]).toBeGreaterThanOrEqual(RANK[worse]);
        },
      ),
    );
  });
});
