import { afterEach, describe, expect, it } from "vitest";
import { closestNames, parseCommand } from "../src/command.js";
import { COMMENT_MARKER } from "../src/comment.js";
import { outputsOf } from "../src/outputs.js";
import {
  type CommentOptions,
  DAY,
  issueCommentEvent,
  REPO,
  type Scenario,
  type SeedRow,
  START,
  scenario,
} from "./fixtures/scenario.js";

let s: Scenario | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});
const start = Date.parse(START);
const iso = (ms: number) => new Date(ms).toISOString();
const pr = (n: number) => `https://github.com/acme/app/pull/${n}`;
const theirs: SeedRow = {
  status: "Deployed",
  branch: "feature/cart",
  pullRequest: pr(8),
  reservedUntil: iso(start + DAY),
};
const mine: SeedRow = {
  status: "Reserved",
  branch: "feature/login",
  pullRequest: pr(7),
  reservedUntil: iso(start + DAY),
};

/** A board with PR #7 (feature/login) open, alice a member; `rows` seeded as given. */
async function board(rows: Record<string, SeedRow> = {}): Promise<Scenario> {
  s = await scenario({ rows });
  s.gh.seedPullRequest({ ...REPO, number: 7, headRefName: "feature/login" });
  return s;
}

interface Asked {
  result: Awaited<ReturnType<Scenario["run"]>>;
  commentId: number;
  notion: { operation: string; mutating: boolean }[];
  github: { operation: string }[];
  reactions: () => string[];
  sticky: () => string;
  again: () => Promise<Asked>;
}

/** Writes `body` as a comment on PR #7 and runs mode command on it; counts the requests it made. */
async function ask(
  body: string,
  options: CommentOptions & { values?: Record<string, string>; commentId?: number } = {},
): Promise<Asked> {
  const scene = s as Scenario;
  const commentId =
    options.commentId ??
    (scene.gh.seedIssueComment({ ...REPO, issueNumber: 7, body, user: options.login ?? "alice" })["id"] as number);
  const notionBefore = scene.notion.requests.length;
  const githubBefore = scene.gh.requests.length;
  const result = await scene.run(
    { mode: "command", ...options.values },
    { event: issueCommentEvent(7, { id: commentId, body }, options) },
  );
  // Every command, refused or not, stays within the budget (issue 18, plus the claim of issue 26).
  expect(scene.notion.requests.length - notionBefore).toBeLessThanOrEqual(NOTION_BUDGET);
  expect(scene.gh.requests.length - githubBefore).toBeLessThanOrEqual(GITHUB_BUDGET);
  return {
    result,
    commentId,
    notion: scene.notion.requests.slice(notionBefore),
    github: scene.gh.requests.slice(githubBefore),
    reactions: () => scene.gh.reactions("acme", "app", commentId).map((reaction) => String(reaction["content"])),
    sticky: () => stickyOf(scene, 7),
    again: () => ask(body, { ...options, commentId }),
  };
}

/**
 * The budget per command, when no other run holds the environment: 10 Notion requests (database,
 * data source, one query; for a write the claim's append, list, ticket, list, the row's re-read,
 * the write and the claim's delete) and 6 GitHub requests (👀, who the token is, the sticky
 * comment read and write, the PR, 🚀/😕).
 */
const NOTION_BUDGET = 10;
const GITHUB_BUDGET = 6;
function withinBudget(asked: Asked): void {
  expect(asked.notion.length).toBeLessThanOrEqual(NOTION_BUDGET);
  expect(asked.github.length).toBeLessThanOrEqual(GITHUB_BUDGET);
}

/** The sticky comment: the marked comment the action's own token (github-actions[bot]) wrote. */
function stickyOf(scene: Scenario, number: number): string {
  const ours = scene.gh
    .comments("acme", "app", number)
    .find(
      (comment) =>
        (comment["user"] as { login?: string } | undefined)?.login === "github-actions[bot]" &&
        String(comment["body"]).includes(COMMENT_MARKER),
    );
  return String(ours?.["body"]);
}

