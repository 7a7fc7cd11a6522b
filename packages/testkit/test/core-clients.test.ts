import { DescribeClustersCommand, ListClustersCommand } from "@aws-sdk/client-ecs";
import { MemoryLogger } from "@sre-actions/core";
import { createEcsClient } from "@sre-actions/core/aws";
import { createOctokit, upsertStickyComment } from "@sre-actions/core/github";
import { createNotionClient, NOTION_VERSION } from "@sre-actions/core/notion";
import { afterEach, describe, expect, it } from "vitest";
import { AwsFake, FAKE_CREDENTIALS } from "../src/aws/index.js";
import { GitHubFake } from "../src/github/index.js";
import { environmentsSchema, NOTION_FAKE_TOKEN, NotionFake } from "../src/notion/index.js";

const saved = { ...process.env };
afterEach(() => {
  for (const name of [
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_ECS",
    "AWS_REGION",
    "NOTION_API_BASE_URL",
    "GITHUB_API_URL",
  ]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe("core client factories against the fakes", () => {
  it("ECS: region from AWS_REGION and the endpoint from AWS_ENDPOINT_URL_ECS, as the SDK documents", async () => {
    const aws = await new AwsFake().start();
    try {
      aws.seedCluster("qa");
      process.env["AWS_REGION"] = "ap-northeast-1";
      process.env["AWS_ENDPOINT_URL_ECS"] = aws.url;
      const ecs = createEcsClient({ overrides: { credentials: FAKE_CREDENTIALS } });
      const response = await ecs.send(new DescribeClustersCommand({ clusters: ["qa"] }));
      expect(response.clusters?.[0]?.clusterName).toBe("qa");
      expect(await ecs.config.retryStrategy()).toHaveProperty("mode", "adaptive");
      // An operation the fake does not model is an AWS-shaped error, not a hang.
      await expect(ecs.send(new ListClustersCommand({}))).rejects.toThrow(/not implemented/);
    } finally {
      await aws.stop();
    }
  });

  it("Notion: pins the API version and honours NOTION_API_BASE_URL", async () => {
    const notion = await new NotionFake().start();
    try {
      const { databaseId } = notion.seedDatabase({
        title: "Environments",
        dataSources: [{ name: "Environments", properties: environmentsSchema() }],
      });
      process.env["NOTION_API_BASE_URL"] = notion.url;
      const client = createNotionClient({ token: NOTION_FAKE_TOKEN });
      const database = await client.databases.retrieve({ database_id: databaseId });
      expect(database.id).toBe(databaseId);
      expect(NOTION_VERSION).toBe("2026-03-11");
    } finally {
      await notion.stop();
    }
  });

  it("GitHub: REST and GraphQL on GITHUB_API_URL", async () => {
    const github = await new GitHubFake().start();
    try {
      github.seedRepository({ owner: "acme", name: "app", defaultBranch: "main" });
      process.env["GITHUB_API_URL"] = github.url;
      const octokit = createOctokit({ token: github.token, log: new MemoryLogger(), throttle: { enabled: false } });
      const { data } = await octokit.rest.repos.get({ owner: "acme", repo: "app" });
      expect(data.default_branch).toBe("main");
      const result = await octokit.graphql<{ repository: { defaultBranchRef: { name: string } } }>(
        "query DefaultBranch($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { defaultBranchRef { name } } }",
        { owner: "acme", name: "app" },
      );
      expect(result.repository.defaultBranchRef.name).toBe("main");
    } finally {
      await github.stop();
    }
  });

  it("GitHub: a sticky comment is created once, then updated in place", async () => {
    const github = await new GitHubFake().start();
    try {
      github.seedRepository({ owner: "acme", name: "app" });
      github.seedPullRequest({ owner: "acme", repo: "app", number: 7 });
      const octokit = createOctokit({
        token: github.token,
        log: new MemoryLogger(),
        baseUrl: github.url,
        throttle: { enabled: false },
      });
      const target = { owner: "acme", repo: "app", issueNumber: 7, marker: "<!-- demo:sticky -->" };
      const first = await upsertStickyComment(octokit, { ...target, body: "first" });
      const second = await upsertStickyComment(octokit, { ...target, body: "second" });
      expect([first.action, second.action]).toEqual(["created", "updated"]);
      expect(second.id).toBe(first.id);
      expect(github.comments("acme", "app", 7).map((comment) => comment["body"])).toEqual([
        "<!-- demo:sticky -->\nsecond",
      ]);
    } finally {
      await github.stop();
    }
  });

  it.each(["500", "reset"] as const)(
    "GitHub: a sticky comment whose create answer is lost (%s) is posted once",
    async (how) => {
      const github = await new GitHubFake().start();
      try {
        github.seedRepository({ owner: "acme", name: "app" });
        github.seedPullRequest({ owner: "acme", repo: "app", number: 7 });
        const log = new MemoryLogger();
        const octokit = createOctokit({ token: github.token, log, baseUrl: github.url, throttle: { enabled: false } });
        github.loseResponse("issues/create-comment", how === "reset" ? "reset" : undefined);
        const target = { owner: "acme", repo: "app", issueNumber: 7, marker: "<!-- demo:sticky -->" };
        const created = await upsertStickyComment(octokit, { ...target, body: "first" }, { log });
        expect(created.action).toBe("created");
        expect(github.comments("acme", "app", 7)).toHaveLength(1);
        expect(github.requests.filter((request) => request.operation === "issues/create-comment")).toHaveLength(1);
        expect(log.text()).toContain("was lost, but it was applied");
      } finally {
        await github.stop();
      }
    },
  );
});
