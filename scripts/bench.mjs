// Runs every benchmark (`actions/*/bench/*.bench.ts`, `packages/*/bench/*.bench.ts`) with tsx, one
// process each, and prints their Markdown tables. `pnpm bench -- <filter>` runs the matching ones.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

const filter = process.argv.slice(2).find((arg) => arg !== "--");
const files = [];
for (const root of ["actions", "packages"]) {
  for (const name of readdirSync(root).sort()) {
    const dir = path.join(root, name, "bench");
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) if (file.endsWith(".bench.ts")) files.push(path.join(dir, file));
  }
}
const selected = files.filter((file) => filter === undefined || file.includes(filter));
if (selected.length === 0) {
  console.error(`bench: no benchmark matches ${filter ?? "(all)"}`);
  process.exit(1);
}
let failed = 0;
for (const file of selected) {
  console.log(`\n## ${file}\n`);
  // The SDK's Node-version notice says nothing about the figures; keep it out of the tables.
  const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  const run = spawnSync(process.execPath, ["--import", "tsx", "--expose-gc", file], { stdio: "inherit", env });
  if (run.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