describe("/env reserve", () => {
  it("reserves a free environment for the PR: Reserved, branch, PR, until, reason; 🚀 and the answer", async () => {
    await board();
    const asked = await ask("/env reserve qa3 for 2d demo for the client\nthanks!");
    expect(s?.row("qa3")).toMatchObject({
      Status: "Reserved",
      Branch: "feature/login",
      "Pull request": pr(7),
      "Reserved until": "2026-11-27T09:00:00.000+00:00",
      Note: "Reserved by @alice for #7: demo for the client",
    });
    expect(asked.reactions()).toEqual(["eyes", "rocket"]);
    expect(asked.sticky()).toContain("> @alice: `/env reserve qa3 for 2d demo for the client`");
    expect(asked.sticky()).toContain("🚀 Reserved **qa3** for #7 until **2026-11-27 09:00 UTC**.");
    expect(s?.last?.summary).toContain("🚀 Reserved **qa3** for #7");
    expect(outputsOf(asked.result)).toMatchObject({ "page-id": s?.pageId("qa3"), conflict: false });
    expect(asked.notion.map((request) => request.operation)).toEqual([
      "databases.retrieve",
      "dataSources.retrieve",
      "dataSources.query",
      // The claim (claim.ts): append, list, ticket, list; the row read again, written; the claim deleted.
      "blocks.children.append",
      "blocks.children.list",
      "blocks.update",
      "blocks.children.list",
      "pages.retrieve",
      "pages.update",
      "blocks.delete",
    ]);
    expect(s?.notion.children(s.pageId("qa3"))).toEqual([]);
    expect(asked.github.map((request) => request.operation)).toEqual([
      "Viewer",
      "reactions/create-for-issue-comment",
      "issues/list-comments",
      "PullRequestByNumber",
      "issues/create-comment",
      "reactions/create-for-issue-comment",
    ]);
    withinBudget(asked);
    expect(s?.last?.failure).toBeUndefined();
  });

  it("uses reserve-for without a length, and the reserved-until output is what the row holds", async () => {
    await board();
    s?.clock.advance(123); // the row keeps whole seconds
    const asked = await ask("/env reserve qa4", { values: { "reserve-for": "12h" } });
    const output = String(outputsOf(asked.result)["reserved-until"]);
    expect(Date.parse(output)).toBe(Date.parse(String(s?.row("qa4")?.["Reserved until"])));
    // The value written to the row, not an ISO string with milliseconds (issue 26).
    expect(output).toBe(iso(start + 12 * 3_600_000).replace(".000Z", "Z"));
  });

  it("refuses another PR's reservation with the holder and until when; nothing written, 😕", async () => {
    await board({ qa3: theirs });
    const asked = await ask("/env reserve qa3");
    expect(asked.sticky()).toContain(
      "😕 **qa3** is reserved by #8 (`feature/cart`) until 2026-11-26 09:00 UTC. Ask the holder to release it.",
    );
    expect(asked.notion.filter((request) => request.mutating)).toEqual([]);
    expect(asked.reactions()).toEqual(["eyes", "confused"]);
    expect(s?.row("qa3")?.["Branch"]).toBe("feature/cart");
    expect(s?.last?.failure).toBeUndefined();
    withinBudget(asked);
  });

  it("--force is refused while allow-force is false, and takes over when it is true", async () => {
    await board({ qa3: theirs });
    const refused = await ask("/env reserve qa3 --force");
    expect(refused.sticky()).toContain("`--force` is switched off here (allow-force: false).");
    expect(refused.notion.filter((request) => request.mutating)).toEqual([]);
    const forced = await ask("/env reserve qa3 for 1d --force hotfix", { values: { "allow-force": "true" } });
    expect(forced.sticky()).toContain("🚀 Reserved **qa3** for #7 until **2026-11-26 09:00 UTC** (taken over from");
    expect(s?.row("qa3")).toMatchObject({ Branch: "feature/login", "Pull request": pr(7), Status: "Reserved" });
    expect(s?.row("qa3")?.["Note"]).toBe(
      `Taken over from feature/cart (${pr(8)}) (reserved until 2026-11-26T09:00:00Z) by @alice at 2026-11-25T09:00:00Z: hotfix`,
    );
    expect(outputsOf(forced.result)).toMatchObject({ conflict: true, holder: `feature/cart (${pr(8)})` });
    withinBudget(forced);
  });

  it("on-conflict: override takes it over without --force", async () => {
    await board({ qa3: theirs });
    await ask("/env reserve qa3", { values: { "on-conflict": "override" } });
    expect(s?.row("qa3")?.["Branch"]).toBe("feature/login");
  });

  it("a typo gets the closest names from the board and changes nothing", async () => {
    await board();
    const asked = await ask("/env reserve qa33");
    expect(asked.sticky()).toContain("😕 There is no environment **qa33** in the board. Did you mean **qa3**?");
    const prod = await ask("/env reserve pre-prd");
    expect(prod.sticky()).toContain("Did you mean **pre-prod**?");
    expect(s?.notion.mutatingRequests()).toEqual([]);
  });

  it("a duration that does not parse is answered with help, before any Notion call", async () => {
    await board();
    const asked = await ask("/env reserve qa3 for ages");
    expect(asked.sticky()).toContain('😕 I did not understand that: "ages" is not a duration like 12h, 2d or 1w');
    expect(asked.sticky()).toContain("| `/env list` |");
    expect(asked.notion).toEqual([]);
  });
});

