import { bodyValidationError, notModelled, validationError } from "./errors.js";
import { normalizeId } from "./ids.js";
import { findProperty, type PropertyDefinition } from "./schema.js";
import { asSchema, show } from "./spec-messages.js";
import { emptyValue, normalizeDate, type PropertyValue, plainText } from "./values.js";

/** What filters and sorts see of a page. */
export interface QueryRow {
  seq: number;
  createdTime: number;
  lastEditedTime: number;
  /** Values by property id; a missing id reads as the column's empty value. */
  values: Readonly<Record<string, PropertyValue>>;
}

export interface QueryContext {
  definitions: PropertyDefinition[];
  /** The integration's bot user, which `"me"` means in people filters. */
  botUserId: string;
}

type Predicate = (row: QueryRow) => boolean;

const TEXT = [
  "equals",
  "does_not_equal",
  "contains",
  "does_not_contain",
  "starts_with",
  "ends_with",
  "is_empty",
  "is_not_empty",
];
const NUMBER = [
  "equals",
  "does_not_equal",
  "greater_than",
  "less_than",
  "greater_than_or_equal_to",
  "less_than_or_equal_to",
  "is_empty",
  "is_not_empty",
];
const CHOICE = ["equals", "does_not_equal", "is_empty", "is_not_empty"];
const CONTAINS = ["contains", "does_not_contain", "is_empty", "is_not_empty"];
const DATE = ["equals", "before", "after", "on_or_before", "on_or_after", "is_empty", "is_not_empty"];
const RELATIVE_DATE = ["past_week", "past_month", "past_year", "next_week", "next_month", "next_year", "this_week"];

const CONDITIONS: Record<PropertyDefinition["type"], string[]> = {
  title: TEXT,
  rich_text: TEXT,
  url: TEXT,
  email: TEXT,
  phone_number: TEXT,
  number: NUMBER,
  checkbox: ["equals", "does_not_equal"],
  select: CHOICE,
  status: CHOICE,
  multi_select: CONTAINS,
  people: CONTAINS,
  date: DATE,
};

/** Filter keys Notion knows; a known key on a column of another type is a type mismatch. */
const FILTER_TYPES = [
  ...Object.keys(CONDITIONS),
  "files",
  "relation",
  "formula",
  "rollup",
  "unique_id",
  "created_time",
  "last_edited_time",
  "created_by",
  "last_edited_by",
  "verification",
];

/** Compiles a data source query `filter` into a predicate, rejecting what Notion rejects. */
export function compileFilter(raw: unknown, context: QueryContext, path = "body.filter", depth = 0): Predicate {
  const filter = asSchema(raw);
  if (filter === undefined) throw bodyValidationError(`${path} should be an object, instead was \`${show(raw)}\`.`);
  for (const key of ["and", "or"] as const) {
    if (filter[key] === undefined) continue;
    const parts = filter[key];
    if (!Array.isArray(parts))
      throw bodyValidationError(`${path}.${key} should be an array, instead was \`${show(parts)}\`.`);
    // Documented limit: compound filters nest at most two levels deep.
    if (depth >= 2) throw bodyValidationError(`${path}.${key} should be not present, instead was \`${show(parts)}\`.`);
    const predicates = parts.map((part, index) => compileFilter(part, context, `${path}.${key}[${index}]`, depth + 1));
    return key === "and" ? (row) => predicates.every((p) => p(row)) : (row) => predicates.some((p) => p(row));
  }
  if (filter["timestamp"] !== undefined) return timestampFilter(filter, path);
  if (typeof filter["property"] !== "string") {
    throw bodyValidationError(`${path}.property should be defined, instead was \`${show(filter["property"])}\`.`);
  }
  const definition = findProperty(context.definitions, filter["property"]);
  if (definition === undefined) throw validationError(`Could not find property with name or id: ${filter["property"]}`);
  const filterType = Object.keys(filter).find((key) => FILTER_TYPES.includes(key));
  if (filterType === undefined) {
    throw bodyValidationError(`${path}.${definition.type} should be defined, instead was \`undefined\`.`);
  }
  if (filterType !== definition.type) {
    throw validationError(`database property ${definition.type} does not match filter ${filterType}`);
  }
  const [condition, operand] = conditionOf(filter[filterType], CONDITIONS[definition.type], `${path}.${filterType}`);
  const test = valueTest(definition, condition, operand, `${path}.${filterType}.${condition}`, context);
  return (row) => test(row.values[definition.id] ?? emptyValue(definition));
}

function timestampFilter(filter: Record<string, unknown>, path: string): Predicate {
  const timestamp = filter["timestamp"];
  if (timestamp !== "created_time" && timestamp !== "last_edited_time") {
    const allowed = '`"created_time"` or `"last_edited_time"`';
    throw bodyValidationError(`${path}.timestamp should be ${allowed}, instead was \`${show(timestamp)}\`.`);
  }
  const [condition, operand] = conditionOf(filter[timestamp], DATE, `${path}.${timestamp}`);
  const test = dateTest(condition, operand, `${path}.${timestamp}.${condition}`);
  return (row) => test(new Date(timestamp === "created_time" ? row.createdTime : row.lastEditedTime).toISOString());
}

