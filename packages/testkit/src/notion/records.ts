import type {
  DatabaseObjectResponse,
  DataSourceObjectResponse,
  PageObjectResponse,
  RichTextItemResponse,
} from "@notionhq/client";
import type { QueryRow } from "./query.js";
import { type PropertyDefinition, renderPropertyConfig } from "./schema.js";
import { emptyValue, type PropertyValue, plainText } from "./values.js";

export interface DatabaseRecord {
  id: string;
  title: string;
  /** The page it was created under (`POST /v1/databases`); seeded databases sit at the workspace level. */
  parentPageId?: string | undefined;
  dataSourceIds: string[];
  createdTime: number;
  lastEditedTime: number;
}

export interface DataSourceRecord {
  id: string;
  databaseId: string;
  name: string;
  definitions: PropertyDefinition[];
  createdTime: number;
  lastEditedTime: number;
}

export interface PageRecord extends QueryRow {
  id: string;
  dataSourceId: string;
  databaseId: string;
  values: Record<string, PropertyValue>;
  inTrash: boolean;
  icon: PageObjectResponse["icon"];
  cover: PageObjectResponse["cover"];
  createdBy: string;
  lastEditedBy: string;
}

/** Notion timestamps have minute precision: `2024-05-01T09:30:00.000Z`. */
export function notionTime(ms: number): string {
  return new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
}

function compact(id: string): string {
  return id.replaceAll("-", "");
}

export function textItems(content: string): RichTextItemResponse[] {
  if (content === "") return [];
  return [
    {
      type: "text",
      text: { content, link: null },
      annotations: {
        bold: false,
        italic: false,
        strikethrough: false,
        underline: false,
        code: false,
        color: "default",
      },
      plain_text: content,
      href: null,
    },
  ];
}

export function renderDatabase(database: DatabaseRecord, dataSources: DataSourceRecord[]): DatabaseObjectResponse {
  return {
    object: "database",
    id: database.id,
    title: textItems(database.title),
    description: [],
    parent: databaseParent(database),
    is_inline: false,
    in_trash: false,
    archived: false,
    is_locked: false,
    created_time: notionTime(database.createdTime),
    last_edited_time: notionTime(database.lastEditedTime),
    data_sources: dataSources.map((dataSource) => ({ id: dataSource.id, name: dataSource.name })),
    icon: null,
    cover: null,
    url: `https://www.notion.so/${compact(database.id)}`,
    public_url: null,
  };
}

function databaseParent(database: DatabaseRecord | undefined): DatabaseObjectResponse["parent"] {
  return database?.parentPageId === undefined
    ? { type: "workspace", workspace: true }
    : { type: "page_id", page_id: database.parentPageId };
}

export function renderDataSource(
  dataSource: DataSourceRecord,
  botUserId: string,
  database?: DatabaseRecord,
): DataSourceObjectResponse {
  return {
    object: "data_source",
    id: dataSource.id,
    title: textItems(dataSource.name),
    description: [],
    parent: { type: "database_id", database_id: dataSource.databaseId },
    database_parent: databaseParent(database),
    is_inline: false,
    in_trash: false,
    archived: false,
    created_time: notionTime(dataSource.createdTime),
    last_edited_time: notionTime(dataSource.lastEditedTime),
    created_by: { object: "user", id: botUserId },
    last_edited_by: { object: "user", id: botUserId },
    properties: Object.fromEntries(dataSource.definitions.map((d) => [d.name, renderPropertyConfig(d)])),
    icon: null,
    cover: null,
    url: `https://www.notion.so/${compact(dataSource.id)}`,
    public_url: null,
  };
}

/**
 * A page as the API returns it. `propertyIds` limits the properties (the `filter_properties`
 * query parameter).
 */
export function renderPage(
  page: PageRecord,
  definitions: PropertyDefinition[],
  propertyIds?: string[],
): PageObjectResponse {
  const shown = propertyIds === undefined ? definitions : definitions.filter((d) => propertyIds.includes(d.id));
  const title = definitions.find((d) => d.type === "title");
  const slug = plainText(title && page.values[title.id])
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return {
    object: "page",
    id: page.id,
    created_time: notionTime(page.createdTime),
    last_edited_time: notionTime(page.lastEditedTime),
    created_by: { object: "user", id: page.createdBy },
    last_edited_by: { object: "user", id: page.lastEditedBy },
    cover: structuredClone(page.cover),
    icon: structuredClone(page.icon),
    parent: { type: "data_source_id", data_source_id: page.dataSourceId, database_id: page.databaseId },
    in_trash: page.inTrash,
    archived: page.inTrash,
    is_archived: page.inTrash,
    is_locked: false,
    properties: Object.fromEntries(
      shown.map((d) => [d.name, structuredClone(page.values[d.id] ?? emptyValue(d))] as const),
    ),
    url: `https://www.notion.so/${slug === "" ? "" : `${slug}-`}${compact(page.id)}`,
    public_url: null,
  };
}
