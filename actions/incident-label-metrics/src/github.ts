import { type Octokit, upsertStickyComment } from "@sre-actions/core/github";
import type { RepoRef } from "./model.js";
import type { RateLimitData } from "./queries.js";

/** What the run cost: requests sent (retries included) and the rate-limit points GitHub reported. */
export interface ApiUsage {
  graphqlRequests: number;
  graphqlPoints: number;
  graphqlRemaining: number | undefined;
  restRequests: number;
  restRemaining: number | undefined;
  /** Wall time of the reading and computing, on the run's clock. */
  wallMs?: number | undefined;
}

export interface WorkflowRunItem {
  id: number;
  run_number: number;
  head_sha: string;
  html_url: string;
  updated_at: string;
  created_at: string;
}

export interface WorkflowRunsQuery {
  workflow: string;
  branch: string;
  /** GitHub's `created` filter, e.g. `2026-01-01T00:00:00Z..2026-02-01T00:00:00Z`. */
  created: string | undefined;
  page: number;
}

/** Every GitHub call the action makes, counted (the summary shows the cost). */
export interface GitHubPort {
  readonly usage: ApiUsage;
  /** A GraphQL query; its `rateLimit { cost remaining }` is added to the usage. */
  query<T extends RateLimitData>(document: string, variables: Record<string, unknown>): Promise<T>;
  /** A query whose missing nodes (NOT_FOUND) are answered as null instead of failing the run. */
  queryPartial<T extends RateLimitData>(document: string, variables: Record<string, unknown>): Promise<T>;
  /** One page (100) of a workflow's successful runs on a branch, newest first. */
  workflowRuns(ref: RepoRef, query: WorkflowRunsQuery): Promise<{ totalCount: number; runs: WorkflowRunItem[] }>;
  /** One page (100) of the commits `base...head` adds, oldest first. */
  compare(ref: RepoRef, base: string, head: string, page: number): Promise<string[]>;
  /** Keeps one comment carrying `marker` on an issue or PR: updated in place, or created. */
  upsertComment(
    ref: RepoRef,
    issueNumber: number,
    marker: string,
    body: string,
  ): Promise<{ action: "created" | "updated"; id: number }>;
}

/** The port over `createOctokit` (retries and rate-limit waits). */
export class OctokitGitHub implements GitHubPort {
  readonly usage: ApiUsage = {
    graphqlRequests: 0,
    graphqlPoints: 0,
    graphqlRemaining: undefined,
    restRequests: 0,
    restRemaining: undefined,
  };

  constructor(private readonly octokit: Octokit) {
    octokit.hook.before("request", (options) => {
      if (String(options.url).endsWith("/graphql")) this.usage.graphqlRequests += 1;
      else this.usage.restRequests += 1;
    });
    octokit.hook.after("request", (response, options) => {
      const remaining = Number(response.headers["x-ratelimit-remaining"]);
      if (!String(options.url).endsWith("/graphql") && !Number.isNaN(remaining)) this.usage.restRemaining = remaining;
    });
  }

  async query<T extends RateLimitData>(document: string, variables: Record<string, unknown>): Promise<T> {
    const data = await this.octokit.graphql<T>(document, variables);
    this.count(data);
    return data;
  }

  async queryPartial<T extends RateLimitData>(document: string, variables: Record<string, unknown>): Promise<T> {
    try {
      return await this.query<T>(document, variables);
    } catch (error) {
      const partial = (error as { data?: T; errors?: { type?: string }[] }).data;
      const errors = (error as { errors?: { type?: string }[] }).errors ?? [];
      if (partial === undefined || partial === null || errors.some((e) => e.type !== "NOT_FOUND")) throw error;
      this.count(partial);
      return partial;
    }
  }

  async workflowRuns(ref: RepoRef, query: WorkflowRunsQuery) {
    const response = await this.octokit.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {
      owner: ref.owner,
      repo: ref.repo,
      workflow_id: query.workflow,
      branch: query.branch,
      status: "success",
      ...(query.created === undefined ? {} : { created: query.created }),
      per_page: 100,
      page: query.page,
    });
    return { totalCount: response.data.total_count, runs: response.data.workflow_runs as WorkflowRunItem[] };
  }

  async compare(ref: RepoRef, base: string, head: string, page: number): Promise<string[]> {
    const response = await this.octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
      owner: ref.owner,
      repo: ref.repo,
      basehead: `${base}...${head}`,
      per_page: 100,
      page,
    });
    return response.data.commits.map((commit) => commit.sha);
  }

  upsertComment(ref: RepoRef, issueNumber: number, marker: string, body: string) {
    return upsertStickyComment(this.octokit, { owner: ref.owner, repo: ref.repo, issueNumber, marker, body });
  }

  private count(data: RateLimitData): void {
    if (data.rateLimit) {
      this.usage.graphqlPoints += data.rateLimit.cost;
      this.usage.graphqlRemaining = data.rateLimit.remaining;
    }
  }
}
