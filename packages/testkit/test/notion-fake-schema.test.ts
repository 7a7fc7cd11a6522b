import { APIResponseError, Client } from "@notionhq/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../src/index.js";
import { environmentsSchema, NOTION_FAKE_TOKEN, NOTION_FAKE_VERSION, NotionFake } from "../src/notion/index.js";

// Creating databases and changing columns, as the reference describes them ("Create a database",
// "Update data source properties"); the OpenAPI file types column definitions as a bare object.
async function rejection(promise: Promise<unknown>): Promise<APIResponseError> {
  try {
    await promise;
  } catch (error) {
    if (APIResponseError.isAPIResponseError(error)) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

describe("NotionFake: databases and columns", () => {
  let fake: NotionFake;
  let notion: Client;
  let parent: string;

  beforeEach(async () => {
    fake = await new NotionFake({ clock: new VirtualClock("2026-11-25T09:00:00Z") }).start();
    notion = new Client({
      auth: NOTION_FAKE_TOKEN,
      notionVersion: NOTION_FAKE_VERSION,
      baseUrl: fake.url,
      retry: false,
      logger: () => {},
    });
    parent = fake.seedParentPage({ title: "Platform" });
  });
  afterEach(async () => {
    await fake.stop();
  });

  it("creates a database under a page with its first data source, listed as a child_database block", async () => {
    const database = await notion.databases.create({
      parent: { type: "page_id", page_id: parent },
      title: [{ type: "text", text: { content: "Environments" } }],
      initial_data_source: {
        properties: { Environment: { title: {} }, Status: { select: { options: [{ name: "Free", color: "green" }] } } },
      },
    });
    if (!("data_sources" in database)) throw new Error("expected a full database");
    expect(database.parent).toEqual({ type: "page_id", page_id: parent });
    const [source] = database.data_sources;
    const dataSource = await notion.dataSources.retrieve({ data_source_id: source?.id ?? "" });
    expect(Object.keys(dataSource.properties)).toEqual(["Environment", "Status"]);
    const children = await notion.blocks.children.list({ block_id: parent });
    expect(children.results).toEqual([
      expect.objectContaining({ id: database.id, type: "child_database", child_database: { title: "Environments" } }),
    ]);
  });

  it("adds a Name title column when none is given", async () => {
    const database = await notion.databases.create({
      parent: { type: "page_id", page_id: parent },
      initial_data_source: { properties: {} },
    });
    const id = "data_sources" in database ? database.data_sources[0]?.id : undefined;
    expect(Object.keys(fake.dataSource(id ?? "")?.properties ?? {})).toEqual(["Name"]);
  });

  it("refuses status columns (the API cannot create them), unknown keys and unshared parents", async () => {
    const status = await rejection(
      notion.databases.create({
        parent: { type: "page_id", page_id: parent },
        initial_data_source: { properties: { Name: { title: {} }, Status: { status: {} } } },
      }),
    );
    expect([status.status, status.code, status.message]).toEqual([
      400,
      "validation_error",
      "Creating new status database properties is currently not supported.",
    ]);
    const unknown = await rejection(
      notion.request({ method: "post", path: "databases", body: { parent: { page_id: parent }, properties: {} } }),
    );
    expect(unknown.code).toBe("validation_error");
    fake.unshare(parent);
    const hidden = await rejection(notion.databases.create({ parent: { type: "page_id", page_id: parent } }));
    expect(hidden.code).toBe("object_not_found");
    expect(fake.databasesUnder(parent)).toEqual([]);
  });

  describe("PATCH /v1/data_sources/{id}", () => {
    let dataSourceId: string;
    beforeEach(() => {
      const schema = environmentsSchema();
      schema["Kind"] = { type: "select", options: [{ name: "web", color: "blue" }, "batch"] };
      dataSourceId = fake.seedDatabase({
        title: "Envs",
        dataSources: [{ name: "Envs", properties: schema }],
      }).dataSourceId;
    });
    const names = () => Object.keys(fake.dataSource(dataSourceId)?.properties ?? {});
    const options = () => {
      const kind = fake.dataSource(dataSourceId)?.properties["Kind"];
      return kind?.type === "select" ? kind.select.options.map((option) => [option.name, option.color]) : [];
    };

    it("adds columns, renames and removes them", async () => {
      await notion.dataSources.update({
        data_source_id: dataSourceId,
        properties: { Owner: { rich_text: {} }, Note: { name: "Notes" }, Run: null },
      });
      expect(names()).toEqual([
        "Environment",
        "Status",
        "Branch",
        "Pull request",
        "Commit",
        "Deployed by",
        "Deployed at",
        "Reserved until",
        "Notes",
        "Kind",
        "Owner",
      ]);
    });

    it("replaces a select's options: omitted ones go, new ones come, an existing colour cannot change", async () => {
      await notion.dataSources.update({
        data_source_id: dataSourceId,
        properties: { Kind: { select: { options: [{ name: "web" }, { name: "worker", color: "red" }] } } },
      });
      expect(options()).toEqual([
        ["web", "blue"],
        ["worker", "red"],
      ]);
      const recolour = await rejection(
        notion.dataSources.update({
          data_source_id: dataSourceId,
          properties: { Kind: { select: { options: [{ name: "web", color: "green" }] } } },
        }),
      );
      expect(recolour.message).toBe("Cannot update color of select with name: web.");
    });

    it("refuses status options and status columns, and leaves the schema as it was", async () => {
      const before = fake.dataSource(dataSourceId);
      const options = await rejection(
        notion.dataSources.update({
          data_source_id: dataSourceId,
          properties: { Status: { status: { options: [{ name: "Parked" }] } } },
        }),
      );
      expect(options.message).toBe(
        "It's not possible to update the name or options values of a status property via the API.",
      );
      const column = await rejection(
        notion.dataSources.update({
          data_source_id: dataSourceId,
          properties: { Owner: { rich_text: {} }, Phase: { status: {} } },
        }),
      );
      expect(column.code).toBe("validation_error");
      expect(fake.dataSource(dataSourceId)).toEqual(before);
    });
  });
});
