import { MemoryLogger } from "@sre-actions/core";
import { reportedFailure, VirtualClock } from "@sre-actions/testkit";
import { environmentsSchema, NOTION_FAKE_TOKEN, NotionFake, notionProps } from "@sre-actions/testkit/notion";
import { afterEach, describe, expect, it } from "vitest";
import { expandEnvironments } from "../src/environment-list.js";
import { execute } from "../src/execute.js";
import { contextOf, ENVIRONMENTS, fakeDeps, plainProperties, START, testInputs } from "./fixtures/scenario.js";

// mode setup against the Notion fake, which checks every request against Notion's OpenAPI
// description (POST /v1/databases added from the reference) and column definitions the way the
// reference documents them (no status columns or status options through the API).
let notion: NotionFake | undefined;
afterEach(async () => {
  await notion?.stop();
  notion = undefined;
});

async function world() {
  const clock = new VirtualClock(START);
  notion = await new NotionFake({ clock }).start();
  const fake = notion;
  const parent = fake.seedParentPage({ title: "Platform" });
  const log = new MemoryLogger();
  const run = async (values: Record<string, string>) => {
    const inputs = testInputs({ "notion-token": NOTION_FAKE_TOKEN, ...values }, clock.now());
    const deps = fakeDeps({
      notionUrl: fake.url,
      notionToken: NOTION_FAKE_TOKEN,
      clock,
      log,
      context: contextOf(undefined),
    });
    return execute(inputs, { ...deps, github: undefined });
  };
  const rowsOf = (dataSourceId: string) =>
    fake.pages(dataSourceId).map((page) => plainProperties(page.properties) as Record<string, unknown>);
  return { clock, fake, parent, log, run, rowsOf };
}

const parentUrl = (id: string) => `https://www.notion.so/acme/Platform-${id.replace(/-/g, "")}`;

describe("mode setup: a new database under parent-page", () => {
  it("creates every column the action uses, Status as a select with its five options, and one Free row per environment", async () => {
    const w = await world();
    const run = await w.run({ mode: "setup", "parent-page": parentUrl(w.parent) });
    expect(run.failure).toBeUndefined();
    const [database] = w.fake.databasesUnder(w.parent);
    expect(database?.title).toBe("Environments");
    const dataSource = w.fake.dataSource(database?.dataSourceIds[0] ?? "");
    const types = Object.fromEntries(
      Object.entries(dataSource?.properties ?? {}).map(([name, config]) => [name, config.type]),
    );
    expect(types).toEqual({
      Environment: "title",
      Status: "select",
      Branch: "rich_text",
      "Pull request": "url",
      Commit: "rich_text",
      "Deployed by": "rich_text", // no user-map: the action writes @login
      "Deployed at": "date",
      "Reserved until": "date",
      Run: "url",
      Note: "rich_text",
    });
    const status = dataSource?.properties["Status"];
    expect(status?.type === "select" && status.select.options.map((option) => option.name)).toEqual([
      "Free",
      "Reserved",
      "Deploying",
      "Deployed",
      "Failed",
    ]);
    const rows = w.rowsOf(database?.dataSourceIds[0] ?? "");
    expect(rows.map((row) => row["Environment"])).toEqual(ENVIRONMENTS);
    expect(new Set(rows.map((row) => row["Status"]))).toEqual(new Set(["Free"]));
    expect(run.outputs.database).toBe(`https://www.notion.so/${database?.id.replace(/-/g, "")}`);
    expect(run.summary).toContain(`gh variable set NOTION_ENVIRONMENTS_DATABASE --body "${run.outputs.database}"`);
    expect(w.log.text()).toContain(
      `Set the repository variable NOTION_ENVIRONMENTS_DATABASE to ${run.outputs.database}`,
    );
    // One create, one column check, one read of the board, then the rows.
    expect(w.fake.operationCounts()).toMatchObject({ "databases.create": 1, "pages.create": 11 });
    expect(w.fake.operationCounts()["dataSources.update"]).toBeUndefined();
  });

  it("leaves a board the other modes use at once: deploy qa3, then reserve by a Person column with user-map", async () => {
    const w = await world();
    const setup = await w.run({ mode: "setup", "parent-page": w.parent });
    const database = String(setup.outputs.database);
    const deploy = await w.run({ database, environment: "qa3", "deploy-status": "deploying", "fail-on-error": "true" });
    expect(deploy.failure).toBeUndefined();
    expect(deploy.result.rows[0]).toMatchObject({ environment: "qa3", status: "Deploying", deployedBy: "@alice" });
  });

  it("a second run changes nothing (reads only) and reports the same database", async () => {
    const w = await world();
    const first = await w.run({ mode: "setup", "parent-page": w.parent });
    const before = w.fake.requests.length;
    const second = await w.run({ mode: "setup", "parent-page": w.parent });
    const after = w.fake.requests.slice(before);
    expect(after.filter((request) => request.mutating)).toEqual([]);
    // The README's figures: 16 requests for 11 environments, then 4 reads.
    expect(before).toBe(16);
    expect(after.map((request) => request.operation)).toEqual([
      "blocks.children.list",
      "databases.retrieve",
      "dataSources.retrieve",
      "dataSources.query",
    ]);
    expect(second.outputs.database).toBe(first.outputs.database);
    expect(second.result.outcome).toBe("The environments database already has every column and row: nothing changed");
    expect(second.summary).toContain("already there");
    expect(w.fake.databasesUnder(w.parent)).toHaveLength(1);
  });

  it.each(["500", "reset"] as const)("a lost answer to the database create (%s) makes one database", async (how) => {
    const w = await world();
    w.fake.loseResponse("databases.create", how === "reset" ? "reset" : undefined);
    const run = await w.run({ mode: "setup", "parent-page": w.parent });
    expect(run.failure).toBeUndefined();
    expect(w.fake.databasesUnder(w.parent)).toHaveLength(1);
    expect(w.fake.operationCounts()["databases.create"]).toBe(1);
    expect(w.log.text()).toContain("was lost, but it was applied");
    expect(w.rowsOf(w.fake.databasesUnder(w.parent)[0]?.dataSourceIds[0] ?? "")).toHaveLength(11);
  });

  it("a lost answer to a row create makes that row once", async () => {
    const w = await world();
    w.fake.loseResponse("pages.create", "reset");
    await w.run({ mode: "setup", "parent-page": w.parent, environments: "qa1..qa3" });
    const rows = w.rowsOf(w.fake.databasesUnder(w.parent)[0]?.dataSourceIds[0] ?? "");
    expect(rows.map((row) => row["Environment"])).toEqual(["qa1", "qa2", "qa3"]);
  });

  it("honours property-map (names, switched-off columns) and user-map (Deployed by as a Person column)", async () => {
    const w = await world();
    await w.run({
      mode: "setup",
      "parent-page": w.parent,
      environments: "dev, staging",
      "property-map": "status=State\nnote=\ncommit=",
      "user-map": "alice=alice@example.com",
    });
    const [database] = w.fake.databasesUnder(w.parent);
    const properties = w.fake.dataSource(database?.dataSourceIds[0] ?? "")?.properties ?? {};
    expect(Object.keys(properties)).not.toContain("Note");
    expect(Object.keys(properties)).not.toContain("Commit");
    expect(properties["State"]?.type).toBe("select");
    expect(properties["Deployed by"]?.type).toBe("people");
    expect(w.rowsOf(database?.dataSourceIds[0] ?? "").map((row) => [row["Environment"], row["State"]])).toEqual([
      ["dev", "Free"],
      ["staging", "Free"],
    ]);
  });

  it("a parent page the integration cannot see fails the step, naming the page, with nothing created", async () => {
    const w = await world();
    w.fake.unshare(w.parent);
    const run = await w.run({ mode: "setup", "parent-page": w.parent });
    expect(run.failure?.message).toContain(`Notion cannot find page ${w.parent}`);
    expect(w.fake.mutatingRequests()).toEqual([]);
  });
});

