import { mkdtempSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import {
  confineToWorkspace,
  Inputs,
  inputEnvName,
  isEcsName,
  isEcsResource,
  parseDuration,
  parseKeyValueLines,
  splitList,
} from "../src/inputs.js";

const TABLE = {
  a: {},
  b: {},
  n: {},
  x: { default: "2.5" },
  mode: {},
  wait: { default: "true" },
  timeout: { default: "30m" },
  service: {},
  images: {},
  d: {},
  f: {},
  out: {},
  env: {},
  timezone: {},
  cluster: { required: true, example: "qa" },
  token: { secret: true },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as action.yml spells it
  "github-token": { default: "${{ github.token }}" },
} as const;
const from = (values: Record<string, string>, workspace?: string, mask?: (value: string) => void) =>
  new Inputs(TABLE, { source: (name) => values[name], ...(workspace ? { workspace } : {}), mask: mask ?? (() => {}) });

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("inputEnvName", () => {
  it("follows the runner: upper case, spaces to underscores, hyphens kept", () => {
    expect(inputEnvName("task-definition")).toBe("INPUT_TASK-DEFINITION");
    expect(inputEnvName("my input")).toBe("INPUT_MY_INPUT");
  });
});

describe("string and required", () => {
  it("trims and treats empty as unset", () => {
    expect(from({ a: "  x  " }).string("a")).toBe("x");
    expect(from({ a: "   " }).string("a")).toBeUndefined();
    expect(from({}).string("a")).toBeUndefined();
  });
  it("names a missing required input with an example", () => {
    expect(errorOf(() => from({}).string("cluster")).message).toBe('Input "cluster" is required, e.g. qa');
    expect(from({ cluster: " qa " }).string("cluster")).toBe("qa");
  });
  it("falls back to the table's default, but not to a runner expression", () => {
    expect(from({}).string("timeout")).toBe("30m");
    expect(from({}).string("github-token")).toBeUndefined();
    expect(from({}).isSet("timeout")).toBe(false);
    expect(from({ timeout: "5m" }).isSet("timeout")).toBe(true);
  });
  it("masks secrets before returning them", () => {
    const masked: string[] = [];
    expect(from({ token: "s3cr3t" }, undefined, (value) => masked.push(value)).secret("token")).toBe("s3cr3t");
    expect(masked).toEqual(["s3cr3t"]);
  });
});

describe("boolean", () => {
  it("accepts only the YAML 1.2 core spellings", () => {
    expect(from({ b: "true" }).boolean("b")).toBe(true);
    expect(from({ b: "FALSE" }).boolean("b")).toBe(false);
    expect(from({}).boolean("wait")).toBe(true);
  });
  it.each(["yes", "1", "on", "tru"])("rejects %s naming the input", (value) => {
    const error = errorOf(() => from({ wait: value }).boolean("wait"));
    expect(error.input).toBe("wait");
    expect(error.message).toBe(`Input "wait" must be true or false; got "${value}", e.g. true`);
  });
});

describe("integer", () => {
  it("parses whole numbers within bounds", () => {
    expect(from({ n: "3" }).integer("n", { min: 0, max: 10 })).toBe(3);
    expect(from({}).integer("n", { min: 0 })).toBeUndefined();
  });
  it.each([
    ["2.5", 'Input "n" must be a whole number from 0 to 10; got "2.5", e.g. 1'],
    ["ten", 'Input "n" must be a whole number from 0 to 10; got "ten", e.g. 1'],
    ["11", 'Input "n" must be from 0 to 10; got 11, e.g. 1'],
    ["-1", 'Input "n" must be from 0 to 10; got -1, e.g. 1'],
  ])("rejects %s", (value, message) => {
    expect(errorOf(() => from({ n: value }).integer("n", { min: 0, max: 10 })).message).toBe(message);
  });
});

describe("number", () => {
  it("reads decimals within bounds and falls back to the default", () => {
    expect(from({ n: "0.0464" }).number("n", { min: 0 })).toBe(0.0464);
    expect(from({}).number("x", { min: 0 })).toBe(2.5);
  });
  it.each(["1e3", "0x10", "1.2.3", "", "Infinity", "1".repeat(40)])("rejects %j", (value) => {
    if (value === "") return expect(from({ n: value }).number("n")).toBeUndefined();
    expect(errorOf(() => from({ n: value }).number("n", { min: 0 })).input).toBe("n");
  });
});

describe("enum", () => {
  const modes = ["deploy", "release", "status"] as const;
  it("matches case-insensitively and returns the canonical value", () => {
    expect(from({ mode: "Release" }).enum("mode", modes)).toBe("release");
    expect(from({}).enum("mode", modes)).toBeUndefined();
  });
  it("lists the allowed values", () => {
    expect(errorOf(() => from({ mode: "x" }).enum("mode", modes)).message).toBe(
      'Input "mode" must be one of deploy, release, status; got "x", e.g. deploy',
    );
  });
});

describe("duration", () => {
  it.each([
    ["90s", 90_000],
    ["10m", 600_000],
    ["1h30m", 5_400_000],
    ["3d", 259_200_000],
    ["2w", 1_209_600_000],
    ["1h 30m", 5_400_000],
    ["1H", 3_600_000],
  ])("parses %s", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  it.each(["", "thirty", "10", "1.5h", "0s", "m", "-5m", "10m1h"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
  it("uses the default and names the input on error", () => {
    expect(from({}).duration("timeout")).toBe(1_800_000);
    expect(errorOf(() => from({ timeout: "thirty" }).duration("timeout")).message).toBe(
      'Input "timeout" must be a duration like 90s, 30m or 1h30m (at most a year); got "thirty", e.g. 30m',
    );
  });
  it("reads 0 as none only where the input allows it", () => {
    expect(from({ timeout: "0" }).duration("timeout", { allowZero: true })).toBe(0);
    expect(from({ timeout: "0m" }).duration("timeout", { allowZero: true })).toBe(0);
    expect(errorOf(() => from({ timeout: "0" }).duration("timeout")).input).toBe("timeout");
  });
  it("rejects durations over a year and absurd digit runs", () => {
    expect(parseDuration("99999999999999999999w")).toBeUndefined();
    expect(parseDuration("53w")).toBeUndefined();
    expect(parseDuration("52w")).toBe(52 * 604_800_000);
  });
});

describe("list", () => {
  it("splits on commas and newlines, trims, drops empties and repeats", () => {
    expect(splitList("web, worker\n\nweb\n  api ,")).toEqual(["web", "worker", "api"]);
    expect(from({}).list("service")).toEqual([]);
  });
});

describe("key=value map", () => {
  const options = { example: "web=app:v2" };
  it("splits on the first = and keeps commas in values", () => {
    const map = parseKeyValueLines("images", "web=app:v2\n# comment\n\nworker = a=b,c ", options);
    expect([...map]).toEqual([
      ["web", "app:v2"],
      ["worker", "a=b,c"],
    ]);
  });
  it("rejects a line without a key and a repeated key", () => {
    expect(errorOf(() => parseKeyValueLines("images", "web", options)).message).toBe(
      'Input "images" line 1 must be key=value but has no = (it starts with web; the rest is not shown, it may be a secret), e.g. web=app:v2',
    );
    expect(errorOf(() => parseKeyValueLines("images", "=v", options)).message).toBe(
      'Input "images" line 1 must be key=value but has no key before the =, e.g. web=app:v2',
    );
    expect(errorOf(() => parseKeyValueLines("images", "a=1\na=2", options)).message).toBe(
      'Input "images" sets "a" twice (line 2), e.g. web=app:v2',
    );
  });
  it("applies the key check", () => {
    const check = { ...options, checkKey: (key: string) => (key === "bad key" ? `"${key}" has a space` : undefined) };
    expect(errorOf(() => from({ images: "bad key=1" }).map("images", check)).message).toBe(
      'Input "images" line 1: "bad key" has a space, e.g. web=app:v2',
    );
  });
});

describe("ECS names", () => {
  it("accepts names and ARNs of the right kind", () => {
    expect(isEcsName("qa3-web")).toBe(true);
    expect(isEcsName("qa3 web")).toBe(false);
    expect(isEcsResource("cluster", "arn:aws:ecs:ap-northeast-1:123456789012:cluster/qa")).toBe(true);
    expect(isEcsResource("service", "arn:aws:ecs:ap-northeast-1:123456789012:service/qa/qa3-web")).toBe(true);
    expect(isEcsResource("cluster", "arn:aws:ecs:ap-northeast-1:123456789012:service/qa/qa3-web")).toBe(false);
  });
});

describe("dateTime", () => {
  it("reads dates without offset in the given time zone", () => {
    expect(from({ d: "2026-12-29" }).dateTime("d", "Asia/Tokyo")?.toISOString()).toBe("2026-12-28T15:00:00.000Z");
    expect(from({ d: "2026-12-29T10:00:00+09:00" }).dateTime("d", "UTC")?.toISOString()).toBe(
      "2026-12-29T01:00:00.000Z",
    );
  });
  it("rejects text that is not ISO 8601", () => {
    expect(errorOf(() => from({ d: "next friday" }).dateTime("d", "UTC")).input).toBe("d");
  });
});

describe("file", () => {
  const workspace = mkdtempSync(path.join(tmpdir(), "inputs-"));
  writeFileSync(path.join(workspace, "td.json"), '{"family": "web"}');
  writeFileSync(path.join(workspace, "td.yaml"), "family: web\ncpu: '256'\n");
  writeFileSync(path.join(workspace, "bad.json"), '{"family": ');

  it("parses JSON and YAML relative to the workspace", () => {
    expect(from({ f: "td.json" }, workspace).file("f")?.content).toEqual({ family: "web" });
    expect(from({ f: "td.yaml" }, workspace).file("f")?.content).toEqual({ family: "web", cpu: "256" });
  });
  it("refuses paths that lead outside the workspace: .., absolute elsewhere, a link out (issue 26)", () => {
    const outside = mkdtempSync(path.join(tmpdir(), "outside-"));
    writeFileSync(path.join(outside, "secret.json"), '{"token": "x"}');
    symlinkSync(outside, path.join(workspace, "link-out"));
    for (const value of [
      `../${path.basename(outside)}/secret.json`,
      path.join(outside, "secret.json"),
      "link-out/secret.json",
      "/etc/passwd",
    ]) {
      const error = errorOf(() => from({ f: value }, workspace).file("f"));
      expect(error.message).toContain(`Input "f" must be a path inside the workspace (`);
      expect(error.message).toContain(" leads outside it.");
    }
    // Inside is fine, however it is spelt.
    expect(from({ f: path.join(workspace, "td.json") }, workspace).file("f")?.content).toEqual({ family: "web" });
    expect(from({ f: "./sub/../td.json" }, workspace).file("f")?.content).toEqual({ family: "web" });
    expect(from({ out: "build/out" }, workspace).path("out")).toBe(path.join(realpathSync(workspace), "build/out"));
    expect(() => confineToWorkspace("out", "../x", workspace)).toThrow(/leads outside it/);
  });
  it("confines to GITHUB_WORKSPACE on the runner, and reads unconfined where no workspace is known", () => {
    const outside = mkdtempSync(path.join(tmpdir(), "elsewhere-"));
    writeFileSync(path.join(outside, "td.json"), '{"family": "api"}');
    const absolute = path.join(outside, "td.json");
    const read = (env: string | undefined) => {
      const saved = process.env["GITHUB_WORKSPACE"];
      if (env === undefined) delete process.env["GITHUB_WORKSPACE"];
      else process.env["GITHUB_WORKSPACE"] = env;
      try {
        return new Inputs(TABLE, { source: (name) => ({ f: absolute })[name], mask: () => {} }).file("f");
      } finally {
        if (saved === undefined) delete process.env["GITHUB_WORKSPACE"];
        else process.env["GITHUB_WORKSPACE"] = saved;
      }
    };
    expect(read(undefined)?.content).toEqual({ family: "api" });
    expect(() => read(workspace)).toThrow(/must be a path inside the workspace/);
  });
  it("names a missing file and a malformed one", () => {
    expect(errorOf(() => from({ f: "nope.json" }, workspace).file("f")).message).toContain(
      'Input "f" points to "nope.json", which does not exist',
    );
    expect(errorOf(() => from({ f: "bad.json" }, workspace).file("f")).message).toContain(
      'Input "f" points to "bad.json", which is not valid JSON or YAML',
    );
  });
});

describe("timeZone", () => {
  it("defaults to UTC and accepts IANA names", () => {
    expect(from({}).timeZone("timezone")).toBe("UTC");
    expect(from({ timezone: "Asia/Tokyo" }).timeZone("timezone")).toBe("Asia/Tokyo");
  });
  it("rejects an unknown zone naming the input", () => {
    expect(errorOf(() => from({ timezone: "JST+9" }).timeZone("timezone")).message).toBe(
      'Input "timezone" must be an IANA time zone name; got "JST+9", e.g. Asia/Tokyo',
    );
  });
});
