import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { GitHubFake } from "@sre-actions/testkit/github";
import { afterEach, describe, expect, it } from "vitest";
import { INPUTS } from "../src/inputs.js";
import { DAY, HOUR, inputsOf, NOW, OWNER, REPO, runMetrics, startGitHub } from "./fixtures/scenario.js";

const MINUTE = 60_000;
let github: GitHubFake | undefined;
afterEach(async () => {
  await github?.stop();
  github = undefined;
});

/** shop: lead times 1h, 2h, 3h; payments: 10h (medians 2h and 10h; the org median of all four is 2.5h). */
async function twoRepositories(): Promise<GitHubFake> {
  const fake = await startGitHub();
  fake.seedRepository({ owner: OWNER, name: "payments", createdAt: NOW - 100 * DAY });
  for (const [index, hours] of [1, 2, 3].entries()) {
    const createdAt = NOW - (10 - index) * DAY;
    fake.seedPullRequest({ owner: OWNER, repo: REPO, createdAt, mergedAt: createdAt + hours * HOUR - 10 * MINUTE });
  }
  fake.seedPullRequest({
    owner: OWNER,
    repo: "payments",
    createdAt: NOW - 3 * DAY,
    mergedAt: NOW - 3 * DAY + 10 * HOUR - 10 * MINUTE,
  });
  return fake;
}

describe("the whole organisation", () => {
  it("repositories: owner/* reads every repository of the owner, with per-repository rows and true org medians", async () => {
    github = await twoRepositories();
    const { result, execution } = await runMetrics(github, { repository: "", repositories: `${OWNER}/*` });
    expect((result.report?.repositories ?? []).map((entry) => [entry.repo, entry.metrics.leadTime.median])).toEqual([
      ["acme/payments", 10 * HOUR],
      ["acme/shop", 2 * HOUR],
    ]);
    // Recomputed from the four PRs, not the mean of the two medians (6h).
    expect(result.report?.combined.leadTime.median).toBe(2.5 * HOUR);
    expect(execution.summary).toContain("Per repository");
    expect(github.mutatingRequests()).toEqual([]);
  });

  it("mode merge combines the matrix jobs' report files and recomputes the medians from their records", async () => {
    github = await twoRepositories();
    const folder = mkdtempSync(path.join(tmpdir(), "ilm-reports-"));
    const window = { since: "2026-11-01T00:00:00Z", until: "2026-11-25T00:00:00Z" };
    for (const repo of [REPO, "payments"]) {
      const dir = path.join(folder, `dora-${repo}`);
      mkdirSync(dir);
      await runMetrics(github, { repository: `${OWNER}/${repo}`, "output-dir": dir, ...window });
    }
    const before = github.requests.length;
    const { result, execution } = await runMetrics(github, { mode: "merge", reports: folder, repository: "" });
    expect(github.requests.length).toBe(before); // merge reads files only
    expect(result.report?.repositories.map((entry) => entry.repo)).toEqual(["acme/payments", "acme/shop"]);
    expect(result.report?.combined.leadTime.median).toBe(2.5 * HOUR);
    expect(result.report?.combined.deployments).toHaveLength(4);
    expect(execution.outputs.deployments).toBe(4);
    expect(execution.summary).toContain("xychart-beta");
    const merged = JSON.parse(readFileSync(result.files?.json ?? "", "utf8"));
    expect(merged.combined.headline.deployments).toBe(4);
  });

  it("mode merge refuses reports of different windows, naming the files", async () => {
    github = await twoRepositories();
    const folder = mkdtempSync(path.join(tmpdir(), "ilm-reports-"));
    for (const [repo, window] of [
      [REPO, "28d"],
      ["payments", "14d"],
    ] as const) {
      const dir = path.join(folder, repo);
      mkdirSync(dir);
      await runMetrics(github, { repository: `${OWNER}/${repo}`, "output-dir": dir, window });
    }
    await expect(runMetrics(github, { mode: "merge", reports: folder })).rejects.toThrow(/cover different windows/);
  });

  it("mode merge needs the reports folder", async () => {
    github = await startGitHub();
    await expect(runMetrics(github, { mode: "merge" })).rejects.toThrow(
      'Input "reports" is required when mode is "merge"',
    );
    expect(github.requests).toEqual([]);
  });

  it("repositories alone works on a runner: repository has no default the runner would fill in", () => {
    // The runner sets INPUT_<name> from an expression default (the harness does not model that).
    expect("default" in INPUTS.repository).toBe(false);
    expect(inputsOf({ "github-token": "ghs_x", repositories: "acme/*" }).repositories).toEqual({
      names: [],
      owners: ["acme"],
    });
  });

  it("rejects repositories together with repository, and a bad pattern, before any request", async () => {
    github = await startGitHub();
    await expect(runMetrics(github, { repositories: "acme/*" })).rejects.toThrow(
      'Input "repositories" cannot be combined with repository',
    );
    await expect(runMetrics(github, { repository: "", repositories: "acme" })).rejects.toThrow(
      'Input "repositories" must be owner/name; got "acme", e.g. acme/shop or acme/*',
    );
    expect(github.requests).toEqual([]);
  });
});

