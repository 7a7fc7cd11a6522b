import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ActionError, InputError } from "../src/errors.js";
import { runAction } from "../src/run.js";

let written: string[];

beforeEach(() => {
  written = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = 0;
  delete process.env["RUNNER_DEBUG"];
  delete process.env["INPUT_GITHUB-TOKEN"];
});

const output = () => written.join("");

describe("runAction", () => {
  it("leaves the exit code alone on success", async () => {
    await runAction(async () => {});
    expect(process.exitCode ?? 0).toBe(0);
    expect(output()).toBe("");
  });

  it("prints an InputError as one error line without a stack", async () => {
    await runAction(async () => {
      throw new InputError("timeout", 'must be a duration like 30m; got "x"', "30m");
    });
    expect(process.exitCode).toBe(1);
    expect(output()).toBe('::error::Input "timeout" must be a duration like 30m; got "x", e.g. 30m\n');
  });

  it("adds the hint of an ActionError on the same annotation", async () => {
    await runAction(async () => {
      throw new ActionError("Service web is not ACTIVE", { hint: "Create it first" });
    });
    expect(output()).toBe("::error::Service web is not ACTIVE%0AHint: Create it first\n");
  });

  it("reports an unexpected error and keeps its stack for step debug", async () => {
    await runAction(async () => {
      throw new TypeError("boom");
    });
    expect(process.exitCode).toBe(1);
    expect(output()).toContain("::error::Unexpected error: TypeError: boom");
    expect(output()).not.toContain("at ");
    expect(output()).toContain("ACTIONS_STEP_DEBUG");
  });

  it("prints the stack when step debug is on", async () => {
    process.env["RUNNER_DEBUG"] = "1";
    await runAction(async () => {
      throw new Error("boom");
    });
    expect(output()).toMatch(/::debug::Error: boom%0A {4}at /);
  });

  it("masks declared secret inputs before main runs", async () => {
    process.env["INPUT_GITHUB-TOKEN"] = "ghs_secretvalue";
    await runAction(async () => {}, { secretInputs: ["github-token"] });
    expect(output()).toBe("::add-mask::ghs_secretvalue\n");
  });
});
