/**
 * The one glob matcher of the pack: service, cluster, schedule, environment and path globs all
 * follow the same rules. It runs in O(name × pattern) whatever the pattern (a set-of-states
 * simulation, never backtracking), so `*a*a*a*a*a*a*a*a*a*a*a*a*b` against a long name costs
 * microseconds instead of the minutes a backtracking regular expression takes.
 *
 * - `*` any run of characters (not `/` in path mode), `?` one character (not `/` in path mode)
 * - `**` in path mode: any run including `/`; `**​/` also matches no directory at all
 * - `[abc]`, `[a-z]`, `[!abc]` / `[^abc]` one character of (or not of) the set
 * - `{a,b}` alternatives (not nested), `\x` a literal x
 */

export interface GlobOptions {
  /** `*` and `?` stop at `/`, and `**` crosses it (file paths). */
  path?: boolean;
}

export interface Glob {
  readonly pattern: string;
  /** True when the pattern has no wildcard: it names one thing (a miss is then worth an error). */
  readonly literal: boolean;
  /** The literal text before the first wildcard (for APIs that filter by name prefix). */
  readonly prefix: string;
  test(name: string): boolean;
}

/** A pattern that cannot be a glob; the message says what is wrong with it. */
export class GlobError extends Error {
  override readonly name = "GlobError";
}

/** Longest pattern accepted: names in AWS and paths in a repository are far shorter. */
export const MAX_GLOB_LENGTH = 512;
const MAX_ALTERNATIVES = 64;

type Token =
  | { kind: "char"; char: string }
  | { kind: "any" }
  | { kind: "star" }
  | { kind: "globstar" }
  | { kind: "class"; negated: boolean; ranges: [string, string][] };

export function compileGlob(pattern: string, options: GlobOptions = {}): Glob {
  if (pattern.length === 0) throw new GlobError("is empty");
  if (pattern.length > MAX_GLOB_LENGTH)
    throw new GlobError(`is ${pattern.length} characters long; at most ${MAX_GLOB_LENGTH} are accepted`);
  const path = options.path === true;
  const alternatives = expandBraces(pattern).map((alternative) => tokenize(alternative, path));
  const literal = alternatives.length === 1 && (alternatives[0] ?? []).every((token) => token.kind === "char");
  const first = alternatives[0] ?? [];
  const stop = first.findIndex((token) => token.kind !== "char");
  const prefix =
    alternatives.length > 1 && pattern.indexOf("{") >= 0
      ? literalText(tokenize(pattern.slice(0, pattern.indexOf("{")), path))
      : literalText(stop === -1 ? first : first.slice(0, stop));
  return {
    pattern,
    literal,
    prefix,
    test: (name) => alternatives.some((tokens) => matchTokens(tokens, name, path)),
  };
}

/** One matcher for a list of patterns: a name matches when any pattern does. */
export function compileGlobs(patterns: readonly string[], options: GlobOptions = {}): (name: string) => boolean {
  const globs = patterns.map((pattern) => compileGlob(pattern, options));
  return (name) => globs.some((glob) => glob.test(name));
}

/** True when the text uses any glob syntax. */
export function isGlob(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}

function literalText(tokens: readonly Token[]): string {
  return tokens.map((token) => (token.kind === "char" ? token.char : "")).join("");
}

function expandBraces(pattern: string): string[] {
  const open = findUnescaped(pattern, "{", 0);
  if (open === -1) return [pattern];
  const close = findUnescaped(pattern, "}", open + 1);
  if (close === -1) throw new GlobError(`has a "{" at position ${open + 1} that is never closed`);
  const inner = pattern.slice(open + 1, close);
  if (findUnescaped(inner, "{", 0) !== -1) throw new GlobError("nests braces; write the alternatives out");
  const options = splitUnescaped(inner, ",");
  const rest = expandBraces(pattern.slice(close + 1));
  const out: string[] = [];
  for (const option of options)
    for (const tail of rest) {
      out.push(pattern.slice(0, open) + option + tail);
      if (out.length > MAX_ALTERNATIVES)
        throw new GlobError(`expands to more than ${MAX_ALTERNATIVES} alternatives; use fewer braces`);
    }
  return out;
}

