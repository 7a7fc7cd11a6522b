import { readFileSync } from "node:fs";
import path from "node:path";
import * as actions from "@actions/core";
import { parse as parseYaml } from "yaml";
import { InputError } from "./errors.js";
import { isTimeZone, parseDateTime } from "./time.js";

/** Where raw input values come from: the runner's `INPUT_<NAME>` variables by default. */
export type InputSource = (name: string) => string | undefined;

/** The runner's naming: upper case, spaces become `_`, hyphens are kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

export const environmentInputs =
  (env: NodeJS.ProcessEnv = process.env): InputSource =>
  (name) =>
    env[inputEnvName(name)];

const DURATION_UNITS_MS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
const DURATION_PATTERN = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Parses `90s`, `10m`, `1h30m`, `3d`, `2w` into milliseconds; undefined when malformed or zero. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim().toLowerCase().replace(/\s+/g, ""));
  if (!match || match[0] === "") return undefined;
  const [, w, d, h, m, s] = match;
  const parts = [w, d, h, m, s];
  const factors = Object.values(DURATION_UNITS_MS);
  const ms = parts.reduce((sum, part, index) => sum + Number(part ?? 0) * (factors[index] ?? 0), 0);
  return ms > 0 ? ms : undefined;
}

/** Splits on commas and newlines, trims, drops empties and repeats (order kept). */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];
}

export interface MapOptions {
  /** Example shown in errors, e.g. `web=123.dkr.ecr…/app:v2`. */
  example: string;
  /** Validates each key; return a problem description or undefined. */
  checkKey?: (key: string) => string | undefined;
}

/**
 * Parses `key=value` lines (the first `=` splits; values may contain `=` and commas).
 * Blank lines and `#` comments are skipped; a repeated key is an error.
 */
export function parseKeyValueLines(name: string, text: string, options: MapOptions): Map<string, string> {
  const result = new Map<string, string>();
  text.split("\n").forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) return;
    const separator = line.indexOf("=");
    const key = separator === -1 ? "" : line.slice(0, separator).trim();
    if (key === "") {
      throw new InputError(name, `line ${index + 1} must be key=value; got "${line}"`, options.example);
    }
    const keyProblem = options.checkKey?.(key);
    if (keyProblem !== undefined) throw new InputError(name, `line ${index + 1}: ${keyProblem}`, options.example);
    if (result.has(key)) throw new InputError(name, `sets "${key}" twice (line ${index + 1})`, options.example);
    result.set(key, line.slice(separator + 1).trim());
  });
  return result;
}

/** Parses a JSON or YAML document (YAML is a superset of JSON); the error names the input and line. */
export function parseStructuredText(name: string, text: string, source: string): unknown {
  try {
    return parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new InputError(name, `points to ${source}, which is not valid JSON or YAML (${detail})`);
  }
}

/**
 * Typed readers over an input source. Every reader trims, treats an empty value as "not set"
 * and throws an `InputError` that names the input, the problem and a right example.
 */
export class Inputs {
  constructor(
    private readonly source: InputSource = environmentInputs(),
    private readonly workspace: string = process.env.GITHUB_WORKSPACE ?? process.cwd(),
  ) {}

  /** The trimmed value, or undefined when unset or empty. */
  string(name: string): string | undefined {
    const value = this.source(name)?.trim();
    return value === undefined || value === "" ? undefined : value;
  }

  required(name: string, example: string): string {
    const value = this.string(name);
    if (value === undefined) throw new InputError(name, "is required", example);
    return value;
  }

  /** A secret: masked in the log before anything else can print it. */
  secret(name: string, options: { required: boolean; example?: string }): string | undefined {
    const value = this.string(name);
    if (value !== undefined) actions.setSecret(value);
    if (value === undefined && options.required) {
      throw new InputError(name, "is required", options.example ?? `\${{ secrets.TOKEN }}`);
    }
    return value;
  }

  /** Strict booleans, as the runner's YAML 1.2 core schema spells them. */
  boolean(name: string, fallback: boolean): boolean {
    const value = this.string(name);
    if (value === undefined) return fallback;
    if (["true", "True", "TRUE"].includes(value)) return true;
    if (["false", "False", "FALSE"].includes(value)) return false;
    throw new InputError(name, `must be true or false; got "${value}"`, "true");
  }

  integer(name: string, bounds: { min?: number; max?: number }): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const min = bounds.min ?? Number.MIN_SAFE_INTEGER;
    const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
    const range = describeRange(bounds);
    const example = String(Math.min(Math.max(1, min), max));
    if (!/^[-+]?\d+$/.test(value))
      throw new InputError(name, `must be a whole number${range}; got "${value}"`, example);
    const number = Number(value);
    if (number < min || number > max)
      throw new InputError(name, `must be${range || " in range"}; got ${value}`, example);
    return number;
  }

  enum<T extends string>(name: string, allowed: readonly T[], fallback: T): T;
  enum<T extends string>(name: string, allowed: readonly T[]): T | undefined;
  enum<T extends string>(name: string, allowed: readonly T[], fallback?: T): T | undefined {
    const value = this.string(name);
    if (value === undefined) return fallback;
    const match = allowed.find((option) => option.toLowerCase() === value.toLowerCase());
    if (match === undefined) {
      throw new InputError(name, `must be one of ${allowed.join(", ")}; got "${value}"`, allowed[0]);
    }
    return match;
  }

  /** A duration in milliseconds (`90s`, `10m`, `1h30m`, `3d`). */
  duration(name: string, fallback: string): number;
  duration(name: string): number | undefined;
  duration(name: string, fallback?: string): number | undefined {
    const value = this.string(name) ?? fallback;
    if (value === undefined) return undefined;
    const ms = parseDuration(value);
    if (ms === undefined) {
      throw new InputError(name, `must be a duration like 90s, 30m or 1h30m; got "${value}"`, "30m");
    }
    return ms;
  }

  list(name: string): string[] {
    return splitList(this.string(name) ?? "");
  }

  map(name: string, options: MapOptions): Map<string, string> {
    return parseKeyValueLines(name, this.string(name) ?? "", options);
  }

  /** An IANA time zone name (`Asia/Tokyo`), checked against the runtime's zone data. */
  timeZone(name: string, fallback = "UTC"): string {
    const value = this.string(name) ?? fallback;
    if (!isTimeZone(value)) throw new InputError(name, `must be an IANA time zone name; got "${value}"`, "Asia/Tokyo");
    return value;
  }

  /** An ISO 8601 date or date-time; a value without offset is read in `timeZone`. */
  dateTime(name: string, timeZone: string): Date | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const date = parseDateTime(value, timeZone);
    if (date === undefined) {
      throw new InputError(name, `must be an ISO 8601 date or date-time; got "${value}"`, "2026-12-24T18:00+09:00");
    }
    return date;
  }

  /** A JSON or YAML file, relative to the workspace. */
  file(name: string): { path: string; content: unknown } | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const resolved = path.resolve(this.workspace, value);
    let text: string;
    try {
      text = readFileSync(resolved, "utf8");
    } catch {
      throw new InputError(
        name,
        `points to "${value}", which does not exist or cannot be read`,
        "deploy/task-definition.json",
      );
    }
    return { path: resolved, content: parseStructuredText(name, text, `"${value}"`) };
  }
}

function describeRange({ min, max }: { min?: number; max?: number }): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return "";
}
