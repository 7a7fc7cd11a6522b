import { notionProps } from "@sre-actions/testkit/notion";
import { afterEach, describe, expect, it } from "vitest";
import { outputsOf } from "../src/outputs.js";
import { renderSummary } from "../src/summary.js";
import { DAY, pullRequestEvent, type Scenario, START, scenario } from "./fixtures/scenario.js";

let s: Scenario | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});
const start = Date.parse(START);
const iso = (ms: number) => new Date(ms).toISOString();
/** The reserved-until output: the value written to the row (whole seconds, the zone's offset; Z for UTC). */
const written = (ms: number) => iso(ms).replace(".000Z", "Z");
const PR7 = "https://github.com/acme/app/pull/7";

describe("deploy", () => {
  it("updates the existing row in one write under its claim: 9 calls after the data source is resolved", async () => {
    s = await scenario();
    const result = await s.run({ environment: "qa3" });
    expect(result.failure).toBeUndefined();
    expect(s.notion.requests.map((request) => request.operation)).toEqual([
      "databases.retrieve",
      "dataSources.retrieve",
      "dataSources.query",
      "blocks.children.append",
      "blocks.children.list",
      "blocks.update",
      "blocks.children.list",
      "pages.retrieve",
      "pages.update",
      "blocks.delete",
    ]);
    expect(s.notion.children(s.pageId("qa3"))).toEqual([]);
    expect(result.apiCallsAfterResolve).toBe(9);
    expect(s.log.text("info")).toContain("Notion API calls: 10 (9 after resolving the data source)");
    expect(s.row("qa3")).toMatchObject({
      Status: "Deployed",
      Branch: "feature/login",
      "Pull request": null,
      Commit: "1f2e3d4",
      "Deployed by": [],
      "Deployed at": "2026-11-25T09:00:00.000+00:00",
      "Reserved until": "2026-11-28T09:00:00.000+00:00",
      Run: "https://github.com/acme/app/actions/runs/9876543210",
    });
    const outputs = outputsOf(result);
    expect(outputs).toMatchObject({ "page-id": s.pageId("qa3"), conflict: false, holder: undefined });
    expect(outputs["reserved-until"]).toBe(written(start + 3 * DAY));
    expect(renderSummary(result)).toContain("Updated qa3: Deployed");
  });

  it("creates the row when the environment has none, under the data source", async () => {
    s = await scenario();
    const result = await s.run({ environment: "qa11", "deploy-status": "deploying" });
    expect(result.created).toBe(true);
    const create = s.notion.mutatingRequests().find((request) => request.operation === "pages.create");
    expect(create?.body).toMatchObject({ parent: { type: "data_source_id", data_source_id: s.dataSourceId } });
    // A bare row first (two runs creating it at once settle on one, see new-row.ts), then the write under its claim.
    expect(create?.body).toEqual({
      parent: { type: "data_source_id", data_source_id: s.dataSourceId },
      properties: { Environment: { title: [{ type: "text", text: { content: "qa11" } }] } },
    });
    expect(s.row("qa11")).toMatchObject({ Environment: "qa11", Status: "Deploying", Branch: "feature/login" });
    expect(s.notion.operationCounts()["pages.update"]).toBe(1);
  });

  it("skips databases.retrieve when data-source is an ID: 9 calls in all", async () => {
    s = await scenario();
    await s.run({ environment: "qa3", "data-source": s.dataSourceId });
    expect(s.notion.requests).toHaveLength(9);
    expect(s.row("qa3")?.["Status"]).toBe("Deployed");
  });

  it("the holder redeploys without conflict and moves the reservation", async () => {
    s = await scenario({
      rows: {
        qa3: {
          status: "Deployed",
          branch: "feature/login",
          reservedUntil: iso(start + DAY),
          deployedAt: iso(start - DAY),
        },
      },
    });
    const result = await s.run({ environment: "qa3", "reserve-for": "5d" });
    expect(result.conflict).toBeUndefined();
    expect(outputsOf(result)).toMatchObject({ conflict: false, holder: undefined });
    expect(s.row("qa3")?.["Reserved until"]).toBe("2026-11-30T09:00:00.000+00:00");
    expect(s.log.text("warning")).toBe("");
  });

  it("an expired reservation by someone else is no conflict (holder output says who it was)", async () => {
    s = await scenario({
      rows: { qa3: { status: "Deployed", branch: "feature/cart", reservedUntil: iso(start - 60_000) } },
    });
    const result = await s.run({ environment: "qa3", "on-conflict": "fail" });
    expect(result.conflict).toBeUndefined();
    expect(outputsOf(result).holder).toBe("feature/cart");
    expect(s.row("qa3")?.["Branch"]).toBe("feature/login");
  });

  it("a date-only reserved-until lasts to the end of that day", async () => {
    s = await scenario({ rows: { qa3: { status: "Deployed", branch: "feature/cart", reservedUntil: "2026-11-25" } } });
    const result = await s.run({ environment: "qa3" });
    expect(result.conflict?.holder.branch).toBe("feature/cart");
  });
});

