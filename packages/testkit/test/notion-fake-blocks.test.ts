import { APIResponseError, Client, isFullBlock } from "@notionhq/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../src/index.js";
import {
  environmentsSchema,
  NOTION_FAKE_TOKEN,
  NOTION_FAKE_VERSION,
  NotionFake,
  notionProps as p,
} from "../src/notion/index.js";

/** Page content through the blocks API (what notion-env-status's claims are made of), and slow writes. */

async function rejection(promise: Promise<unknown>): Promise<APIResponseError> {
  try {
    await promise;
  } catch (error) {
    if (APIResponseError.isAPIResponseError(error)) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

const paragraph = (content: string) => ({
  type: "paragraph" as const,
  paragraph: { rich_text: [{ type: "text" as const, text: { content } }] },
});

describe("NotionFake blocks", () => {
  let fake: NotionFake;
  let notion: Client;
  let pageId: string;

  beforeEach(async () => {
    fake = await new NotionFake({ clock: new VirtualClock("2026-11-25T09:00:00Z") }).start();
    notion = new Client({ auth: NOTION_FAKE_TOKEN, notionVersion: NOTION_FAKE_VERSION, baseUrl: fake.url });
    const db = fake.seedDatabase({ title: "Envs", dataSources: [{ name: "Envs", properties: environmentsSchema() }] });
    pageId = fake.seedPage(db.dataSourceId, { Environment: p.title("qa3") }).id;
  });
  afterEach(async () => {
    await fake.stop();
  });

  it("appends paragraphs in order, lists them, rewrites one and trashes one", async () => {
    const appended = await notion.blocks.children.append({
      block_id: pageId,
      children: [paragraph("a"), paragraph("b")],
    });
    expect(appended.results.map((block) => block.id)).toHaveLength(2);
    const [first, second] = appended.results;
    await notion.blocks.update({
      block_id: String(second?.id),
      paragraph: { rich_text: [{ type: "text", text: { content: "b2" } }] },
    });
    await notion.blocks.delete({ block_id: String(first?.id) });
    const listed = await notion.blocks.children.list({ block_id: pageId });
    expect(
      listed.results.map((block) =>
        isFullBlock(block) && block.type === "paragraph" ? block.paragraph.rich_text[0]?.plain_text : block.id,
      ),
    ).toEqual(["b2"]);
    expect(listed.results[0]).toMatchObject({
      object: "block",
      parent: { type: "page_id", page_id: pageId },
      in_trash: false,
    });
    expect(fake.children(pageId)).toHaveLength(1);
  });

  it("answers like Notion: a trashed block cannot be edited or trashed again; unknown ids are 404", async () => {
    const [block] = (await notion.blocks.children.append({ block_id: pageId, children: [paragraph("x")] })).results;
    await notion.blocks.delete({ block_id: String(block?.id) });
    const again = await rejection(notion.blocks.delete({ block_id: String(block?.id) }));
    expect([again.status, again.code]).toEqual([400, "validation_error"]);
    const edit = await rejection(
      notion.blocks.update({ block_id: String(block?.id), paragraph: { rich_text: [{ text: { content: "y" } }] } }),
    );
    expect(edit.message).toBe("Can't edit block that is archived. You must unarchive the block before editing.");
    const missing = await rejection(notion.blocks.children.list({ block_id: "0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0" }));
    expect([missing.status, missing.code]).toEqual([404, "object_not_found"]);
  });

  it("validates the body against the OpenAPI description and the limits", async () => {
    const bad = await rejection(
      notion.blocks.children.append({
        block_id: pageId,
        // @ts-expect-error: rich_text must be an array
        children: [{ type: "paragraph", paragraph: { rich_text: "x" } }],
      }),
    );
    expect([bad.status, bad.code]).toEqual([400, "validation_error"]);
    const long = await rejection(
      notion.blocks.children.append({ block_id: pageId, children: [paragraph("x".repeat(2001))] }),
    );
    expect(long.message).toContain("should be ≤ `2000`");
    const many = await rejection(
      notion.blocks.children.append({ block_id: pageId, children: Array.from({ length: 101 }, () => paragraph("x")) }),
    );
    expect([many.status, many.code]).toEqual([400, "validation_error"]);
  });

  it("writeDelayMs holds a write back before it applies, so concurrent reads see the old state", async () => {
    fake.writeDelayMs = 60;
    const write = notion.pages.update({ page_id: pageId, properties: { Branch: p.richText("feature/a") } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const during = await notion.pages.retrieve({ page_id: pageId });
    expect(JSON.stringify(during)).not.toContain("feature/a");
    await write;
    expect(JSON.stringify(await notion.pages.retrieve({ page_id: pageId }))).toContain("feature/a");
  });
});
