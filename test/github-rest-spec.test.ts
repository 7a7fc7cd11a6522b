import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { matchRoute } from "../packages/testkit/src/github/rest/spec.js";
import { githubRestCalls, restOperationIdsHandled } from "../scripts/github-rest-calls.mjs";

const root = path.resolve(import.meta.dirname, "..");
const vendored = JSON.parse(readFileSync(path.join(root, "packages/testkit/spec/github-rest.json"), "utf8")) as {
  "x-vendored-from": string;
  "x-full-operations": string[];
  paths: Record<string, Record<string, { operationId: string }>>;
  components: Record<string, Record<string, unknown>>;
};
const full = new Set(vendored["x-full-operations"]);
const operationIds = new Set(
  Object.values(vendored.paths).flatMap((item) => Object.values(item).map((operation) => operation.operationId)),
);

/** `#/components/<kind>/<name>` references anywhere in a value. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, entry]) =>
    key === "$ref" && typeof entry === "string" ? [entry] : refs(entry),
  );
}

// The vendored subset of @octokit/openapi (node scripts/vendor-specs.mjs) must keep the schemas of
// everything the code sends and the fake serves; otherwise a request would go unvalidated.
describe("the vendored GitHub REST description covers what the code calls", () => {
  const calls = githubRestCalls(root);

  it("finds the Octokit calls in actions/*/src and packages/core/src", () => {
    expect(calls.length).toBeGreaterThan(3);
  });

  it.each(calls.map((call) => [`${call.file}: ${call.text}`, call] as const))("%s", (_, call) => {
    const operationId =
      call.operationId ?? matchRoute(...((call.route ?? "").split(" ") as [string, string]))?.operation.operationId;
    expect(operationId !== undefined && operationIds.has(operationId), `${call.text} is no GitHub operation`).toBe(
      true,
    );
    expect(full.has(operationId ?? ""), `${operationId} lacks its schemas: run node scripts/vendor-specs.mjs`).toBe(
      true,
    );
  });

  it("keeps the schemas of every operation the REST fake implements", () => {
    expect(restOperationIdsHandled(root).filter((id) => !full.has(id))).toEqual([]);
  });

  it("resolves every reference it keeps", () => {
    const missing = refs(vendored).filter((ref) => {
      const [, , kind = "", name = ""] = ref.split("/");
      return vendored.components[kind]?.[name] === undefined;
    });
    expect(missing).toEqual([]);
  });

  it("names the package it was cut from", () => {
    expect(vendored["x-vendored-from"]).toBe("@octokit/openapi@23.0.2 generated/api.github.com.json");
  });
});
