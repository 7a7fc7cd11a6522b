import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { majorTag, releaseNotes } from "../scripts/release.mjs";

const root = path.resolve(import.meta.dirname, "..");
const script = path.join(root, "scripts/release.mjs");
const CHANGELOG = `# Changelog

## v1.1.0 (2026-12-20)
- ecs-deploy: blue/green.

## v1.0.0 (2026-12-02)
- First release.
`;

describe("release notes and tags", () => {
  it("takes the version's CHANGELOG section, up to the next release", () => {
    expect(releaseNotes(CHANGELOG, "v1.1.0")).toBe("- ecs-deploy: blue/green.\n");
    expect(releaseNotes(CHANGELOG, "v1.0.0")).toBe("- First release.\n");
    expect(releaseNotes("## Unreleased (first release, v1.0.0)\n- A\n", "v1.0.0")).toBe("- A\n");
    expect(() => releaseNotes(CHANGELOG, "v1.0.1")).toThrow(
      'CHANGELOG.md has no "## v1.0.1" section: rename "## Unreleased" to "## v1.0.1 (<date>)" before tagging',
    );
    expect(() => releaseNotes("## v1.1.0\n- x\n", "v1.1")).toThrow();
  });

  it("moves only the major of a vX.Y.Z tag", () => {
    expect(majorTag("v1.4.2")).toBe("v1");
    expect(() => majorTag("v1.4.2-rc.1")).toThrow('Release tag "v1.4.2-rc.1" is not vX.Y.Z');
  });

  it("this repository's CHANGELOG has an Unreleased section to become the next release", () => {
    expect(readFileSync(path.join(root, "CHANGELOG.md"), "utf8")).toMatch(/^## Unreleased/m);
  });
});

describe("scripts/release.mjs publish, as release.yml runs it", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A clone of a bare "origin" with v1.0.0 and v1.1.0 tagged, and a fake `gh` that records its arguments. */
  function repository(): { work: string; origin: string; env: NodeJS.ProcessEnv; ghLog: string } {
    dir = mkdtempSync(path.join(tmpdir(), "release-test-"));
    const origin = path.join(dir, "origin.git");
    const work = path.join(dir, "work");
    const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, stdio: "pipe" });
    execFileSync("git", ["init", "--bare", "--quiet", origin]);
    execFileSync("git", ["clone", "--quiet", origin, work], { stdio: "pipe" });
    git(work, "config", "user.email", "ci@example.com");
    git(work, "config", "user.name", "ci");
    writeFileSync(path.join(work, "CHANGELOG.md"), CHANGELOG.replace(/## v1\.1\.0[\s\S]*?(?=## v1\.0\.0)/, ""));
    git(work, "add", ".");
    git(work, "commit", "--quiet", "-m", "v1.0.0");
    git(work, "tag", "v1.0.0");
    git(work, "tag", "v1");
    writeFileSync(path.join(work, "CHANGELOG.md"), CHANGELOG);
    git(work, "commit", "--quiet", "-am", "v1.1.0");
    git(work, "tag", "v1.1.0");
    git(work, "push", "--quiet", "origin", "HEAD", "--tags");
    const bin = path.join(dir, "bin");
    const ghLog = path.join(dir, "gh.log");
    execFileSync("mkdir", [bin]);
    writeFileSync(path.join(bin, "gh"), `#!/bin/sh\necho "$@" >> ${ghLog}\ncat "$5" >> ${ghLog}\n`);
    chmodSync(path.join(bin, "gh"), 0o755);
    return { work, origin, ghLog, env: { ...process.env, PATH: `${bin}:${process.env["PATH"]}` } };
  }

  const tagCommit = (repo: string, tag: string) =>
    execFileSync("git", ["rev-parse", `${tag}^{commit}`], { cwd: repo, encoding: "utf8" }).trim();

  it("writes the notes of the tag and moves v1 on origin", () => {
    const { work, origin, env, ghLog } = repository();
    const run = spawnSync(process.execPath, [script, "publish", "v1.1.0"], { cwd: work, env, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(ghLog, "utf8")).toMatch(
      /^release edit v1\.1\.0 --notes-file \S+release-notes-v1\.1\.0\.md\n- ecs-deploy: blue\/green\.\n$/,
    );
    expect(tagCommit(origin, "v1")).toBe(tagCommit(origin, "v1.1.0"));
    expect(run.stdout).toContain("v1.1.0: release notes from CHANGELOG.md (1 lines); v1 →");
  });

  it("--dry-run says what it would do and changes nothing", () => {
    const { work, origin, env, ghLog } = repository();
    const before = tagCommit(origin, "v1");
    const run = spawnSync(process.execPath, [script, "publish", "v1.1.0", "--dry-run"], {
      cwd: work,
      env,
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("would run: git push --force origin refs/tags/v1");
    expect(tagCommit(origin, "v1")).toBe(before);
    expect(() => readFileSync(ghLog)).toThrow();
  });

  it("refuses when HEAD is not the tag, with one ::error:: line", () => {
    const { work, env } = repository();
    const run = spawnSync(process.execPath, [script, "publish", "v1.0.0"], { cwd: work, env, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /^::error::HEAD is [0-9a-f]{7}, not v1\.0\.0 \([0-9a-f]{7}\): check out the tag first\n$/,
    );
  });
});