describe("mode setup: an existing database", () => {
  async function seeded(schema: Parameters<NotionFake["seedDatabase"]>[0]["dataSources"][0]["properties"]) {
    const w = await world();
    const db = w.fake.seedDatabase({ title: "Envs", dataSources: [{ name: "Envs", properties: schema }] });
    return { ...w, db };
  }

  it("adds the missing columns and rows, lists what it cannot fix, and never deletes, renames or retypes", async () => {
    const schema = environmentsSchema();
    delete schema["Run"];
    delete schema["Deployed at"];
    schema["Note"] = { type: "number" }; // wrong type: a person must decide
    schema["Owner"] = { type: "rich_text" }; // the team's own column
    if (schema["Status"]?.type === "status")
      schema["Status"].options = schema["Status"].options.filter((o) => o.name !== "Reserved");
    const w = await seeded(schema);
    w.fake.seedPage(w.db.dataSourceId, {
      Environment: notionProps.title("qa1"),
      Status: notionProps.status("Deployed"),
    });
    const run = await w.run({ mode: "setup", database: w.db.databaseId });
    const properties = w.fake.dataSource(w.db.dataSourceId)?.properties ?? {};
    expect(properties["Run"]?.type).toBe("url");
    expect(properties["Deployed at"]?.type).toBe("date");
    expect(properties["Note"]?.type).toBe("number");
    expect(properties["Owner"]?.type).toBe("rich_text");
    expect(run.failure?.message).toContain("Setup could not fix 2 things in the database:");
    expect(run.failure?.message).toContain('status column "Status" lacks the options "Reserved"');
    expect(run.failure?.message).toContain('column "Note" (note) is number');
    const rows = w.rowsOf(w.db.dataSourceId);
    expect(rows.map((row) => row["Environment"])).toEqual(ENVIRONMENTS);
    expect(rows[0]?.["Status"]).toBe("Deployed"); // qa1 was there: left as it was
    expect(run.summary).toContain("cannot fix");
    const update = w.fake.requests.filter((request) => request.operation === "dataSources.update");
    expect(update).toHaveLength(1);
    const sent = update[0]?.body as { properties: object } | undefined;
    expect(Object.keys(sent?.properties ?? {}).sort()).toEqual(["Deployed at", "Run"]);
  });

  it("adds the missing options to a select Status, keeping the team's own options", async () => {
    const schema = environmentsSchema();
    schema["Status"] = { type: "select", options: [{ name: "free", color: "gray" }, "Parked"] };
    const w = await seeded(schema);
    const run = await w.run({ mode: "setup", database: w.db.databaseId, environments: "qa1" });
    expect(run.failure).toBeUndefined();
    const status = w.fake.dataSource(w.db.dataSourceId)?.properties["Status"];
    expect(status?.type === "select" && status.select.options.map((option) => [option.name, option.color])).toEqual([
      ["free", "gray"],
      ["Parked", expect.any(String)],
      ["Reserved", "yellow"],
      ["Deploying", "blue"],
      ["Deployed", "purple"],
      ["Failed", "red"],
    ]);
    expect(w.rowsOf(w.db.dataSourceId)).toEqual([expect.objectContaining({ Environment: "qa1", Status: "free" })]);
  });

  it("a title column with another name is reported with the property-map to use", async () => {
    const schema = environmentsSchema();
    delete schema["Environment"];
    const w = await seeded({ Name: { type: "title" }, ...schema });
    const run = await w.run({ mode: "setup", database: w.db.databaseId });
    expect(run.failure?.message).toContain(
      'the title column is "Name", not "Environment": set property-map to environment=Name',
    );
    const fixed = await w.run({ mode: "setup", database: w.db.databaseId, "property-map": "environment=Name" });
    expect(fixed.failure).toBeUndefined();
    expect(w.rowsOf(w.db.dataSourceId)).toHaveLength(11);
  });
});

