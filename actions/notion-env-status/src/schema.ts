import type { DataSourceObjectResponse } from "@notionhq/client";
import { FIELD_NAMES, FIELDS, type Field, type PropertyMap, STATUS_NAMES, type StatusKey } from "./fields.js";
import { NotionFailure } from "./notion-api.js";

export interface Column {
  name: string;
  type: string;
}

/** The data source's columns for each field (undefined: switched off in property-map). */
export interface Schema {
  columns: Record<Field, Column | undefined>;
  /** The exact option name for each status we write (status columns only have fixed options). */
  statusNames: Record<StatusKey, string>;
  /** Statuses a status column lacks (the API cannot create status options; select options are created on write). */
  missingStatuses: StatusKey[];
}

type PropertyConfig = DataSourceObjectResponse["properties"][string];

/**
 * Checks every mapped column exists with a type we can write, and that a status column has the
 * options this run writes. All problems are reported in one error, each with the expected type.
 */
export function checkSchema(
  properties: DataSourceObjectResponse["properties"],
  map: PropertyMap,
  needed: readonly StatusKey[],
): Schema {
  const problems: string[] = [];
  const columns = {} as Record<Field, Column | undefined>;
  for (const field of FIELD_NAMES) {
    const name = map[field];
    if (name === undefined) {
      columns[field] = undefined;
      continue;
    }
    const expected = FIELDS[field].types.map(typeLabel).join(" or ");
    const config = properties[name];
    if (config === undefined) {
      problems.push(`column "${name}" (${field}) is missing: add it as ${expected}`);
    } else if (!(FIELDS[field].types as readonly string[]).includes(config.type)) {
      problems.push(`column "${name}" (${field}) is ${typeLabel(config.type)}; it must be ${expected}`);
    }
    columns[field] = config === undefined ? undefined : { name, type: config.type };
  }
  const statusNames = { ...STATUS_NAMES } as Record<StatusKey, string>;
  const missingStatuses: StatusKey[] = [];
  const status = map.status === undefined ? undefined : properties[map.status];
  if (status?.type === "status" || status?.type === "select") {
    const options = optionNames(status);
    for (const key of Object.keys(STATUS_NAMES) as StatusKey[]) {
      const found = options.find((option) => option.toLowerCase() === STATUS_NAMES[key].toLowerCase());
      if (found !== undefined) statusNames[key] = found;
      // Select options are created on first write; status options cannot be created by the API.
      else if (status.type === "status") {
        missingStatuses.push(key);
        if (needed.includes(key)) problems.push(missingStatusProblem(map.status ?? "", key, options));
      }
    }
  }
  if (problems.length > 0) {
    throw new NotionFailure(
      `The Notion data source does not match what the action needs (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `- ${p}`).join("\n")}`,
      { hint: "Fix the columns in Notion, or map the fields to your column names with the property-map input." },
    );
  }
  return { columns, statusNames, missingStatuses };
}

function missingStatusProblem(column: string, key: StatusKey, options: readonly string[]): string {
  return `status column "${column}" has no option "${STATUS_NAMES[key]}" (it has ${options.map((o) => `"${o}"`).join(", ") || "none"}): the API cannot create status options, so add "${STATUS_NAMES[key]}" in Notion (click the column name → Edit property → Add option)`;
}

function optionNames(config: PropertyConfig): string[] {
  if (config.type === "status") return config.status.options.map((option) => option.name);
  if (config.type === "select") return config.select.options.map((option) => option.name);
  return [];
}

const TYPE_LABELS: Record<string, string> = {
  title: "the title column",
  rich_text: "Text",
  url: "URL",
  date: "Date",
  people: "Person",
  status: "Status",
  select: "Select",
  multi_select: "Multi-select",
  number: "Number",
  checkbox: "Checkbox",
};

function typeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type;
}
