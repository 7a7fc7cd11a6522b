import { TZDate, tz, tzOffset } from "@date-fns/tz";
import { format, isValid, parseISO } from "date-fns";

/** True when the IANA zone name is known to this runtime's ICU data. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses an ISO 8601 date (`2026-12-29`) or date-time. Text without an offset is wall-clock
 * time in `timeZone`, so `2026-12-29` in Asia/Tokyo is midnight in Tokyo.
 */
export function parseDateTime(text: string, timeZone: string): Date | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(trimmed);
  const parsed = hasOffset ? parseISO(trimmed) : parseISO(trimmed, { in: tz(timeZone) });
  return isValid(parsed) ? new Date(parsed.getTime()) : undefined;
}

/**
 * Wall-clock text in the given zone: `2026-11-25 18:04 Asia/Tokyo` by default (the zone's name, since
 * ICU abbreviates most zones to an ambiguous `GMT+9`), or any date-fns pattern.
 */
export function formatInZone(instant: Date | number, timeZone: string, pattern?: string): string {
  const local = new TZDate(+instant, timeZone);
  return pattern === undefined ? `${format(local, "yyyy-MM-dd HH:mm")} ${timeZone}` : format(local, pattern);
}

/** ISO 8601 with the zone's offset, e.g. `2026-11-25T18:04:00+09:00` (`Z` for UTC). */
export function isoInZone(instant: Date | number, timeZone: string): string {
  const ms = +instant;
  const offset = offsetMinutes(ms, timeZone);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const minutes = Math.abs(offset);
  return `${local}${offset < 0 ? "-" : "+"}${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

const UTC_DAY = 86_400_000;
/** Per zone and UTC day: the offset in minutes, or null on a day the offset changes (a DST switch). */
const dayOffsets = new Map<string, Map<number, number | null>>();

/**
 * The zone's UTC offset at an instant. Reports format thousands of timestamps; an offset holds for
 * whole days but the few with a switch, so it is looked up once per day (ICU is slow per call).
 */
function offsetMinutes(instant: number, timeZone: string): number {
  let days = dayOffsets.get(timeZone);
  if (days === undefined) {
    days = new Map();
    dayOffsets.set(timeZone, days);
  }
  const day = Math.floor(instant / UTC_DAY);
  let offset = days.get(day);
  if (offset === undefined) {
    const start = tzOffset(timeZone, new Date(day * UTC_DAY));
    const end = tzOffset(timeZone, new Date(day * UTC_DAY + UTC_DAY - 1));
    offset = start === end ? start : null;
    days.set(day, offset);
  }
  return offset ?? tzOffset(timeZone, new Date(instant));
}

/** Human durations: `45s`, `3m 05s`, `2h 10m`, `3d 4h`. */
export function humanDuration(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  const total = Math.round(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${sign}${days}d ${hours}h`;
  if (hours > 0) return `${sign}${hours}h ${String(minutes).padStart(2, "0")}m`;
  if (minutes > 0) return `${sign}${minutes}m ${String(seconds).padStart(2, "0")}s`;
  return `${sign}${seconds}s`;
}
