import { afterEach, describe, expect, it } from "vitest";
import { COMMENT_MARKER } from "../src/comment.js";
import { outputsOf } from "../src/outputs.js";
import { renderSummary } from "../src/summary.js";
import { DAY, pullRequestEvent, REPO, type Scenario, START, scenario } from "./fixtures/scenario.js";

let s: Scenario | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});
const start = Date.parse(START);
const iso = (ms: number) => new Date(ms).toISOString();
const pr = (n: number) => `https://github.com/acme/app/pull/${n}`;

describe("release", () => {
  const rows = {
    qa2: { status: "Deployed", branch: "feature/login", pullRequest: pr(7), reservedUntil: iso(start + DAY) },
    qa5: { status: "Failed", branch: "feature/login", pullRequest: pr(7), reservedUntil: iso(start + DAY) },
    qa3: { status: "Deployed", branch: "feature/cart", pullRequest: pr(8), reservedUntil: iso(start + DAY) },
  };

  it("frees only the rows the closed PR holds: one query, one update per row", async () => {
    s = await scenario({ rows });
    const result = await s.run({ mode: "release" }, { event: pullRequestEvent("closed", 7, "feature/login") });
    expect(result.outcome).toBe(`Released qa2, qa5 (held by feature/login (${pr(7)}))`);
    for (const env of ["qa2", "qa5"]) {
      expect(s.row(env)).toMatchObject({
        Status: "Free",
        Branch: "",
        "Pull request": null,
        "Reserved until": null,
        "Deployed by": [],
      });
    }
    expect(s.row("qa3")).toMatchObject({ Status: "Deployed", Branch: "feature/cart", "Pull request": pr(8) });
    expect(s.notion.operationCounts()).toMatchObject({ "dataSources.query": 1, "pages.update": 2 });
    const query = s.notion.requests.find((request) => request.operation === "dataSources.query");
    expect(query?.body).toMatchObject({ filter: { property: "Pull request", url: { equals: pr(7) } } });
    expect(renderSummary(result)).toContain("### Released");
  });

  it("with environment: frees that row only when the PR holds it", async () => {
    s = await scenario({ rows });
    const other = await s.run(
      { mode: "release", environment: "qa3" },
      { event: pullRequestEvent("closed", 7, "feature/login") },
    );
    expect(other.outcome).toBe(
      `Nothing to release: qa3 is not held by feature/login (${pr(7)}) (it is held by feature/cart (${pr(8)}))`,
    );
    expect(s.notion.mutatingRequests()).toEqual([]);
    const mine = await s.run(
      { mode: "release", environment: "qa2" },
      { event: pullRequestEvent("closed", 7, "feature/login") },
    );
    expect(mine.outcome).toContain("Released qa2");
    expect(s.row("qa5")?.["Status"]).toBe("Failed");
  });

  it("does nothing, and says so, when the PR holds no row", async () => {
    s = await scenario({ rows });
    const result = await s.run({ mode: "release" }, { event: pullRequestEvent("closed", 9, "feature/other") });
    expect(result.outcome).toBe(`Nothing to release: no environment is held by feature/other (${pr(9)})`);
    expect(s.notion.mutatingRequests()).toEqual([]);
    expect(s.log.text("info")).toContain("Nothing to release");
  });
});

describe("sweep", () => {
  it("frees expired reservations in one query and one update each, and lists them", async () => {
    s = await scenario({
      rows: {
        qa1: { status: "Deployed", branch: "a", reservedUntil: iso(start - DAY) },
        qa4: { status: "Deploying", branch: "b", reservedUntil: iso(start - 60_000) },
        qa6: { status: "Deployed", branch: "c", reservedUntil: iso(start + DAY) },
        qa7: { status: "Free", reservedUntil: iso(start - DAY) },
      },
    });
    const result = await s.run({ mode: "sweep" });
    expect(result.outcome).toBe("Freed 2 expired reservations: qa1, qa4");
    expect(s.notion.operationCounts()).toMatchObject({ "dataSources.query": 1, "pages.update": 2 });
    expect(s.row("qa1")).toMatchObject({ Status: "Free", Branch: "", "Reserved until": null });
    expect(s.row("qa6")).toMatchObject({ Status: "Deployed", Branch: "c" });
    const summary = renderSummary(result);
    expect(summary).toContain("### Expired reservations freed");
    expect(summary).toMatch(/\| \[qa1\]\(.+\) \| Deployed \| {2}\| `a` \|/);
  });
});

