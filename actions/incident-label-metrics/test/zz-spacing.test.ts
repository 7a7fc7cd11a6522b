import { MemoryLogger } from "@sre-actions/core";
import { createOctokit } from "@sre-actions/core/github";
import { GitHubFake } from "@sre-actions/testkit/github";
import { it, expect } from "vitest";
it("spacing", async () => {
  const fake = await new GitHubFake().start();
  fake.seedRepository({ owner: "acme", name: "shop" });
  const octokit = createOctokit({ token: fake.token, log: new MemoryLogger(), baseUrl: fake.url });
  const t = Date.now();
  for (let i = 0; i < 5; i++) await octokit.graphql("query { viewer { login } }");
  const q = Date.now() - t;
  const t2 = Date.now();
  for (let i = 0; i < 2; i++) await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: "acme", repo: "shop", issue_number: 1, body: "x" }).catch(() => {});
  console.log("queries", q, "writes", Date.now() - t2);
  await fake.stop();
  expect(q).toBeLessThan(1000);
});
