import { afterEach, describe, expect, it } from "vitest";
import { COMMENT_MARKER, handledCommands } from "../src/comment.js";
import { isAuthor } from "../src/github.js";
import {
  type CommentOptions,
  issueCommentEvent,
  OUTSIDER_TOKEN,
  REPO,
  type Scenario,
  scenario,
} from "./fixtures/scenario.js";

/**
 * Commands an outsider cannot forge (issue 26): the sticky comment is the one our token wrote,
 * "already answered" records come from its trailer only, outsiders get a reaction and nothing
 * written, and a commenter's words never become Markdown.
 */

let s: Scenario | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

async function board(): Promise<Scenario> {
  s = await scenario();
  s.gh.seedPullRequest({ ...REPO, number: 7, headRefName: "feature/login" });
  return s;
}

/** A comment on PR #7 by `login` (alice is a MEMBER, anyone else NONE), created now. */
function comment(scene: Scenario, body: string, login: string): number {
  const association = login === "alice" ? "MEMBER" : "NONE";
  return scene.gh.seedIssueComment({ ...REPO, issueNumber: 7, body, user: login, association })["id"] as number;
}

/** Runs mode command for an existing comment, as the issue_comment event of it would. */
function command(scene: Scenario, id: number, body: string, options: CommentOptions = {}) {
  return scene.run({ mode: "command" }, { event: issueCommentEvent(7, { id, body }, options) });
}

const OUTSIDER: CommentOptions = { login: "mallory", association: "NONE" };
const bodies = (scene: Scenario) => scene.gh.comments("acme", "app", 7).map((c) => String(c["body"]));
const authorOf = (scene: Scenario, id: number) =>
  (scene.gh.comments("acme", "app", 7).find((c) => c["id"] === id)?.["user"] as { login: string } | undefined)?.login;
const reactions = (scene: Scenario, id: number) =>
  scene.gh.reactions("acme", "app", id).map((reaction) => String(reaction["content"]));

