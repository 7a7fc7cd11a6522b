#!/usr/bin/env node
// The script part of .github/workflows/release.yml, testable on its own (test/release.test.ts):
//
//   node scripts/release.mjs notes v1.2.3              print the CHANGELOG.md section of v1.2.3
//   node scripts/release.mjs publish v1.2.3 [--dry-run] check the tag, write the release notes from
//                                                      CHANGELOG.md (gh release edit), move v1 to it
//
// `publish` expects the tag checked out (HEAD is the tag's commit) and the tests already passed on
// it (the workflow runs .ci/run first: build, dist check, tests). With --dry-run it prints what it
// would run and changes nothing.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const TAG = /^v(\d+)\.(\d+)\.(\d+)$/;

export class ReleaseError extends Error {}

/** `v1.2.3` → `v1`; anything else is refused (a pre-release must not move the major tag). */
export function majorTag(tag) {
  const match = TAG.exec(tag);
  if (match === null)
    throw new ReleaseError(`Release tag "${tag}" is not vX.Y.Z (e.g. v1.2.3); the major tag moves only for those`);
  return `v${match[1]}`;
}

/**
 * The section of CHANGELOG.md for a release: from the first `## ` heading naming the version
 * (`## v1.2.3 (2026-12-02)`, `## 1.2.3`, `## Unreleased (first release, v1.0.0)`) to the next `## `.
 */
export function releaseNotes(changelog, tag) {
  const version = tag.replace(/^v/, "");
  const names = new RegExp(`(^|[^\\w.])v?${version.replace(/\./g, "\\.")}(?![\\w.])`);
  const lines = changelog.split("\n");
  const start = lines.findIndex((line) => line.startsWith("## ") && names.test(line.slice(3)));
  if (start === -1) {
    throw new ReleaseError(
      `CHANGELOG.md has no "## ${tag}" section: rename "## Unreleased" to "## ${tag} (<date>)" before tagging`,
    );
  }
  const end = lines.findIndex((line, index) => index > start && line.startsWith("## "));
  const body = lines
    .slice(start + 1, end === -1 ? undefined : end)
    .join("\n")
    .trim();
  if (body === "") throw new ReleaseError(`CHANGELOG.md section "${lines[start]}" is empty`);
  return `${body}\n`;
}

function git(args, cwd) {
  return execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
}

/** The commands a release runs, in order; `run` executes them unless dry. */
export function publish({ tag, cwd = process.cwd(), dryRun = false, log = console.log }) {
  const major = majorTag(tag);
  const tagCommit = git(["rev-parse", `${tag}^{commit}`], cwd);
  const head = git(["rev-parse", "HEAD"], cwd);
  if (tagCommit !== head)
    throw new ReleaseError(
      `HEAD is ${head.slice(0, 7)}, not ${tag} (${tagCommit.slice(0, 7)}): check out the tag first`,
    );
  const notes = releaseNotes(readFileSync(path.join(cwd, "CHANGELOG.md"), "utf8"), tag);
  const notesFile = path.join(tmpdir(), `release-notes-${tag}.md`);
  writeFileSync(notesFile, notes);
  const steps = [
    ["gh", ["release", "edit", tag, "--notes-file", notesFile]],
    ["git", ["tag", "--force", major, `${tag}^{commit}`]],
    ["git", ["push", "--force", "origin", `refs/tags/${major}`]],
  ];
  for (const [command, args] of steps) {
    log(`${dryRun ? "would run" : "run"}: ${command} ${args.join(" ")}`);
    if (!dryRun) execFileSync(command, args, { cwd, stdio: "inherit" });
  }
  log(
    `${tag}: release notes from CHANGELOG.md (${notes.split("\n").length - 1} lines); ${major} → ${tagCommit.slice(0, 7)}`,
  );
  return { major, notes, steps };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, tag = ""] = process.argv.slice(2);
  try {
    if (command === "notes") process.stdout.write(releaseNotes(readFileSync("CHANGELOG.md", "utf8"), tag));
    else if (command === "publish") publish({ tag, dryRun: process.argv.includes("--dry-run") });
    else throw new ReleaseError("usage: node scripts/release.mjs notes|publish vX.Y.Z [--dry-run]");
  } catch (error) {
    if (!(error instanceof ReleaseError)) throw error;
    console.log(`::error::${error.message}`);
    process.exitCode = 1;
  }
}
