import { formatInZone, parseDateTime } from "@sre-actions/core";
import type { HolidayCalendar } from "./holidays.js";
import { holidayName } from "./holidays.js";
import { TAG_KEEP_RUNNING_UNTIL, TAG_SCHEDULE } from "./model.js";
import { localTime, type WorkingWindow, withinWorkingHours } from "./working-hours.js";

export interface Schedule {
  /** working-hours: what untagged resources follow. */
  windows: WorkingWindow[];
  timeZone: string;
  holidays: HolidayCalendar;
  /** The `schedules` input: what `sre-actions:schedule=<name>` picks. */
  named?: Map<string, WorkingWindow[]>;
}

export type Decision =
  | { kind: "run"; reason: string }
  | { kind: "stop"; reason: string }
  | { kind: "excluded"; reason: string }
  /** The tag names a schedule the input does not define: left alone, with a warning. */
  | { kind: "unknown-schedule"; reason: string };

/** The windows a resource follows: its named schedule, working-hours when untagged; a problem for an unknown name. */
export function windowsFor(
  schedule: Pick<Schedule, "windows" | "named">,
  tags: Map<string, string>,
): { name: string | undefined; windows: WorkingWindow[] } | { problem: string } | undefined {
  const tag = tags.get(TAG_SCHEDULE);
  if (tag === undefined) return { name: undefined, windows: schedule.windows };
  if (tag.toLowerCase() === "off") return undefined;
  const windows = schedule.named?.get(tag);
  if (windows !== undefined) return { name: tag, windows };
  const known = [...(schedule.named?.keys() ?? [])];
  return {
    problem: `tag ${TAG_SCHEDULE}=${tag} names no schedule (known: ${known.length === 0 ? "none; define them in the schedules input" : known.join(", ")}); left alone`,
  };
}

const DAY_NAMES = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Whether a service should run at `now`: override tags first, then holidays, then working hours. */
export function decide(schedule: Schedule, tags: Map<string, string>, now: number): Decision {
  const followed = windowsFor(schedule, tags);
  if (followed === undefined) return { kind: "excluded", reason: `tag ${TAG_SCHEDULE}=off` };
  if ("problem" in followed) return { kind: "unknown-schedule", reason: followed.problem };
  const keep = keepRunningUntil(tags, schedule.timeZone);
  if (keep !== undefined && keep.getTime() > now) {
    return {
      kind: "run",
      reason: `kept running by tag ${TAG_KEEP_RUNNING_UNTIL} to ${formatInZone(keep, schedule.timeZone)}`,
    };
  }
  const local = localTime(now, schedule.timeZone);
  const when = `${DAY_NAMES[local.weekday]} ${local.date} ${hhmm(local.minute)} ${schedule.timeZone}`;
  const holiday = holidayName(schedule.holidays, local.date);
  if (holiday !== undefined) return { kind: "stop", reason: `${holiday}` };
  const hours = followed.name === undefined ? "working hours" : `schedule ${followed.name}`;
  if (withinWorkingHours(followed.windows, local.weekday, local.minute)) {
    return { kind: "run", reason: `within ${hours} (${when})` };
  }
  return { kind: "stop", reason: `outside ${hours} (${when})` };
}

/** The keep-running-until tag as an instant (no offset: the schedule's time zone); undefined when absent or unreadable. */
export function keepRunningUntil(tags: Map<string, string>, timeZone: string): Date | undefined {
  const value = tags.get(TAG_KEEP_RUNNING_UNTIL);
  return value === undefined ? undefined : parseDateTime(value, timeZone);
}

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

const STEP_MS = 5 * 60_000;

/**
 * The next instant (5-minute steps, within 8 days) a resource following `windows` should run:
 * inside a window and not a holiday. Undefined when none in that time (e.g. never).
 */
export function nextWorkingStart(
  windows: WorkingWindow[],
  timeZone: string,
  holidays: HolidayCalendar,
  now: number,
): number | undefined {
  const start = Math.ceil(now / STEP_MS) * STEP_MS;
  for (let at = start; at <= now + 8 * 86_400_000; at += STEP_MS) {
    const local = localTime(at, timeZone);
    if (holidayName(holidays, local.date) === undefined && withinWorkingHours(windows, local.weekday, local.minute)) {
      return at;
    }
  }
  return undefined;
}
