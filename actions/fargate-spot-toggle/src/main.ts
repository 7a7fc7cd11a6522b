import { RDSClient } from "@aws-sdk/client-rds";
import {
  ActionError,
  actionsLogger,
  type Execution,
  publish,
  runAction,
  secretInputsOf,
  systemClock,
} from "@sre-actions/core";
import { awsClientConfig, createAutoScalingClient, createEcsClient, resolveRegion } from "@sre-actions/core/aws";
import { Pacer, paceClient } from "@sre-actions/core/pace";
import { INPUTS, type OutputName, parseInputs, type ToggleInputs } from "./inputs.js";
import { outputsOf } from "./outputs.js";
import { ECS_PACING } from "./pacing.js";
import { autoScalingPort, ecsPort, rdsPort } from "./ports.js";
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

/**
 * The composition root: real clients for the region (they honour AWS_ENDPOINT_URL*). ECS calls
 * are paced to ECS's token buckets, so the SDK's retry is the standard one: adaptive mode keeps one
 * rate limiter per client, and one throttled UpdateService would slow every other operation.
 */
export function productionDeps(inputs: ToggleInputs): ToggleDeps {
  const region = resolveRegion(inputs.region);
  const pacer = new Pacer(systemClock, ECS_PACING);
  return {
    ecs: ecsPort(paceClient(createEcsClient({ region, overrides: { retryMode: "standard" } }), pacer)),
    scaling: autoScalingPort(createAutoScalingClient({ region })),
    rds: rdsPort(new RDSClient(awsClientConfig({ region }))),
    clock: systemClock,
    log: actionsLogger,
  };
}

function failureOf(result: ToggleResult): ActionError | undefined {
  if (result.failed === 0) return undefined;
  const failures = [
    ...result.outcomes
      .filter((outcome) => outcome.status === "failed")
      .map((outcome) => `${outcome.entry.service.cluster}/${outcome.entry.service.name}: ${outcome.error ?? "failed"}`),
    ...result.dbOutcomes
      .filter((outcome) => outcome.status === "failed")
      .map((outcome) => `DB cluster ${outcome.entry.db.id}: ${outcome.error ?? "failed"}`),
  ];
  const total = result.outcomes.length + result.dbOutcomes.length;
  const what = result.dbOutcomes.length > 0 ? "services and DB clusters" : "services";
  return new ActionError(`${result.failed} of ${total} ${what} failed: ${failures.join("; ")}`, {
    hint: "The other services were changed; re-running converges the failed ones (each change is idempotent).",
  });
}

/**
 * The action as `npx @github/local-action . src/main.ts .env` runs it on a laptop (the entry
 * GitHub's actions/typescript-action exports); src/index.ts runs the same for the bundle.
 */
export function run(): Promise<void> {
  return runAction(main, { secretInputs: secretInputsOf(INPUTS) });
}
