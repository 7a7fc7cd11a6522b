/**
 * The AWS Query protocol (RDS): a form-encoded request (`Action=…&Version=…&Filters.Filter.1.Name=…`)
 * decoded by walking the SDK's own operation schema, and an XML response (`<OpResponse><OpResult>…`)
 * encoded by walking the output schema, so names, list member element names (`xmlName`, else
 * `member`) and value types come from the same model the SDK client serialises with.
 * Schema format: see shape-check.ts.
 */

const LIST = 64;
const MAP = 128;

type Traits = Record<string, unknown>;

function deref(schema: unknown): unknown {
  return typeof schema === "function" ? (schema as () => unknown)() : schema;
}

/** A member reference `[schema, traits]` → the schema and the member's traits. */
function unwrap(schema: unknown): { schema: unknown; traits: Traits } {
  let current = deref(schema);
  let traits: Traits = {};
  for (;;) {
    if (Array.isArray(current) && current.length === 2) {
      if (typeof current[1] === "object" && current[1] !== null) traits = { ...(current[1] as Traits), ...traits };
      current = deref(current[0]);
    } else if (Array.isArray(current) && current[0] === 0) {
      current = deref(current[4]);
    } else break;
  }
  return { schema: current, traits };
}

type Kind =
  | { kind: "simple"; type: number }
  | { kind: "list"; member: unknown; memberName: string }
  | { kind: "structure"; name: string; names: readonly string[]; members: readonly unknown[]; required: number }
  | { kind: "unit" };

function kindOf(schema: unknown): Kind {
  const { schema: resolved } = unwrap(schema);
  if (typeof resolved === "string") return { kind: "unit" };
  if (typeof resolved === "number") {
    if (resolved >= LIST && resolved < MAP) return { kind: "list", member: resolved & 63, memberName: "member" };
    if (resolved >= MAP) throw new Error("AwsFake: query maps are not modelled");
    return { kind: "simple", type: resolved };
  }
  if (Array.isArray(resolved) && resolved[0] === 1) {
    const member = resolved[4];
    const name = unwrap(member).traits["xmlName"];
    return { kind: "list", member, memberName: typeof name === "string" ? name : "member" };
  }
  if (Array.isArray(resolved) && (resolved[0] === 3 || resolved[0] === -3)) {
    return {
      kind: "structure",
      name: String(resolved[2]),
      names: resolved[4] as string[],
      members: resolved[5] as unknown[],
      required: typeof resolved[6] === "number" ? resolved[6] : 0,
    };
  }
  throw new Error(`AwsFake: unrecognised query schema ${JSON.stringify(resolved)}`);
}

export class QueryInputError extends Error {
  constructor(
    readonly code: "MissingParameter" | "InvalidParameterValue" | "InvalidParameterCombination",
    message: string,
  ) {
    super(message);
  }
}

/**
 * Decodes the form parameters of one operation into the SDK-shaped input. Throws QueryInputError
 * for a missing required member, a malformed value or a parameter the model does not have.
 */
export function decodeQuery(inputSchema: unknown, params: URLSearchParams): Record<string, unknown> {
  const used = new Set(["Action", "Version"]);
  const value = decodeStructure(inputSchema, "", params, used);
  for (const key of params.keys()) {
    if (!used.has(key)) throw new QueryInputError("InvalidParameterValue", `Unrecognized parameter: ${key}`);
  }
  return value ?? {};
}

function decodeValue(schema: unknown, key: string, params: URLSearchParams, used: Set<string>): unknown {
  const kind = kindOf(schema);
  if (kind.kind === "simple") {
    const text = params.get(key);
    if (text === null) return undefined;
    used.add(key);
    if (kind.type === 1) {
      if (!/^-?\d+(\.\d+)?$/.test(text)) throw new QueryInputError("InvalidParameterValue", `Invalid value for ${key}`);
      return Number(text);
    }
    if (kind.type === 2) {
      if (text !== "true" && text !== "false") {
        throw new QueryInputError("InvalidParameterValue", `Value (${text}) for parameter ${key} is invalid.`);
      }
      return text === "true";
    }
    return text;
  }
  if (kind.kind === "list") {
    const items: unknown[] = [];
    // An empty list is sent as the bare key with an empty value.
    if (params.get(key) === "") used.add(key);
    for (let index = 1; ; index += 1) {
      const item = decodeValue(kind.member, `${key}.${kind.memberName}.${index}`, params, used);
      if (item === undefined) break;
      items.push(item);
    }
    return items.length === 0 && !used.has(key) ? undefined : items;
  }
  if (kind.kind === "structure") return decodeStructure(schema, `${key}.`, params, used);
  return undefined;
}

