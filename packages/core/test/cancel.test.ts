import { EventEmitter } from "node:events";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  Cancelled,
  cancellableClock,
  isCancelled,
  RunJournal,
  renderCancelledSummary,
  throwIfCancelled,
} from "../src/cancel.js";
import type { Clock } from "../src/clock.js";
import { ActionError } from "../src/errors.js";
import { type ActionRun, runAction, type SignalTarget } from "../src/run.js";

/** A stand-in for `process`: signals are emitted by the test, exit is recorded. */
class FakeProcess extends EventEmitter implements SignalTarget {
  readonly exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
  override on(event: "SIGINT" | "SIGTERM", listener: (signal: NodeJS.Signals) => void): this {
    return super.on(event, listener);
  }
  override off(event: "SIGINT" | "SIGTERM", listener: (signal: NodeJS.Signals) => void): this {
    return super.off(event, listener);
  }
  send(signal: "SIGINT" | "SIGTERM"): void {
    this.emit(signal, signal);
  }
}

/** A clock whose sleeps end only when the test says (or never). */
const stuckClock: Clock = { now: () => 0, sleep: () => new Promise<void>(() => {}) };

let written: string[];
let summaryFile: string;

// @actions/core's summary keeps the first GITHUB_STEP_SUMMARY it reads: one file, emptied per test.
beforeAll(() => {
  summaryFile = path.join(mkdtempSync(path.join(tmpdir(), "cancel-")), "summary.md");
});

beforeEach(() => {
  written = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  writeFileSync(summaryFile, "");
  process.env["GITHUB_STEP_SUMMARY"] = summaryFile;
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = 0;
  delete process.env["GITHUB_STEP_SUMMARY"];
});

const output = () => written.join("");
const summary = () => readFileSync(summaryFile, "utf8");
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("runAction on cancel", () => {
  it("SIGINT aborts the run's signal; the wait ends, cleanup runs, the summary says what was changed and what is in flight", async () => {
    const target = new FakeProcess();
    let cleanedUp = false;
    const done = runAction(
      async (run: ActionRun) => {
        run.journal.changed("qa2 row in Notion");
        run.journal.inFlight("task", "one-off task arn:aws:ecs:…/task/abc (RUNNING)");
        run.journal.inFlight("claim", "a claim on qa5");
        try {
          await cancellableClock(stuckClock, run.signal).sleep(60_000);
        } finally {
          run.journal.settled("claim");
          cleanedUp = true;
        }
      },
      { name: "ecs-deploy", process: target },
    );
    await tick();
    target.send("SIGINT");
    await done;
    expect(cleanedUp).toBe(true);
    expect(process.exitCode).toBe(1);
    expect(target.exits).toEqual([]);
    expect(output()).toContain("Received SIGINT: cancelling the run; cleaning up before exit.");
    expect(output()).toContain("::error::The run was cancelled (SIGINT).%0AHint: The job summary lists");
    expect(summary()).toBe(
      `${[
        "## ecs-deploy: cancelled",
        "The runner cancelled this step (SIGINT); it stopped at the next safe point and exited non-zero.",
        "### Changed before the cancel",
        "- qa2 row in Notion",
        "### Still in flight",
        "- one-off task arn:aws:ecs:…/task/abc (RUNNING)",
        "A re-run of the job starts again from what the services say now; nothing above is applied twice.",
      ].join("\n\n")}\n`,
    );
    expect(target.listenerCount("SIGINT")).toBe(0);
  });

  it("a main that does not stop is left behind after the grace: summary, then exit 1 before the SIGKILL", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const target = new FakeProcess();
      const done = runAction(() => new Promise<void>(() => {}), { process: target, cancelGraceMs: 5_000 });
      await tick();
      target.send("SIGTERM");
      await vi.advanceTimersByTimeAsync(4_999);
      expect(target.exits).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      await done;
      expect(target.exits).toEqual([1]);
      expect(summary()).toContain("## sre-actions: cancelled");
      expect(summary()).toContain("### Changed before the cancel\n\n- nothing");
    } finally {
      vi.useRealTimers();
    }
  });

  it("a second signal cuts the grace short", async () => {
    const target = new FakeProcess();
    const done = runAction(() => new Promise<void>(() => {}), { process: target, cancelGraceMs: 60_000 });
    await tick();
    target.send("SIGINT");
    target.send("SIGTERM");
    await done;
    expect(target.exits).toEqual([1]);
  });

  it("a run that ends normally leaves no listener and no summary of a cancel", async () => {
    const target = new FakeProcess();
    await runAction(async () => {}, { process: target });
    expect(target.listenerCount("SIGTERM")).toBe(0);
    expect(summary()).toBe("");
  });
});

describe("the pieces", () => {
  it("cancellableClock: a sleep rejects with Cancelled at the abort, and at once once aborted", async () => {
    const controller = new AbortController();
    const clock = cancellableClock(stuckClock, controller.signal);
    const sleeping = clock.sleep(1_000);
    controller.abort(new Cancelled("SIGTERM"));
    await expect(sleeping).rejects.toMatchObject({ name: "Cancelled", signal: "SIGTERM" });
    await expect(clock.sleep(1)).rejects.toBeInstanceOf(Cancelled);
    expect(() => throwIfCancelled(controller.signal)).toThrow(Cancelled);
    expect(() => throwIfCancelled(new AbortController().signal)).not.toThrow();
  });

  it("cancellableClock passes a normal sleep through", async () => {
    const clock = cancellableClock({ now: () => 42, sleep: async () => {} }, new AbortController().signal);
    await expect(clock.sleep(5)).resolves.toBeUndefined();
    expect(clock.now()).toBe(42);
  });

  it("isCancelled sees through a wrapping error's cause", () => {
    expect(isCancelled(new ActionError("Notion not updated", { cause: new Cancelled() }))).toBe(true);
    expect(isCancelled(new Error("boom"))).toBe(false);
  });

  it("the journal: a settled thing with an outcome counts as changed; one without was undone", () => {
    const journal = new RunJournal();
    expect(journal.isEmpty).toBe(true);
    journal.inFlight("a", "task a");
    journal.inFlight("b", "task b");
    journal.settled("a", "task a exited 0");
    journal.settled("b");
    expect(journal.entries()).toEqual([{ what: "task a exited 0", state: "changed" }]);
  });

  it("escapes what the journal says (it may name outside things)", () => {
    const journal = new RunJournal();
    journal.changed("branch [x](https://evil.example) @org/team");
    expect(renderCancelledSummary({ action: "a", signal: "SIGINT", journal })).toContain(
      "- branch \\[x\\](https://evil.example) @\u200borg/team",
    );
  });
});
