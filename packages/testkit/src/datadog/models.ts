import { createRequire } from "node:module";

/**
 * Datadog's official models (`@datadog/datadog-api-client`, generated from Datadog's OpenAPI
 * specs) as a validator of raw JSON: every required field present, primitive types and int64
 * formats right, enum values allowed, and no field the model does not have. The package is CommonJS
 * and its models are looked up by type name, so they are required (a testkit devDependency).
 */
const require = createRequire(import.meta.url);

export type ApiVersion = "v1" | "v2";

interface AttributeInfo {
  baseName: string;
  type: string;
  required?: boolean;
  format?: string;
}

type Model =
  | { kind: "class"; attributes: Record<string, AttributeInfo>; open: boolean }
  | { kind: "enum"; values: Set<string | number> }
  | { kind: "other" };

const models = new Map<string, Model>();

function model(version: ApiVersion, type: string): Model {
  const key = `${version}:${type}`;
  let found = models.get(key);
  if (found !== undefined) return found;
  let module: Record<string, unknown> = {};
  try {
    module = require(
      `@datadog/datadog-api-client/dist/packages/datadog-api-client-${version}/models/${type}.js`,
    ) as Record<string, unknown>;
  } catch {
    // Not a model file of that version (a type shared from common, or a typo in a test).
  }
  const candidate = module[type] as { getAttributeTypeMap?: () => Record<string, AttributeInfo> } | undefined;
  if (typeof candidate?.getAttributeTypeMap === "function") {
    const attributes = { ...candidate.getAttributeTypeMap() };
    // Every generated model has an additionalProperties holder; it does not make the schema open.
    delete attributes["additionalProperties"];
    found = { kind: "class", attributes, open: false };
  } else {
    const values = Object.values(module).filter((v) => typeof v === "string" || typeof v === "number");
    found = values.length > 0 ? { kind: "enum", values: new Set(values as (string | number)[]) } : { kind: "other" };
  }
  models.set(key, found);
  return found;
}

/**
 * A module of the official client (default its root; e.g. "dist/packages/datadog-api-client-v2/apis/DORAMetricsApi.js"
 * for a request factory), for contract tests that compare our requests with the official ones.
 */
export function officialDatadogModule(subpath = ""): Record<string, unknown> {
  return require(`@datadog/datadog-api-client${subpath === "" ? "" : `/${subpath}`}`) as Record<string, unknown>;
}

interface Serializer {
  deserialize(data: unknown, type: string, format: string): unknown;
}
const serializers = new Map<ApiVersion, Serializer>();

/**
 * The oneOf member the official ObjectSerializer resolves `value` to; "" for a type that is no
 * oneOf union; undefined when the value fits none of its members.
 */
function oneOfMember(value: unknown, type: string, version: ApiVersion): string | undefined {
  let serializer = serializers.get(version);
  if (serializer === undefined) {
    serializer = (
      require(`@datadog/datadog-api-client/dist/packages/datadog-api-client-${version}/models/ObjectSerializer.js`) as {
        ObjectSerializer: Serializer;
      }
    ).ObjectSerializer;
    serializers.set(version, serializer);
  }
  let resolved: unknown;
  try {
    resolved = serializer.deserialize(value, type, "");
  } catch {
    return undefined;
  }
  const name = (resolved as { constructor?: { name?: string } } | undefined)?.constructor?.name;
  if (name === "UnparsedObject") return undefined;
  return name === undefined || name === "Object" || name === type ? "" : name;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:?\d{2}|Z)?$/;

/**
 * What is wrong with `data` as Datadog's `type` model (e.g. "DORADeploymentRequest" in v2,
 * "Monitor" or "Array<Monitor>" in v1); empty when it conforms. Paths use the JSON field names.
 */
export function modelProblems(data: unknown, type: string, version: ApiVersion, path = "body"): string[] {
  const problems: string[] = [];
  check(data, type, "", version, path, problems);
  return problems;
}

function check(
  value: unknown,
  type: string,
  format: string,
  version: ApiVersion,
  path: string,
  problems: string[],
): void {
  if (value === undefined || value === null || type === "any") return;
  const fail = (problem: string) => problems.push(`${path} ${problem}`);
  if (type === "string" || type === "boolean") {
    if (typeof value !== type) fail(`must be a ${type}; got ${JSON.stringify(value)}`);
    return;
  }
  if (type === "number") {
    if (typeof value !== "number") fail(`must be a number; got ${JSON.stringify(value)}`);
    else if ((format === "int64" || format === "int32") && !Number.isInteger(value))
      fail(`must be an integer (${format}); got ${value}`);
    return;
  }
  if (type === "Date") {
    if (typeof value !== "string" || !RFC3339.test(value))
      fail(`must be an RFC 3339 date-time; got ${JSON.stringify(value)}`);
    return;
  }
  if (type.startsWith("Array<")) {
    if (!Array.isArray(value)) return void fail(`must be an array`);
    const inner = type.slice("Array<".length, -1);
    for (const [index, item] of value.entries()) check(item, inner, format, version, `${path}[${index}]`, problems);
    return;
  }
  if (type.startsWith("{ [key: string]: ")) {
    if (typeof value !== "object" || Array.isArray(value)) return void fail(`must be an object`);
    const inner = type.slice("{ [key: string]: ".length, -"; }".length);
    for (const [key, item] of Object.entries(value)) check(item, inner, format, version, `${path}.${key}`, problems);
    return;
  }
  const found = model(version, type);
  if (found.kind === "enum") {
    if (!found.values.has(value as string))
      fail(`must be one of ${[...found.values].join(", ")}; got ${JSON.stringify(value)}`);
    return;
  }
  if (found.kind === "other") {
    // A oneOf union: the official serializer picks the member that fits, or none (UnparsedObject).
    const member = oneOfMember(value, type, version);
    if (member === undefined) fail(`matches none of the members of ${type}`);
    else if (member !== "") check(value, member, format, version, path, problems);
    return;
  }
  if (typeof value !== "object" || Array.isArray(value)) return void fail(`must be an object (${type})`);
  const record = value as Record<string, unknown>;
  const known = new Set(Object.values(found.attributes).map((info) => info.baseName));
  for (const key of Object.keys(record)) if (!known.has(key)) fail(`has a field ${type} does not have: "${key}"`);
  for (const info of Object.values(found.attributes)) {
    const child = record[info.baseName];
    if (info.required === true && (child === undefined || child === null))
      problems.push(`${path}.${info.baseName} is required`);
    check(child, info.type, info.format ?? "", version, `${path}.${info.baseName}`, problems);
  }
}