function findUnescaped(text: string, char: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    if (text[index] === "\\") index++;
    else if (text[index] === char) return index;
  }
  return -1;
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    if (text[index] === "\\") index++;
    else if (text[index] === separator) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function tokenize(pattern: string, path: boolean): Token[] {
  const tokens: Token[] = [];
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index] as string;
    if (char === "\\") {
      const next = pattern[index + 1];
      if (next === undefined) throw new GlobError("ends with a lone backslash");
      tokens.push({ kind: "char", char: next });
      index++;
    } else if (char === "*") {
      let run = 1;
      while (pattern[index + run] === "*") run++;
      index += run - 1;
      // Runs of stars are one star; `**` only means "across directories" in path mode.
      const kind = path && run >= 2 ? "globstar" : "star";
      if (tokens.at(-1)?.kind !== kind) tokens.push({ kind });
    } else if (char === "?") {
      tokens.push({ kind: "any" });
    } else if (char === "[") {
      const end = classEnd(pattern, index);
      if (end === -1) throw new GlobError(`has a "[" at position ${index + 1} that is never closed`);
      tokens.push(classToken(pattern.slice(index + 1, end)));
      index = end;
    } else {
      tokens.push({ kind: "char", char });
    }
  }
  return tokens;
}

function classEnd(pattern: string, open: number): number {
  let index = open + 1;
  if (pattern[index] === "!" || pattern[index] === "^") index++;
  if (pattern[index] === "]") index++; // a leading ] is a member
  for (; index < pattern.length; index++) {
    if (pattern[index] === "\\") index++;
    else if (pattern[index] === "]") return index;
  }
  return -1;
}

function classToken(body: string): Token {
  let index = 0;
  const negated = body[0] === "!" || body[0] === "^";
  if (negated) index++;
  const members: string[] = [];
  for (; index < body.length; index++) {
    if (body[index] === "\\") index++;
    members.push(body[index] as string);
  }
  const ranges: [string, string][] = [];
  for (let at = 0; at < members.length; at++) {
    const from = members[at] as string;
    const to = members[at + 2];
    if (members[at + 1] === "-" && to !== undefined) {
      if (to < from) throw new GlobError(`has the range ${from}-${to}, which runs backwards`);
      ranges.push([from, to]);
      at += 2;
    } else ranges.push([from, from]);
  }
  if (ranges.length === 0) throw new GlobError("has an empty [] class");
  return { kind: "class", negated, ranges };
}

function matchesOne(token: Token, char: string, path: boolean): boolean {
  switch (token.kind) {
    case "char":
      return token.char === char;
    case "any":
      return !(path && char === "/");
    case "class": {
      if (path && char === "/") return false;
      const inside = token.ranges.some(([from, to]) => char >= from && char <= to);
      return inside !== token.negated;
    }
    default:
      return false;
  }
}

/** Set-of-states simulation: each character advances every live position at once. */
function matchTokens(tokens: readonly Token[], name: string, path: boolean): boolean {
  const size = tokens.length + 1;
  let live = new Uint8Array(size);
  let next = new Uint8Array(size);
  const close = (states: Uint8Array) => {
    for (let index = 0; index < tokens.length; index++) {
      if (states[index] !== 1) continue;
      const token = tokens[index] as Token;
      if (token.kind === "star" || token.kind === "globstar") states[index + 1] = 1;
      // `**/` matches no directory at all.
      const after = tokens[index + 1];
      if (token.kind === "globstar" && after?.kind === "char" && after.char === "/") states[index + 2] = 1;
    }
  };
  live[0] = 1;
  close(live);
  for (const char of name) {
    next.fill(0);
    let any = false;
    for (let index = 0; index < tokens.length; index++) {
      if (live[index] !== 1) continue;
      const token = tokens[index] as Token;
      if (token.kind === "globstar" || (token.kind === "star" && !(path && char === "/"))) {
        next[index] = 1;
        any = true;
      } else if (matchesOne(token, char, path)) {
        next[index + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    close(next);
    [live, next] = [next, live];
  }
  return live[tokens.length] === 1;
}
