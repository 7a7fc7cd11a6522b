import type { FakeResponse } from "../fake/server.js";

/** The content type AWS JSON 1.1 services answer with. */
export const AMZ_JSON = "application/x-amz-json-1.1";

/**
 * An error the way an AWS JSON service reports it: HTTP status plus `{"__type", "message"}`.
 * Handlers throw it; the fake turns it into the response.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export function awsErrorResponse(code: string, message: string, status = 400): FakeResponse {
  return { status, headers: { "content-type": AMZ_JSON }, body: { __type: code, message } };
}

/** `X-Amz-Target: <ServicePrefix>.<Operation>` split in two. */
export function parseTarget(target: string | string[] | undefined): { prefix: string; operation: string } | undefined {
  if (typeof target !== "string") return undefined;
  const dot = target.lastIndexOf(".");
  if (dot <= 0 || dot === target.length - 1) return undefined;
  return { prefix: target.slice(0, dot), operation: target.slice(dot + 1) };
}

/** The credential scope of a SigV4 `Authorization` header: `Credential=<key>/<date>/<region>/<service>/aws4_request`. */
export function credentialScope(
  authorization: string | undefined,
): { accessKeyId: string; region: string; service: string } | undefined {
  const match = /Credential=([^/\s,]+)\/\d{8}\/([^/\s,]+)\/([^/\s,]+)\/aws4_request/.exec(authorization ?? "");
  if (match === null) return undefined;
  const [, accessKeyId = "", region = "", service = ""] = match;
  return { accessKeyId, region, service };
}

/**
 * Turns an SDK-typed value into its AWS JSON 1.1 wire form: `Date` becomes epoch seconds (the
 * protocol's default timestamp format) and `undefined` members disappear.
 */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = toWire(member);
    return out;
  }
  return value;
}

/**
 * Offset pagination with an opaque token, as ECS list operations do. A token that this fake did not
 * issue is rejected like ECS rejects a garbled one.
 */
export function paginate<T>(
  items: readonly T[],
  nextToken: string | undefined,
  maxResults: number | undefined,
  limits: { default: number; max: number },
): { page: T[]; nextToken: string | undefined } {
  if (maxResults !== undefined && (maxResults < 1 || maxResults > limits.max || !Number.isInteger(maxResults))) {
    throw new AwsError("InvalidParameterException", `maxResults must be between 1 and ${limits.max}.`);
  }
  const start = nextToken === undefined ? 0 : decodeOffset(nextToken);
  const size = maxResults ?? limits.default;
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return { page, nextToken: end < items.length ? encodeOffset(end) : undefined };
}

function encodeOffset(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), "utf8").toString("base64");
}

function decodeOffset(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { offset?: unknown };
    if (typeof parsed.offset === "number" && Number.isInteger(parsed.offset) && parsed.offset >= 0)
      return parsed.offset;
  } catch {
    // fall through to the error below
  }
  throw new AwsError("InvalidParameterException", "Invalid nextToken.");
}