/** The single condition of a condition object (`{ equals: "x" }`), worded like Notion when it is not one. */
function conditionOf(raw: unknown, allowed: string[], path: string): [string, unknown] {
  const object = asSchema(raw);
  if (object === undefined) throw bodyValidationError(`${path} should be an object, instead was \`${show(raw)}\`.`);
  const keys = Object.keys(object);
  const relative = keys.find((key) => RELATIVE_DATE.includes(key));
  if (relative !== undefined && allowed === DATE) throw notModelled(`the relative date filter condition ${relative}`);
  const unknown = keys.find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw bodyValidationError(`${path}.${unknown} should be not present, instead was \`${show(object[unknown])}\`.`);
  }
  const [condition] = keys;
  if (condition === undefined || keys.length > 1) {
    const lines = allowed.map((name) => `${path}.${name} should be defined, instead was \`undefined\`.`);
    throw validationError(`body failed validation. Fix one:\n${lines.join("\n")}`);
  }
  return [condition, object[condition]];
}

function valueTest(
  definition: PropertyDefinition,
  condition: string,
  operand: unknown,
  path: string,
  context: QueryContext,
): (value: PropertyValue) => boolean {
  if (condition === "is_empty" || condition === "is_not_empty") {
    if (operand !== true) throw bodyValidationError(`${path} should be \`true\`, instead was \`${show(operand)}\`.`);
    return condition === "is_empty" ? (value) => isEmpty(value) : (value) => !isEmpty(value);
  }
  switch (definition.type) {
    case "title":
    case "rich_text":
    case "url":
    case "email":
    case "phone_number":
      return textTest(condition, expect(operand, "string", path));
    case "number": {
      const n = expect(operand, "number", path);
      return (value) =>
        value.type === "number" && value.number !== null ? compareNumber(condition, value.number, n) : false;
    }
    case "checkbox": {
      const wanted = expect(operand, "boolean", path);
      return (value) => value.type === "checkbox" && (condition === "equals") === (value.checkbox === wanted);
    }
    case "select":
    case "status": {
      const name = expect(operand, "string", path);
      return (value) => {
        const chosen = value.type === "select" ? value.select : value.type === "status" ? value.status : null;
        return condition === "equals" ? chosen?.name === name : chosen?.name !== name;
      };
    }
    case "multi_select": {
      const name = expect(operand, "string", path);
      return (value) => {
        const has = value.type === "multi_select" && value.multi_select.some((option) => option.name === name);
        return condition === "contains" ? has : !has;
      };
    }
    case "people": {
      const raw = expect(operand, "string", path);
      const id = raw === "me" ? context.botUserId : normalizeId(raw);
      if (id === undefined) throw bodyValidationError(`${path} should be a valid uuid, instead was \`${show(raw)}\`.`);
      return (value) => {
        const has = value.type === "people" && value.people.some((person) => person.id === id);
        return condition === "contains" ? has : !has;
      };
    }
    case "date": {
      const test = dateTest(condition, operand, path);
      return (value) => (value.type === "date" && value.date !== null ? test(value.date.start) : false);
    }
  }
}

function expect<T extends "string" | "number" | "boolean">(
  operand: unknown,
  type: T,
  path: string,
): T extends "string" ? string : T extends "number" ? number : boolean {
  if (typeof operand !== type) {
    const article = type === "string" ? "a string" : type === "number" ? "a number" : "a boolean";
    throw bodyValidationError(`${path} should be ${article}, instead was \`${show(operand)}\`.`);
  }
  return operand as T extends "string" ? string : T extends "number" ? number : boolean;
}

/** Text conditions: `equals` is exact, the substring conditions ignore case. */
function textTest(condition: string, wanted: string): (value: PropertyValue) => boolean {
  const lower = wanted.toLowerCase();
  return (value) => {
    const text = plainText(value);
    const folded = text.toLowerCase();
    switch (condition) {
      case "equals":
        return text === wanted;
      case "does_not_equal":
        return text !== wanted;
      case "contains":
        return folded.includes(lower);
      case "does_not_contain":
        return !folded.includes(lower);
      case "starts_with":
        return folded.startsWith(lower);
      default:
        return folded.endsWith(lower);
    }
  };
}

function compareNumber(condition: string, actual: number, wanted: number): boolean {
  switch (condition) {
    case "equals":
      return actual === wanted;
    case "does_not_equal":
      return actual !== wanted;
    case "greater_than":
      return actual > wanted;
    case "less_than":
      return actual < wanted;
    case "greater_than_or_equal_to":
      return actual >= wanted;
    default:
      return actual <= wanted;
  }
}

