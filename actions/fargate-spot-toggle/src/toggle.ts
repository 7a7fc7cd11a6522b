import type { Clock, Logger } from "@sre-actions/core";
import { type ApplyDeps, applyPlan, type Outcome } from "./apply.js";
import type { ToggleInputs } from "./inputs.js";
import type { PlanEntry } from "./model.js";
import { type PlanContext, planService } from "./plan.js";
import { DEFAULT_WORKING_HOURS, offHoursPerMonth, roundUsd } from "./savings.js";
import { type Clients, readClusters, readServices } from "./select.js";
import { parseWorkingHours } from "./working-hours.js";

export interface ToggleDeps extends Clients {
  clock: Clock;
  log: Logger;
}

export interface ToggleResult {
  mode: ToggleInputs["mode"];
  dryRun: boolean;
  now: number;
  timeZone: string;
  outcomes: Outcome[];
  changed: number;
  skipped: number;
  failed: number;
  estimatedMonthlySavings: number;
  durationMs: number;
}

/** Plan, then act: read everything, decide per service, print the plan, apply it (unless dry-run). */
export async function toggle(inputs: ToggleInputs, deps: ToggleDeps): Promise<ToggleResult> {
  const started = deps.clock.now();
  const now = inputs.now?.getTime() ?? started;
  const { services, clusters } = await deps.log.group("Read services", async () => {
    const clusters = await readClusters(deps.ecs, inputs.clusters);
    const services = await readServices(deps, clusters, inputs, {
      concurrency: inputs.concurrency,
      taskDefinitions: inputs.mode !== "start",
    });
    deps.log.info(`${services.length} services selected in ${clusters.map((cluster) => cluster.name).join(", ")}`);
    return { services, clusters };
  });

  const context = planContext(inputs, now);
  const entries = services.map((service) => planService(service, context));
  await deps.log.group(inputs.dryRun ? "Plan (dry run: nothing is changed)" : "Plan", async () => {
    for (const entry of entries) deps.log.info(planLine(entry));
  });

  const applyDeps: ApplyDeps = { ...deps, now };
  const outcomes =
    inputs.dryRun || inputs.mode === "status"
      ? entries.map((entry) => dryOutcome(entry))
      : await deps.log.group("Apply", () => applyPlan(entries, clusters, inputs.concurrency, applyDeps));

  const count = (status: Outcome["status"]) => outcomes.filter((outcome) => outcome.status === status).length;
  return {
    mode: inputs.mode,
    dryRun: inputs.dryRun,
    now,
    timeZone: inputs.timeZone,
    outcomes,
    changed: count("changed"),
    skipped: count("skipped"),
    failed: count("failed"),
    estimatedMonthlySavings: roundUsd(
      outcomes
        .filter((outcome) => outcome.status !== "failed")
        .reduce((sum, outcome) => sum + outcome.entry.monthlySaving, 0),
    ),
    durationMs: deps.clock.now() - started,
  };
}

function planContext(inputs: ToggleInputs, now: number): PlanContext {
  const defaults = parseWorkingHours(DEFAULT_WORKING_HOURS);
  const windows = inputs.workingHours ?? ("windows" in defaults ? defaults.windows : []);
  return {
    mode: inputs.mode,
    spotStrategy: inputs.spotStrategy,
    onDemandStrategy: inputs.onDemandStrategy,
    schedule:
      inputs.workingHours === undefined
        ? undefined
        : { windows: inputs.workingHours, timeZone: inputs.timeZone, holidays: inputs.holidays },
    timeZone: inputs.timeZone,
    now,
    prices: inputs.prices,
    offHours: offHoursPerMonth(windows),
  };
}

/** In a dry run a planned change counts as "changed" (it would be), so the outputs preview the real run. */
function dryOutcome(entry: PlanEntry): Outcome {
  const kind = entry.change.kind;
  const status = kind === "skip" ? "skipped" : kind === "none" ? "unchanged" : "changed";
  return { entry, status, error: undefined };
}

function planLine(entry: PlanEntry): string {
  const { service, change } = entry;
  const action = change.kind === "none" ? "unchanged" : change.kind === "skip" ? "skipped" : change.kind;
  return `${service.cluster}/${service.name}: ${action}: ${entry.from} → ${entry.to} (${entry.reason})`;
}
