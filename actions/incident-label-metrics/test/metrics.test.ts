import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buckets } from "../src/buckets.js";
import { tickLabels, trendChart } from "../src/chart.js";
import { mapByMergeOrder } from "../src/mapping.js";
import { computeMetrics } from "../src/metrics.js";
import { percentile } from "../src/stats.js";
import { DAY, deployment, HOUR, mergedPrRepo, NO_EXCLUSIONS, options, pull, T0 } from "./fixtures/records.js";

describe("percentiles", () => {
  it("interpolates between closest ranks", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 90)).toBe(46);
    expect(percentile([], 50)).toBeUndefined();
  });
});

describe("deployment frequency, lead time and phases", () => {
  it("computes the hand-worked fixture", () => {
    // #1: first commit T0+1h-1h=T0, opened T0+1h, reviewed T0+3h, merged T0+5h (= deployed).
    const one = pull(1, {
      createdAt: T0 + HOUR,
      firstCommitAt: T0,
      firstReviewAt: T0 + 3 * HOUR,
      mergedAt: T0 + 5 * HOUR,
    });
    // #2: first commit T0+DAY, opened +2h, no review, merged +4h.
    const two = pull(2, { createdAt: T0 + DAY + 2 * HOUR, firstCommitAt: T0 + DAY, mergedAt: T0 + DAY + 6 * HOUR });
    const metrics = computeMetrics([mergedPrRepo([one, two])], options());
    expect(metrics.deploymentFrequency).toBeCloseTo(2 / 28, 12);
    expect(metrics.leadTime).toEqual({
      count: 2,
      median: 5.5 * HOUR,
      p75: 5.75 * HOUR,
      p90: 5.9 * HOUR,
      mean: 5.5 * HOUR,
    });
    expect(metrics.phases.coding.median).toBe(1.5 * HOUR);
    expect(metrics.phases.pickup).toMatchObject({ count: 1, median: 2 * HOUR });
    expect(metrics.phases.review.median).toBe(3 * HOUR); // #1 2h after review, #2 4h after opening
    expect(metrics.phases.deploy.median).toBe(0);
    // Week of Monday 2026-10-26 (clipped to the window) has both deploy-days; the other three weeks none … median of [2,0,0,0,0].
    expect(metrics.deployDaysPerWeekMedian).toBe(0);
  });

  it("survives squash merges: lead time starts at the PR's first commit, not the squash commit", () => {
    const squashed = pull(3, { firstCommitAt: T0 - 3 * DAY, mergeCommitOid: "5a5a5a5" });
    const metrics = computeMetrics([mergedPrRepo([squashed])], options());
    expect(metrics.pulls[0]?.leadTimeMs).toBe(squashed.mergedAt - (T0 - 3 * DAY));
  });

  it("flags and excludes a negative lead time with the PR", () => {
    const odd = pull(4, { firstCommitAt: T0 + 30 * DAY });
    const metrics = computeMetrics([mergedPrRepo([odd])], options());
    expect(metrics.negative.map((flag) => [flag.pull.number, flag.what])).toEqual([[4, "lead time"]]);
    expect(metrics.leadTime.count).toBe(0);
  });
});

describe("exclusions", () => {
  const bot = pull(1, { author: "renovate", authorIsBot: true });
  const skipped = pull(2, { labels: ["Skip-DORA"] });
  const intern = pull(3, { author: "Intern" });
  const docs = pull(4, { files: ["docs/readme.md"] });
  const api = pull(5, { files: ["services/api/main.go", "docs/api.md"] });

  it("drops bots, excluded labels, excluded authors and PRs outside the paths, listing why", () => {
    const exclusions = {
      excludeBots: true,
      excludeLabels: ["skip-dora"],
      excludeAuthors: ["intern"],
      paths: ["services/api/**"],
    };
    const excluded = (candidate: ReturnType<typeof pull>) => [1, 2, 3, 4].includes(candidate.number);
    const metrics = computeMetrics(
      [mergedPrRepo([bot, skipped, intern, docs, api], excluded)],
      options({ exclusions }),
    );
    expect(metrics.pulls.map((result) => result.pull.number)).toEqual([5]);
    expect(metrics.excluded.map(({ pull: p, reason }) => [p.number, reason])).toEqual([
      [1, "bot author renovate"],
      [2, "excluded label Skip-DORA"],
      [3, "excluded author Intern"],
      [4, "touches no path in services/api/**"],
    ]);
  });

  it("keeps bots when exclude-bots is false", () => {
    const metrics = computeMetrics(
      [mergedPrRepo([bot])],
      options({ exclusions: { ...NO_EXCLUSIONS, excludeBots: false } }),
    );
    expect(metrics.pulls).toHaveLength(1);
  });
});