/** The outsider edits their own comment through the API, with their own token. */
async function editAsOutsider(scene: Scenario, id: number, body: string): Promise<void> {
  const response = await fetch(`${scene.gh.url}/repos/acme/app/issues/comments/${id}`, {
    method: "PATCH",
    headers: { authorization: `token ${OUTSIDER_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ body }),
  });
  expect(response.status).toBe(200);
}

describe("a forged handled-record", () => {
  it("an outsider's comment carrying a record for a member's comment does not stop that member's command", async () => {
    const scene = await board();
    // The member's comment exists (its id is predictable: GitHub's ids are sequential).
    const memberBody = "/env reserve qa3";
    const memberId = comment(scene, memberBody, "alice");
    const forged = `/env help <!-- sre-actions:handled ${memberId}:done -->`;
    const outsiderId = comment(scene, forged, "mallory");
    await command(scene, outsiderId, forged, OUTSIDER);
    // Nothing was written for the outsider: no sticky comment, only 😕 on their comment.
    expect(bodies(scene).filter((body) => body.includes(COMMENT_MARKER))).toEqual([]);
    expect(reactions(scene, outsiderId)).toEqual(["confused"]);
    expect(scene.notion.requests).toEqual([]);

    const member = await command(scene, memberId, memberBody);
    expect(member.replay).toBeUndefined();
    expect(scene.row("qa3")?.["Status"]).toBe("Reserved");
    expect(reactions(scene, memberId)).toEqual(["eyes", "rocket"]);
  });

  it("a comment planted with our marker, then edited to carry a record, is never our sticky comment", async () => {
    const scene = await board();
    // Planted before the action ever wrote here: the first comment with the marker is the outsider's.
    const planted = comment(scene, `${COMMENT_MARKER}\nJust a friendly note.`, "mallory");
    const memberBody = "/env reserve qa3 for 1d";
    const memberId = comment(scene, memberBody, "alice");
    await editAsOutsider(
      scene,
      planted,
      `${COMMENT_MARKER}\nJust a friendly note.\n\n<!-- sre-actions:handled ${memberId}:done -->`,
    );

    const member = await command(scene, memberId, memberBody);
    expect(member.replay).toBeUndefined();
    expect(scene.row("qa3")?.["Status"]).toBe("Reserved");
    expect(reactions(scene, memberId)).toEqual(["eyes", "rocket"]);
    // Our answer went into a comment of our own; the outsider's comment is as they left it.
    const ours = scene.gh
      .comments("acme", "app", 7)
      .filter((c) => String(c["body"]).includes(COMMENT_MARKER) && authorOf(scene, c["id"] as number) !== "mallory");
    expect(ours).toHaveLength(1);
    expect(authorOf(scene, ours[0]?.["id"] as number)).toBe("github-actions[bot]");
    expect(String(ours[0]?.["body"])).toContain("🚀 Reserved **qa3** for #7");
    expect(bodies(scene)[0]).toBe(
      `${COMMENT_MARKER}\nJust a friendly note.\n\n<!-- sre-actions:handled ${memberId}:done -->`,
    );
  });

  it("a record quoted in a member's comment marks nothing answered: the quoted command is still applied", async () => {
    const scene = await board();
    const realBody = "/env reserve qa4";
    const realId = comment(scene, realBody, "alice");
    const quoting = `/env list <!-- sre-actions:handled ${realId}:done -->`;
    const quotingId = comment(scene, quoting, "alice");
    const listed = await command(scene, quotingId, quoting);
    // The quote went into the sticky inside a code span; the real command (its job replaced) was answered first.
    expect(bodies(scene).find((b) => b.includes(COMMENT_MARKER))).toContain(`handled ${realId}:done -->\``);
    expect(listed.caughtUp).toEqual([realId]);
    expect(scene.row("qa4")?.["Status"]).toBe("Reserved");
    expect(reactions(scene, realId)).toEqual(["eyes", "rocket"]);
  });

  it("reads records from the last line only, and knows its own comments by the token's user id", () => {
    expect(handledCommands("x\n<!-- sre-actions:handled 5:done -->\nquoted text")).toEqual(new Map());
    expect(
      handledCommands("> `<!-- sre-actions:handled 5:done -->`\n\n<!-- sre-actions:handled 6:refused -->"),
    ).toEqual(new Map([[6, "refused"]]));
    const bot = { login: "github-actions", id: 41898282 };
    expect(isAuthor({ login: "github-actions[bot]", id: 41898282 }, bot)).toBe(true);
    expect(isAuthor({ login: "github-actions[bot]", id: 1 }, bot)).toBe(false);
    expect(isAuthor({ login: "github-actions[bot]", id: 7 }, { login: "github-actions", id: undefined })).toBe(true);
    expect(isAuthor(null, bot)).toBe(false);
  });
});

describe("a burst of comments", () => {
  it("a member's command whose job the concurrency group replaced is answered by the next run, in order", async () => {
    const scene = await board();
    const first = "/env reserve qa3";
    const firstId = comment(scene, first, "alice");
    await command(scene, firstId, first);
    // Two more comments while the first job ran: the second one's pending job was replaced by the third's.
    const second = "/env extend qa3 by 1d";
    const secondId = comment(scene, second, "alice");
    const outsider = "/env release qa3";
    const outsiderId = comment(scene, outsider, "mallory");
    const third = "/env reserve qa4";
    const thirdId = comment(scene, third, "alice");
    const result = await command(scene, thirdId, third);
    expect(result.caughtUp).toEqual([secondId]);
    expect(scene.row("qa3")?.["Reserved until"]).toBe("2026-11-29T09:00:00.000+00:00");
    expect(scene.row("qa3")?.["Status"]).toBe("Reserved");
    expect(scene.row("qa4")?.["Status"]).toBe("Reserved");
    expect(reactions(scene, secondId)).toEqual(["eyes", "rocket"]);
    expect(reactions(scene, outsiderId)).toEqual([]);
    const trailer = bodies(scene)
      .find((b) => b.includes(COMMENT_MARKER))
      ?.split("\n")
      .at(-1);
    expect(trailer).toBe(`<!-- sre-actions:handled ${firstId}:done ${secondId}:done ${thirdId}:done -->`);
    expect(scene.last?.summary).toContain(
      `Answered first: comments ${secondId}, whose jobs the concurrency group had replaced.`,
    );
    // The replaced job, re-run by hand, finds its comment answered: nothing is applied twice.
    const rerun = await command(scene, secondId, second);
    expect(rerun.replay).toBe(true);
    expect(scene.row("qa3")?.["Reserved until"]).toBe("2026-11-29T09:00:00.000+00:00");
  });

  it("a command whose own run already started (our 👀 is on it) is left to that run", async () => {
    const scene = await board();
    const running = "/env reserve qa5";
    const runningId = comment(scene, running, "alice");
    // Its own job is running: it has reacted 👀 and not answered yet.
    const eyes = await fetch(`${scene.gh.url}/repos/acme/app/issues/comments/${runningId}/reactions`, {
      method: "POST",
      headers: { authorization: `token ${scene.gh.token}`, "content-type": "application/json" },
      body: JSON.stringify({ content: "eyes" }),
    });
    expect(eyes.status).toBe(201);
    const next = "/env reserve qa6";
    const nextId = comment(scene, next, "alice");
    const result = await command(scene, nextId, next);
    expect(result.caughtUp).toBeUndefined();
    expect(scene.row("qa5")?.["Status"]).toBe("Free");
    expect(scene.row("qa6")?.["Status"]).toBe("Reserved");
  });
});

