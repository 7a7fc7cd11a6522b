import { readFileSync } from "node:fs";
import path from "node:path";
import { inputErrorOf, reportedFailure } from "@sre-actions/testkit";
import type { GitHubFake } from "@sre-actions/testkit/github";
import {
  describeBadInputs,
  describeBundle,
  expectRejectedInput,
  runBundledAction,
  stopAfterTest,
} from "@sre-actions/testkit/harness";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { execute } from "../src/execute.js";
import { DAY, depsFor, inputsOf, NOW, OWNER, REPO, runMetrics, startGitHub } from "./fixtures/scenario.js";

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

describe("GitHub failures are explained", () => {
  let github: GitHubFake | undefined;
  afterEach(async () => {
    await github?.stop();
  });

  it("a failed run still returns its outputs and a summary that says what went wrong", async () => {
    github = await startGitHub();
    github.fault({
      times: Number.POSITIVE_INFINITY,
      action: {
        kind: "respond",
        response: { status: 403, body: { message: "Resource not accessible by integration" } },
      },
    });
    const inputs = inputsOf({ "github-token": github.token, repository: `${OWNER}/${REPO}` });
    const execution = await execute(inputs, depsFor(inputs, github));
    expect(execution.failure?.message).toContain('The "github-token" token may not call');
    expect(Object.keys(execution.outputs)).toContain("failed-deployment-recovery-time-hours");
    expect(Object.values(execution.outputs).every((value) => value === undefined)).toBe(true);
    expect(execution.summary).toContain("## incident-label-metrics failed");
    expect(execution.summary).toContain("contents: read, pull-requests: read");
    expect(github.mutatingRequests()).toEqual([]);
  });

  it("a 401 names github-token and the permissions the mode needs", async () => {
    github = await startGitHub();
    github.fault({
      times: Number.POSITIVE_INFINITY,
      action: { kind: "respond", response: { status: 401, body: { message: "Bad credentials" } } },
    });
    const error = await runMetrics(github, { "deployment-source": "deployments" }).catch((caught: unknown) => caught);
    const reported = reportedFailure(error);
    expect(reported.errors).toHaveLength(1);
    expect(reported.errors[0]).toContain('GitHub rejected the "github-token" input (401 Bad credentials)');
    expect(reported.errors[0]).toContain("contents: read, pull-requests: read, deployments: read");
    expect(reported.output).not.toContain("Unexpected error");
    expect(github.mutatingRequests()).toEqual([]);
  });
});

describe("CSV report", () => {
  let github: GitHubFake | undefined;
  afterEach(async () => {
    await github?.stop();
  });

  it("defuses PR titles that a spreadsheet would run as formulas", async () => {
    github = await startGitHub();
    const titles = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"];
    for (const [index, title] of titles.entries()) {
      github.seedPullRequest({
        owner: OWNER,
        repo: REPO,
        number: index + 1,
        title,
        createdAt: NOW - 3 * DAY,
        mergedAt: NOW - DAY + index * 60_000,
      });
    }
    const { result } = await runMetrics(github);
    const cells = readFileSync(result.files?.csv ?? "", "utf8")
      .trim()
      .split("\n")
      .slice(1);
    for (const line of cells) expect(line.split(",")[2]).toMatch(/^"?'/);
    expect(cells.join("\n")).not.toMatch(/(^|,)[=+@-]/m);
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
