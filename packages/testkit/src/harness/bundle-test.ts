import { describe, onTestFinished } from "vitest";
import { type NodeVersion, node24Unavailable } from "./node-binary.js";

/** The Node versions a bundle test runs under: this machine's, and the runner's node24 where it can run. */
export function bundleNodes(): NodeVersion[] {
  return node24Unavailable() === undefined ? ["current", "24"] : ["current"];
}

/**
 * `describe("bundled dist on Node <v>", () => body(v))` for each of `bundleNodes()`. Where Node 24
 * cannot run, its block is one skipped suite whose name says why (one line in the report, no failure).
 */
export function describeBundle(body: (node: NodeVersion) => void): void {
  for (const node of bundleNodes()) describe(`bundled dist on Node ${node}`, () => body(node));
  const unavailable = node24Unavailable();
  if (unavailable !== undefined) describe.skip(`bundled dist on Node 24: skipped, ${unavailable}`, () => {});
}

/** Stops a started fake when the current test ends, pass or fail: `const aws = stopAfterTest(await fake.start())`. */
export function stopAfterTest<T extends { stop(): Promise<unknown> }>(fake: T): T {
  onTestFinished(async () => {
    await fake.stop();
  });
  return fake;
}
