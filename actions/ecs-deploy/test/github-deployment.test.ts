import { GitHubFake } from "@sre-actions/testkit/github";
import { afterEach, describe, expect, it } from "vitest";
import { ECR, RUN, type Scenario, scenario } from "./fixtures/scenario.js";

let s: Scenario | undefined;
let github: GitHubFake | undefined;
afterEach(async () => {
  await s?.stop();
  await github?.stop();
});

async function setUp() {
  s = await scenario({ breaker: { enable: true, rollback: true } });
  github = await new GitHubFake({ clock: s.clock }).start();
  github.seedRepository({ owner: "acme", name: "app" });
  // Production's wiring, pointed at the GitHub fake (without plugin-throttling's real-time spacing).
  const tracker = { octokit: { baseUrl: github.url, throttle: { enabled: false } } };
  return { tracker, log: s.log, github: github as GitHubFake };
}

type Status = { state: string; log_url: string; environment_url: string };
const statusesOf = (deployment: Record<string, unknown> | undefined) => (deployment?.["statuses"] ?? []) as Status[];

describe("GitHub deployment status", () => {
  it("goes in_progress then success, with the run and console links", async () => {
    const { tracker, github: fake } = await setUp();
    const result = await s?.run(
      { image: `${ECR}/rails:v2`, "github-environment": "qa3", "github-token": fake.token },
      tracker,
    );
    expect(result?.status).toBe("succeeded");
    const [deployment] = fake.deployments("acme", "app");
    expect(deployment).toMatchObject({ environment: "qa3", production_environment: false });
    const statuses = statusesOf(deployment).map((status) => status.state);
    expect(statuses.sort()).toEqual(["in_progress", "success"]);
    expect(statusesOf(deployment)[0]?.environment_url).toContain(
      "console.aws.amazon.com/ecs/v2/clusters/qa/services/qa3-web",
    );
  });

  it("ends in failure when the rollout fails", async () => {
    const { tracker, github: fake } = await setUp();
    s?.aws.imageBehaviour(`${ECR}/rails:broken`, {
      kind: "fail-to-start",
      reason: "CannotPullContainerError: not found",
    });
    const result = await s?.run(
      { image: `${ECR}/rails:broken`, "github-environment": "qa3", "github-token": fake.token },
      tracker,
    );
    expect(result?.status).toBe("rolled-back");
    const statuses = statusesOf(fake.deployments("acme", "app")[0]).map((status) => status.state);
    expect(statuses.sort()).toEqual(["failure", "in_progress"]);
  });

  it("never fails the deploy when GitHub refuses", async () => {
    const { tracker, log, github: fake } = await setUp();
    fake.fault({
      operation: "repos/create-deployment",
      times: 1,
      action: {
        kind: "respond",
        response: { status: 403, body: { message: "Resource not accessible by integration" } },
      },
    });
    const result = await s?.run(
      { image: `${ECR}/rails:v2`, "github-environment": "qa3", "github-token": fake.token },
      tracker,
    );
    expect(result?.status).toBe("succeeded");
    expect(log.text("warning")).toContain("Could not create the GitHub deployment for qa3");
  });
});

describe("release notes on every deploy with github-environment", () => {
  it("lists the PRs since the environment's last successful deployment in the output, summary and GitHub deployment", async () => {
    const { tracker, github: fake } = await setUp();
    const at = (hours: number) => new Date(Date.parse("2026-11-20T00:00:00Z") + hours * 3_600_000).toISOString();
    const tip = () => fake.repository("acme", "app")?.branches.get("main") ?? "";
    fake.seedPullRequest({ owner: "acme", repo: "app", title: "Shipped last time", createdAt: at(0), mergedAt: at(1) });
    fake.seedDeployment({
      owner: "acme",
      repo: "app",
      ref: tip(),
      environment: "qa3",
      createdAt: at(2),
      statuses: [{ state: "success", logUrl: "https://github.com/acme/app/actions/runs/1" }],
    });
    fake.seedPullRequest({
      owner: "acme",
      repo: "app",
      title: "Add the cart API",
      author: "alice",
      createdAt: at(3),
      mergedAt: at(4),
    });
    fake.seedPullRequest({
      owner: "acme",
      repo: "app",
      title: "Fix the 500 on checkout [Approve](https://evil.example)",
      author: "bob",
      labels: ["incident"],
      createdAt: at(5),
      mergedAt: at(6),
    });
    const execution = await s?.execute(
      { image: `${ECR}/rails:v2`, "github-environment": "qa3", "github-token": fake.token },
      { ...tracker, context: { ...RUN, sha: tip() } },
    );
    expect(execution?.result.status).toBe("succeeded");
    const notes = String(execution?.outputs["release-notes"]);
    expect(notes).toContain("Add the cart API");
    expect(notes).toContain("**incident**");
    expect(notes).not.toContain("Shipped last time");
    expect(notes).not.toMatch(/(?<!\\)\[Approve\]\(https/);
    expect(execution?.summary).toContain("Release notes: 2 PRs");
    const deployment = fake
      .deployments("acme", "app")
      .find((candidate) => candidate["environment"] === "qa3" && candidate["payload"]);
    expect(JSON.stringify(deployment?.["payload"])).toContain("Add the cart API");
  });
});

describe("a job with environment: production", () => {
  it("reports to the deployment GitHub Actions created for the job instead of creating a second one", async () => {
    const { tracker, github: fake } = await setUp();
    const tip = fake.repository("acme", "app")?.branches.get("main") ?? "";
    const own = fake.seedDeployment({
      owner: "acme",
      repo: "app",
      ref: tip,
      environment: "production",
      statuses: [{ state: "in_progress", logUrl: `${RUN.runUrl}/job/7` }],
    });
    const execution = await s?.execute(
      { image: `${ECR}/rails:v2`, "github-environment": "production", "github-token": fake.token },
      { ...tracker, context: { ...RUN, sha: tip } },
    );
    expect(execution?.result.status).toBe("succeeded");
    expect(execution?.result.githubDeploymentId).toBe(own.id);
    expect(
      fake.deployments("acme", "app").filter((deployment) => deployment["environment"] === "production"),
    ).toHaveLength(1);
    expect(statusesOf(fake.deployments("acme", "app")[0]).map((status) => status.state)).toContain("success");
  });
});