describe("change failure rate and rework", () => {
  it("counts a deployment with two incidents once, and deployments shipping fixes as rework", () => {
    const culprit = pull(1);
    const other = pull(2);
    const fixA = pull(3, { labels: ["incident"], body: "Caused-by: #1", createdAt: T0 + DAY });
    const fixB = pull(4, { labels: ["incident"], headRefName: "revert-1-feature/1", createdAt: T0 + 2 * DAY });
    const metrics = computeMetrics([mergedPrRepo([culprit, other, fixA, fixB])], options());
    expect(metrics.failedDeployments.map((item) => item.id)).toEqual(["#1"]);
    expect(metrics.changeFailureRate).toBe(1 / 4);
    expect(metrics.incidentsPerDeployment).toBe(2 / 4);
    expect(metrics.reworkRate).toBe(2 / 4);
    expect(metrics.timeToRestore.median).toBe(
      (fixA.mergedAt - culprit.mergedAt + fixB.mergedAt - culprit.mergedAt) / 2,
    );
  });

  it("lists unattributable incidents instead of dropping them", () => {
    const lonely = pull(1, { labels: ["incident"] });
    const metrics = computeMetrics([mergedPrRepo([lonely])], options());
    expect(metrics.incidents).toHaveLength(1);
    expect(metrics.unattributed.map((incident) => incident.pull.number)).toEqual([1]);
    expect(metrics.changeFailureRate).toBe(0);
  });
});

describe("empty window", () => {
  it("has zero deployments, no rates and no data in every bucket", () => {
    const metrics = computeMetrics([mergedPrRepo([])], options());
    expect(metrics.deployments).toEqual([]);
    expect(metrics.deploymentFrequency).toBe(0);
    expect(metrics.changeFailureRate).toBeUndefined();
    expect(metrics.reworkRate).toBeUndefined();
    expect(metrics.leadTime.median).toBeUndefined();
    expect(metrics.buckets.every((bucket) => bucket.deployments === 0)).toBe(true);
  });
});

describe("buckets in a time zone", () => {
  it("starts Asia/Tokyo ISO weeks on Monday 00:00 JST (Sunday 15:00 UTC)", () => {
    const since = Date.parse("2026-11-01T00:00:00+09:00");
    const until = Date.parse("2026-12-01T00:00:00+09:00");
    const weeks = buckets(since, until, "week", "Asia/Tokyo");
    expect(weeks.map((week) => week.label)).toEqual([
      "2026-W44",
      "2026-W45",
      "2026-W46",
      "2026-W47",
      "2026-W48",
      "2026-W49",
    ]);
    expect(new Date(weeks[1]?.start ?? 0).toISOString()).toBe("2026-11-01T15:00:00.000Z");
    expect(weeks[0]?.start).toBe(since); // clipped to the window
  });

  it("puts a deployment at Monday 00:30 JST in the new week (it is still Sunday in UTC)", () => {
    const monday = Date.parse("2026-11-22T15:30:00Z");
    const sunday = Date.parse("2026-11-22T14:30:00Z");
    const data = mergedPrRepo([pull(1, { mergedAt: sunday }), pull(2, { mergedAt: monday })]);
    const since = Date.parse("2026-11-16T00:00:00+09:00");
    const until = Date.parse("2026-11-30T00:00:00+09:00");
    const tokyo = computeMetrics([data], options({ since, until, timeZone: "Asia/Tokyo" }));
    expect(tokyo.buckets.map((bucket) => [bucket.label, bucket.deployments])).toEqual([
      ["2026-W47", 1],
      ["2026-W48", 1],
    ]);
    const utc = computeMetrics([data], options({ since, until, timeZone: "UTC" }));
    // The same window read in UTC starts on Sunday 15:00 UTC (a clipped W46) and both fall in W47.
    expect(utc.buckets.map((bucket) => [bucket.label, bucket.deployments])).toEqual([
      ["2026-W46", 0],
      ["2026-W47", 2],
      ["2026-W48", 0],
    ]);
    expect(tokyo.deployDaysPerWeekMedian).toBe(1);
  });

  it("draws a Mermaid xychart-beta per metric, full width, leaving buckets without data out instead of drawing 0", () => {
    const chart = trendChart({
      title: "Lead time",
      unit: "hours",
      points: [
        { label: "2026-W46", value: 2 },
        { label: "2026-W47", value: 1.234 },
        { label: "2026-W48", value: undefined },
      ],
      kind: "line",
    });
    expect(chart).toBe(
      [
        "```mermaid",
        "---",
        "config:",
        "  xyChart:",
        "    width: 1200",
        "    height: 360",
        "  themeVariables:",
        "    xyChart:",
        '      plotColorPalette: "#2f81f7"',
        "---",
        "xychart-beta",
        '  title "Lead time (1 bucket without data left out)"',
        '  x-axis ["2026-W46", "2026-W47"]',
        '  y-axis "hours" 0 --> 2.2',
        "  line [2, 1.23]",
        "```",
      ].join("\n"),
    );
    expect(
      trendChart({ title: "Restore", unit: "hours", kind: "line", points: [{ label: "W1", value: undefined }] }),
    ).toBe("**Restore**: no data in a whole bucket of the window.");
  });

  it("labels at most 8 ticks on the x-axis; the others stay distinct but invisible", () => {
    const labels = Array.from({ length: 52 }, (_, index) => `2026-W${String(index + 1).padStart(2, "0")}`);
    const ticks = tickLabels(labels);
    expect(ticks).toHaveLength(52);
    expect(ticks.filter((tick) => tick.trim().replace(/\u200b/g, "") !== "")).toEqual([
      "2026-W01",
      "2026-W08",
      "2026-W15",
      "2026-W22",
      "2026-W29",
      "2026-W36",
      "2026-W43",
      "2026-W50",
    ]);
    expect(new Set(ticks).size).toBe(52); // Mermaid would merge equal category names into one bar
    expect(tickLabels(labels.slice(0, 8))).toEqual(labels.slice(0, 8));
  });

  it("marks the buckets the window clips as partial", () => {
    const since = Date.parse("2026-11-04T00:00:00Z"); // a Wednesday
    const until = Date.parse("2026-11-25T12:00:00Z"); // Wednesday noon of the current week
    const metrics = computeMetrics([mergedPrRepo([pull(1)])], options({ since, until }));
    expect(metrics.buckets.map((bucket) => [bucket.label, bucket.partial])).toEqual([
      ["2026-W45", true],
      ["2026-W46", false],
      ["2026-W47", false],
      ["2026-W48", true],
    ]);
  });
});

