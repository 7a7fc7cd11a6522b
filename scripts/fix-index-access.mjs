// Rewrites every TS4111 error (noPropertyAccessFromIndexSignature) to bracket notation:
// `a.b` → `a["b"]`, `a?.b` → `a?.["b"]`. Run after a merge brings in dot access to an index signature:
//   npx tsc -p tsconfig.json --noEmit | node scripts/fix-index-access.mjs
import { readFileSync, writeFileSync } from "node:fs";

const input = readFileSync(0, "utf8");
const byFile = new Map();
for (const match of input.matchAll(/^(.+?)\((\d+),(\d+)\): error TS4111: Property '([^']+)'/gm)) {
  const [, file, line, column, name] = match;
  if (!byFile.has(file)) byFile.set(file, []);
  byFile.get(file).push({ line: Number(line), column: Number(column), name });
}
let fixes = 0;
for (const [file, errors] of byFile) {
  const lines = readFileSync(file, "utf8").split("\n");
  // Right to left, so earlier columns on the same line stay where tsc saw them.
  errors.sort((a, b) => b.line - a.line || b.column - a.column);
  for (const { line, column, name } of errors) {
    const text = lines[line - 1];
    const at = column - 1;
    if (text.slice(at, at + name.length) !== name || text[at - 1] !== ".") {
      throw new Error(`${file}:${line}:${column}: expected .${name}`);
    }
    const optional = text.slice(at - 2, at) === "?.";
    const before = optional ? text.slice(0, at) : text.slice(0, at - 1);
    lines[line - 1] = `${before}["${name}"]${text.slice(at + name.length)}`;
    fixes += 1;
  }
  writeFileSync(file, lines.join("\n"));
}
console.log(`${fixes} accesses rewritten in ${byFile.size} files`);
