import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";

/** One declared input of an action.yml, as the runner sees it. */
export interface ActionInput {
  name: string;
  /** The default as a string; absent when the input has no `default:`. */
  default?: string;
}

export interface ActionManifest {
  /** The action.yml (or action.yaml) file that was read. */
  file: string;
  inputs: ActionInput[];
  /** `runs.using`, e.g. `node24`. */
  using: string;
  /** `runs.main`, relative to the action directory. */
  main: string;
}

/** `INPUT_<NAME>` exactly as the runner names it: spaces become `_`, upper case, hyphens kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replaceAll(" ", "_").toUpperCase()}`;
}

/** Whether a default holds a GitHub expression the runner would evaluate (we do not). */
export function isExpression(value: string): boolean {
  return value.includes("${{");
}

export async function readActionManifest(actionDir: string): Promise<ActionManifest> {
  // The runner accepts either name, action.yml first.
  const file = [join(actionDir, "action.yml"), join(actionDir, "action.yaml")].find((path) => existsSync(path));
  if (file === undefined) throw new Error(`No action.yml or action.yaml in ${actionDir}`);
  const doc: unknown = parse(await readFile(file, "utf8"));
  if (!isRecord(doc)) throw new Error(`${file} is not a YAML mapping`);

  const runs = doc["runs"];
  if (!isRecord(runs) || typeof runs["using"] !== "string" || typeof runs["main"] !== "string") {
    throw new Error(`${file} has no runs.using/runs.main: only JavaScript actions can be run by the harness`);
  }
  if (!/^node\d+$/.test(runs["using"])) {
    throw new Error(`${file} uses "${runs["using"]}": the harness runs JavaScript (nodeNN) actions only`);
  }

  const inputs: ActionInput[] = [];
  const declared = doc["inputs"] ?? {};
  if (!isRecord(declared)) throw new Error(`${file}: inputs must be a mapping`);
  for (const [name, spec] of Object.entries(declared)) {
    const value = isRecord(spec) ? spec["default"] : undefined;
    // Every input is a string to the runner; YAML numbers and booleans keep their text form.
    inputs.push(value === undefined || value === null ? { name } : { name, default: String(value) });
  }
  return { file, inputs, using: runs["using"], main: runs["main"] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
