import { TZDate } from "@date-fns/tz";
import { isoInZone } from "@sre-actions/core";
import { addDays, addMonths, addWeeks, format, startOfDay, startOfISOWeek, startOfMonth } from "date-fns";

export type BucketSize = "week" | "month";

export interface Bucket {
  /** `2026-W48` (ISO week) or `2026-11`, in the report's time zone. */
  label: string;
  start: number;
  end: number;
  /** Clipped by the window (the current week so far, or one the window starts inside): not a whole bucket. */
  partial: boolean;
}

/**
 * The ISO weeks (Monday 00:00) or calendar months in `timeZone` that overlap [since, until), clipped
 * to the window, so a Tokyo week starts on Monday 00:00 JST (Sunday 15:00 UTC).
 */
export function buckets(since: number, until: number, size: BucketSize, timeZone: string): Bucket[] {
  const result: Bucket[] = [];
  const first = new TZDate(since, timeZone);
  let start = size === "week" ? startOfISOWeek(first) : startOfMonth(first);
  while (start.getTime() < until) {
    const next = size === "week" ? addWeeks(start, 1) : addMonths(start, 1);
    result.push({
      label: format(start, size === "week" ? "RRRR-'W'II" : "yyyy-MM"),
      start: Math.max(start.getTime(), since),
      end: Math.min(next.getTime(), until),
      partial: start.getTime() < since || next.getTime() > until,
    });
    start = next;
  }
  return result;
}

export function bucketOf(instant: number, list: readonly Bucket[]): Bucket | undefined {
  return list.find((bucket) => instant >= bucket.start && instant < bucket.end);
}

/** The local calendar day (`2026-11-25`) of an instant in `timeZone`. */
export function localDay(instant: number, timeZone: string): string {
  return isoInZone(instant, timeZone).slice(0, 10);
}

/** Number of local days each bucket covers (fractions at clipped edges count as a share of a day). */
export function bucketDays(bucket: Bucket): number {
  return (bucket.end - bucket.start) / 86_400_000;
}

/** Local midnights in `timeZone` from since to until, for counting deploy-days per week. */
export function localDays(since: number, until: number, timeZone: string): string[] {
  const days: string[] = [];
  for (let day = startOfDay(new TZDate(since, timeZone)); day.getTime() < until; day = addDays(day, 1)) {
    days.push(format(day, "yyyy-MM-dd"));
  }
  return days;
}