describe("injected Markdown", () => {
  it("a member's first line stays inside a code span it cannot close: no link, no mention", async () => {
    const scene = await board();
    const body = "/env reserve qa3 `[Approve the production deploy](https://evil.example/approve)` @acme/admins";
    const id = comment(scene, body, "alice");
    await command(scene, id, body);
    const sticky = bodies(scene).find((b) => b.includes(COMMENT_MARKER)) ?? "";
    // Single backticks inside: the span is fenced with two, so it runs to the end of the line.
    expect(sticky).toContain(
      "> @alice: ``/env reserve qa3 `[Approve the production deploy](https://evil.example/approve)` @acme/admins``",
    );
    const outsideSpans = sticky.replace(/``[^`].*?[^`]``/g, "");
    expect(outsideSpans).not.toContain("](https://evil.example");
    expect(outsideSpans).not.toContain("@acme/admins");
  });

  it("an environment name from the comment is escaped in the answer", async () => {
    const scene = await board();
    const body = "/env reserve qa3](https://evil.example)<img src=x>";
    const id = comment(scene, body, "alice");
    const result = await command(scene, id, body);
    expect(result.answer?.text).toBe("There is no environment **qa3\\](https://evil.example)&lt;img** in the board.");
  });

  it("an outsider's text is not echoed anywhere on the pull request", async () => {
    const scene = await board();
    const body = "/env reserve qa3 [Approve the production deploy](https://evil.example) @acme/admins";
    const id = comment(scene, body, "mallory");
    const result = await command(scene, id, body, OUTSIDER);
    expect(result.outsider).toBe(true);
    expect(bodies(scene)).toEqual([body]);
    expect(scene.gh.requests.map((request) => request.operation)).toEqual(["reactions/create-for-issue-comment"]);
  });
});

describe("Notion cells in Markdown", () => {
  it("a cell cannot close its code span, draw a link, mention anyone or break a table", async () => {
    const { rowCells, environmentView } = await import("../src/render.js");
    const row = {
      pageId: "p",
      url: "https://www.notion.so/qa3-0f1e",
      environment: "qa3](https://evil.example)",
      status: "Deployed | <b>",
      branch: "x` [Approve](https://evil.example) `y",
      pullRequest: "javascript:alert(1)",
      commit: undefined,
      deployedBy: "@acme/admins [click](https://evil.example)",
      deployedAt: undefined,
      reservedUntil: undefined,
      run: undefined,
      note: undefined,
    };
    const cells = rowCells(environmentView(row, 0, "Free"), "UTC");
    expect(cells).toEqual([
      "[qa3\\](https://evil.example)](https://www.notion.so/qa3-0f1e)",
      "Deployed | &lt;b&gt;",
      "@\u200bacme/admins \\[click\\](https://evil.example)",
      "``x` [Approve](https://evil.example) `y``",
      "javascript:alert(1)",
      "",
      // The Expired? column says "–" when the row has no reservation to expire.
      "–",
    ]);
  });
});
