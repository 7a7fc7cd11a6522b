import { MemoryLogger } from "@sre-actions/core";
import { createOctokit } from "@sre-actions/core/github";
import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../src/clock.js";
import { GitHubFake } from "../src/github/index.js";

const owner = "acme";
const repo = "shop";
let fake: GitHubFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function start() {
  const started = await new GitHubFake({ clock: new VirtualClock() }).start();
  started.seedRepository({ owner, name: repo });
  const octokit = createOctokit({
    token: started.token,
    log: new MemoryLogger(),
    baseUrl: started.url,
    throttle: { enabled: false },
  });
  return { started, octokit };
}

describe("GitHubFake pull request lists (REST)", () => {
  it("lists pull requests by state and base, newest created first by default, paginated with Link", async () => {
    const { started, octokit } = await start();
    fake = started;
    started.seedPullRequests(5, { owner, repo, start: "2026-11-01T00:00:00Z", intervalMs: 3_600_000 });
    started.seedPullRequest({ owner, repo, createdAt: "2026-11-02T00:00:00Z" }); // open
    started.seedPullRequest({
      owner,
      repo,
      createdAt: "2026-11-02T01:00:00Z",
      baseRefName: "release",
      mergedAt: "2026-11-02T02:00:00Z",
    });

    const { data: open } = await octokit.rest.pulls.list({ owner, repo });
    expect(open.map((pull) => pull.number)).toEqual([6]);
    const { data: closed } = await octokit.rest.pulls.list({ owner, repo, state: "closed", base: "main" });
    expect(closed.map((pull) => pull.number)).toEqual([5, 4, 3, 2, 1]);
    expect(closed[0]).toMatchObject({ state: "closed", merged_at: "2026-11-01T06:00:00Z", base: { ref: "main" } });
    const ascending = await octokit.rest.pulls.list({ owner, repo, state: "all", sort: "updated", per_page: 2 });
    expect(ascending.data.map((pull) => pull.number)).toEqual([1, 2]);
    expect(ascending.headers.link).toContain('rel="next"');
    const all = await octokit.paginate(octokit.rest.pulls.list, { owner, repo, state: "all", per_page: 3 });
    expect(all).toHaveLength(7);
  });

  it("lists a pull request's own commits oldest first (they survive a squash merge)", async () => {
    const { started, octokit } = await start();
    fake = started;
    const pull = started.seedPullRequest({
      owner,
      repo,
      createdAt: "2026-11-03T00:00:00Z",
      mergedAt: "2026-11-03T05:00:00Z",
      mergeMethod: "squash",
      commits: [
        { message: "first", authoredDate: "2026-11-01T08:00:00Z" },
        { message: "second", authoredDate: "2026-11-02T08:00:00Z" },
      ],
    });
    const { data } = await octokit.rest.pulls.listCommits({ owner, repo, pull_number: pull.number });
    expect(data.map((commit) => [commit.commit.message, commit.commit.author?.date])).toEqual([
      ["first", "2026-11-01T08:00:00Z"],
      ["second", "2026-11-02T08:00:00Z"],
    ]);
    await expect(octokit.rest.pulls.listCommits({ owner, repo, pull_number: 999 })).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("GitHubFake commits ↔ pull requests (what release notes read)", () => {
  it("answers a comparison without paging with the newest 250 commits, and pages oldest first", async () => {
    const { started, octokit } = await start();
    fake = started;
    const base = started.repository(owner, repo)?.branches.get("main") ?? "";
    const commits = Array.from({ length: 260 }, (_, index) =>
      started.seedCommit({ owner, repo, committedDate: new Date(Date.UTC(2026, 10, 1, 0, index)) }),
    );
    const { data: unpaged } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner,
      repo,
      basehead: `${base}...main`,
    });
    expect(unpaged.total_commits).toBe(260);
    expect(unpaged.commits).toHaveLength(250);
    // Documented: "the last commit in the list is the most recent of the entire comparison".
    expect(unpaged.commits[0]?.sha).toBe(commits[10]?.oid);
    expect(unpaged.commits.at(-1)?.sha).toBe(commits[259]?.oid);
    const { data: firstPage } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner,
      repo,
      basehead: `${base}...main`,
      per_page: 100,
    });
    expect(firstPage.commits.map((commit) => commit.sha)).toEqual(commits.slice(0, 100).map((commit) => commit.oid));
  });

  it("associates each merge method's commits with the pull request, never a closed unmerged one", async () => {
    const { started, octokit } = await start();
    fake = started;
    const seeded = (mergeMethod: "merge" | "squash" | "rebase", hour: number) =>
      started.seedPullRequest({
        owner,
        repo,
        commits: 2,
        mergeMethod,
        createdAt: `2026-11-01T0${hour}:00:00Z`,
        mergedAt: `2026-11-01T0${hour}:30:00Z`,
      });
    const merged = seeded("merge", 1);
    const squashed = seeded("squash", 2);
    const rebased = seeded("rebase", 3);
    const closed = started.seedPullRequest({ owner, repo, createdAt: "2026-11-01T04:00:00Z", state: "CLOSED" });
    const open = started.seedPullRequest({ owner, repo, createdAt: "2026-11-01T05:00:00Z" });
    const record = started.repository(owner, repo);
    const rebasedOnMain = [...(record?.commits.values() ?? [])]
      .filter((commit) => commit.committedDate === Date.parse("2026-11-01T03:30:00Z"))
      .map((commit) => commit.oid);
    expect(rebasedOnMain).toHaveLength(2);
    expect(rebased.mergeCommitOid).toBe(rebasedOnMain.at(-1));

    const asked = {
      merge: merged.mergeCommitOid,
      mergeBranch: merged.commits[0],
      squash: squashed.mergeCommitOid,
      rebaseFirst: rebasedOnMain[0],
      closed: closed.commits[0],
      open: open.commits[0],
    };
    const fields = Object.entries(asked)
      .map(
        ([alias, oid]) =>
          `${alias}: object(oid: "${oid}") { ... on Commit { associatedPullRequests(first: 5) { nodes { number state } } } }`,
      )
      .join("\n");
    const data = await octokit.graphql<{
      repository: Record<string, { associatedPullRequests: { nodes: { number: number }[] } }>;
    }>(`{ repository(owner: "${owner}", name: "${repo}") { ${fields} } }`);
    const numbers = Object.fromEntries(
      Object.keys(asked).map((alias) => [
        alias,
        (data.repository[alias]?.associatedPullRequests.nodes ?? []).map((pull) => pull.number),
      ]),
    );
    expect(numbers).toEqual({
      merge: [merged.number],
      mergeBranch: [merged.number],
      squash: [squashed.number],
      rebaseFirst: [rebased.number],
      closed: [],
      // Not on the default branch: its open pull request is answered too.
      open: [open.number],
    });
  });
});
