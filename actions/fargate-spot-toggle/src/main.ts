import { type ActionRun, cancellableClock, publish, runAction, secretInputsOf, systemClock } from "@sre-actions/core";
import { INPUTS, parseInputs } from "./inputs.js";

/**
 * The step: read and check every input first (the SDK clients and the rest of the action load only
 * once they are valid, so a mistake is reported at once), then wire, toggle, publish.
 */
export async function main(run?: ActionRun): Promise<void> {
  const inputs = parseInputs();
  const { execute, productionDeps } = await import("./execute.js");
  // A cancel ends every wait at once (Aurora, pacing): runAction then reports what was left.
  const deps = productionDeps(
    inputs,
    process.env,
    run === undefined ? {} : { clock: cancellableClock(systemClock, run.signal) },
  );
  try {
    await publish(await execute(inputs, deps));
  } finally {
    deps.close();
  }
}

/**
 * The action as `npx @github/local-action . src/main.ts .env` runs it on a laptop (the entry
 * GitHub's actions/typescript-action exports); src/index.ts runs the same for the bundle.
 */
export function run(): Promise<void> {
  return runAction(main, { name: "fargate-spot-toggle", secretInputs: secretInputsOf(INPUTS) });
}
