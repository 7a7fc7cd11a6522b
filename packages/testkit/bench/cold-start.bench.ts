/**
 * Cold start of the four bundled actions beside the official amazon-ecs-deploy-task-definition
 * (`pnpm bench -- cold-start`). Every run is one `node dist/index.js` as the runner starts it, with no
 * inputs, so it stops at input validation: the time a user waits to learn of a mistake, and the
 * fixed cost every run pays before its first API call. In the same run: `node -e 0` (the baseline),
 * a stand-in for the official bundle (official-stand-in.ts says how it is built and why), and
 * @actions/core 3 alone (the floor every action here shares). Runs are interleaved (one of each per
 * round, the order rotating every round), under Node 24 (the runner's node24) and the Node running
 * the bench; median and p90 of wall time per command. Each run's exit code and `::error::` line
 * are checked, so a bundle that failed for another reason would stop the bench, not count.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { node24Unavailable, nodeBinary } from "../src/harness/node-binary.js";
import { buildCoreOnly, buildOfficialStandIn } from "./official-stand-in.js";

const ROUNDS = Number(process.env["BENCH_COLD_ROUNDS"] ?? 30);
const root = path.resolve(import.meta.dirname, "../../..");
const ACTIONS = ["ecs-deploy", "fargate-spot-toggle", "incident-label-metrics", "notion-env-status"] as const;

interface Command {
  label: string;
  args: string[];
  /** Exit code and a line the run must print: anything else means it stopped for another reason. */
  expect: { status: number; line?: RegExp };
  /** JavaScript the command parses before it reads an input, and the chunks it loads only later. */
  loads?: string;
}

/** The entry file (and the source-map register it imports) parsed before the inputs, and the lazy chunks. */
function loadedBeforeInputs(entry: string): string {
  const dir = path.dirname(entry);
  const source = readFileSync(entry, "utf8");
  const register = source.startsWith("import './sourcemap-register.cjs'")
    ? statSync(path.join(dir, "sourcemap-register.cjs")).size
    : 0;
  const chunks = readdirSync(dir).filter((file) => /^\d+\.index\.js$/.test(file));
  const kib = (statSync(entry).size + register) / 1024;
  return `${kib.toFixed(0)} KiB${chunks.length > 0 ? ` (+ ${chunks.length} chunks on demand)` : ""}`;
}

function commands(work: string): Command[] {
  const standIn = buildOfficialStandIn(work);
  const coreOnly = buildCoreOnly(work);
  return [
    { label: "`node -e 0` (baseline)", args: ["-e", "0"], expect: { status: 0 } },
    {
      label: "@actions/core 3 alone (getInput, setFailed)",
      args: [coreOnly],
      expect: { status: 1, line: /^::error::Input required and not supplied: task-definition$/m },
      loads: loadedBeforeInputs(coreOnly),
    },
    {
      label: "official amazon-ecs-deploy-task-definition (stand-in)",
      args: [standIn],
      expect: { status: 1, line: /^::error::Input required and not supplied: task-definition$/m },
      loads: loadedBeforeInputs(standIn),
    },
    ...ACTIONS.map((name) => {
      const bundle = path.join(root, "actions", name, "dist", "index.js");
      return {
        label: name,
        args: [bundle],
        expect: { status: 1, line: /^::error::Input "[a-z-]+" is required/m },
        loads: loadedBeforeInputs(bundle),
      };
    }),
  ];
}

function runOnce(node: string, command: Command, cwd: string): number {
  const started = performance.now();
  const run = spawnSync(node, command.args, {
    cwd,
    encoding: "utf8",
    // The same small runner-like environment for every command; no INPUT_* at all.
    env: { PATH: process.env["PATH"] ?? "", RUNNER_TEMP: cwd, GITHUB_WORKSPACE: cwd },
  });
  const elapsed = performance.now() - started;
  const { status, line } = command.expect;
  if (run.status !== status || (line !== undefined && !line.test(run.stdout))) {
    throw new Error(
      `${command.label} under ${node}: expected exit ${status}${line ? ` and ${line}` : ""}, got exit ${run.status}:\n${run.stdout}${run.stderr}`,
    );
  }
  return elapsed;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

interface Figures {
  median: number;
  p90: number;
}

function measure(node: string, list: Command[], cwd: string): Figures[] {
  const samples = list.map(() => [] as number[]);
  for (const command of list) runOnce(node, command, cwd); // warm the file cache once
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let step = 0; step < list.length; step += 1) {
      const index = (round + step) % list.length;
      const command = list[index] as Command;
      samples[index]?.push(runOnce(node, command, cwd));
    }
  }
  return samples.map((values) => ({ median: quantile(values, 0.5), p90: quantile(values, 0.9) }));
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

function table(version: string, list: Command[], figures: Figures[]): void {
  const baseline = figures[0]?.median ?? 0;
  const official = figures[2]?.median ?? 0;
  console.log(`\n### Cold start to an input error, Node ${version} (${ROUNDS} interleaved runs each)\n`);
  console.log("| command | median | p90 | minus `node -e 0` | vs official | parsed before the inputs are read |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const [index, command] of list.entries()) {
    const { median, p90 } = figures[index] as Figures;
    const above = index === 0 ? "" : ms(median - baseline);
    const ratio = index < 2 ? "" : `${((median - baseline) / (official - baseline)).toFixed(2)}×`;
    console.log(`| ${command.label} | ${ms(median)} | ${ms(p90)} | ${above} | ${ratio} | ${command.loads ?? ""} |`);
  }
}

const nodes = [process.execPath];
if (node24Unavailable() === undefined) nodes.unshift(nodeBinary("24"));
// The stand-in, the floor and every run's working directory live in one folder, removed at the end.
const work = mkdtempSync(path.join(tmpdir(), "cold-start-"));
try {
  const list = commands(work);
  const results = nodes.map((node) => ({ node, figures: measure(node, list, work) }));
  for (const { node, figures } of results) {
    table(spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim().replace(/^v/, ""), list, figures);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(
  "\n\"vs official\": time above the baseline, as a share of the stand-in's. The stand-in is built from the official action's dependency set and import order (packages/testkit/bench/official-stand-in.ts), not its bundle.",
);
