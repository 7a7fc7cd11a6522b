import { MemoryLogger } from "@sre-actions/core";
import { createOctokit } from "@sre-actions/core/github";
import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../src/clock.js";
import { GitHubFake } from "../src/github/index.js";

const owner = "acme";
const repo = "shop";
const HOUR = 3_600_000;
let fake: GitHubFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function start() {
  const started = await new GitHubFake({ clock: new VirtualClock("2026-11-25T00:00:00Z") }).start();
  started.seedRepository({ owner, name: repo });
  const octokit = createOctokit({
    token: started.token,
    log: new MemoryLogger(),
    baseUrl: started.url,
    throttle: { enabled: false },
  });
  return { started, octokit };
}

describe("GitHubFake at GitHub's documented limits", () => {
  it("lists at most 1,000 workflow runs when filtered (page 11 is empty), all of them unfiltered", async () => {
    const { started, octokit } = await start();
    fake = started;
    const now = started.clock.now();
    for (let index = 0; index < 1005; index += 1) {
      started.seedWorkflowRun({ owner, repo, workflow: "deploy.yml", createdAt: now - (index + 1) * HOUR });
    }
    const list = (params: Record<string, unknown>) =>
      octokit.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {
        owner,
        repo,
        workflow_id: "deploy.yml",
        per_page: 100,
        ...params,
      });
    const filtered = await list({ branch: "main", status: "success", page: 10 });
    expect(filtered.data.total_count).toBe(1005);
    expect(filtered.data.workflow_runs).toHaveLength(100);
    const eleventh = await list({ branch: "main", status: "success", page: 11 });
    expect(eleventh.data.workflow_runs).toEqual([]);
    expect((await list({ page: 11 })).data.workflow_runs).toHaveLength(5);
    const created = new Date(now - 10 * HOUR).toISOString().replace(/\.\d{3}Z$/, "Z");
    expect((await list({ created: `>=${created}`, page: 1 })).data.total_count).toBe(10);
  });

  it("answers Repository.environments from the deployments and RepositoryOwner.repositories", async () => {
    const { started, octokit } = await start();
    fake = started;
    started.seedRepository({ owner, name: "payments" });
    started.seedDeployment({ owner, repo, environment: "staging" });
    started.seedDeployment({ owner, repo, environment: "production" });
    started.seedDeployment({ owner, repo, environment: "production" });
    const data = await octokit.graphql<{
      repository: { environments: { nodes: { name: string }[] }; deployments: { totalCount: number } };
      repositoryOwner: { repositories: { nodes: { name: string }[] } };
    }>(
      `query {
        repository(owner: "acme", name: "shop") {
          environments(first: 10) { nodes { name } }
          deployments(first: 10, environments: ["production"]) { totalCount }
        }
        repositoryOwner(login: "acme") { repositories(first: 10) { nodes { name } } }
      }`,
    );
    expect(data.repository.environments.nodes.map((node) => node.name)).toEqual(["production", "staging"]);
    expect(data.repository.deployments.totalCount).toBe(2);
    expect(data.repositoryOwner.repositories.nodes.map((node) => node.name)).toEqual(["payments", "shop"]);
  });
});
