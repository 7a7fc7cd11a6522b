import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describeBundle, runBundledAction } from "@sre-actions/testkit/harness";
import { describe, expect, it } from "vitest";

// An unexpected error's step-debug stack must name src/ files, not the minified bundle: each
// bundle ships its source map and ncc's register (source-map-support) loads before the bundle.
const root = path.resolve(import.meta.dirname, "..");
const actions = readdirSync(path.join(root, "actions")).filter((name) =>
  existsSync(path.join(root, "actions", name, "action.yml")),
);

describe("source maps ship with every bundle", () => {
  it.each(actions)("%s", (name) => {
    const dir = path.join(root, "actions", name);
    const build = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).scripts.build as string;
    expect(build).toContain("--source-map");
    const bundle = readFileSync(path.join(dir, "dist/index.js"), "utf8");
    expect(bundle.startsWith("import './sourcemap-register.cjs';")).toBe(true);
    expect(bundle.trimEnd().endsWith("//# sourceMappingURL=index.js.map")).toBe(true);
    expect(existsSync(path.join(dir, "dist/sourcemap-register.cjs"))).toBe(true);
    const map = JSON.parse(readFileSync(path.join(dir, "dist/index.js.map"), "utf8")) as {
      sources: string[];
      sourcesContent?: unknown;
    };
    // Relative paths only (the map is committed and must not depend on the checkout's location).
    expect(map.sources.filter((source) => path.isAbsolute(source))).toEqual([]);
    expect(map.sources).toContain("../src/index.ts");
    expect(map.sources.some((source) => source.endsWith("packages/core/src/run.ts"))).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
  });
});

describeBundle((node) => {
  it("an unexpected error's debug stack names src/ files", async () => {
    // A GitHub API that answers every request with an empty object: the report code meets data it
    // never expects from GitHub, a bug-shaped failure (an Unexpected error with a stack).
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const result = await runBundledAction(path.join(root, "actions/incident-label-metrics"), {
        node,
        inputs: { "github-token": "ghs_test", repository: "acme/shop", mode: "report" },
        env: { GITHUB_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, RUNNER_DEBUG: "1" },
      });
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain("Unexpected error");
      expect(result.debug.join("\n")).toMatch(/actions\/incident-label-metrics\/src\/[\w-]+\.ts:\d+/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
