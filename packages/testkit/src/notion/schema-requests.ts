import { bodyValidationError, notModelled, validationError } from "./errors.js";
import {
  addOption,
  defineProperties,
  type PropertyDefinition,
  type PropertyType,
  type SelectColor,
  type SimplePropertyType,
} from "./schema.js";
import { asSchema, show } from "./spec-messages.js";

/**
 * Column definitions sent to `POST /v1/databases` (`initial_data_source.properties`) and
 * `PATCH /v1/data_sources/{id}` (`properties`), checked the way Notion's reference documents them
 * (the OpenAPI file types both as a bare `object`):
 * - a configuration names exactly one type key (`{"rich_text": {}}`, `{"select": {"options": […]}}`);
 * - status columns cannot be created, and a status column's options cannot be changed
 *   ("Creating new status database properties is currently not supported"; "It's not possible to
 *   update the name or options values of a status property via the API");
 * - a select option name has at most 100 characters and no comma; colours come from a fixed list;
 * - updating a select column's `options` replaces the list: existing options left out are removed,
 *   new names are added, and an existing option's colour cannot be changed;
 * - `null` removes a column, `name` renames it; the title column's type cannot change.
 */

const SIMPLE_TYPES: readonly SimplePropertyType[] = [
  "title",
  "rich_text",
  "number",
  "date",
  "people",
  "checkbox",
  "url",
  "email",
  "phone_number",
];
const COLORS: readonly SelectColor[] = [
  "default",
  "gray",
  "brown",
  "orange",
  "yellow",
  "green",
  "blue",
  "purple",
  "pink",
  "red",
];
/** Types the API knows but the fake does not store (formula, relation, rollup, files, …). */
const UNMODELLED_TYPES = [
  "formula",
  "relation",
  "rollup",
  "files",
  "created_time",
  "created_by",
  "last_edited_time",
  "last_edited_by",
  "unique_id",
  "button",
  "verification",
  "location",
  "place",
  "last_visited_time",
];

interface ParsedConfig {
  type: PropertyType;
  name: string | undefined;
  options: { name: string; color: SelectColor | undefined }[] | undefined;
}

function parseConfig(path: string, raw: unknown, purpose: "create" | "update"): ParsedConfig {
  const config = asSchema(raw);
  if (config === undefined) throw bodyValidationError(`${path} should be an object, instead was \`${show(raw)}\`.`);
  const name = config["name"];
  if (name !== undefined && typeof name !== "string") {
    throw bodyValidationError(`${path}.name should be a string, instead was \`${show(name)}\`.`);
  }
  const typeKeys = Object.keys(config).filter((key) => !["name", "description", "type"].includes(key));
  if (typeKeys.length !== 1) {
    throw bodyValidationError(`${path} should name exactly one property type, instead had ${typeKeys.length}.`);
  }
  const type = typeKeys[0] ?? "";
  if (config["type"] !== undefined && config["type"] !== type) {
    throw bodyValidationError(`${path}.type should be \`${type}\`, instead was \`${show(config["type"])}\`.`);
  }
  if (UNMODELLED_TYPES.includes(type)) throw notModelled(`${type} columns`);
  if (type === "status") {
    throw validationError(
      purpose === "create"
        ? "Creating new status database properties is currently not supported."
        : "It's not possible to update the name or options values of a status property via the API.",
    );
  }
  const payload = asSchema(config[type]);
  if (payload === undefined) throw bodyValidationError(`${path}.${type} should be an object.`);
  if ((SIMPLE_TYPES as readonly string[]).includes(type)) {
    return { type: type as SimplePropertyType, name, options: undefined };
  }
  if (type !== "select" && type !== "multi_select") {
    throw bodyValidationError(`${path} has an unknown property type \`${type}\`.`);
  }
  const options = payload["options"];
  if (options !== undefined && !Array.isArray(options)) {
    throw bodyValidationError(`${path}.${type}.options should be an array, instead was \`${show(options)}\`.`);
  }
  if (options !== undefined && options.length > 100) {
    throw bodyValidationError(`${path}.${type}.options.length should be ≤ \`100\`, instead was \`${options.length}\`.`);
  }
  return {
    type,
    name,
    options: options?.map((entry, index) => parseOption(`${path}.${type}.options[${index}]`, entry)),
  };
}

function parseOption(path: string, raw: unknown): { name: string; color: SelectColor | undefined } {
  const option = asSchema(raw) ?? {};
  const { name, color } = option;
  if (typeof name !== "string" || name.length === 0) {
    throw bodyValidationError(`${path}.name should be a non-empty string, instead was \`${show(name)}\`.`);
  }
  if (name.length > 100) {
    throw bodyValidationError(`${path}.name.length should be ≤ \`100\`, instead was \`${name.length}\`.`);
  }
  if (name.includes(",")) throw validationError(`Select option names cannot contain commas: "${name}".`);
  if (color !== undefined && !COLORS.includes(color as SelectColor)) {
    throw bodyValidationError(`${path}.color should be one of ${COLORS.join(", ")}, instead was \`${show(color)}\`.`);
  }
  return { name, color: color as SelectColor | undefined };
}