describe("/env extend", () => {
  it("adds the length to this PR's reservation; a re-run of the same comment does not extend twice", async () => {
    await board({ qa3: mine });
    const asked = await ask("/env extend qa3 by 1d");
    expect(s?.row("qa3")?.["Reserved until"]).toBe("2026-11-27T09:00:00.000+00:00");
    expect(asked.sticky()).toContain("🚀 Extended **qa3** for #7 until **2026-11-27 09:00 UTC**.");
    withinBudget(asked);
    const rerun = await asked.again();
    expect(s?.row("qa3")?.["Reserved until"]).toBe("2026-11-27T09:00:00.000+00:00");
    expect(rerun.result.outcome).toBe("Already answered (done); nothing applied again");
    expect(rerun.notion).toEqual([]);
    expect(rerun.github.map((request) => request.operation)).toEqual([
      "Viewer",
      "reactions/create-for-issue-comment",
      "issues/list-comments",
      "reactions/create-for-issue-comment",
    ]);
    expect(rerun.reactions()).toEqual(["eyes", "rocket"]);
  });

  it("refuses another PR's reservation, and a free one points to reserve", async () => {
    await board({ qa3: theirs });
    const other = await ask("/env extend qa3");
    expect(other.sticky()).toContain(
      "😕 **qa3** is reserved by #8 (`feature/cart`) until 2026-11-26 09:00 UTC; only its holder can extend it.",
    );
    const free = await ask("/env extend qa4 by 2d");
    expect(free.sticky()).toContain("😕 **qa4** is not reserved by #7: `/env reserve qa4` reserves it.");
    expect(s?.notion.mutatingRequests()).toEqual([]);
  });
});

describe("/env release", () => {
  it("frees this PR's environment, refuses another PR's, and release all frees every one this PR holds", async () => {
    await board({ qa2: mine, qa3: theirs, qa5: { ...mine, status: "Deployed" } });
    const other = await ask("/env release qa3");
    expect(other.sticky()).toContain("😕 **qa3** is held by #8 (`feature/cart`) until 2026-11-26 09:00 UTC");
    expect(other.notion.filter((request) => request.mutating)).toEqual([]);
    const one = await ask("/env release qa2");
    expect(one.sticky()).toContain("🚀 Released **qa2**: it is Free again.");
    expect(s?.row("qa2")).toMatchObject({ Status: "Free", Branch: "", "Pull request": null, "Reserved until": null });
    withinBudget(one);
    const all = await ask("/env release all");
    expect(all.sticky()).toContain("🚀 Released **qa5**: free again.");
    expect(s?.row("qa5")?.["Status"]).toBe("Free");
    expect(s?.row("qa3")?.["Status"]).toBe("Deployed");
    withinBudget(all);
    const none = await ask("/env release all");
    expect(none.sticky()).toContain("🚀 #7 holds no environment.");
  });
});

