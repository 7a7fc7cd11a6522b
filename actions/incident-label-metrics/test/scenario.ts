import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Inputs, MemoryLogger } from "@sre-actions/core";
import { createOctokit } from "@sre-actions/core/github";
import { VirtualClock } from "@sre-actions/testkit";
import { GitHubFake } from "@sre-actions/testkit/github";
import { GitHubApi } from "../src/api.js";
import { parseInputs } from "../src/inputs.js";
import { type RunResult, run } from "../src/run.js";

export const OWNER = "acme";
export const REPO = "shop";
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** The fakes' virtual now (VirtualClock's default). */
export const NOW = Date.parse("2026-11-25T00:00:00Z");

export async function startGitHub(options: { latencyMs?: number } = {}): Promise<GitHubFake> {
  const clock = new VirtualClock(NOW);
  const github = await new GitHubFake({ clock, ...options }).start();
  github.seedRepository({ owner: OWNER, name: REPO, createdAt: NOW - 400 * DAY });
  return github;
}

export interface Scenario {
  result: RunResult;
  log: MemoryLogger;
  api: GitHubApi;
}

/** Runs the action's logic with real Octokit over HTTP against the fake. */
export async function runMetrics(
  github: GitHubFake,
  values: Record<string, string> = {},
  options: { eventName?: string; pullRequestNumber?: number; throttle?: boolean } = {},
): Promise<Scenario> {
  const outputDir = mkdtempSync(path.join(tmpdir(), "ilm-"));
  const all: Record<string, string> = {
    "github-token": github.token,
    repository: `${OWNER}/${REPO}`,
    "output-dir": outputDir,
    ...values,
  };
  const inputs = parseInputs(new Inputs((name) => all[name]), {
    eventName: options.eventName ?? "schedule",
    repository: `${OWNER}/${REPO}`,
    runnerTemp: outputDir,
    now: github.clock.now(),
  });
  const log = new MemoryLogger();
  const octokit = createOctokit({
    token: inputs.githubToken,
    log,
    baseUrl: github.url,
    ...(options.throttle === true ? {} : { throttle: { enabled: false } }),
  });
  const api = new GitHubApi(octokit);
  const result = await run(inputs, { api, log, now: github.clock.now(), pullRequestNumber: options.pullRequestNumber });
  return { result, log, api };
}

export const at = (iso: string) => Date.parse(iso);
