import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inputErrorOf, VirtualClock } from "@sre-actions/testkit";
import { DATADOG_FAKE_API_KEY, DATADOG_FAKE_APP_KEY, DatadogFake } from "@sre-actions/testkit/datadog";
import type { GitHubFake } from "@sre-actions/testkit/github";
import { afterEach, describe, expect, it } from "vitest";
import { severityOf } from "../src/datadog.js";
import { execute } from "../src/execute.js";
import {
  DAY,
  depsFor,
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

/** The action against the GitHub fake, DATADOG_API_URL pointing at the Datadog fake (both keys set). */
async function runWithDatadog(values: Record<string, string>, options: ScenarioOptions = {}) {
  if (github === undefined || datadog === undefined) throw new Error("start the fakes first");
  const tempDir = mkdtempSync(path.join(tmpdir(), "ilm-dd-"));
  const inputs = inputsOf({
    "github-token": github.token,
    repository: `${OWNER}/${REPO}`,
    "output-dir": tempDir,
    "datadog-api-key": DATADOG_FAKE_API_KEY,
    "datadog-app-key": DATADOG_FAKE_APP_KEY,
    ...values,
  });
  const deps = depsFor(inputs, github, { ...options, datadog }, tempDir);
  const execution = await execute(inputs, deps);
  return { ...execution, log: deps.log };
}

async function startFakes() {
  github = await startGitHub();
  datadog = await new DatadogFake({ clock: new VirtualClock(NOW) }).start();
}

const NO_DATADOG = { sent: 0, failed: 0, tooOld: 0, marked: 0, unmarked: 0, unmarkable: 0 };

/** #1 ships at its merge; #2, labelled incident and SEV2, names #1 as its culprit and ships 2 h later. */
function seedIncident(fake: GitHubFake) {
  fake.seedPullRequest({ ...repo, number: 1, createdAt: NOW - 3 * DAY, mergedAt: NOW - 3 * DAY + HOUR });
  fake.seedPullRequest({
    ...repo,
    number: 2,
    title: "Fix checkout 500s",
    createdAt: NOW - 2 * DAY,
    mergedAt: NOW - 2 * DAY + 2 * HOUR,
    labels: ["incident", "SEV2"],
    body: "Incident-Start: 2026-11-23T09:00:00+09:00\nCaused-by: #1",
  });
}

const eventId = (deployment: string, service = "shop") => `incident-label-metrics:acme-shop:${deployment}:${service}`;

describe("incident mode → Datadog", () => {
  it("sends the merged incident as one failure event with start, restore, severity and SHA", async () => {
    await startFakes();
    if (github === undefined) return;
    seedIncident(github);
    const first = await runWithDatadog({}, { eventName: "pull_request", pullRequestNumber: 2 });
    expect(first.result.datadog).toMatchObject({ sent: 1, failed: 0, tooOld: 0 });
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

  it("marks the culprit's deployment event failed by id, with the fix as its rollforward remediation", async () => {
    await startFakes();
    if (github === undefined) return;
    seedIncident(github);
    // The weekly report job backfilled the deployments (ids of this action's own events).
    const backfill = await runWithDatadog({ mode: "report", "datadog-backfill": "true" });
    expect(backfill.result.datadog).toMatchObject({ marked: 1 });
    const incident = await runWithDatadog({}, { eventName: "pull_request", pullRequestNumber: 2 });
    expect(incident.result.datadog).toMatchObject({ marked: 1, unmarked: 0 });
    const marked = datadog?.deployments().filter((record) => record.changeFailure === true);
    expect(marked?.map((record) => [record.id, record.remediation])).toEqual([
      [eventId("pr-1"), { id: eventId("pr-2"), type: "rollforward" }],
    ]);
    const patches = datadog?.requests.filter((request) => request.method === "PATCH") ?? [];
    expect(patches.map((request) => [decodeURIComponent(request.path), request.status])).toEqual([
      [`/api/v2/dora/deployments/${eventId("pr-1")}`, 202],
      [`/api/v2/dora/deployments/${eventId("pr-1")}`, 202],
    ]);
    expect(incident.summary).toContain("Datadog DORA Metrics: 1 event(s) sent; 1 deployment event(s) marked failed.");
  });

  it("marks by service, env and version when the deployment events came from elsewhere (ecs-deploy, APM)", async () => {
    await startFakes();
    if (github === undefined || datadog === undefined) return;
    const one = github.seedPullRequest({
      ...repo,
      number: 1,
      createdAt: NOW - 4 * DAY,
      mergedAt: NOW - 4 * DAY + HOUR,
    });
    const two = github.seedPullRequest({
      ...repo,
      number: 2,
      createdAt: NOW - 3 * DAY,
      mergedAt: NOW - 3 * DAY + HOUR,
    });
    const fix = github.seedPullRequest({
      ...repo,
      number: 3,
      createdAt: NOW - 2 * DAY,
      mergedAt: NOW - 2 * DAY + HOUR,
      labels: ["incident"],
      body: "Caused-by: #2",
    });
    // Production goes 1 → 2 → back to 1 (a rollback), then the fix.
    const deployed = [
      [one, NOW - 4 * DAY + 2 * HOUR],
      [two, NOW - 3 * DAY + 2 * HOUR],
      [one, NOW - 3 * DAY + 3 * HOUR],
      [fix, NOW - 2 * DAY + 2 * HOUR],
    ] as const;
    for (const [pull, at] of deployed) {
      const sha = pull.mergeCommitOid ?? "";
      github.seedDeployment({
        ...repo,
        ref: sha,
        environment: "production",
        createdAt: at,
        statuses: [{ state: "success", createdAt: at }],
      });
      // What a deploy tool sent to Datadog: its own ids, the same service, env and version (the commit).
      await fetch(`${datadog.url}/api/v2/dora/deployment`, {
        method: "POST",
        headers: { "dd-api-key": DATADOG_FAKE_API_KEY, "content-type": "application/json" },
        body: JSON.stringify({
          data: {
            attributes: {
              id: `deploy-tool:run-${at}`,
              service: "shop",
              env: "production",
              version: sha.slice(0, 12),
              started_at: at * 1e6,
              finished_at: at * 1e6,
            },
          },
        }),
      });
    }
    const { result } = await runWithDatadog(
      { "deployment-source": "deployments" },
      { eventName: "pull_request", pullRequestNumber: 3 },
    );
    expect(result.datadog).toMatchObject({ marked: 1, unmarked: 0 });
    expect(
      datadog
        .deployments()
        .filter((record) => record.changeFailure)
        .map((record) => [record.id, record.remediation]),
    ).toEqual([
      [
        `deploy-tool:run-${NOW - 3 * DAY + 2 * HOUR}`,
        { version: (one.mergeCommitOid ?? "").slice(0, 12), type: "rollback" },
      ],
    ]);
    const patches = datadog.requests.filter((request) => request.method === "PATCH");
    expect(patches.map((request) => [request.path, request.status])).toEqual([
      [expect.stringMatching(/^\/api\/v2\/dora\/deployments\/incident-label-metrics/), 404],
      ["/api/v2/dora/deployments", 202],
    ]);
  });

  it("without datadog-app-key sends the events, marks nothing, and says why", async () => {
    await startFakes();
    if (github === undefined) return;
    seedIncident(github);
    const run = await runWithDatadog({ "datadog-app-key": "" }, { eventName: "pull_request", pullRequestNumber: 2 });
    expect(run.result.datadog).toEqual({ ...NO_DATADOG, sent: 1, unmarkable: 1 });
    expect(run.log.text("warning")).toContain(
      "marking needs datadog-app-key (an application key with dora_metrics_write)",
    );
    expect(datadog?.requests.filter((request) => request.method === "PATCH")).toEqual([]);
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
    if (github === undefined) return;
    datadog?.outage({ status: 500 });
    seedIncident(github);
    const run = await runWithDatadog({}, { eventName: "pull_request", pullRequestNumber: 2 });
    expect(run.failure).toBeUndefined();
    expect(run.result.incident?.comment?.action).toBe("created");
    expect(run.result.datadog).toEqual({ ...NO_DATADOG, failed: 1, unmarked: 1 });
    expect(run.log.text("warning")).toContain("Datadog did not take 1 of 1 DORA event(s) (the run is not affected)");
    expect(run.log.text("warning")).toContain(
      "Datadog could not mark 1 deployment(s) failed (the run is not affected)",
    );
  });
});

describe("report mode → datadog-backfill", () => {
  it("sends the window's deployments and incidents once, marks the failed ones, skips what is past retention", async () => {
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
    // The incident's culprit is the last deployment before it was opened (#4), marked once per service.
    expect(first.result.datadog).toEqual({ ...NO_DATADOG, sent: 11, tooOld: 2, marked: 2 });
    expect(datadog?.deployments()).toHaveLength(10);
    expect(new Set(datadog?.deployments().map((event) => event.attributes.service))).toEqual(
      new Set(["api", "worker"]),
    );
    expect(datadog?.failures()).toMatchObject([{ attributes: { severity: "SEV-1", services: ["api", "worker"] } }]);
    expect(
      datadog
        ?.deployments()
        .filter((record) => record.changeFailure)
        .map((record) => [record.id, record.remediation]),
    ).toEqual([
      [eventId("pr-4", "api"), { id: eventId("pr-900", "api"), type: "rollforward" }],
      [eventId("pr-4", "worker"), { id: eventId("pr-900", "worker"), type: "rollforward" }],
    ]);

    await runWithDatadog(values);
    expect(datadog?.deployments()).toHaveLength(10);
    expect(datadog?.failures()).toHaveLength(1);
    expect(datadog?.deployments().every((event) => event.submissions === 2)).toBe(true);
    expect(datadog?.deployments().filter((record) => record.changeFailure)).toHaveLength(2);
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
