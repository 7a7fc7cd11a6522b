import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import * as ajvFormats from "ajv-formats";
import { invalidRequest, notFound, problemsParsingJson } from "../errors.js";
import { githubSpec, type OpenApiParameter, type Operation } from "./spec.js";

export interface ValidatedRequest {
  /** Path and query parameters, typed by their schema, with schema defaults applied to absent query parameters. */
  params: Record<string, unknown>;
  body: unknown;
}

/**
 * Checks a request against its operation in GitHub's OpenAPI description, the way GitHub answers:
 * a path parameter of the wrong type is a 404 (no route), a bad query parameter or body is a 422
 * `Invalid request.` and a body that is not JSON is a 400 `Problems parsing JSON`.
 * Schemas are compiled on first use and cached.
 */
export function validateRequest(
  operation: Operation,
  pathParams: Record<string, string>,
  query: URLSearchParams,
  rawBody: string,
): ValidatedRequest {
  const params: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in !== "path" && parameter.in !== "query") continue;
    const raw = parameter.in === "path" ? pathParams[parameter.name] : query.getAll(parameter.name).at(-1);
    if (raw === undefined) {
      const fallback = parameter.schema?.["default"];
      if (fallback !== undefined) params[parameter.name] = fallback;
      else if (parameter.required) {
        throw invalidRequest(`"${parameter.name}" wasn't supplied.`, operation.documentationUrl);
      }
      continue;
    }
    const value = fromString(raw, parameter.schema ?? {});
    const validate = parameterValidator(parameter);
    if (!validate(value)) {
      if (parameter.in === "path") throw notFound(operation.documentationUrl);
      throw invalidRequest(describe(validate.errors?.[0], value, parameter.name), operation.documentationUrl);
    }
    params[parameter.name] = value;
  }
  return { params, body: validateBody(operation, rawBody) };
}

function validateBody(operation: Operation, rawBody: string): unknown {
  if (operation.body === undefined) return undefined;
  let body: unknown = null;
  if (rawBody.trim() !== "") {
    try {
      body = JSON.parse(rawBody) as unknown;
    } catch {
      throw problemsParsingJson(operation.documentationUrl);
    }
  } else if (!operation.body.required) {
    return {};
  }
  const validate = bodyValidator(operation);
  if (!validate(body)) {
    throw invalidRequest(describe(validate.errors?.[0], body, undefined), operation.documentationUrl);
  }
  return body;
}

// Query values like `created=>=2026-01-01` are valid on GitHub although the spec says `date-time`,
// so parameter formats are not enforced; body formats are.
let paramAjv: Ajv | undefined;
let bodyAjv: Ajv | undefined;
const parameterValidators = new WeakMap<OpenApiParameter, ValidateFunction>();
const bodyValidators = new WeakMap<Operation, ValidateFunction>();
/** Shared component schemas already registered with each Ajv instance. */
const registered = new WeakMap<Ajv, Set<string>>();

function parameterValidator(parameter: OpenApiParameter): ValidateFunction {
  const known = parameterValidators.get(parameter);
  if (known !== undefined) return known;
  paramAjv ??= new Ajv({ strict: false, validateFormats: false, logger: false });
  const compiled = paramAjv.compile(prepare(paramAjv, parameter.schema ?? {}) as object);
  parameterValidators.set(parameter, compiled);
  return compiled;
}

function bodyValidator(operation: Operation): ValidateFunction {
  const known = bodyValidators.get(operation);
  if (known !== undefined) return known;
  if (bodyAjv === undefined) {
    bodyAjv = new Ajv({ strict: false, logger: false });
    addFormats(bodyAjv);
  }
  const compiled = bodyAjv.compile(prepare(bodyAjv, operation.body?.schema ?? {}) as object);
  bodyValidators.set(operation, compiled);
  return compiled;
}

function addFormats(ajv: Ajv): void {
  // ajv-formats is CommonJS; its default export arrives wrapped or bare depending on the loader.
  const plugin = (ajvFormats as unknown as { default: ((ajv: Ajv) => Ajv) | { default: (ajv: Ajv) => Ajv } }).default;
  (typeof plugin === "function" ? plugin : plugin.default)(ajv);
}

const COMPONENT_ID = "https://github-fake.invalid/schemas/";

/**
 * Makes an OpenAPI 3.0 schema Ajv-ready: `$ref`s to shared schemas point at copies registered on
 * first use (only what a hit operation needs is compiled), and `nullable` without `type` — which
 * Ajv rejects — becomes "this schema or null".
 */
