import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from "graphql";
import { GitHubGraphQLError } from "./errors.js";

/** GitHub's documented page-size limit on every connection. */
export const MAX_PAGE_SIZE = 100;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface Connection<T> {
  totalCount: number;
  nodes: T[];
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** Opaque cursors, base64 like GitHub's (`Y3Vyc29yOnYyOpHO…`); they encode the item's position. */
export function encodeCursor(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString("base64");
}

function decodeCursor(cursor: string): number {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (match === null) {
    throw new GitHubGraphQLError(`\`${cursor}\` does not appear to be a valid cursor.`, "INVALID_CURSOR_ARGUMENTS");
  }
  return Number(match[1]);
}

/**
 * One page of `items` with GitHub's rules: `first` or `last` is required when nodes or edges are
 * selected (counting alone is free), and neither may exceed 100. `available` caps how many items can
 * be paged through (search stops at 1,000) while `totalCount` stays the full count.
 */
export function connection<T>(
  items: T[],
  args: ConnectionArgs,
  info: GraphQLResolveInfo,
  options: { available?: number } = {},
): Connection<T> {
  const field = info.fieldName;
  const first = args.first ?? undefined;
  const last = args.last ?? undefined;
  if (first === undefined && last === undefined && selectsItems(info)) {
    throw new GitHubGraphQLError(
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`,
      "MISSING_PAGINATION_BOUNDARIES",
    );
  }
  for (const [name, value] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (value !== undefined && value > MAX_PAGE_SIZE) {
      throw new GitHubGraphQLError(
        `Requesting ${value} records on the \`${field}\` connection exceeds the \`${name}\` limit of ${MAX_PAGE_SIZE} records.`,
        "EXCESSIVE_PAGINATION",
      );
    }
    if (value !== undefined && value < 0) {
      throw new GitHubGraphQLError(
        `\`${name}\` on the \`${field}\` connection cannot be less than zero.`,
        "INVALID_ARGUMENTS",
      );
    }
  }
  const available = Math.min(items.length, options.available ?? Number.POSITIVE_INFINITY);
  let start = args.after == null ? 0 : decodeCursor(args.after) + 1;
  let end = args.before == null ? available : Math.min(available, decodeCursor(args.before));
  start = Math.min(start, end);
  if (first !== undefined) end = Math.min(end, start + first);
  if (last !== undefined) start = Math.max(start, end - last);
  const page = items.slice(start, end);
  const edges = page.map((node, offset) => ({ cursor: encodeCursor(start + offset), node }));
  return {
    totalCount: items.length,
    nodes: page,
    edges,
    pageInfo: {
      hasNextPage: end < available,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Whether the query reads `nodes` or `edges` of this connection (directly or through fragments). */
function selectsItems(info: GraphQLResolveInfo): boolean {
  const visit = (selectionSet: SelectionSetNode | undefined): boolean =>
    (selectionSet?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === "nodes" || selection.name.value === "edges";
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node: FieldNode) => visit(node.selectionSet));
}
