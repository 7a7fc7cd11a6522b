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