function prepare(ajv: Ajv, schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map((entry) => prepare(ajv, entry));
  if (schema === null || typeof schema !== "object") return schema;
  const prepared: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "$ref" && typeof value === "string" && value.startsWith("#/components/schemas/")) {
      prepared["$ref"] = register(ajv, value.slice("#/components/schemas/".length));
    } else {
      prepared[key] = prepare(ajv, value);
    }
  }
  if (prepared["nullable"] === true && prepared["type"] === undefined) {
    delete prepared["nullable"];
    return { anyOf: [prepared, { type: "null" }] };
  }
  if (prepared["nullable"] === true && Array.isArray(prepared["enum"]) && !prepared["enum"].includes(null)) {
    prepared["enum"] = [...prepared["enum"], null];
  }
  return prepared;
}

function register(ajv: Ajv, name: string): string {
  const id = `${COMPONENT_ID}${encodeURIComponent(name)}`;
  const names = registered.get(ajv) ?? new Set<string>();
  registered.set(ajv, names);
  if (!names.has(name)) {
    names.add(name);
    ajv.addSchema({ ...(prepare(ajv, githubSpec().components.schemas[name] ?? {}) as object), $id: id });
  }
  return id;
}

/** Query and path values arrive as strings; type them by the schema before validating. */
function fromString(raw: string, schema: Record<string, unknown>): unknown {
  const types = schemaTypes(schema);
  if (types.has("string")) return raw;
  if ((types.has("integer") || types.has("number")) && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (types.has("boolean") && (raw === "true" || raw === "false")) return raw === "true";
  if (types.has("array")) return raw.split(",");
  return raw;
}

function schemaTypes(schema: Record<string, unknown>): Set<string> {
  const types = new Set<string>();
  if (typeof schema["$ref"] === "string") {
    const target = githubSpec().components.schemas[schema["$ref"].replace("#/components/schemas/", "")];
    return target === undefined ? types : schemaTypes(target as Record<string, unknown>);
  }
  const type = schema["type"];
  if (typeof type === "string") types.add(type);
  if (Array.isArray(type)) for (const entry of type) types.add(String(entry));
  for (const key of ["oneOf", "anyOf"]) {
    const branches = schema[key];
    if (Array.isArray(branches)) {
      for (const branch of branches)
        for (const entry of schemaTypes(branch as Record<string, unknown>)) types.add(entry);
    }
  }
  return types;
}

/** GitHub's wording for a schema violation; the location is the schema path, e.g. `properties/state`. */
function describe(error: ErrorObject | undefined, data: unknown, parameterName: string | undefined): string {
  if (error === undefined) return "The request is invalid.";
  if (error.keyword === "required") return `"${String(error.params["missingProperty"])}" wasn't supplied.`;
  if (error.keyword === "additionalProperties") {
    return `"${String(error.params["additionalProperty"])}" is not a permitted key.`;
  }
  const value = valueAt(data, error.instancePath);
  const location = parameterName ?? schemaLocation(error.schemaPath);
  const subject = `For '${location}', ${inspect(value)}`;
  switch (error.keyword) {
    case "type":
      return `${subject} is not ${withArticle(String(error.params["type"]))}.`;
    case "enum":
      return `${subject} is not one of ${inspect(error.params["allowedValues"])}.`;
    case "oneOf":
    case "anyOf":
      return `${subject} is not a valid value (no subschema in "${error.keyword}" matched).`;
    default:
      return `${subject} ${error.message ?? "is invalid"}.`;
  }
}

function schemaLocation(schemaPath: string): string {
  const path = schemaPath
    .replace(/^.*#\/?/, "")
    .split("/")
    .slice(0, -1)
    .join("/");
  // GitHub names the body's root schema `links/0/schema` (its hyper-schema location).
  return path === "" ? "links/0/schema" : path;
}

function withArticle(type: string): string {
  const first = type.split(",")[0] ?? type;
  return /^[aeiou]/.test(first) ? `an ${first}` : `a ${first}`;
}

function valueAt(data: unknown, pointer: string): unknown {
  let current = data;
  for (const part of pointer.split("/").slice(1)) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    current = current !== null && typeof current === "object" ? (current as Record<string, unknown>)[key] : undefined;
  }
  return current;
}

/** Values as GitHub (Ruby) prints them: `nil`, `"text"`, `["a", "b"]`, `{"key" => 1}`. */
function inspect(value: unknown): string {
  if (value === null || value === undefined) return "nil";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(inspect).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value).map(([key, entry]) => `${JSON.stringify(key)} => ${inspect(entry)}`);
    return `{${entries.join(", ")}}`;
  }
  return String(value);
}