function decodeStructure(
  schema: unknown,
  prefix: string,
  params: URLSearchParams,
  used: Set<string>,
): Record<string, unknown> | undefined {
  const kind = kindOf(schema);
  if (kind.kind !== "structure") return undefined;
  const out: Record<string, unknown> = {};
  kind.names.forEach((name, index) => {
    const value = decodeValue(kind.members[index], `${prefix}${name}`, params, used);
    if (value !== undefined) out[name] = value;
    else if (index < kind.required && prefix === "") {
      throw new QueryInputError("MissingParameter", `The request must contain the parameter ${name}`);
    } else if (index < kind.required && hasPrefix(params, prefix)) {
      throw new QueryInputError("MissingParameter", `The request must contain the parameter ${prefix}${name}`);
    }
  });
  return Object.keys(out).length === 0 && prefix !== "" && !hasPrefix(params, prefix) ? undefined : out;
}

function hasPrefix(params: URLSearchParams, prefix: string): boolean {
  for (const key of params.keys()) if (key.startsWith(prefix)) return true;
  return false;
}

/** The XML body of a successful answer, members in model order; a member the model lacks is a fake bug. */
export function encodeQueryResponse(
  operation: string,
  outputSchema: unknown,
  output: object,
  requestId: string,
): string {
  const kind = kindOf(outputSchema);
  const result =
    kind.kind === "unit" ? "" : `<${operation}Result>${encodeStructure(outputSchema, output)}</${operation}Result>`;
  return (
    `<${operation}Response xmlns="http://rds.amazonaws.com/doc/2014-10-31/">${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`
  );
}

function encodeStructure(schema: unknown, value: object): string {
  const kind = kindOf(schema);
  if (kind.kind !== "structure") throw new Error("AwsFake: expected a structure");
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (record[key] !== undefined && !kind.names.includes(key)) {
      throw new Error(`AwsFake built a response outside the model: ${kind.name} has no member ${key}`);
    }
  }
  return kind.names
    .map((name, index) => {
      const member = record[name];
      return member === undefined || member === null
        ? ""
        : `<${name}>${encodeValue(kind.members[index], member, `${kind.name}.${name}`)}</${name}>`;
    })
    .join("");
}

function encodeValue(schema: unknown, value: unknown, path: string): string {
  const kind = kindOf(schema);
  if (kind.kind === "list") {
    if (!Array.isArray(value)) throw new Error(`AwsFake: ${path} must be a list`);
    return value
      .map((item) => `<${kind.memberName}>${encodeValue(kind.member, item, path)}</${kind.memberName}>`)
      .join("");
  }
  if (kind.kind === "structure") {
    if (typeof value !== "object" || value === null) throw new Error(`AwsFake: ${path} must be a structure`);
    return encodeStructure(schema, value);
  }
  if (kind.kind === "simple" && kind.type >= 4 && kind.type <= 7) {
    if (!(value instanceof Date)) throw new Error(`AwsFake: ${path} must be a Date`);
    return value.toISOString();
  }
  if (kind.kind === "simple" && kind.type === 1 && typeof value !== "number")
    throw new Error(`AwsFake: ${path} must be a number`);
  if (kind.kind === "simple" && kind.type === 2 && typeof value !== "boolean")
    throw new Error(`AwsFake: ${path} must be a boolean`);
  return escapeXml(String(value));
}

export function queryErrorXml(code: string, message: string, requestId: string, type = "Sender"): string {
  return (
    `<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>${type}</Type>` +
    `<Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