describe("mapping PRs to deployments by commit ancestry", () => {
  it("keeps a PR deployed twice (rollback, then redeploy) with its first deployment", async () => {
    const feature = pull(1, { mergeCommitOid: "aaa1", mergedAt: T0 + HOUR });
    const later = pull(2, { mergeCommitOid: "bbb2", mergedAt: T0 + 3 * HOUR });
    const deployments = [
      deployment("baseline", T0 - DAY, "base"),
      deployment("d1", T0 + 2 * HOUR, "aaa1"),
      deployment("rollback", T0 + 2.5 * HOUR, "base"),
      deployment("d2", T0 + 4 * HOUR, "bbb2"),
    ];
    // "base" is no PR's merge commit: its history (read through GraphQL) holds neither PR.
    const asked: string[][] = [];
    const shipments = await mapByMergeOrder([feature, later], deployments, async (shas) => {
      asked.push([...shas]);
      return new Map([["base", { ancestors: ["base", "root"], committedAt: T0 - 2 * DAY }]]);
    });
    expect(asked).toEqual([["base"]]);
    expect(shipments.shipped.get(1)?.id).toBe("d1");
    expect(shipments.shipped.get(2)?.id).toBe("d2");
    expect(shipments.deploymentOfSha("bbb2")?.id).toBe("d2");
    const data = { repo: "acme/shop", pulls: [feature, later], ...shipments };
    const metrics = computeMetrics([data], options());
    expect(metrics.pulls[0]?.leadTimeMs).toBe(T0 + 2 * HOUR - (feature.firstCommitAt ?? 0));
    expect(metrics.deployments).toHaveLength(3);
  });
});

describe("invariants (property-based)", () => {
  const arbitraryPull = fc.record({
    offsetHours: fc.integer({ min: 0, max: 27 * 24 }),
    incident: fc.boolean(),
    bot: fc.boolean(),
    link: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
    startShiftHours: fc.option(fc.integer({ min: -200, max: 48 }), { nil: undefined }),
  });

  it("0 ≤ CFR ≤ 1, 0 ≤ rework ≤ 1, restore ≥ 0 for every counted incident, no incident dropped", () => {
    fc.assert(
      fc.property(fc.array(arbitraryPull, { maxLength: 40 }), (specs) => {
        const pulls = specs.map((spec, index) => {
          const createdAt = T0 + spec.offsetHours * HOUR;
          const body = [
            spec.link === undefined ? "" : `Caused-by: #${spec.link}`,
            spec.startShiftHours === undefined
              ? ""
              : `Incident-Start: ${new Date(createdAt + spec.startShiftHours * HOUR).toISOString()}`,
          ].join("\n");
          return pull(index + 1, {
            createdAt,
            mergedAt: createdAt + HOUR,
            authorIsBot: spec.bot,
            labels: spec.incident ? ["incident"] : [],
            body,
          });
        });
        const data = mergedPrRepo(pulls, (candidate) => candidate.authorIsBot);
        const metrics = computeMetrics([data], options());
        const rate = metrics.changeFailureRate ?? 0;
        expect(rate).toBeGreaterThanOrEqual(0);
        expect(rate).toBeLessThanOrEqual(1);
        expect(metrics.reworkRate ?? 0).toBeLessThanOrEqual(1);
        for (const incident of metrics.incidents) {
          if (incident.restoreMs !== undefined) expect(incident.restoreMs).toBeGreaterThanOrEqual(0);
        }
        const expected = pulls.filter((candidate) => !candidate.authorIsBot && candidate.labels.length > 0).length;
        expect(metrics.incidents).toHaveLength(expected);
        expect(metrics.failedDeployments.length).toBeLessThanOrEqual(metrics.deployments.length);
      }),
      { numRuns: 200 },
    );
  });
});
