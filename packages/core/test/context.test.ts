import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { environmentRunContext, requireRunVariables } from "../src/context.js";
import { ActionError } from "../src/errors.js";

describe("environmentRunContext", () => {
  it("does not crash without GITHUB_REF and the other runner variables; it lists what is missing", () => {
    const context = environmentRunContext({});
    expect(context.branch).toBeUndefined();
    expect(context.ref).toBe("");
    expect(context.missing).toEqual([
      "GITHUB_REPOSITORY",
      "GITHUB_REF",
      "GITHUB_SHA",
      "GITHUB_RUN_ID",
      "GITHUB_ACTOR",
      "GITHUB_EVENT_NAME",
      "GITHUB_EVENT_PATH",
    ]);
  });

  it("reads the runner's variables and event file as @actions/github does", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "context-"));
    const eventPath = path.join(dir, "event.json");
    writeFileSync(
      eventPath,
      JSON.stringify({ after: "abc123", repository: { name: "app", owner: { login: "acme" } } }),
    );
    const context = environmentRunContext({
      GITHUB_EVENT_NAME: "push",
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REF: "refs/heads/feature/x",
      GITHUB_SHA: "def456",
      GITHUB_ACTOR: "alice",
      GITHUB_RUN_ID: "42",
    });
    // The repository comes from the event when GITHUB_REPOSITORY is not set: not missing then.
    expect(context).toMatchObject({
      owner: "acme",
      repo: "app",
      branch: "feature/x",
      sha: "abc123",
      runUrl: "https://github.com/acme/app/actions/runs/42",
      missing: [],
    });
  });

  it("requireRunVariables names what a step needs and does not have, and why", () => {
    const context = environmentRunContext({ GITHUB_REPOSITORY: "acme/app" });
    expect(() => requireRunVariables(context, ["GITHUB_REPOSITORY"], "to link the run")).not.toThrow();
    let error: unknown;
    try {
      requireRunVariables(context, ["GITHUB_REPOSITORY", "GITHUB_REF", "GITHUB_SHA"], "to record the commit");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).message).toBe("GITHUB_REF, GITHUB_SHA are not set: needed to record the commit.");
    expect((error as ActionError).hint).toBe(
      "The GitHub Actions runner sets them; outside it, set GITHUB_REF=refs/heads/main GITHUB_SHA=<40-hex commit> in the step's environment.",
    );
  });
});
