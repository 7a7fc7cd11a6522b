import { environmentsSchema } from "@sre-actions/testkit/notion";
import { afterEach, describe, expect, it } from "vitest";
import { outputsOf } from "../src/outputs.js";
import { renderSummary } from "../src/summary.js";
import { type Scenario, scenario } from "./fixtures/scenario.js";

let s: Scenario | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

describe("schema check", () => {
  it("lists every problem with the expected type in one error, before any write", async () => {
    const schema = environmentsSchema();
    delete schema["Run"];
    schema["Deployed at"] = { type: "rich_text" };
    schema["Status"] = {
      type: "status",
      options: [
        { name: "Free", group: "To-do" },
        { name: "Busy", group: "In progress" },
      ],
    };
    s = await scenario({ schema });
    const result = await s.run({ environment: "qa3", "fail-on-error": "true" });
    expect(result.failure?.message).toBe(
      [
        "The Notion data source does not match what the action needs (3 problems):",
        '- column "Deployed at" (deployed-at) is Text; it must be Date',
        '- column "Run" (run) is missing: add it as URL or Text',
        '- status column "Status" has no option "Deployed" (it has "Free", "Busy"): the API cannot create status options, so add "Deployed" in Notion (click the column name → Edit property → Add option)',
      ].join("\n"),
    );
    expect(result.failure?.hint).toContain("property-map");
    expect(s.notion.mutatingRequests()).toEqual([]);
  });

  it("accepts the team's own column names through property-map, with optional columns switched off", async () => {
    s = await scenario({
      empty: true,
      schema: {
        Name: { type: "title" },
        State: { type: "select", options: ["free"] },
        "Git branch": { type: "rich_text" },
        Until: { type: "date" },
      },
    });
    const result = await s.run({
      environment: "qa3",
      "property-map": [
        "environment=Name",
        "status=State",
        "branch=Git branch",
        "reserved-until=Until",
        "pull-request=",
        "commit=",
        "deployed-by=",
        "deployed-at=",
        "run=",
        "note=",
      ].join("\n"),
    });
    expect(result.failure).toBeUndefined();
    const [page] = s.notion.pages(s.dataSourceId);
    expect(page?.properties).toMatchObject({
      Name: { title: [{ plain_text: "qa3" }] },
      State: { select: { name: "Deployed" } },
      "Git branch": { rich_text: [{ plain_text: "feature/login" }] },
      Until: { date: { start: "2026-11-28T09:00:00.000+00:00" } },
    });
    // A select column gets the option on first write; the existing spelling is reused for Free.
    const release = await s.run({
      mode: "release",
      environment: "qa3",
      "property-map":
        "environment=Name\nstatus=State\nbranch=Git branch\nreserved-until=Until\npull-request=\ncommit=\ndeployed-by=\ndeployed-at=\nrun=\nnote=",
    });
    expect(release.outcome).toContain("Released qa3");
    expect(s.notion.pages(s.dataSourceId)[0]?.properties["State"]).toMatchObject({ select: { name: "free" } });
  });
});

describe("data sources", () => {
  it("several data sources and no data-source input: names them", async () => {
    s = await scenario({ extraDataSource: true });
    const result = await s.run({ environment: "qa3" });
    expect(result.failure?.message).toMatch(
      /^The database has 2 data sources: "Environments" \([\w-]+\), "Archive" \([\w-]+\)\. Say which one to use\.$/,
    );
    expect(s.log.text("warning")).toContain("Set the data-source input");
    const named = await s.run({ environment: "qa3", "data-source": "environments" });
    expect(named.failure).toBeUndefined();
    expect(s.row("qa3")?.["Status"]).toBe("Deployed");
  });

  it("a data-source ID of another database is refused", async () => {
    s = await scenario();
    const other = s.notion.seedDatabase({
      title: "Other",
      dataSources: [{ name: "X", properties: environmentsSchema() }],
    });
    const result = await s.run({ environment: "qa3", "data-source": other.dataSourceId });
    expect(result.failure?.message).toContain(`does not belong to database ${s.databaseId}`);
    expect(s.notion.mutatingRequests()).toEqual([]);
  });
});

