import { ActionError, type Execution } from "@sre-actions/core";
import { deploy } from "./deploy.js";
import type { EcsDeployInputs, OutputName } from "./inputs.js";
import type { EcsDeployDeps, EcsDeployResult } from "./model.js";
import { outputsOf } from "./outputs.js";
import { looksSecret } from "./plan/render.js";
import { renderSummary } from "./render/summary.js";
import { resume } from "./resume.js";

/** The whole run: deploy, then what the step publishes (outputs, summary, and the failure to fail with). */
export async function execute(
  inputs: EcsDeployInputs,
  deps: EcsDeployDeps,
): Promise<Execution<EcsDeployResult, OutputName>> {
  // Secret-looking environment values are shown as *** in the summary; mask them in the log too.
  for (const change of inputs.environment) if (looksSecret(change.name)) deps.mask(change.value);
  const result = inputs.mode === "deploy" ? await deploy(inputs, deps) : await resume(inputs, deps);
  return {
    result,
    outputs: outputsOf(result),
    summary: renderSummary(result, { showValues: inputs.showValues }),
    failure: failureOf(result, inputs.mode),
  };
}

function failureOf(result: EcsDeployResult, mode: EcsDeployInputs["mode"]): ActionError | undefined {
  const stuck = result.scheduled.filter((target) => target.status === "failed");
  if (result.status === "succeeded" && stuck.length > 0) {
    return new ActionError(
      `The services were deployed, but ${stuck.map((target) => `${target.kind} ${target.name} (${target.note})`).join("; ")}`,
      {
        hint: "The deploy role needs scheduler:UpdateSchedule / events:PutTargets and iam:PassRole on the targets' roles; re-run to retry.",
      },
    );
  }
  if (result.status === "succeeded" || result.status === "paused" || result.status === "dry-run") return undefined;
  // mode: rollback asked for the rollback: the service went back, which is what the step was for.
  if (mode === "rollback" && result.status === "rolled-back") return undefined;
  return new ActionError(`Deployment ${result.status}: ${result.reason ?? "see the log"}`, {
    hint:
      result.status === "rolled-back"
        ? "The service runs the previous revision again; the job summary says why tasks stopped."
        : "The job summary lists the service events and why tasks stopped.",
  });
}
