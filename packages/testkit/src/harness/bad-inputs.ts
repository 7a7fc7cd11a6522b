import { describe, expect, it } from "vitest";
import { reportedFailure } from "../assertions.js";
import type { BundledActionResult } from "./run-bundled-action.js";

export interface BadInputOptions {
  /** Inputs whose error must also show a right example (`, e.g. …`). */
  withExample?: readonly string[];
}

/**
 * The bad-input matrix every action has: each `[input, value]` must be rejected by `run` (the
 * action run as the runner runs it: its input parsing, its composition root, `execute`; or its
 * input parsing alone) the way the runner would report it — exit code 1, exactly one `::error::`
 * naming the input, no stack trace and no "Unexpected error". `run` may also assert that nothing
 * reached a fake.
 */
export function describeBadInputs(
  cases: readonly (readonly [input: string, value: string])[],
  run: (input: string, value: string) => unknown,
  options: BadInputOptions = {},
): void {
  describe("bad-input matrix", () => {
    it.each(cases.map(([input, value]) => [input, JSON.stringify(value).slice(0, 40), value] as const))(
      "%s: %s… is an input error",
      async (input, _shown, value) => {
        let error: unknown;
        try {
          await run(input, value);
        } catch (caught) {
          error = caught;
        }
        expect(error, `${input}=${JSON.stringify(value).slice(0, 80)} was accepted`).toBeDefined();
        const reported = reportedFailure(error);
        expect(reported.exitCode).toBe(1);
        expect(reported.errors).toHaveLength(1);
        expect(reported.errors[0]).toContain(`"${input}"`);
        if (options.withExample?.includes(input)) expect(reported.errors[0]).toContain(", e.g. ");
        expect(reported.output).not.toMatch(/Unexpected error|\n\s+at /);
      },
    );
  });
}

/**
 * A bundled run rejected a bad input the way the runner shows it: exit 1, one `::error::` naming the
 * input, no stack trace, and not one request to the fake (`requests`).
 */
export function expectRejectedInput(result: BundledActionResult, input: string, requests: readonly unknown[]): void {
  expect(result.exitCode).toBe(1);
  expect(result.annotations.filter((annotation) => annotation.level === "error")).toHaveLength(1);
  expect(result.annotations[0]?.message).toContain(`Input "${input}"`);
  expect(result.log).not.toMatch(/Unexpected error|\n\s+at /);
  expect(requests).toEqual([]);
}