describe("incident-source", () => {
  /** #1 the culprit; issue #2 the incident (Caused-by: #1); PR #3 fixes it ("Fixes #2"), labelled incident too. */
  async function issueHistory(): Promise<GitHubFake> {
    const fake = await startGitHub();
    const repo = { owner: OWNER, repo: REPO };
    fake.seedPullRequest({ ...repo, number: 1, createdAt: NOW - 6 * DAY, mergedAt: NOW - 6 * DAY + HOUR });
    fake.seedIssue({
      ...repo,
      number: 2,
      labels: ["incident"],
      createdAt: NOW - 5 * DAY,
      closedAt: NOW - 4 * DAY,
      body: "Checkout is down.\n\nIncident-Start: 2026-11-20T00:00:00Z\nCaused-by: #1",
    });
    fake.seedPullRequest({
      ...repo,
      number: 3,
      createdAt: NOW - 5 * DAY + HOUR,
      mergedAt: NOW - 5 * DAY + 3 * HOUR,
      labels: ["incident"],
      body: "Fixes #2",
    });
    fake.seedIssue({
      ...repo,
      number: 4,
      labels: ["incident"],
      createdAt: NOW - 2 * DAY,
      closedAt: NOW - 2 * DAY + 5 * HOUR,
    });
    return fake;
  }

  it("issues: attribution from the issue body, restored by the fixing PR's deployment or the issue's close", async () => {
    github = await issueHistory();
    const { result } = await runMetrics(github, { "incident-source": "issues" });
    const incidents = result.report?.combined.incidents ?? [];
    expect(incidents.map((incident) => [incident.pull.kind, incident.pull.number, incident.restoredBy])).toEqual([
      ["issue", 2, "fix"],
      ["issue", 4, "close"],
    ]);
    expect(incidents[0]?.attribution.source).toBe("incident-start");
    expect(incidents[0]?.attribution.culprit?.label).toBe("#1");
    expect(incidents[0]?.restoreMs).toBe(3 * HOUR); // 2026-11-20T00:00Z to #3 merged at NOW-5d+3h
    // No Incident-Start or culprit: it started at the last deployment before it was opened (#3), as for PRs.
    expect(incidents[1]?.attribution.source).toBe("last-deployment");
    expect(incidents[1]?.restoreMs).toBe(3 * DAY + 2 * HOUR);
  });

  it("issues closed as not planned (won't fix) or as duplicates are no incidents, and the log says so", async () => {
    github = await issueHistory();
    const repo = { owner: OWNER, repo: REPO };
    for (const [number, stateReason] of [
      [5, "NOT_PLANNED"],
      [6, "DUPLICATE"],
    ] as const)
      github.seedIssue({
        ...repo,
        number,
        labels: ["incident"],
        createdAt: NOW - 3 * DAY,
        closedAt: NOW - 3 * DAY + HOUR,
        stateReason,
      });
    const { result, log } = await runMetrics(github, { "incident-source": "issues" });
    expect(result.report?.combined.incidents.map((incident) => incident.pull.number)).toEqual([2, 4]);
    expect(result.report?.combined.timeToRestore.count).toBe(2);
    expect(log.text("info")).toContain("Left out 2 incident issue(s) closed as not planned or duplicate: #5, #6");
  });

  it("both: an incident PR that fixes an incident issue is one incident, not two", async () => {
    github = await issueHistory();
    const { result } = await runMetrics(github, { "incident-source": "both" });
    expect(result.report?.combined.incidents.map((incident) => [incident.pull.kind, incident.pull.number])).toEqual([
      ["issue", 2],
      ["issue", 4],
    ]);
    const prOnly = await runMetrics(github, {});
    expect(prOnly.result.report?.combined.incidents.map((incident) => incident.pull.number)).toEqual([3]);
  });
});
