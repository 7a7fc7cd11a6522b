import { InputError, reportFailure } from "@sre-actions/core";

/** The InputError that `fn` throws (sync or async); fails the test when it throws nothing or something else. */
export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError, but nothing was thrown");
}

/** Like `inputErrorOf` for a function that returns a promise. */
export async function asyncInputErrorOf(fn: () => Promise<unknown>): Promise<InputError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError, but nothing was thrown");
}

/** What the runner shows for a failure: the workflow-command lines `runAction` writes for it. */
export interface ReportedFailure {
  /** The `::error::` annotations (decoded, without the `::error::` prefix). */
  errors: string[];
  /** Everything written to stdout while reporting. */
  output: string;
  exitCode: number;
}

/**
 * Reports `error` exactly as `runAction` would (core's `reportFailure`) and returns what the runner
 * would see, without leaking workflow commands into the test output.
 */
export function reportedFailure(error: unknown): ReportedFailure {
  const written: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  const previousExitCode = process.exitCode;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  let exitCode: number;
  try {
    reportFailure(error);
    exitCode = Number(process.exitCode ?? 0);
  } finally {
    process.stdout.write = original;
    process.exitCode = previousExitCode;
  }
  const output = written.join("");
  const errors = output
    .split("\n")
    .filter((line) => line.startsWith("::error::"))
    .map((line) => line.slice("::error::".length).replace(/%0A/g, "\n").replace(/%0D/g, "\r").replace(/%25/g, "%"));
  return { errors, output, exitCode };
}
