import type { Outcome } from "./apply.js";
import type { DbOutcome } from "./db.js";
import type { FargateSpotToggleInputs } from "./inputs.js";
import { offHoursOf, type PlanContext } from "./plan.js";
import { HOURS_PER_MONTH, stoppedHourly, switchSaving } from "./savings.js";
import { keepRunningUntil, nextWorkingStart, windowsFor } from "./schedule.js";

/** The savings of a run, each figure once: schedule (services), Spot, Aurora, and tonight's. */
export interface Savings {
  /** Services this run stops, over their off hours at the on-demand price. */
  schedule: number;
  /** Spot over the hours services run: a strategy this run switches, or the Spot a service it stops uses. */
  spot: number;
  /** Aurora instance-hours out of hours, for the clusters this run stops. */
  aurora: number;
  total: number;
  /** Services and DB clusters this run started (they save nothing; the stop that follows does). */
  started: number;
  /** From now until the next working start, for what this run stopped or keeps stopped (stop and schedule modes). */
  tonight:
    | {
        usd: number;
        services: number;
        clusters: number;
        keptRunning: number;
        keptRunningClusters: number;
        until: number;
      }
    | undefined;
  assumptions: string[];
}

const SWITCHES = new Set(["switch", "spot-fallback", "spot-retry"]);

/**
 * Only what this run changes counts (a dry run: what it would change): a service it stops, a
 * strategy it switches, a DB cluster it stops. Starts, services already stopped, kept up by
 * keep-running-until or left as they are save nothing this run, so they add $0.
 */
export function savingsOf(
  outcomes: Outcome[],
  dbOutcomes: DbOutcome[],
  inputs: FargateSpotToggleInputs,
  context: PlanContext,
): Savings {
  let schedule = 0;
  let spot = 0;
  for (const { entry, status } of outcomes) {
    if (status !== "changed") continue;
    if (SWITCHES.has(entry.change.kind)) {
      spot += entry.monthlySaving;
      continue;
    }
    if (entry.change.kind !== "stop" || entry.change.why === "idle") continue;
    schedule += entry.monthlySaving;
    // The Spot the stopped service uses, over the hours it runs under its schedule only.
    const service = entry.service;
    const tasks = service.saved?.desired ?? service.desired;
    const placement = service.saved?.placement ?? service.placement;
    const running = HOURS_PER_MONTH - offHoursOf(service.tags, context);
    spot += switchSaving(
      service,
      tasks,
      { kind: "launch-type", launchType: "FARGATE" },
      placement,
      inputs.prices,
      running,
    );
  }
  const aurora = dbOutcomes
    .filter(({ entry, status }) => status === "changed" && entry.change.kind === "stop")
    .reduce((sum, { entry }) => sum + entry.monthlySaving, 0);
  const started =
    outcomes.filter(({ entry, status }) => status === "changed" && entry.change.kind === "start").length +
    dbOutcomes.filter(({ entry, status }) => status === "changed" && entry.change.kind === "start").length;
  return {
    schedule,
    spot,
    aurora,
    total: schedule + spot + aurora,
    started,
    tonight:
      inputs.mode === "stop" || inputs.mode === "schedule" ? tonight(outcomes, dbOutcomes, inputs, context) : undefined,
    assumptions: assumptions(inputs, context),
  };
}

