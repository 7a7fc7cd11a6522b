import { APIResponseError, Client, type PageObjectResponse } from "@notionhq/client";
import { createNotionClient } from "@sre-actions/core/notion";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../src/index.js";
import {
  environmentsSchema,
  NOTION_FAKE_TOKEN,
  NOTION_FAKE_VERSION,
  NotionFake,
  notionProps as p,
  type SeededDatabase,
} from "../src/notion/index.js";

const silent = () => {};

function sdk(fake: NotionFake, auth = NOTION_FAKE_TOKEN, notionVersion: string = NOTION_FAKE_VERSION): Client {
  return new Client({ auth, notionVersion, baseUrl: fake.url, retry: false, logger: silent });
}

async function rejection(promise: Promise<unknown>): Promise<APIResponseError> {
  try {
    await promise;
  } catch (error) {
    if (APIResponseError.isAPIResponseError(error)) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

function titleOf(page: PageObjectResponse): string {
  const title = page.properties["Environment"];
  return title?.type === "title" ? title.title.map((item) => item.plain_text).join("") : "";
}

describe("NotionFake", () => {
  let clock: VirtualClock;
  let fake: NotionFake;
  let notion: Client;
  let db: SeededDatabase;

  beforeEach(async () => {
    clock = new VirtualClock("2026-11-25T09:00:00Z");
    fake = await new NotionFake({ clock }).start();
    notion = sdk(fake);
    db = fake.seedDatabase({
      title: "Environments",
      dataSources: [{ name: "Environments", properties: environmentsSchema() }],
    });
  });

  afterEach(async () => {
    await fake.stop();
  });

  describe("databases, data sources and schema", () => {
    it("retrieves a database, its data sources and their schema", async () => {
      const database = await notion.databases.retrieve({ database_id: db.databaseId });
      expect(database).toMatchObject({ object: "database", id: db.databaseId });
      if (!("data_sources" in database)) throw new Error("expected a full database");
      expect(database.data_sources).toEqual([{ id: db.dataSourceId, name: "Environments" }]);
      expect(database.title[0]?.plain_text).toBe("Environments");

      const source = await notion.dataSources.retrieve({ data_source_id: db.dataSourceId });
      expect(source.object).toBe("data_source");
      expect(Object.keys(source.properties)).toEqual([
        "Environment",
        "Status",
        "Branch",
        "Pull request",
        "Commit",
        "Deployed by",
        "Deployed at",
        "Reserved until",
        "Run",
        "Note",
      ]);
      expect(source.properties["Environment"]).toMatchObject({ id: "title", name: "Environment", type: "title" });
      expect(source.properties["Run"]).toMatchObject({ name: "Run", type: "url", url: {} });
      const status = source.properties["Status"];
      if (status?.type !== "status") throw new Error("Status should be a status column");
      expect(status.status.options.map((option) => option.name)).toEqual([
        "Free",
        "Reserved",
        "Deploying",
        "Deployed",
        "Failed",
      ]);
      const groups = Object.fromEntries(
        status.status.groups.map((group) => [
          group.name,
          group.option_ids.map((id) => status.status.options.find((option) => option.id === id)?.name),
        ]),
      );
      expect(groups).toEqual({
        "To-do": ["Free"],
        "In progress": ["Reserved", "Deploying"],
        Complete: ["Deployed", "Failed"],
      });
    });

    it("accepts ids without dashes, as Notion does", async () => {
      const database = await notion.databases.retrieve({ database_id: db.databaseId.replaceAll("-", "") });
      expect(database.id).toBe(db.databaseId);
    });

    it("answers 404 object_not_found for a database not shared with the integration", async () => {
      fake.unshare(db.databaseId);
      const error = await rejection(notion.databases.retrieve({ database_id: db.databaseId }));
      expect(error.status).toBe(404);
      expect(error.code).toBe("object_not_found");
      expect(error.message).toBe(
        `Could not find database with ID: ${db.databaseId}. Make sure the relevant pages and databases are shared with your integration.`,
      );
      // Its data sources and pages disappear with it.
      const source = await rejection(notion.dataSources.retrieve({ data_source_id: db.dataSourceId }));
      expect(source.message).toMatch(/^Could not find data_source with ID: .* shared with your integration\.$/);
    });

    it("does not find a database under a data source id (the classic 2025-09-03 mix-up)", async () => {
      const error = await rejection(notion.databases.retrieve({ database_id: db.dataSourceId }));
      expect(error.code).toBe("object_not_found");
    });
  });

  describe("pages", () => {
    it("creates a page under a data source and reads it back in Notion's shape", async () => {
      const alice = fake.seedUser({ name: "Alice", email: "alice@example.com" });
      const created = await notion.pages.create({
        parent: { type: "data_source_id", data_source_id: db.dataSourceId },
        properties: {
          Environment: p.title("dev-1"),
          Branch: p.richText("feature/login"),
          "Pull request": p.url("https://github.com/acme/app/pull/42"),
          "Deployed by": p.people(alice.id),
          "Deployed at": p.date("2026-11-25T09:15:42Z"),
          "Reserved until": p.date("2026-11-26"),
        },
      });
      const page = await notion.pages.retrieve({ page_id: created.id });
      if (!("properties" in page)) throw new Error("expected a full page");
      expect(page).toMatchObject({
        object: "page",
        id: created.id,
        created_time: "2026-11-25T09:00:00.000Z",
        last_edited_time: "2026-11-25T09:00:00.000Z",
        parent: { type: "data_source_id", data_source_id: db.dataSourceId, database_id: db.databaseId },
        in_trash: false,
        url: `https://www.notion.so/dev-1-${created.id.replaceAll("-", "")}`,
      });
      expect(page.properties["Environment"]).toEqual({
        id: "title",
        type: "title",
        title: [
          {
            type: "text",
            text: { content: "dev-1", link: null },
            annotations: {
              bold: false,
              italic: false,
              strikethrough: false,
              underline: false,
              code: false,
              color: "default",
            },
            plain_text: "dev-1",
            href: null,
          },
        ],
      });
      // A new page gets the first To-do status; unset columns read as empty.
      expect(page.properties["Status"]).toMatchObject({ type: "status", status: { name: "Free", color: "green" } });
      expect(page.properties["Commit"]).toMatchObject({ type: "rich_text", rich_text: [] });
      expect(page.properties["Run"]).toMatchObject({ type: "url", url: null });
      expect(page.properties["Deployed by"]).toMatchObject({
        type: "people",
        people: [{ object: "user", id: alice.id, name: "Alice", type: "person" }],
      });
      // Date-times are kept to the minute and answered in UTC with an explicit offset.
      expect(page.properties["Deployed at"]).toMatchObject({
        type: "date",
        date: { start: "2026-11-25T09:15:00.000+00:00", end: null, time_zone: null },
      });
      expect(page.properties["Reserved until"]).toMatchObject({ date: { start: "2026-11-26" } });
      expect(fake.pages(db.dataSourceId).map((stored) => stored.id)).toEqual([created.id]);
    });

    it("also accepts a database_id parent while the database has one data source", async () => {
      const created = await notion.pages.create({
        parent: { database_id: db.databaseId },
        properties: { Environment: p.title("dev-2") },
      });
      expect(created.id).toBe(fake.pages()[0]?.id);
    });

    it("updates properties and last_edited_time", async () => {
      const bob = fake.seedUser({ name: "Bob" });
      const seeded = fake.seedPage(db.dataSourceId, { Environment: p.title("stg-1") });
      clock.advance(5 * 60_000);
      const updated = await notion.pages.update({
        page_id: seeded.id,
        properties: {
          Status: p.status("Deploying"),
          "Deployed by": p.people(bob.id),
          Commit: { rich_text: [{ text: { content: "abc1234" }, annotations: { code: true } }] },
        },
      });
      if (!("properties" in updated)) throw new Error("expected a full page");
      expect(updated.last_edited_time).toBe("2026-11-25T09:05:00.000Z");
      expect(updated.created_time).toBe("2026-11-25T09:00:00.000Z");
      expect(updated.properties["Status"]).toMatchObject({ status: { name: "Deploying" } });
      expect(updated.properties["Commit"]).toMatchObject({
        rich_text: [{ plain_text: "abc1234", annotations: { code: true, bold: false } }],
      });
      // Untouched columns keep their values.
      expect(titleOf(updated)).toBe("stg-1");
      expect(fake.page(seeded.id)?.properties["Status"]).toMatchObject({ status: { name: "Deploying" } });
      expect(fake.mutatingRequests().map((request) => request.operation)).toEqual(["pages.update"]);
    });

    it("accepts property ids as keys, as Notion does", async () => {
      const seeded = fake.seedPage(db.dataSourceId, { Environment: p.title("old") });
      const statusId = fake.dataSource(db.dataSourceId)?.properties["Status"]?.id ?? "";
      const updated = await notion.pages.update({
        page_id: seeded.id,
        properties: { title: p.title("new"), [statusId]: p.status("Reserved") },
      });
      if (!("properties" in updated)) throw new Error("expected a full page");
      expect(titleOf(updated)).toBe("new");
      expect(updated.properties["Status"]).toMatchObject({ status: { name: "Reserved" } });
    });

    it("refuses to edit a trashed page until it is restored", async () => {
      const seeded = fake.seedPage(db.dataSourceId, { Environment: p.title("gone") });
      await notion.pages.update({ page_id: seeded.id, in_trash: true });
      const error = await rejection(notion.pages.update({ page_id: seeded.id, properties: { Run: p.url(null) } }));
      expect(error.message).toBe("Can't edit block that is archived. You must unarchive the block before editing.");
      const restored = await notion.pages.update({
        page_id: seeded.id,
        in_trash: false,
        properties: { Run: p.url(null) },
      });
      expect(restored).toMatchObject({ in_trash: false });
    });
  });

  describe("API versions", () => {
    it("2026-03-11 (the default): objects carry in_trash and no archived; sending archived is refused", async () => {
      expect(NOTION_FAKE_VERSION).toBe("2026-03-11");
      const seeded = fake.seedPage(db.dataSourceId, { Environment: p.title("dev-9") });
      const page = await notion.pages.retrieve({ page_id: seeded.id });
      expect(page).toMatchObject({ in_trash: false });
      expect(page).not.toHaveProperty("archived");
      const listed = await notion.dataSources.query({ data_source_id: db.dataSourceId });
      expect(listed.results.some((result) => "archived" in result)).toBe(false);
      const database = await notion.databases.retrieve({ database_id: db.databaseId });
      expect(database).not.toHaveProperty("archived");
      const error = await rejection(notion.pages.update({ page_id: seeded.id, archived: true }));
      expect(error.code).toBe("validation_error");
      expect(error.message).toBe("body failed validation: body.archived should be not present, instead was `true`.");
      const trashed = await notion.pages.update({ page_id: seeded.id, in_trash: true });
      expect(trashed).toMatchObject({ in_trash: true });
    });

    it("2025-09-03 still gets the deprecated archived alias, in answers and requests", async () => {
      const old = sdk(fake, NOTION_FAKE_TOKEN, "2025-09-03");
      const seeded = fake.seedPage(db.dataSourceId, { Environment: p.title("dev-8") });
      await expect(old.pages.retrieve({ page_id: seeded.id })).resolves.toMatchObject({ archived: false });
      await expect(old.pages.update({ page_id: seeded.id, archived: true })).resolves.toMatchObject({
        in_trash: true,
        archived: true,
      });
    });

    it("refuses a version it does not serve", async () => {
      const error = await rejection(sdk(fake, NOTION_FAKE_TOKEN, "2022-06-28").users.me({}));
      expect(error.status).toBe(400);
      expect(error.message).toBe(
        "NotionFake serves Notion-Version 2025-09-03 and 2026-03-11 only; the request sent 2022-06-28.",
      );
    });
  });

  describe("property validation (what the OpenAPI spec leaves loose)", () => {
    let pageId: string;

    beforeEach(() => {
      pageId = fake.seedPage(db.dataSourceId, { Environment: p.title("dev-1") }).id;
    });

    async function update(properties: Record<string, unknown>): Promise<APIResponseError> {
      const error = await rejection(notion.pages.update({ page_id: pageId, properties: properties as never }));
      expect(error.status).toBe(400);
      expect(error.code).toBe("validation_error");
      return error;
    }

    it("rejects a property name that does not exist", async () => {
      const error = await update({ Owner: p.richText("me") });
      expect(error.message).toBe("Owner is not a property that exists.");
    });

    it("rejects a value whose type does not match the column, reporting every problem", async () => {
      const error = await update({ "Deployed at": p.richText("yesterday"), Owner: p.richText("me") });
      expect(error.message).toBe("Deployed at is expected to be date. Owner is not a property that exists.");
    });

    it("rejects a status option that does not exist (the API cannot create status options)", async () => {
      const error = await update({ Status: p.status("Broken") });
      expect(error.message).toBe('Invalid status option. Status option "Broken" does not exist".');
    });

    it("creates select options on write, as Notion does", async () => {
      const { dataSourceId } = fake.seedDatabase({
        title: "Tags",
        dataSources: [
          { name: "Tags", properties: { Name: { type: "title" }, Tier: { type: "select", options: ["gold"] } } },
        ],
      });
      const page = await notion.pages.create({
        parent: { data_source_id: dataSourceId },
        properties: { Name: p.title("x"), Tier: p.select("platinum") },
      });
      if (!("properties" in page)) throw new Error("expected a full page");
      const options = fake.dataSource(dataSourceId)?.properties["Tier"];
      if (options?.type !== "select") throw new Error("Tier should be a select column");
      expect(options.select.options.map((option) => option.name)).toEqual(["gold", "platinum"]);
      const platinum = options.select.options[1];
      expect(page.properties["Tier"]).toMatchObject({
        select: { id: platinum?.id, name: "platinum", color: platinum?.color },
      });
    });

    it("rejects text content over 2000 characters", async () => {
      const error = await update({ Note: p.richText("x".repeat(2001)) });
      expect(error.message).toBe(
        "body failed validation: body.properties.Note.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`.",
      );
      await expect(
        notion.pages.update({ page_id: pageId, properties: { Note: p.richText("x".repeat(2000)) } }),
      ).resolves.toBeDefined();
    });

    it("rejects more than 100 rich text items", async () => {
      const items = Array.from({ length: 101 }, () => ({ text: { content: "a" } }));
      const error = await update({ Note: { rich_text: items } });
      expect(error.message).toBe(
        "body failed validation: body.properties.Note.rich_text.length should be ≤ `100`, instead was `101`.",
      );
    });

    it("rejects people ids that are not ids, and users the workspace does not have", async () => {
      const malformed = await update({ "Deployed by": p.people("alice") });
      expect(malformed.message).toBe(
        'body failed validation: body.properties.Deployed by.people[0].id should be a valid uuid, instead was `"alice"`.',
      );
      const stranger = "0badc0de-0000-4000-8000-000000000001";
      const unknown = await rejection(
        notion.pages.update({ page_id: pageId, properties: { "Deployed by": p.people(stranger) } }),
      );
      expect(unknown.code).toBe("object_not_found");
      expect(unknown.message).toBe(`Could not find user with ID: ${stranger}.`);
    });

    it("rejects a date that is not ISO 8601", async () => {
      const error = await update({ "Deployed at": p.date("2026/11/25") });
      expect(error.message).toBe(
        'body failed validation: body.properties.Deployed at.date.start should be a valid ISO 8601 date string, instead was `"2026/11/25"`.',
      );
    });

    it("changes nothing when any property is rejected", async () => {
      await update({ Branch: p.richText("main"), Status: p.status("Broken") });
      expect(fake.page(pageId)?.properties["Branch"]).toMatchObject({ rich_text: [] });
    });
  });

  describe("querying a data source", () => {
    it("filters by title and paginates 150 matches with cursors", async () => {
      for (let i = 1; i <= 150; i++) fake.seedPage(db.dataSourceId, { Environment: p.title(`preview-${i}`) });
      fake.seedPage(db.dataSourceId, { Environment: p.title("production") });

      const seen: string[] = [];
      let cursor: string | undefined;
      let calls = 0;
      do {
        const page = await notion.dataSources.query({
          data_source_id: db.dataSourceId,
          filter: { property: "Environment", title: { contains: "PREVIEW" } },
          page_size: 40,
          ...(cursor ? { start_cursor: cursor } : {}),
        });
        calls++;
        expect(page.results.length).toBeLessThanOrEqual(40);
        for (const result of page.results) seen.push(titleOf(result as PageObjectResponse));
        expect(page.has_more).toBe(page.next_cursor !== null);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      expect(calls).toBe(4);
      expect(seen).toHaveLength(150);
      expect(new Set(seen).size).toBe(150);
      expect(seen[0]).toBe("preview-1");

      const exact = await notion.dataSources.query({
        data_source_id: db.dataSourceId,
        filter: { property: "Environment", title: { equals: "production" } },
      });
      expect(exact.results.map((result) => titleOf(result as PageObjectResponse))).toEqual(["production"]);
    });

    it("supports status, date, url and rich text filters, compound filters and sorts", async () => {
      fake.seedPage(db.dataSourceId, {
        Environment: p.title("dev-1"),
        Status: p.status("Reserved"),
        "Reserved until": p.date("2026-11-25T08:00:00Z"),
        Branch: p.richText("feature/a"),
      });
      fake.seedPage(db.dataSourceId, {
        Environment: p.title("dev-2"),
        Status: p.status("Reserved"),
        "Reserved until": p.date("2026-11-26T08:00:00Z"),
        Run: p.url("https://github.com/acme/app/actions/runs/7"),
      });
      fake.seedPage(db.dataSourceId, { Environment: p.title("dev-3") });
      const names = async (filter: object, sorts?: object[]) => {
        const result = await notion.dataSources.query({
          data_source_id: db.dataSourceId,
          filter: filter as never,
          ...(sorts ? { sorts: sorts as never } : {}),
        });
        return result.results.map((page) => titleOf(page as PageObjectResponse));
      };
      // Expired reservations: Reserved and reserved until before now.
      expect(
        await names({
          and: [
            { property: "Status", status: { equals: "Reserved" } },
            { property: "Reserved until", date: { before: "2026-11-25T09:00:00Z" } },
          ],
        }),
      ).toEqual(["dev-1"]);
      expect(await names({ property: "Reserved until", date: { on_or_after: "2026-11-26" } })).toEqual(["dev-2"]);
      expect(await names({ property: "Reserved until", date: { is_empty: true } })).toEqual(["dev-3"]);
      expect(await names({ property: "Status", status: { equals: "Free" } })).toEqual(["dev-3"]);
      expect(await names({ property: "Run", url: { equals: "https://github.com/acme/app/actions/runs/7" } })).toEqual([
        "dev-2",
      ]);
      expect(
        await names({
          or: [
            { property: "Branch", rich_text: { contains: "feature" } },
            { property: "Status", status: { equals: "Free" } },
          ],
        }),
      ).toEqual(["dev-1", "dev-3"]);
      expect(
        await names({ property: "Environment", title: { starts_with: "dev" } }, [
          { property: "Reserved until", direction: "descending" },
        ]),
      ).toEqual(["dev-2", "dev-1", "dev-3"]);
    });

    it("rejects filters on unknown columns or of the wrong type, like Notion", async () => {
      const unknown = await rejection(
        notion.dataSources.query({
          data_source_id: db.dataSourceId,
          filter: { property: "Owner", rich_text: { equals: "x" } },
        }),
      );
      expect(unknown.message).toBe("Could not find property with name or id: Owner");
      const mismatch = await rejection(
        notion.dataSources.query({
          data_source_id: db.dataSourceId,
          filter: { property: "Status", select: { equals: "Free" } },
        }),
      );
      expect(mismatch.message).toBe("database property status does not match filter select");
    });
  });

  describe("OpenAPI validation", () => {
    it("rejects a body that breaks the spec (page_size must be an integer)", async () => {
      const error = await rejection(
        notion.dataSources.query({ data_source_id: db.dataSourceId, page_size: "ten" as unknown as number }),
      );
      expect(error.status).toBe(400);
      expect(error.code).toBe("validation_error");
      expect(error.message).toBe(
        'body failed validation: body.page_size should be a number or `undefined`, instead was `"ten"`.',
      );
      expect(fake.requests.at(-1)).toMatchObject({ operation: "dataSources.query", status: 400 });
    });

    it("rejects a wrong-typed filter, an oversized page and a malformed parent", async () => {
      const filter = await rejection(
        notion.dataSources.query({ data_source_id: db.dataSourceId, filter: "Status" as never }),
      );
      expect(filter.message).toBe(
        'body failed validation: body.filter should be an object or `undefined`, instead was `"Status"`.',
      );
      const size = await rejection(notion.dataSources.query({ data_source_id: db.dataSourceId, page_size: 101 }));
      expect(size.message).toBe(
        "body failed validation: body.page_size should be ≤ `100` or `undefined`, instead was `101`.",
      );
      const parent = await rejection(notion.pages.create({ parent: { database_id: "not-a-uuid" }, properties: {} }));
      expect(parent.message).toMatch(/^body failed validation\. Fix one:\n/);
      expect(parent.message).toContain('body.parent.database_id should be a valid uuid, instead was `"not-a-uuid"`.');
    });

    it("rejects a path id that is not a uuid", async () => {
      const error = await rejection(notion.pages.retrieve({ page_id: "dev-1" }));
      expect(error.message).toBe('path failed validation: path.page_id should be a valid uuid, instead was `"dev-1"`.');
    });

    it("answers invalid_request_url for an endpoint the API does not have", async () => {
      const error = await rejection(notion.request({ path: "environments", method: "get" }));
      expect(error.status).toBe(400);
      expect(error.code).toBe("invalid_request_url");
      // 2025-09-03 replaced database queries with data source queries.
      const legacy = await rejection(notion.request({ path: `databases/${db.databaseId}/query`, method: "post" }));
      expect(legacy.code).toBe("invalid_request_url");
    });

    it("fails loudly on documented endpoints it does not model", async () => {
      const error = await rejection(notion.comments.list({ block_id: db.databaseId }));
      expect(error.code).toBe("invalid_request");
      expect(error.message).toContain("NotionFake does not model comments.list");
    });

    it("checks the token and the Notion-Version header", async () => {
      const unauthorized = await rejection(sdk(fake, "ntn_wrong").users.me({}));
      expect(unauthorized.status).toBe(401);
      expect(unauthorized.code).toBe("unauthorized");
      expect(unauthorized.message).toBe("API token is invalid.");
      const response = await fetch(`${fake.url}/v1/users/me`, {
        headers: { authorization: `Bearer ${NOTION_FAKE_TOKEN}` },
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        object: "error",
        code: "missing_version",
        message:
          "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.",
      });
    });
  });

  describe("users", () => {
    it("lists and retrieves users and the integration's bot", async () => {
      const alice = fake.seedUser({ name: "Alice", email: "alice@example.com" });
      const me = await notion.users.me({});
      expect(me).toMatchObject({ object: "user", type: "bot", id: fake.botUser.id });
      const list = await notion.users.list({ page_size: 1 });
      expect(list.results).toHaveLength(1);
      expect(list.has_more).toBe(true);
      const rest = await notion.users.list({ start_cursor: list.next_cursor ?? "" });
      expect(rest.results).toMatchObject([{ id: alice.id, name: "Alice", person: { email: "alice@example.com" } }]);
      expect(await notion.users.retrieve({ user_id: alice.id })).toMatchObject({ id: alice.id, type: "person" });
      const query = await rejection(notion.users.list({ page_size: "ten" as unknown as number }));
      expect(query.message).toBe(
        'query failed validation: query.page_size should be a number or `undefined`, instead was `"ten"`.',
      );
    });
  });

  describe("faults", () => {
    it("429 carries Retry-After and the SDK's own retry gets through", async () => {
      fake.rateLimit(1, 0);
      const bare = await rejection(notion.users.me({}));
      expect(bare.status).toBe(429);
      expect(bare.code).toBe("rate_limited");
      expect(bare.message).toBe("You have been rate limited. Please try again in a few minutes.");
      fake.rateLimit(1, 7);
      const raw = await fetch(`${fake.url}/v1/users/me`, {
        headers: { authorization: `Bearer ${NOTION_FAKE_TOKEN}`, "notion-version": NOTION_FAKE_VERSION },
      });
      expect(raw.status).toBe(429);
      expect(raw.headers.get("retry-after")).toBe("7");

      fake.rateLimit(2, 0, "dataSources.query");
      const retrying = createNotionClient({
        token: NOTION_FAKE_TOKEN,
        baseUrl: fake.url,
        maxRetries: 2,
        initialRetryDelayMs: 1,
      });
      const result = await retrying.dataSources.query({ data_source_id: db.dataSourceId });
      expect(result.object).toBe("list");
      expect(fake.requests.filter((r) => r.operation === "dataSources.query").map((r) => r.status)).toEqual([
        429, 429, 200,
      ]);
    });

    it("529 service_overload is retried by the SDK", async () => {
      fake.overload(1);
      const error = await rejection(notion.users.me({}));
      expect(error.status).toBe(529);
      expect(error.code).toBe("service_overload");
      fake.overload(1);
      const retrying = new Client({
        auth: NOTION_FAKE_TOKEN,
        notionVersion: NOTION_FAKE_VERSION,
        baseUrl: fake.url,
        retry: { maxRetries: 2, initialRetryDelayMs: 1 },
        logger: silent,
      });
      await expect(retrying.users.me({})).resolves.toMatchObject({ type: "bot" });
    });

    it("409 conflict_error and 504 gateway_timeout reach the caller (the SDK does not retry them on PATCH)", async () => {
      const page = fake.seedPage(db.dataSourceId, { Environment: p.title("dev-1") });
      const retrying = new Client({
        auth: NOTION_FAKE_TOKEN,
        notionVersion: NOTION_FAKE_VERSION,
        baseUrl: fake.url,
        retry: { maxRetries: 2, initialRetryDelayMs: 1 },
        logger: silent,
      });
      fake.conflict(1, "pages.update");
      const conflict = await rejection(
        retrying.pages.update({ page_id: page.id, properties: { Status: p.status("Reserved") } }),
      );
      expect(conflict.status).toBe(409);
      expect(conflict.code).toBe("conflict_error");
      expect(conflict.message).toBe("Conflict occurred while saving. Please try again.");
      fake.gatewayTimeout(1, "pages.update");
      const timeout = await rejection(
        retrying.pages.update({ page_id: page.id, properties: { Status: p.status("Reserved") } }),
      );
      expect(timeout.status).toBe(504);
      expect(timeout.code).toBe("gateway_timeout");
      // Neither attempt changed the page.
      expect(fake.page(page.id)?.properties["Status"]).toMatchObject({ status: { name: "Free" } });
      expect(fake.operationCounts()["pages.update"]).toBe(2);
    });
  });

  it("classifies requests by SDK operation and mutation", async () => {
    await notion.databases.retrieve({ database_id: db.databaseId });
    await notion.dataSources.query({ data_source_id: db.dataSourceId });
    expect(fake.operationCounts()).toEqual({ "databases.retrieve": 1, "dataSources.query": 1 });
    expect(fake.mutatingRequests()).toEqual([]);
    await notion.pages.create({ parent: { data_source_id: db.dataSourceId }, properties: {} });
    expect(fake.mutatingRequests().map((request) => request.operation)).toEqual(["pages.create"]);
  });
});
