import { ActionError, actionsLogger, type Execution, publish, systemClock } from "@sre-actions/core";
import { createAutoScalingClient, createEcsClient, resolveRegion } from "@sre-actions/core/aws";
import { type OutputName, parseInputs, type ToggleInputs } from "./inputs.js";
import { outputsOf } from "./outputs.js";
import { autoScalingPort, ecsPort } from "./ports.js";
import { renderSummary } from "./summary.js";
import { type ToggleDeps, type ToggleResult, toggle } from "./toggle.js";

/** The whole run: read, plan, apply (unless dry run), then the outputs, the summary and the failure to report. */
export async function execute(inputs: ToggleInputs, deps: ToggleDeps): Promise<Execution<ToggleResult, OutputName>> {
  const result = await toggle(inputs, deps);
  return { result, outputs: outputsOf(result), summary: renderSummary(result), failure: failureOf(result) };
}

export async function main(): Promise<void> {
  const inputs = parseInputs();
  await publish(await execute(inputs, productionDeps(inputs)));
}

/** The composition root: real clients for the region (they honour AWS_ENDPOINT_URL*). */
export function productionDeps(inputs: ToggleInputs): ToggleDeps {
  const region = resolveRegion(inputs.region);
  return {
    ecs: ecsPort(createEcsClient({ region })),
    scaling: autoScalingPort(createAutoScalingClient({ region })),
    clock: systemClock,
    log: actionsLogger,
  };
}

function failureOf(result: ToggleResult): ActionError | undefined {
  if (result.failed === 0) return undefined;
  const failures = result.outcomes
    .filter((outcome) => outcome.status === "failed")
    .map((outcome) => `${outcome.entry.service.cluster}/${outcome.entry.service.name}: ${outcome.error ?? "failed"}`);
  return new ActionError(`${result.failed} of ${result.outcomes.length} services failed: ${failures.join("; ")}`, {
    hint: "The other services were changed; re-running converges the failed ones (each change is idempotent).",
  });
}
