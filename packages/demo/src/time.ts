// The demo's one clock and one time format. Tokyo has no daylight saving: UTC+9 all year.
const OFFSET_MS = 9 * 3_600_000;
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** `Wed 2026-12-02 21:00 Asia/Tokyo`, the format fargate-spot-toggle prints. */
export function tokyo(date: Date): string {
  const local = new Date(date.getTime() + OFFSET_MS);
  const iso = local.toISOString();
  return `${DAYS[local.getUTCDay()]} ${iso.slice(0, 10)} ${iso.slice(11, 16)} Asia/Tokyo`;
}

/** The first Monday–Friday `hour`:00 in Tokyo at or after `from` (holidays are the action's business). */
export function workingDayAt(from: Date, hour: number): Date {
  const local = new Date(from.getTime() + OFFSET_MS);
  local.setUTCHours(hour, 0, 0, 0);
  let candidate = local.getTime() - OFFSET_MS;
  while (candidate < from.getTime() || [0, 6].includes(new Date(candidate + OFFSET_MS).getUTCDay())) {
    candidate += 86_400_000;
  }
  return new Date(candidate);
}
