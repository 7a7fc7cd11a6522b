import { describe, expect, it } from "vitest";
import { attributeIncident } from "../src/attribution.js";
import { readIncidentLinks } from "../src/incident-links.js";
import { computeMetrics } from "../src/metrics.js";
import { DAY, HOUR, mergedPrRepo, options, pull, T0 } from "./fixtures/records.js";

/** #1 at T0+2h, #2 at T0+3h … merged PRs, each its own deployment (merged-prs). */
const history = () => [pull(1), pull(2), pull(5, { createdAt: T0 + 5 * DAY })];

function attribute(fix: ReturnType<typeof pull>) {
  const data = mergedPrRepo([...history(), fix]);
  return attributeIncident(fix, {
    deployments: data.deployments,
    deploymentOfPull: (number) => data.shipped.get(number),
    deploymentOfSha: (sha) => data.deploymentOfSha(sha),
  });
}

describe("incident start, in the documented order", () => {
  it("1. an Incident-Start line wins; the culprit is the deployment live at that time", () => {
    const fix = pull(9, {
      createdAt: T0 + 6 * DAY,
      body: "Caused-by: #1\nIncident-Start: 2026-11-03T09:30:00+09:00\n",
      labels: ["incident"],
    });
    const result = attribute(fix);
    expect(result.source).toBe("incident-start");
    expect(result.start).toBe(Date.parse("2026-11-03T00:30:00Z"));
    expect(result.culprit?.id).toBe("#1"); // Caused-by still names the culprit
    const withoutCulprit = attribute({ ...fix, body: "Incident-Start: 2026-11-03T09:30+09:00" });
    expect(withoutCulprit.culprit?.id).toBe("#2"); // the last deployment before the start
  });

  it("2. Caused-by: #123 starts at the culprit PR's deploy time", () => {
    const result = attribute(pull(9, { createdAt: T0 + 6 * DAY, body: "Caused-by: #2" }));
    expect(result).toMatchObject({ source: "caused-by", start: T0 + 3 * HOUR, culprit: { id: "#2" } });
  });

  it("2. Caused-by: <sha> finds the deployment of that commit (abbreviated too)", () => {
    const result = attribute(pull(9, { createdAt: T0 + 6 * DAY, body: "Caused-by: c0ffee000001 (typo in config)" }));
    expect(result).toMatchObject({ source: "caused-by", start: T0 + 2 * HOUR, culprit: { id: "#1" } });
  });

  it("2. a GitHub revert body (Reverts owner/repo#123) or branch (revert-123-…) names the culprit", () => {
    const byBody = attribute(
      pull(9, { createdAt: T0 + 6 * DAY, body: 'Reverts acme/shop#1\n\nThis reverts "Add cart".' }),
    );
    expect(byBody).toMatchObject({ source: "revert", start: T0 + 2 * HOUR, culprit: { id: "#1" } });
    const byBranch = attribute(pull(9, { createdAt: T0 + 6 * DAY, headRefName: "revert-2-feature/2" }));
    expect(byBranch).toMatchObject({ source: "revert", culprit: { id: "#2" } });
  });

  it("3. else the last deployment before the fix PR was opened", () => {
    const result = attribute(pull(9, { createdAt: T0 + 4 * DAY }));
    expect(result).toMatchObject({ source: "last-deployment", start: T0 + 3 * HOUR, culprit: { id: "#2" } });
  });

  it("4. else the fix PR's creation time, flagged as an estimate and unattributed", () => {
    const data = mergedPrRepo([]);
    const fix = pull(9, { createdAt: T0 + DAY });
    const result = attributeIncident(fix, {
      deployments: data.deployments,
      deploymentOfPull: () => undefined,
      deploymentOfSha: () => undefined,
    });
    expect(result).toMatchObject({ source: "estimate", start: T0 + DAY, culprit: undefined });
    expect(result.notes[0]).toMatch(/estimated/);
  });

  it("falls through an unreadable Incident-Start and an unknown culprit, saying why", () => {
    const result = attribute(
      pull(9, { createdAt: T0 + 4 * DAY, body: "Incident-Start: yesterday 10am\nCaused-by: #77" }),
    );
    expect(result.source).toBe("last-deployment");
    expect(result.notes).toEqual([
      'Incident-Start "yesterday 10am" is not ISO 8601 with an offset (e.g. 2026-11-20T10:00+09:00)',
      "Caused-by #77 matches no known deployment",
    ]);
    expect(readIncidentLinks("Incident-Start: 2026-11-03T09:30", "x").start).toEqual({ invalid: "2026-11-03T09:30" });
  });
});

describe("time to restore", () => {
  it("is the fix's deploy time minus the start; negative ones are flagged and excluded with the PR", () => {
    const ok = pull(9, { createdAt: T0 + 4 * DAY, labels: ["incident"], body: "Caused-by: #2" });
    const late = pull(10, {
      createdAt: T0 + 4 * DAY + HOUR,
      labels: ["INCIDENT"],
      body: "Incident-Start: 2026-11-20T00:00:00Z",
    });
    const metrics = computeMetrics([mergedPrRepo([...history(), ok, late])], options());
    expect(metrics.incidents.map((incident) => incident.restoreMs)).toEqual([ok.mergedAt - (T0 + 3 * HOUR), undefined]);
    expect(metrics.negative).toEqual([
      { pull: late, what: "time to restore", ms: late.mergedAt - Date.parse("2026-11-20T00:00:00Z") },
    ]);
    expect(metrics.incidents[1]?.problem).toMatch(/negative/);
    expect(metrics.timeToRestore.count).toBe(1);
  });
});
