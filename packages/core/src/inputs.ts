import { readFileSync, realpathSync } from "node:fs";
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

/**
 * One row of an action's input table, exactly as action.yml declares it (a contract test checks
 * that). `example` is shown in errors; `secret` inputs are masked before anything runs.
 */
export interface InputSpec {
  readonly required?: boolean;
  readonly default?: string;
  readonly example?: string;
  readonly secret?: boolean;
}
export type InputTable = Readonly<Record<string, InputSpec>>;

/** A default the runner evaluates (`${{ github.token }}`) is not a value the code can fall back to. */
type RunnerExpression = `\${{${string}`;
type AlwaysSet<S> = S extends { required: true }
  ? true
  : S extends { default: infer D }
    ? D extends RunnerExpression
      ? false
      : true
    : false;
/** `V` when the table guarantees a value (required or a literal default), else `V | undefined`. */
export type InputValue<T extends InputTable, K extends keyof T, V> = AlwaysSet<T[K]> extends true ? V : V | undefined;

const DURATION_UNITS_MS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
const DURATION_PATTERN = /^(?:(\d{1,6})w)?(?:(\d{1,6})d)?(?:(\d{1,7})h)?(?:(\d{1,9})m)?(?:(\d{1,10})s)?$/;
/** Longest duration any input accepts (a year): bigger values are typos, not intent. */
export const MAX_DURATION_MS = 366 * 86_400_000;

/** Parses `90s`, `10m`, `1h30m`, `3d`, `2w` into milliseconds; undefined when malformed, zero or over a year. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim().toLowerCase().replace(/\s+/g, ""));
  if (!match || match[0] === "") return undefined;
  const [, w, d, h, m, s] = match;
  const parts = [w, d, h, m, s];
  const factors = Object.values(DURATION_UNITS_MS);
  const ms = parts.reduce((sum, part, index) => sum + Number(part ?? 0) * (factors[index] ?? 0), 0);
  return ms > 0 && ms <= MAX_DURATION_MS ? ms : undefined;
}

/** Splits on commas and newlines, trims, drops empties and repeats (order kept). */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\r\n]/)
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

/** One `key=value` line of a multi-line input, with its 1-based line number. */
export interface KeyValueLine {
  line: number;
  key: string;
  value: string;
}

/**
 * The `key=value` lines of an input (the first `=` splits; blank lines and `#` comments skipped).
 * A line without a key is an error that names the line, never its value.
 */
export function keyValueLines(name: string, text: string, example: string): KeyValueLine[] {
  const lines: KeyValueLine[] = [];
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) return;
    const separator = line.indexOf("=");
    const key = separator === -1 ? "" : line.slice(0, separator).trim();
    // The line may hold a secret (`DATABASE_PASSWORD s3cret` with the = forgotten): name it, never echo it.
    if (key === "") throw new InputError(name, `line ${index + 1} ${malformedLine(line)}`, example);
    lines.push({ line: index + 1, key, value: line.slice(separator + 1).trim() });
  });
  return lines;
}

/**
 * What is wrong with a line that is not `key=value`, naming its first word only when it looks like
 * a name: the rest may be a secret with its `=` forgotten, so it is never shown.
 */
export function malformedLine(line: string): string {
  if (line.startsWith("=")) return "must be key=value but has no key before the =";
  const first = /^[A-Za-z_][\w.:-]{0,127}/.exec(line)?.[0];
  const shown = first === undefined ? "" : ` (it starts with ${first}; the rest is not shown, it may be a secret)`;
  const problem = line.includes("=") ? "has a space in the key" : "has no =";
  return `must be key=value but ${problem}${shown}`;
}

/**
 * Parses `key=value` lines (the first `=` splits; values may contain `=` and commas).
 * Blank lines and `#` comments are skipped; a repeated key is an error.
 */
