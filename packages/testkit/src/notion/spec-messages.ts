import type { ErrorObject } from "ajv/dist/2020.js";

export type JsonSchema = { [key: string]: unknown };

export function asSchema(value: unknown): JsonSchema | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonSchema) : undefined;
}

/**
 * Words ajv errors the way Notion's validator does:
 *   body failed validation: body.page_size should be a number or `undefined`, instead was `"ten"`.
 *   body failed validation. Fix one:\nbody.parent.page_id should be defined, …\nbody.parent.database_id …
 */
export function describeValidationErrors(
  location: string,
  errors: ErrorObject[],
  schema: JsonSchema,
  data: unknown,
): string {
  const first = errors[0];
  if (first === undefined) return `${location} failed validation.`;
  // ajv reports a oneOf/anyOf after the errors of each branch; Notion lists those branches.
  const union = errors.find(
    (error) =>
      (error.keyword === "oneOf" || error.keyword === "anyOf") && first.schemaPath.startsWith(`${error.schemaPath}/`),
  );
  if (union !== undefined) {
    const branches = errors.filter((error) => error.schemaPath.startsWith(`${union.schemaPath}/`));
    const lines = [...new Set(branches.map((error) => describe(location, error, schema, data)))];
    return `${location} failed validation. Fix one:\n${lines.join("\n")}`;
  }
  return `${location} failed validation: ${describe(location, first, schema, data)}`;
}

function describe(location: string, error: ErrorObject, schema: JsonSchema, data: unknown): string {
  const segments = pointerSegments(error.instancePath);
  const path = renderPath(location, segments, data);
  const value: unknown = error.data;
  const orUndefined = isOptional(schema, segments) ? " or `undefined`" : "";
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required": {
      const missing = String(params["missingProperty"]);
      return `${path}.${missing} should be defined, instead was \`undefined\`.`;
    }
    case "additionalProperties": {
      const extra = String(params["additionalProperty"]);
      return `${path}.${extra} should be not present, instead was \`${show(asSchema(value)?.[extra])}\`.`;
    }
    case "type":
      return `${path} should be ${typeWords(params["type"])}${orUndefined}, instead was \`${show(value)}\`.`;
    case "enum":
    case "const": {
      const allowed = error.keyword === "enum" ? (params["allowedValues"] as unknown[]) : [params["allowedValue"]];
      const words = allowed.map((item) => `\`${JSON.stringify(item)}\``).join(" or ");
      return `${path} should be ${words}${orUndefined}, instead was \`${show(value)}\`.`;
    }
    case "maxLength":
    case "maxItems":
      return `${path}.length should be ≤ \`${String(params["limit"])}\`, instead was \`${lengthOf(value)}\`.`;
    case "minLength":
    case "minItems":
      return `${path}.length should be ≥ \`${String(params["limit"])}\`, instead was \`${lengthOf(value)}\`.`;
    case "maximum":
      return `${path} should be ≤ \`${String(params["limit"])}\`${orUndefined}, instead was \`${show(value)}\`.`;
    case "minimum":
      return `${path} should be ≥ \`${String(params["limit"])}\`${orUndefined}, instead was \`${show(value)}\`.`;
    case "format":
      return `${path} should be a valid ${String(params["format"])}${orUndefined}, instead was \`${show(value)}\`.`;
    default:
      return `${path} ${error.message ?? "is invalid"}, instead was \`${show(value)}\`.`;
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: "a string",
  number: "a number",
  integer: "a number",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
  null: "`null`",
};

function typeWords(type: unknown): string {
  const types = Array.isArray(type) ? type.map(String) : String(type).split(",");
  return types.map((name) => TYPE_WORDS[name] ?? name).join(" or ");
}

function lengthOf(value: unknown): number {
  return typeof value === "string" || Array.isArray(value) ? value.length : 0;
}

/** JSON of the offending value, shortened like Notion's messages. */
export function show(value: unknown): string {
  if (value === undefined) return "undefined";
  const json = JSON.stringify(value);
  return json.length > 100 ? `${json.slice(0, 100)}...` : json;
}

function pointerSegments(instancePath: string): string[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** `body` + segments, array indexes as `[n]`: body.properties.Note.rich_text[0].text.content */
function renderPath(location: string, segments: string[], data: unknown): string {
  let path = location;
  let node: unknown = data;
  for (const segment of segments) {
    path += Array.isArray(node) ? `[${segment}]` : `.${segment}`;
    node = Array.isArray(node) ? node[Number(segment)] : asSchema(node)?.[segment];
  }
  return path;
}

/** Whether the value sits under an object key its schema does not require (Notion then adds "or `undefined`"). */
function isOptional(schema: JsonSchema, segments: string[]): boolean {
  const last = segments.at(-1);
  if (last === undefined) return false;
  const parent = schemaAt(schema, segments.slice(0, -1));
  const owner = parent && branches(parent).find((candidate) => asSchema(candidate["properties"])?.[last] !== undefined);
  if (owner === undefined) return false;
  const required = Array.isArray(owner["required"]) ? owner["required"] : [];
  return !required.includes(last);
}

function schemaAt(schema: JsonSchema, segments: string[]): JsonSchema | undefined {
  let current: JsonSchema | undefined = schema;
  for (const segment of segments) {
    if (current === undefined) return undefined;
    current = step(current, segment);
  }
  return current;
}

function step(schema: JsonSchema, segment: string): JsonSchema | undefined {
  for (const candidate of branches(schema)) {
    const property = asSchema(asSchema(candidate["properties"])?.[segment]);
    if (property) return property;
    const items = asSchema(candidate["items"]);
    if (items && /^\d+$/.test(segment)) return items;
  }
  return undefined;
}

/** A schema and the alternatives of its oneOf/anyOf/allOf. */
function branches(schema: JsonSchema): JsonSchema[] {
  return [schema, ...["oneOf", "anyOf", "allOf"].flatMap((key) => asArray(schema[key]))];
}

function asArray(value: unknown): JsonSchema[] {
  if (!Array.isArray(value)) return [];
  return value.map(asSchema).filter((item): item is JsonSchema => item !== undefined);
}
