import type { GitHubFake } from "@sre-actions/testkit/github";
import { afterEach, describe, expect, it } from "vitest";
import { DAY, HOUR, NOW, OWNER, REPO, runMetrics, startGitHub } from "./fixtures/scenario.js";

const MINUTE = 60_000;
let github: GitHubFake | undefined;
afterEach(async () => {
  await github?.stop();
  github = undefined;
});

const repo = { owner: OWNER, repo: REPO };

/** #1 feature, #2 the culprit, #3 the incident fix naming it; a bot PR and a skip-dora PR. */
async function incidentHistory(): Promise<GitHubFake> {
  const fake = await startGitHub();
  fake.seedPullRequest({ ...repo, number: 1, createdAt: NOW - 10 * DAY, mergedAt: NOW - 10 * DAY + 2 * HOUR });
  fake.seedPullRequest({ ...repo, number: 2, createdAt: NOW - 8 * DAY, mergedAt: NOW - 8 * DAY + HOUR });
  fake.seedPullRequest({
    ...repo,
    number: 3,
    createdAt: NOW - 7 * DAY,
    mergedAt: NOW - 7 * DAY + 3 * HOUR,
    labels: ["Incident"],
    body: "Fix the checkout crash.\n\nCaused-by: #2\n",
  });
  fake.seedPullRequest({
    ...repo,
    number: 4,
    author: "dependabot[bot]",
    createdAt: NOW - 6 * DAY,
    mergedAt: NOW - 6 * DAY + HOUR,
  });
  fake.seedPullRequest({
    ...repo,
    number: 5,
    createdAt: NOW - 5 * DAY,
    mergedAt: NOW - 5 * DAY + HOUR,
    labels: ["skip-dora"],
  });
  return fake;
}

describe("deployment source merged-prs (default)", () => {
  it("counts each merged PR as a deployment and attributes the incident to its Caused-by culprit", async () => {
    github = await incidentHistory();
    const { result } = await runMetrics(github, { "exclude-labels": "skip-dora" });
    const metrics = result.report?.combined;
    expect(metrics?.deployments.map((deployment) => deployment.label)).toEqual(["#1", "#2", "#3"]);
    expect(metrics?.deploymentFrequency).toBeCloseTo(3 / 28, 10);
    expect(metrics?.excluded.map(({ pull, reason }) => [pull.number, reason])).toEqual([
      [4, "bot author dependabot"],
      [5, "excluded label skip-dora"],
    ]);
    const [incident] = metrics?.incidents ?? [];
    expect(incident?.attribution.source).toBe("caused-by");
    expect(incident?.attribution.culprit?.label).toBe("#2");
    // start = #2 merged (NOW-8d+1h); fix deployed = #3 merged (NOW-7d+3h): 26 hours.
    expect(incident?.restoreMs).toBe(26 * HOUR);
    expect(metrics?.changeFailureRate).toBeCloseTo(1 / 3, 10);
    expect(metrics?.reworkRate).toBeCloseTo(1 / 3, 10);
    // Lead time: first commit authored 10 minutes before the PR opened, deployed at merge.
    expect(metrics?.leadTime.median).toBe(2 * HOUR + 10 * MINUTE);
    expect(result.usage.graphqlRequests).toBe(2);
  });
});

