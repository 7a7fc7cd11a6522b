import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { type Clock, systemClock } from "./clock.js";
import { environmentRunContext, type RunContext } from "./context.js";
import { endpointOverride } from "./endpoint.js";
import { actionsLogger, type Logger } from "./log.js";
import { exactlyOnce } from "./once.js";

export { type RunContext, runContext } from "./context.js";

export type Octokit = ReturnType<typeof getOctokit>;

export interface OctokitOptions {
  token: string;
  log: Logger;
  /**
   * REST base URL; defaults to GITHUB_API_URL as the runner sets it (api.github.com, GitHub
   * Enterprise Server's `<server>/api/v3`, GHE.com's `api.<host>`) or loopback; any other value
   * needs SRE_ACTIONS_ALLOW_ENDPOINT_OVERRIDE=true.
   */
  baseUrl?: string | undefined;
  /** Primary rate limit: how many times to wait for the reset before giving up. */
  rateLimitRetries?: number;
  /** Extra plugin-throttling settings (tests pass `{ enabled: false }` to skip its real-time request spacing). */
  throttle?: Record<string, unknown>;
  /** Extra plugin-retry settings (tests shorten `retryAfterBaseValue`, which is real time). */
  retry?: Record<string, unknown>;
}

/**
 * Octokit with REST methods, pagination, GraphQL, retries of 5xx and waits for both primary and
 * secondary rate limits: a secondary limit is always waited out, never a failure.
 */
export function createOctokit(options: OctokitOptions): Octokit {
  const baseUrl = options.baseUrl ?? githubApiUrl();
  const rateLimitRetries = options.rateLimitRetries ?? 3;
  const build = (extra: Record<string, unknown>) =>
    getOctokit(
      options.token,
      {
        ...(baseUrl ? { baseUrl } : {}),
        throttle: {
          onRateLimit: (
            retryAfter: number,
            request: { method: string; url: string },
            _octokit: unknown,
            retryCount: number,
          ) => {
            options.log.warning(
              `GitHub rate limit reached on ${request.method} ${request.url}; waiting ${retryAfter}s`,
            );
            return retryCount < rateLimitRetries;
          },
          onSecondaryRateLimit: (retryAfter: number, request: { method: string; url: string }) => {
            options.log.warning(
              `GitHub secondary rate limit on ${request.method} ${request.url}; waiting ${retryAfter}s`,
            );
            return true;
          },
          ...extra,
          ...options.throttle,
        },
        ...(options.retry === undefined ? {} : { retry: options.retry }),
      },
      throttling,
      retry,
    );
  const octokit = build({});
  // plugin-throttling sends every /graphql request through its write group (≥ 1 s apart) without
  // reading the body. Queries are reads: they go through a twin whose write group does not space
  // them, with the same rate-limit handling and retries. Mutations keep the spacing.
  const reads = build({ write: UNSPACED });
  octokit.hook.wrap("request", (request, endpoint) => {
    if (!isGraphQLQuery(endpoint)) return request(endpoint);
    // Without this octokit's own hook, so the twin runs its hooks (auth, throttling, retry) instead.
    const { hook: _ownHook, ...requestOptions } = endpoint.request ?? {};
    return reads.request({ ...endpoint, request: requestOptions });
  });
  return octokit;
}

/** GITHUB_API_URL when it is the runner's own value for GITHUB_SERVER_URL, loopback, or opted in. */
export function githubApiUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const official = ["https://api.github.com"];
  const server = env["GITHUB_SERVER_URL"]?.trim();
  if (server) {
    try {
      const url = new URL(server);
      official.push(`${url.origin}/api/v3`, `${url.protocol}//api.${url.host}`);
    } catch {
      // A malformed server URL derives nothing.
    }
  }
  return endpointOverride({ variable: "GITHUB_API_URL", official, env });
}

/** A Bottleneck group stand-in that runs each job at once. */
const UNSPACED = {
  key: () => ({
    schedule: (_options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]) =>
      Promise.resolve(job(...args)),
  }),
};

/** A POST /graphql whose document holds no mutation (comments stripped). */
export function isGraphQLQuery(endpoint: { url?: string; query?: unknown }): boolean {
  if (!String(endpoint.url ?? "").endsWith("/graphql") || typeof endpoint.query !== "string") return false;
  return !/(?:^|[\s{}])mutation\b/.test(endpoint.query.replace(/#[^\n]*/g, ""));
}

export interface StickyComment {
  owner: string;
  repo: string;
  issueNumber: number;
  /** A hidden HTML comment (`<!-- my-action:sticky -->`) that the body contains and that finds it again. */
  marker: string;
  body: string;
}

/**
 * Keeps one comment per issue or pull request: updates the comment that carries the marker, or
 * creates it. Re-runs edit in place instead of piling up comments. Creating is not idempotent: it goes
 * out without Octokit's retry, and after a lost answer the marker is looked up before sending again.
 */
export async function upsertStickyComment(
  octokit: Octokit,
  comment: StickyComment,
  deps: { clock?: Clock; log?: Logger } = {},
): Promise<{ action: "created" | "updated"; id: number }> {
  const repo = { owner: comment.owner, repo: comment.repo };
  const body = comment.body.includes(comment.marker) ? comment.body : `${comment.marker}\n${comment.body}`;
  const findMarked = async () => {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: comment.issueNumber,
      per_page: 100,
    });
    return comments.find((candidate) => candidate.body?.includes(comment.marker))?.id;
  };
  const existing = await findMarked();
  if (existing !== undefined) {
    await octokit.rest.issues.updateComment({ ...repo, comment_id: existing, body });
    return { action: "updated", id: existing };
  }
  return { action: "created", id: await createCommentOnce(octokit, { ...comment, body }, deps, findMarked) };
}

/**
 * Creates a comment that carries `comment.marker`, exactly once: createComment is not idempotent,
 * so it goes out without Octokit's retry and, after an ambiguous failure, the comments are read
 * back for the marker before it is sent again.
 */
export async function createCommentOnce(
  octokit: Octokit,
  comment: StickyComment,
  deps: { clock?: Clock; log?: Logger } = {},
  findMarked: () => Promise<number | undefined> = async () => {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: comment.owner,
      repo: comment.repo,
      issue_number: comment.issueNumber,
      per_page: 100,
    });
    return comments.find((candidate) => candidate.body?.includes(comment.marker))?.id;
  },
): Promise<number> {
  return exactlyOnce({
    what: `comment on #${comment.issueNumber}`,
    attempt: async () =>
      (
        await octokit.rest.issues.createComment({
          owner: comment.owner,
          repo: comment.repo,
          issue_number: comment.issueNumber,
          body: comment.body,
          request: { retries: 0 },
        })
      ).data.id,
    readBack: findMarked,
    clock: deps.clock ?? systemClock,
    log: deps.log ?? actionsLogger,
    attempts: 3,
  });
}

/**
 * The current run's context, read from the runner's environment and event file. Never throws for
 * a missing variable (see `RunContext.missing` and `requireRunVariables`).
 */
export function currentRunContext(): RunContext {
  return environmentRunContext();
}
