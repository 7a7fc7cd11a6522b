import { schema as githubSchema } from "@octokit/graphql-schema";
import { buildClientSchema, type IntrospectionQuery, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import * as queries from "../src/queries.js";

const json = githubSchema.json as IntrospectionQuery | { data: IntrospectionQuery };
const schema = buildClientSchema("data" in json ? json.data : json);

const documents: Record<string, string> = {
  REPOSITORY_QUERY: queries.REPOSITORY_QUERY,
  "mergedPullSlicesQuery(8)": queries.mergedPullSlicesQuery(8),
  "mergedPullSlicesQuery(1)": queries.mergedPullSlicesQuery(1),
  PULL_QUERY: queries.PULL_QUERY,
  ENVIRONMENTS_QUERY: queries.ENVIRONMENTS_QUERY,
  OWNER_REPOSITORIES_QUERY: queries.OWNER_REPOSITORIES_QUERY,
  SEARCH_ISSUES_QUERY: queries.SEARCH_ISSUES_QUERY,
  DEPLOYMENTS_QUERY: queries.DEPLOYMENTS_QUERY,
  RELEASES_QUERY: queries.RELEASES_QUERY,
  "pullsByNumberQuery([7, 123])": queries.pullsByNumberQuery([7, 123]),
  'commitPullsQuery(["1f2e3d4"])': queries.commitPullsQuery(["1f2e3d4"]),
  'commitHistoriesQuery(["c0ffee…"])': queries.commitHistoriesQuery([
    "c0ffee00",
    "0123456789abcdef0123456789abcdef01234567",
  ]),
};

describe("GraphQL documents", () => {
  it("covers every exported document", () => {
    const exported = Object.entries(queries)
      .filter(([name, value]) => typeof value === "string" && name.endsWith("_QUERY"))
      .map(([name]) => name);
    expect(Object.keys(documents)).toEqual(expect.arrayContaining(exported));
  });

  it.each(Object.entries(documents))("%s is valid against GitHub's published schema", (_name, document) => {
    expect(validate(schema, parse(document)).map((error) => error.message)).toEqual([]);
  });

  it.each(Object.entries(documents))(
    "%s reads the rate limit cost and asks for at most 100 per page",
    (_name, document) => {
      expect(document).toContain("rateLimit { cost remaining }");
      for (const match of document.matchAll(/first: (\d+)/g)) expect(Number(match[1])).toBeLessThanOrEqual(100);
    },
  );
});