/**
 * The columns of a new database's first data source. Without a title column Notion adds one
 * named "Name"; two title columns are refused.
 */
export function initialDefinitions(properties: Record<string, unknown> | undefined): PropertyDefinition[] {
  const entries = Object.entries(properties ?? {}).map(
    ([name, raw]) => [name, parseConfig(`body.initial_data_source.properties.${name}`, raw, "create")] as const,
  );
  const titles = entries.filter(([, config]) => config.type === "title");
  if (titles.length > 1) throw validationError("A data source can only have one title property.");
  const schema = Object.fromEntries(
    entries.map(([name, config]) => [
      name,
      config.type === "select" || config.type === "multi_select"
        ? { type: config.type, options: (config.options ?? []).map(optionInput) }
        : { type: config.type as SimplePropertyType },
    ]),
  );
  return defineProperties(titles.length === 0 ? { Name: { type: "title" }, ...schema } : schema);
}

/** Applies `PATCH /v1/data_sources/{id}` `properties` to a data source's columns (in place, all or nothing). */
export function updateDefinitions(definitions: PropertyDefinition[], properties: Record<string, unknown>): void {
  const next = definitions.map((definition) => ({
    ...definition,
    options: definition.options.map((option) => ({ ...option })),
  }));
  for (const [key, raw] of Object.entries(properties)) {
    const index = next.findIndex((definition) => definition.name === key || definition.id === key);
    const existing = next[index];
    if (raw === null) {
      if (existing === undefined) throw validationError(`${key} is not a property that exists.`);
      if (existing.type === "title") throw validationError("Cannot delete the title property.");
      next.splice(index, 1);
      continue;
    }
    if (existing === undefined) {
      const config = parseConfig(`body.properties.${key}`, raw, "create");
      if (config.type === "title") throw validationError("A data source can only have one title property.");
      const name = config.name ?? key;
      if (next.some((definition) => definition.name === name)) {
        throw validationError(`A property named ${name} already exists.`);
      }
      const [added] = defineProperties({
        Placeholder: { type: "title" },
        [name]:
          config.type === "select" || config.type === "multi_select"
            ? { type: config.type, options: (config.options ?? []).map(optionInput) }
            : { type: config.type as SimplePropertyType },
      }).slice(1);
      if (added === undefined) continue;
      while (next.some((definition) => definition.id === added.id)) added.id = `${added.id}_`;
      next.push(added);
      continue;
    }
    const object = asSchema(raw) ?? {};
    const typeKeys = Object.keys(object).filter((k) => !["name", "description", "type"].includes(k));
    if (typeKeys.length === 0) {
      if (existing.type === "status" && object["name"] !== undefined) {
        throw validationError(
          "It's not possible to update the name or options values of a status property via the API.",
        );
      }
      rename(next, existing, object["name"]);
      continue;
    }
    if (existing.type === "status") {
      throw validationError("It's not possible to update the name or options values of a status property via the API.");
    }
    const config = parseConfig(`body.properties.${key}`, raw, "update");
    if (config.type !== existing.type) {
      if (existing.type === "title") throw validationError("Cannot change the type of the title property.");
      throw notModelled("changing a column's type");
    }
    if (config.options !== undefined) replaceOptions(existing, config.options);
    rename(next, existing, config.name);
  }
  definitions.splice(0, definitions.length, ...next);
}

function rename(all: PropertyDefinition[], definition: PropertyDefinition, name: unknown): void {
  if (name === undefined || name === definition.name) return;
  if (typeof name !== "string" || name === "") throw bodyValidationError("name should be a non-empty string.");
  if (all.some((other) => other !== definition && other.name === name)) {
    throw validationError(`A property named ${name} already exists.`);
  }
  definition.name = name;
}

function replaceOptions(
  definition: PropertyDefinition,
  options: { name: string; color: SelectColor | undefined }[],
): void {
  const kept = [];
  for (const option of options) {
    const existing = definition.options.find((candidate) => candidate.name === option.name);
    if (existing === undefined) continue;
    if (option.color !== undefined && option.color !== existing.color) {
      throw validationError(`Cannot update color of select with name: ${option.name}.`);
    }
    kept.push(existing);
  }
  const added = options.filter((option) => !definition.options.some((candidate) => candidate.name === option.name));
  definition.options = kept;
  for (const option of added) addOption(definition, optionInput(option));
}

function optionInput(option: { name: string; color: SelectColor | undefined }) {
  return option.color === undefined ? option.name : { name: option.name, color: option.color };
}
