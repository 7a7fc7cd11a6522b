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
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(import.meta.dirname, "../../..");
const page = path.join(root, "demo-output", "index.html");
const png = path.join(root, "demo-output", "index.png");
const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

async function main(): Promise<void> {
  const executablePath = CANDIDATES.find((candidate) => candidate !== undefined && existsSync(candidate));
  if (executablePath === undefined) {
    console.log("demo:check skipped: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH).");
    return;
  }
  if (!existsSync(page)) {
    console.error("demo:check: demo-output/index.html is missing; run pnpm demo first.");
    process.exitCode = 1;
    return;
  }
  const browser = await chromium.launch({ executablePath, args: FLAGS });
  try {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await tab.goto(pathToFileURL(page).href);
    // Mermaid replaces each <pre class="mermaid"> with an SVG once it has drawn it.
    await tab
      .waitForFunction(() => [...document.querySelectorAll("pre.mermaid")].every((pre) => pre.querySelector("svg")), {
        timeout: 20_000,
      })
      .catch(() => {});
    const findings = await tab.evaluate(() => {
      const problems: string[] = [];
      const emoji = /\p{Extended_Pictographic}/u;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const text = node.textContent ?? "";
        if (emoji.test(text) && node.parentElement?.closest("script") === null) {
          problems.push(`emoji in text: "${text.trim().slice(0, 60)}"`);
        }
      }
      for (const cell of document.querySelectorAll("td")) {
        const code = cell.querySelector("code");
        // A single identifier (service name, image, revision) broken over two lines.
        if (code !== null && cell.textContent?.trim() === code.textContent?.trim()) {
          const lineHeight = Number.parseFloat(getComputedStyle(code).lineHeight) || 18;
          if (code.getBoundingClientRect().height > lineHeight * 1.5) {
            problems.push(`wrapped cell: "${code.textContent?.slice(0, 60)}"`);
          }
        }
      }
      for (const pre of document.querySelectorAll("pre.mermaid")) {
        if (pre.querySelector("svg") === null) problems.push("a Mermaid chart did not render");
      }
      return problems;
    });
    await tab.screenshot({ path: png, fullPage: true });
    console.log(`demo:check: ${path.relative(process.cwd(), png)} saved (Chromium at ${executablePath}).`);
    for (const finding of findings) console.log(`  ${finding}`);
    console.log(findings.length === 0 ? "  Nothing to report." : `  ${findings.length} finding(s).`);
    if (findings.length > 0) process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

await main();
