// Regenerates the inputs/outputs tables of each action's README from its action.yml, between
// <!-- inputs:start --> / <!-- inputs:end --> and <!-- outputs:start --> / <!-- outputs:end -->.
// With --check it changes nothing and fails when a README is out of date (part of `pnpm test`).
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";

const check = process.argv.includes("--check");
const cell = (text) =>
  String(text ?? "")
    .replace(/\|/g, "\\|")
    .replace(/\n/g, " ")
    .trim();

function inputsTable(inputs) {
  const rows = Object.entries(inputs ?? {}).map(([name, input]) => {
    const required = input.required === true || input.required === "true" ? "yes" : "no";
    const fallback = input.default === undefined ? "" : `\`${cell(input.default)}\``;
    return `| \`${name}\` | ${required} | ${fallback} | ${cell(input.description)} |`;
  });
  return ["| Input | Required | Default | Description |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

function outputsTable(outputs) {
  const rows = Object.entries(outputs ?? {}).map(([name, output]) => `| \`${name}\` | ${cell(output.description)} |`);
  return ["| Output | Description |", "| --- | --- |", ...rows].join("\n");
}

function replaceBlock(text, name, content, file) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`${file} has no ${start} … ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

let stale = 0;
for (const name of (await readdir("actions")).sort()) {
  const dir = path.join("actions", name);
  const actionYaml = await readFile(path.join(dir, "action.yml"), "utf8").catch(() => undefined);
  if (actionYaml === undefined) continue; // an action still being scaffolded
  const action = parse(actionYaml);
  const readmePath = path.join(dir, "README.md");
  const readme = await readFile(readmePath, "utf8");
  let updated = replaceBlock(readme, "inputs", inputsTable(action.inputs), readmePath);
  updated = replaceBlock(updated, "outputs", outputsTable(action.outputs), readmePath);
  if (updated === readme) continue;
  if (check) {
    console.error(`${readmePath}: the inputs/outputs tables are out of date; run \`pnpm docs\``);
    stale += 1;
  } else {
    await writeFile(readmePath, updated);
    console.log(`updated ${readmePath}`);
  }
}
if (stale > 0) process.exit(1);
console.log(check ? "docs: every README matches its action.yml" : "docs: done");
