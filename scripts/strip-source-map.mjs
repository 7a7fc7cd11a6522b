// Drops `sourcesContent` from a bundle's source maps after `ncc build --source-map`: a stack trace
// needs only the mappings (file and line), and the sources are in the repository next to dist/.
// Keeps the committed maps at a third of their size. Usage: node strip-source-map.mjs dist
// (every *.map in the folder: the entry and the chunks ncc splits off for dynamic imports).
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const target = process.argv[2];
if (target === undefined) throw new Error("usage: node scripts/strip-source-map.mjs <dist | dist/index.js.map>");
const files = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((name) => name.endsWith(".map"))
      .map((name) => path.join(target, name))
  : [target];
for (const file of files) {
  const map = JSON.parse(readFileSync(file, "utf8"));
  delete map.sourcesContent;
  writeFileSync(file, JSON.stringify(map));
}
