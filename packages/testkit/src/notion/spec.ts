import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { validationError } from "./errors.js";
import { isNotionId } from "./ids.js";
import { asSchema, describeValidationErrors, type JsonSchema } from "./spec-messages.js";

/**
 * The official Notion OpenAPI 3.1 document shipped in @notionhq/notion-mcp-server (API 2025-09-03),
 * vendored (the server package brings 37 MB of dependencies; `node scripts/vendor-specs.mjs` refreshes it).
 * Paths carry the `/v1` prefix and the server is `https://api.notion.com`, which is exactly how the
 * SDK builds URLs (`<baseUrl>/v1/<path>`), so request paths match the spec's templates directly.
 */
export function notionSpecPath(): string {
  return fileURLToPath(new URL("../../spec/notion-openapi.json", import.meta.url));
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonSchema;
}

export interface SpecOperation {
  operationId: string;
  method: string;
  template: string;
  parameters: Parameter[];
  body: JsonSchema | undefined;
}

export interface RouteMatch {
  operation: SpecOperation;
  pathParams: Record<string, string>;
}

interface Route {
  operation: SpecOperation;
  segments: string[];
  literalCount: number;
}

interface OperationValidators {
  path: ValidateFunction;
  query: ValidateFunction;
  body: ValidateFunction | undefined;
}

interface LoadedSpec {
  routes: Route[];
  strict: Ajv2020;
  coercing: Ajv2020;
  validators: Map<string, OperationValidators>;
}

const METHODS = ["get", "post", "patch", "put", "delete"];

// Loaded and compiled once per process, on first use; each operation's validators on first request.
let loaded: LoadedSpec | undefined;

function spec(): LoadedSpec {
  loaded ??= loadSpec();
  return loaded;
}

function loadSpec(): LoadedSpec {
  const document = JSON.parse(readFileSync(notionSpecPath(), "utf8")) as JsonSchema;
  applyOverlay(document);
  const resolved = dereference(document, document, []) as JsonSchema;
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(asSchema(resolved["paths"]) ?? {})) {
    for (const [method, value] of Object.entries(asSchema(item) ?? {})) {
      if (!METHODS.includes(method)) continue;
      const operation = asSchema(value) ?? {};
      const segments = template.split("/").filter(Boolean);
      routes.push({
        operation: {
          operationId: String(operation["operationId"]),
          method: method.toUpperCase(),
          template,
          parameters: (Array.isArray(operation["parameters"]) ? operation["parameters"] : []) as Parameter[],
          body: asSchema(
            asSchema(asSchema(asSchema(operation["requestBody"])?.["content"])?.["application/json"])?.["schema"],
          ),
        },
        segments,
        literalCount: segments.filter((segment) => !segment.startsWith("{")).length,
      });
    }
  }
  // `/v1/users/me` must win over `/v1/users/{user_id}`: most literal segments first.
  routes.sort((a, b) => b.literalCount - a.literalCount);
  return { routes, strict: newAjv(false), coercing: newAjv(true), validators: new Map() };
}

function newAjv(coerce: boolean): Ajv2020 {
  // The spec is not strictly valid OpenAPI/JSON Schema (unknown keywords, `example`s): strict off.
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    verbose: true,
    logger: false,
    coerceTypes: coerce && "array",
  });
  // Notion takes ids with or without dashes wherever the spec says uuid.
  ajv.addFormat("uuid", { type: "string", validate: isNotionId });
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
  ajv.addFormat("json", true);
  return ajv;
}

/** Finds the spec operation for a request; undefined when no path template and method match. */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  const segments = path.split("/").filter(Boolean);
  for (const route of spec().routes) {
    if (route.operation.method !== method || route.segments.length !== segments.length) continue;
    const pathParams: Record<string, string> = {};
    const matches = route.segments.every((expected, index) => {
      const actual = segments[index] ?? "";
      if (expected.startsWith("{")) {
        pathParams[expected.slice(1, -1)] = safeDecode(actual);
        return actual !== "";
      }
      return expected === actual;
    });
    if (matches) return { operation: route.operation, pathParams };
  }
  return undefined;
}

