import { spotTasks } from "./capacity.js";
import type { Prices } from "./inputs.js";
import type { Placement, ServiceInfo } from "./model.js";
import { parseWorkingHours, type WorkingWindow, weeklyWorkingHours } from "./working-hours.js";

/** AWS prices by the month as 730 hours (24 × 365 / 12). */
export const HOURS_PER_MONTH = 730;
/** Assumed when `stop` runs without working-hours: the example office week. */
export const DEFAULT_WORKING_HOURS = "Mon-Fri 09:00-20:00";

/** The windows savings assume when no working-hours is given. */
export function defaultWindows(): WorkingWindow[] {
  const parsed = parseWorkingHours(DEFAULT_WORKING_HOURS);
  return "windows" in parsed ? parsed.windows : [];
}

/** On-demand Fargate cost of one task for one hour. */
export function taskHourly(service: ServiceInfo, prices: Prices): number {
  return service.vcpu * prices.vcpuHour + service.memoryGb * prices.gbHour;
}

/** Hours a month outside the working windows (holidays not subtracted: a conservative figure). */
export function offHoursPerMonth(windows: WorkingWindow[]): number {
  return HOURS_PER_MONTH - (weeklyWorkingHours(windows) * HOURS_PER_MONTH) / (24 * 7);
}

/**
 * What stopping one task saves an hour: its Spot share at the Spot price, its on-demand share at
 * the on-demand price less what a Compute Savings Plan pays anyway (`savings-plan-coverage`).
 */
export function stoppedHourly(service: ServiceInfo, tasks: number, placement: Placement, prices: Prices): number {
  const spotShare = tasks === 0 ? 0 : spotTasks(placement, tasks) / tasks;
  const onDemand = (1 - spotShare) * (1 - prices.savingsPlanCoverage);
  return taskHourly(service, prices) * (onDemand + spotShare * (1 - prices.spotDiscount));
}

/**
 * Stopping `tasks` for `offHours` a month, at the on-demand price less the Savings Plan's share:
 * together with the Spot part (running hours only) this is the saving against running everything
 * on-demand around the clock.
 */
export function stopSaving(service: ServiceInfo, tasks: number, prices: Prices, offHours: number): number {
  return tasks * taskHourly(service, prices) * offHours * (1 - prices.savingsPlanCoverage);
}

/**
 * What moving `tasks` from one placement to another saves a month (negative: costs), over the
 * hours the service runs (`runningHours`: all month, or only its scheduled hours).
 */
export function switchSaving(
  service: ServiceInfo,
  tasks: number,
  from: Placement,
  to: Placement,
  prices: Prices,
  runningHours = HOURS_PER_MONTH,
): number {
  const moved = spotTasks(to, tasks) - spotTasks(from, tasks);
  return moved * taskHourly(service, prices) * runningHours * prices.spotDiscount;
}

/** Aurora: the cluster's instance-hours over its off hours (storage and backups are still billed). */
export function dbStopSaving(hourly: number, offHours: number): number {
  return hourly * offHours;
}

export function roundUsd(value: number): number {
  return Math.round(value * 100) / 100;
}
