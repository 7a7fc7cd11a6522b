import { type DocumentNode, GraphQLError, getOperationAST } from "graphql";
import {
  type Classification,
  type FakeRequest,
  type FakeResponse,
  FakeServer,
  type FakeServerOptions,
} from "../fake/server.js";
import {
  badCredentials,
  GitHubApiError,
  GRAPHQL_DOCS,
  notFound,
  PRIMARY_RATE_LIMIT_DOCS,
  problemsParsingJson,
  REST_DOCS,
  requiresAuthentication,
  SECONDARY_RATE_LIMIT_DOCS,
} from "./errors.js";
import { executeGraphQL, type GraphQLRequest, parseDocument } from "./graphql/execute.js";
import type { Actor, ActorInput, CommitStatus, Deployment, PullRequest, Repository } from "./model.js";
import { type RateLimitResource, RateLimits } from "./rate-limit.js";
import { reactionsOf, renderReaction, type SeedIssueComment, seedIssueComment } from "./rest/reactions.js";
import { renderDeployment, renderDeploymentStatus, renderIssueComment } from "./rest/render.js";
import { handleRest } from "./rest/router.js";
import { matchRoute, type RouteMatch } from "./rest/spec.js";
import * as seed from "./seed.js";
import { GitHubStore } from "./store.js";

export interface GitHubFakeOptions extends FakeServerOptions {
  /**
   * Accepted tokens and the account each acts as. Default: one token, `GitHubFake.DEFAULT_TOKEN`,
   * acting as `github-actions[bot]` (what a workflow's GITHUB_TOKEN is).
   */
  tokens?: Record<string, ActorInput>;
  /** Points per hour (documented defaults: 5,000 for REST `core` and for `graphql`). */
  rateLimits?: Partial<Record<RateLimitResource, number>>;
}

export interface SecondaryRateLimitOptions {
  /** 403 (default) or 429; GitHub uses both. */
  status?: 403 | 429;
  /** Only requests of this operation (`repos/create-deployment`, a GraphQL operation name, …). */
  operation?: string | RegExp;
}

interface SecondaryLimitRule {
  remaining: number;
  retryAfterSeconds: number;
  status: 403 | 429;
  operation: string | RegExp | undefined;
}

interface ParsedRequest {
  graphql?: { request: GraphQLRequest; document: DocumentNode | GraphQLError | undefined };
  route?: RouteMatch;
  /** The body was not JSON (REST and GraphQL both answer 400). */
  badJson?: boolean;
}

const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "x-github-media-type": "github.v3; format=json",
  "x-github-api-version-selected": "2022-11-28",
};

/**
 * GitHub's REST and GraphQL APIs on loopback, for `createOctokit({ token, log, baseUrl: fake.url })`.
 * GraphQL documents are validated and executed against GitHub's published schema; REST requests are
 * routed and validated by GitHub's OpenAPI description. State lives in memory and is seeded with the
 * `seed*` methods.
 *
 * @example
 * const github = await new GitHubFake().start();
 * github.seedRepository({ owner: "acme", name: "shop" });
 * const octokit = createOctokit({ token: github.token, log, baseUrl: github.url });
 */
export class GitHubFake extends FakeServer {
  static readonly DEFAULT_TOKEN = "ghs_fake0000000000000000000000000000000";
  readonly store: GitHubStore;
  readonly rateLimits: RateLimits;
  private readonly tokens = new Map<string, Actor>();
  private readonly secondaryLimits: SecondaryLimitRule[] = [];
  private readonly parsed = new WeakMap<FakeRequest, ParsedRequest>();
  private requestCount = 0;

  constructor(options: GitHubFakeOptions = {}) {
    super(options);
    this.store = new GitHubStore(this.clock);
    this.rateLimits = new RateLimits(this.clock, {
      core: options.rateLimits?.core ?? 5000,
      graphql: options.rateLimits?.graphql ?? 5000,
    });
    const tokens = options.tokens ?? { [GitHubFake.DEFAULT_TOKEN]: "github-actions[bot]" };
    for (const [token, actor] of Object.entries(tokens)) this.tokens.set(token, this.store.actor(actor));
  }

  /** The first configured token. */
  get token(): string {
    const [first] = this.tokens.keys();
    if (first === undefined) throw new Error("GitHubFake has no tokens");
    return first;
  }

  // ── seeding ──────────────────────────────────────────────────────────────────────────────────

