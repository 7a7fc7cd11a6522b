/**
 * The recipe for a stand-in of the official aws-actions/amazon-ecs-deploy-task-definition (v2.6.x)
 * bundle, built at bench time into a temporary folder; nothing of it is committed but this recipe.
 *
 * Why a stand-in: the official bundle is not on npm, nothing may be downloaded at run time and its
 * source must not be copied here. What decides its cold start is what it does before it reads an
 * input, and that is small and public: its index.js `require`s, at module top and in this order,
 * `@actions/core`, `@aws-sdk/client-codedeploy` (CodeDeploy, waitUntilDeploymentSuccessful),
 * `@aws-sdk/client-ecs` (ECS, waitUntilServicesStable, waitUntilTasksStopped) and `yaml` (plus Node's
 * path/fs/crypto); `run()` then constructs the aggregated `ECS` and `CodeDeploy` clients and only then
 * reads `task-definition` (required), failing through `core.setFailed`. Its package script is a plain
 * `ncc build index.js -o dist`: CommonJS, not minified, no source-map register.
 *
 * The stand-in does exactly that with the repository's own pins of the same packages (client-ecs
 * 3.1164.0, client-codedeploy 3.1133.0, yaml 2.9.1) and `@actions/core` 2.0.3, the last CommonJS
 * release (3.x is ESM-only, which a CommonJS `require` build does not take), bundled by the ncc the
 * actions use (0.45.0). The code below is written for this bench from that description.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

const testkit = path.resolve(import.meta.dirname, "..");
const root = path.resolve(testkit, "../..");

/** The installed folder of a dependency of a workspace package (`alias` as its package.json names it). */
function installed(workspaceDir: string, alias: string): string {
  return realpathSync(path.join(workspaceDir, "node_modules", alias));
}

/** name in the stand-in's require() → the package installed for it. */
const PACKAGES: Record<string, string> = {
  "@actions/core": installed(testkit, "@actions/core-cjs"),
  "@aws-sdk/client-codedeploy": installed(testkit, "@aws-sdk/client-codedeploy"),
  "@aws-sdk/client-ecs": installed(testkit, "@aws-sdk/client-ecs"),
  yaml: installed(testkit, "yaml"),
};

const STAND_IN = `// Stand-in for the official action's start (see packages/testkit/bench/official-stand-in.ts).
const path = require("path");
const core = require("@actions/core");
const { CodeDeploy, waitUntilDeploymentSuccessful } = require("@aws-sdk/client-codedeploy");
const { ECS, waitUntilServicesStable, waitUntilTasksStopped } = require("@aws-sdk/client-ecs");
const yaml = require("yaml");
const fs = require("fs");
const crypto = require("crypto");

async function run() {
  try {
    const userAgent = { customUserAgent: "stand-in-for-amazon-ecs-deploy-task-definition" };
    const ecs = new ECS(userAgent);
    const codedeploy = new CodeDeploy(userAgent);
    const taskDefinition = core.getInput("task-definition", { required: true });
    // (the official action registers the task definition here; the stand-in never gets this far)
    core.info(JSON.stringify({ ecs: typeof ecs, codedeploy: typeof codedeploy, taskDefinition }));
  } catch (error) {
    core.setFailed(error.message);
    core.debug(error.stack);
  }
}

run();
`;

/** An ESM file that loads only @actions/core 3 (the version packages/core bundles), reads a required input and fails. */
const CORE_ONLY = `import * as core from "@actions/core";
try {
  core.getInput("task-definition", { required: true });
} catch (error) {
  core.setFailed(error.message);
}
`;

function ncc(dir: string, args: string[]): void {
  const cli = path.join(installed(root, "@vercel/ncc"), "dist", "ncc", "cli.js");
  const built = spawnSync(process.execPath, [cli, "build", "index.js", "-o", "dist", ...args], {
    cwd: dir,
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`ncc failed in ${dir}:\n${built.stderr}${built.stdout}`);
}

function link(dir: string, name: string, target: string): void {
  const at = path.join(dir, "node_modules", name);
  mkdirSync(path.dirname(at), { recursive: true });
  symlinkSync(target, at, "dir");
}

/** Builds the stand-in in `parent`; returns the path of its dist/index.js. */
export function buildOfficialStandIn(parent: string): string {
  const dir = path.join(parent, "official-stand-in");
  mkdirSync(dir);
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "official-stand-in", private: true }));
  writeFileSync(path.join(dir, "index.js"), STAND_IN);
  for (const [name, target] of Object.entries(PACKAGES)) link(dir, name, target);
  ncc(dir, []);
  return path.join(dir, "dist", "index.js");
}

/**
 * Builds the floor every action here shares: @actions/core 3 alone (getInput, setFailed), bundled
 * and minified as the actions are, in `parent`. Returns the path of its dist/index.js.
 */
export function buildCoreOnly(parent: string): string {
  const dir = path.join(parent, "actions-core-only");
  mkdirSync(dir);
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "actions-core-only", type: "module" }));
  writeFileSync(path.join(dir, "index.js"), CORE_ONLY);
  link(dir, "@actions/core", installed(path.join(root, "packages/core"), "@actions/core"));
  ncc(dir, ["--minify", "--target", "es2023"]);
  return path.join(dir, "dist", "index.js");
}