describe("deployment source deployments", () => {
  it("uses the first SUCCESS status of production deployments and maps PRs by commit ancestry", async () => {
    github = await startGitHub();
    github.seedDeployment({
      ...repo,
      environment: "production",
      createdAt: NOW - 40 * DAY,
      statuses: [{ state: "success", createdAt: NOW - 40 * DAY + 5 * MINUTE }],
    });
    github.seedPullRequest({ ...repo, number: 1, createdAt: NOW - 6 * DAY, mergedAt: NOW - 5 * DAY });
    github.seedDeployment({
      ...repo,
      environment: "staging",
      createdAt: NOW - 5 * DAY + 10 * MINUTE,
      statuses: [{ state: "success" }],
    });
    github.seedDeployment({
      ...repo,
      environment: "production",
      createdAt: NOW - 5 * DAY + HOUR,
      statuses: [
        { state: "in_progress", createdAt: NOW - 5 * DAY + HOUR + MINUTE },
        { state: "success", createdAt: NOW - 5 * DAY + HOUR + 10 * MINUTE },
        { state: "inactive", createdAt: NOW - DAY },
      ],
    });
    github.seedPullRequest({
      ...repo,
      number: 2,
      createdAt: NOW - 3 * DAY,
      mergedAt: NOW - 3 * DAY + HOUR,
      mergeMethod: "squash",
    });
    github.seedDeployment({
      ...repo,
      environment: "production",
      createdAt: NOW - 3 * DAY + 2 * HOUR,
      statuses: [{ state: "failure" }],
    });
    github.seedDeployment({
      ...repo,
      environment: "production-tokyo",
      createdAt: NOW - 2 * DAY,
      statuses: [{ state: "success", createdAt: NOW - 2 * DAY + 20 * MINUTE }],
    });
    // The same SHA again (a redeploy): ships nothing new; #2 stays with the first deployment.
    github.seedDeployment({
      ...repo,
      environment: "production",
      createdAt: NOW - DAY,
      statuses: [{ state: "success", createdAt: NOW - DAY + 5 * MINUTE }],
    });

    const { result, api } = await runMetrics(github, { "deployment-source": "deployments" });
    const metrics = result.report?.combined;
    expect(metrics?.deployments.map((deployment) => deployment.at)).toEqual([
      NOW - 5 * DAY + HOUR + 10 * MINUTE,
      NOW - 2 * DAY + 20 * MINUTE,
      NOW - DAY + 5 * MINUTE,
    ]);
    const byNumber = new Map(metrics?.pulls.map((pull) => [pull.pull.number, pull]));
    // #1: first commit authored 6d+10m before now, deployed 5d-1h10m before now.
    expect(byNumber.get(1)?.leadTimeMs).toBe(DAY + HOUR + 20 * MINUTE);
    // #2 (squash merge) ships with the production-tokyo deployment, not the redeploy.
    expect(byNumber.get(2)?.deployment?.at).toBe(NOW - 2 * DAY + 20 * MINUTE);
    expect(byNumber.get(2)?.leadTimeMs).toBe(DAY + 30 * MINUTE);
    // Mapped by merge order from the PRs already read: no REST compare per deployment (issue 14's budget).
    expect(api.usage.restRequests).toBe(0);
    // Filtered by environment in the query: staging deployments are never paged.
    const queried = github.requests.filter((request) => request.operation === "Deployments");
    expect(queried.length).toBeGreaterThan(0);
    for (const request of queried) {
      const environments = (request.body as { variables?: { environments?: string[] } }).variables?.environments;
      expect([...(environments ?? [])].sort()).toEqual(["production", "production-tokyo"]);
    }
  });
});

describe("deployment source workflow-runs", () => {
  it("counts successful runs of the workflow on the base branch", async () => {
    github = await startGitHub();
    github.seedWorkflowRun({ ...repo, workflow: "deploy.yml", createdAt: NOW - 30 * DAY });
    github.seedPullRequest({ ...repo, number: 1, createdAt: NOW - 4 * DAY, mergedAt: NOW - 4 * DAY + HOUR });
    github.seedWorkflowRun({
      ...repo,
      workflow: "deploy.yml",
      createdAt: NOW - 4 * DAY + 2 * HOUR,
      conclusion: "failure",
    });
    github.seedWorkflowRun({ ...repo, workflow: "ci.yml", createdAt: NOW - 4 * DAY + 2 * HOUR });
    github.seedWorkflowRun({
      ...repo,
      workflow: "deploy.yml",
      createdAt: NOW - 4 * DAY + 3 * HOUR,
      updatedAt: NOW - 4 * DAY + 3 * HOUR + 7 * MINUTE,
    });
    const { result } = await runMetrics(github, { "deployment-source": "workflow-runs", workflow: "deploy.yml" });
    expect(result.report?.combined?.deployments.map((deployment) => deployment.at)).toEqual([
      NOW - 4 * DAY + 3 * HOUR + 7 * MINUTE,
    ]);
    expect(result.report?.combined?.pulls[0]?.deployment?.label).toBe("run 3");
  });
});

