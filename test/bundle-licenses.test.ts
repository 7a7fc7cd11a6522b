import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// A bundle copies its dependencies' code, so dist/licenses.txt must carry the license of every
// package in any file of dist/ — the entry and every chunk ncc splits off for a dynamic import.
// (ncc's own --license wrote one file per chunk to the same name: the entry's @actions/core,
// undici and yaml went missing once the actions loaded their clients lazily.)
const root = path.resolve(import.meta.dirname, "..");
const actions = readdirSync(path.join(root, "actions")).filter((name) =>
  existsSync(path.join(root, "actions", name, "action.yml")),
);

/** The npm packages whose files a bundle's source maps name (the last node_modules/<name> of each path). */
function bundledPackages(dist: string): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(dist).filter((name) => name.endsWith(".js.map"))) {
    const { sources } = JSON.parse(readFileSync(path.join(dist, file), "utf8")) as { sources: string[] };
    for (const source of sources) {
      const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
      if (match?.[1] !== undefined) names.add(match[1]);
    }
  }
  return names;
}

describe("licenses.txt covers every package of every chunk", () => {
  it.each(actions)("%s", (name) => {
    const dir = path.join(root, "actions", name);
    const build = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).scripts.build as string;
    expect(build).toContain("scripts/bundle-licenses.mjs dist");
    const chunks = readdirSync(path.join(dir, "dist")).filter((file) => /^\d+\.index\.js$/.test(file));
    expect(chunks.length).toBeGreaterThan(0); // the clients load on demand
    const listed = new Set(readFileSync(path.join(dir, "dist/licenses.txt"), "utf8").split("\n"));
    const packages = bundledPackages(path.join(dir, "dist"));
    // What every entry loads before the inputs are read.
    expect([...packages]).toEqual(expect.arrayContaining(["@actions/core", "undici", "yaml"]));
    expect([...packages].filter((pkg) => !listed.has(pkg))).toEqual([]);
  });
});
