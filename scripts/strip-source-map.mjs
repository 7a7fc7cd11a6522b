// Drops `sourcesContent` from a bundle's source map after `ncc build --source-map`: a stack trace
// needs only the mappings (file and line), and the sources are in the repository next to dist/.
// Keeps the committed map at a third of its size. Usage: node strip-source-map.mjs dist/index.js.map
import { readFileSync, writeFileSync } from "node:fs";

// Several maps may be given: a bundle with lazily loaded chunks has one per chunk (dist/*.index.js.map).
const files = process.argv.slice(2);
if (files.length === 0) throw new Error("usage: node scripts/strip-source-map.mjs <dist/index.js.map>...");
for (const file of files) {
  const map = JSON.parse(readFileSync(file, "utf8"));
  delete map.sourcesContent;
  writeFileSync(file, JSON.stringify(map));
}
