import { GitHubFake } from "@sre-actions/testkit/github";
import { afterEach, describe, expect, it } from "vitest";
import { ECR, type Scenario, scenario } from "./fixtures/scenario.js";

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
const statusesOf = (deployment: Record<string, unknown> | undefined) => (deployment?.statuses ?? []) as Status[];

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
