import { DatadogClient } from "@sre-actions/core/datadog";
import { inputErrorOf, VirtualClock } from "@sre-actions/testkit";
import { DATADOG_FAKE_API_KEY, DatadogFake } from "@sre-actions/testkit/datadog";
import type { GitHubFake } from "@sre-actions/testkit/github";
import { afterEach, describe, expect, it } from "vitest";
import { severityOf } from "../src/datadog.js";
import { execute } from "../src/main.js";
import {
  DAY,
  fakeDeps,
  HOUR,
  inputsOf,
  NOW,
  OWNER,
  REPO,
  type ScenarioOptions,
  startGitHub,
} from "./fixtures/scenario.js";

let github: GitHubFake | undefined;
let datadog: DatadogFake | undefined;
afterEach(async () => {
  await github?.stop();
  await datadog?.stop();
  github = undefined;
  datadog = undefined;
});

const repo = { owner: OWNER, repo: REPO };

/** `execute` against the GitHub fake, with the Datadog client pointed at the Datadog fake. */
async function runWithDatadog(values: Record<string, string>, options: ScenarioOptions = {}) {
  if (github === undefined || datadog === undefined) throw new Error("start the fakes first");
  const deps = fakeDeps(github, options);
  const client = new DatadogClient({
    apiKey: DATADOG_FAKE_API_KEY,
    site: "datadoghq.com",
    baseUrl: datadog.url,
    sleep: async () => {},
  });
  const all = {
    "github-token": github.token,
    repository: `${OWNER}/${REPO}`,
    "output-dir": deps.tempDir,
    "datadog-api-key": DATADOG_FAKE_API_KEY,
    ...values,
  };
  const execution = await execute(inputsOf(all), { ...deps, datadog: client });
  return { ...execution, log: deps.log };
}

async function startFakes() {
  github = await startGitHub();
  datadog = await new DatadogFake({ clock: new VirtualClock(NOW) }).start();
}

describe("incident mode → Datadog failure events", () => {
  it("sends the merged incident as one failure event with start, restore, severity and SHA", async () => {
    await startFakes();
    github?.seedPullRequest({ ...repo, number: 1, createdAt: NOW - 3 * DAY, mergedAt: NOW - 3 * DAY + HOUR });
    github?.seedPullRequest({
      ...repo,
      number: 2,
      title: "Fix checkout 500s",
      createdAt: NOW - 2 * DAY,
      mergedAt: NOW - 2 * DAY + 2 * HOUR,
      labels: ["incident", "SEV2"],
      body: "Incident-Start: 2026-11-23T09:00:00+09:00\nCaused-by: #1",
    });
    const first = await runWithDatadog({}, { eventName: "pull_request", pullRequestNumber: 2 });
    expect(first.result.datadog).toEqual({ sent: 1, failed: 0, tooOld: 0 });
    const [failure] = datadog?.failures() ?? [];
    const start = Date.parse("2026-11-23T00:00:00Z");
    expect(failure?.attributes).toMatchObject({
      id: "incident-label-metrics:acme-shop:pr-2",
      services: ["shop"],
      name: "Fix checkout 500s",
      severity: "SEV-2",
      started_at: start * 1e6,
      finished_at: (start + 2 * HOUR) * 1e6,
      git: { repository_url: "https://github.com/acme/shop" },
    });
    expect(failure?.attributes.git?.commit_sha).toMatch(/^[0-9a-f]{40}$/);

    // The workflow runs again (labeled, then closed): Datadog still has one event for the incident.
    await runWithDatadog({ "datadog-services": "kanna-api" }, { eventName: "pull_request", pullRequestNumber: 2 });
    expect(datadog?.failures()).toHaveLength(1);
    expect(datadog?.failures()[0]).toMatchObject({ submissions: 2, attributes: { services: ["kanna-api"] } });
  });

  it("sends nothing for an incident PR that is not merged yet", async () => {
    await startFakes();
    github?.seedPullRequest({ ...repo, number: 3, createdAt: NOW - HOUR, labels: ["incident"] });
    const { result } = await runWithDatadog({}, { eventName: "pull_request", pullRequestNumber: 3 });
    expect(result.datadog).toBeUndefined();
    expect(datadog?.requests).toEqual([]);
  });

  it("treats a Datadog outage as a warning", async () => {
    await startFakes();
    datadog?.outage({ status: 500 });
    github?.seedPullRequest({ ...repo, number: 1, createdAt: NOW - 3 * DAY, mergedAt: NOW - 3 * DAY + HOUR });
    github?.seedPullRequest({
      ...repo,
      number: 2,
      createdAt: NOW - 2 * DAY,
      mergedAt: NOW - 2 * DAY + HOUR,
      labels: ["incident"],
    });
    const run = await runWithDatadog({}, { eventName: "pull_request", pullRequestNumber: 2 });
    expect(run.failure).toBeUndefined();
    expect(run.result.incident?.comment?.action).toBe("created");
    expect(run.result.datadog).toEqual({ sent: 0, failed: 1, tooOld: 0 });
    expect(run.log.text("warning")).toContain("Datadog did not take 1 of 1 DORA event(s) (the run is not affected)");
  });
});

