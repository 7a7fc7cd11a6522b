import type { PageObjectResponse, RichTextItemResponse, UserObjectResponse } from "@notionhq/client";
import { bodyValidationError, notModelled, objectNotFound, validationError } from "./errors.js";
import { normalizeId } from "./ids.js";
import {
  addOption,
  defaultStatus,
  findProperty,
  newOption,
  type OptionInput,
  type PropertyDefinition,
  type SelectColor,
  type SelectOption,
} from "./schema.js";
import { asSchema, show } from "./spec-messages.js";

export type PropertyValue = PageObjectResponse["properties"][string];

/** Notion's documented request size limits. */
const LIMITS = { text: 2000, url: 2000, email: 200, phone: 200, richTextItems: 100, people: 100, multiSelect: 100 };

export interface WriteContext {
  users: ReadonlyMap<string, UserObjectResponse>;
}

/** The outcome of checking a `properties` object: new values by property id, plus select options to create. */
export interface PropertyWrite {
  values: Map<string, PropertyValue>;
  newOptions: { definition: PropertyDefinition; input: OptionInput }[];
}

/**
 * Checks a page `properties` object against the data source schema the way Notion does (the
 * OpenAPI spec leaves it loose) and converts it to response-shaped values. Unknown names and
 * type mismatches are reported together ("A is not a property that exists. B is expected to be
 * date."); a malformed value stops at the first problem, worded like Notion's body validator.
 */
export function planPropertyWrite(
  definitions: PropertyDefinition[],
  input: Record<string, unknown>,
  context: WriteContext,
): PropertyWrite {
  const write: PropertyWrite = { values: new Map(), newOptions: [] };
  const problems: string[] = [];
  for (const [key, raw] of Object.entries(input)) {
    const definition = findProperty(definitions, key);
    if (definition === undefined) {
      problems.push(`${key} is not a property that exists.`);
      continue;
    }
    const value = asSchema(raw);
    const payload = value?.[definition.type];
    if (
      value === undefined ||
      payload === undefined ||
      (value["type"] !== undefined && value["type"] !== definition.type)
    ) {
      problems.push(`${definition.name} is expected to be ${definition.type}.`);
      continue;
    }
    const path = `body.properties.${key}.${definition.type}`;
    const converted = convert(definition, payload, path, write, context);
    if (converted === undefined) problems.push(`${definition.name} is expected to be ${definition.type}.`);
    else write.values.set(definition.id, converted);
  }
  if (problems.length > 0) throw validationError(problems.join(" "));
  return write;
}

/** Commits the select options a successful write named for the first time (Notion creates them). */
export function commitNewOptions(write: PropertyWrite): void {
  for (const { definition, input } of write.newOptions) {
    const name = typeof input === "string" ? input : input.name;
    if (!definition.options.some((option) => option.name === name)) addOption(definition, input);
  }
}

/** The value a column holds on a page that never set it. */
export function emptyValue(definition: PropertyDefinition): PropertyValue {
  const id = definition.id;
  switch (definition.type) {
    case "title":
      return { id, type: "title", title: [] };
    case "rich_text":
      return { id, type: "rich_text", rich_text: [] };
    case "number":
      return { id, type: "number", number: null };
    case "date":
      return { id, type: "date", date: null };
    case "people":
      return { id, type: "people", people: [] };
    case "checkbox":
      return { id, type: "checkbox", checkbox: false };
    case "url":
      return { id, type: "url", url: null };
    case "email":
      return { id, type: "email", email: null };
    case "phone_number":
      return { id, type: "phone_number", phone_number: null };
    case "select":
      return { id, type: "select", select: null };
    case "multi_select":
      return { id, type: "multi_select", multi_select: [] };
    case "status": {
      const option = defaultStatus(definition);
      return { id, type: "status", status: option ? partialOption(option) : null };
    }
  }
}