export function parseKeyValueLines(name: string, text: string, options: MapOptions): Map<string, string> {
  const result = new Map<string, string>();
  for (const { line, key, value } of keyValueLines(name, text, options.example)) {
    const keyProblem = options.checkKey?.(key);
    if (keyProblem !== undefined) throw new InputError(name, `line ${line}: ${keyProblem}`, options.example);
    if (result.has(key)) throw new InputError(name, `sets "${key}" twice (line ${line})`, options.example);
    result.set(key, value);
  }
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

// ECS names (cluster, service, container, family): letters, digits, hyphens, underscores, 1–255.
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const ECS_ARN = (resource: string) =>
  new RegExp(`^arn:aws[\\w-]*:ecs:[a-z0-9-]+:\\d{12}:${resource}/(?:[A-Za-z0-9_-]{1,255}/)?[A-Za-z0-9_-]{1,255}$`);
const ECS_ARNS = { cluster: ECS_ARN("cluster"), service: ECS_ARN("service") } as const;

/** True for a valid ECS cluster/service/container/family name. */
export function isEcsName(text: string): boolean {
  return ECS_NAME.test(text);
}

/** True for an ECS cluster or service given by name or by ARN. */
export function isEcsResource(kind: "cluster" | "service", text: string): boolean {
  return ECS_NAME.test(text) || ECS_ARNS[kind].test(text);
}

export interface InputsOptions {
  source?: InputSource;
  /** Where relative file inputs are read from. */
  workspace?: string;
  /** Called with every secret input's value before it is used (the runner's `::add-mask::`). */
  mask?: (value: string) => void;
}

export interface NumberBounds {
  min?: number;
  max?: number;
}

/**
 * Typed readers over an action's input table. A reader takes only names from the table, falls back
 * to the table's default and enforces its `required` flag, so a default is written once (in the
 * table that a test checks against action.yml) and a misspelt name does not compile. Every reader
 * trims, treats an empty value as "not set" and throws an `InputError` naming the input, the
 * problem and a right example.
 */
export class Inputs<T extends InputTable> {
  private readonly source: InputSource;
  private readonly workspace: string;
  /** Paths are confined to a workspace that is known: given, or GITHUB_WORKSPACE (always set on the runner). */
  private readonly confined: boolean;
  private readonly mask: (value: string) => void;

  constructor(
    readonly table: T,
    options: InputsOptions = {},
  ) {
    this.source = options.source ?? environmentInputs();
    const known = options.workspace ?? (process.env["GITHUB_WORKSPACE"]?.trim() || undefined);
    this.workspace = known ?? process.cwd();
    this.confined = known !== undefined;
    this.mask = options.mask ?? ((value) => actions.setSecret(value));
  }

  /** The example the table gives for an input, or a fallback. */
  example(name: keyof T & string, fallback = ""): string {
    return this.table[name]?.example ?? fallback;
  }

  /** The trimmed value, else the table's default; undefined when neither is set. Required inputs throw when unset. */
  string<K extends keyof T & string>(name: K): InputValue<T, K, string> {
    const value = this.raw(name);
    if (value === undefined && this.table[name]?.required) {
      throw new InputError(name, "is required", this.table[name]?.example);
    }
    return value as InputValue<T, K, string>;
  }

  /** Whether the user set a value (a default does not count). */
  isSet(name: keyof T & string): boolean {
    const value = this.source(name)?.trim();
    return value !== undefined && value !== "";
  }

  /** A secret: masked in the log before anything else can print it. */
  secret<K extends keyof T & string>(name: K): InputValue<T, K, string> {
    const value = this.string(name);
    if (value !== undefined) this.mask(value);
    return value;
  }

  /** Strict booleans, as the runner's YAML 1.2 core schema spells them. */
  boolean<K extends keyof T & string>(name: K): InputValue<T, K, boolean> {
    const value = this.string(name);
    if (value === undefined) return undefined as InputValue<T, K, boolean>;
    if (["true", "True", "TRUE"].includes(value)) return true as InputValue<T, K, boolean>;
    if (["false", "False", "FALSE"].includes(value)) return false as InputValue<T, K, boolean>;
    throw new InputError(name, `must be true or false; got "${value}"`, "true");
  }

  /** A whole number within bounds. */
  integer<K extends keyof T & string>(name: K, bounds: NumberBounds = {}): InputValue<T, K, number> {
    return this.bounded(name, bounds, true);
  }

  /** A decimal number within bounds (prices, ratios). */
  number<K extends keyof T & string>(name: K, bounds: NumberBounds = {}): InputValue<T, K, number> {
    return this.bounded(name, bounds, false);
  }

  enum<K extends keyof T & string, E extends string>(name: K, allowed: readonly E[]): InputValue<T, K, E> {
    const value = this.string(name);
    if (value === undefined) return undefined as InputValue<T, K, E>;
    const match = allowed.find((option) => option.toLowerCase() === value.toLowerCase());
    if (match === undefined) {
      throw new InputError(name, `must be one of ${allowed.join(", ")}; got "${value}"`, allowed[0]);
    }
    return match as InputValue<T, K, E>;
  }

  /**
   * A duration in milliseconds (`90s`, `10m`, `1h30m`, `3d`), at most a year. With `allowZero`,
   * `0` (or `0s`, `0m`…) means "none" (a bake of 0).
   */
  duration<K extends keyof T & string>(name: K, options: { allowZero?: boolean } = {}): InputValue<T, K, number> {
    const value = this.string(name);
    if (value === undefined) return undefined as InputValue<T, K, number>;
    if (options.allowZero && /^0+[wdhms]?$/i.test(value)) return 0 as InputValue<T, K, number>;
    const ms = parseDuration(value);
    if (ms === undefined) {
      throw new InputError(
        name,
        `must be a duration like 90s, 30m or 1h30m (at most a year); got "${clip(value)}"`,
        this.example(name, "30m"),
      );
    }
    return ms as InputValue<T, K, number>;
  }

  list(name: keyof T & string): string[] {
    return splitList(this.string(name) ?? "");
  }

  map(name: keyof T & string, options: MapOptions): Map<string, string> {
    return parseKeyValueLines(name, this.string(name) ?? "", options);
  }

  /** An IANA time zone name (`Asia/Tokyo`), checked against the runtime's zone data; UTC when unset. */
  timeZone(name: keyof T & string): string {
    const value = this.string(name) ?? "UTC";
    if (!isTimeZone(value))
      throw new InputError(name, `must be an IANA time zone name; got "${clip(value)}"`, "Asia/Tokyo");
    return value;
  }

  /** An ISO 8601 date or date-time; a value without offset is read in `timeZone`. */
  dateTime<K extends keyof T & string>(name: K, timeZone: string): InputValue<T, K, Date> {
    const value = this.string(name);
    if (value === undefined) return undefined as InputValue<T, K, Date>;
    const date = parseDateTime(value, timeZone);
    if (date === undefined) {
      throw new InputError(
        name,
        `must be an ISO 8601 date or date-time; got "${clip(value)}"`,
        "2026-12-24T18:00+09:00",
      );
    }
    return date as InputValue<T, K, Date>;
  }

  /**
   * A JSON or YAML file inside the workspace (a relative path is read from it). A path that leads
   * outside — `../`, an absolute path elsewhere, a symbolic link out — is refused: an action must
   * not read files the workflow did not check out. Without a known workspace (no GITHUB_WORKSPACE:
   * a local run), paths are read from the current directory, unconfined.
   */
  file(name: keyof T & string): { path: string; content: unknown } | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const example = this.example(name, "deploy/task-definition.json");
    const resolved = this.resolvePath(name, value, example);
    let text: string;
    try {
      text = readFileSync(resolved, "utf8");
    } catch {
      throw new InputError(name, `points to "${clip(value)}", which does not exist or cannot be read`, example);
    }
    return { path: resolved, content: parseStructuredText(name, text, `"${value}"`) };
  }

  /** A path inside the workspace (a file to read or a directory to write), resolved; see `confineToWorkspace`. */
  path(name: keyof T & string): string | undefined {
    const value = this.string(name);
    return value === undefined ? undefined : this.resolvePath(name, value, this.example(name, "out"));
  }

  private resolvePath(name: string, value: string, example: string): string {
    return this.confined
      ? confineToWorkspace(name, value, this.workspace, example)
      : path.resolve(this.workspace, value);
  }

  private raw(name: keyof T & string): string | undefined {
    const value = this.source(name)?.trim();
    if (value !== undefined && value !== "") return value;
    const fallback = this.table[name]?.default;
    return fallback === undefined || fallback.startsWith("${{") ? undefined : fallback;
  }

  private bounded<K extends keyof T & string>(name: K, bounds: NumberBounds, whole: boolean): InputValue<T, K, number> {
    const value = this.string(name);
    if (value === undefined) return undefined as InputValue<T, K, number>;
    const min = bounds.min ?? Number.MIN_SAFE_INTEGER;
    const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
    const range = describeRange(bounds);
    const example = this.example(name, String(Math.min(Math.max(1, min), max)));
    const pattern = whole ? /^[-+]?\d{1,16}$/ : /^[-+]?(?:\d{1,16}(?:\.\d{1,12})?|\.\d{1,12})$/;
    const kind = whole ? "a whole number" : "a number";
    if (!pattern.test(value)) throw new InputError(name, `must be ${kind}${range}; got "${clip(value)}"`, example);
    const number = Number(value);
    if (number < min || number > max)
      throw new InputError(name, `must be${range || " in range"}; got ${value}`, example);
    return number as InputValue<T, K, number>;
  }
}

