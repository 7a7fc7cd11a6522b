import type { GitHubFake } from "@sre-actions/testkit/github";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedYear, type YearHistory } from "./fixtures/history.js";
import { runMetrics, startGitHub } from "./fixtures/scenario.js";

/** A GITHUB_TOKEN has 1,000 REST requests per hour per repository; the budget for a year's report. */
const BUDGET = { total: 150, rest: 100 };

let github: GitHubFake;
let history: YearHistory;
beforeAll(async () => {
  github = await startGitHub();
  history = seedYear(github);
}, 120_000);
afterAll(async () => {
  await github.stop();
});

describe("a 365-day report stays within the request budget", () => {
  it.each([
    ["merged-prs", {}],
    ["deployments", {}],
    ["workflow-runs", { workflow: "deploy.yml" }],
    ["releases", {}],
  ] as const)(
    "deployment-source %s",
    async (source, extra) => {
      const before = github.requests.length;
      const { result, api, log } = await runMetrics(github, { window: "365d", "deployment-source": source, ...extra });
      const requests = github.requests.slice(before);
      const rest = requests.filter((request) => request.path !== "/graphql");
      expect(requests.length).toBeLessThanOrEqual(BUDGET.total);
      expect(rest.length).toBeLessThanOrEqual(BUDGET.rest);
      expect(api.usage.graphqlRequests + api.usage.restRequests).toBe(requests.length);
      expect(log.text("warning")).toBe("");
      const metrics = result.report?.combined;
      expect(metrics?.incidents).toHaveLength(history.incidents);
      if (source === "merged-prs") expect(metrics?.deployments).toHaveLength(history.pulls);
      // Every production deployment is read (duplicates counted once), none dropped at a list cap.
      if (source === "deployments" || source === "workflow-runs")
        expect(metrics?.deployments).toHaveLength(history.deployments);
      if (source === "deployments")
        expect(requests.map((request) => request.operation)).not.toContain("repos/compare-commits-with-basehead");
      // Every merged PR shipped somewhere but the last few (merged after the last deployment; releases are weekly).
      expect(metrics?.undeployed.length ?? 0).toBeLessThan(source === "releases" ? 80 : 3);
    },
    120_000,
  );
});
