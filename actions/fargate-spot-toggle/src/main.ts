import { ActionError, actionsLogger, setOutputs, systemClock, writeJobSummary } from "@sre-actions/core";
import { createAutoScalingClient, createEcsClient, resolveRegion } from "@sre-actions/core/aws";
import { parseInputs } from "./inputs.js";
import { outputsOf } from "./outputs.js";
import { renderSummary } from "./summary.js";
import { toggle } from "./toggle.js";

export async function main(): Promise<void> {
  const inputs = parseInputs();
  const region = resolveRegion(inputs.region);
  const result = await toggle(inputs, {
    ecs: createEcsClient({ region }),
    scaling: createAutoScalingClient({ region }),
    clock: systemClock,
    log: actionsLogger,
  });
  setOutputs(outputsOf(result));
  await writeJobSummary(renderSummary(result));
  if (result.failed > 0) {
    const failures = result.outcomes
      .filter((outcome) => outcome.status === "failed")
      .map((outcome) => `${outcome.entry.service.cluster}/${outcome.entry.service.name}: ${outcome.error ?? "failed"}`);
    throw new ActionError(`${result.failed} of ${result.outcomes.length} services failed: ${failures.join("; ")}`, {
      hint: "The other services were changed; re-running converges the failed ones (each change is idempotent).",
    });
  }
}
