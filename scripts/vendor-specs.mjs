#!/usr/bin/env node
// Regenerates the API descriptions the testkit fakes validate against, from the official packages,
// without adding those packages to the install (@octokit/openapi alone unpacks to 385 MB):
//
//   packages/testkit/spec/github-rest.json    the part of @octokit/openapi's api.github.com.json the
//                                             REST fake reads: every path and operation (so routing is
//                                             unchanged), with parameters, request bodies and the
//                                             component schemas they reference only for the operations
//                                             the fake implements or the code calls
//   packages/testkit/spec/notion-openapi.json @notionhq/notion-mcp-server's scripts/notion-openapi.json
//
// Usage: node scripts/vendor-specs.mjs            write both files
//        node scripts/vendor-specs.mjs --check    regenerate in memory and fail if a file differs
// The packages are fetched with `npm pack` into a temp dir (network once, then npm's cache).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { githubRestCalls, restOperationIdsHandled } from "./github-rest-calls.mjs";

export const SOURCES = {
  github: { pkg: "@octokit/openapi@23.0.2", file: "generated/api.github.com.json" },
  notion: { pkg: "@notionhq/notion-mcp-server@2.5.2", file: "scripts/notion-openapi.json" },
};

const root = path.resolve(import.meta.dirname, "..");
const specDir = path.join(root, "packages/testkit/spec");
const METHODS = ["get", "post", "put", "patch", "delete"];

/** One file out of a package tarball, via `npm pack` (nothing is installed). */
function fromPackage({ pkg, file }) {
  const dir = mkdtempSync(path.join(tmpdir(), "vendor-spec-"));
  try {
    const out = execFileSync("npm", ["pack", pkg, "--silent", "--pack-destination", dir], { encoding: "utf8" });
    const tarball = path.join(dir, out.trim().split("\n").at(-1));
    execFileSync("tar", ["-xzf", tarball, "-C", dir, `package/${file}`]);
    return readFileSync(path.join(dir, "package", file), "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The operationIds whose schemas the subset keeps: what the fake implements plus what the code calls. */
function neededOperations(spec) {
  const needed = new Set(restOperationIdsHandled(root));
  const byRoute = new Map();
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) if (item[method]) byRoute.set(`${method.toUpperCase()} ${template}`, item[method]);
  }
  const ids = new Set([...byRoute.values()].map((operation) => operation.operationId));
  for (const call of githubRestCalls(root)) {
    if (call.operationId !== undefined && ids.has(call.operationId)) needed.add(call.operationId);
    else if (call.route !== undefined && byRoute.has(call.route)) needed.add(byRoute.get(call.route).operationId);
    else if (call.route !== undefined && templateOf(byRoute, call.route) !== undefined) {
      needed.add(templateOf(byRoute, call.route).operationId);
    } else throw new Error(`${call.file}: ${call.text} is not an operation of ${SOURCES.github.pkg}`);
  }
  return needed;
}

/** The operation whose `METHOD /template` a concrete `METHOD /path` fits (most literal segments first). */
function templateOf(byRoute, route) {
  const [method, concrete] = route.split(" ");
  const segments = concrete.split("/");
  let best;
  for (const [key, operation] of byRoute) {
    const [verb, template] = key.split(" ");
    const parts = template.split("/");
    if (verb !== method || parts.length !== segments.length) continue;
    if (!parts.every((part, i) => part.startsWith("{") || part === segments[i])) continue;
    const literals = parts.filter((part) => !part.startsWith("{")).length;
    if (best === undefined || literals > best.literals) best = { literals, operation };
  }
  return best?.operation;
}

/** Adds every `#/components/<kind>/<name>` reachable from `value` (transitively) to `refs`. */
function collectRefs(spec, value, refs) {
  if (Array.isArray(value)) for (const entry of value) collectRefs(spec, entry, refs);
  else if (value !== null && typeof value === "object") {
    for (const [key, entry] of Object.entries(value)) {
      if (key === "$ref" && typeof entry === "string" && entry.startsWith("#/components/")) {
        const [, , kind, name] = entry.split("/");
        const id = `${kind}/${name}`;
        if (refs.has(id)) continue;
        refs.add(id);
        collectRefs(spec, spec.components[kind]?.[name], refs);
      } else collectRefs(spec, entry, refs);
    }
  }
}

export function githubSubset(text) {
  const spec = JSON.parse(text);
  const needed = neededOperations(spec);
  const paths = {};
  const refs = new Set();
  for (const [template, item] of Object.entries(spec.paths)) {
    const kept = {};
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      const stub = { operationId: operation.operationId, externalDocs: operation.externalDocs };
      if (!needed.has(operation.operationId)) {
        kept[method] = stub;
        continue;
      }
      // Operation-level parameters only: GitHub's description declares none on path items.
      const parameters = operation.parameters ?? [];
      kept[method] = { ...stub, parameters, ...(operation.requestBody ? { requestBody: operation.requestBody } : {}) };
      collectRefs(spec, kept[method], refs);
    }
    paths[template] = kept;
  }
  const components = { parameters: {}, schemas: {} };
  for (const id of [...refs].sort()) {
    const [kind, name] = id.split("/");
    if (kind !== "parameters" && kind !== "schemas") continue;
    components[kind][name] = spec.components[kind][name];
  }
  const subset = {
    "x-vendored-from": `${SOURCES.github.pkg} ${SOURCES.github.file}`,
    "x-regenerate": "node scripts/vendor-specs.mjs",
    "x-full-operations": [...needed].sort(),
    info: spec.info,
    paths,
    components,
  };
  return `${JSON.stringify(subset)}\n`;
}

const files = {
  "github-rest.json": () => githubSubset(fromPackage(SOURCES.github)),
  "notion-openapi.json": () => fromPackage(SOURCES.notion),
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const [name, generate] of Object.entries(files)) {
    const target = path.join(specDir, name);
    const text = generate();
    if (check) {
      let current = "";
      try {
        current = readFileSync(target, "utf8");
      } catch {}
      if (current !== text) {
        console.error(`${path.relative(root, target)} is stale: run node scripts/vendor-specs.mjs`);
        stale++;
      }
    } else {
      writeFileSync(target, text);
      console.log(`wrote ${path.relative(root, target)} (${(text.length / 1024).toFixed(0)} KiB)`);
    }
  }
  process.exitCode = stale > 0 ? 1 : 0;
}
