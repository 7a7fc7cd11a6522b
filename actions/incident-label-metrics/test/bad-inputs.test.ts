import path from "node:path";
import { InputError } from "@sre-actions/core";
import { inputErrorOf } from "@sre-actions/testkit";
import type { GitHubFake } from "@sre-actions/testkit/github";
import {
  describeBadInputs,
  describeBundle,
  expectRejectedInput,
  runBundledAction,
  stopAfterTest,
} from "@sre-actions/testkit/harness";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { inputsOf, OWNER, REPO, runMetrics, startGitHub } from "./fixtures/scenario.js";

// Odd values a workflow can pass: each is rejected by parseInputs (before any GitHub call) with one
// `::error::` that names the input, no stack trace and no "Unexpected error".
const KB10 = "x".repeat(10_240);
const BAD_INPUTS: [input: string, value: string][] = [
  ["repository", "acme"],
  ["repository", "acme/shop/extra"],
  ["repository", "acme/sh op"],
  ["repository", "ａｃｍｅ/shop"],
  ["repository", `acme/${KB10}`],
  ["repositories", "acme/*/x"],
  ["repositories", "*/*"],
  ["mode", "reports"],
  ["mode", "incident\r\nreport"],
  ["incident-source", "jira"],
  ["restore-on-rollback", "yes"],
  ["restore-on-rollback", "tRuE"],
  ["deployment-source", "merged_prs"],
  ["deployment-source", "Merged PRs"],
  ["base-branch", "main\nrepo:evil/x"],
  ["base-branch", "main\r\nprod"],
  ["base-branch", "../main"],
  ["base-branch", "a..b"],
  ["base-branch", "feature branch"],
  ["base-branch", "-main"],
  ["environment", "(prod"],
  ["environment", "[a-"],
  ["since", "yesterday"],
  ["since", "2026-13-01"],
  ["until", "2026-02-30T25:00"],
  ["window", "99999999999999999999w"],
  ["window", "thirty days"],
  ["window", "0d"],
  ["window", "-7d"],
  ["window", "400d"],
  ["window", "7d\n8d"],
  ["bucket", "fortnight"],
  ["timezone", "Tokyo"],
  ["timezone", "UTC+9"],
  ["timezone", "Asia/Tōkyō"],
  ["exclude-bots", "True!"],
  ["exclude-bots", "0"],
  ["timezone", KB10],
  ["dora-report", "2025"],
  ["dora-report", "latest"],
  ["comment", "maybe"],
  ["datadog-backfill", "on"],
  ["datadog-site", "datadoghq.evil.com"],
];

// Each row runs the action as a workflow would (inputs, the composition root, execute) against the
// GitHub fake, which must not have been asked anything.
let fake: GitHubFake;
beforeAll(async () => {
  fake = await startGitHub();
});
afterAll(() => fake.stop());

describeBadInputs(BAD_INPUTS, async (input, value) => {
  const before = fake.requests.length;
  try {
    await runMetrics(fake, { [input]: value });
  } finally {
    expect(fake.requests.length, `${input}=${JSON.stringify(value)} reached GitHub`).toBe(before);
  }
});

it("dora-report 2025 says why the 2025 report has no tiers", () => {
  expect(inputErrorOf(() => inputsOf({ "github-token": "t", "dora-report": "2025" })).message).toContain(
    "DORA's 2025 report publishes no per-metric tiers",
  );
});

describe("bad inputs, with the message each gets", () => {
  let github: GitHubFake | undefined;
  afterEach(async () => {
    await github?.stop();
  });

  it.each([
    [{ mode: "incidents" }, 'Input "mode" must be one of incident, report, merge; got "incidents", e.g. incident'],
    [
      { "deployment-source": "argo" },
      'Input "deployment-source" must be one of merged-prs, deployments, workflow-runs, releases',
    ],
    [
      { "deployment-source": "workflow-runs" },
      'Input "workflow" is required when deployment-source is "workflow-runs"',
    ],
    [{ timezone: "Tokyo" }, 'Input "timezone" must be an IANA time zone name; got "Tokyo", e.g. Asia/Tokyo'],
    [{ window: "a month" }, 'Input "window" must be a duration like 7d, 4w or 90d; got "a month"'],
    [{ since: "2026-11-01", until: "2026-10-01" }, 'Input "since" must be before until'],
    [{ since: "last week" }, 'Input "since" must be an ISO 8601 date or date-time'],
    [{ since: "2026-11-01", window: "7d" }, 'Input "window" cannot be combined with since'],
    [{ environment: "^(prod" }, 'Input "environment" must be a regular expression'],
    [{ repository: "shop" }, 'Input "repository" must be owner/name; got "shop"'],
    [{ bucket: "day" }, 'Input "bucket" must be one of week, month'],
    [{ "dora-report": "2022" }, 'Input "dora-report" must be one of 2024, 2023, 2021'],
    [{ "exclude-bots": "yes" }, 'Input "exclude-bots" must be true or false'],
    [{ "incident-source": "jira" }, 'Input "incident-source" must be one of pull-requests, issues, both'],
    [{ "restore-on-rollback": "sometimes" }, 'Input "restore-on-rollback" must be true or false'],
  ])("%o fails with a named error and no request", async (values, message) => {
    github = await startGitHub();
    const attempt = runMetrics(github, values as Record<string, string>);
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toThrow(message);
    expect(github.requests).toEqual([]);
  });

  it("fails incident mode outside a pull_request event before any request", async () => {
    github = await startGitHub();
    await expect(runMetrics(github, { mode: "incident" })).rejects.toThrow(
      'mode "incident" needs a pull_request event',
    );
    expect(github.requests).toEqual([]);
  });
});

describeBundle((node) => {
  it.each([
    ["window", "99999999999999999999w"],
    ["base-branch", "main\nrepo:evil/x"],
    ["base-branch", "../main"],
  ])("the bundled dist rejects %s=%j with one ::error:: and no GitHub call", async (input, value) => {
    const github = stopAfterTest(await startGitHub());
    const result = await runBundledAction(path.resolve(import.meta.dirname, ".."), {
      node,
      inputs: { "github-token": github.token, repository: `${OWNER}/${REPO}`, mode: "report", [input]: value },
      env: { GITHUB_API_URL: github.url },
    });
    expectRejectedInput(result, input, github.requests);
  });
});
