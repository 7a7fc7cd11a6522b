import { MemoryLogger } from "@sre-actions/core";
import { createOctokit } from "@sre-actions/core/github";
import { VirtualClock } from "@sre-actions/testkit";
import { GitHubFake } from "@sre-actions/testkit/github";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type DeploymentNode,
  lastRun,
  type ReleaseNotes,
  releaseNotes,
  releaseNotesOrWarning,
  SUMMARY_LIMIT,
  summaryLine,
} from "../src/report/release-notes.js";
import { octokitReleaseNotes } from "../src/report/release-notes-github.js";

const owner = "acme";
const repo = "app";
const START = Date.parse("2026-11-01T00:00:00Z");
/** A time `hours` after the scenario starts. */
const at = (hours: number) => new Date(START + hours * 3_600_000).toISOString();

let fake: GitHubFake;
let log: MemoryLogger;

beforeEach(async () => {
  fake = await new GitHubFake({ clock: new VirtualClock("2026-11-25T00:00:00Z") }).start();
  fake.seedRepository({ owner, name: repo, createdAt: at(-100) });
  log = new MemoryLogger();
});
afterEach(async () => {
  await fake.stop();
});

/** The module over the real Octokit (retries, throttling plugin without its real-time spacing) and HTTP. */
function notesFor(environment: string, extra: { incidentLabels?: string[]; currentDeploymentId?: number } = {}) {
  const octokit = createOctokit({ token: fake.token, log, baseUrl: fake.url, throttle: { enabled: false } });
  return releaseNotes(octokitReleaseNotes(octokit, { owner, repo }), { environment, sha: tip(), ...extra }, { log });
}

function tip(): string {
  return fake.repository(owner, repo)?.branches.get("main") ?? "";
}

function deploy(environment: string, hours: number, states: ("success" | "failure" | "in_progress" | "inactive")[]) {
  return fake.seedDeployment({
    owner,
    repo,
    ref: tip(),
    environment,
    createdAt: at(hours),
    statuses: states.map((state) => ({ state, logUrl: `https://github.com/${owner}/${repo}/actions/runs/${hours}` })),
  });
}

function merge(
  hours: number,
  options: Partial<Parameters<GitHubFake["seedPullRequest"]>[0]> = {},
): ReturnType<GitHubFake["seedPullRequest"]> {
  return fake.seedPullRequest({ owner, repo, createdAt: at(hours - 1), mergedAt: at(hours), ...options });
}

/** Every request the module sent, by operation, from the fake's own log. */
const sent = () => fake.requests.map((request) => request.operation);