/**
 * Checks path parameters, query parameters and the JSON body against the operation's schemas;
 * throws a 400 validation_error worded like Notion's ("body failed validation: body.x should be …").
 */
export function validateRequest(match: RouteMatch, query: URLSearchParams, body: unknown): void {
  const { operation } = match;
  const validators = validatorsFor(operation);
  check(validators.path, "path", match.pathParams, parameterSchema(operation, "path"));
  check(validators.query, "query", queryObject(operation, query), parameterSchema(operation, "query"));
  if (validators.body && operation.body) check(validators.body, "body", body ?? {}, operation.body);
}

function check(validate: ValidateFunction, location: string, data: unknown, schema: JsonSchema): void {
  if (validate(data)) return;
  const errors: ErrorObject[] = validate.errors ?? [];
  throw validationError(describeValidationErrors(location, errors, schema, data));
}

function validatorsFor(operation: SpecOperation): OperationValidators {
  const { strict, coercing, validators } = spec();
  let found = validators.get(operation.operationId);
  if (found === undefined) {
    found = {
      path: strict.compile(parameterSchema(operation, "path")),
      query: coercing.compile(parameterSchema(operation, "query")),
      body: operation.body ? strict.compile(operation.body) : undefined,
    };
    validators.set(operation.operationId, found);
  }
  return found;
}

function parameterSchema(operation: SpecOperation, location: "path" | "query"): JsonSchema {
  const parameters = operation.parameters.filter((parameter) => parameter.in === location);
  return {
    type: "object",
    properties: Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter.schema ?? {}])),
    required: parameters.filter((parameter) => parameter.required).map((parameter) => parameter.name),
  };
}

/** Query strings are text: arrays come from repeated keys, scalars from the first value. */
function queryObject(operation: SpecOperation, query: URLSearchParams): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in !== "query") continue;
    const values = query.getAll(parameter.name);
    if (values.length === 0) continue;
    result[parameter.name] = parameter.schema?.["type"] === "array" ? values : values[0];
  }
  return result;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function dereference(node: unknown, root: JsonSchema, seen: string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => dereference(item, root, seen));
  const object = asSchema(node);
  if (object === undefined) return node;
  const ref = object["$ref"];
  if (typeof ref === "string") {
    if (seen.includes(ref)) throw new Error(`notion-openapi.json: circular $ref ${ref}`);
    return dereference(pointer(root, ref), root, [...seen, ref]);
  }
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, dereference(value, root, seen)]));
}

function pointer(root: JsonSchema, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`notion-openapi.json: unsupported $ref ${ref}`);
  let node: unknown = root;
  for (const key of ref.slice(2).split("/")) {
    node = asSchema(node)?.[key.replaceAll("~1", "/").replaceAll("~0", "~")];
    if (node === undefined) throw new Error(`notion-openapi.json: unresolved $ref ${ref}`);
  }
  return node;
}

/**
 * Corrections where the published spec contradicts the documented API (each one makes the spec
 * reject requests the real API accepts, or accept what it rejects). A patch whose target is gone
 * throws, so a spec upgrade that fixes or moves it is noticed.
 */
