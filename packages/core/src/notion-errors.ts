import { ActionError } from "./errors.js";

/**
 * Notion API failures a user can fix, as an `ActionError` naming the object and the fix.
 * Duck-typed on the SDK's `APIResponseError` (`name`, `code`, `status`) so this file imports no
 * SDK and `runAction` can use it in every action.
 */

export const NOTION_SHARE_HINT =
  "Open the database in Notion → ••• (top right) → Connections → add your integration (Notion docs: “Share a database with your integration”).";

interface NotionErrorLike {
  name: string;
  code: string;
  status?: number;
  message: string;
}

function isNotionError(error: unknown): error is NotionErrorLike & Error {
  return (
    error instanceof Error &&
    ["APIResponseError", "RequestTimeoutError", "UnknownHTTPResponseError"].includes(error.name) &&
    typeof (error as Partial<NotionErrorLike>).code === "string"
  );
}

export interface NotionErrorContext {
  /** What the request was about, e.g. `database 1f2…` or `the new row`. */
  what?: string;
  /** The input that holds the token (default `notion-token`). */
  input?: string;
}

/** The error as an `ActionError` that says what to do, or undefined when it is not a Notion API error. */
export function explainNotionError(error: unknown, context: NotionErrorContext = {}): ActionError | undefined {
  if (!isNotionError(error)) return undefined;
  const what = context.what ?? "the request";
  const input = context.input ?? "notion-token";
  const options = (hint?: string) => (hint === undefined ? { cause: error } : { hint, cause: error });
  // A 5xx whose body is not Notion's error shape (a proxy's 502) comes as notionhq_client_response_error.
  const code =
    error.code === "notionhq_client_response_error" && (error.status ?? 0) >= 500 ? "bad_gateway" : error.code;
  switch (code) {
    case "object_not_found":
      return new ActionError(
        `Notion cannot find ${what}: the database is not shared with the integration (or the ID is wrong).`,
        options(NOTION_SHARE_HINT),
      );
    case "unauthorized":
      return new ActionError(
        "Notion rejected the token (401 unauthorized).",
        options(`Check the ${input} secret: it is the integration's Internal Integration Secret (ntn_…).`),
      );
    case "restricted_resource":
      return new ActionError(
        `The integration may not do this on ${what} (restricted_resource).`,
        options("Give the integration the Read, Update and Insert content capabilities (notion.so/my-integrations)."),
      );
    case "validation_error":
    case "invalid_request":
    case "invalid_request_url":
    case "invalid_json":
      return new ActionError(
        `Notion refused the request for ${what} (${error.code}): ${error.message}`,
        options("The message names the property or value; check the database's columns against the inputs."),
      );
    case "rate_limited":
    case "service_overload":
      return new ActionError(
        `Notion kept answering ${error.code} for ${what} after the SDK's retries.`,
        options("The workspace is over its request limit; re-run later or space out the jobs that use this token."),
      );
    case "internal_server_error":
    case "service_unavailable":
    case "gateway_timeout":
    case "bad_gateway":
    case "notionhq_client_request_timeout":
      return new ActionError(
        `Notion did not answer the request for ${what} (${error.status === undefined ? code : `${error.status} ${code}`}).`,
        options("Check status.notion.so and re-run the job."),
      );
    default:
      return undefined;
  }
}
