import { MemoryLogger } from "@sre-actions/core";
import { createOctokit } from "@sre-actions/core/github";
import { afterEach, describe, expect, it } from "vitest";
import { GitHubFake } from "../src/github/index.js";

let fake: GitHubFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe("createOctokit with plugin-throttling on (production settings)", () => {
  it("sends GraphQL queries back to back and keeps mutations 1 s apart", async () => {
    fake = await new GitHubFake().start();
    fake.seedRepository({ owner: "acme", name: "shop" });
    fake.seedPullRequest({ owner: "acme", repo: "shop", number: 1 });
    const log = new MemoryLogger();
    const octokit = createOctokit({ token: fake.token, log, baseUrl: fake.url });
    await octokit.graphql("query { viewer { login } }"); // warm-up: the fake builds its schema once

    let started = Date.now();
    for (let index = 0; index < 5; index += 1) await octokit.graphql("query Viewer { viewer { login } }");
    const queries = Date.now() - started;

    const { repository } = await octokit.graphql<{ repository: { pullRequest: { id: string } } }>(
      'query { repository(owner: "acme", name: "shop") { pullRequest(number: 1) { id } } }',
    );
    const comment = `mutation($id: ID!) { addComment(input: { subjectId: $id, body: "hi" }) { clientMutationId } }`;
    started = Date.now();
    for (let index = 0; index < 2; index += 1) {
      await octokit.graphql(comment, { id: repository.pullRequest.id }).catch(() => undefined);
    }
    const mutations = Date.now() - started;

    // Before: plugin-throttling's write group spaced every POST /graphql ≥ 1 s (5 queries ≥ 4 s).
    expect(queries).toBeLessThan(2000);
    expect(mutations).toBeGreaterThanOrEqual(950);
    expect(fake.requests.filter((request) => request.operation === "Viewer")).toHaveLength(5);
  });
});
