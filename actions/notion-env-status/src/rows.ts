import type { PageObjectResponse } from "@notionhq/client";
import { parseDateTime } from "@sre-actions/core";
import type { Field } from "./fields.js";
import type { Schema } from "./schema.js";

/** One environment row as the action understands it. */
export interface EnvRow {
  pageId: string;
  url: string;
  environment: string;
  status: string | undefined;
  branch: string | undefined;
  pullRequest: string | undefined;
  commit: string | undefined;
  /** People names or the text of the column (`@login`). */
  deployedBy: string | undefined;
  deployedAt: number | undefined;
  reservedUntil: number | undefined;
  run: string | undefined;
  note: string | undefined;
}

type PropertyValue = PageObjectResponse["properties"][string];

/** Reads a page through the schema's columns; a date without a time counts until the end of that day. */
export function readRow(page: PageObjectResponse, schema: Schema, timeZone: string): EnvRow {
  const value = (field: Field): PropertyValue | undefined => {
    const column = schema.columns[field];
    return column === undefined ? undefined : page.properties[column.name];
  };
  return {
    pageId: page.id,
    url: page.url,
    environment: plain(value("environment")) ?? "",
    status: plain(value("status")),
    branch: plain(value("branch")),
    pullRequest: plain(value("pull-request")),
    commit: plain(value("commit")),
    deployedBy: plain(value("deployed-by")),
    deployedAt: instant(value("deployed-at"), timeZone, false),
    reservedUntil: instant(value("reserved-until"), timeZone, true),
    run: plain(value("run")),
    note: plain(value("note")),
  };
}

/** The text a person would read in the cell; undefined when empty. */
function plain(value: PropertyValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  let text: string | undefined;
  switch (value.type) {
    case "title":
      text = value.title.map((item) => item.plain_text).join("");
      break;
    case "rich_text":
      text = value.rich_text.map((item) => item.plain_text).join("");
      break;
    case "url":
      text = value.url ?? undefined;
      break;
    case "status":
      text = value.status?.name;
      break;
    case "select":
      text = value.select?.name;
      break;
    case "people":
      text = value.people.map((person) => ("name" in person && person.name ? person.name : person.id)).join(", ");
      break;
    case "date":
      text = value.date?.start;
      break;
    default:
      text = undefined;
  }
  return text === undefined || text === "" ? undefined : text;
}

function instant(value: PropertyValue | undefined, timeZone: string, endOfDay: boolean): number | undefined {
  if (value?.type !== "date" || value.date === null) return undefined;
  const start = value.date.start;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(start);
  const text = dateOnly && endOfDay ? `${start}T23:59:59.999` : start;
  // A date-only value carries no zone: read it in the row's time_zone when Notion gives one.
  return parseDateTime(text, value.date.time_zone ?? timeZone)?.getTime();
}
