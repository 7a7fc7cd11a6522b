// The demo's one clock and one time format. Tokyo has no daylight saving: UTC+9 all year.
import { ScaledClock } from "@sre-actions/testkit";

const OFFSET_MS = 9 * 3_600_000;
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** `Wed 2026-12-02 21:00 Asia/Tokyo`, the format fargate-spot-toggle prints. */
export function tokyo(date: Date): string {
  const local = new Date(date.getTime() + OFFSET_MS);
  const iso = local.toISOString();
  return `${DAYS[local.getUTCDay()]} ${iso.slice(0, 10)} ${iso.slice(11, 16)} Asia/Tokyo`;
}

/** `2026-12-02 21:00 Asia/Tokyo`, the format the actions' summaries print. */
export function tokyoTime(date: Date): string {
  return tokyo(date).slice(4);
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

/**
 * A fake's clock that follows the story: real time sped up `factor`× from `start`, moved to a
 * step's story time with `jumpTo` before the step runs (testkit's ScaledClock cannot jump). So what
 * the fake records at 21:00 (an Aurora stop, and its automatic start 7 days on) says 21:00.
 */
export class StoryClock {
  private scaled: ScaledClock;

  constructor(
    private factor: number,
    start: Date,
  ) {
    this.scaled = new ScaledClock(factor, start);
  }

  now(): number {
    return this.scaled.now();
  }

  sleep(ms: number): Promise<void> {
    return this.scaled.sleep(ms);
  }

  /**
   * Runs on from `instant` (earlier than now only if the demo began within minutes of tonight's stop),
   * `factor`× the real pace from there (default: as before; 1 makes AWS keep the actions' time).
   */
  jumpTo(instant: Date, factor = this.factor): void {
    this.factor = factor;
    this.scaled = new ScaledClock(factor, instant);
  }
}
