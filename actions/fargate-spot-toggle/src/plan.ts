import { formatInZone } from "@sre-actions/core";
import { formatPlacement, formatProviders, sameProviders } from "./capacity.js";
import type { IdleVerdict } from "./idle.js";
import type { Prices } from "./inputs.js";
import type { Mode, PlanEntry, ProviderItem, ServiceInfo } from "./model.js";
import { TAG_KEEP_RUNNING_UNTIL, TAG_SPOT_FALLBACK } from "./model.js";
import { HOURS_PER_MONTH, offHoursPerMonth, stopSaving, switchSaving } from "./savings.js";
import { decide, keepRunningUntil, type Schedule, windowsFor } from "./schedule.js";
import { spotShortageSince } from "./spot-fallback.js";
import type { WorkingWindow } from "./working-hours.js";

export interface PlanContext {
  mode: Mode;
  spotProviders: ProviderItem[];
  onDemandProviders: ProviderItem[];
  /** Defined in schedule mode. */
  schedule: Schedule | undefined;
  timeZone: string;
  now: number;
  prices: Prices;
  /** What savings assume a resource follows: working-hours (or the default office week) and the named schedules. */
  hours: { windows: WorkingWindow[]; named: Map<string, WorkingWindow[]>; scheduled: boolean };
  spotFallbackAfterMs: number;
  spotRetryAfterMs: number;
  /** Mode idle, or schedule with idle-after: what each environment does this run. */
  verdicts: Map<string, IdleVerdict> | undefined;
}

/** Hours a month a resource is off under its schedule (0 when `sre-actions:schedule=off` or unknown). */
export function offHoursOf(tags: Map<string, string>, context: PlanContext): number {
  const followed = windowsFor({ windows: context.hours.windows, named: context.hours.named }, tags);
  return followed === undefined || "problem" in followed ? 0 : offHoursPerMonth(followed.windows);
}

/** Hours a month a service runs: only its scheduled hours when a schedule stops it, else all month. */
function runningHoursOf(service: ServiceInfo, context: PlanContext): number {
  return context.hours.scheduled ? HOURS_PER_MONTH - offHoursOf(service.tags, context) : HOURS_PER_MONTH;
}

/** The change one service needs, with the reason; pure (the plan is computed and shown before anything changes). */
export function planService(service: ServiceInfo, context: PlanContext): PlanEntry {
  switch (context.mode) {
    case "status":
      return unchanged(service, "status only");
    case "stop":
      return withStopSaving(planStop(service, context, ""), context);
    case "start":
      return planStart(service, "");
    case "spot":
      return planSpotFallback(service, context) ?? planProviders(service, context, context.spotProviders, true);
    case "on-demand":
      return planProviders(service, context, context.onDemandProviders, false);
    case "schedule":
      return planSchedule(service, context);
    case "idle":
      return planIdle(service, context);
  }
}

function verdictOf(service: ServiceInfo, context: PlanContext): IdleVerdict | undefined {
  return service.environment === undefined ? undefined : context.verdicts?.get(service.environment);
}

/** Asleep for lack of traffic: stopped like `stop`, remembering why (`why=idle` in the saved state). */
function sleepForIdle(service: ServiceInfo, context: PlanContext, verdict: IdleVerdict, why = ""): PlanEntry {
  const entry = planStop(service, context, `${why}${verdict.environment} idle for ${verdict.idleMinutes} min`);
  return entry.change.kind === "stop" ? { ...entry, change: { kind: "stop", why: "idle" } } : entry;
}

/** Mode idle: an idle environment sleeps, one woken in part wakes whole, the others are left as they are. */
function planIdle(service: ServiceInfo, context: PlanContext): PlanEntry {
  const verdict = verdictOf(service, context);
  if (verdict === undefined) return skipped(service, "in none of the environments");
  if (verdict.kind === "sleep") return sleepForIdle(service, context, verdict);
  if (verdict.kind === "wake" && service.saved !== undefined) return planStart(service, verdict.reason);
  return unchanged(service, `${verdict.environment} ${verdict.kind}: ${verdict.reason}`);
}

