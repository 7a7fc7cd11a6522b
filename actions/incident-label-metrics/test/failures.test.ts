import { reportedFailure } from "@sre-actions/testkit";
import type { GitHubFake } from "@sre-actions/testkit/github";
import { afterEach, describe, expect, it } from "vitest";
import { execute } from "../src/execute.js";
import { depsFor, inputsOf, OWNER, REPO, runMetrics, startGitHub } from "./fixtures/scenario.js";

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
