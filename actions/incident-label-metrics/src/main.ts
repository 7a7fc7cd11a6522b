import { publish, runAction, secretInputsOf } from "@sre-actions/core";
import { INPUTS, parseInputs } from "./inputs.js";

/**
 * The step: read and check every input first (the GitHub and Datadog clients and the rest of the
 * action load only once they are valid, so a mistake is reported at once), then report and publish.
 */
export async function main(): Promise<void> {
  const inputs = parseInputs();
  const { execute, productionDeps } = await import("./execute.js");
  await publish(await execute(inputs, productionDeps(inputs)));
}

/**
 * The action as `npx @github/local-action . src/main.ts .env` runs it on a laptop (the entry
 * GitHub's actions/typescript-action exports); src/index.ts runs the same for the bundle.
 */
export function run(): Promise<void> {
  return runAction(main, { name: "incident-label-metrics", secretInputs: secretInputsOf(INPUTS) });
}