describe("deployment source releases", () => {
  it("counts published releases, not drafts or pre-releases", async () => {
    github = await startGitHub();
    github.seedRelease({ ...repo, tagName: "v1.0.0", createdAt: NOW - 50 * DAY });
    github.seedPullRequest({ ...repo, number: 1, createdAt: NOW - 9 * DAY, mergedAt: NOW - 9 * DAY + HOUR });
    github.seedRelease({ ...repo, tagName: "v1.1.0-rc.1", prerelease: true, createdAt: NOW - 8 * DAY });
    github.seedRelease({ ...repo, tagName: "v1.1.0", createdAt: NOW - 7 * DAY, publishedAt: NOW - 7 * DAY + HOUR });
    github.seedPullRequest({ ...repo, number: 2, createdAt: NOW - 3 * DAY, mergedAt: NOW - 3 * DAY + HOUR });
    github.seedRelease({ ...repo, tagName: "v1.2.0", draft: true, createdAt: NOW - 2 * DAY });
    const { result } = await runMetrics(github, { "deployment-source": "releases" });
    expect(result.report?.combined?.deployments.map((deployment) => deployment.label)).toEqual(["v1.1.0"]);
    const pulls = result.report?.combined?.pulls.map((pull) => [pull.pull.number, pull.deployment?.label]);
    expect(pulls).toEqual([
      [1, "v1.1.0"],
      [2, undefined],
    ]);
    expect(result.report?.combined?.undeployed.map((pull) => pull.number)).toEqual([2]);
  });
});

describe("rework before the window", () => {
  it("a release in the window that ships a bug fix merged before the window is rework", async () => {
    github = await startGitHub();
    github.seedPullRequest({ ...repo, number: 1, createdAt: NOW - 40 * DAY, mergedAt: NOW - 40 * DAY + HOUR });
    github.seedRelease({ ...repo, tagName: "v1.0.0", createdAt: NOW - 35 * DAY });
    // Merged two days before the 28-day window, released inside it.
    github.seedPullRequest({
      ...repo,
      number: 2,
      createdAt: NOW - 31 * DAY,
      mergedAt: NOW - 30 * DAY,
      labels: ["bug"],
    });
    github.seedRelease({ ...repo, tagName: "v1.1.0", createdAt: NOW - 20 * DAY });
    const { result } = await runMetrics(github, { "deployment-source": "releases" });
    const combined = result.report?.combined;
    expect(combined?.deployments.map((deployment) => deployment.label)).toEqual(["v1.1.0"]);
    expect(combined?.reworkDeployments.map((deployment) => deployment.label)).toEqual(["v1.1.0"]);
    expect(combined?.reworkRate).toBe(1);
  });
});

describe("several repositories and paths", () => {
  it("computes metrics per repository and combined, counting only PRs touching the paths", async () => {
    github = await startGitHub();
    github.seedRepository({ owner: OWNER, name: "payments", createdAt: NOW - 100 * DAY });
    github.seedPullRequest({
      ...repo,
      number: 1,
      createdAt: NOW - 4 * DAY,
      mergedAt: NOW - 4 * DAY + HOUR,
      files: ["services/api/main.go"],
    });
    github.seedPullRequest({
      ...repo,
      number: 2,
      createdAt: NOW - 3 * DAY,
      mergedAt: NOW - 3 * DAY + HOUR,
      files: ["docs/index.md"],
    });
    github.seedPullRequest({
      owner: OWNER,
      repo: "payments",
      number: 1,
      createdAt: NOW - 2 * DAY,
      mergedAt: NOW - 2 * DAY + HOUR,
      files: ["services/api/pay.go"],
    });
    const { result } = await runMetrics(github, {
      repository: `${OWNER}/${REPO}\n${OWNER}/payments`,
      paths: "services/api/**",
    });
    expect((result.report?.repositories ?? []).map((entry) => [entry.repo, entry.metrics.deployments.length])).toEqual([
      ["acme/shop", 1],
      ["acme/payments", 1],
    ]);
    expect(result.report?.combined?.deployments).toHaveLength(2);
    expect(result.report?.combined?.excluded.map(({ pull, reason }) => [pull.repo, pull.number, reason])).toEqual([
      ["acme/shop", 2, "touches no path in services/api/**"],
    ]);
  });
});

