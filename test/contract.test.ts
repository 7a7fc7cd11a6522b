import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { actionContractProblems, type InputContract } from "@sre-actions/testkit";
import { describe, expect, it } from "vitest";
import * as ecsDeploy from "../actions/ecs-deploy/src/inputs.js";
import * as fargateSpotToggle from "../actions/fargate-spot-toggle/src/inputs.js";
import * as incidentLabelMetrics from "../actions/incident-label-metrics/src/inputs.js";
import * as notionEnvStatus from "../actions/notion-env-status/src/inputs.js";

const root = path.resolve(import.meta.dirname, "..");

/** Each action's code-side contract: the input table and output list its `src/inputs.ts` declares. */
const DECLARED: Record<string, { INPUTS: Readonly<Record<string, InputContract>>; OUTPUTS: readonly string[] }> = {
  "ecs-deploy": ecsDeploy,
  "fargate-spot-toggle": fargateSpotToggle,
  "incident-label-metrics": incidentLabelMetrics,
  "notion-env-status": notionEnvStatus,
};
const actions = readdirSync(path.join(root, "actions"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe("action.yml contract, every action", () => {
  it("covers every folder under actions/", () => {
    expect(Object.keys(DECLARED).sort()).toEqual(actions);
  });

  it.each(actions)("%s declares exactly the inputs and outputs its code reads and writes", (name) => {
    const declared = DECLARED[name];
    if (declared === undefined) throw new Error(`actions/${name} is not in DECLARED: import its src/inputs.ts here`);
    expect(actionContractProblems(path.join(root, "actions", name), declared.INPUTS, declared.OUTPUTS)).toEqual([]);
  });
});

describe("actionContractProblems finds drift", () => {
  /** A copy of ecs-deploy's action.yml with `edit` applied, checked against ecs-deploy's own tables. */
  function problemsAfter(edit: (yaml: string) => string): string[] {
    const dir = mkdtempSync(path.join(tmpdir(), "contract-"));
    cpSync(path.join(root, "actions/ecs-deploy/action.yml"), path.join(dir, "action.yml"));
    writeFileSync(path.join(dir, "action.yml"), edit(readFileSync(path.join(dir, "action.yml"), "utf8")));
    return actionContractProblems(dir, ecsDeploy.INPUTS, ecsDeploy.OUTPUTS);
  }

  it("a default, a required flag, a missing description, an extra output, the runtime and the branding", () => {
    expect(problemsAfter((yaml) => yaml)).toEqual([]);
    expect(
      problemsAfter((yaml) => yaml.replace(/(\n {2}timeout:\n(?: {4}.*\n)*? {4}default: )"?[^"\n]+"?/, '$1"1h"')),
    ).toEqual(['input "timeout": default is "1h" in action.yml, "30m" in the code']);
    expect(
      problemsAfter((yaml) => yaml.replace(/(\n {2}cluster:\n(?: {4}.*\n)*? {4}required: )true/, "$1false")),
    ).toEqual(['input "cluster": required is false in action.yml']);
    expect(problemsAfter((yaml) => yaml.replace(/\n {2}cluster:\n {4}description: .*\n/, "\n  cluster:\n"))).toEqual([
      'input "cluster" has no description',
    ]);
    expect(
      problemsAfter((yaml) =>
        yaml.replace(/\noutputs:\n/, '\noutputs:\n  surprise:\n    description: "Not in the code."\n'),
      ),
    ).toEqual(['output "surprise" is not in the code']);
    expect(problemsAfter((yaml) => yaml.replace(/using: "?node24"?/, "using: node20"))).toEqual([
      "runs.using is node20, expected node24",
    ]);
    expect(problemsAfter((yaml) => yaml.replace(/\nbranding:\n(?: {2}.*\n)+/, "\n"))).toEqual([
      "action.yml has no branding (icon and color)",
    ]);
  });
});
