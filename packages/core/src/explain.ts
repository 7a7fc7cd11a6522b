import { explainAwsError } from "./aws-errors.js";
import { ActionError } from "./errors.js";
import { explainGitHubError } from "./github-errors.js";
import { explainNotionError } from "./notion-errors.js";

/**
 * An error as one a user can act on: an `ActionError` as it is, a known AWS / GitHub / Notion
 * failure explained, anything else undefined (a bug: `runAction` reports it as unexpected).
 */
export function explainError(error: unknown): ActionError | undefined {
  if (error instanceof ActionError) return error;
  return explainAwsError(error) ?? explainGitHubError(error) ?? explainNotionError(error);
}
