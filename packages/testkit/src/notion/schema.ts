import type { DataSourceObjectResponse } from "@notionhq/client";

export type SelectColor =
  | "default"
  | "gray"
  | "brown"
  | "orange"
  | "yellow"
  | "green"
  | "blue"
  | "purple"
  | "pink"
  | "red";
export type StatusGroupName = "To-do" | "In progress" | "Complete";

/** Property types the fake stores and validates (the ones a team's tracking database uses). */
export type SimplePropertyType =
  | "title"
  | "rich_text"
  | "number"
  | "date"
  | "people"
  | "checkbox"
  | "url"
  | "email"
  | "phone_number";
export type PropertyType = SimplePropertyType | "select" | "multi_select" | "status";

export type OptionInput = string | { name: string; color?: SelectColor };
export interface StatusOptionInput {
  name: string;
  group: StatusGroupName;
  color?: SelectColor;
}

/** How a test describes a column when seeding a data source. */
export type PropertySchemaInput =
  | { type: SimplePropertyType }
  | { type: "select" | "multi_select"; options?: OptionInput[] }
  | { type: "status"; options: StatusOptionInput[] };

/** Column name → column definition, in display order; exactly one `title`. */
export type DataSourceSchemaInput = Record<string, PropertySchemaInput>;

export interface SelectOption {
  id: string;
  name: string;
  color: SelectColor;
  description: string | null;
}

export interface StatusGroup {
  id: string;
  name: StatusGroupName;
  color: SelectColor;
  option_ids: string[];
}

export interface PropertyDefinition {
  id: string;
  name: string;
  type: PropertyType;
  /** select, multi_select and status options (select options grow when pages name new ones). */
  options: SelectOption[];
  groups: StatusGroup[];
}

export type PropertyConfigResponse = DataSourceObjectResponse["properties"][string];

const GROUP_COLORS: Record<StatusGroupName, SelectColor> = {
  "To-do": "gray",
  "In progress": "blue",
  Complete: "green",
};
const OPTION_COLORS: SelectColor[] = ["gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red"];

/**
 * The team's environments database: one row per environment, the Status column drives the
 * reserve → deploy → release cycle.
 */
export function environmentsSchema(): DataSourceSchemaInput {
  return {
    Environment: { type: "title" },
    Status: {
      type: "status",
      options: [
        { name: "Free", group: "To-do", color: "green" },
        { name: "Reserved", group: "In progress", color: "yellow" },
        { name: "Deploying", group: "In progress", color: "blue" },
        { name: "Deployed", group: "Complete", color: "purple" },
        { name: "Failed", group: "Complete", color: "red" },
      ],
    },
    Branch: { type: "rich_text" },
    "Pull request": { type: "url" },
    Commit: { type: "rich_text" },
    "Deployed by": { type: "people" },
    "Deployed at": { type: "date" },
    "Reserved until": { type: "date" },
    Run: { type: "url" },
    Note: { type: "rich_text" },
  };
}

/** Turns a seeding schema into stored definitions with Notion-style ids (the title column's id is "title"). */
export function defineProperties(schema: DataSourceSchemaInput): PropertyDefinition[] {
  const entries = Object.entries(schema);
  const titles = entries.filter(([, input]) => input.type === "title");
  if (titles.length !== 1) throw new Error(`A data source needs exactly one title property; got ${titles.length}`);
  const ids = new Set<string>();
  return entries.map(([name, input]) => {
    const id = input.type === "title" ? "title" : uniqueShortId(name, ids);
    ids.add(id);
    const definition: PropertyDefinition = { id, name, type: input.type, options: [], groups: [] };
    if (input.type === "select" || input.type === "multi_select") {
      for (const option of input.options ?? []) addOption(definition, option);
    }
    if (input.type === "status") defineStatus(definition, input.options);
    return definition;
  });
}

export function addOption(definition: PropertyDefinition, input: OptionInput): SelectOption {
  const option = newOption(definition, input);
  definition.options.push(option);
  return option;
}

/** The option a name would get (ids and colours derive from names, so they are stable). */
export function newOption(definition: PropertyDefinition, input: OptionInput): SelectOption {
  const { name, color } = typeof input === "string" ? { name: input, color: undefined } : input;
  return {
    id: shortId(`${definition.id}:${name}`),
    name,
    // Notion picks a colour for options created on write.
    color: color ?? OPTION_COLORS[fnv1a(name) % OPTION_COLORS.length] ?? "default",
    description: null,
  };
}

function defineStatus(definition: PropertyDefinition, options: StatusOptionInput[]): void {
  if (!options.some((option) => option.group === "To-do")) {
    throw new Error(`Status property ${definition.name} needs a To-do option (it is the default for new pages)`);
  }
  for (const name of ["To-do", "In progress", "Complete"] as const) {
    definition.groups.push({
      id: shortId(`${definition.id}:group:${name}`),
      name,
      color: GROUP_COLORS[name],
      option_ids: [],
    });
  }
  for (const input of options) {
    const option = addOption(definition, { name: input.name, color: input.color ?? "default" });
    definition.groups.find((group) => group.name === input.group)?.option_ids.push(option.id);
  }
}

/** A new page's status: the first option of the To-do group, as in Notion. */
export function defaultStatus(definition: PropertyDefinition): SelectOption | undefined {
  const firstId = definition.groups.find((group) => group.name === "To-do")?.option_ids[0];
  return definition.options.find((option) => option.id === firstId);
}

/** The column as `GET /v1/data_sources/{id}` returns it. */
export function renderPropertyConfig(definition: PropertyDefinition): PropertyConfigResponse {
  const common = { id: definition.id, name: definition.name, description: null };
  const options = definition.options.map((option) => ({ ...option }));
  switch (definition.type) {
    case "select":
      return { ...common, type: "select", select: { options } };
    case "multi_select":
      return { ...common, type: "multi_select", multi_select: { options } };
    case "status":
      return {
        ...common,
        type: "status",
        status: {
          options,
          groups: definition.groups.map((group) => ({ ...group, option_ids: [...group.option_ids] })),
        },
      };
    case "number":
      return { ...common, type: "number", number: { format: "number" } };
    case "title":
      return { ...common, type: "title", title: {} };
    case "rich_text":
      return { ...common, type: "rich_text", rich_text: {} };
    case "date":
      return { ...common, type: "date", date: {} };
    case "people":
      return { ...common, type: "people", people: {} };
    case "checkbox":
      return { ...common, type: "checkbox", checkbox: {} };
    case "url":
      return { ...common, type: "url", url: {} };
    case "email":
      return { ...common, type: "email", email: {} };
    case "phone_number":
      return { ...common, type: "phone_number", phone_number: {} };
  }
}

/** Finds a column by name, or by id as Notion also accepts (ids may arrive URL-encoded or not). */
export function findProperty(properties: PropertyDefinition[], key: string): PropertyDefinition | undefined {
  return (
    properties.find((property) => property.name === key) ??
    properties.find((property) => property.id === key || safeDecode(property.id) === safeDecode(key))
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const char of text) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return hash;
}

/** Four characters derived from the text, like Notion's short property ids. */
function shortId(text: string): string {
  let hash = fnv1a(text);
  let id = "";
  for (let i = 0; i < 4; i++) {
    id += ID_ALPHABET[hash % ID_ALPHABET.length];
    hash = Math.floor(hash / ID_ALPHABET.length);
  }
  return id;
}

function uniqueShortId(name: string, taken: Set<string>): string {
  let id = shortId(name);
  for (let salt = 1; taken.has(id) || id === "title"; salt++) id = shortId(`${name}#${salt}`);
  return id;
}
