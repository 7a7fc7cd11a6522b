import { afterEach, describe, expect, it } from "vitest";
import { outputsOf } from "../src/outputs.js";
import type { NotionEnvStatusResult } from "../src/result.js";
import { issueCommentEvent, REPO, type Scenario, scenario } from "./fixtures/scenario.js";

/**
 * Reservations no race can break (issue 26), through execute() with the real SDK over HTTP: the
 * Notion fake holds every write back so that concurrent runs' reads and writes overlap.
 */

let s: Scenario | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

/** A push-triggered deploy from `branch` (each its own claimant, as several repositories would be). */
function deployFrom(scene: Scenario, branch: string, values: Record<string, string> = {}) {
  return scene.run(
    { environment: "qa3", "on-conflict": "fail", ...values },
    {
      event: {
        name: "workflow_dispatch",
        payload: {},
        ref: `refs/heads/${branch}`,
        actor: branch.split("/")[1] ?? "alice",
      },
    },
  );
}

function winnersOf(results: NotionEnvStatusResult[]): NotionEnvStatusResult[] {
  return results.filter((result) => result.conflict === undefined && result.failure === undefined);
}

describe("concurrent claims for one environment", () => {
  it("five deploys with on-conflict: fail — exactly one takes qa3, the four others fail naming it", async () => {
    s = await scenario({ writeDelayMs: 15 });
    const scene = s;
    const branches = ["feature/a", "feature/b", "feature/c", "feature/d", "feature/e"];
    const results = await Promise.all(branches.map((branch) => deployFrom(scene, branch)));
    const winners = winnersOf(results);
    expect(winners).toHaveLength(1);
    const holder = scene.row("qa3")?.["Branch"];
    expect(winners[0]?.rows[0]?.branch).toBe(holder);
    for (const loser of results.filter((result) => result !== winners[0])) {
      expect(loser.conflict?.blocked).toBe(true);
      expect(loser.outcome).toContain(`qa3 is reserved by`);
      expect(loser.previousHolder?.branch).toBe(holder);
      expect(outputsOf(loser)).toMatchObject({ conflict: true });
    }
    // Every claim was withdrawn.
    expect(scene.notion.children(scene.pageId("qa3"))).toEqual([]);
  });

  it("an /env reserve and deploys from other branches: one wins, in any mode", async () => {
    s = await scenario({ writeDelayMs: 15 });
    const scene = s;
    scene.gh.seedPullRequest({ ...REPO, number: 7, headRefName: "feature/login" });
    const body = "/env reserve qa3";
    const id = scene.gh.seedIssueComment({ ...REPO, issueNumber: 7, body, user: "alice" })["id"] as number;
    const results = await Promise.all([
      scene.run({ mode: "command", "on-conflict": "fail" }, { event: issueCommentEvent(7, { id, body }) }),
      deployFrom(scene, "feature/b"),
      deployFrom(scene, "feature/c"),
    ]);
    const taken = results.filter(
      (result) => result.conflict === undefined && (result.answer === undefined || result.answer.verdict === "done"),
    );
    expect(taken).toHaveLength(1);
    const row = scene.row("qa3");
    const winnerBranch = taken[0]?.mode === "command" ? "feature/login" : taken[0]?.rows[0]?.branch;
    expect(row?.["Branch"]).toBe(winnerBranch);
    expect(scene.notion.children(scene.pageId("qa3"))).toEqual([]);
  });

  it("on-conflict: warn — every run writes in turn and each later one warns naming the one before", async () => {
    s = await scenario({ writeDelayMs: 15 });
    const scene = s;
    const results = await Promise.all(
      ["feature/a", "feature/b", "feature/c"].map((branch) => deployFrom(scene, branch, { "on-conflict": "warn" })),
    );
    // Serialised: one saw the row free, the others each a holder (none saw "free" after another wrote).
    expect(results.filter((result) => result.conflict === undefined)).toHaveLength(1);
    expect(results.filter((result) => result.conflict?.policy === "warn")).toHaveLength(2);
    const holders = results.flatMap((result) => (result.previousHolder?.branch ? [result.previousHolder.branch] : []));
    expect(new Set(holders).size).toBe(2);
  });

  it("a claim left by a dead run is ignored after the lease and deleted; the run then deploys", async () => {
    s = await scenario();
    const scene = s;
    scene.notion.seedParagraph(
      scene.pageId("qa3"),
      "⏳ sre-actions claim 00000000-dead ticket 1 — @ghost · feature/ghost · https://github.com/acme/app/actions/runs/1",
    );
    const result = await deployFrom(scene, "feature/a");
    expect(result.failure).toBeUndefined();
    expect(scene.row("qa3")?.["Branch"]).toBe("feature/a");
    expect(scene.log.text("warning")).toContain("Deleting a claim on qa3 unchanged for 2 minutes (its run died)");
    expect(scene.notion.children(scene.pageId("qa3"))).toEqual([]);
    // The wait was on the virtual clock: one lease, in polls of at most 2 s.
    expect(Math.max(...scene.clock.sleeps)).toBeLessThanOrEqual(30_000);
  });

  it("a refused deploy under on-conflict: fail takes no claim and makes no write", async () => {
    s = await scenario({ rows: { qa3: { status: "Deployed", branch: "feature/x", reservedUntil: "2099-01-01" } } });
    const result = await deployFrom(s, "feature/a");
    expect(result.conflict?.blocked).toBe(true);
    expect(s.notion.mutatingRequests()).toEqual([]);
  });

  it("two first deploys of a new environment settle on one row (real pauses: the tie is broken by time)", async () => {
    s = await scenario({ writeDelayMs: 15 });
    const scene = s;
    const results = await Promise.all(
      ["feature/a", "feature/b"].map((branch) =>
        scene.run(
          { environment: "qa42", "on-conflict": "fail" },
          { event: { name: "workflow_dispatch", payload: {}, ref: `refs/heads/${branch}` }, realClock: true },
        ),
      ),
    );
    const rows = scene.notion
      .pages(scene.dataSourceId)
      .filter((page) => JSON.stringify(page.properties["Environment"]).includes('"qa42"') && !page.in_trash);
    expect(rows).toHaveLength(1);
    expect(winnersOf(results)).toHaveLength(1);
  });
});
