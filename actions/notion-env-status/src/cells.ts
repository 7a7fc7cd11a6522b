import { isoInZone } from "@sre-actions/core";
import type { Field } from "./fields.js";
import type { Column, Schema } from "./schema.js";
import { type PropertyRequest, richText, title, truncate } from "./text.js";

/** What to put in a cell, whatever the column's type; `null` clears it. */
export type Cell =
  | { text: string; url?: string | undefined }
  | { people: string[]; text: string }
  | { date: number }
  | { option: string }
  | null;

/** Column name → request value for every field given whose column is switched on. */
export function properties(
  schema: Schema,
  cells: Partial<Record<Field, Cell>>,
  timeZone: string,
): Record<string, PropertyRequest> {
  const result: Record<string, PropertyRequest> = {};
  for (const [field, cell] of Object.entries(cells) as [Field, Cell][]) {
    const column = schema.columns[field];
    if (column !== undefined) result[column.name] = cellValue(column, cell, timeZone);
  }
  return result;
}

function cellValue(column: Column, cell: Cell, timeZone: string): PropertyRequest {
  switch (column.type) {
    case "title":
      return title(cell !== null && "text" in cell ? cell.text : "");
    case "rich_text":
      if (cell === null) return richText(undefined);
      if ("text" in cell) return richText(cell.text, "url" in cell ? cell.url : undefined);
      return richText(undefined);
    case "url": {
      const url = cell !== null && "text" in cell ? (("url" in cell ? cell.url : undefined) ?? cell.text) : undefined;
      return { url: url === undefined || url === "" ? null : truncate(url) };
    }
    case "people":
      return { people: cell !== null && "people" in cell ? cell.people.map((id) => ({ object: "user", id })) : [] };
    case "date":
      return { date: cell !== null && "date" in cell ? { start: isoInZone(cell.date, timeZone), end: null } : null };
    case "status":
      return { status: cell !== null && "option" in cell ? { name: cell.option } : null };
    case "select":
      return { select: cell !== null && "option" in cell ? { name: cell.option } : null };
    default:
      throw new Error(`No writer for column type ${column.type}`);
  }
}
