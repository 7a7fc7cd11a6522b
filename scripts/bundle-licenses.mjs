// Writes dist/licenses.txt for every package bundled into any file of dist/ (the entry and the chunks
// ncc splits off for dynamic imports). ncc's own `--license` writes one file per chunk to the same
// name, so the last chunk written wins and the entry's packages (@actions/core, undici, yaml…) went
// missing. The package list comes from the source maps' `sources`; each package's license text from
// its LICENSE/LICENCE/COPYING file. Same layout as ncc's: name, license id, text, a blank line.
// Usage: node scripts/bundle-licenses.mjs dist   (after `ncc build --source-map`)
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const dist = process.argv[2];
if (dist === undefined) throw new Error("usage: node scripts/bundle-licenses.mjs <dist>");
const own = JSON.parse(readFileSync(path.join(dist, "..", "package.json"), "utf8")).name;

/** The nearest folder above `file` with a package.json that names a package. */
function packageDirOf(file) {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name !== undefined) return dir;
  }
  return undefined;
}

const dirs = new Set();
for (const name of readdirSync(dist).filter((file) => file.endsWith(".js.map"))) {
  const map = JSON.parse(readFileSync(path.join(dist, name), "utf8"));
  for (const source of map.sources) {
    const file = path.resolve(dist, map.sourceRoot ?? "", source);
    if (!existsSync(file)) continue; // webpack's runtime and Node built-ins have no file behind them
    const dir = packageDirOf(file);
    if (dir !== undefined) dirs.add(dir);
  }
}

const entries = new Map();
for (const dir of dirs) {
  const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  if (manifest.name === own) continue;
  const id = typeof manifest.license === "string" ? manifest.license : (manifest.license?.type ?? "");
  const textFile = readdirSync(dir).find((file) => /^(licen[cs]e|copying)(\.|$)/i.test(file));
  const text = textFile === undefined ? "" : readFileSync(path.join(dir, textFile), "utf8").trim();
  const key = `${manifest.name}\n${id}\n${text}`;
  // Two versions of one package with the same license text are listed once.
  entries.set(key, { name: manifest.name, version: manifest.version, key });
}
const sorted = [...entries.values()].sort((a, b) =>
  a.name === b.name ? a.version.localeCompare(b.version) : a.name < b.name ? -1 : 1,
);
writeFileSync(path.join(dist, "licenses.txt"), `${sorted.map((entry) => entry.key).join("\n\n")}\n`);