describe("status", () => {
  it("lists every environment in natural order as a table and the environments output", async () => {
    s = await scenario({
      rows: { qa10: { status: "Deployed", branch: "feature/x", pullRequest: pr(3), reservedUntil: iso(start - DAY) } },
    });
    const result = await s.run({ mode: "status", timezone: "Asia/Tokyo" });
    const environments = outputsOf(result).environments as { environment: string; expired: boolean }[];
    expect(environments.map((row) => row.environment)).toEqual([
      "pre-prod",
      "qa1",
      "qa2",
      "qa3",
      "qa4",
      "qa5",
      "qa6",
      "qa7",
      "qa8",
      "qa9",
      "qa10",
    ]);
    expect(environments.find((row) => row.environment === "qa10")).toMatchObject({
      status: "Deployed",
      branch: "feature/x",
      pullRequest: pr(3),
      expired: true,
      reservedUntil: "2026-11-24T09:00:00.000Z",
    });
    expect(renderSummary(result)).toContain(
      "| Deployed |  | `feature/x` | [#3](https://github.com/acme/app/pull/3) | 2026-11-24 18:00 Asia/Tokyo | expired |",
    );
    expect(s.notion.mutatingRequests()).toEqual([]);
  });
});

describe("extend", () => {
  it("moves reserved-until for the holder only", async () => {
    s = await scenario({
      rows: {
        qa3: { status: "Deployed", branch: "feature/login", reservedUntil: iso(start + DAY) },
        qa4: { status: "Deployed", branch: "feature/cart", reservedUntil: iso(start + DAY) },
      },
    });
    const mine = await s.run({ mode: "extend", environment: "qa3", "reserved-until": "2026-12-01T18:00+09:00" });
    expect(mine.outcome).toContain("Extended qa3 until 2026-12-01T09:00:00Z (input reserved-until)");
    expect(s.row("qa3")).toMatchObject({ "Reserved until": "2026-12-01T09:00:00.000+00:00", Branch: "feature/login" });
    const theirs = await s.run({ mode: "extend", environment: "qa4" });
    expect(theirs.outcome).toContain("Not extended: qa4 is reserved by feature/cart");
    expect(s.row("qa4")?.["Reserved until"]).toBe("2026-11-26T09:00:00.000+00:00");
    expect(s.notion.operationCounts()["pages.update"]).toBe(1);
  });
});

describe("extend with override", () => {
  it("takes over someone else's reservation and records them in the note", async () => {
    s = await scenario({
      rows: { qa4: { status: "Deployed", branch: "feature/cart", reservedUntil: iso(start + DAY) } },
    });
    const result = await s.run({ mode: "extend", environment: "qa4", "on-conflict": "override", "reserve-for": "1d" });
    expect(result.outcome).toContain("Extended qa4 until 2026-11-26T09:00:00Z");
    expect(s.row("qa4")).toMatchObject({ Branch: "feature/login", "Reserved until": "2026-11-26T09:00:00.000+00:00" });
    expect(s.row("qa4")?.["Note"]).toBe("Taken over from feature/cart by @alice at 2026-11-25T09:00:00Z");
    expect(outputsOf(result)).toMatchObject({ conflict: true, holder: "feature/cart" });
  });

  it("a free row has nothing to extend", async () => {
    s = await scenario();
    const result = await s.run({ mode: "extend", environment: "qa4" });
    expect(result.outcome).toBe("Nothing to extend: qa4 is free");
    expect(s.notion.mutatingRequests()).toEqual([]);
  });
});

describe("release without a pull request", () => {
  it("on workflow_dispatch frees the rows the branch holds", async () => {
    s = await scenario({
      rows: {
        qa6: { status: "Deployed", branch: "feature/login", reservedUntil: iso(start + DAY) },
        qa7: { status: "Deployed", branch: "feature/cart", reservedUntil: iso(start + DAY) },
      },
    });
    const result = await s.run({ mode: "release" }, { github: false });
    expect(result.outcome).toBe("Released qa6 (held by feature/login)");
    expect(s.row("qa7")?.["Status"]).toBe("Deployed");
  });
});

describe("reservation length", () => {
  it("a reserve:2d label on the pull_request overrides reserve-for", async () => {
    s = await scenario();
    const result = await s.run(
      { environment: "qa3", "reserve-for": "5d" },
      { event: pullRequestEvent("labeled", 7, "feature/login", ["bug", "reserve:2d"]) },
    );
    expect(result.reservation?.source).toBe("label reserve:2d");
    expect(outputsOf(result)["reserved-until"]).toBe(iso(start + 2 * DAY).replace(".000Z", "Z"));
    expect(s.row("qa3")).toMatchObject({ "Pull request": pr(7), Branch: "feature/login" });
  });

  it("on workflow_dispatch, finds the branch's PR and its label through github-token", async () => {
    s = await scenario();
    s.gh.seedPullRequest({ ...REPO, number: 12, headRefName: "feature/login", labels: ["reserve:12h"] });
    const result = await s.run({ environment: "qa3" });
    expect(result.pullRequest).toMatchObject({ number: 12, labels: ["reserve:12h"] });
    expect(outputsOf(result)["reserved-until"]).toBe(iso(start + 12 * 3_600_000).replace(".000Z", "Z"));
    expect(s.row("qa3")?.["Pull request"]).toBe(pr(12));
    // The run knows its PR, so the sticky comment goes there.
    expect(s.gh.comments("acme", "app", 12)).toHaveLength(1);
  });

  it("warns about a reserve: label that is not a duration and uses reserve-for", async () => {
    s = await scenario();
    const result = await s.run(
      { environment: "qa3" },
      { event: pullRequestEvent("labeled", 7, "feature/login", ["reserve:soon"]) },
    );
    expect(result.reservation?.source).toBe("input reserve-for");
    expect(s.log.text("warning")).toContain('Label "reserve:soon" is not reserve:<duration>');
  });
});

