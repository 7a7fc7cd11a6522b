import type { Clock } from "@sre-actions/core";

/**
 * A clock that moves only when told: `sleep(ms)` advances it at once, so a 30-minute rollout
 * takes milliseconds. Share one instance between the code under test and the fakes.
 */
export class VirtualClock implements Clock {
  private current: number;
  /** Every sleep the code under test asked for, in order (tests assert poll intervals with it). */
  readonly sleeps: number[] = [];

  constructor(start: number | string | Date = "2026-11-25T00:00:00Z") {
    this.current = new Date(start).getTime();
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += Math.max(0, ms);
  }

  set(instant: number | string | Date): void {
    this.current = new Date(instant).getTime();
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.advance(ms);
    // Let pending I/O callbacks run, as a real sleep would.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Real time sped up by `factor`, for fakes serving a bundled action in a child process (which
 * sleeps for real): with factor 60, one real second is one virtual minute.
 */
export class ScaledClock implements Clock {
  private readonly realStart = Date.now();
  private readonly virtualStart: number;

  constructor(
    private readonly factor: number,
    start: number | string | Date = "2026-11-25T00:00:00Z",
  ) {
    this.virtualStart = new Date(start).getTime();
  }

  now(): number {
    return this.virtualStart + (Date.now() - this.realStart) * this.factor;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms / this.factor));
  }
}
