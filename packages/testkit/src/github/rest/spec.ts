import { readFileSync } from "node:fs";
import { REST_DOCS } from "../errors.js";

/** The parts of GitHub's OpenAPI description (from @octokit/openapi) the fake reads. */
export interface OpenApiSpec {
  paths: Record<string, Record<string, unknown>>;
  components: {
    parameters: Record<string, OpenApiParameter>;
    schemas: Record<string, unknown>;
  };
}

export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Record<string, unknown>;
}

interface OpenApiOperation {
  operationId: string;
  externalDocs?: { url?: string };
  parameters?: (OpenApiParameter | { $ref: string })[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
}

export interface Operation {
  method: string;
  /** The path template, e.g. `/repos/{owner}/{repo}/deployments`. */
  template: string;
  operationId: string;
  documentationUrl: string;
  parameters: OpenApiParameter[];
  body: { required: boolean; schema: unknown } | undefined;
}

export interface RouteMatch {
  operation: Operation;
  /** Decoded path parameters by name. */
  params: Record<string, string>;
}

interface Route {
  operation: Operation;
  segments: string[];
  literals: number;
}

let cached: { spec: OpenApiSpec; routes: Map<string, Route[]> } | undefined;

/**
 * The api.github.com description from @octokit/openapi, parsed once per process. The vendored subset
 * keeps every path and operation (routing is unchanged) and the schemas of the operations the fake
 * implements or the code calls; regenerate it with `node scripts/vendor-specs.mjs`.
 */
export function githubSpec(): OpenApiSpec {
  return load().spec;
}

function load(): { spec: OpenApiSpec; routes: Map<string, Route[]> } {
  if (cached !== undefined) return cached;
  const file = new URL("../../../spec/github-rest.json", import.meta.url);
  const spec = JSON.parse(readFileSync(file, "utf8")) as OpenApiSpec;
  cached = { spec, routes: buildRoutes(spec) };
  return cached;
}

const METHODS = ["get", "post", "put", "patch", "delete"];

function buildRoutes(spec: OpenApiSpec): Map<string, Route[]> {
  const routes = new Map<string, Route[]>();
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const raw = item[method] as OpenApiOperation | undefined;
      if (raw === undefined) continue;
      const segments = template.split("/").slice(1);
      const operation: Operation = {
        method: method.toUpperCase(),
        template,
        operationId: raw.operationId,
        documentationUrl: raw.externalDocs?.url ?? REST_DOCS,
        parameters: (raw.parameters ?? []).map((parameter) => resolveParameter(spec, parameter)),
        body: requestBody(raw),
      };
      const list = routes.get(operation.method) ?? [];
      list.push({ operation, segments, literals: segments.filter((segment) => !isParam(segment)).length });
      routes.set(operation.method, list);
    }
  }
  // Most literal segments first, so `/issues/comments` wins over `/issues/{issue_number}`.
  for (const list of routes.values()) list.sort((a, b) => b.literals - a.literals);
  return routes;
}

function resolveParameter(spec: OpenApiSpec, parameter: OpenApiParameter | { $ref: string }): OpenApiParameter {
  if (!("$ref" in parameter)) return parameter;
  const name = parameter.$ref.split("/").at(-1) ?? "";
  const resolved = spec.components.parameters[name];
  if (resolved === undefined) throw new Error(`OpenAPI parameter ${parameter.$ref} not found`);
  return resolved;
}

function requestBody(raw: OpenApiOperation): Operation["body"] {
  const schema = raw.requestBody?.content?.["application/json"]?.schema;
  if (schema === undefined) return undefined;
  return { required: raw.requestBody?.required ?? false, schema };
}

function isParam(segment: string): boolean {
  return segment.startsWith("{") && segment.endsWith("}");
}

/**
 * Finds the operation for a method and path. A trailing `{path}`, `{ref}` or `{basehead}` may span
 * several segments when the client did not encode its slashes.
 */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  const segments = (path.length > 1 ? path.replace(/\/+$/, "") : path).split("/").slice(1);
  const routes = load().routes.get(method.toUpperCase()) ?? [];
  let fallback: RouteMatch | undefined;
  for (const route of routes) {
    const params = matchSegments(route.segments, segments);
    if (params === undefined) continue;
    if (params.spans) {
      fallback ??= { operation: route.operation, params: params.values };
      continue;
    }
    return { operation: route.operation, params: params.values };
  }
  return fallback;
}

/** Trailing parameters whose values may contain unencoded slashes (file paths, refs, `base...head`). */
const SPANNING_PARAMS = new Set(["{path}", "{ref}", "{basehead}"]);

function matchSegments(
  template: string[],
  actual: string[],
): { values: Record<string, string>; spans: boolean } | undefined {
  const spans = actual.length > template.length && SPANNING_PARAMS.has(template.at(-1) ?? "");
  if (actual.length !== template.length && !spans) return undefined;
  const values: Record<string, string> = {};
  for (const [index, segment] of template.entries()) {
    const value = index === template.length - 1 && spans ? actual.slice(index).join("/") : actual[index];
    if (value === undefined || (value === "" && isParam(segment))) return undefined;
    if (isParam(segment)) values[segment.slice(1, -1)] = safeDecode(value);
    else if (segment !== value) return undefined;
  }
  return { values, spans };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
