/**
 * Checks a JSON body against the operation shapes the AWS SDK v3 clients carry (their generated
 * `schemas_0` tables, built from the services' Smithy models): member names, member types and, for
 * requests, required members. The same tables drive the SDK's own serializer, so a request the real
 * service would not understand fails here too.
 *
 * The static schema format (from @smithy/core/schema): a number is a simple type (0 string,
 * 1 number, 2 boolean, 4-7 timestamp, 15 document, 17/19 big number, 21/42 blob) with 64 = list of
 * and 128 = map of; arrays are `[0, ns, name, traits, schema]` (simple with traits),
 * `[1, ns, name, traits, member]` (list), `[2, ns, name, traits, key, value]` (map),
 * `[3 | -3, ns, name, traits, memberNames, memberSchemas, requiredCount?]` (structure or error),
 * `[4, ...]` (union), `[9, ns, name, traits, input, output]` (operation); a two-element array is a
 * member reference `[schema, traits]`; a function is a lazy reference.
 */

export type ShapeProblem =
  | { kind: "missing"; path: string }
  | { kind: "unknown"; path: string; structure: string }
  | { kind: "type"; path: string; expected: string; got: string };

type Resolved = number | string | readonly unknown[];

const LIST = 64;
const MAP = 128;

function deref(schema: unknown): unknown {
  return typeof schema === "function" ? (schema as () => unknown)() : schema;
}

function resolve(schema: unknown): Resolved {
  let current = deref(schema);
  for (;;) {
    if (Array.isArray(current) && current.length === 2) current = deref(current[0]);
    else if (Array.isArray(current) && current[0] === 0) current = deref(current[4]);
    else break;
  }
  if (typeof current === "number" || typeof current === "string" || Array.isArray(current)) return current;
  throw new Error(`Unrecognised SDK schema: ${String(current)}`);
}

/** The input and output structure schemas of an operation schema (`<Op>$` exported by the SDK). */
export function operationShapes(operation: unknown): { input: unknown; output: unknown } {
  const op = resolve(operation);
  if (!Array.isArray(op) || op[0] !== 9) throw new Error("Not an SDK operation schema");
  return { input: op[4], output: op[5] };
}

export function checkShape(schema: unknown, value: unknown, options: { requireMembers: boolean }): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  visit(schema, value, "", problems, options.requireMembers);
  return problems;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a structure";
  return `a ${typeof value}`;
}

function visit(schema: unknown, value: unknown, path: string, problems: ShapeProblem[], requireMembers: boolean): void {
  const resolved = resolve(schema);
  if (typeof resolved === "string") return; // "unit": nothing to check
  if (typeof resolved === "number") {
    if (resolved >= LIST && resolved < MAP) visitList(resolved & 63, value, path, problems, requireMembers);
    else if (resolved >= MAP) visitMap(resolved & 63, value, path, problems, requireMembers);
    else
      visitSimple(resolved, value, (expected) => problems.push({ kind: "type", path, expected, got: describe(value) }));
    return;
  }
  const kind = resolved[0];
  if (kind === 1) visitList(resolved[4], value, path, problems, requireMembers);
  else if (kind === 2) visitMap(resolved[5], value, path, problems, requireMembers);
  else if (kind === 3 || kind === -3 || kind === 4) visitStructure(resolved, value, path, problems, requireMembers);
  else throw new Error(`Unrecognised SDK schema kind ${String(kind)}`);
}

function visitSimple(type: number, value: unknown, mismatch: (expected: string) => void): void {
  if (type === 15) return; // document: any JSON value
  if (type === 0 || type === 21 || type === 42) {
    if (typeof value !== "string") mismatch("a string");
  } else if (type === 1) {
    if (typeof value !== "number" || !Number.isFinite(value)) mismatch("a number");
  } else if (type === 2) {
    if (typeof value !== "boolean") mismatch("a boolean");
  } else if (type >= 4 && type <= 7) {
    if (typeof value !== "number") mismatch("a timestamp in epoch seconds");
  } else if (type === 17 || type === 19) {
    if (typeof value !== "number" && typeof value !== "string") mismatch("a number");
  }
}

function visitList(member: unknown, value: unknown, path: string, problems: ShapeProblem[], required: boolean): void {
  if (!Array.isArray(value)) {
    problems.push({ kind: "type", path, expected: "a list", got: describe(value) });
    return;
  }
  value.forEach((item, index) => {
    visit(member, item, `${path}.${index + 1}.member`, problems, required);
  });
}

function visitMap(member: unknown, value: unknown, path: string, problems: ShapeProblem[], required: boolean): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push({ kind: "type", path, expected: "a map", got: describe(value) });
    return;
  }
  for (const [key, item] of Object.entries(value)) visit(member, item, `${path}.${key}`, problems, required);
}

function visitStructure(
  schema: readonly unknown[],
  value: unknown,
  path: string,
  problems: ShapeProblem[],
  requireMembers: boolean,
): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push({ kind: "type", path, expected: "a structure", got: describe(value) });
    return;
  }
  const names = schema[4] as readonly string[];
  const members = schema[5] as readonly unknown[];
  const requiredCount = typeof schema[6] === "number" ? schema[6] : 0;
  const record = value as Record<string, unknown>;
  const prefix = path === "" ? "" : `${path}.`;
  for (const key of Object.keys(record)) {
    if (!names.includes(key)) problems.push({ kind: "unknown", path: `${prefix}${key}`, structure: String(schema[2]) });
  }
  names.forEach((name, index) => {
    const member = record[name];
    // AWS JSON treats an explicit null like an absent member.
    if (member === undefined || member === null) {
      if (requireMembers && index < requiredCount) problems.push({ kind: "missing", path: `${prefix}${name}` });
      return;
    }
    visit(members[index], member, `${prefix}${name}`, problems, requireMembers);
  });
}
