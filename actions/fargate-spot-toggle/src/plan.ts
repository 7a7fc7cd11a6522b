import type { Prices } from "./inputs.js";
import type { Mode, PlanEntry, ServiceInfo, StrategyItem } from "./model.js";
import { TAG_KEEP_RUNNING_UNTIL } from "./model.js";
import { stopSaving, strategySaving } from "./savings.js";
import { decide, keepRunningUntil, type Schedule } from "./schedule.js";
import { formatPlacement, formatStrategy, sameStrategy } from "./strategy.js";

export interface PlanContext {
  mode: Mode;
  spotStrategy: StrategyItem[];
  onDemandStrategy: StrategyItem[];
  /** Defined in schedule mode. */
  schedule: Schedule | undefined;
  timeZone: string;
  now: number;
  prices: Prices;
  offHours: number;
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
      return planStrategy(service, context, context.spotStrategy, true);
    case "on-demand":
      return planStrategy(service, context, context.onDemandStrategy, false);
    case "schedule":
      return planSchedule(service, context);
  }
}

function planSchedule(service: ServiceInfo, context: PlanContext): PlanEntry {
  const schedule = context.schedule;
  if (schedule === undefined) return skipped(service, "no working hours");
  const decision = decide(schedule, service.tags, context.now);
  if (decision.kind === "excluded") return skipped(service, decision.reason);
  return withStopSaving(
    decision.kind === "stop" ? planStop(service, context, decision.reason) : planStart(service, decision.reason),
    context,
  );
}

/** What keeping the service off outside working hours saves a month, for every service left under stop/start control. */
function withStopSaving(entry: PlanEntry, context: PlanContext): PlanEntry {
  if (entry.change.kind === "skip") return entry;
  const tasks = entry.service.saved?.desired ?? entry.service.desired;
  return { ...entry, monthlySaving: stopSaving(entry.service, tasks, context.prices, context.offHours) };
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
  const targetAtZero = target === undefined || (target.min === 0 && target.max === 0);
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

function planStrategy(service: ServiceInfo, context: PlanContext, items: StrategyItem[], spot: boolean): PlanEntry {
  if (!service.fargate) return skipped(service, `not on Fargate (${formatPlacement(service.placement)})`);
  if (service.controller !== "ECS") {
    return skipped(service, `${service.controller} deployment controller: ECS cannot force a new deployment`);
  }
  if (spot && (service.cpuArchitecture !== "X86_64" || !service.osFamily.startsWith("LINUX"))) {
    return skipped(
      service,
      `FARGATE_SPOT runs only Linux/X86_64 tasks; the task definition is ${service.osFamily}/${service.cpuArchitecture}`,
    );
  }
  if (sameStrategy(service.placement, items)) return unchanged(service, `already on ${formatStrategy(items)}`);
  const tasks = service.saved?.desired ?? service.desired;
  const saving = strategySaving(service, tasks, service.placement, { kind: "strategy", items }, context.prices);
  return entry(service, { kind: "strategy", items }, formatStrategy(items), `switch with a new deployment`, saving);
}

function entry(
  service: ServiceInfo,
  change: PlanEntry["change"],
  to: string,
  reason: string,
  saving: number,
): PlanEntry {
  const from = change.kind === "strategy" ? formatPlacement(service.placement) : runningText(service);
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
