import { formatInZone, parseDateTime } from "@sre-actions/core";
import type { HolidayCalendar } from "./holidays.js";
import { holidayName } from "./holidays.js";
import { TAG_KEEP_RUNNING_UNTIL, TAG_SCHEDULE } from "./model.js";
import { localTime, type WorkingWindow, withinWorkingHours } from "./working-hours.js";

export interface Schedule {
  windows: WorkingWindow[];
  timeZone: string;
  holidays: HolidayCalendar;
}

export type Decision =
  | { kind: "run"; reason: string }
  | { kind: "stop"; reason: string }
  | { kind: "excluded"; reason: string };

const DAY_NAMES = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Whether a service should run at `now`: override tags first, then holidays, then working hours. */
export function decide(schedule: Schedule, tags: Map<string, string>, now: number): Decision {
  if (tags.get(TAG_SCHEDULE)?.toLowerCase() === "off") return { kind: "excluded", reason: `tag ${TAG_SCHEDULE}=off` };
  const keep = keepRunningUntil(tags, schedule.timeZone);
  if (keep !== undefined && keep.getTime() > now) {
    return { kind: "run", reason: `tag ${TAG_KEEP_RUNNING_UNTIL} until ${formatInZone(keep, schedule.timeZone)}` };
  }
  const local = localTime(now, schedule.timeZone);
  const when = `${DAY_NAMES[local.weekday]} ${local.date} ${hhmm(local.minute)} ${schedule.timeZone}`;
  const holiday = holidayName(schedule.holidays, local.date);
  if (holiday !== undefined) return { kind: "stop", reason: `${holiday}` };
  if (withinWorkingHours(schedule.windows, local.weekday, local.minute)) {
    return { kind: "run", reason: `within working hours (${when})` };
  }
  return { kind: "stop", reason: `outside working hours (${when})` };
}

/** The keep-running-until tag as an instant (no offset: the schedule's time zone); undefined when absent or unreadable. */
export function keepRunningUntil(tags: Map<string, string>, timeZone: string): Date | undefined {
  const value = tags.get(TAG_KEEP_RUNNING_UNTIL);
  return value === undefined ? undefined : parseDateTime(value, timeZone);
}

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}