  seedRepository(options: seed.SeedRepository): Repository {
    return seed.seedRepository(this.store, options);
  }
  seedCommit(options: seed.SeedCommit) {
    return seed.seedCommit(this.store, options);
  }
  seedPullRequest(options: seed.SeedPullRequest): PullRequest {
    return seed.seedPullRequest(this.store, options);
  }
  /** `count` pull requests `intervalMs` apart (merged after `leadTimeMs` by default); 2,500 seed in well under a second. */
  seedPullRequests(count: number, options: seed.SeedPullRequests): PullRequest[] {
    return seed.seedPullRequests(this.store, count, options);
  }
  seedIssue(options: seed.SeedIssue) {
    return seed.seedIssue(this.store, options);
  }
  seedDeployment(options: seed.SeedDeployment): Deployment {
    return seed.seedDeployment(this.store, options);
  }
  seedWorkflowRun(options: seed.SeedWorkflowRun) {
    return seed.seedWorkflowRun(this.store, options);
  }
  seedRelease(options: seed.SeedRelease) {
    return seed.seedRelease(this.store, options);
  }
  seedCommitStatus(options: seed.SeedCommitStatus): CommitStatus {
    return seed.seedCommitStatus(this.store, options);
  }

  // ── inspection ───────────────────────────────────────────────────────────────────────────────

  repository(owner: string, repo: string): Repository | undefined {
    return this.store.repository(owner, repo);
  }

  /** A comment someone wrote (what an issue_comment event is about); returns it as the REST API does. */
  seedIssueComment(options: SeedIssueComment): Record<string, unknown> {
    return renderIssueComment(seedIssueComment(this.store, options), this.apiUrl());
  }

  /** The reactions on an issue comment, oldest first, as the REST API returns them. */
  reactions(owner: string, repo: string, commentId: number): Record<string, unknown>[] {
    const comment = this.store.requireRepository(owner, repo).comments.find((candidate) => candidate.id === commentId);
    return comment === undefined ? [] : reactionsOf(comment).map((reaction) => renderReaction(reaction, this.apiUrl()));
  }

  /** The comments on an issue or pull request, oldest first, as the REST API returns them. */
  comments(owner: string, repo: string, issueNumber: number): Record<string, unknown>[] {
    const record = this.store.requireRepository(owner, repo);
    return record.comments
      .filter((comment) => comment.issueNumber === issueNumber)
      .map((comment) => renderIssueComment(comment, this.apiUrl()));
  }

  /** The deployments, newest first, as the REST API returns them, each with its `statuses` (newest first). */
  deployments(owner: string, repo: string): Record<string, unknown>[] {
    const record = this.store.requireRepository(owner, repo);
    return [...record.deployments].reverse().map((deployment) => ({
      ...renderDeployment(deployment, this.apiUrl()),
      statuses: [...deployment.statuses].reverse().map((status) => renderDeploymentStatus(status, this.apiUrl())),
    }));
  }

  // ── faults ───────────────────────────────────────────────────────────────────────────────────

  /**
   * The next `times` requests (of `options.operation`, or any) get GitHub's secondary rate limit answer:
   * 403 (or 429) with `retry-after` and the message plugin-throttling recognises. Note that
   * plugin-throttling treats `retry-after: 0` as absent and waits its 60 s fallback.
   */
  secondaryRateLimit(times: number, retryAfterSeconds: number, options: SecondaryRateLimitOptions = {}): void {
    this.secondaryLimits.push({
      remaining: times,
      retryAfterSeconds,
      status: options.status ?? 403,
      operation: options.operation,
    });
  }

  /** Sets the points left in the current primary rate-limit window of `resource`. */
  setRateLimitRemaining(resource: RateLimitResource, remaining: number): void {
    this.rateLimits.set(resource, remaining);
  }

  // ── FakeServer ───────────────────────────────────────────────────────────────────────────────

  protected classify(request: FakeRequest): Classification {
    const parsed = this.parse(request);
    if (parsed.graphql !== undefined) {
      const { document, request: body } = parsed.graphql;
      if (document === undefined || document instanceof GraphQLError) return { operation: "graphql", mutating: false };
      const operationName = typeof body.operationName === "string" ? body.operationName : undefined;
      const operation = getOperationAST(document, operationName);
      return {
        operation: operation?.name?.value ?? operationName ?? "graphql",
        mutating: operation?.operation === "mutation",
      };
    }
    return {
      operation: parsed.route?.operation.operationId ?? "unknown",
      mutating: !["GET", "HEAD", "OPTIONS"].includes(request.method),
    };
  }

  protected async handle(request: FakeRequest, classification: Classification): Promise<FakeResponse> {
    this.requestCount += 1;
    const requestId = `FA6E:${this.requestCount.toString(16).toUpperCase().padStart(4, "0")}`;
    const parsed = this.parse(request);
    const resource: RateLimitResource = this.isGraphQL(request) ? "graphql" : "core";
    let response: FakeResponse;
    try {
      response = await this.answer(request, parsed, classification, requestId);
    } catch (error) {
      response = this.errorResponse(error);
    }
    return {
      ...response,
      headers: {
        ...JSON_HEADERS,
        ...this.rateLimits.headers(resource),
        "x-github-request-id": requestId,
        ...response.headers,
      },
    };
  }

