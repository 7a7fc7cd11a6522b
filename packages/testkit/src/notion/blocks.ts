import type { BlockObjectResponse, RichTextItemResponse } from "@notionhq/client";
import { bodyValidationError, notModelled, validationError } from "./errors.js";
import { notionTime } from "./records.js";
import { asSchema } from "./spec-messages.js";
import { richText } from "./values.js";

/**
 * Page content as the blocks API serves it: paragraph blocks under a page, in the order they were
 * appended (`after` not modelled), trashed by `DELETE /v1/blocks/{id}`, text replaced by
 * `PATCH /v1/blocks/{id}`. Trashed blocks are no longer listed among their parent's children.
 */
export interface BlockRecord {
  id: string;
  /** The page (or block) the block is a child of. */
  parentId: string;
  parentType: "page_id" | "block_id";
  richText: RichTextItemResponse[];
  inTrash: boolean;
  createdTime: number;
  lastEditedTime: number;
  createdBy: string;
  lastEditedBy: string;
}

/** Notion appends at most 100 blocks per request. */
const MAX_CHILDREN = 100;

/** The paragraphs of an append request, validated the way Notion does (other block types: not modelled). */
export function paragraphsOf(body: Record<string, unknown>): RichTextItemResponse[][] {
  if (body["after"] !== undefined) throw notModelled("appending after a given block");
  const children = Array.isArray(body["children"]) ? body["children"] : [];
  if (children.length > MAX_CHILDREN) {
    throw bodyValidationError(
      `body.children.length should be ≤ \`${MAX_CHILDREN}\`, instead was \`${children.length}\`.`,
    );
  }
  return children.map((raw, index) => paragraphText(asSchema(raw) ?? {}, `body.children[${index}]`));
}

/** The rich text of a block update (`{ paragraph: { rich_text } }`). */
export function paragraphUpdate(body: Record<string, unknown>, block: BlockRecord): RichTextItemResponse[] | undefined {
  if (block.inTrash && body["in_trash"] !== false && body["archived"] !== false) {
    throw validationError("Can't edit block that is archived. You must unarchive the block before editing.");
  }
  if (body["paragraph"] === undefined) return undefined;
  return paragraphText(body, "body");
}

function paragraphText(block: Record<string, unknown>, path: string): RichTextItemResponse[] {
  const type = block["type"] ?? "paragraph";
  if (type !== "paragraph" || block["paragraph"] === undefined) throw notModelled("blocks other than paragraphs");
  const paragraph = asSchema(block["paragraph"]) ?? {};
  if (!Array.isArray(paragraph["rich_text"])) {
    throw bodyValidationError(
      `${path}.paragraph.rich_text should be an array, instead was \`${JSON.stringify(paragraph["rich_text"])}\`.`,
    );
  }
  return richText(paragraph["rich_text"], `${path}.paragraph.rich_text`);
}

export function renderBlock(block: BlockRecord): BlockObjectResponse {
  const parent =
    block.parentType === "page_id"
      ? { type: "page_id" as const, page_id: block.parentId }
      : { type: "block_id" as const, block_id: block.parentId };
  return {
    object: "block",
    id: block.id,
    parent,
    created_time: notionTime(block.createdTime),
    last_edited_time: notionTime(block.lastEditedTime),
    created_by: { object: "user", id: block.createdBy },
    last_edited_by: { object: "user", id: block.lastEditedBy },
    has_children: false,
    in_trash: block.inTrash,
    archived: block.inTrash,
    type: "paragraph",
    paragraph: { rich_text: structuredClone(block.richText), color: "default" },
  } as BlockObjectResponse;
}