describe("report mode → datadog-backfill", () => {
  it("sends the window's deployments and incidents once, idempotently, skipping what is past retention", async () => {
    await startFakes();
    github?.seedPullRequests(4, { ...repo, start: NOW - 10 * DAY, intervalMs: DAY });
    github?.seedPullRequest({
      ...repo,
      number: 900,
      createdAt: NOW - 2 * DAY,
      mergedAt: NOW - 2 * DAY + 3 * HOUR,
      labels: ["incident", "sev1"],
    });
    // Merged 800 days ago: inside the report window, past DORA Metrics' two-year retention.
    github?.seedPullRequest({ ...repo, number: 901, createdAt: NOW - 801 * DAY, mergedAt: NOW - 800 * DAY });
    const values = {
      mode: "report",
      "datadog-backfill": "true",
      "datadog-services": "api, worker",
      since: "2024-08-01",
      until: "2026-11-25",
      comment: "false",
    };
    const first = await runWithDatadog(values);
    expect(first.result.datadog).toEqual({ sent: 11, failed: 0, tooOld: 2 });
    expect(datadog?.deployments()).toHaveLength(10);
    expect(new Set(datadog?.deployments().map((event) => event.attributes.service))).toEqual(
      new Set(["api", "worker"]),
    );
    expect(datadog?.failures()).toMatchObject([{ attributes: { severity: "SEV-1", services: ["api", "worker"] } }]);

    await runWithDatadog(values);
    expect(datadog?.deployments()).toHaveLength(10);
    expect(datadog?.failures()).toHaveLength(1);
    expect(datadog?.deployments().every((event) => event.submissions === 2)).toBe(true);
  });

  it("does not backfill unless asked", async () => {
    await startFakes();
    github?.seedPullRequests(2, { ...repo, start: NOW - 5 * DAY, intervalMs: DAY });
    const { result } = await runWithDatadog({ mode: "report" });
    expect(result.datadog).toBeUndefined();
    expect(datadog?.requests).toEqual([]);
  });
});

describe("Datadog inputs", () => {
  it("needs the API key for the other Datadog inputs", () => {
    const base = { "github-token": "t", repository: "acme/shop" };
    expect(inputErrorOf(() => inputsOf({ ...base, "datadog-backfill": "true" })).message).toContain(
      '"datadog-backfill" is set but datadog-api-key is not',
    );
    expect(inputErrorOf(() => inputsOf({ ...base, "datadog-api-key": "k", "datadog-site": "eu" })).message).toContain(
      "must be one of datadoghq.com",
    );
    expect(inputsOf({ ...base, "datadog-backfill": "false" }).datadog.backfill).toBe(false);
  });

  it("reads sev1…sev4 labels", () => {
    expect(severityOf(["incident", "sev3"])).toBe("SEV-3");
    expect(severityOf(["Sev-4"])).toBe("SEV-4");
    expect(severityOf(["sev5", "incident"])).toBeUndefined();
  });
});