/** Returns undefined when the payload is of the wrong JSON type for the column (a type mismatch). */
function convert(
  definition: PropertyDefinition,
  payload: unknown,
  path: string,
  write: PropertyWrite,
  context: WriteContext,
): PropertyValue | undefined {
  const id = definition.id;
  switch (definition.type) {
    case "title":
      return Array.isArray(payload) ? { id, type: "title", title: richText(payload, path) } : undefined;
    case "rich_text":
      return Array.isArray(payload) ? { id, type: "rich_text", rich_text: richText(payload, path) } : undefined;
    case "number":
      return payload === null || typeof payload === "number" ? { id, type: "number", number: payload } : undefined;
    case "checkbox":
      return typeof payload === "boolean" ? { id, type: "checkbox", checkbox: payload } : undefined;
    case "url":
      return nullableText(payload, path, LIMITS.url, (url) => ({ id, type: "url", url }));
    case "email":
      return nullableText(payload, path, LIMITS.email, (email) => ({ id, type: "email", email }));
    case "phone_number":
      return nullableText(payload, path, LIMITS.phone, (phone) => ({ id, type: "phone_number", phone_number: phone }));
    case "date":
      if (payload === null) return { id, type: "date", date: null };
      return asSchema(payload) ? { id, type: "date", date: dateValue(asSchema(payload) ?? {}, path) } : undefined;
    case "people":
      return Array.isArray(payload) ? { id, type: "people", people: people(payload, path, context) } : undefined;
    case "select": {
      if (payload === null) return { id, type: "select", select: null };
      const option = asSchema(payload) && selectOption(definition, asSchema(payload) ?? {}, path, write);
      return option ? { id, type: "select", select: option } : undefined;
    }
    case "multi_select": {
      if (!Array.isArray(payload)) return undefined;
      tooMany(payload, path, LIMITS.multiSelect);
      const options = payload.map((item, index) => {
        const option = asSchema(item) && selectOption(definition, asSchema(item) ?? {}, `${path}[${index}]`, write);
        if (!option) throw bodyValidationError(`${path}[${index}] should be an object, instead was \`${show(item)}\`.`);
        return option;
      });
      return { id, type: "multi_select", multi_select: options };
    }
    case "status": {
      // Notion puts a page back on the default (first To-do) status when it is cleared.
      if (payload === null) return emptyValue(definition);
      const request = asSchema(payload);
      return request ? { id, type: "status", status: statusOption(definition, request) } : undefined;
    }
  }
}

type PartialOption = { id: string; name: string; color: SelectOption["color"] };

function partialOption(option: SelectOption): PartialOption {
  return { id: option.id, name: option.name, color: option.color };
}

/** Status options cannot be created through the API: a name the column lacks is rejected. */
function statusOption(definition: PropertyDefinition, request: Record<string, unknown>): PartialOption {
  const byId = typeof request["id"] === "string" ? definition.options.find((o) => o.id === request["id"]) : undefined;
  const byName =
    typeof request["name"] === "string" ? definition.options.find((o) => o.name === request["name"]) : undefined;
  const option = byId ?? byName;
  if (option) return partialOption(option);
  const given = typeof request["name"] === "string" ? request["name"] : String(request["id"]);
  throw validationError(`Invalid status option. Status option "${given}" does not exist".`);
}

/** Select options are found by id or name; a new name creates the option, as in Notion. */
function selectOption(
  definition: PropertyDefinition,
  request: Record<string, unknown>,
  path: string,
  write: PropertyWrite,
): PartialOption {
  if (typeof request["id"] === "string") {
    const option = definition.options.find((o) => o.id === request["id"]);
    if (option) return partialOption(option);
    throw bodyValidationError(`${path}.id should be an existing option id, instead was \`${show(request["id"])}\`.`);
  }
  if (typeof request["name"] !== "string") {
    throw bodyValidationError(`${path}.name should be a string, instead was \`${show(request["name"])}\`.`);
  }
  const name = request["name"];
  const existing = definition.options.find((o) => o.name === name);
  if (existing) return partialOption(existing);
  const input: OptionInput =
    typeof request["color"] === "string" ? { name, color: request["color"] as SelectColor } : name;
  // Created only once the whole write is valid (commitNewOptions).
  write.newOptions.push({ definition, input });
  return partialOption(newOption(definition, input));
}

function tooMany(items: unknown[], path: string, limit: number): void {
  if (items.length > limit) {
    throw bodyValidationError(`${path}.length should be ≤ \`${limit}\`, instead was \`${items.length}\`.`);
  }
}

function nullableText<T>(
  payload: unknown,
  path: string,
  limit: number,
  make: (value: string | null) => T,
): T | undefined {
  if (payload === null) return make(null);
  if (typeof payload !== "string") return undefined;
  if (payload.length > limit) {
    throw bodyValidationError(`${path}.length should be ≤ \`${limit}\`, instead was \`${payload.length}\`.`);
  }
  return make(payload);
}

const DEFAULT_ANNOTATIONS: RichTextItemResponse["annotations"] = {
  bold: false,
  italic: false,
  strikethrough: false,
  underline: false,
  code: false,
  color: "default",
};

export function richText(items: unknown[], path: string): RichTextItemResponse[] {
  tooMany(items, path, LIMITS.richTextItems);
  return items.map((raw, index) => {
    const at = `${path}[${index}]`;
    const item = asSchema(raw);
    if (item === undefined) throw bodyValidationError(`${at} should be an object, instead was \`${show(raw)}\`.`);
    if (item["mention"] !== undefined || item["equation"] !== undefined) notModelledRichText();
    const text = asSchema(item["text"]);
    if (text === undefined) throw bodyValidationError(`${at}.text should be defined, instead was \`undefined\`.`);
    const content = text["content"];
    if (typeof content !== "string") {
      throw bodyValidationError(`${at}.text.content should be a string, instead was \`${show(content)}\`.`);
    }
    if (content.length > LIMITS.text) {
      throw bodyValidationError(
        `${at}.text.content.length should be ≤ \`${LIMITS.text}\`, instead was \`${content.length}\`.`,
      );
    }
    const link = linkOf(text["link"], `${at}.text.link`);
    const annotations = { ...DEFAULT_ANNOTATIONS, ...(asSchema(item["annotations"]) ?? {}) };
    return {
      type: "text",
      text: { content, link },
      annotations: annotations as RichTextItemResponse["annotations"],
      plain_text: content,
      href: link?.url ?? null,
    };
  });
}