function applyOverlay(document: JsonSchema): void {
  const schemas = at(document, ["components", "schemas"]);
  // 2025-09-03 pages are created under a data source: `{type: "data_source_id", data_source_id}`.
  const parent = at(schemas, ["parentRequest"]);
  (parent["oneOf"] as unknown[]).push({
    type: "object",
    properties: { type: { const: "data_source_id" }, data_source_id: { type: "string", format: "uuid" } },
    required: ["data_source_id"],
  });
  // Sorts are by property or by timestamp (created_time / last_edited_time).
  schemas["sortObject"] = {
    type: "object",
    required: ["direction"],
    properties: {
      property: { type: "string" },
      timestamp: { enum: ["created_time", "last_edited_time"] },
      direction: { enum: ["ascending", "descending"], type: "string" },
    },
  };
  // Children are block objects and icon/cover are objects, not strings.
  const create = at(document, ["paths", "/v1/pages", "post", "requestBody", "content", "application/json", "schema"]);
  const createProperties = at(create, ["properties"]);
  createProperties["children"] = { type: "array", items: { type: "object" }, maxItems: 100 };
  createProperties["icon"] = { type: ["object", "null"] };
  createProperties["cover"] = { type: ["object", "null"] };
  const update = at(document, ["paths", "/v1/pages/{page_id}", "patch", "requestBody", "content", "application/json"]);
  const updateProperties = at(update, ["schema", "properties"]);
  updateProperties["icon"] = { type: ["object", "null"] };
  updateProperties["cover"] = { type: ["object", "null"] };
  // The file (2025-09-03 "data source edition") omits the documented `POST /v1/databases`, which creates a
  // database under a page together with its first data source; described here from the reference page
  // "Create a database" (parent page or workspace, title, description, is_inline, initial_data_source,
  // icon, cover; unknown keys refused). Its column definitions are checked by the fake, as for
  // `PATCH /v1/data_sources/{id}` whose `properties` the file also leaves a bare object.
  const paths = at(document, ["paths"]);
  if (paths["/v1/databases"] !== undefined)
    throw new Error("notion-openapi.json now describes /v1/databases: drop the overlay");
  const richText = { type: "array", items: { $ref: "#/components/schemas/richTextRequest" }, maxItems: 100 };
  paths["/v1/databases"] = {
    post: {
      operationId: "create-a-database",
      parameters: [{ $ref: "#/components/parameters/notionVersion" }],
      requestBody: {
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["parent"],
              additionalProperties: false,
              properties: {
                parent: {
                  oneOf: [
                    {
                      type: "object",
                      properties: { type: { const: "page_id" }, page_id: { type: "string", format: "uuid" } },
                      required: ["page_id"],
                      additionalProperties: false,
                    },
                    {
                      type: "object",
                      properties: { type: { const: "workspace" }, workspace: { const: true } },
                      required: ["type", "workspace"],
                      additionalProperties: false,
                    },
                  ],
                },
                title: richText,
                description: richText,
                is_inline: { type: "boolean" },
                initial_data_source: {
                  type: "object",
                  properties: { properties: { type: "object" } },
                  additionalProperties: false,
                },
                icon: { type: ["object", "null"] },
                cover: { type: ["object", "null"] },
              },
            },
          },
        },
      },
    },
  };
  // page_size is documented as 1..100.
  const query = at(document, ["paths", "/v1/data_sources/{data_source_id}/query", "post", "requestBody"]);
  Object.assign(at(query, ["content", "application/json", "schema", "properties", "page_size"]), PAGE_SIZE);
  const users = at(document, ["paths", "/v1/users", "get"]);
  const usersPageSize = (users["parameters"] as JsonSchema[]).find((parameter) => parameter["name"] === "page_size");
  if (usersPageSize === undefined) throw new Error("notion-openapi.json: GET /v1/users has no page_size");
  Object.assign(at(usersPageSize, ["schema"]), PAGE_SIZE);
  // Notion checks every object id in a path is a uuid ("path.page_id should be a valid uuid").
  for (const item of Object.values(at(document, ["paths"]))) {
    for (const operation of Object.values(asSchema(item) ?? {})) {
      const parameters = asSchema(operation)?.["parameters"];
      if (!Array.isArray(parameters)) continue;
      for (const parameter of parameters as JsonSchema[]) {
        const schema = asSchema(parameter["schema"]);
        const name = String(parameter["name"]);
        if (parameter["in"] === "path" && name.endsWith("_id") && name !== "property_id" && schema)
          schema["format"] = "uuid";
      }
    }
  }
}

const PAGE_SIZE = { minimum: 1, maximum: 100 };

function at(node: JsonSchema, keys: string[]): JsonSchema {
  let current: JsonSchema = node;
  for (const key of keys) {
    const next = asSchema(current[key]);
    if (next === undefined) throw new Error(`notion-openapi.json: overlay target ${keys.join(" › ")} not found`);
    current = next;
  }
  return current;
}
