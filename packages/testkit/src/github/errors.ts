/** The REST documentation root GitHub names when no operation matched. */
export const REST_DOCS = "https://docs.github.com/rest";
export const GRAPHQL_DOCS = "https://docs.github.com/graphql";
export const SECONDARY_RATE_LIMIT_DOCS =
  "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";
export const PRIMARY_RATE_LIMIT_DOCS =
  "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits";

/**
 * An HTTP error in GitHub's REST shape: `{ message, documentation_url, status }` (status as a string,
 * as GitHub sends it), plus `errors` for "Validation Failed".
 */
export class GitHubApiError extends Error {
  readonly body: Record<string, unknown>;

  constructor(
    readonly status: number,
    message: string,
    documentationUrl: string,
    extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.body = { message, documentation_url: documentationUrl, ...extra, status: String(status) };
  }
}

export function notFound(documentationUrl = REST_DOCS): GitHubApiError {
  return new GitHubApiError(404, "Not Found", documentationUrl);
}

export function badCredentials(documentationUrl = REST_DOCS): GitHubApiError {
  return new GitHubApiError(401, "Bad credentials", documentationUrl);
}

export function requiresAuthentication(documentationUrl = REST_DOCS): GitHubApiError {
  return new GitHubApiError(401, "Requires authentication", documentationUrl);
}

export function problemsParsingJson(documentationUrl: string): GitHubApiError {
  return new GitHubApiError(400, "Problems parsing JSON", documentationUrl);
}

/** Schema validation failure of a request body or parameter: `Invalid request.\n\n<detail>`. */
export function invalidRequest(detail: string, documentationUrl: string): GitHubApiError {
  return new GitHubApiError(422, `Invalid request.\n\n${detail}`, documentationUrl);
}

export interface ValidationErrorDetail {
  resource: string;
  field: string;
  code: "missing" | "missing_field" | "invalid" | "already_exists" | "unprocessable" | "custom";
  message?: string;
}

/** A semantically invalid request that passed the schema: 422 "Validation Failed" with `errors`. */
export function validationFailed(errors: ValidationErrorDetail[], documentationUrl: string): GitHubApiError {
  return new GitHubApiError(422, "Validation Failed", documentationUrl, { errors });
}

/** A fake limitation, not a GitHub error: 400 so that retry plugins do not retry it. */
export function notModeled(what: string): GitHubApiError {
  return new GitHubApiError(
    400,
    `GitHubFake does not model ${what}; extend packages/testkit/src/github to support it`,
    REST_DOCS,
  );
}
