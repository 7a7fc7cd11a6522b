import type { FakeResponse } from "../fake/server.js";

/** An error the fake answers with, in Notion's shape: `{object:"error", status, code, message}`. */
export class NotionApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "NotionApiError";
  }

  toResponse(requestId: string): FakeResponse {
    return {
      status: this.status,
      headers: { ...this.headers, "x-notion-request-id": requestId },
      body: { object: "error", status: this.status, code: this.code, message: this.message, request_id: requestId },
    };
  }
}

export function validationError(message: string): NotionApiError {
  return new NotionApiError(400, "validation_error", message);
}

/** One body problem, worded the way Notion's request validator words it. */
export function bodyValidationError(problem: string): NotionApiError {
  return validationError(`body failed validation: ${problem}`);
}

export type NotionObjectKind = "database" | "data_source" | "page" | "block" | "user";

/** 404 for ids that do not exist or are not shared with the integration (Notion does not tell them apart). */
export function objectNotFound(kind: NotionObjectKind, id: string): NotionApiError {
  const hint = kind === "user" ? "" : " Make sure the relevant pages and databases are shared with your integration.";
  return new NotionApiError(404, "object_not_found", `Could not find ${kind} with ID: ${id}.${hint}`);
}

/** For requests the real API serves but this fake does not model: fail loudly rather than guess. */
export function notModelled(what: string): NotionApiError {
  return new NotionApiError(400, "invalid_request", `NotionFake does not model ${what}.`);
}