describe("mode setup: inputs", () => {
  const now = Date.parse(START);
  const base = { "notion-token": NOTION_FAKE_TOKEN, mode: "setup" };
  it.each([
    [{}, 'Input "parent-page" is required when mode is setup and no database is given'],
    [
      { "parent-page": "Platform" },
      'Input "parent-page" must be a Notion page URL or ID (32 hex digits); got "Platform"',
    ],
    [
      { "parent-page": "1a2b3c4d5e6f708192a3b4c5d6e7f809", database: "0f1e2d3c4b5a69788796a5b4c3d2e1f0" },
      'Input "parent-page" cannot be combined with database',
    ],
    [
      { "parent-page": "1a2b3c4d5e6f708192a3b4c5d6e7f809", environments: "qa10..qa1" },
      'Input "environments" "qa10..qa1" counts down; write qa1..qa10',
    ],
  ])("%j is refused", (values, message) => {
    expect(() => testInputs({ ...base, ...values }, now)).toThrow(message);
  });

  it("database stays required by every other mode", () => {
    expect(() => testInputs({ "notion-token": NOTION_FAKE_TOKEN, environment: "qa3" }, now)).toThrow(
      'Input "database" is required',
    );
  });
});

describe("mode setup: odd values are one clear input error each", () => {
  const KB10 = "q".repeat(10_240);
  const PAGE = "1a2b3c4d5e6f708192a3b4c5d6e7f809";
  it.each([
    ["parent-page", "Platform"],
    ["parent-page", "https://www.notion.so/acme/Platform"],
    ["parent-page", KB10],
    ["parent-page", "1a2b3c4d\n5e6f708192a3b4c5d6e7f809"],
    ["environments", "qa1.."],
    ["environments", "qa10..qa1"],
    ["environments", "qa1..qa5000"],
    ["environments", "qa1..pp3"],
    ["environments", KB10],
    ["environments", "qa1,qa\u00002"],
    ["environments", ",,"],
  ])("%s, case %#", (input, value) => {
    let error: unknown;
    try {
      testInputs(
        { "notion-token": NOTION_FAKE_TOKEN, mode: "setup", "parent-page": PAGE, [input]: value },
        Date.parse(START),
      );
    } catch (caught) {
      error = caught;
    }
    const reported = reportedFailure(error);
    expect(reported.errors).toHaveLength(1);
    expect(reported.errors[0]).toContain(`Input "${input}"`);
    expect(reported.errors[0]).toContain(", e.g. ");
    expect(reported.output).not.toMatch(/Unexpected error|\n\s+at /);
  });
});

describe("expandEnvironments", () => {
  it.each([
    ["qa1..qa10,pre-prod", ["qa1", "qa2", "qa3", "qa4", "qa5", "qa6", "qa7", "qa8", "qa9", "qa10", "pre-prod"]],
    ["qa01..qa03", ["qa01", "qa02", "qa03"]],
    ["dev\nstaging, dev", ["dev", "staging"]],
    ["qa1..3", ["qa1", "qa2", "qa3"]],
  ])("%j", (text, names) => {
    expect(expandEnvironments(text)).toEqual({ names });
  });

  it.each([
    ["qa1..pp3", "mixes two prefixes"],
    ["qa1..qa500", "names 500 environments; at most 100"],
    ["qa..", "is not a range"],
    [" , ", "names no environment"],
  ])("%j is refused", (text, problem) => {
    expect(expandEnvironments(text)).toEqual({ problem: expect.stringContaining(problem) });
  });
});
