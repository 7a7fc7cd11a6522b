/**
 * incident-label-metrics benchmark (run with `pnpm bench -- incident-label-metrics`):
 * 5,000 merged PRs over one year on the GitHub fake with 100 ms latency per request.
 * Ours: the action's report run, wired by its own productionDeps (production Octokit: retries, rate-limit
 * handling), GraphQL date-range searches whose pages travel 8 to a request, only the fields used; run
 * RUNS times, median and p90 of the wall time.
 * Baseline: what marketplace DORA actions do, REST `pulls.list` pages then one `pulls.listCommits`
 * per PR for its first commit (a lower bound: they often fetch reviews and the PR too). At 100 ms a
 * request the baseline would take minutes, so it runs on a 300-PR sample and is extrapolated linearly.
 * The fake runs in a child process, so the peak RSS is the client's alone. Requests are counted on the
 * client (retries included).
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { MemoryLogger } from "@sre-actions/core";
import { createOctokit } from "@sre-actions/core/github";
import { VirtualClock } from "@sre-actions/testkit";
import { GitHubFake } from "@sre-actions/testkit/github";
import { execute } from "../src/execute.js";
import { depsFor, inputsOf } from "../test/fixtures/scenario.js";

const PULLS = 5000;
const SAMPLE = 300;
const RUNS = 5;
const LATENCY_MS = 100;
const DAY = 86_400_000;
const NOW = Date.parse("2026-11-25T00:00:00Z");
const owner = "acme";
const repo = "shop";

/** In the child: seed the fake, print its URL and token, serve until killed. */
async function serve(): Promise<void> {
  const github = await seededFake();
  process.stdout.write(`${JSON.stringify({ url: github.url, token: github.token })}\n`);
}

/** In the parent: start the child and read where the fake listens. */
async function startChild(): Promise<{ url: string; token: string; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", import.meta.filename, "--serve"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    if (!line.startsWith("{")) continue;
    const { url, token } = JSON.parse(line) as { url: string; token: string };
    return { url, token, stop: () => child.kill() };
  }
  throw new Error("the fake's child process exited before listening");
}

async function seededFake(): Promise<GitHubFake> {
  const github = await new GitHubFake({ clock: new VirtualClock(NOW), latencyMs: LATENCY_MS }).start();
  github.seedRepository({ owner, name: repo, createdAt: NOW - 400 * DAY });
  const intervalMs = Math.floor((364 * DAY) / PULLS);
  github.seedPullRequests(PULLS, {
    owner,
    repo,
    start: NOW - 364 * DAY - 3 * 3_600_000,
    intervalMs,
    overrides: (index) =>
      index % 50 === 49 ? { labels: ["incident"], body: `Caused-by: #${index - 3}`, commits: 2 } : { commits: 2 },
  });
  return github;
}

/** Runs `fn`, sampling RSS every 10 ms; returns wall time and the peak. */
async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakRss: number }> {
  globalThis.gc?.();
  let peakRss = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 10);
  const started = performance.now();
  try {
    const value = await fn();
    return { value, ms: performance.now() - started, peakRss: Math.max(peakRss, process.memoryUsage.rss()) };
  } finally {
    clearInterval(timer);
  }
}

interface Target {
  url: string;
  token: string;
}

/** The action as it runs in production: its own composition root, the fake's endpoint in the environment. */
async function ours(github: Target) {
  const inputs = inputsOf({ "github-token": github.token, repository: `${owner}/${repo}`, window: "365d" });
  const deps = depsFor(inputs, { url: github.url, clock: { now: () => NOW, sleep: async () => {} } });
  const { value, ms, peakRss } = await measure(() => execute(inputs, deps));
  return {
    requests: deps.github.usage.graphqlRequests + deps.github.usage.restRequests,
    ms,
    peakRss,
    deployments: value.result.report?.combined.deployments.length ?? 0,
    points: deps.github.usage.graphqlPoints,
  };
}

async function baseline(github: Target, sample: number) {
  const octokit = createOctokit({ token: github.token, log: new MemoryLogger(), baseUrl: github.url });
  let requests = 0;
  octokit.hook.before("request", () => {
    requests += 1;
  });
  const { value, ms, peakRss } = await measure(async () => {
    const firstCommits = new Map<number, string>();
    for await (const page of octokit.paginate.iterator(octokit.rest.pulls.list, {
      owner,
      repo,
      state: "closed",
      base: "main",
      sort: "updated",
      direction: "desc",
      per_page: 100,
    })) {
      for (const pull of page.data) {
        if (firstCommits.size >= sample) break;
        if (pull.merged_at === null) continue;
        const { data: commits } = await octokit.rest.pulls.listCommits({ owner, repo, pull_number: pull.number });
        firstCommits.set(pull.number, commits[0]?.commit.author?.date ?? "");
      }
      if (firstCommits.size >= sample) break;
    }
    return firstCommits.size;
  });
  return { requests, ms, peakRss, pulls: value };
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

if (process.argv.includes("--serve")) {
  await serve();
} else {
  await report();
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = sorted[Math.floor(rank)] ?? 0;
  const high = sorted[Math.ceil(rank)] ?? low;
  return low + (high - low) * (rank - Math.floor(rank));
}

async function report(): Promise<void> {
  globalThis.gc?.();
  const idleRss = process.memoryUsage.rss();
  const github = await startChild();
  const runs = [];
  for (let run = 0; run < RUNS; run += 1) runs.push(await ours(github));
  const sampled = await baseline(github, SAMPLE);
  github.stop();

  const [mine] = runs as [Awaited<ReturnType<typeof ours>>];
  const wall = runs.map((run) => run.ms);
  const median = percentile(wall, 50);
  const scale = PULLS / sampled.pulls;
  const extrapolatedRequests = Math.ceil(PULLS / 100) + PULLS;
  const extrapolatedMs = sampled.ms * scale;
  console.log(
    `${PULLS.toLocaleString("en-US")} merged PRs over one year, ${LATENCY_MS} ms latency per request (GitHub fake), Node ${process.version}\n`,
  );
  console.log("| Run | Requests | Wall time (median · p90) | Peak RSS |");
  console.log("| --- | ---: | ---: | ---: |");
  console.log(
    `| **ours**: GraphQL report, ${mine.deployments.toLocaleString("en-US")} PRs (${mine.points} rate-limit points), ${RUNS} runs | ${mine.requests} | ${seconds(median)} · ${seconds(percentile(wall, 90))} | ${mb(Math.max(...runs.map((run) => run.peakRss)))} |`,
  );
  console.log(
    `| baseline: REST list + per-PR commits, ${sampled.pulls}-PR sample (measured once) | ${sampled.requests} | ${seconds(sampled.ms)} | ${mb(sampled.peakRss)} |`,
  );
  console.log(
    `| baseline extrapolated ×${scale.toFixed(1)} to ${PULLS.toLocaleString("en-US")} PRs (linear) | ${extrapolatedRequests.toLocaleString("en-US")} | ${seconds(extrapolatedMs)} | – |`,
  );
  console.log(
    `| ratio (baseline extrapolated / ours, median) | ${(extrapolatedRequests / mine.requests).toFixed(0)}× | ${(extrapolatedMs / median).toFixed(0)}× | – |`,
  );
  console.log(
    `\nPeak RSS is the client process (the fake runs in a child); ${mb(idleRss)} of it is Node, tsx and the loaded modules before any run. Command: \`node scripts/bench.mjs incident\`.`,
  );
}
