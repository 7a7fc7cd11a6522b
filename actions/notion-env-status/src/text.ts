import type { UpdatePageParameters } from "@notionhq/client";

/** One property value as pages.create / pages.update take it. */
export type PropertyRequest = NonNullable<UpdatePageParameters["properties"]>[string];

/** Notion's limit for one text content and for a URL. */
export const MAX_TEXT = 2000;

/** Cuts text to Notion's 2000-character limit, ending with an ellipsis when cut (code points kept whole). */
export function truncate(text: string, max = MAX_TEXT): string {
  if (text.length <= max) return text;
  let kept = "";
  for (const char of text) {
    if (kept.length + char.length > max - 1) break;
    kept += char;
  }
  return `${kept}…`;
}

/** A rich_text value of one item (we never come near the 100-item limit), empty text clears it. */
export function richText(content: string | undefined, url?: string): PropertyRequest {
  if (content === undefined || content === "") return { rich_text: [] };
  const link = url === undefined || url.length > MAX_TEXT ? {} : { link: { url } };
  return { rich_text: [{ type: "text", text: { content: truncate(content), ...link } }] };
}

export function title(content: string): PropertyRequest {
  return { title: [{ type: "text", text: { content: truncate(content) } }] };
}
