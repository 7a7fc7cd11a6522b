import type { Octokit } from "@sre-actions/core/github";
import type { RateLimitData } from "./queries.js";

/** What the run cost: requests sent (retries included) and the rate-limit points GitHub reported. */
export interface ApiUsage {
  graphqlRequests: number;
  graphqlPoints: number;
  graphqlRemaining: number | undefined;
  restRequests: number;
  restRemaining: number | undefined;
}

/** The GitHub calls the logic makes, counted; built on `createOctokit` (retries and rate-limit waits). */
export class GitHubApi {
  readonly usage: ApiUsage = {
    graphqlRequests: 0,
    graphqlPoints: 0,
    graphqlRemaining: undefined,
    restRequests: 0,
    restRemaining: undefined,
  };

  constructor(readonly octokit: Octokit) {
    octokit.hook.before("request", (options) => {
      if (String(options.url).endsWith("/graphql")) this.usage.graphqlRequests += 1;
      else this.usage.restRequests += 1;
    });
    octokit.hook.after("request", (response, options) => {
      const remaining = Number(response.headers["x-ratelimit-remaining"]);
      if (!String(options.url).endsWith("/graphql") && !Number.isNaN(remaining)) this.usage.restRemaining = remaining;
    });
  }

  /** A GraphQL query; its `rateLimit { cost remaining }` is added to the usage. */
  async query<T extends RateLimitData>(document: string, variables: Record<string, unknown>): Promise<T> {
    const data = await this.octokit.graphql<T>(document, variables);
    this.count(data);
    return data;
  }

  /** A query whose missing nodes (NOT_FOUND) are answered as null instead of failing the run. */
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

  private count(data: RateLimitData): void {
    if (data.rateLimit) {
      this.usage.graphqlPoints += data.rateLimit.cost;
      this.usage.graphqlRemaining = data.rateLimit.remaining;
    }
  }
}
