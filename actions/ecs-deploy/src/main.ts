import { type ActionRun, publish, runAction, secretInputsOf } from "@sre-actions/core";
import { INPUTS, parseInputs } from "./inputs.js";

/**
 * The step: read and check every input first (nothing else is loaded until they are valid, so a
 * mistake is reported at once), then wire the clients, deploy, and publish outputs and summary.
 */
export async function main(run?: ActionRun): Promise<void> {
  const inputs = parseInputs();
  const [{ execute }, { productionDeps }] = await Promise.all([import("./execute.js"), import("./wiring.js")]);
  await publish(await execute(inputs, productionDeps(inputs, { signal: run?.signal, journal: run?.journal })));
}

/**
 * The action as `npx @github/local-action . src/main.ts .env` runs it on a laptop (the entry
 * GitHub's actions/typescript-action exports); src/index.ts runs the same for the bundle.
 */
export function run(): Promise<void> {
  return runAction(main, { name: "ecs-deploy", secretInputs: secretInputsOf(INPUTS) });
}
