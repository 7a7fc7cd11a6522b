import type { Clock } from "./clock.js";
import { ActionError } from "./errors.js";
import { markdownText } from "./external.js";
import { heading, sections } from "./summary.js";

/**
 * Cancellation, as the runner does it: "Cancel workflow" (or a job timeout) sends the step's
 * process SIGINT, then SIGTERM 7.5 s later, then SIGKILL 2.5 s after that. `runAction` turns the
 * first signal into an aborted `AbortSignal` that every waiting loop takes (through
 * `cancellableClock`), lets the action clean up (withdraw a claim, stop a task it started), then
 * writes a job summary from the run's `RunJournal` — what was changed, what is still in flight —
 * and exits non-zero well before the SIGKILL.
 *
 * How an action uses it (the DESIGN's composition root):
 *
 *   export async function main(run: ActionRun) {
 *     const inputs = parseInputs();
 *     await publish(await execute(inputs, productionDeps(inputs, run)));
 *   }
 *   // productionDeps: { clock: cancellableClock(systemClock, run.signal), signal: run.signal, journal: run.journal, … }
 *
 * and in the logic, around anything that changes the world:
 *
 *   journal.inFlight(`task:${arn}`, `one-off task ${arn} (RUNNING)`);
 *   … wait (the clock's sleep throws `Cancelled` on cancel) …
 *   journal.settled(`task:${arn}`, `one-off task ${arn} exited 0`);   // or: journal.settled(key) when undone
 */

/** The error a cancelled wait throws: the run stops here, cleans up, and reports what it left. */
export class Cancelled extends ActionError {
  override readonly name = "Cancelled";
  readonly signal: string;

  constructor(signal = "SIGINT") {
    super(`The run was cancelled (${signal}).`, {
      hint: "The job summary lists what this run changed and what it left in flight; a re-run starts again safely.",
    });
    this.signal = signal;
  }
}

/** True for the error a cancelled run throws (also when wrapped as another error's cause). */
export function isCancelled(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    if (current instanceof Cancelled) return true;
    current = current.cause;
  }
  return false;
}

/** Throws `Cancelled` when the signal has fired: call it between steps of a long run. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelReason(signal);
}

function cancelReason(signal: AbortSignal): Cancelled {
  return signal.reason instanceof Cancelled ? signal.reason : new Cancelled();
}

/**
 * The clock for a cancellable run: `now()` unchanged, `sleep()` rejects with `Cancelled` as soon as
 * the signal fires (and at once when it already has), so no poll outlives a cancel.
 */
export function cancellableClock(clock: Clock, signal: AbortSignal): Clock {
  return {
    now: () => clock.now(),
    sleep: (ms) => {
      if (signal.aborted) return Promise.reject(cancelReason(signal));
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(cancelReason(signal));
        signal.addEventListener("abort", onAbort, { once: true });
        clock.sleep(ms).then(
          () => {
            signal.removeEventListener("abort", onAbort);
            resolve();
          },
          (error: unknown) => {
            signal.removeEventListener("abort", onAbort);
            reject(error);
          },
        );
      });
    },
  };
}

/** One thing a run did or started, as the cancel summary lists it. */
export interface JournalEntry {
  /** Markdown-safe plain text (external parts go through `markdownText` when rendered). */
  what: string;
  state: "changed" | "in-flight";
}

/**
 * What a run changed and what it has started but not finished, kept as it goes so a cancel can
 * say it. Actions write plain sentences; the summary escapes them.
 */
export class RunJournal {
  private readonly changes: string[] = [];
  private readonly open = new Map<string, string>();

  /** A change that is done (a row written, a service updated). */
  changed(what: string): void {
    this.changes.push(what);
  }

  /** Something started that is not finished yet (a claim, a one-off task, a deployment), under a key. */
  inFlight(key: string, what: string): void {
    this.open.set(key, what);
  }

  /** The in-flight thing under `key` finished; `outcome` records it as a change (omit when it was undone). */
  settled(key: string, outcome?: string): void {
    this.open.delete(key);
    if (outcome !== undefined) this.changes.push(outcome);
  }

  entries(): JournalEntry[] {
    return [
      ...this.changes.map((what) => ({ what, state: "changed" as const })),
      ...[...this.open.values()].map((what) => ({ what, state: "in-flight" as const })),
    ];
  }

  get isEmpty(): boolean {
    return this.changes.length === 0 && this.open.size === 0;
  }
}

/** The job summary of a cancelled run: why it stopped, what it changed, what is still in flight. */
export function renderCancelledSummary(options: { action: string; signal: string; journal: RunJournal }): string {
  const entries = options.journal.entries();
  const list = (state: JournalEntry["state"]) => {
    const items = entries.filter((entry) => entry.state === state).map((entry) => `- ${markdownText(entry.what)}`);
    return items.length === 0 ? "- nothing" : items.join("\n");
  };
  return sections(
    heading(`${options.action}: cancelled`, 2),
    `The runner cancelled this step (${options.signal}); it stopped at the next safe point and exited non-zero.`,
    heading("Changed before the cancel", 3),
    list("changed"),
    heading("Still in flight", 3),
    list("in-flight"),
    "A re-run of the job starts again from what the services say now; nothing above is applied twice.",
  );
}
