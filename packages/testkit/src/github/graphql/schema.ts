import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

let schema: Promise<GraphQLSchema> | undefined;

/**
 * GitHub's public GraphQL schema from @octokit/graphql-schema, built once per process from its
 * introspection JSON (`buildSchema` on the IDL fails on duplicate fields). Loaded on first use so
 * that importing the testkit does not parse 5 MB of JSON.
 */
export function githubSchema(): Promise<GraphQLSchema> {
  schema ??= import("@octokit/graphql-schema").then(({ schema: source }) => {
    const json = source.json as IntrospectionQuery | { data: IntrospectionQuery };
    return buildClientSchema("data" in json ? json.data : json);
  });
  return schema;
}