/**
 * Date conditions: a date-only operand compares calendar days (UTC), a date-time operand
 * compares instants.
 */
function dateTest(condition: string, operand: unknown, path: string): (start: string) => boolean {
  if (condition === "is_empty" || condition === "is_not_empty") {
    if (operand !== true) throw bodyValidationError(`${path} should be \`true\`, instead was \`${show(operand)}\`.`);
    // Only reached for timestamps, which are never empty.
    return () => condition === "is_not_empty";
  }
  normalizeDate(operand, path, null);
  const wanted = String(operand);
  const dayOnly = wanted.length === 10;
  return (start) => {
    const difference = dayOnly
      ? start.slice(0, 10).localeCompare(wanted)
      : Math.sign(Date.parse(start.length === 10 ? `${start}T00:00:00Z` : start) - Date.parse(wanted));
    switch (condition) {
      case "equals":
        return difference === 0;
      case "before":
        return difference < 0;
      case "after":
        return difference > 0;
      case "on_or_before":
        return difference <= 0;
      default:
        return difference >= 0;
    }
  };
}

function isEmpty(value: PropertyValue): boolean {
  switch (value.type) {
    case "number":
      return value.number === null;
    case "checkbox":
      return false;
    case "select":
      return value.select === null;
    case "status":
      return value.status === null;
    case "multi_select":
      return value.multi_select.length === 0;
    case "people":
      return value.people.length === 0;
    case "date":
      return value.date === null;
    default:
      return plainText(value) === "";
  }
}

type Comparator = (a: QueryRow, b: QueryRow) => number;

/**
 * Compiles `sorts`; the first sort takes precedence. Empty values sort last in either direction.
 * Without sorts (or on ties) pages come in creation order.
 */
export function compileSorts(raw: unknown, context: QueryContext): Comparator {
  const sorts = Array.isArray(raw) ? raw : [];
  const comparators = sorts.map((item, index): Comparator => {
    const sort = asSchema(item) ?? {};
    const sign = sort["direction"] === "descending" ? -1 : 1;
    if (sort["timestamp"] === "created_time" || sort["timestamp"] === "last_edited_time") {
      const key = sort["timestamp"] === "created_time" ? "createdTime" : "lastEditedTime";
      return (a, b) => sign * (a[key] - b[key]);
    }
    if (typeof sort["property"] !== "string") {
      throw bodyValidationError(`body.sorts[${index}].property should be defined, instead was \`undefined\`.`);
    }
    const definition = findProperty(context.definitions, sort["property"]);
    if (definition === undefined)
      throw validationError(`Could not find sort property with name or id: ${sort["property"]}`);
    return (a, b) => compareKeys(sortKey(definition, a), sortKey(definition, b), sign);
  });
  return (a, b) => {
    for (const compare of comparators) {
      const result = compare(a, b);
      if (result !== 0) return result;
    }
    return a.seq - b.seq;
  };
}

function compareKeys(a: string | number | undefined, b: string | number | undefined, sign: number): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return sign * (a - b);
  return sign * String(a).localeCompare(String(b));
}

function sortKey(definition: PropertyDefinition, row: QueryRow): string | number | undefined {
  const value = row.values[definition.id] ?? emptyValue(definition);
  const optionIndex = (id: string | undefined) => {
    const index = definition.options.findIndex((option) => option.id === id);
    return index < 0 ? undefined : index;
  };
  switch (value.type) {
    case "number":
      return value.number ?? undefined;
    case "checkbox":
      return value.checkbox ? 1 : 0;
    case "select":
      return optionIndex(value.select?.id);
    case "status":
      return optionIndex(value.status?.id);
    case "multi_select":
      return optionIndex(value.multi_select[0]?.id);
    case "date":
      return value.date
        ? Date.parse(value.date.start.length === 10 ? `${value.date.start}T00:00:00Z` : value.date.start)
        : undefined;
    case "people": {
      const first = value.people[0];
      return first && "name" in first ? (first.name ?? undefined) : undefined;
    }
    default:
      return plainText(value) || undefined;
  }
}

export interface Page<T> {
  results: T[];
  next_cursor: string | null;
  has_more: boolean;
}

/** Cursor pagination: a cursor is the id of the first item of the next page. */
export function paginate<T>(
  items: T[],
  idOf: (item: T) => string,
  startCursor: string | undefined,
  pageSize: number | undefined,
  location: "body" | "query",
): Page<T> {
  let start = 0;
  if (startCursor !== undefined) {
    start = items.findIndex((item) => idOf(item) === startCursor);
    if (start < 0) {
      throw validationError(
        `${location} failed validation: ${location}.start_cursor should be a valid cursor, instead was \`${show(startCursor)}\`.`,
      );
    }
  }
  const size = pageSize ?? 100;
  const results = items.slice(start, start + size);
  const next = items[start + size];
  return { results, next_cursor: next === undefined ? null : idOf(next), has_more: next !== undefined };
}