describe("workflow runs past GitHub's 1,000-run cap", () => {
  it("splits the window by created ranges so all 2,008 runs of a year are read", async () => {
    github = await startGitHub();
    const interval = Math.floor((364 * DAY) / 2008);
    for (let index = 0; index < 2008; index += 1) {
      github.seedWorkflowRun({ ...repo, workflow: "deploy.yml", createdAt: NOW - 364 * DAY + index * interval });
    }
    const { result, log } = await runMetrics(github, {
      "deployment-source": "workflow-runs",
      workflow: "deploy.yml",
      window: "365d",
    });
    expect(result.report?.combined.deployments).toHaveLength(2008);
    expect(log.text("info")).toMatch(/2008 runs of deploy\.yml created .*: reading them in 3 parts/);
    expect(log.text("warning")).toBe("");
    const lists = github.requests.filter((request) => request.operation === "actions/list-workflow-runs");
    expect(lists.length).toBeLessThanOrEqual(26);
  });

  it("warns instead of ending a source early when one second holds more than 1,000 runs", async () => {
    github = await startGitHub();
    for (let index = 0; index < 1001; index += 1) {
      github.seedWorkflowRun({ ...repo, workflow: "deploy.yml", createdAt: NOW - DAY });
    }
    const { result, log } = await runMetrics(github, { "deployment-source": "workflow-runs", workflow: "deploy.yml" });
    expect(result.report?.combined.deployments).toHaveLength(1000);
    expect(log.text("warning")).toMatch(/1001 runs of deploy\.yml were created in one second .*GitHub lists only 1000/);
  });
});

describe("Caused-by: <sha> of a commit on the culprit PR's branch", () => {
  it("finds the deployment that shipped the PR the commit belongs to (one GraphQL request)", async () => {
    github = await startGitHub();
    const culprit = github.seedPullRequest({
      ...repo,
      number: 1,
      createdAt: NOW - 5 * DAY,
      mergedAt: NOW - 5 * DAY + HOUR,
      commits: 2,
    });
    github.seedDeployment({
      ...repo,
      environment: "production",
      createdAt: NOW - 5 * DAY + 2 * HOUR,
      statuses: [{ state: "success" }],
    });
    const branchCommit = (culprit.commits[0] ?? "").slice(0, 7);
    github.seedPullRequest({
      ...repo,
      number: 2,
      createdAt: NOW - 4 * DAY,
      mergedAt: NOW - 4 * DAY + HOUR,
      labels: ["incident"],
      body: `Caused-by: ${branchCommit}`,
    });
    github.seedDeployment({
      ...repo,
      environment: "production",
      createdAt: NOW - 4 * DAY + 2 * HOUR,
      statuses: [{ state: "success" }],
    });
    const { result } = await runMetrics(github, { "deployment-source": "deployments" });
    const [incident] = result.report?.combined.incidents ?? [];
    expect(incident?.attribution.source).toBe("caused-by");
    expect(incident?.attribution.culprit?.at).toBe(NOW - 5 * DAY + 2 * HOUR + 60_000);
    expect(github.requests.filter((request) => request.operation === "CommitPulls")).toHaveLength(1);
  });
});
