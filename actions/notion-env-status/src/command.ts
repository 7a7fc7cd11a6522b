import { parseDuration } from "@sre-actions/core";

/** How a command comment was answered: 🚀 done or 😕 refused. */
export type Verdict = "done" | "refused";

/** One `/env …` comment, parsed. */
export type Command =
  | { kind: "reserve"; environment: string; forMs: number | undefined; force: boolean; reason: string | undefined }
  | { kind: "extend"; environment: string; byMs: number | undefined }
  | { kind: "release"; environment: string | undefined }
  | { kind: "list" }
  | { kind: "help" }
  /** An unknown subcommand or a malformed one: answered with help and the problem. */
  | { kind: "unknown"; problem: string };

export type CommandKind = Command["kind"];

/** The commands as the help answer and the README list them. */
export const COMMAND_HELP = [
  [
    "/env reserve qa3 [for 2d] [reason]",
    "reserve qa3 for this PR (default length: reserve-for); add --force to take it over when allow-force is true",
  ],
  ["/env extend qa3 [by 1d]", "extend this PR's reservation of qa3 (default: by reserve-for)"],
  ["/env release qa3", "free qa3 if this PR holds it; /env release all frees every environment this PR holds"],
  ["/env list", "the board: every environment, holder, branch, PR, until, free or expired"],
  ["/env help", "this list"],
] as const;

const PREFIX = /^\/env(?:\s+|$)/i;

/**
 * Reads the comment's first line. Undefined when the comment is not an `/env` command (it is
 * ignored without a call); an unknown or malformed subcommand is `unknown`, answered with help.
 */
export function parseCommand(body: string): Command | undefined {
  const line =
    body
      .replace(/^\uFEFF/, "")
      .split(/\r?\n/, 1)[0]
      ?.trim() ?? "";
  if (!PREFIX.test(line)) return undefined;
  const [sub = "", ...rest] = line.replace(PREFIX, "").split(/\s+/).filter(Boolean);
  const subcommand = sub.toLowerCase();
  const force = rest.some((word) => word.toLowerCase() === "--force");
  const words = rest.filter((word) => word.toLowerCase() !== "--force");
  const [environment, ...tail] = words;
  switch (subcommand) {
    case "reserve": {
      if (environment === undefined) return usage("reserve needs an environment, e.g. /env reserve qa3 for 2d");
      const length = durationAfter(tail, "for");
      if ("problem" in length) return usage(length.problem);
      const reason = length.rest.join(" ");
      return { kind: "reserve", environment, forMs: length.ms, force, reason: reason === "" ? undefined : reason };
    }
    case "extend": {
      if (environment === undefined) return usage("extend needs an environment, e.g. /env extend qa3 by 1d");
      const length = durationAfter(tail, "by");
      if ("problem" in length) return usage(length.problem);
      if (length.rest.length > 0) return usage(`extend takes only "by <duration>"; got "${length.rest.join(" ")}"`);
      return { kind: "extend", environment, byMs: length.ms };
    }
    case "release":
      if (environment === undefined) return usage("release needs an environment or all, e.g. /env release qa3");
      if (tail.length > 0) return usage(`release takes one environment or all; got "${words.join(" ")}"`);
      return { kind: "release", environment: environment.toLowerCase() === "all" ? undefined : environment };
    case "list":
      return { kind: "list" };
    case "help":
      return { kind: "help" };
    default:
      return usage(sub === "" ? "the command is missing" : `"${sub}" is not a command`);
  }
}

function usage(problem: string): Command {
  return { kind: "unknown", problem };
}

/** `for 2d` / `by 1d` (the keyword is optional before a duration); what follows is left in `rest`. */
function durationAfter(
  words: string[],
  keyword: string,
): { ms: number | undefined; rest: string[] } | { problem: string } {
  const [first, second, ...others] = words;
  if (first?.toLowerCase() === keyword && second !== undefined) {
    const ms = parseDuration(second);
    if (ms === undefined) return { problem: `"${second}" is not a duration like 12h, 2d or 1w (at most a year)` };
    return { ms, rest: others };
  }
  const bare = first === undefined ? undefined : parseDuration(first);
  if (first !== undefined && bare !== undefined) return { ms: bare, rest: words.slice(1) };
  return { ms: undefined, rest: words };
}

/**
 * The names closest to a typo, best first, at most 3: an edit distance of one per three letters
 * (at least one), or names that start with what was typed.
 */
export function closestNames(typo: string, names: readonly string[]): string[] {
  const wanted = typo.toLowerCase();
  const allowed = Math.max(1, Math.floor(wanted.length / 3));
  return names
    .map((name) => ({ name, distance: editDistance(wanted, name.toLowerCase()) }))
    .filter(({ name, distance }) => distance <= allowed || name.toLowerCase().startsWith(wanted))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name, "en", { numeric: true }))
    .slice(0, 3)
    .map(({ name }) => name);
}

/** Levenshtein distance (two rows). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
