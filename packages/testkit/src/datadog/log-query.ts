/**
 * The part of Datadog's log search syntax the pack uses, compiled to a predicate: terms joined by
 * spaces or AND, `-` for negation, `key:value` for reserved attributes (service, host, status,
 * source) and tags, `@path.to.attribute:value` for attributes, quoted values, a trailing `*`
 * wildcard, and bare words or quoted phrases matched against the message. Anything else (OR,
 * parentheses, ranges) is refused, so a query the fake does not understand fails the test.
 */
export interface StoredLog {
  id: string;
  timestamp: number;
  message: string;
  service?: string;
  host?: string;
  status?: string;
  source?: string;
  tags: string[];
  attributes: Record<string, unknown>;
}

export type LogPredicate = (log: StoredLog) => boolean;

export class LogQueryError extends Error {}

const RESERVED = new Set(["service", "host", "status", "source"]);

export function compileLogQuery(query: string): LogPredicate {
  const predicates: LogPredicate[] = [];
  for (const raw of tokenize(query)) {
    if (raw === "AND" || raw === "*") continue;
    if (raw === "OR" || raw === "NOT" || raw.startsWith("(") || raw.endsWith(")"))
      throw new LogQueryError(`the log fake does not model "${raw}" in queries; got ${JSON.stringify(query)}`);
    const negate = raw.startsWith("-");
    const term = negate ? raw.slice(1) : raw;
    const predicate = compileTerm(term);
    predicates.push(negate ? (log) => !predicate(log) : predicate);
  }
  return (log) => predicates.every((predicate) => predicate(log));
}

function compileTerm(term: string): LogPredicate {
  const colon = term.startsWith('"') ? -1 : term.indexOf(":");
  if (colon <= 0) {
    const text = unquote(term).toLowerCase();
    return (log) => log.message.toLowerCase().includes(text.replace(/\*$/, ""));
  }
  const key = term.slice(0, colon);
  const matches = valueMatcher(unquote(term.slice(colon + 1)));
  if (key.startsWith("@")) {
    const path = key.slice(1).split(".");
    return (log) => {
      let value: unknown = log.attributes;
      for (const part of path) value = (value as Record<string, unknown> | undefined)?.[part];
      return value !== undefined && value !== null && matches(String(value));
    };
  }
  if (RESERVED.has(key))
    return (log) => {
      const value = log[key as "service" | "host" | "status" | "source"];
      return value !== undefined && matches(value);
    };
  return (log) =>
    log.tags.some((tag) => {
      const at = tag.indexOf(":");
      return at > 0 && tag.slice(0, at) === key && matches(tag.slice(at + 1));
    });
}

function valueMatcher(value: string): (actual: string) => boolean {
  if (value.endsWith("*")) {
    const prefix = value.slice(0, -1);
    return (actual) => actual.startsWith(prefix);
  }
  return (actual) => actual === value;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1).replace(/\\"/g, '"')
    : value.replace(/\\(.)/g, "$1");
}

/** Splits on spaces outside double quotes. */
function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < query.length; i++) {
    const char = query[i] as string;
    if (char === "\\" && i + 1 < query.length) {
      current += char + query[++i];
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (!quoted && /\s/.test(char)) {
      if (current !== "") tokens.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  if (quoted) throw new LogQueryError(`unbalanced quotes in ${JSON.stringify(query)}`);
  if (current !== "") tokens.push(current);
  return tokens;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `from`/`to` as Datadog takes them: ISO 8601, epoch milliseconds, or `now` with date math. */
export function parseLogTime(value: string, now: number): number {
  const math = /^now(?:([+-])(\d+)([smhd]))?$/.exec(value);
  if (math !== null) {
    const [, sign, amount, unit] = math;
    if (sign === undefined) return now;
    const delta = Number(amount) * (UNIT_MS[unit as string] as number);
    return sign === "-" ? now - delta : now + delta;
  }
  if (/^\d+$/.test(value)) return Number(value);
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new LogQueryError(`"${value}" is not a date (ISO 8601, epoch ms or now-15m)`);
  return parsed;
}