describe("conflicts", () => {
  const held = {
    status: "Deployed",
    branch: "feature/cart",
    pullRequest: PR7,
    reservedUntil: iso(start + DAY),
    deployedAt: iso(start - DAY),
  };

  it("warn: writes the row, warns with holder, since and until, records the holder in the note", async () => {
    s = await scenario({ rows: { qa3: held } });
    const result = await s.run({ environment: "qa3" });
    expect(result.conflict).toMatchObject({
      policy: "warn",
      blocked: false,
      holder: { branch: "feature/cart", pullRequest: PR7 },
    });
    expect(s.log.text("warning")).toMatch(
      /qa3 is reserved by feature\/cart \(https:\/\/github.com\/acme\/app\/pull\/7\) since 2026-11-24T09:00:00Z until 2026-11-26T09:00:00Z: https:\/\/www.notion.so\/qa3-\w+\. Deploying over it/,
    );
    expect(s.row("qa3")).toMatchObject({ Branch: "feature/login", "Pull request": null });
    expect(s.row("qa3")?.["Note"]).toContain("Taken over from feature/cart (https://github.com/acme/app/pull/7)");
    expect(outputsOf(result)).toMatchObject({ conflict: true, holder: `feature/cart (${PR7})` });
    const summary = renderSummary(result);
    expect(summary).toContain(
      "**Reserved by someone else:** branch `feature/cart`, [#7](https://github.com/acme/app/pull/7) since 2026-11-24 09:00 UTC until 2026-11-26 09:00 UTC",
    );
  });

  it("fail: writes nothing, says who holds it", async () => {
    s = await scenario({ rows: { qa3: held } });
    const result = await s.run({ environment: "qa3", "on-conflict": "fail" });
    expect(result.conflict?.blocked).toBe(true);
    expect(s.notion.mutatingRequests()).toEqual([]);
    expect(s.log.text("error")).toContain("qa3 is reserved by feature/cart");
    expect(result.outcome).toContain("Not deployed: qa3 is reserved by feature/cart");
    expect(s.row("qa3")?.["Branch"]).toBe("feature/cart");
    // execute hands main the step's failure, after outputs and summary.
    expect(s.last?.failure?.message).toBe(`Not deployed: qa3 is reserved by feature/cart (${PR7}) (on-conflict: fail)`);
    expect(s.last?.failure?.hint).toContain("Ask the holder");
    expect(s.last?.outputs).toMatchObject({ conflict: true });
  });

  it("override: takes it over without a warning and records the previous holder in the note", async () => {
    s = await scenario({ rows: { qa3: held } });
    const result = await s.run({ environment: "qa3", "on-conflict": "override" });
    expect(result.conflict?.policy).toBe("override");
    expect(s.log.text("warning")).toBe("");
    expect(s.row("qa3")).toMatchObject({ Branch: "feature/login" });
    expect(s.row("qa3")?.["Note"]).toBe(
      `Taken over from feature/cart (${PR7}) (reserved until 2026-11-26T09:00:00Z) by @alice at 2026-11-25T09:00:00Z`,
    );
  });

  it("the same PR from another branch name is still the holder", async () => {
    s = await scenario({ rows: { qa3: held } });
    const result = await s.run(
      { environment: "qa3" },
      { event: pullRequestEvent("synchronize", 7, "feature/cart-v2") },
    );
    expect(result.conflict).toBeUndefined();
  });

  it("truncates a note over 2000 characters with an ellipsis", async () => {
    s = await scenario();
    // Notion caps each text item at 2000 characters, not the cell: a hand-edited branch can be longer.
    s.notion.seedPage(s.dataSourceId, {
      Environment: notionProps.title("qa12"),
      Status: notionProps.status("Deployed"),
      Branch: { rich_text: [{ text: { content: "x".repeat(1500) } }, { text: { content: "y".repeat(1000) } }] },
      "Reserved until": notionProps.date(iso(start + DAY)),
    });
    await s.run({ environment: "qa12", "on-conflict": "override" });
    const note = String(s.row("qa12")?.["Note"]);
    expect(note).toHaveLength(2000);
    expect(note.startsWith("Taken over from xxx")).toBe(true);
    expect(note.endsWith("y…")).toBe(true);
  });
});

describe("reserved-until output", () => {
  it("is the value written to the row: whole seconds, the offset of the timezone input", async () => {
    s = await scenario();
    s.clock.advance(456);
    const result = await s.run({ environment: "qa3", "reserve-for": "1d" });
    const output = String(outputsOf(result)["reserved-until"]);
    expect(output).toBe("2026-11-26T09:00:00Z");
    const tokyo = await s.run({ environment: "qa4", "reserve-for": "1d", timezone: "Asia/Tokyo" });
    expect(outputsOf(tokyo)["reserved-until"]).toBe("2026-11-26T18:00:00+09:00");
    const patch = s.notion
      .mutatingRequests()
      .filter((request) => request.operation === "pages.update")
      .at(-1)?.body as { properties: { "Reserved until": { date: { start: string } } } };
    expect(patch.properties["Reserved until"].date.start).toBe("2026-11-26T18:00:00+09:00");
    expect(Date.parse(output)).toBe(Date.parse(String(s.row("qa3")?.["Reserved until"])));
  });
});
