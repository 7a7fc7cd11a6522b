import { describe, expect, it } from "vitest";
import { COMMENT_MARKER, missingMetadata, renderIncidentComment } from "../src/comment.js";
import { renderCsv } from "../src/files.js";
import { computeMetrics } from "../src/metrics.js";
import { renderSummary } from "../src/summary.js";
import { HOUR, mergedPrRepo, options, pull, T0 } from "./fixtures/records.js";

const culprit = pull(1);
const fix = pull(2, { labels: ["incident"], body: "Caused-by: #1", createdAt: T0 + 10 * HOUR });
const bot = pull(3, { author: "dependabot", authorIsBot: true });
const metrics = computeMetrics([mergedPrRepo([culprit, fix, bot], (p) => p.authorIsBot)], options());

describe("job summary", () => {
  const markdown = renderSummary(
    {
      repositories: [{ repo: "acme/shop", base: "main", metrics }],
      combined: metrics,
      doraReport: "2024",
      timeZone: "Asia/Tokyo",
      bucket: "week",
      source: "merged-prs",
      usage: {
        graphqlRequests: 2,
        graphqlPoints: 5,
        graphqlRemaining: 4995,
        restRequests: 0,
        restRemaining: undefined,
        wallMs: 2_500,
      },
    },
    {
      definitionsUrl:
        "https://github.com/acme/sre-actions/blob/v1/actions/incident-label-metrics/README.md#definitions",
      files: { json: "/tmp/dora/dora-report.json", csv: "/tmp/dora/dora-pull-requests.csv" },
    },
  );

  it("has the metrics table with tiers, definitions link, trend charts, incidents, exclusions and API cost", () => {
    expect(markdown).toContain("| Change failure rate | 50.0% | – (the 2024 clusters publish");
    expect(markdown).toContain("[definitions](https://github.com/acme/sre-actions/blob/v1/");
    // Every record is in the first, partial week: only the whole weeks are charted, and they have deployments only.
    expect(
      markdown.match(
        /```mermaid\n---\nconfig:\n {2}xyChart:\n {4}width: 1200\n {4}height: 360\n[^`]*?---\nxychart-beta/g,
      ),
    ).toHaveLength(1);
    expect(markdown).toContain("**Lead time (median)**: no data in a whole bucket of the window.");
    expect(markdown).toContain(
      "Partial buckets left out of the trend (the window covers only part of them): 2026-W44 (1.0 days), 2026-W48 (6.0 days)",
    );
    expect(markdown).toContain(
      "| [acme/shop#2](https://github.com/acme/shop/pull/2) PR 2 | 2026-11-01 11:00 Asia/Tokyo | Caused-by culprit | \\#1 | \\#2 2026-11-01 20:00 Asia/Tokyo | 9h 00m |",
    );
    expect(markdown).toContain("Excluded PRs (1)");
    expect(markdown).toContain("bot author dependabot");
    expect(markdown).toContain("API cost: 2 GraphQL requests (5 points, 4995 left) and 0 REST requests in 2.5 s");
  });

  it("writes one CSV row per PR with every timestamp, excluded ones included", () => {
    const csv = renderCsv(metrics, "UTC").trim().split("\n");
    expect(csv).toHaveLength(4);
    expect(csv[3]).toBe(
      "acme/shop,2,PR 2,octocat,incident,true,,true,2026-11-01T09:00:00Z,2026-11-01T10:00:00Z,,2026-11-01T11:00:00Z,#2,2026-11-01T11:00:00Z,2,2026-11-01T02:00:00Z,caused-by,#1,9,",
    );
    expect(csv[2]).toContain("dependabot,,false,bot author dependabot");
  });
});

describe("incident comment", () => {
  it("carries the hidden marker and says what metadata is missing", () => {
    const [incident] = metrics.incidents;
    if (incident === undefined) throw new Error("fixture has an incident");
    const body = renderIncidentComment(
      {
        ...incident.pull,
        merged: true,
        attribution: incident.attribution,
        fix: incident.fix,
        restoreMs: incident.restoreMs,
        problem: undefined,
      },
      "UTC",
    );
    expect(body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(body).toContain("final numbers");
    expect(body).toContain(
      "| 2026-11-01 02:00 UTC | caused-by | \\#1 (2026-11-01 02:00 UTC) | \\#2 (2026-11-01 11:00 UTC) | 9h 00m |",
    );
    expect(missingMetadata({ body: "Caused-by: #1", headRefName: "fix" })).toEqual([
      "an `Incident-Start: 2026-11-20T10:00+09:00` line (ISO 8601 with offset) in the PR body",
    ]);
  });
});
