import { ActionError, actionsLogger, type Clock, type Execution, type Logger, systemClock } from "@sre-actions/core";
import { createAutoScalingClient, createEcsClient, resolveRegion } from "@sre-actions/core/aws";
import { ecsPort } from "@sre-actions/core/ecs";
import type { FargateSpotToggleInputs, OutputName } from "./inputs.js";
import { outputsOf } from "./outputs.js";
import { ECS_PACING, Pacer, paceClient } from "./pacing.js";
import { autoScalingPort, lazyCloudWatchPort, lazyRdsPort } from "./ports.js";
import { renderSummary } from "./summary.js";
import { type FargateSpotToggleDeps, type FargateSpotToggleResult, toggle } from "./toggle.js";

/** The whole run: read, plan, apply (unless dry run), then the outputs, the summary and the failure to report. */
export async function execute(
  inputs: FargateSpotToggleInputs,
  deps: FargateSpotToggleDeps,
): Promise<Execution<FargateSpotToggleResult, OutputName>> {
  const result = await toggle(inputs, deps);
  return { result, outputs: outputsOf(result), summary: renderSummary(result), failure: failureOf(result) };
}

/** What tests and benches may replace; everything else is wired as in production. */
export interface DepsOverrides {
  /** Extra SDK settings for every client: tests give the fake's endpoint and dummy credentials. */
  aws?: Record<string, unknown>;
  clock?: Clock;
  log?: Logger;
  /** Applied to every SDK client (benches add virtual latency on the wire). */
  client?: <C extends { middlewareStack: object }>(client: C) => C;
}

/**
 * The composition root, the only wiring (tests call it too, with the fake's endpoint, a clock and a
 * logger). Clients honour AWS_ENDPOINT_URL*. ECS calls are paced to ECS's token buckets, so the SDK's
 * retry is the standard one: adaptive mode keeps one rate limiter per client, and one throttled
 * UpdateService would slow every other operation. CloudWatch (idle) and RDS (db-clusters) load on
 * first use: most runs need neither.
 */
export function productionDeps(
  inputs: FargateSpotToggleInputs,
  env: NodeJS.ProcessEnv = process.env,
  overrides: DepsOverrides = {},
): FargateSpotToggleDeps & { close(): void } {
  const region = resolveRegion(inputs.region, env);
  const clock = overrides.clock ?? systemClock;
  const pacer = new Pacer(clock, ECS_PACING);
  const aws = overrides.aws ?? {};
  const wrap = overrides.client ?? ((client) => client);
  const ecs = wrap(paceClient(createEcsClient({ region, overrides: { retryMode: "standard", ...aws } }), pacer));
  const scaling = wrap(createAutoScalingClient({ region, overrides: aws }));
  const cloudWatch = lazyCloudWatchPort({ region, overrides: aws }, wrap);
  const rds = lazyRdsPort({ region, overrides: aws }, wrap);
  return {
    ecs: ecsPort(ecs),
    scaling: autoScalingPort(scaling),
    rds: rds.port,
    cloudWatch: cloudWatch.port,
    clock,
    log: overrides.log ?? actionsLogger,
    pacer,
    close: () => {
      ecs.destroy();
      scaling.destroy();
      cloudWatch.close();
      rds.close();
    },
  };
}

function failureOf(result: FargateSpotToggleResult): ActionError | undefined {
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