/**
 * Resolves `value` against the workspace and refuses it when it leads outside: `..` escapes,
 * absolute paths elsewhere, and symbolic links whose target is elsewhere (followed for the parts
 * that exist). Returns the absolute path. The workspace is `GITHUB_WORKSPACE` on the runner.
 */
export function confineToWorkspace(name: string, value: string, workspace: string, example?: string): string {
  const root = realOrSelf(path.resolve(workspace));
  const resolved = path.resolve(root, value);
  const outside = (candidate: string) => {
    const relative = path.relative(root, candidate);
    return relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  };
  if (outside(resolved) || outside(realOrSelf(resolved))) {
    throw new InputError(
      name,
      `must be a path inside the workspace (${root}); "${clip(value)}" leads outside it. Check the file out into the workspace and give its path relative to it`,
      example,
    );
  }
  return resolved;
}

/** The real path of the longest existing prefix, with the rest appended (a file to create need not exist). */
function realOrSelf(target: string): string {
  let existing = target;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return target;
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}

/** Long or multi-line values are cut in messages so an error stays one readable line. */
function clip(value: string): string {
  const oneLine = value.replace(/\r?\n/g, "⏎");
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}…` : oneLine;
}

function describeRange({ min, max }: NumberBounds): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return "";
}

/** The names of an input table's secret inputs, for `runAction` to mask before anything runs. */
export function secretInputsOf(table: InputTable): string[] {
  return Object.entries(table)
    .filter(([, spec]) => spec.secret)
    .map(([name]) => name);
}
