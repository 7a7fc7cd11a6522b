import * as actions from "@actions/core";
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
}

/**
 * The whole life of an action: mask secrets, run `main`, and turn a failure into one `::error::`
 * line. User mistakes (`ActionError`, `InputError`) never show a stack trace; unexpected errors
 * show theirs only when step debug logging is on.
 */
export async function runAction(main: () => Promise<void>, options: RunOptions = {}): Promise<void> {
  const readInput = environmentInputs();
  for (const name of options.secretInputs ?? []) {
    const value = readInput(name)?.trim();
    if (value) actions.setSecret(value);
  }
  try {
    await main();
  } catch (error) {
    reportFailure(error);
  }
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
