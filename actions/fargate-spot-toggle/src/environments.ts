import { compileGlobs } from "@sre-actions/core";
import { TAG_ENVIRONMENT } from "./model.js";

/**
 * Which environment a resource belongs to: its `sre-actions:environment` tag (`environment-from:
 * tag`), or the part of its name before the first `-` (`name`: qa3-web, qa3-aurora → qa3).
 * Undefined when it has none or it matches none of the `environments` globs.
 */
export function environmentOf(
  resource: { name: string; tags: ReadonlyMap<string, string> },
  from: "tag" | "name",
  matches: (name: string) => boolean,
): string | undefined {
  const name = from === "tag" ? resource.tags.get(TAG_ENVIRONMENT) : prefixOf(resource.name);
  return name !== undefined && name !== "" && matches(name) ? name : undefined;
}

function prefixOf(name: string): string | undefined {
  const dash = name.indexOf("-");
  return dash <= 0 ? undefined : name.slice(0, dash);
}

/** The matcher for the `environments` input (every environment when the input is empty). */
export function environmentMatcher(globs: readonly string[]): (name: string) => boolean {
  return globs.length === 0 ? () => true : compileGlobs(globs);
}

/** Resources grouped by environment, in the order environments are first met; those without one left out. */
export function groupByEnvironment<T extends { environment: string | undefined }>(
  items: readonly T[],
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    if (item.environment === undefined) continue;
    groups.set(item.environment, [...(groups.get(item.environment) ?? []), item]);
  }
  return groups;
}
