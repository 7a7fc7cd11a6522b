import {
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/** GitHub's documented cap on the nodes one query may request. */
export const MAX_NODES = 500_000;

export interface QueryCost {
  /** Requests needed to fill every connection: each one once per item of its parent connections. */
  requests: number;
  /** Nodes the query may return: each connection's page size times its parents'. */
  nodes: number;
  /** Rate-limit points: requests / 100 rounded to the nearest whole number, at least 1. */
  cost: number;
}

/**
 * The documented GraphQL cost formula, assuming every connection fills its `first`/`last`: e.g.
 * `repositories(first: 100) { issues(first: 50) { labels(first: 60) } }` is 1 + 100 + 5,000 requests,
 * 51 points, and 100 + 5,000 + 300,000 nodes.
 */
export function queryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): QueryCost {
  const total = { requests: 0, nodes: 0 };
  const root = schema.getRootType(operation.operation);
  if (root !== undefined && root !== null) walk(operation.selectionSet, root, 1);
  return { ...total, cost: Math.max(1, Math.round(total.requests / 100)) };

  function walk(selectionSet: SelectionSetNode | undefined, parent: GraphQLCompositeType, multiplier: number): void {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type !== undefined && isCompositeType(type)) walk(selection.selectionSet, type, multiplier);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        const type = fragment === undefined ? undefined : schema.getType(fragment.typeCondition.name.value);
        if (fragment !== undefined && type !== undefined && isCompositeType(type)) {
          walk(fragment.selectionSet, type, multiplier);
        }
        continue;
      }
      if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
      const definition = parent.getFields()[selection.name.value];
      if (definition === undefined) continue;
      const type = getNamedType(definition.type);
      if (!isCompositeType(type)) continue;
      if (!type.name.endsWith("Connection")) {
        walk(selection.selectionSet, type, multiplier);
        continue;
      }
      const args = getArgumentValues(definition, selection, variables);
      const size = Number(args["first"] ?? args["last"] ?? 0);
      total.requests += multiplier;
      total.nodes += multiplier * size;
      walk(selection.selectionSet, type, multiplier * size);
    }
  }
}
