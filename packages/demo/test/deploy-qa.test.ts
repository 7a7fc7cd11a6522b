import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEMO_ONLY_INPUTS, deployQaInputs } from "../src/deploy-qa.js";

const workflow = parse(
  readFileSync(path.resolve(import.meta.dirname, "../../../examples/workflows/deploy-qa.yml"), "utf8"),
) as { jobs: { deploy: { steps: { uses: string; with?: Record<string, string> }[] } } };

const packSteps = workflow.jobs.deploy.steps.filter((step) => step.uses.includes("/sre-actions/actions/"));
const demo = deployQaInputs(
  { environment: "qa3", image: "img" },
  {
    notion: { "notion-token": "t", database: "d", "github-token": "g", "user-map": "u", timezone: "Asia/Tokyo" },
    datadog: { "datadog-api-key": "k", "datadog-app-key": "a", "verify-monitors": "m", bake: "5s" },
  },
);
const demoSteps = [
  ["notion-env-status", demo.reserve],
  ["ecs-deploy", demo.deploy],
  ["notion-env-status", demo.record("deployed")],
] as const;

describe("the demo runs deploy-qa.yml's deploy job as written", () => {
  it("the same pack actions in the same order", () => {
    expect(packSteps.map((step) => /actions\/([\w-]+)@/.exec(step.uses)?.[1])).toEqual(demoSteps.map(([name]) => name));
  });

  it.each(demoSteps.map(([name, inputs], index) => [`${index + 1}. ${name}`, index, inputs] as const))(
    "%s: the workflow's inputs, literal values equal",
    (_, index, inputs) => {
      const written = packSteps[index]?.with ?? {};
      expect(Object.keys(written).filter((name) => !(name in inputs))).toEqual([]);
      expect(Object.keys(inputs).filter((name) => !(name in written) && !DEMO_ONLY_INPUTS.includes(name))).toEqual([]);
      for (const [name, value] of Object.entries(written)) {
        if (!String(value).includes("${{")) expect(inputs[name as keyof typeof inputs], name).toBe(String(value));
      }
    },
  );
});