function planSchedule(service: ServiceInfo, context: PlanContext): PlanEntry {
  const schedule = context.schedule;
  if (schedule === undefined) return skipped(service, "no working hours");
  const decision = decide(schedule, service.tags, context.now);
  if (decision.kind === "excluded") return skipped(service, decision.reason);
  if (decision.kind === "unknown-schedule") return { ...skipped(service, decision.reason), warn: true };
  const verdict = verdictOf(service, context);
  if (decision.kind === "run" && verdict !== undefined) {
    // Working hours and idle-after compose: idle environments sleep, and stay asleep until woken.
    if (verdict.kind === "sleep") return sleepForIdle(service, context, verdict, `${decision.reason}; `);
    if (service.saved?.reason === "idle" && verdict.kind !== "wake") {
      return unchanged(
        service,
        `${decision.reason}; asleep because ${verdict.environment} was idle: a deploy or a reservation wakes it`,
      );
    }
  }
  if (decision.kind === "run" && service.saved === undefined) {
    const fallback = planSpotFallback(service, context);
    if (fallback !== undefined) return fallback;
  }
  return withStopSaving(
    decision.kind === "stop" ? planStop(service, context, decision.reason) : planStart(service, decision.reason),
    context,
  );
}

/**
 * Spot that never strands a service: short of Spot capacity for spot-fallback-after → on-demand;
 * on on-demand after a fallback for spot-retry-after → back to the strategy it left. Undefined
 * when neither applies (the mode's own plan follows).
 */
function planSpotFallback(service: ServiceInfo, context: PlanContext): PlanEntry | undefined {
  if (!service.fargate || service.controller !== "ECS" || service.desired === 0) return undefined;
  const fallback = service.fallback;
  if (fallback !== undefined) {
    const retryAt = fallback.at.getTime() + context.spotRetryAfterMs;
    const since = formatInZone(fallback.at, context.timeZone);
    if (context.now < retryAt) {
      return unchanged(
        service,
        `on on-demand since ${since} (Spot capacity ran out); back to Spot from ${formatInZone(new Date(retryAt), context.timeZone)}`,
      );
    }
    const saving = switchSaving(
      service,
      service.desired,
      service.placement,
      { kind: "providers", items: fallback.from },
      context.prices,
      runningHoursOf(service, context),
    );
    return entry(
      service,
      { kind: "spot-retry", items: fallback.from },
      formatProviders(fallback.from),
      `back to Spot: on on-demand since ${since}, spot-retry-after has passed`,
      saving,
    );
  }
  if (
    service.placement.kind !== "providers" ||
    !service.placement.items.some((item) => item.provider === "FARGATE_SPOT")
  )
    return undefined;
  const short = spotShortageSince(service.events);
  if (service.running >= service.desired || short === undefined || context.now - short < context.spotFallbackAfterMs)
    return undefined;
  const minutes = Math.round((context.now - short) / 60_000);
  const saving = switchSaving(
    service,
    service.desired,
    service.placement,
    { kind: "providers", items: context.onDemandProviders },
    context.prices,
    runningHoursOf(service, context),
  );
  return entry(
    service,
    { kind: "spot-fallback", items: context.onDemandProviders, from: service.placement.items },
    formatProviders(context.onDemandProviders),
    `Spot capacity unavailable for ${minutes} min (${service.running} of ${service.desired} tasks running): on-demand until spot-retry-after, tag ${TAG_SPOT_FALLBACK}`,
    saving,
  );
}

/**
 * What keeping the service off outside working hours saves a month, only when this run stops it:
 * a start, a service already stopped or kept up (keep-running-until) saves nothing tonight.
 */
function withStopSaving(entry: PlanEntry, context: PlanContext): PlanEntry {
  // An idle sleep lasts until someone wakes it: not projected a month (the summary shows today's).
  if (entry.change.kind !== "stop" || entry.change.why === "idle") return entry;
  const { service } = entry;
  const tasks = service.saved?.desired ?? service.desired;
  return { ...entry, monthlySaving: stopSaving(service, tasks, context.prices, offHoursOf(service.tags, context)) };
}