function notModelledRichText(): never {
  throw notModelled("rich text mentions or equations in property values");
}

function linkOf(raw: unknown, path: string): { url: string } | null {
  if (raw === undefined || raw === null) return null;
  const url = asSchema(raw)?.["url"];
  if (typeof url !== "string")
    throw bodyValidationError(`${path}.url should be a string, instead was \`${show(url)}\`.`);
  if (url.length > LIMITS.url) {
    throw bodyValidationError(`${path}.url.length should be ≤ \`${LIMITS.url}\`, instead was \`${url.length}\`.`);
  }
  return { url };
}

function people(items: unknown[], path: string, context: WriteContext): UserObjectResponse[] {
  tooMany(items, path, LIMITS.people);
  return items.map((raw, index) => {
    const at = `${path}[${index}]`;
    const item = asSchema(raw);
    if (item === undefined) throw bodyValidationError(`${at} should be an object, instead was \`${show(raw)}\`.`);
    for (const key of Object.keys(item)) {
      if (key !== "id" && key !== "object") {
        throw bodyValidationError(`${at}.${key} should be not present, instead was \`${show(item[key])}\`.`);
      }
    }
    if (item["object"] === "group") throw notModelled("groups in people properties");
    if (item["object"] !== undefined && item["object"] !== "user") {
      throw bodyValidationError(
        `${at}.object should be \`"user"\` or \`undefined\`, instead was \`${show(item["object"])}\`.`,
      );
    }
    const id = typeof item["id"] === "string" ? normalizeId(item["id"]) : undefined;
    if (id === undefined)
      throw bodyValidationError(`${at}.id should be a valid uuid, instead was \`${show(item["id"])}\`.`);
    const user = context.users.get(id);
    if (user === undefined) throw objectNotFound("user", id);
    return structuredClone(user);
  });
}

// YYYY-MM-DD, optionally followed by a time (minutes, seconds, fraction) and an offset.
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function dateValue(request: Record<string, unknown>, path: string) {
  if (request["start"] === undefined)
    throw bodyValidationError(`${path}.start should be defined, instead was \`undefined\`.`);
  const timeZone = typeof request["time_zone"] === "string" ? request["time_zone"] : null;
  const start = normalizeDate(request["start"], `${path}.start`, timeZone);
  const end =
    request["end"] === undefined || request["end"] === null
      ? null
      : normalizeDate(request["end"], `${path}.end`, timeZone);
  return { start, end, time_zone: timeZone };
}

/**
 * Dates stay dates; date-times are kept to the minute like Notion does and answered as
 * `2024-05-01T09:30:00.000+00:00` (UTC), or as local wall time when a time_zone is given.
 */
export function normalizeDate(raw: unknown, path: string, timeZone: string | null): string {
  const match = typeof raw === "string" ? ISO_8601.exec(raw) : null;
  const bad = () =>
    bodyValidationError(`${path} should be a valid ISO 8601 date string, instead was \`${show(raw)}\`.`);
  if (match === null || typeof raw !== "string") throw bad();
  const [, year, month, day, hour, minute, , offset] = match;
  const dayOnly = Date.UTC(Number(year), Number(month) - 1, Number(day));
  if (new Date(dayOnly).toISOString().slice(0, 10) !== raw.slice(0, 10)) throw bad();
  if (hour === undefined || minute === undefined) return raw;
  if (Number(hour) > 23 || Number(minute) > 59) throw bad();
  const wallTime = `${raw.slice(0, 10)}T${hour}:${minute}:00.000`;
  if (offset === undefined && timeZone !== null) return wallTime;
  const instant = Date.parse(`${wallTime}${offset === undefined || offset === "Z" ? "Z" : withColon(offset)}`);
  if (Number.isNaN(instant)) throw bad();
  return `${new Date(instant).toISOString().slice(0, 19)}.000+00:00`;
}

function withColon(offset: string): string {
  return offset.includes(":") ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

/** Plain text of a value, for filters, sorts and page URLs. */
export function plainText(value: PropertyValue | undefined): string {
  if (value === undefined) return "";
  switch (value.type) {
    case "title":
      return value.title.map((item) => item.plain_text).join("");
    case "rich_text":
      return value.rich_text.map((item) => item.plain_text).join("");
    case "url":
      return value.url ?? "";
    case "email":
      return value.email ?? "";
    case "phone_number":
      return value.phone_number ?? "";
    default:
      return "";
  }
}
