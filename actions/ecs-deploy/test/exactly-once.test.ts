import { GitHubFake } from "@sre-actions/testkit/github";
import { afterEach, describe, expect, it } from "vitest";
import { ECR, type Scenario, scenario } from "./fixtures/scenario.js";

// A write that reaches ECS but whose answer is lost (500 or a reset after the write) must have one
// effect: one new revision, one one-off task. The ports send these calls without SDK retries.
let s: Scenario;
let github: GitHubFake | undefined;
afterEach(async () => {
  await s?.stop();
  await github?.stop();
  github = undefined;
});

const applied = (operation: string) =>
  s.aws.requests.filter((request) => request.operation === operation && request.status === 200);
const sent = (operation: string) => s.aws.requests.filter((request) => request.operation === operation);

describe("exactly once under a lost response", () => {
  it.each(["500", "reset"] as const)(
    "RegisterTaskDefinition (%s after the write) registers one revision",
    async (how) => {
      s = await scenario();
      s.aws.loseResponse("RegisterTaskDefinition", how === "reset" ? "reset" : undefined);
      const result = await s.run({ image: `${ECR}/rails:v2` });
      expect(result.status).toBe("succeeded");
      expect(result.services[0]?.taskDefinitionArn).toMatch(/task-definition\/qa3-web:2$/);
      expect(sent("RegisterTaskDefinition")).toHaveLength(1);
      expect(applied("RegisterTaskDefinition")).toHaveLength(1);
      expect(s.aws.describeService("qa", "qa3-web").taskDefinition).toMatch(/qa3-web:2$/);
      expect(s.log.text()).toContain("was lost, but it was applied");
    },
  );

  it("RegisterTaskDefinition answered 500 without the write is sent again once the read-back finds nothing", async () => {
    s = await scenario();
    s.aws.fault({
      operation: "RegisterTaskDefinition",
      action: { kind: "respond", response: { status: 500, body: { __type: "ServerException", message: "oops" } } },
    });
    const result = await s.run({ image: `${ECR}/rails:v2` });
    expect(result.status).toBe("succeeded");
    expect(sent("RegisterTaskDefinition")).toHaveLength(2);
    expect(applied("RegisterTaskDefinition")).toHaveLength(1);
    expect(result.services[0]?.taskDefinitionArn).toMatch(/qa3-web:2$/);
    expect(s.log.text()).toContain("nothing was applied, trying again");
  });

  it("the run marker tag does not make the next run see a change", async () => {
    s = await scenario();
    await s.run({ image: `${ECR}/rails:v2` });
    const again = await s.run({ image: `${ECR}/rails:v2` });
    expect(again.services[0]?.registered).toBe(false);
    expect(applied("RegisterTaskDefinition")).toHaveLength(1);
  });

  it.each(["500", "reset"] as const)("RunTask (%s after the write) runs the migration once", async (how) => {
    s = await scenario();
    s.aws.runTaskBehaviour({ kind: "exit", exitCode: 0, afterMs: 15_000, logLines: ["migrated"] });
    s.aws.loseResponse("RunTask", how === "reset" ? "reset" : undefined);
    const result = await s.run({ image: `${ECR}/rails:v2`, "run-task": "bin/rails db:migrate" });
    expect(result.status).toBe("succeeded");
    expect(result.runTask).toMatchObject({ ok: true, exitCode: 0 });
    expect(sent("RunTask")).toHaveLength(1);
    const request = sent("RunTask")[0]?.body as { clientToken?: string; startedBy?: string };
    expect(request.clientToken).toMatch(/^[0-9a-f]{32}$/);
    expect(request.startedBy).toMatch(/^ecs-deploy\/[0-9a-f]{25}$/);
    expect(sent("ListTasks").map((listed) => (listed.body as { startedBy?: string }).startedBy)).toContain(
      request.startedBy,
    );
  });

  it("RunTask retried with the same client token returns the first task (ECS idempotency)", async () => {
    s = await scenario();
    s.aws.runTaskBehaviour({ kind: "exit", exitCode: 0, afterMs: 15_000, logLines: ["migrated"] });
    s.aws.fault({
      operation: "RunTask",
      action: { kind: "respond", response: { status: 500, body: { __type: "ServerException", message: "oops" } } },
    });
    const result = await s.run({ image: `${ECR}/rails:v2`, "run-task": "bin/rails db:migrate" });
    expect(result.status).toBe("succeeded");
    expect(sent("RunTask")).toHaveLength(2);
    expect(applied("RunTask")).toHaveLength(1);
    const [first, second] = sent("RunTask").map((request) => (request.body as { clientToken?: string }).clientToken);
    expect(second).toBe(first);
  });
});

describe("GitHub CreateDeployment under a lost response", () => {
  it.each(["500", "reset"] as const)("creates one deployment (%s after the write)", async (how) => {
    s = await scenario({ breaker: { enable: true, rollback: true } });
    github = await new GitHubFake({ clock: s.clock }).start();
    github.seedRepository({ owner: "acme", name: "app" });
    github.loseResponse("repos/create-deployment", how === "reset" ? "reset" : undefined);
    const result = await s.run(
      { image: `${ECR}/rails:v2`, "github-environment": "qa3", "github-token": github.token },
      { octokit: { baseUrl: github.url, throttle: { enabled: false } } },
    );
    expect(result.status).toBe("succeeded");
    const deployments = github.deployments("acme", "app");
    expect(deployments).toHaveLength(1);
    expect(github.requests.filter((request) => request.operation === "repos/create-deployment")).toHaveLength(1);
    const states = ((deployments[0]?.["statuses"] ?? []) as { state: string }[]).map((status) => status.state);
    expect(states.sort()).toEqual(["in_progress", "success"]);
  });
});