function tonight(outcomes: Outcome[], dbOutcomes: DbOutcome[], inputs: FargateSpotToggleInputs, context: PlanContext) {
  const { now } = context;
  const startOf = (tags: Map<string, string>) => {
    const followed = windowsFor({ windows: context.hours.windows, named: context.hours.named }, tags);
    if (followed === undefined || "problem" in followed) return undefined;
    return nextWorkingStart(followed.windows, inputs.timeZone, inputs.holidays, now);
  };
  let usd = 0;
  let services = 0;
  let clusters = 0;
  let until: number | undefined;
  for (const { entry, status } of outcomes) {
    const service = entry.service;
    const off = entry.change.kind === "stop" || (entry.change.kind === "none" && service.saved !== undefined);
    if (status === "failed" || !off) continue;
    const start = startOf(service.tags);
    // Inside working hours (a stop by hand) there is no night ahead to price.
    if (start === undefined || start <= now) continue;
    const tasks = service.saved?.desired ?? service.desired;
    const placement = service.saved?.placement ?? service.placement;
    usd += tasks * stoppedHourly(service, tasks, placement, inputs.prices) * ((start - now) / 3_600_000);
    services += 1;
    until = Math.min(until ?? start, start);
  }
  for (const { entry, status } of dbOutcomes) {
    const off = entry.change.kind === "stop" || (entry.change.kind === "none" && entry.db.status === "stopped");
    if (status === "failed" || !off) continue;
    const start = startOf(entry.db.tags);
    if (start === undefined || start <= now) continue;
    usd += entry.hourly * ((start - now) / 3_600_000);
    clusters += 1;
    until = Math.min(until ?? start, start);
  }
  const kept = (tags: Map<string, string>) => {
    const keep = keepRunningUntil(tags, inputs.timeZone);
    return keep !== undefined && keep.getTime() > now;
  };
  const keptRunning = outcomes.filter(({ entry }) => kept(entry.service.tags)).length;
  const keptRunningClusters = dbOutcomes.filter(({ entry }) => kept(entry.db.tags)).length;
  return until === undefined ? undefined : { usd, services, clusters, keptRunning, keptRunningClusters, until };
}

function assumptions(inputs: FargateSpotToggleInputs, context: PlanContext): string[] {
  const { vcpuHour, gbHour, spotDiscount } = inputs.prices;
  const region = inputs.region === undefined ? "the prices' region (defaults: ap-northeast-1)" : inputs.region;
  const hours = context.hours.scheduled
    ? "working-hours and schedules"
    : "Mon-Fri 09:00-20:00 (no working-hours given)";
  const lines = [
    `Fargate Linux/x86 $${vcpuHour}/vCPU-hour and $${gbHour}/GB-hour, Fargate Spot ${Math.round(spotDiscount * 100)}% below on-demand, for ${region}.`,
    `A month is ${HOURS_PER_MONTH} hours; off hours follow ${hours} in ${inputs.timeZone}; holidays are not subtracted (conservative).`,
    "Against running every service on-demand around the clock: the schedule part prices the off hours on-demand, the Spot part counts only the hours a service runs under its schedule, so no hour is counted twice.",
    "Only what this run changes counts: services and DB clusters it stops, strategies it switches. Starts, resources already stopped, kept up by keep-running-until or left unchanged add $0.",
  ];
  if (inputs.dbClusters.length > 0) {
    const prices = [...inputs.dbPrices].map(([instanceClass, price]) => `${instanceClass} $${price}`).join(", ");
    lines.push(`Aurora: instance-hours only (${prices} per hour); storage, I/O and backups are billed while stopped.`);
  }
  if (inputs.prices.savingsPlanCoverage > 0) {
    const share = Math.round(inputs.prices.savingsPlanCoverage * 100);
    lines.push(
      `A Compute Savings Plan covers ${share}% of the on-demand Fargate hours (savings-plan-coverage): those are paid whether the tasks run or not, so stopping on-demand tasks saves ${100 - share}% of their price here.`,
    );
  }
  if (inputs.idleAfterMs !== undefined) {
    lines.push(
      "Environments asleep for idleness are not projected a month (they sleep until a deploy or a reservation wakes them): the environments table shows what sleeping saved today.",
    );
  }
  if (inputs.mode === "stop" || inputs.mode === "schedule") {
    lines.push(
      "Tonight: what the stopped resources would cost until the next working start of their schedule (Spot tasks at the Spot price); services and DB clusters kept up by keep-running-until are not counted.",
    );
  }
  return lines;
}
