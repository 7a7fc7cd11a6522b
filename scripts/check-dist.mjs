// Fails when a rebuilt dist/ differs from what is committed (new files included): the bundle the
// runner executes must be the one built from the committed sources. Run after `pnpm build`.
import { execFileSync } from "node:child_process";

// A wildcard pathspec must match whole paths, so `actions/*/dist` alone would miss the files in it.
const status = execFileSync(
  "git",
  ["status", "--porcelain", "--untracked-files=all", "--", ":(glob)actions/*/dist/**"],
  {
    encoding: "utf8",
  },
);
if (status.trim() !== "") {
  console.error("dist/ is stale: the rebuilt bundles differ from the committed ones:");
  console.error(status);
  console.error("Run `pnpm build` and commit actions/*/dist.");
  process.exit(1);
}
console.log("check-dist: every actions/*/dist matches its sources");
