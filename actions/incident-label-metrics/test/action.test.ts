import { readFileSync } from "node:fs";
import type { GitHubFake } from "@sre-actions/testkit/github";
import { afterEach, describe, expect, it } from "vitest";
import { COMMENT_MARKER } from "../src/comment.js";
import { DAY, HOUR, NOW, OWNER, REPO, runMetrics, startGitHub } from "./fixtures/scenario.js";

let github: GitHubFake | undefined;
afterEach(async () => {
  await github?.stop();
  github = undefined;
});

const repo = { owner: OWNER, repo: REPO };
const graphqlOperations = (fake: GitHubFake) =>
  fake.requests.filter((request) => request.path === "/graphql").map((request) => request.operation);

describe("fetching", () => {
  it("reads 2,500 merged PRs as date-range searches whose pages travel 8 to a request", async () => {
    github = await startGitHub();
    // 2,500 PRs in the last 26 days (24.3 days apart end to end), 300 older ones that must not be read.
    github.seedPullRequests(300, { ...repo, start: NOW - 60 * DAY, intervalMs: HOUR });
    github.seedPullRequests(2500, { ...repo, start: NOW - 26 * DAY, intervalMs: 14 * 60_000 });
    const { result } = await runMetrics(github);
    expect(result.report?.combined?.deployments).toHaveLength(2500);
    const operations = graphqlOperations(github);
    // 8 slices of 3.5 days hold up to ~360 PRs each: 4 pages each, sent side by side (25 pages one by one before).
    expect(operations).toEqual([
      "RepositoryInfo",
      "MergedPullSlices",
      "MergedPullSlices",
      "MergedPullSlices",
      "MergedPullSlices",
    ]);
    const searches = github.requests
      .filter((request) => request.operation === "MergedPullSlices")
      .map((request) => request.body as { query: string; variables: { fresh: boolean } });
    expect(searches[0]?.query.match(/search\(type: ISSUE/g)).toHaveLength(8);
    // The first request also reads the newest merges from the repository (the search index may lag).
    expect(searches.map((search) => search.variables.fresh)).toEqual([true, false, false, false]);
    expect(result.usage.graphqlPoints).toBeGreaterThan(0);
    expect(github.mutatingRequests()).toEqual([]);
  });

  it("splits a date range while it reaches GitHub's 1,000-result search cap", async () => {
    github = await startGitHub();
    // 2,500 PRs within 3.5 days of a 44-day window: one slice holds more than the search returns.
    github.seedPullRequests(2500, { ...repo, start: NOW - 60 * DAY, intervalMs: 2 * 60_000 });
    const { result, log } = await runMetrics(github, {
      since: "2026-09-01T00:00:00Z",
      until: "2026-10-15T00:00:00Z",
    });
    expect(result.report?.combined?.deployments).toHaveLength(2500);
    expect(log.text("info")).toMatch(
      /\d{4} results for repo:acme\/shop is:pr is:merged base:main merged:\S+: splitting at /,
    );
    expect(log.text("warning")).toBe("");
    // A window that ended long ago needs no look at the newest merges.
    const searches = github.requests.filter((request) => request.operation === "MergedPullSlices");
    expect(
      searches.every((request) => (request.body as { variables?: { fresh?: boolean } }).variables?.fresh === false),
    ).toBe(true);
  });

  it("waits out a secondary rate limit (production throttling) and succeeds", async () => {
    github = await startGitHub();
    github.seedPullRequests(5, { ...repo, start: NOW - 5 * DAY, intervalMs: DAY });
    github.secondaryRateLimit(1, 1, { operation: "MergedPullSlices" });
    const started = Date.now();
    const { result, log } = await runMetrics(github);
    expect(result.report?.combined?.deployments).toHaveLength(5);
    expect(log.text("warning")).toMatch(/secondary rate limit .*waiting 1s/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(graphqlOperations(github).filter((operation) => operation === "MergedPullSlices")).toHaveLength(2);
  });

  it("writes the JSON and CSV reports with every timestamp used", async () => {
    github = await startGitHub();
    github.seedPullRequest({
      ...repo,
      number: 1,
      title: 'Add "quick" buy, v2',
      createdAt: NOW - 2 * DAY,
      mergedAt: NOW - DAY,
    });
    const { result } = await runMetrics(github, { timezone: "Asia/Tokyo" });
    const csv = readFileSync(result.files?.csv ?? "", "utf8")
      .trim()
      .split("\n");
    expect(csv[0]).toContain(
      "first_commit_at,created_at,first_review_at,merged_at,deployment,deployed_at,lead_time_hours",
    );
    expect(csv[1]).toContain('"Add ""quick"" buy, v2"');
    expect(csv[1]).toContain("2026-11-23T08:50:00+09:00");
    const json = JSON.parse(readFileSync(result.files?.json ?? "", "utf8"));
    expect(json.dora.report).toBe("2024");
    expect(json.dora.tiers["change-failure-rate"].tier).toBeUndefined();
    expect(json.combined.headline.deployments).toBe(1);
  });
});

describe("incident mode", () => {
  async function incidentFake(): Promise<GitHubFake> {
    const fake = await startGitHub();
    fake.seedPullRequest({ ...repo, number: 1, createdAt: NOW - 3 * DAY, mergedAt: NOW - 3 * DAY + HOUR });
    fake.seedPullRequest({
      ...repo,
      number: 2,
      createdAt: NOW - 2 * DAY,
      mergedAt: NOW - 2 * DAY + 2 * HOUR,
      labels: ["incident"],
      body: "Hotfix",
    });
    return fake;
  }

  it("creates the sticky comment, then updates it instead of posting a second one", async () => {
    github = await incidentFake();
    const first = await runMetrics(github, {}, { eventName: "pull_request", pullRequestNumber: 2 });
    expect(first.result.mode).toBe("incident");
    expect(first.result.incident?.comment?.action).toBe("created");
    expect(first.result.incident?.view.attribution.source).toBe("last-deployment");
    let comments = github.comments(OWNER, REPO, 2);
    expect(comments).toHaveLength(1);
    expect(String(comments[0]?.["body"])).toContain(COMMENT_MARKER);
    expect(String(comments[0]?.["body"])).toContain("Missing metadata");

    // The author adds the start line; the next run updates the same comment.
    const pull = github.repository(OWNER, REPO)?.pullRequests.get(2);
    if (pull) pull.body = "Hotfix\n\nIncident-Start: 2026-11-23T09:00:00+09:00\nCaused-by: #1";
    const second = await runMetrics(github, {}, { eventName: "pull_request", pullRequestNumber: 2 });
    expect(second.result.incident?.comment?.action).toBe("updated");
    expect(second.result.incident?.view.attribution.source).toBe("incident-start");
    // 2026-11-23T00:00Z start, fix merged 2026-11-23T02:00Z.
    expect(second.result.incident?.view.restoreMs).toBe(2 * HOUR);
    comments = github.comments(OWNER, REPO, 2);
    expect(comments).toHaveLength(1);
    expect(String(comments[0]?.["body"])).toContain("final numbers");
    expect(String(comments[0]?.["body"])).not.toContain("Missing metadata");
  });

  it("shows an open incident PR what will be measured", async () => {
    github = await incidentFake();
    github.seedPullRequest({ ...repo, number: 3, createdAt: NOW - HOUR, labels: ["incident"], body: "Caused-by: #1" });
    const { result } = await runMetrics(github, {}, { eventName: "pull_request", pullRequestNumber: 3 });
    expect(result.incident?.view.merged).toBe(false);
    expect(result.incident?.view.attribution.culprit?.label).toBe("#1");
    const body = String(github.comments(OWNER, REPO, 3)[0]?.["body"]);
    expect(body).toContain("not merged yet: this is what will be measured");
    expect(body).toContain("Incident-Start");
  });

  it("skips an incident PR closed without merging", async () => {
    github = await incidentFake();
    github.seedPullRequest({ ...repo, number: 4, createdAt: NOW - HOUR, closedAt: NOW, labels: ["incident"] });
    const { result } = await runMetrics(github, {}, { eventName: "pull_request", pullRequestNumber: 4 });
    expect(result.skipped).toMatch(/closed without merging/);
    expect(github.mutatingRequests()).toEqual([]);
  });

  it("skips a PR without an incident label and posts nothing", async () => {
    github = await incidentFake();
    const { result } = await runMetrics(github, {}, { eventName: "pull_request", pullRequestNumber: 1 });
    expect(result.skipped).toMatch(/no incident label/);
    expect(github.mutatingRequests()).toEqual([]);
  });
});
