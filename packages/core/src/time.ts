import { TZDate, tz } from "@date-fns/tz";
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

/** ISO 8601 with the zone's offset, e.g. `2026-11-25T18:04:00+09:00`. */
export function isoInZone(instant: Date | number, timeZone: string): string {
  return format(new TZDate(+instant, timeZone), "yyyy-MM-dd'T'HH:mm:ssXXX");
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
