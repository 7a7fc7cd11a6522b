import { compileGlobs } from "@sre-actions/core";
import type { PullRecord } from "./model.js";

export interface Exclusions {
  excludeBots: boolean;
  /** Lower case. */
  excludeLabels: readonly string[];
  /** Lower case; `name[bot]` and `name` both match a bot. */
  excludeAuthors: readonly string[];
  /** Globs; when set, only PRs touching a matching path count. */
  paths: readonly string[];
}

/** Why a PR does not count, or undefined when it does. */
export function exclusionReason(pull: PullRecord, exclusions: Exclusions): string | undefined {
  if (exclusions.excludeBots && pull.authorIsBot) return `bot author ${pull.author}`;
  const author = pull.author.toLowerCase();
  if (exclusions.excludeAuthors.some((name) => name === author || name === `${author}[bot]`)) {
    return `excluded author ${pull.author}`;
  }
  const label = pull.labels.find((name) => exclusions.excludeLabels.includes(name.toLowerCase()));
  if (label !== undefined) return `excluded label ${label}`;
  if (exclusions.paths.length > 0) {
    const matches = matcher(exclusions.paths);
    if (!(pull.files ?? []).some((file) => matches(file))) return `touches no path in ${exclusions.paths.join(", ")}`;
  }
  return undefined;
}

const matchers = new Map<string, (path: string) => boolean>();

/** One compiled matcher per set of globs (thousands of PRs share it). */
function matcher(globs: readonly string[]): (path: string) => boolean {
  const key = globs.join("\n");
  let found = matchers.get(key);
  if (found === undefined) {
    // core's linear-time matcher: a pathological pattern costs microseconds per path, not minutes.
    found = compileGlobs(globs, { path: true });
    matchers.set(key, found);
  }
  return found;
}

export function isIncident(pull: PullRecord, incidentLabels: readonly string[]): boolean {
  return pull.labels.some((label) => incidentLabels.includes(label.toLowerCase()));
}
