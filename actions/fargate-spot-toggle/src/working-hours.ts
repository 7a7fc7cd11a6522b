import { TZDate } from "@date-fns/tz";

/** One `Mon-Fri 09:00-20:00` line: ISO weekdays (1 = Monday … 7 = Sunday) and minutes of the day. */
export interface WorkingWindow {
  days: Set<number>;
  startMinute: number;
  endMinute: number;
}

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const LINE = /^([A-Za-z,\- ]+?)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;

/**
 * Parses `Mon-Fri 09:00-20:00` lines (days as ranges or comma lists; end after start, `24:00`
 * allowed). Returns the windows or the problem with the first bad line.
 */
export function parseWorkingHours(text: string): { windows: WorkingWindow[] } | { problem: string } {
  const windows: WorkingWindow[] = [];
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  for (const line of lines) {
    const match = LINE.exec(line);
    if (match === null) return { problem: `has "${line}", which is not like Mon-Fri 09:00-20:00` };
    const [, dayText = "", sh = "", sm = "", eh = "", em = ""] = match;
    const days = parseDays(dayText);
    if (days === undefined)
      return { problem: `has "${dayText.trim()}", which is not a day list like Mon-Fri or Sat,Sun` };
    const startMinute = Number(sh) * 60 + Number(sm);
    const endMinute = Number(eh) * 60 + Number(em);
    if (Number(sm) > 59 || Number(em) > 59 || startMinute >= 24 * 60 || endMinute > 24 * 60) {
      return { problem: `has "${line}", whose times are not HH:MM within a day` };
    }
    if (endMinute <= startMinute)
      return { problem: `has "${line}", which ends before it starts (split overnight hours in two lines)` };
    windows.push({ days, startMinute, endMinute });
  }
  if (windows.length === 0) return { problem: "is empty" };
  return { windows };
}

function parseDays(text: string): Set<number> | undefined {
  const days = new Set<number>();
  for (const part of text.split(",").map((piece) => piece.trim().toLowerCase())) {
    const [from, to] = part.split("-").map((piece) => DAYS.indexOf(piece.trim().slice(0, 3)) + 1);
    if (from === undefined || from === 0 || to === 0) return undefined;
    const last = to ?? from;
    // Fri-Mon wraps over the weekend.
    for (let day = from, steps = 0; steps < 7; day = (day % 7) + 1, steps += 1) {
      days.add(day);
      if (day === last) break;
    }
  }
  return days;
}

/** Wall-clock weekday, minute of day and date (`yyyy-MM-dd`) of an instant in a time zone. */
export function localTime(instant: number, timeZone: string): { weekday: number; minute: number; date: string } {
  const local = new TZDate(instant, timeZone);
  const weekday = local.getDay() === 0 ? 7 : local.getDay();
  const date = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, "0")}-${String(local.getDate()).padStart(2, "0")}`;
  return { weekday, minute: local.getHours() * 60 + local.getMinutes(), date };
}

export function withinWorkingHours(windows: WorkingWindow[], weekday: number, minute: number): boolean {
  return windows.some(
    (window) => window.days.has(weekday) && minute >= window.startMinute && minute < window.endMinute,
  );
}

/** Working hours in a week (overlapping lines counted once). */
export function weeklyWorkingHours(windows: WorkingWindow[]): number {
  let minutes = 0;
  for (let day = 1; day <= 7; day += 1) {
    for (let minute = 0; minute < 24 * 60; minute += 1) if (withinWorkingHours(windows, day, minute)) minutes += 1;
  }
  return minutes / 60;
}
