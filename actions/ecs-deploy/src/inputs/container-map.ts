import { InputError, isEcsName, keyValueLines, malformedLine } from "@sre-actions/core";

/** One `KEY=value` (every target container) or `container:KEY=value` (one container) line. */
export interface ContainerEntry {
  container: string | undefined;
  key: string;
  value: string;
}

export interface ContainerMapOptions {
  example: string;
  /** Validates the key part (after `container:`); return a problem or undefined. */
  checkKey?: (key: string) => string | undefined;
}

/**
 * Parses `KEY=value` / `container:KEY=value` lines (environment-variables, secrets, docker-labels).
 * A key may be set once for all containers and once per container; the same target twice is an
 * error. A malformed line is named by its number and variable, never by its value.
 */
export function parseContainerMap(name: string, text: string, options: ContainerMapOptions): ContainerEntry[] {
  const entries: ContainerEntry[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (const { line, key: target, value } of keyValueLines(name, text, options.example)) {
    // `PASSWORD s3cr=t` (the = forgotten, one inside the value): the "key" holds the secret.
    if (/\s/.test(target)) {
      throw new InputError(name, `line ${line} ${malformedLine(lines[line - 1]?.trim() ?? "")}`, options.example);
    }
    const colon = target.indexOf(":");
    const container = colon === -1 ? undefined : target.slice(0, colon).trim();
    const key = colon === -1 ? target : target.slice(colon + 1).trim();
    if (container !== undefined && !isEcsName(container)) {
      throw new InputError(name, `line ${line}: "${container}" is not a container name`, options.example);
    }
    const keyProblem = key === "" ? "has no key" : options.checkKey?.(key);
    if (keyProblem !== undefined) throw new InputError(name, `line ${line}: ${keyProblem}`, options.example);
    const id = `${container ?? "*"}:${key}`;
    if (seen.has(id)) throw new InputError(name, `sets ${target} twice (line ${line})`, options.example);
    seen.add(id);
    entries.push({ container, key, value });
  }
  return entries;
}
