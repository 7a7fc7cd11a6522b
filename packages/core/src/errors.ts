/**
 * Errors a user can act on. `runAction` prints them as one `::error::` line (plus the hint)
 * without a stack trace; anything else is treated as a bug and shows its stack under step debug.
 */
export class ActionError extends Error {
  override readonly name: string = "ActionError";
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }
}

/** A bad input value: names the input, what was wrong and a right example. */
export class InputError extends ActionError {
  override readonly name = "InputError";
  readonly input: string;

  constructor(input: string, problem: string, example?: string) {
    const suffix = example === undefined ? "" : `, e.g. ${example}`;
    super(`Input "${input}" ${problem}${suffix}`);
    this.input = input;
  }
}

/** Formats an unknown thrown value for a log line without leaking a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
