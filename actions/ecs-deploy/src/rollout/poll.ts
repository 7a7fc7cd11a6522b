/**
 * Adaptive polling. A verdict can only be seen at a poll, so the delay after ECS decides is at
 * most one interval and half of it on average: poll every FAST_POLL_MS when the end is near
 * (a rollout or scale-up, clean-up, a rollback, the last seconds of a bake, the stage before
 * `wait-until`), at `poll-interval` otherwise, and more slowly through a long bake. FAST_POLL_MS is
 * the floor: with the service events read every 30 s at most while polling fast, a service costs
 * under one describe call per 2 s (10 services stay under 5/s, a quarter of ECS's 20/s describe
 * refill rate).
 */
export const FAST_POLL_MS = 2_500;

/** The longest wait between polls during a long bake (alarms still get noticed within it). */
export const BAKE_POLL_MS = 30_000;

/** While polling fast, service events (a second describe call) are read at most this often. */
export const FAST_EVENTS_MS = 30_000;

export interface PollHint {
  /** The verdict may come at any moment now. */
  near: boolean;
  /** Time left in a known timer (the bake), if one is running. */
  timerLeftMs?: number | undefined;
}

export function nextPollMs(hint: PollHint, pollIntervalMs: number, untilDeadlineMs: number): number {
  const cap = Math.max(0, untilDeadlineMs);
  if (hint.near) return Math.min(FAST_POLL_MS, cap);
  if (hint.timerLeftMs !== undefined) {
    // Sleep until shortly before the timer ends, but look in at least every BAKE_POLL_MS.
    const slow = Math.max(pollIntervalMs, BAKE_POLL_MS);
    return Math.min(cap, Math.max(FAST_POLL_MS, Math.min(slow, hint.timerLeftMs - FAST_POLL_MS)));
  }
  return Math.min(Math.max(pollIntervalMs, FAST_POLL_MS), cap);
}

/**
 * Waits `ms` on the clock unless the job is cancelled first; true when it was cancelled (then every
 * loop stops and reports what is still running instead of waiting on).
 */
export async function sleepUnlessCancelled(
  deps: { clock: { sleep(ms: number): Promise<void> }; signal?: AbortSignal | undefined },
  ms: number,
): Promise<boolean> {
  const { signal } = deps;
  if (signal === undefined) {
    await deps.clock.sleep(ms);
    return false;
  }
  if (signal.aborted) return true;
  let onAbort = () => {};
  const aborted = new Promise<void>((resolve) => {
    onAbort = resolve;
    signal.addEventListener("abort", onAbort, { once: true });
  });
  await Promise.race([deps.clock.sleep(ms), aborted]);
  signal.removeEventListener("abort", onAbort);
  return signal.aborted;
}