describe("Notion failures", () => {
  it("404: says the database is not shared with the integration and how to share it", async () => {
    s = await scenario();
    s.notion.unshare(s.databaseId);
    const result = await s.run({ environment: "qa3" });
    expect(result.failure?.message).toBe(
      `Notion cannot find database ${s.databaseId}: the database is not shared with the integration (or the ID is wrong).`,
    );
    expect(result.failure?.hint).toContain("Connections → add your integration");
  });

  it("fail-on-error false: a warning annotation, outputs still written, the step goes on", async () => {
    s = await scenario();
    s.notion.unshare(s.databaseId);
    const result = await s.run({ environment: "qa3" });
    expect(s.log.lines.filter((line) => line.level === "warning").map((line) => line.message)[0]).toMatch(
      /^Notion cannot find database .*\nHint: Open the database in Notion .*\nThe step goes on \(fail-on-error: false\)\.$/s,
    );
    expect(outputsOf(result)).toMatchObject({ conflict: false, "page-id": undefined });
    expect(renderSummary(result)).toContain("**Notion was not updated:**");
    expect(s.last?.failure).toBeUndefined();
  });

  it("fail-on-error true: no warning (main turns the failure into the step's error)", async () => {
    s = await scenario();
    s.notion.unshare(s.databaseId);
    const result = await s.run({ environment: "qa3", "fail-on-error": "true" });
    expect(result.failure).toBeDefined();
    expect(s.log.text("warning")).toBe("");
    expect(s.last?.failure?.message).toContain("not shared with the integration");
    expect(s.last?.failure?.hint).toContain("Connections → add your integration");
  });

  it("429 with Retry-After: the SDK waits as told, then succeeds", async () => {
    s = await scenario();
    s.notion.rateLimit(2, 30, "dataSources.query");
    const result = await s.run({ environment: "qa3" });
    expect(result.failure).toBeUndefined();
    expect(s.clock.sleeps).toEqual([30_000, 30_000]);
    expect(s.row("qa3")?.["Status"]).toBe("Deployed");
    expect(s.notion.requests.filter((request) => request.status === 429)).toHaveLength(2);
  });

  it("529 service_overload: retried by the SDK", async () => {
    s = await scenario();
    s.notion.overload(1, "pages.update");
    const result = await s.run({ environment: "qa3" });
    expect(result.failure).toBeUndefined();
    expect(s.clock.sleeps).toHaveLength(1);
    expect(s.row("qa3")?.["Status"]).toBe("Deployed");
  });

  it("409 conflict_error on the write: reads the row again and writes again", async () => {
    s = await scenario();
    s.notion.conflict(1, "pages.update");
    const result = await s.run({ environment: "qa3" });
    expect(result.failure).toBeUndefined();
    expect(s.notion.operationCounts()).toMatchObject({ "dataSources.query": 2, "pages.update": 2 });
    expect(s.clock.sleeps).toEqual([1_000]);
    expect(s.log.text("info")).toContain("reading the row again in 1s");
    expect(s.row("qa3")?.["Status"]).toBe("Deployed");
  });

  it("504 gateway_timeout on the query: retried with backoff", async () => {
    s = await scenario();
    s.notion.gatewayTimeout(2, "dataSources.query");
    const result = await s.run({ environment: "qa3" });
    expect(result.failure).toBeUndefined();
    expect(s.clock.sleeps).toEqual([1_000, 2_000]);
  });

  it("gives up after 4 attempts of 409 and reports it", async () => {
    s = await scenario();
    s.notion.conflict(10, "pages.update");
    const result = await s.run({ environment: "qa3" });
    expect(result.failure?.message).toMatch(/^Notion 409 conflict_error for page [\w-]+: Conflict occurred/);
    expect(s.notion.operationCounts()["pages.update"]).toBe(4);
  });

  it("a rejected token says which secret to check", async () => {
    s = await scenario();
    const result = await s.run({ environment: "qa3", "notion-token": "ntn_wrong" });
    expect(result.failure?.message).toBe("Notion rejected the token (401 unauthorized).");
  });
});