describe("release notes between the last successful deployment and the commit deployed", () => {
  it("lists merge-commit, squash and rebase merges once each, in merge order, in 3 requests", async () => {
    merge(1, { title: "Before the base" });
    const base = deploy("production", 2, ["in_progress", "success"]);
    const byMerge = merge(3, { title: "Add the cart API", author: "alice", commits: 3, labels: ["feature"] });
    const bySquash = merge(4, { title: "Fix rounding", author: "bob", commits: 2, mergeMethod: "squash" });
    const byRebase = merge(5, { title: "Rename a column", author: "carol", commits: 2, mergeMethod: "rebase" });
    fake.seedCommit({ owner, repo, message: "Hotfix pushed straight to main", committedDate: at(6) });

    const notes = await notesFor("production");

    expect(notes.base).toEqual({
      sha: base.sha,
      deploymentId: base.id,
      url: `https://github.com/${owner}/${repo}/actions/runs/2`,
      deployedAt: "2026-11-01T02:02:00Z",
    });
    expect(notes.pulls.map((pull) => [pull.number, pull.title, pull.author])).toEqual([
      [byMerge.number, "Add the cart API", "alice"],
      [bySquash.number, "Fix rounding", "bob"],
      [byRebase.number, "Rename a column", "carol"],
    ]);
    // 3 branch commits + the merge commit, 1 squash commit, 2 rebased commits, 1 direct push.
    expect(notes.commits).toBe(8);
    expect(notes.commitsWithoutPull).toBe(1);
    expect(notes.truncated).toBe(false);
    expect(notes.requests).toBe(3);
    expect(sent()).toEqual(["ReleaseNotesDeployments", "repos/compare-commits-with-basehead", "ReleaseNotesPulls"]);
    expect(notes.markdown.split("\n")).toEqual([
      `**3 pull requests** deployed to production since \`${base.sha.slice(0, 7)}\` (deployment ${base.id}, 2026-11-01 02:02 UTC) · [compare](https://github.com/${owner}/${repo}/compare/${base.sha}...${tip()})`,
      "",
      `- [#${byMerge.number}](https://github.com/${owner}/${repo}/pull/${byMerge.number}) Add the cart API (@\u200balice) \`feature\``,
      `- [#${bySquash.number}](https://github.com/${owner}/${repo}/pull/${bySquash.number}) Fix rounding (@\u200bbob)`,
      `- [#${byRebase.number}](https://github.com/${owner}/${repo}/pull/${byRebase.number}) Rename a column (@\u200bcarol)`,
      "",
      "_1 commit pushed without a pull request._",
    ]);
    expect(notes.summary).toBe(
      `3 PRs since ${base.sha.slice(0, 7)}: #${byMerge.number} #${bySquash.number} #${byRebase.number}`,
    );
  });

  it("lists a pull request once when several of its commits are in the range", async () => {
    deploy("production", 1, ["success"]);
    const pull = merge(2, { commits: 4 });
    const notes = await notesFor("production");
    expect(notes.commits).toBe(5);
    expect(notes.pulls.map((found) => found.number)).toEqual([pull.number]);
    expect(notes.commitsWithoutPull).toBe(0);
  });

  it("says so on the first deployment ever and lists nothing, in 1 request", async () => {
    merge(1);
    deploy("staging", 2, ["success"]);
    const notes = await notesFor("production");
    expect(notes).toMatchObject({ base: undefined, pulls: [], requests: 1, truncated: false });
    expect(sent()).toEqual(["ReleaseNotesDeployments"]);
    expect(notes.markdown).toContain("First recorded deployment to production on GitHub");
    expect(notes.summary).toBe("First recorded deployment: no release notes");
  });

  it("skips a failed and an unfinished deployment: the last successful one is the base", async () => {
    const good = deploy("production", 1, ["in_progress", "success"]);
    const first = merge(2, { title: "Shipped in the failed deploy" });
    deploy("production", 3, ["in_progress", "failure"]);
    const second = merge(4, { title: "Shipped now" });
    deploy("production", 5, ["in_progress"]);

    const notes = await notesFor("production");
    expect(notes.base?.deploymentId).toBe(good.id);
    expect(notes.pulls.map((pull) => pull.number)).toEqual([first.number, second.number]);
  });

  it("counts an INACTIVE deployment that once succeeded, never one that did not", async () => {
    // Non-production: a newer success marks older successes inactive (auto_inactive).
    deploy("pre-prod", 1, ["success"]);
    const ran = deploy("pre-prod", 2, ["in_progress", "success"]);
    expect(fake.deployments(owner, repo).at(-1)?.["statuses"]).toMatchObject([
      { state: "inactive" },
      { state: "success" },
    ]);
    const after = merge(3);
    // Deactivated by hand (environment torn down) after it succeeded: it still ran.
    const deactivated = deploy("pre-prod", 4, ["success", "inactive"]);
    const later = merge(5);
    // Never succeeded, then marked inactive: it never ran.
    deploy("pre-prod", 6, ["in_progress", "inactive"]);

    const notes = await notesFor("pre-prod");
    expect(notes.base?.deploymentId).toBe(deactivated.id);
    expect(notes.pulls.map((pull) => pull.number)).toEqual([later.number]);
    expect(ran.id).not.toBe(deactivated.id);
    expect(after.number).toBeLessThan(later.number);
  });

  it("never takes this run's own deployment as its base", async () => {
    const previous = deploy("production", 1, ["success"]);
    merge(2);
    const own = deploy("production", 3, ["in_progress", "success"]);
    const notes = await notesFor("production", { currentDeploymentId: own.id });
    expect(notes.base?.deploymentId).toBe(previous.id);
    expect(notes.pulls).toHaveLength(1);
  });

  it("marks incident-labelled pull requests, labels matched without case", async () => {
    deploy("production", 1, ["success"]);
    merge(2, { title: "Routine" });
    const fix = merge(3, { title: "Stop the checkout timeouts", labels: ["Incident", "sev2"] });
    const other = merge(4, { title: "Hotfix", labels: ["hotfix"] });

    const notes = await notesFor("production", { incidentLabels: ["incident", "HOTFIX"] });
    expect(notes.pulls.map((pull) => [pull.number, pull.incident])).toEqual([
      [fix.number - 1, false],
      [fix.number, true],
      [other.number, true],
    ]);
    expect(notes.markdown).toContain(
      `- **incident** [#${fix.number}](https://github.com/${owner}/${repo}/pull/${fix.number}) Stop the checkout timeouts (@\u200boctocat) \`Incident\` \`sev2\``,
    );
    expect(notes.markdown.split("\n")[0]).toContain("· **2 incidents** ·");
    expect(notes.summary).toMatch(/^3 PRs since [0-9a-f]{7}: #\d+ #\d+ #\d+ \(2 incidents\)$/);
  });

  it("renders hostile titles and labels literally and never starts a workflow command in the log", async () => {
    deploy("production", 1, ["success"]);
    const hostile = merge(2, {
      title: "[Approve](https://evil.example) @org/admins `x` <img src=x>\n::warning::pwned",
      labels: ["`rm -rf` [a](b)", "::error::label"],
    });
    const notes = await notesFor("production");
    const line = notes.markdown.split("\n").find((text) => text.includes(`#${hostile.number}]`)) ?? "";
    expect(line).toBe(
      `- [#${hostile.number}](https://github.com/${owner}/${repo}/pull/${hostile.number}) \\[Approve\\](https://evil.example) @\u200borg/admins \\\`x\\\` &lt;img src=x&gt; ::warning::pwned (@\u200boctocat) \`\` \`rm -rf\` [a](b) \`\` \`::error::label\``,
    );
    // Only the escaped form: no unescaped `](` that would make a link.
    expect(notes.markdown).not.toMatch(/(^|[^\\])\]\(https:\/\/evil/);
    for (const text of [...notes.markdown.split("\n"), ...log.text().split("\n")]) {
      expect(text.trimStart().startsWith("::")).toBe(false);
    }
    expect(log.text()).toContain("\\n::warning::pwned");
  });

  it("truncates a range beyond GitHub's 250-commit compare cap, says so, and stays in 3 requests", async () => {
    deploy("production", 1, ["success"]);
    const pulls = fake.seedPullRequests(260, {
      owner,
      repo,
      start: at(2),
      intervalMs: 60_000,
      leadTimeMs: 30_000,
      overrides: (index) => ({ mergeMethod: "squash", labels: index === 3 || index === 259 ? ["incident"] : [] }),
    });

    const notes = await notesFor("production");
    expect(notes.commits).toBe(260);
    expect(notes.truncated).toBe(true);
    expect(notes.requests).toBe(3);
    expect(fake.requests).toHaveLength(3);
    // GitHub lists the newest 250: the 10 oldest merges are the ones left out.
    expect(notes.pulls.map((pull) => pull.number)).toEqual(pulls.slice(10).map((pull) => pull.number));
    expect(notes.pulls.filter((pull) => pull.incident).map((pull) => pull.number)).toEqual([pulls[259]?.number]);
    expect(notes.markdown).toContain(
      "_GitHub lists the newest 250 of 260 commits: pull requests of the 10 older ones are not shown (see the comparison)._",
    );
    expect(notes.summary.length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(notes.summary).toMatch(/^250\+ PRs since [0-9a-f]{7}: #\d+ .* … \(1 incident\)$/);
    // The incident PR is named even though it is the newest.
    expect(notes.summary).toContain(`#${pulls[259]?.number}`);
  });

  it("says when nothing changed, in 1 request", async () => {
    merge(1);
    deploy("production", 2, ["success"]);
    const notes = await notesFor("production");
    expect(notes).toMatchObject({ pulls: [], requests: 1 });
    expect(notes.markdown).toMatch(/^No new commits: production already runs `[0-9a-f]{7}` \(deployment \d+/);
    expect(notes.summary).toMatch(/^No new commits since [0-9a-f]{7}$/);
  });

  it("names the commits a rollback to an older commit takes away", async () => {
    merge(1);
    const older = tip();
    merge(2);
    merge(3);
    deploy("production", 4, ["success"]);
    const octokit = createOctokit({ token: fake.token, log, baseUrl: fake.url, throttle: { enabled: false } });
    const notes = await releaseNotes(
      octokitReleaseNotes(octokit, { owner, repo }),
      { environment: "production", sha: older },
      { log },
    );
    expect(notes).toMatchObject({ pulls: [], behindBy: 4, commits: 0, requests: 2 });
    expect(notes.markdown).toContain(
      `_production runs 4 commits that \`${older.slice(0, 7)}\` does not contain (a rollback, or a deployment from another branch): they leave with this deployment._`,
    );
  });

  it("lists an open pull request when a branch is deployed before its merge", async () => {
    deploy("qa3", 1, ["success"]);
    const open = fake.seedPullRequest({ owner, repo, title: "Try the new cache", createdAt: at(2), commits: 2 });
    const octokit = createOctokit({ token: fake.token, log, baseUrl: fake.url, throttle: { enabled: false } });
    const notes = await releaseNotes(
      octokitReleaseNotes(octokit, { owner, repo }),
      { environment: "qa3", sha: open.headRefOid },
      { log },
    );
    expect(notes.pulls).toMatchObject([{ number: open.number, mergedAt: null }]);
    expect(notes.markdown).toContain("Try the new cache (@\u200boctocat) _(not merged)_");
  });

  it("lists nothing, with a warning, when GitHub cannot compare (a commit force-pushed away)", async () => {
    deploy("production", 1, ["success"]);
    merge(2);
    fake.fault({
      operation: "repos/compare-commits-with-basehead",
      action: {
        kind: "respond",
        response: {
          status: 404,
          body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" },
        },
      },
    });
    const notes = await notesFor("production");
    expect(notes).toMatchObject({ pulls: [], requests: 2 });
    expect(notes.markdown).toMatch(/^GitHub cannot compare `[0-9a-f]{7}`/);
    expect(log.text("warning")).toMatch(/GitHub cannot compare [0-9a-f]{7} \(what production ran\)/);
  });

  it("turns a refused token into a warning that names the permissions, never a failure", async () => {
    fake.fault({
      operation: "ReleaseNotesDeployments",
      action: {
        kind: "respond",
        response: { status: 403, body: { message: "Resource not accessible by integration" } },
      },
    });
    const octokit = createOctokit({ token: fake.token, log, baseUrl: fake.url, throttle: { enabled: false } });
    const notes = await releaseNotesOrWarning(
      octokitReleaseNotes(octokit, { owner, repo }),
      { environment: "production", sha: tip() },
      { log },
    );
    expect(notes).toBeUndefined();
    expect(log.text("warning")).toContain("No release notes:");
    expect(log.text("warning")).toContain("deployments: read, contents: read and pull-requests: read");
  });
});

describe("the base, the summary line (pure)", () => {
  const node = (id: number, createdAt: string, latest: string, states: string[]): DeploymentNode =>
    ({
      databaseId: id,
      commitOid: `${id}`.padStart(40, "0"),
      createdAt,
      latestStatus: { state: latest },
      statuses: { nodes: states.map((state) => ({ state, createdAt, logUrl: null })) },
    }) as DeploymentNode;

  it("takes the newest deployment that ran, whatever order GitHub answers in", () => {
    const base = lastRun([
      node(1, "2026-01-01T00:00:00Z", "SUCCESS", ["SUCCESS"]),
      node(3, "2026-01-03T00:00:00Z", "ERROR", ["ERROR", "SUCCESS"]),
      node(2, "2026-01-02T00:00:00Z", "INACTIVE", ["INACTIVE", "SUCCESS"]),
      node(4, "2026-01-04T00:00:00Z", "QUEUED", ["QUEUED"]),
    ]);
    expect(base?.deploymentId).toBe(2);
    expect(lastRun([node(5, "2026-01-05T00:00:00Z", "INACTIVE", ["INACTIVE", "PENDING"])])).toBeUndefined();
  });

  it("keeps the status line within 140 characters whatever the number of pull requests", () => {
    const sha = "a".repeat(40);
    const notes = (count: number, incidents: number[] = []): ReleaseNotes => ({
      environment: "production",
      base: { sha, deploymentId: 1, url: undefined, deployedAt: undefined },
      head: "b".repeat(40),
      pulls: Array.from({ length: count }, (_, index) => ({
        number: 10_000 + index,
        title: "t",
        url: "",
        author: "a",
        labels: [],
        incident: incidents.includes(index),
        mergedAt: "2026-01-01T00:00:00Z",
      })),
      commits: count,
      commitsWithoutPull: 0,
      behindBy: 0,
      compareUrl: undefined,
      markdown: "",
      summary: "",
      requests: 3,
      truncated: false,
    });
    expect(summaryLine(notes(1))).toBe("1 PR since aaaaaaa: #10000");
    for (const count of [0, 1, 19, 20, 21, 100, 1000]) {
      expect(summaryLine(notes(count, [count - 1])).length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    }
    // The incident PR is named even though the newest numbers do not fit.
    expect(summaryLine(notes(100, [99]))).toMatch(/^100 PRs since aaaaaaa: #10000 #10001 .* #10099 … \(1 incident\)$/);
  });
});
