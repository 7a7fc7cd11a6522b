/**
 * `pnpm demo:check`: the manual check of the demo page in a real browser. Opens
 * demo-output/index.html (run `pnpm demo` first) in headless Chromium, waits for the Mermaid charts,
 * saves a full-page PNG next to it and reports what a reader would trip over: text that does not
 * fit its table cell (a wrapped service name), emoji the page would draw as empty boxes, and
 * charts that failed to render. Needs a Chromium binary (Debian: `apt-get install chromium`;
 * elsewhere set CHROMIUM_PATH); without one it says so in one line and exits 0, so it never
 * blocks a machine that has none. Not part of `pnpm test`.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { checkPage, findChromium } from "./browser-check.js";

const root = path.resolve(import.meta.dirname, "../../..");
const page = path.join(root, "demo-output", "index.html");
const png = path.join(root, "demo-output", "index.png");

const executablePath = findChromium();
if (executablePath === undefined) {
  console.log("demo:check skipped: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH).");
} else if (!existsSync(page)) {
  console.error("demo:check: demo-output/index.html is missing; run pnpm demo first.");
  process.exitCode = 1;
} else {
  const findings = await checkPage(page, png, executablePath);
  console.log(`demo:check: ${path.relative(process.cwd(), png)} saved (Chromium at ${executablePath}).`);
  for (const finding of findings) console.log(`  ${finding}`);
  console.log(findings.length === 0 ? "  Nothing to report." : `  ${findings.length} finding(s).`);
  if (findings.length > 0) process.exitCode = 1;
}
