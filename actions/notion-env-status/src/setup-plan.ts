import type { DataSourceObjectResponse, UpdateDataSourceParameters } from "@notionhq/client";
import { FIELD_NAMES, FIELDS, type Field, type PropertyMap, STATUS_NAMES, type StatusKey } from "./fields.js";

/**
 * mode setup as a pure plan over a data source's columns: what to add, what is there already, and
 * what only a person can fix. Setup never deletes, renames or retypes a column, and never touches
 * an option it did not add.
 */

type Properties = DataSourceObjectResponse["properties"];
export type ColumnConfig = NonNullable<NonNullable<UpdateDataSourceParameters["properties"]>[string]>;
type SelectColor = "default" | "gray" | "brown" | "orange" | "yellow" | "green" | "blue" | "purple" | "pink" | "red";
type Empty = Record<string, never>;
/** A column setup creates: valid both as a new database's column and as a data source update. */
export type NewColumn =
  | { title: Empty }
  | { rich_text: Empty }
  | { url: Empty }
  | { date: Empty }
  | { people: Empty }
  | { select: { options: { name: string; color: SelectColor }[] } };

/** The Status options in board order, coloured as a team reads them. */
export const STATUS_OPTIONS: { key: StatusKey; color: SelectColor }[] = [
  { key: "free", color: "green" },
  { key: "reserved", color: "yellow" },
  { key: "deploying", color: "blue" },
  { key: "deployed", color: "purple" },
  { key: "failed", color: "red" },
];

/**
 * What setup creates for a field: the first type the action accepts, except Status (a select: the
 * API cannot create status columns or their options) and Deployed by (a person column only when
 * user-map says who is who; otherwise text, where the action writes @login).
 */
export function desiredConfig(field: Field, withPeople: boolean): NewColumn {
  switch (field) {
    case "environment":
      return { title: {} };
    case "status":
      return {
        select: { options: STATUS_OPTIONS.map(({ key, color }) => ({ name: STATUS_NAMES[key], color })) },
      };
    case "deployed-by":
      return withPeople ? { people: {} } : { rich_text: {} };
    case "pull-request":
    case "run":
      return { url: {} };
    case "deployed-at":
    case "reserved-until":
      return { date: {} };
    case "branch":
    case "commit":
    case "note":
      return { rich_text: {} };
  }
}

export type ColumnState = "present" | "add" | "add-options" | "cannot-fix";

export interface ColumnPlan {
  field: Field;
  column: string;
  state: ColumnState;
  /** The type the column has or gets (Notion's name: select, rich_text, …). */
  type: string;
  /** add-options: the options added; cannot-fix: what a person must do. */
  detail?: string;
}

export interface SetupPlan {
  columns: ColumnPlan[];
  /** The `properties` of one `PATCH /v1/data_sources/{id}`; empty when nothing is missing. */
  update: Record<string, ColumnConfig>;
  /** What setup cannot fix, one sentence each (also in `columns` as cannot-fix). */
  problems: string[];
}

/** The columns of a new database: every mapped field (switched-off ones left out). */
export function initialColumns(map: PropertyMap, withPeople: boolean): Record<string, NewColumn> {
  const columns: Record<string, NewColumn> = {};
  for (const field of FIELD_NAMES) {
    const column = map[field];
    if (column !== undefined) columns[column] = desiredConfig(field, withPeople);
  }
  return columns;
}

export function planSetup(properties: Properties, map: PropertyMap, withPeople: boolean): SetupPlan {
  const plan: SetupPlan = { columns: [], update: {}, problems: [] };
  const title = Object.values(properties).find((config) => config.type === "title");
  for (const field of FIELD_NAMES) {
    const column = map[field];
    if (column === undefined) continue;
    const existing = properties[column];
    const accepted = FIELDS[field].types as readonly string[];
    const cannotFix = (type: string, detail: string) => {
      plan.columns.push({ field, column, state: "cannot-fix", type, detail });
      plan.problems.push(detail);
    };
    if (field === "environment") {
      if (existing?.type === "title") plan.columns.push({ field, column, state: "present", type: "title" });
      else {
        const actual = title?.name ?? "";
        cannotFix(
          existing?.type ?? "title",
          `the title column is "${actual}", not "${column}": set property-map to environment=${actual} (setup never renames a column)`,
        );
      }
      continue;
    }
    if (existing === undefined) {
      const config = desiredConfig(field, withPeople);
      plan.update[column] = config;
      plan.columns.push({ field, column, state: "add", type: typeOf(config) });
      continue;
    }
    if (!accepted.includes(existing.type)) {
      cannotFix(
        existing.type,
        `column "${column}" (${field}) is ${existing.type}; the action needs ${accepted.join(" or ")}: change its type in Notion or map ${field} to another column with property-map (setup never retypes a column)`,
      );
      continue;
    }
    if (field === "status" && (existing.type === "select" || existing.type === "status")) {
      const options = existing.type === "select" ? existing.select.options : existing.status.options;
      const has = (name: string) => options.some((option) => option.name.toLowerCase() === name.toLowerCase());
      const missing = STATUS_OPTIONS.filter(({ key }) => !has(STATUS_NAMES[key]));
      if (missing.length === 0) {
        plan.columns.push({ field, column, state: "present", type: existing.type });
      } else if (existing.type === "select") {
        // The API replaces a select's option list: send every existing option (by id) plus the new ones.
        plan.update[column] = {
          select: {
            options: [
              ...options.map((option) => ({ id: option.id, name: option.name })),
              ...missing.map(({ key, color }) => ({ name: STATUS_NAMES[key], color })),
            ],
          },
        };
        const names = missing.map(({ key }) => STATUS_NAMES[key]).join(", ");
        plan.columns.push({ field, column, state: "add-options", type: "select", detail: names });
      } else {
        const names = missing.map(({ key }) => `"${STATUS_NAMES[key]}"`).join(", ");
        cannotFix(
          "status",
          `status column "${column}" lacks the options ${names}: the API cannot add status options, so add them in Notion (click the column name → Edit property → Add option)`,
        );
      }
      continue;
    }
    plan.columns.push({ field, column, state: "present", type: existing.type });
  }
  return plan;
}

function typeOf(config: NewColumn): string {
  return Object.keys(config).find((key) => key !== "name" && key !== "description" && key !== "type") ?? "";
}

/** The Status value a new row starts with (Free, spelt as the column spells it), if the column can hold it. */
export function freeStatusValue(
  properties: Properties,
  column: string | undefined,
): { select: { name: string } } | { status: { name: string } } | undefined {
  const config = column === undefined ? undefined : properties[column];
  const find = (options: { name: string }[]) =>
    options.find((option) => option.name.toLowerCase() === STATUS_NAMES.free.toLowerCase())?.name;
  if (config?.type === "select") {
    const name = find(config.select.options);
    return name === undefined ? undefined : { select: { name } };
  }
  if (config?.type === "status") {
    const name = find(config.status.options);
    return name === undefined ? undefined : { status: { name } };
  }
  return undefined;
}
