import type { Prices } from "./inputs.js";
import type { Placement, ServiceInfo } from "./model.js";
import { spotTasks } from "./strategy.js";
import { type WorkingWindow, weeklyWorkingHours } from "./working-hours.js";

/** AWS prices by the month as 730 hours (24 × 365 / 12). */
export const HOURS_PER_MONTH = 730;
/** Assumed when `stop` runs without working-hours: the example office week. */
export const DEFAULT_WORKING_HOURS = "Mon-Fri 09:00-20:00";

/** On-demand Fargate cost of one task for one hour. */
export function taskHourly(service: ServiceInfo, prices: Prices): number {
  return service.vcpu * prices.vcpuHour + service.memoryGb * prices.gbHour;
}

/** Hours a month outside the working windows (holidays not subtracted: a conservative figure). */
export function offHoursPerMonth(windows: WorkingWindow[]): number {
  return HOURS_PER_MONTH - (weeklyWorkingHours(windows) * HOURS_PER_MONTH) / (24 * 7);
}

export function stopSaving(service: ServiceInfo, tasks: number, prices: Prices, offHours: number): number {
  return tasks * taskHourly(service, prices) * offHours;
}

/** What moving `tasks` from one placement to another saves a month (negative: costs). */
export function strategySaving(
  service: ServiceInfo,
  tasks: number,
  from: Placement,
  to: Placement,
  prices: Prices,
): number {
  const moved = spotTasks(to, tasks) - spotTasks(from, tasks);
  return moved * taskHourly(service, prices) * HOURS_PER_MONTH * prices.spotDiscount;
}

export function roundUsd(value: number): number {
  return Math.round(value * 100) / 100;
}