describe("/env list and /env help", () => {
  it("list answers with the board: every environment, holder, branch, PR, until, expired; three reads", async () => {
    await board({ qa3: theirs, qa10: { ...theirs, reservedUntil: iso(start - DAY) } });
    const asked = await ask("/env list");
    const sticky = asked.sticky();
    expect(sticky).toContain("🚀 11 environments: 1 reserved, 9 free, 1 expired or unclaimed.");
    expect(sticky).toContain("| Environment | Status | Holder | Branch | Pull request | Reserved until | Expired? |");
    expect(sticky).toMatch(
      /\| \[qa3\]\(.+\) \| Deployed \| {2}\| `feature\/cart` \| \[#8\]\(.+\) \| 2026-11-26 09:00 UTC \| no \|/,
    );
    expect(sticky).toMatch(/\| \[qa10\]\(.+\) \| Deployed .* \| expired \|/);
    const environments = outputsOf(asked.result).environments as { environment: string }[];
    expect(environments.map((row) => row.environment)).toContain("pre-prod");
    expect(asked.notion.map((request) => request.operation)).toEqual([
      "databases.retrieve",
      "dataSources.retrieve",
      "dataSources.query",
    ]);
    expect(asked.github).toHaveLength(5);
  });

  it("help lists the commands without touching Notion; an unknown subcommand gets help and 😕", async () => {
    await board();
    const help = await ask("/env help");
    expect(help.sticky()).toContain("🚀 The environment commands:");
    expect(help.sticky()).toContain("| `/env reserve qa3 [for 2d] [reason]` |");
    expect(help.notion).toEqual([]);
    expect(help.reactions()).toEqual(["eyes", "rocket"]);
    const unknown = await ask("/env lock qa3");
    expect(unknown.sticky()).toContain(
      '😕 I did not understand that: "lock" is not a command. The environment commands:',
    );
    expect(unknown.reactions()).toEqual(["eyes", "confused"]);
    // One sticky comment, updated in place.
    expect(
      s?.gh.comments("acme", "app", 7).filter((comment) => String(comment["body"]).includes(COMMENT_MARKER)),
    ).toHaveLength(1);
  });
});

describe("who may command, and when", () => {
  it("obeys only allowed-associations; others get 😕 and nothing else: no sticky comment, no Notion call", async () => {
    await board();
    const asked = await ask("/env reserve qa3", { login: "mallory", association: "CONTRIBUTOR" });
    expect(asked.sticky()).toBe("undefined");
    expect(asked.result.outcome).toBe(
      "@mallory is CONTRIBUTOR, not one of OWNER, MEMBER, COLLABORATOR: not obeyed, nothing written",
    );
    expect(asked.notion).toEqual([]);
    expect(asked.reactions()).toEqual(["confused"]);
    expect(asked.github.map((request) => request.operation)).toEqual(["reactions/create-for-issue-comment"]);
    const allowed = await ask("/env reserve qa3", {
      login: "mallory",
      association: "CONTRIBUTOR",
      values: { "allowed-associations": "OWNER,MEMBER,COLLABORATOR,CONTRIBUTOR" },
    });
    expect(allowed.reactions()).toEqual(["eyes", "rocket"]);
    expect(s?.row("qa3")?.["Status"]).toBe("Reserved");
  });

  it("refuses a command on a closed PR (from the event, or found closed when read)", async () => {
    await board();
    const closed = await ask("/env reserve qa3", { state: "closed" });
    expect(closed.sticky()).toContain("😕 #7 is closed: environment commands only work on open pull requests.");
    expect(closed.notion).toEqual([]);
    s?.gh.seedPullRequest({ ...REPO, number: 9, headRefName: "feature/old", state: "MERGED" });
    const merged = await s?.run(
      { mode: "command" },
      {
        event: issueCommentEvent(9, {
          id: s.gh.seedIssueComment({ ...REPO, issueNumber: 9, body: "/env reserve qa3" })["id"] as number,
          body: "/env reserve qa3",
        }),
      },
    );
    expect(merged?.answer?.text).toBe("#9 is merged: environment commands only work on open pull requests.");
    expect(s?.notion.mutatingRequests()).toEqual([]);
  });

  it("ignores comments that do not start with /env, without a single call", async () => {
    await board();
    const asked = await ask("LGTM, then /env reserve qa3");
    expect(asked.result.outcome).toBe("The comment is not an /env command; nothing to do");
    expect(asked.notion).toEqual([]);
    expect(asked.github).toEqual([]);
  });

  it("mode command on another event fails the step, without a call", async () => {
    await board();
    await s?.run({ mode: "command" });
    expect(s?.last?.failure?.message).toBe(
      "mode command runs on issue_comment events of pull requests, not on workflow_dispatch.",
    );
    expect(s?.notion.requests).toEqual([]);
    expect(s?.gh.requests).toEqual([]);
  });
});

describe("parseCommand and closestNames", () => {
  it("reads the first line; optional for/by; --force anywhere; release all", () => {
    expect(parseCommand("/env reserve qa3 for 2d the demo\nmore")).toEqual({
      kind: "reserve",
      environment: "qa3",
      forMs: 2 * DAY,
      force: false,
      reason: "the demo",
    });
    expect(parseCommand("/ENV reserve qa3 12h --force")).toMatchObject({ forMs: 43_200_000, force: true });
    expect(parseCommand("/env extend qa3 by 1d")).toEqual({ kind: "extend", environment: "qa3", byMs: DAY });
    expect(parseCommand("/env release all")).toEqual({ kind: "release", environment: undefined });
    expect(parseCommand("/env")).toEqual({ kind: "unknown", problem: "the command is missing" });
    expect(parseCommand("/envy list")).toBeUndefined();
    expect(parseCommand("please /env list")).toBeUndefined();
  });

  it("suggests near names, best first", () => {
    const names = ["qa1", "qa2", "qa3", "qa10", "pre-prod"];
    expect(closestNames("qa33", names)).toEqual(["qa3"]);
    expect(closestNames("QA", names)).toEqual(["qa1", "qa2", "qa3"]);
    expect(closestNames("staging", names)).toEqual([]);
  });
});

describe("a failure on the way", () => {
  it("a Notion failure is answered with 😕 and not recorded, so a re-run of the job applies the command", async () => {
    await board();
    s?.notion.unshare(s.databaseId);
    const failed = await ask("/env reserve qa3");
    expect(failed.sticky()).toContain("😕 Notion was not updated: Notion cannot find database");
    expect(failed.sticky()).not.toContain(`${failed.commentId}:`);
    s?.notion.share(s.databaseId);
    await failed.again();
    expect(s?.row("qa3")?.["Status"]).toBe("Reserved");
    expect(failed.sticky()).toContain(`<!-- sre-actions:handled ${failed.commentId}:done -->`);
  });
});
