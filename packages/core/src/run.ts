import * as actions from "@actions/core";
import { Cancelled, isCancelled, RunJournal, renderCancelledSummary } from "./cancel.js";
import type { ActionError } from "./errors.js";
import { explainError } from "./explain.js";
import { environmentInputs } from "./inputs.js";
import { setOutputs } from "./outputs.js";
import { writeJobSummary } from "./summary.js";

/** What an action's `execute(inputs, deps)` returns: everything `main` publishes, computed without side effects on the runner. */
export interface Execution<R, O extends string = string> {
  result: R;
  outputs: Record<O, unknown>;
  /** The job summary, as Markdown. */
  summary: string;
  /** The error to fail the step with, after outputs and summary are written. */
  failure?: ActionError | undefined;
}

/** Writes an execution's outputs and job summary, then fails the step if it failed. */
export async function publish(execution: Execution<unknown>): Promise<void> {
  setOutputs(execution.outputs);
  if (execution.summary !== "") await writeJobSummary(execution.summary);
  if (execution.failure !== undefined) throw execution.failure;
}

export interface RunOptions {
  /** Inputs whose values are masked before anything runs (tokens, keys). */
  secretInputs?: readonly string[];
  /** The action's name, for the summary of a cancelled run. */
  name?: string;
  /**
   * How long after the first SIGINT/SIGTERM `main` may take to clean up before the summary is
   * written and the process exits anyway (default 5 s: the runner sends SIGTERM at 7.5 s and
   * SIGKILL at 10 s). A second signal cuts it short.
   */
  cancelGraceMs?: number;
  /** The process whose signals cancel the run and which is exited after the grace (tests pass a stand-in). */
  process?: SignalTarget;
}

/** The parts of `process` that cancellation uses. */
export interface SignalTarget {
  on(event: "SIGINT" | "SIGTERM", listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: "SIGINT" | "SIGTERM", listener: (signal: NodeJS.Signals) => void): unknown;
  exit(code: number): void;
}

/** What `runAction` hands `main`: the cancel signal and the journal the cancel summary reads. */
export interface ActionRun {
  /** Aborted (reason: `Cancelled`) when the runner cancels the step. */
  signal: AbortSignal;
  /** What the run changed and what it has in flight; read by the summary of a cancelled run. */
  journal: RunJournal;
}

const DEFAULT_CANCEL_GRACE_MS = 5_000;

/**
 * The whole life of an action: mask secrets, run `main`, and turn a failure into one `::error::`
 * line. User mistakes (`ActionError`, `InputError`) never show a stack trace; unexpected errors
 * show theirs only when step debug logging is on.
 *
 * SIGINT/SIGTERM (the runner's cancel) abort `run.signal`; once `main` has cleaned up and settled
 * — or after `cancelGraceMs`, or at a second signal — the summary of the cancelled run (from
 * `run.journal`) is written and the step fails, before the runner's SIGKILL.
 */
export async function runAction(main: (run: ActionRun) => Promise<void>, options: RunOptions = {}): Promise<void> {
  const readInput = environmentInputs();
  for (const name of options.secretInputs ?? []) {
    const value = readInput(name)?.trim();
    if (value) actions.setSecret(value);
  }
  const target = options.process ?? process;
  const controller = new AbortController();
  const run: ActionRun = { signal: controller.signal, journal: new RunJournal() };
  let cancelledBy: NodeJS.Signals | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let giveUp: (() => void) | undefined;
  const gaveUp = new Promise<"gave up">((resolve) => {
    giveUp = () => resolve("gave up");
  });
  const onSignal = (signal: NodeJS.Signals) => {
    if (cancelledBy !== undefined) return giveUp?.();
    cancelledBy = signal;
    actions.info(`Received ${signal}: cancelling the run; cleaning up before exit.`);
    controller.abort(new Cancelled(signal));
    timer = setTimeout(() => giveUp?.(), options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS);
  };
  target.on("SIGINT", onSignal);
  target.on("SIGTERM", onSignal);
  try {
    const outcome = await Promise.race([main(run).then(() => "done" as const), gaveUp]);
    if (outcome === "gave up") {
      await reportCancelled(options.name, cancelledBy ?? "SIGINT", run.journal);
      target.exit(1);
    }
  } catch (error) {
    if (cancelledBy !== undefined || isCancelled(error)) {
      await reportCancelled(options.name, cancelledBy ?? "SIGINT", run.journal);
    } else reportFailure(error);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    target.off("SIGINT", onSignal);
    target.off("SIGTERM", onSignal);
  }
}

/** The summary of a cancelled run and one `::error::` line; the step fails. */
async function reportCancelled(name: string | undefined, signal: string, journal: RunJournal): Promise<void> {
  try {
    await writeJobSummary(renderCancelledSummary({ action: name ?? "sre-actions", signal, journal }));
  } catch (error) {
    actions.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
  }
  const cancelled = new Cancelled(signal);
  actions.setFailed(`${cancelled.message}\nHint: ${cancelled.hint}`);
}

export function reportFailure(error: unknown): void {
  // A user-fixable failure (ours, or an AWS / GitHub / Notion error we recognise) never shows a stack.
  const explained = explainError(error);
  if (explained !== undefined) {
    actions.setFailed(
      explained.hint === undefined ? explained.message : `${explained.message}\nHint: ${explained.hint}`,
    );
    return;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  actions.setFailed(`Unexpected error: ${message}`);
  if (error instanceof Error && error.stack !== undefined) {
    if (actions.isDebug()) actions.debug(error.stack);
    else actions.info("Re-run with step debug logging (ACTIONS_STEP_DEBUG) to see the stack trace.");
  }
}
