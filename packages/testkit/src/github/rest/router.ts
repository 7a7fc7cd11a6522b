import type { FakeResponse } from "../../fake/server.js";
import { notModeled } from "../errors.js";
import { actionsHandlers } from "./actions.js";
import type { RestContext, RestHandler } from "./context.js";
import { deploymentHandlers } from "./deployments.js";
import { issueHandlers } from "./issues.js";
import { pullHandlers } from "./pulls.js";
import { reactionHandlers } from "./reactions.js";
import { repoHandlers } from "./repos.js";
import type { RouteMatch } from "./spec.js";
import { validateRequest } from "./validate.js";

/** Every REST operation the fake implements, by the spec's operationId. */
export const restHandlers: Record<string, RestHandler> = {
  ...issueHandlers,
  ...repoHandlers,
  ...pullHandlers,
  ...deploymentHandlers,
  ...actionsHandlers,
  ...reactionHandlers,
};

/** Validates the request against its operation's schemas, then runs the handler. */
export function handleRest(
  route: RouteMatch,
  request: { url: URL; body: string },
  context: Omit<RestContext, "operation" | "params" | "body" | "url">,
): FakeResponse {
  const { operation } = route;
  const validated = validateRequest(operation, route.params, request.url.searchParams, request.body);
  const handler = restHandlers[operation.operationId];
  if (handler === undefined) throw notModeled(`${operation.operationId} (${operation.method} ${operation.template})`);
  const body =
    validated.body !== null && typeof validated.body === "object" ? (validated.body as Record<string, unknown>) : {};
  return handler({ ...context, operation, params: validated.params, body, url: request.url });
}
