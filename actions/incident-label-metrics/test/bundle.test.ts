import path from "node:path";
import { ScaledClock } from "@sre-actions/testkit";
import { GitHubFake } from "@sre-actions/testkit/github";
import {
  describeBundle,
  leakedSecrets,
  runBundledAction,
  stopAfterTest,
  webhookExample,
} from "@sre-actions/testkit/harness";
import { expect, it } from "vitest";
import { COMMENT_MARKER } from "../src/comment.js";

const actionDir = path.resolve(import.meta.dirname, "..");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The bundled action reads the real clock, so the fake follows real time. */
async function fakeGitHub(owner: string, name: string, defaultBranch: string): Promise<GitHubFake> {
  const fake = await new GitHubFake({ clock: new ScaledClock(1, Date.now()) }).start();
  fake.seedRepository({ owner, name, defaultBranch, createdAt: Date.now() - 100 * DAY });
  return stopAfterTest(fake);
}

const githubEnv = (fake: GitHubFake) => ({ GITHUB_API_URL: fake.url, GITHUB_GRAPHQL_URL: `${fake.url}/graphql` });

describeBundle((node) => {
  it("pull_request labeled: posts the sticky incident comment", async () => {
    const payload = webhookExample("pull_request", "labeled");
    const github = await fakeGitHub("Codertocat", "Hello-World", "master");
    const now = Date.now();
    const repo = { owner: "Codertocat", repo: "Hello-World" };
    github.seedPullRequest({ ...repo, number: 1, createdAt: now - 3 * DAY, mergedAt: now - 3 * DAY + HOUR });
    github.seedPullRequest({
      ...repo,
      number: 2,
      createdAt: now - HOUR,
      labels: ["bug", "Incident"],
      body: "Caused-by: #1",
    });
    const result = await runBundledAction(actionDir, {
      node,
      event: { name: "pull_request", payload },
      inputs: { "github-token": github.token },
      env: githubEnv(github),
    });
    expect(result.annotations).toEqual([]);
    expect(result.exitCode).toBe(0);
    const comments = github.comments("Codertocat", "Hello-World", 2);
    expect(comments).toHaveLength(1);
    expect(String(comments[0]?.["body"])).toContain(COMMENT_MARKER);
    expect(String(comments[0]?.["body"])).toContain("not merged yet");
    expect(result.outputs["deployments"]).toBe("1");
    expect(result.outputs["report-json"]).toMatch(/dora[/\\]dora-report\.json$/);
    expect(
      leakedSecrets({ ...result, comments: comments.map((comment) => String(comment["body"])) }, [github.token]),
    ).toEqual([]);
  });

  it("schedule: writes outputs, files and the job summary", async () => {
    const github = await fakeGitHub("acme", "shop", "main");
    const now = Date.now();
    const repo = { owner: "acme", repo: "shop" };
    github.seedPullRequests(30, { ...repo, start: now - 20 * DAY, intervalMs: 12 * HOUR, leadTimeMs: 3 * HOUR });
    github.seedPullRequest({
      ...repo,
      createdAt: now - 2 * DAY,
      mergedAt: now - 2 * DAY + HOUR,
      labels: ["incident"],
      body: "Caused-by: #3",
    });
    const result = await runBundledAction(actionDir, {
      node,
      event: { name: "schedule", payload: { schedule: "0 0 * * 1" } },
      inputs: { "github-token": github.token, timezone: "Asia/Tokyo", "dora-report": "2023" },
      env: { ...githubEnv(github), GITHUB_REPOSITORY: "acme/shop" },
    });
    expect(result.annotations).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs["deployments"]).toBe("31");
    expect(result.outputs["failed-deployment-recovery-time-hours"]).toBe(result.outputs["time-to-restore-hours"]);
    expect(result.outputs["failed-deployment-recovery-time-tier"]).toBe(result.outputs["time-to-restore-tier"]);
    expect(result.outputs["incidents"]).toBe("1");
    expect(Number(result.outputs["change-failure-rate"])).toBeCloseTo(1 / 31, 4);
    expect(result.outputs["change-failure-rate-tier"]).toBe("elite");
    expect(result.outputs["rework-rate-tier"]).toBe("");
    expect(result.outputs["report-csv"]).toMatch(/dora-pull-requests\.csv$/);
    expect(result.summary).toContain("DORA metrics: acme/shop (main)");
    expect(result.summary).toContain("xychart-beta");
    expect(result.summary).toMatch(/API cost: 2 GraphQL requests/);
    expect(result.summary).toContain("Failed deployment recovery time (time to restore)");
    expect(github.mutatingRequests()).toEqual([]);
    expect(leakedSecrets(result, [github.token])).toEqual([]);
  });

  it("prints and summarises hostile PR titles as text: no workflow command, no live link or mention", async () => {
    const github = await fakeGitHub("acme", "shop", "main");
    const now = Date.now();
    const repo = { owner: "acme", repo: "shop" };
    const hostile = "Fix\n::warning::pwned\n::stop-commands::x [Approve the deploy](https://evil.example) @org/admins";
    github.seedPullRequest({
      ...repo,
      number: 1,
      title: hostile,
      createdAt: now - 3 * DAY,
      mergedAt: now - 3 * DAY + HOUR,
    });
    github.seedPullRequest({
      ...repo,
      number: 2,
      title: hostile,
      createdAt: now - 2 * DAY,
      mergedAt: now - 2 * DAY + HOUR,
      labels: ["incident"],
      body: "Caused-by: #1",
    });
    github.seedPullRequest({
      ...repo,
      number: 3,
      title: hostile,
      author: "renovate[bot]",
      createdAt: now - DAY,
      mergedAt: now - DAY + HOUR,
    });
    const result = await runBundledAction(actionDir, {
      node,
      event: { name: "schedule", payload: { schedule: "0 0 * * 1" } },
      inputs: { "github-token": github.token },
      env: { ...githubEnv(github), GITHUB_REPOSITORY: "acme/shop" },
    });
    expect(result.exitCode).toBe(0);
    expect(result.annotations).toEqual([]);
    // The title reached the log (the incident line), inert: no line starts a workflow command.
    expect(result.stdout).toContain("pwned");
    expect(result.stdout).not.toMatch(/^\s*::(warning|stop-commands)::/m);
    // The summary shows it (incident table, excluded PRs) as literal text: no link to it, no mention.
    expect(result.summary).toContain("Approve the deploy");
    expect(result.summary).toContain("\\[Approve the deploy\\](https://evil.example)"); // brackets escaped: plain text
    expect(result.summary).not.toMatch(/(^|[^\\])\[Approve the deploy\]\(/);
    expect(result.summary).not.toMatch(/(^|[^\\])\]\(https:\/\/evil/);
    expect(result.summary).not.toMatch(/(^|\s)@org\/admins/);
    expect(result.summary).not.toMatch(/^\s*::/m);
  });

  it("a failed run still writes its outputs and a summary, and exits 1 with one error", async () => {
    const github = await fakeGitHub("acme", "shop", "main");
    github.fault({
      times: Number.POSITIVE_INFINITY,
      action: { kind: "respond", response: { status: 401, body: { message: "Bad credentials" } } },
    });
    const result = await runBundledAction(actionDir, {
      node,
      event: { name: "schedule", payload: { schedule: "0 0 * * 1" } },
      inputs: { "github-token": github.token },
      env: { ...githubEnv(github), GITHUB_REPOSITORY: "acme/shop" },
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.filter((annotation) => annotation.level === "error")).toHaveLength(1);
    expect(result.annotations[0]?.message).toContain('GitHub rejected the "github-token" input (401 Bad credentials)');
    expect(result.summary).toContain("## incident-label-metrics failed");
    expect(result.outputs).toHaveProperty("failed-deployment-recovery-time-hours", "");
    expect(result.outputs).toHaveProperty("deployments", "");
  });

  it("fails a bad input with the named error and makes no request", async () => {
    const github = await fakeGitHub("acme", "shop", "main");
    const result = await runBundledAction(actionDir, {
      node,
      inputs: { "github-token": github.token, timezone: "Mars/Olympus" },
      env: githubEnv(github),
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations).toEqual([
      {
        level: "error",
        message: 'Input "timezone" must be an IANA time zone name; got "Mars/Olympus", e.g. Asia/Tokyo',
        properties: {},
      },
    ]);
    expect(result.log).not.toMatch(/\n\s+at /);
    expect(github.requests).toEqual([]);
  });
});
