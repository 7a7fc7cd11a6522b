/** How an AWS error reads: an API that is not there for us, rather than a deployment gone wrong. */

/** Errors meaning "this API is not there for us" rather than "the deployment went wrong". */
const UNAVAILABLE = new Set([
  "AccessDeniedException",
  "UnknownOperationException",
  "UnsupportedFeatureException",
  "InvalidAction",
]);

/** An answer that is not the API's JSON: an emulator's or proxy's HTML error page for an operation it lacks. */
export function notJson(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === "SyntaxError" ||
    /Deserialization error|Unexpected token|is not valid JSON|<!DOCTYPE|<html/i.test(error.message)
  );
}

export function apiUnavailable(error: unknown): boolean {
  return error instanceof Error && (UNAVAILABLE.has(error.name) || notJson(error));
}
