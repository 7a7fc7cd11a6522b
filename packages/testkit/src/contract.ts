import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

/** One row of an action's `INPUTS` table; `example` and `secret` are code-only and not compared. */
export interface InputContract {
  readonly required?: boolean;
  readonly default?: string;
  readonly example?: string;
  readonly secret?: boolean;
}

interface ActionYaml {
  name?: string;
  description?: string;
  branding?: { icon?: string; color?: string };
  inputs?: Record<string, { description?: string; required?: boolean | string; default?: unknown }>;
  outputs?: Record<string, { description?: string }>;
  runs?: { using?: string; main?: string };
}

export function readActionYaml(actionDir: string): ActionYaml {
  return parse(readFileSync(path.join(actionDir, "action.yml"), "utf8")) as ActionYaml;
}

/**
 * Differences between an action's `action.yml` and the input/output lists its code declares:
 * names, required flags and defaults must match exactly, every entry needs a description, the
 * action needs a name, a description and branding (the Marketplace shows them), and it must run
 * on node24 from dist/index.js. An empty list means the contract holds.
 */
export function actionContractProblems(
  actionDir: string,
  inputs: Readonly<Record<string, InputContract>>,
  outputs: readonly string[],
): string[] {
  const yaml = readActionYaml(actionDir);
  const problems: string[] = [];
  if (!yaml.name) problems.push("action.yml has no name");
  if (!yaml.description) problems.push("action.yml has no description");
  if (!yaml.branding?.icon || !yaml.branding.color) problems.push("action.yml has no branding (icon and color)");
  const declaredInputs = yaml.inputs ?? {};
  for (const name of new Set([...Object.keys(declaredInputs), ...Object.keys(inputs)])) {
    const declared = declaredInputs[name];
    const coded = inputs[name];
    if (declared === undefined) {
      problems.push(`input "${name}" is in the code but not in action.yml`);
      continue;
    }
    if (coded === undefined) {
      problems.push(`input "${name}" is in action.yml but not in the code`);
      continue;
    }
    if (!declared.description) problems.push(`input "${name}" has no description`);
    const required = declared.required === true || declared.required === "true";
    if (required !== (coded.required ?? false)) problems.push(`input "${name}": required is ${required} in action.yml`);
    const declaredDefault = declared.default === undefined ? undefined : String(declared.default);
    if (declaredDefault !== coded.default) {
      problems.push(
        `input "${name}": default is ${JSON.stringify(declaredDefault)} in action.yml, ${JSON.stringify(coded.default)} in the code`,
      );
    }
  }
  const declaredOutputs = Object.keys(yaml.outputs ?? {});
  for (const name of declaredOutputs) if (!outputs.includes(name)) problems.push(`output "${name}" is not in the code`);
  for (const name of outputs)
    if (!declaredOutputs.includes(name)) problems.push(`output "${name}" is not in action.yml`);
  for (const [name, output] of Object.entries(yaml.outputs ?? {})) {
    if (!output.description) problems.push(`output "${name}" has no description`);
  }
  if (yaml.runs?.using !== "node24") problems.push(`runs.using is ${yaml.runs?.using}, expected node24`);
  if (yaml.runs?.main !== "dist/index.js") problems.push(`runs.main is ${yaml.runs?.main}, expected dist/index.js`);
  return problems;
}
