import { ActionError } from "./errors.js";

/**
 * GitHub API failures a user can fix (a bad or under-privileged `github-token`, a repository it
 * cannot see, a rejected request) as an `ActionError` naming the input and the permission.
 * Duck-typed on Octokit's `RequestError` (`status`, `request.method`, `request.url`) so this file
 * imports no Octokit and `runAction` can use it in every action.
 */

interface RequestErrorLike {
  status: number;
  message: string;
  request: { method: string; url: string };
  response?: { headers?: Record<string, string | number | undefined> };
}

function isRequestError(error: unknown): error is RequestErrorLike & Error {
  if (!(error instanceof Error)) return false;
  const candidate = error as Partial<RequestErrorLike>;
  return (
    typeof candidate.status === "number" &&
    typeof candidate.request?.method === "string" &&
    typeof candidate.request.url === "string"
  );
}

export interface GitHubErrorContext {
  /** The input that holds the token (default `github-token`). */
  input?: string;
  /** The `permissions:` the call needs when the path alone does not say it (GraphQL). */
  permissions?: string;
}

/** The workflow permission a REST path needs, from its first segment after the repository. */
export function permissionFor(method: string, url: string): string {
  const path = pathOf(url);
  const write = !["GET", "HEAD"].includes(method.toUpperCase());
  const level = write ? "write" : "read";
  if (path === "/graphql") return "pull-requests: read and contents: read (what the query reads)";
  if (path.startsWith("/search/issues")) return "pull-requests: read";
  const segment = /^\/repos\/[^/]+\/[^/]+\/([^/]+)(\/\d+\/comments)?/.exec(path);
  switch (segment?.[1]) {
    case "deployments":
    case "environments":
      return `deployments: ${level}`;
    case "pulls":
      return `pull-requests: ${level}`;
    case "issues":
      return segment[2] === undefined ? `issues: ${level}` : `pull-requests: ${level} (issues: ${level} on an issue)`;
    case "labels":
      return `issues: ${level}`;
    case "actions":
      return `actions: ${level}`;
    case "statuses":
      return `statuses: ${level}`;
    case "check-runs":
    case "check-suites":
      return `checks: ${level}`;
    default:
      return `contents: ${level}`;
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url, "https://api.github.com").pathname.replace(/^\/api\/v3(?=\/)/, "");
  } catch {
    return url.split("?")[0] ?? url;
  }
}

/** The error as an `ActionError` that says what to do, or undefined when it is not one a user can fix. */
export function explainGitHubError(error: unknown, context: GitHubErrorContext = {}): ActionError | undefined {
  const input = context.input ?? "github-token";
  const graphql = graphqlDenial(error);
  if (graphql !== undefined) {
    return new ActionError(`GitHub GraphQL refused the query (${graphql})`, {
      hint: `Check the repository names in the inputs and that the "${input}" token can read them (${context.permissions ?? permissionFor("POST", "/graphql")}).`,
      cause: error,
    });
  }
  if (!isRequestError(error)) return undefined;
  const method = error.request.method.toUpperCase();
  const call = `${method} ${pathOf(error.request.url)}`;
  const permission = context.permissions ?? permissionFor(method, error.request.url);
  const said = firstLine(error.message);
  const options = (hint: string) => ({ hint, cause: error });
  switch (error.status) {
    case 401:
      return new ActionError(
        `GitHub rejected the "${input}" input (401 ${said}) on ${call}`,
        options(
          `Pass a valid token, e.g. ${input}: \${{ secrets.GITHUB_TOKEN }}; a personal or App token may have expired or been revoked.${context.permissions === undefined ? "" : ` It needs ${context.permissions}.`}`,
        ),
      );
    case 403:
    case 429: {
      const remaining = error.response?.headers?.["x-ratelimit-remaining"];
      if (String(remaining) === "0") {
        return new ActionError(
          `GitHub's rate limit for the "${input}" token is used up (${call})`,
          options("Re-run after the hourly reset, or spread the jobs that share this token over time."),
        );
      }
      return new ActionError(
        `The "${input}" token may not call ${call} (${error.status} ${said})`,
        options(
          `Grant it in the workflow or job: "permissions:" with ${permission}. A fine-grained or App token needs the same repository permission; GITHUB_TOKEN reaches only this repository.`,
        ),
      );
    }
    case 404:
      return new ActionError(
        `GitHub answered 404 for ${call}: it does not exist or the "${input}" token cannot see it`,
        options(
          `Check the repository and names in the inputs; for a private or another repository, pass a token with ${permission} on it.`,
        ),
      );
    case 410:
    case 422:
      return new ActionError(
        `GitHub rejected ${call} (${error.status} ${said})`,
        options("The message names what GitHub refused; check the inputs (refs, environment names) that set it."),
      );
    default:
      return undefined;
  }
}

/** A GraphQL answer with errors a user can fix (`NOT_FOUND`, `FORBIDDEN`, `INSUFFICIENT_SCOPES`). */
function graphqlDenial(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.name !== "GraphqlResponseError") return undefined;
  const errors = (error as { errors?: { type?: string; message?: string }[] }).errors ?? [];
  const denied = errors.find((item) => ["NOT_FOUND", "FORBIDDEN", "INSUFFICIENT_SCOPES"].includes(item.type ?? ""));
  return denied === undefined ? undefined : `${denied.type}: ${denied.message ?? ""}`.trim();
}

function firstLine(text: string): string {
  return (text.split("\n")[0] ?? text).replace(/ - https:\/\/docs\.github\.com\S*$/, "").slice(0, 300);
}