function planStop(service: ServiceInfo, context: PlanContext, why: string): PlanEntry {
  const prefix = why === "" ? "" : `${why}; `;
  if (context.mode === "stop") {
    const keep = keepRunningUntil(service.tags, context.timeZone);
    if (keep !== undefined && keep.getTime() > context.now) {
      return skipped(service, `tag ${TAG_KEEP_RUNNING_UNTIL} keeps it running until ${keep.toISOString()}`);
    }
  }
  if (service.shortArn) return skipped(service, shortArnReason());
  if (service.savedProblem !== undefined) return skipped(service, service.savedProblem);
  const target = service.target;
  // Stopped means min = max = 0 and scheduled scaling suspended (so no scheduled action wakes it).
  const targetAtZero = target === undefined || (target.min === 0 && target.max === 0 && target.suspended.scheduled);
  if (service.saved !== undefined) {
    if (service.desired === 0 && targetAtZero) return unchanged(service, `${prefix}already stopped; saved state kept`);
    return entry(service, { kind: "stop" }, "0 tasks", `${prefix}finishing the stop; the saved state is kept`, 0);
  }
  if (service.desired === 0 && (target === undefined || target.min === 0)) {
    return unchanged(service, `${prefix}already at 0 tasks and not stopped by this action; nothing to save`);
  }
  return entry(service, { kind: "stop" }, stoppedText(service), why === "" ? "stop" : why, 0);
}

function planStart(service: ServiceInfo, why: string): PlanEntry {
  const prefix = why === "" ? "" : `${why}; `;
  if (service.savedProblem !== undefined) return skipped(service, service.savedProblem);
  const saved = service.saved;
  if (saved === undefined) {
    return unchanged(
      service,
      `${prefix}${service.shortArn ? shortArnReason() : "no saved state (not stopped by this action)"}`,
    );
  }
  const target = saved.target === undefined ? "" : ` (min ${saved.target.min}, max ${saved.target.max})`;
  return entry(
    service,
    { kind: "start", saved },
    `${taskCount(saved.desired)}${target}`,
    why === "" ? "restore the saved state" : why,
    0,
  );
}

function planProviders(service: ServiceInfo, context: PlanContext, items: ProviderItem[], spot: boolean): PlanEntry {
  if (!service.fargate) return skipped(service, `not on Fargate (${formatPlacement(service.placement)})`);
  if (service.controller !== "ECS") {
    return skipped(service, `${service.controller} deployment controller: ECS cannot force a new deployment`);
  }
  // Fargate Spot runs Linux tasks on X86_64 and ARM64 (Graviton, since September 2024), not Windows.
  if (spot && !service.osFamily.startsWith("LINUX")) {
    return skipped(
      service,
      `FARGATE_SPOT runs only Linux tasks (X86_64 or ARM64); the task definition is ${service.osFamily}/${service.cpuArchitecture}`,
    );
  }
  if (sameProviders(service.placement, items)) return unchanged(service, `already on ${formatProviders(items)}`);
  const tasks = service.saved?.desired ?? service.desired;
  const to = { kind: "providers" as const, items };
  const saving = switchSaving(service, tasks, service.placement, to, context.prices, runningHoursOf(service, context));
  return entry(service, { kind: "switch", items }, formatProviders(items), `switch with a new deployment`, saving);
}

function entry(
  service: ServiceInfo,
  change: PlanEntry["change"],
  to: string,
  reason: string,
  saving: number,
): PlanEntry {
  const switching = change.kind === "switch" || change.kind === "spot-fallback" || change.kind === "spot-retry";
  const from = switching ? formatPlacement(service.placement) : runningText(service);
  return { service, change, from, to, reason, monthlySaving: saving };
}

function unchanged(service: ServiceInfo, reason: string): PlanEntry {
  const now = runningText(service);
  return { service, change: { kind: "none" }, from: now, to: now, reason, monthlySaving: 0 };
}

function skipped(service: ServiceInfo, reason: string): PlanEntry {
  const now = runningText(service);
  return { service, change: { kind: "skip" }, from: now, to: now, reason, monthlySaving: 0 };
}

export function runningText(service: ServiceInfo): string {
  const target = service.target === undefined ? "" : ` (min ${service.target.min}, max ${service.target.max})`;
  return `${taskCount(service.desired)}${target}`;
}

function taskCount(count: number): string {
  return `${count} ${count === 1 ? "task" : "tasks"}`;
}

function stoppedText(service: ServiceInfo): string {
  return service.target === undefined ? "0 tasks" : "0 tasks (min 0, max 0)";
}

function shortArnReason(): string {
  return "the service has a short ARN (service/<name>), which ECS cannot tag, so its state cannot be saved; recreate it with the long ARN format";
}
