import {
  type DocumentNode,
  execute,
  type FragmentDefinitionNode,
  GraphQLError,
  getOperationAST,
  getVariableValues,
  Kind,
  parse,
  validate,
} from "graphql";
import { type Actor, isoTime } from "../model.js";
import type { RateLimits } from "../rate-limit.js";
import type { GitHubStore } from "../store.js";
import { MAX_NODES, queryCost } from "./cost.js";
import {
  documentPaths,
  type ErrorJson,
  formatExecutionError,
  formatSyntaxError,
  formatValidationError,
} from "./errors.js";
import { fieldResolver, type GraphQLContext } from "./resolvers.js";
import { githubSchema } from "./schema.js";

export interface GraphQLRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** A GraphQL answer; GitHub answers 200 even for invalid documents, with `errors`. */
export interface GraphQLAnswer {
  body: { data?: unknown; errors?: ErrorJson[] };
  /** Points charged; 0 when the document was rejected before execution. */
  cost: number;
}

const rejected = (errors: ErrorJson[]): GraphQLAnswer => ({ body: { errors }, cost: 0 });

/** Parses a request's document (cached per body) for classification and execution. */
export function parseDocument(query: unknown): DocumentNode | GraphQLError | undefined {
  if (typeof query !== "string") return undefined;
  try {
    return parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
}

/**
 * Runs a request the way GitHub does: parse, validate against the real schema, check the node limit,
 * charge the documented cost to the `graphql` rate limit, then execute over the fake's records.
 */
export async function executeGraphQL(
  request: GraphQLRequest,
  document: DocumentNode | GraphQLError | undefined,
  context: { store: GitHubStore; viewer: Actor; rateLimits: RateLimits },
): Promise<GraphQLAnswer> {
  if (document === undefined) {
    return rejected([{ message: "A query attribute must be specified and must be a string." }]);
  }
  if (document instanceof GraphQLError) return rejected([formatSyntaxError(document)]);
  const schema = await githubSchema();
  const validationErrors = validate(schema, document);
  if (validationErrors.length > 0) {
    const paths = documentPaths(document);
    return rejected(validationErrors.map((error) => formatValidationError(error, paths)));
  }
  const operationName = typeof request.operationName === "string" ? request.operationName : undefined;
  const operation = getOperationAST(document, operationName);
  if (operation === null || operation === undefined) {
    return rejected([
      {
        message:
          operationName === undefined ? "An operation name is required" : `No operation named "${operationName}"`,
      },
    ]);
  }
  const rawVariables =
    request.variables !== null && typeof request.variables === "object"
      ? (request.variables as Record<string, unknown>)
      : {};
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables);
  if (coerced.errors !== undefined) {
    return rejected(coerced.errors.map((error) => ({ locations: error.locations, message: error.message })));
  }
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const { cost, nodes } = queryCost(schema, operation, fragments, coerced.coerced);
  if (nodes > MAX_NODES) {
    return rejected([
      {
        type: "MAX_NODE_LIMIT_EXCEEDED",
        message: `This query requests up to ${nodes.toLocaleString("en-US")} possible nodes which exceeds the maximum limit of ${MAX_NODES.toLocaleString("en-US")}.`,
      },
    ]);
  }
  if (!context.rateLimits.charge("graphql", cost)) {
    return rejected([{ type: "RATE_LIMITED", message: `API rate limit exceeded for user ID ${context.viewer.id}.` }]);
  }
  const window = context.rateLimits.window("graphql");
  const contextValue: GraphQLContext = {
    store: context.store,
    viewer: context.viewer,
    rateLimit: {
      cost,
      limit: window.limit,
      remaining: Math.max(0, window.limit - window.used),
      used: window.used,
      resetAt: isoTime(window.reset * 1000),
      nodeCount: nodes,
    },
  };
  const result = await execute({
    schema,
    document,
    rootValue: {},
    contextValue,
    variableValues: rawVariables,
    operationName,
    fieldResolver,
  });
  return {
    body: {
      ...(result.data === undefined ? {} : { data: result.data }),
      ...(result.errors === undefined ? {} : { errors: result.errors.map(formatExecutionError) }),
    },
    cost,
  };
}