  protected override errorResponse(error: unknown): FakeResponse {
    if (error instanceof GitHubApiError) return { status: error.status, body: error.body, headers: error.headers };
    // A fake bug or an unmodeled case; 400 so that retry plugins fail fast instead of backing off.
    const message = error instanceof Error ? error.message : String(error);
    return { status: 400, body: { message: `GitHubFake error: ${message}`, documentation_url: REST_DOCS } };
  }

  private async answer(
    request: FakeRequest,
    parsed: ParsedRequest,
    classification: Classification,
    requestId: string,
  ): Promise<FakeResponse> {
    const isGraphQL = this.isGraphQL(request);
    const viewer = this.authenticate(request, isGraphQL);
    const limited = this.takeSecondaryLimit(classification.operation);
    if (limited !== undefined) return this.secondaryLimitResponse(limited, requestId);
    if (isGraphQL) {
      if (parsed.graphql === undefined) throw problemsParsingJson(GRAPHQL_DOCS);
      const answer = await executeGraphQL(parsed.graphql.request, parsed.graphql.document, {
        store: this.store,
        viewer,
        rateLimits: this.rateLimits,
      });
      return { status: 200, body: answer.body };
    }
    if (parsed.route === undefined) throw notFound(REST_DOCS);
    // GET /rate_limit is documented not to count against the limit.
    if (parsed.route.operation.operationId !== "rate-limit/get" && !this.rateLimits.charge("core", 1)) {
      throw new GitHubApiError(
        403,
        `API rate limit exceeded for user ID ${viewer.id}. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
        PRIMARY_RATE_LIMIT_DOCS,
      );
    }
    const url = new URL(`${this.restPath(request)}${request.url.search}`, this.apiUrl());
    return handleRest(
      parsed.route,
      { url, body: request.body },
      {
        store: this.store,
        rateLimits: this.rateLimits,
        api: this.apiUrl(),
        viewer,
        now: this.clock.now(),
      },
    );
  }

  /** `Authorization: token <t>` or `Bearer <t>`; GitHub answers 401 for a missing or unknown token. */
  private authenticate(request: FakeRequest, isGraphQL: boolean): Actor {
    const header = request.headers.authorization ?? "";
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(header)?.[1];
    if (token === undefined) {
      if (isGraphQL) {
        throw new GitHubApiError(
          401,
          "This endpoint requires you to be authenticated.",
          "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql",
        );
      }
      throw requiresAuthentication();
    }
    const actor = this.tokens.get(token);
    if (actor === undefined) throw badCredentials(isGraphQL ? GRAPHQL_DOCS : REST_DOCS);
    return actor;
  }

  private takeSecondaryLimit(operation: string): SecondaryLimitRule | undefined {
    const rule = this.secondaryLimits.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.operation === undefined ||
          (typeof candidate.operation === "string"
            ? candidate.operation === operation
            : candidate.operation.test(operation))),
    );
    if (rule !== undefined) rule.remaining -= 1;
    return rule;
  }

  private secondaryLimitResponse(rule: SecondaryLimitRule, requestId: string): FakeResponse {
    const error = new GitHubApiError(
      rule.status,
      `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
      SECONDARY_RATE_LIMIT_DOCS,
    );
    return { status: error.status, body: error.body, headers: { "retry-after": String(rule.retryAfterSeconds) } };
  }

  /** Parses a request once: GraphQL body and document, or the REST route. */
  private parse(request: FakeRequest): ParsedRequest {
    const known = this.parsed.get(request);
    if (known !== undefined) return known;
    let parsed: ParsedRequest;
    if (this.isGraphQL(request)) {
      const body = request.json;
      if (body === undefined || body === null || typeof body !== "object") parsed = { badJson: true };
      else {
        const graphqlRequest = body as GraphQLRequest;
        parsed = { graphql: { request: graphqlRequest, document: parseDocument(graphqlRequest.query) } };
      }
    } else {
      const route = matchRoute(request.method, this.restPath(request));
      parsed = route === undefined ? {} : { route };
    }
    this.parsed.set(request, parsed);
    return parsed;
  }

  /** POST `/graphql`, or `/api/graphql` as on GitHub Enterprise Server. */
  private isGraphQL(request: FakeRequest): boolean {
    return request.method === "POST" && (request.path === "/graphql" || request.path === "/api/graphql");
  }

  /** REST paths, accepting GitHub Enterprise Server's `/api/v3` prefix too. */
  private restPath(request: FakeRequest): string {
    return request.path.startsWith("/api/v3/") ? request.path.slice("/api/v3".length) : request.path;
  }

  private apiUrl(): string {
    try {
      return this.url;
    } catch {
      return "https://api.github.com";
    }
  }
}