describe("deployed by", () => {
  it("writes the mapped Notion person (by id or by email) and leaves the column empty for others", async () => {
    s = await scenario();
    const alice = s.notion.seedUser({ name: "Alice", email: "alice@example.com" });
    const bob = s.notion.seedUser({ name: "Bob" });
    await s.run({ environment: "qa3", "user-map": `alice=${bob.id}` });
    expect(s.row("qa3")?.["Deployed by"]).toEqual([bob.id]);
    await s.run({ environment: "qa4", "user-map": "Alice=alice@example.com" });
    expect(s.row("qa4")?.["Deployed by"]).toEqual([alice.id]);
    expect(s.notion.operationCounts()["users.list"]).toBe(1);
    await s.run({ environment: "qa5", "user-map": "carol=alice@example.com" });
    expect(s.row("qa5")?.["Deployed by"]).toEqual([]);
    expect(s.log.text("info")).toContain(
      '@alice has no Notion user in user-map; the "Deployed by" column is left empty.',
    );
  });

  it("writes @login into a text Deployed by column", async () => {
    const schema = {
      ...(await import("@sre-actions/testkit/notion")).environmentsSchema(),
      "Deployed by": { type: "rich_text" as const },
    };
    s = await scenario({ schema });
    await s.run({ environment: "qa3" });
    expect(s.row("qa3")?.["Deployed by"]).toBe("@alice");
  });
});

describe("sticky PR comment", () => {
  it("creates one comment on the PR and updates it on the next run", async () => {
    s = await scenario();
    s.gh.seedPullRequest({ ...REPO, number: 7, headRefName: "feature/login" });
    await s.run({ environment: "qa3" }, { event: pullRequestEvent("synchronize", 7, "feature/login") });
    let comments = s.gh.comments("acme", "app", 7);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.["body"]).toContain(COMMENT_MARKER);
    expect(comments[0]?.["body"]).toContain("until **2026-11-28 09:00 UTC**");
    await s.run(
      { environment: "qa3", "reserve-for": "1d" },
      { event: pullRequestEvent("synchronize", 7, "feature/login") },
    );
    comments = s.gh.comments("acme", "app", 7);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.["body"]).toContain("until **2026-11-26 09:00 UTC**");
  });

  it("shows the conflict with links in the comment", async () => {
    s = await scenario({
      rows: {
        qa3: { status: "Deployed", branch: "feature/cart", pullRequest: pr(8), reservedUntil: iso(start + DAY) },
      },
    });
    s.gh.seedPullRequest({ ...REPO, number: 7, headRefName: "feature/login" });
    await s.run({ environment: "qa3" }, { event: pullRequestEvent("synchronize", 7, "feature/login") });
    const body = String(s.gh.comments("acme", "app", 7)[0]?.["body"]);
    expect(body).toContain(
      "**Reserved by someone else:** branch `feature/cart`, [#8](https://github.com/acme/app/pull/8)",
    );
  });

  it("waits out a GitHub secondary rate limit on the comment (throttling on)", async () => {
    s = await scenario();
    s.gh.seedPullRequest({ ...REPO, number: 7, headRefName: "feature/login" });
    s.gh.secondaryRateLimit(1, 1, { operation: "issues/create-comment" });
    await s.run({ environment: "qa3" }, { event: pullRequestEvent("synchronize", 7, "feature/login"), throttle: true });
    expect(s.gh.comments("acme", "app", 7)).toHaveLength(1);
    expect(s.log.text("warning")).toContain(
      "GitHub secondary rate limit on POST /repos/{owner}/{repo}/issues/{issue_number}/comments; waiting 1s",
    );
  });

  it("makes no comment with comment: false, and a GitHub failure is only a warning", async () => {
    s = await scenario();
    await s.run(
      { environment: "qa3", comment: "false" },
      { event: pullRequestEvent("synchronize", 7, "feature/login") },
    );
    expect(s.gh.requests).toEqual([]);
    // PR 7 does not exist in the fake: GitHub answers 404.
    await s.run({ environment: "qa3" }, { event: pullRequestEvent("synchronize", 7, "feature/login") });
    expect(s.log.text("warning")).toContain("Could not comment on PR #7");
  });
});
