import { MemoryLogger } from "@sre-actions/core";
import { createOctokit, type Octokit } from "@sre-actions/core/github";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { VirtualClock } from "../src/clock.js";
import { GitHubFake } from "../src/github/index.js";

const owner = "acme";
const repo = "shop";

const realSetTimeout = globalThis.setTimeout;

/**
 * plugin-throttling spaces writes and GraphQL calls 1 s apart (3 s for notifying writes such as comments)
 * and sleeps `retry-after`; with fake timers those waits pass instantly. This outermost request hook runs
 * the pending timers while a request is in flight; network I/O stays real.
 */
function fastForwardTimers(octokit: Octokit): Octokit {
  octokit.hook.wrap("request", async (request, options) => {
    let settled = false;
    const result = Promise.resolve(request(options));
    const settle = () => {
      settled = true;
    };
    result.then(settle, settle);
    while (!settled) {
      await new Promise((resolve) => realSetTimeout(resolve, 1));
      vi.advanceTimersToNextTimer();
    }
    return result;
  });
  return octokit;
}

/** Raw POST /graphql, to see GitHub's HTTP status and body as sent. */
async function postGraphQL(fake: GitHubFake, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${fake.url}/graphql`, {
    method: "POST",
    headers: { authorization: `bearer ${fake.token}`, "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("GitHubFake", () => {
  let clock: VirtualClock;
  let fake: GitHubFake;
  let log: MemoryLogger;
  let octokit: Octokit;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    clock = new VirtualClock("2026-11-25T00:00:00Z");
    fake = await new GitHubFake({ clock }).start();
    fake.seedRepository({ owner, name: repo, defaultBranch: "main" });
    log = new MemoryLogger();
    octokit = fastForwardTimers(createOctokit({ token: fake.token, log, baseUrl: fake.url }));
  });

  afterEach(async () => {
    vi.useRealTimers();
    await fake.stop();
  });

  describe("GraphQL against GitHub's schema", () => {
    const PULLS = /* GraphQL */ `
      query Pulls($owner: String!, $name: String!, $after: String) {
        repository(owner: $owner, name: $name) {
          defaultBranchRef { name }
          pullRequests(states: [MERGED], baseRefName: "main", first: 100, after: $after,
                       orderBy: { field: UPDATED_AT, direction: DESC }) {
            totalCount
            pageInfo { hasNextPage endCursor }
            nodes {
              number title mergedAt updatedAt merged state baseRefName
              mergeCommit { oid }
              author { __typename login }
              labels(first: 10) { nodes { name } }
              commits(first: 1) { totalCount nodes { commit { oid authoredDate committedDate } } }
              reviews(first: 5, states: [APPROVED]) { nodes { submittedAt state author { login } } }
              files(first: 5) { nodes { path } }
            }
          }
        }
        rateLimit { cost remaining limit used resetAt }
      }`;

    interface PullsPage {
      repository: {
        defaultBranchRef: { name: string };
        pullRequests: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          nodes: { number: number; updatedAt: string; mergeCommit: { oid: string }; author: { __typename: string } }[];
        };
      };
      rateLimit: { cost: number; remaining: number; limit: number; used: number };
    }

    it("pages 250 pull requests 100 at a time, newest update first, with documented costs", async () => {
      fake.seedPullRequests(250, {
        owner,
        repo,
        overrides: (index) => ({
          labels: index % 10 === 0 ? ["hotfix"] : [],
          author: index % 5 === 0 ? "dependabot[bot]" : "alice",
          reviews: [{ author: "bob" }],
          files: ["src/app.ts"],
        }),
      });
      const seen: number[] = [];
      const costs: number[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page: PullsPage = await octokit.graphql<PullsPage>(PULLS, { owner, name: repo, after });
        const connection = page.repository.pullRequests;
        expect(page.repository.defaultBranchRef.name).toBe("main");
        expect(connection.totalCount).toBe(250);
        seen.push(...connection.nodes.map((node) => node.number));
        costs.push(page.rateLimit.cost);
        after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
        pages += 1;
      } while (after !== null);

      expect(pages).toBe(3);
      expect(seen).toHaveLength(250);
      expect(new Set(seen).size).toBe(250);
      // Seeded one hour apart, so the newest update is the last seeded pull request.
      expect(seen.slice(0, 3)).toEqual([250, 249, 248]);
      // 1 request for pullRequests + 100 each for labels, commits, reviews, files = 401 → 4 points.
      expect(costs).toEqual([4, 4, 4]);
      expect(fake.rateLimits.window("graphql").used).toBe(12);
      expect(fake.operationCounts()).toEqual({ Pulls: 3 });
      expect(fake.mutatingRequests()).toEqual([]);
    });

    it("rejects an unknown field with GitHub's validation error, HTTP 200 and no data", async () => {
      const query = `query Broken { repository(owner: "acme", name: "shop") { defaultBranchRef { name } mergeQueueSize } }`;
      const raw = await postGraphQL(fake, query);
      expect(raw.status).toBe(200);
      expect(raw.body).toEqual({
        errors: [
          {
            path: ["query Broken", "repository", "mergeQueueSize"],
            extensions: { code: "undefinedField", typeName: "Repository", fieldName: "mergeQueueSize" },
            locations: [{ line: 1, column: 84 }],
            message: "Field 'mergeQueueSize' doesn't exist on type 'Repository'",
          },
        ],
      });

      await expect(octokit.graphql(query)).rejects.toMatchObject({
        name: "GraphqlResponseError",
        message: expect.stringContaining("Field 'mergeQueueSize' doesn't exist on type 'Repository'"),
      });
      // Rejected before execution: nothing charged.
      expect(fake.rateLimits.window("graphql").used).toBe(0);
    });

    it("rejects a missing argument, a syntax error and an unknown argument in GitHub's words", async () => {
      const missing = await postGraphQL(fake, `{ repository(owner: "acme") { name } }`);
      expect(missing.body["errors"]).toMatchObject([
        {
          message: "Field 'repository' is missing required arguments: name",
          extensions: { code: "missingRequiredArguments" },
        },
      ]);
      const syntax = await postGraphQL(fake, `{ repository(owner: "acme", name: "shop") { name }`);
      expect(syntax.body["errors"]).toEqual([{ message: "Unexpected end of document", locations: expect.any(Array) }]);
      const argument = await postGraphQL(
        fake,
        `{ repository(owner: "acme", name: "shop") { pullRequests(first: 1, sort: "x") { totalCount } } }`,
      );
      expect(argument.body["errors"]).toMatchObject([
        {
          path: ["query", "repository", "pullRequests", "sort"],
          message: "Field 'pullRequests' doesn't accept argument 'sort'",
        },
      ]);
    });

    it("enforces the 100-record page limit and pagination boundaries like GitHub", async () => {
      const tooMany = await postGraphQL(
        fake,
        `{ repository(owner: "acme", name: "shop") { pullRequests(first: 101) { nodes { number } } } }`,
      );
      expect(tooMany.body).toEqual({
        data: { repository: null },
        errors: [
          {
            type: "EXCESSIVE_PAGINATION",
            path: ["repository", "pullRequests"],
            locations: [{ line: 1, column: 45 }],
            message:
              "Requesting 101 records on the `pullRequests` connection exceeds the `first` limit of 100 records.",
          },
        ],
      });
      const unbounded = await postGraphQL(
        fake,
        `{ repository(owner: "acme", name: "shop") { pullRequests { nodes { number } } } }`,
      );
      expect(unbounded.body["errors"]).toMatchObject([
        {
          type: "MISSING_PAGINATION_BOUNDARIES",
          message: "You must provide a `first` or `last` value to properly paginate the `pullRequests` connection.",
        },
      ]);
      // Counting alone needs no page size.
      const count = await postGraphQL(
        fake,
        `{ repository(owner: "acme", name: "shop") { pullRequests { totalCount } } }`,
      );
      expect(count.body).toEqual({ data: { repository: { pullRequests: { totalCount: 0 } } } });
    });

    it("answers NOT_FOUND for an unknown repository", async () => {
      const missing = await postGraphQL(fake, `{ repository(owner: "acme", name: "nope") { name } }`);
      expect(missing.body).toMatchObject({
        data: { repository: null },
        errors: [{ type: "NOT_FOUND", message: "Could not resolve to a Repository with the name 'acme/nope'." }],
      });
    });

    it("computes rateLimit cost with the documented formula", async () => {
      const cost = async (query: string) => {
        const { rateLimit } = await octokit.graphql<{ rateLimit: { cost: number } }>(query);
        return rateLimit.cost;
      };
      // No connection: the minimum of 1 point.
      expect(await cost(`{ rateLimit { cost } }`)).toBe(1);
      // The documented example's shape: 1 + 100 + 100 × 50 = 5,101 requests → 51 points.
      expect(
        await cost(`{ repository(owner: "acme", name: "shop") {
          pullRequests(first: 100) { nodes { commits(first: 50) { nodes { commit { parents(first: 60) { totalCount } } } } } } }
          rateLimit { cost } }`),
      ).toBe(51);
      // 1 + 100 + 100 = 201 requests → 2 points (a connection counted with `totalCount` still counts).
      expect(
        await cost(`{ repository(owner: "acme", name: "shop") {
          pullRequests(first: 100) { nodes { commits(first: 100) { totalCount } labels(first: 100) { totalCount } } } }
          rateLimit { cost } }`),
      ).toBe(2);
      expect(fake.rateLimits.window("graphql").used).toBe(54);
      const { rateLimit } = await octokit.graphql<{ rateLimit: { remaining: number; used: number; limit: number } }>(
        `{ rateLimit { remaining used limit } }`,
      );
      expect(rateLimit).toEqual({ limit: 5000, used: 55, remaining: 4945 });
    });

    it("searches pull requests with qualifiers; issueCount is the full count, paging stops at 1,000", async () => {
      fake.seedPullRequests(1200, {
        owner,
        repo,
        start: "2026-01-01T00:00:00Z",
        intervalMs: 3_600_000,
        overrides: (index) => ({ labels: index % 2 === 0 ? ["deploy"] : [] }),
      });
      fake.seedPullRequest({ owner, repo, title: "still open", createdAt: "2026-03-01T00:00:00Z" });
      const SEARCH = `query Search($q: String!, $after: String) {
        search(query: $q, type: ISSUE, first: 100, after: $after) {
          issueCount
          pageInfo { hasNextPage endCursor }
          nodes { ... on PullRequest { number mergedAt labels(first: 5) { nodes { name } } } }
        }
      }`;
      type SearchPage = {
        search: {
          issueCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          nodes: { number: number; mergedAt: string }[];
        };
      };
      const all = await postGraphQL(fake, SEARCH, { q: `repo:${owner}/${repo} is:pr is:merged` });
      expect((all.body["data"] as SearchPage).search.issueCount).toBe(1200);

      let after: string | null = null;
      let fetched = 0;
      let pages = 0;
      do {
        const page: { status: number; body: Record<string, unknown> } = await postGraphQL(fake, SEARCH, {
          q: `repo:${owner}/${repo} is:pr is:merged`,
          after,
        });
        const search = (page.body["data"] as SearchPage).search;
        fetched += search.nodes.length;
        after = search.pageInfo.hasNextPage ? search.pageInfo.endCursor : null;
        pages += 1;
      } while (after !== null);
      expect(pages).toBe(10);
      expect(fetched).toBe(1000);

      // label + merged date range (whole UTC days) + base.
      const january = await postGraphQL(fake, SEARCH, {
        q: `repo:${owner}/${repo} is:pr label:deploy merged:2026-01-01..2026-01-02 base:main`,
      });
      const found = (january.body["data"] as SearchPage).search;
      // PRs created hourly from 00:00 merge 2 h later: merges on Jan 1–2 are PRs created 2025-12-31T22:00…
      // i.e. the first 46 seeded; half carry the label.
      expect(found.issueCount).toBe(23);
      expect(found.nodes.every((node) => node.mergedAt.startsWith("2026-01-0"))).toBe(true);
    });

    it("models deployments with statuses, environments and order", async () => {
      fake.seedDeployment({
        owner,
        repo,
        environment: "production",
        createdAt: "2026-11-20T10:00:00Z",
        statuses: [{ state: "in_progress" }, { state: "success" }],
      });
      fake.seedDeployment({
        owner,
        repo,
        environment: "staging",
        createdAt: "2026-11-21T10:00:00Z",
        statuses: [{ state: "failure" }],
      });
      fake.seedDeployment({ owner, repo, environment: "production", createdAt: "2026-11-22T10:00:00Z" });
      const result = await octokit.graphql<{
        repository: {
          deployments: {
            totalCount: number;
            nodes: {
              environment: string;
              state: string;
              createdAt: string;
              statuses: { nodes: { state: string }[] };
            }[];
          };
        };
      }>(`{ repository(owner: "acme", name: "shop") {
            deployments(environments: ["production"], first: 10, orderBy: { field: CREATED_AT, direction: DESC }) {
              totalCount
              nodes { environment state createdAt commit { oid } statuses(first: 5) { nodes { state createdAt } } }
            } } }`);
      expect(result.repository.deployments.totalCount).toBe(2);
      expect(result.repository.deployments.nodes.map((node) => [node.createdAt, node.state])).toEqual([
        ["2026-11-22T10:00:00Z", "PENDING"],
        ["2026-11-20T10:00:00Z", "ACTIVE"],
      ]);
      expect(result.repository.deployments.nodes[1]?.statuses.nodes.map((status) => status.state)).toEqual([
        "SUCCESS",
        "IN_PROGRESS",
      ]);
    });
  });

  describe("REST shaped by GitHub's OpenAPI description", () => {
    it("rejects a deployment without `ref` with 422 Invalid request and creates nothing", async () => {
      const failure = await octokit
        .request("POST /repos/{owner}/{repo}/deployments", {
          owner,
          repo,
          environment: "production",
        } as unknown as Parameters<Octokit["rest"]["repos"]["createDeployment"]>[0])
        .catch((error: unknown) => error);
      expect(failure).toMatchObject({
        status: 422,
        response: {
          data: {
            message: `Invalid request.\n\n"ref" wasn't supplied.`,
            documentation_url: "https://docs.github.com/rest/deployments/deployments#create-a-deployment",
            status: "422",
          },
        },
      });
      expect(fake.deployments(owner, repo)).toEqual([]);
      expect(fake.requests.at(-1)).toMatchObject({ operation: "repos/create-deployment", mutating: true, status: 422 });
    });

    it("rejects wrong types and enum values, and unknown routes, in GitHub's shapes", async () => {
      const badType = await octokit.rest.repos
        .createDeployment({ owner, repo, ref: "main", required_contexts: "ci" as unknown as string[] })
        .catch((error: unknown) => error);
      expect(badType).toMatchObject({
        status: 422,
        response: {
          data: { message: `Invalid request.\n\nFor 'properties/required_contexts', "ci" is not an array.` },
        },
      });
      const { data: deployment } = await octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref: "main",
        required_contexts: [],
      });
      const badState = await octokit.rest.repos
        .createDeploymentStatus({
          owner,
          repo,
          deployment_id: (deployment as { id: number }).id,
          state: "done" as "success",
        })
        .catch((error: unknown) => error);
      expect(badState).toMatchObject({
        status: 422,
        response: {
          data: {
            message: `Invalid request.\n\nFor 'properties/state', "done" is not one of ["error", "failure", "inactive", "in_progress", "queued", "pending", "success"].`,
          },
        },
      });
      const unknown = await octokit.request("GET /repos/{owner}/{repo}/frobnicate", { owner, repo }).catch((e) => e);
      expect(unknown).toMatchObject({
        status: 404,
        response: { data: { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" } },
      });
      const missing = await octokit.rest.repos.get({ owner, repo: "nope" }).catch((error: unknown) => error);
      expect(missing).toMatchObject({ status: 404 });
    });

    it("creates, updates and lists issue comments with pagination", async () => {
      const pull = fake.seedPullRequest({ owner, repo, title: "Add checkout" });
      const { data: first } = await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: pull.number,
        body: "Deploying…",
      });
      expect(first).toMatchObject({
        body: "Deploying…",
        user: { login: "github-actions[bot]", type: "Bot" },
        created_at: "2026-11-25T00:00:00Z",
        html_url: `https://github.com/acme/shop/pull/${pull.number}#issuecomment-${first.id}`,
      });
      clock.advance(60_000);
      const { data: updated } = await octokit.rest.issues.updateComment({
        owner,
        repo,
        comment_id: first.id,
        body: "Deployed ✅",
      });
      expect(updated).toMatchObject({ id: first.id, body: "Deployed ✅", updated_at: "2026-11-25T00:01:00Z" });
      await octokit.rest.issues.createComment({ owner, repo, issue_number: pull.number, body: "second" });
      await octokit.rest.issues.createComment({ owner, repo, issue_number: pull.number, body: "third" });

      const page = await octokit.rest.issues.listComments({ owner, repo, issue_number: pull.number, per_page: 2 });
      expect(page.data.map((comment) => comment.body)).toEqual(["Deployed ✅", "second"]);
      expect(page.headers.link).toContain('rel="next"');
      const all = await octokit.paginate(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: pull.number,
        per_page: 2,
      });
      expect(all.map((comment) => comment.body)).toEqual(["Deployed ✅", "second", "third"]);
      expect(fake.comments(owner, repo, pull.number).map((comment) => comment["body"])).toEqual([
        "Deployed ✅",
        "second",
        "third",
      ]);
      const missing = await octokit.rest.issues
        .createComment({ owner, repo, issue_number: 999, body: "x" })
        .catch((error: unknown) => error);
      expect(missing).toMatchObject({ status: 404 });
    });

    it("creates a deployment with statuses and lists them", async () => {
      const { data: created } = await octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref: "main",
        environment: "staging",
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
        production_environment: false,
        description: "Deploy web",
      });
      const deployment = created as { id: number; sha: string; environment: string; production_environment: boolean };
      expect(deployment).toMatchObject({ environment: "staging", production_environment: false });
      expect(deployment.sha).toBe(fake.repository(owner, repo)?.branches.get("main"));

      await octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: deployment.id,
        state: "in_progress",
        log_url: "https://ci.example/run/1",
      });
      clock.advance(120_000);
      const { data: success } = await octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: deployment.id,
        state: "success",
        environment_url: "https://staging.example",
        description: "Rolled out",
      });
      expect(success).toMatchObject({
        state: "success",
        environment: "staging",
        environment_url: "https://staging.example",
        created_at: "2026-11-25T00:02:00Z",
        creator: { login: "github-actions[bot]" },
      });

      const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
        owner,
        repo,
        deployment_id: deployment.id,
      });
      expect(statuses.map((status) => [status.state, status.log_url])).toEqual([
        ["success", ""],
        ["in_progress", "https://ci.example/run/1"],
      ]);
      const { data: staging } = await octokit.rest.repos.listDeployments({ owner, repo, environment: "staging" });
      const { data: production } = await octokit.rest.repos.listDeployments({ owner, repo, environment: "production" });
      expect(staging.map((item) => item.id)).toEqual([deployment.id]);
      expect(production).toEqual([]);
      expect(fake.deployments(owner, repo)[0]).toMatchObject({
        statuses: [{ state: "success" }, { state: "in_progress" }],
      });
    });

    it("applies the documented deployment checks: unknown ref, failing required contexts, auto-merge", async () => {
      const unknownRef = await octokit.rest.repos
        .createDeployment({ owner, repo, ref: "no-such-branch" })
        .catch((error: unknown) => error);
      expect(unknownRef).toMatchObject({
        status: 422,
        response: { data: { message: "No ref found for: no-such-branch" } },
      });

      fake.seedCommitStatus({ owner, repo, ref: "main", context: "ci/test", state: "failure" });
      const failing = await octokit.rest.repos
        .createDeployment({ owner, repo, ref: "main", required_contexts: ["ci/test"] })
        .catch((error: unknown) => error);
      expect(failing).toMatchObject({
        status: 409,
        response: {
          data: {
            message: "Conflict: Commit status checks failed for main.",
            errors: [{ contexts: [{ context: "ci/test", state: "failure" }], field: "required_contexts" }],
          },
        },
      });

      // feature/x branches off main, then main moves on: the deployment merges main in first (202).
      fake.seedCommit({ owner, repo, branch: "feature/x", message: "feature work" });
      fake.seedCommit({ owner, repo, branch: "main", message: "hotfix on main" });
      const merged = await octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref: "feature/x",
        required_contexts: [],
      });
      expect(merged.status).toBe(202);
      expect(merged.data).toEqual({ message: "Auto-merged main into feature/x on deployment." });
      expect(fake.deployments(owner, repo)).toEqual([]);
      const retried = await octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref: "feature/x",
        required_contexts: [],
      });
      expect(retried.status).toBe(201);

      const issue = fake.seedIssue({ owner, repo, labels: ["bug", "p1"] });
      const { data: labels } = await octokit.rest.issues.listLabelsOnIssue({ owner, repo, issue_number: issue.number });
      expect(labels.map((label) => label.name)).toEqual(["bug", "p1"]);
    });

    it("compares commits by ancestry and lists workflow runs and releases", async () => {
      const base = fake.repository(owner, repo)?.branches.get("main") ?? "";
      const merged = fake.seedPullRequest({
        owner,
        repo,
        commits: 2,
        createdAt: "2026-11-24T10:00:00Z",
        mergedAt: "2026-11-24T12:00:00Z",
      });
      const { data: comparison } = await octokit.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${base}...main`,
      });
      expect(comparison).toMatchObject({ status: "ahead", ahead_by: 3, behind_by: 0, total_commits: 3 });
      expect(comparison.commits.map((commit) => commit.sha).at(-1)).toBe(merged.mergeCommitOid);

      fake.seedWorkflowRun({ owner, repo, workflow: "deploy.yml", createdAt: "2026-11-20T00:00:00Z" });
      fake.seedWorkflowRun({
        owner,
        repo,
        workflow: "deploy.yml",
        createdAt: "2026-11-23T00:00:00Z",
        conclusion: "failure",
      });
      fake.seedWorkflowRun({
        owner,
        repo,
        workflow: "deploy.yml",
        headBranch: "feature/x",
        createdAt: "2026-11-24T00:00:00Z",
      });
      const { data: runs } = await octokit.rest.actions.listWorkflowRuns({
        owner,
        repo,
        workflow_id: "deploy.yml",
        branch: "main",
        status: "success",
        created: ">=2026-11-19",
      });
      expect(runs.total_count).toBe(1);
      expect(runs.workflow_runs[0]).toMatchObject({
        conclusion: "success",
        head_branch: "main",
        path: ".github/workflows/deploy.yml",
      });

      fake.seedRelease({ owner, repo, tagName: "v1.0.0", createdAt: "2026-11-01T00:00:00Z" });
      fake.seedRelease({ owner, repo, tagName: "v1.1.0", createdAt: "2026-11-10T00:00:00Z" });
      const { data: releases } = await octokit.rest.repos.listReleases({ owner, repo });
      expect(releases.map((release) => release.tag_name)).toEqual(["v1.1.0", "v1.0.0"]);
      const { data: pullData } = await octokit.rest.pulls.get({ owner, repo, pull_number: merged.number });
      expect(pullData).toMatchObject({ merged: true, state: "closed", merge_commit_sha: merged.mergeCommitOid });
      const { data: repoData } = await octokit.rest.repos.get({ owner, repo });
      expect(repoData.default_branch).toBe("main");
    });
  });

  describe("auth and rate limits", () => {
    it("answers 401 Bad credentials for an unknown token and sends x-ratelimit headers", async () => {
      const stranger = fastForwardTimers(createOctokit({ token: "ghp_unknown", log, baseUrl: fake.url }));
      await expect(stranger.rest.repos.get({ owner, repo })).rejects.toMatchObject({
        status: 401,
        response: { data: { message: "Bad credentials" } },
      });
      const { headers } = await octokit.rest.repos.get({ owner, repo });
      expect(headers).toMatchObject({
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "4999",
        "x-ratelimit-used": "1",
        "x-ratelimit-resource": "core",
      });
    });

    it("plugin-throttling waits out a secondary rate limit (403 and 429) and the request then succeeds", async () => {
      // plugin-throttling reads `retry-after: 0` as absent and waits its 60 s fallback.
      fake.secondaryRateLimit(1, 0, { operation: "repos/get" });
      fake.secondaryRateLimit(1, 2, { operation: "issues/create-comment", status: 429 });
      const pull = fake.seedPullRequest({ owner, repo });
      const { data } = await octokit.rest.repos.get({ owner, repo });
      expect(data.full_name).toBe("acme/shop");
      await octokit.rest.issues.createComment({ owner, repo, issue_number: pull.number, body: "hi" });
      expect(fake.requests.map((request) => [request.operation, request.status])).toEqual([
        ["repos/get", 403],
        ["repos/get", 200],
        ["issues/create-comment", 429],
        ["issues/create-comment", 201],
      ]);
      expect(log.text("warning").split("\n")).toEqual([
        "GitHub secondary rate limit on GET /repos/{owner}/{repo}; waiting 60s",
        "GitHub secondary rate limit on POST /repos/{owner}/{repo}/issues/{issue_number}/comments; waiting 2s",
      ]);
      expect(fake.comments(owner, repo, pull.number)).toHaveLength(1);
    });
  });
});
