/**
 * The demo page in a real browser: headless Chromium (driven by playwright-core) opens a page,
 * waits for the Mermaid charts, saves a full-page PNG and reports what a reader would trip over:
 * text that wraps inside a one-word table cell (a service name, an image), emoji drawn as text
 * (headless Linux has no emoji font: empty boxes), charts that did not render.
 * Used by `pnpm demo:check` (src/demo-check.ts) and test/browser.test.ts.
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const CANDIDATES = () => [
  process.env["CHROMIUM_PATH"],
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

// Run in the page (browser JavaScript, kept as text: this package is compiled without the DOM types).
const CHARTS_DRAWN = `[...document.querySelectorAll("pre.mermaid")].every((pre) => pre.querySelector("svg"))`;
const PAGE_CHECK = `(() => {
  const problems = [];
  const emoji = /\\p{Extended_Pictographic}/u;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const text = node.textContent ?? "";
    if (emoji.test(text) && node.parentElement?.closest("script") === null) problems.push("emoji drawn as text: " + JSON.stringify(text.trim().slice(0, 60)));
  }
  // A table cell holding one identifier (service, image, revision) broken over two lines.
  for (const cell of document.querySelectorAll("td")) {
    const text = (cell.textContent ?? "").trim();
    if (text === "" || /\\s/.test(text) || text.length > 48) continue;
    const lines = new Set();
    const texts = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node !== null; node = texts.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0) lines.add(Math.round(rect.bottom));
    }
    if (lines.size > 1) problems.push("wrapped cell: " + JSON.stringify(text));
  }
  for (const pre of document.querySelectorAll("pre.mermaid")) {
    if (pre.querySelector("svg") === null) problems.push("a Mermaid chart did not render");
  }
  return problems;
})()`;

/** The Chromium to drive: CHROMIUM_PATH, else the usual Linux paths; undefined when there is none. */
export function findChromium(): string | undefined {
  return CANDIDATES().find((candidate) => candidate !== undefined && existsSync(candidate));
}

/**
 * Opens a page in headless Chromium, waits for its Mermaid charts, saves a full-page PNG and
 * returns what a reader would trip over (empty list: nothing).
 */
export async function checkPage(file: string, png: string, executablePath: string): Promise<string[]> {
  const browser = await chromium.launch({ executablePath, args: FLAGS });
  try {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await tab.goto(pathToFileURL(file).href);
    // Mermaid replaces each <pre class="mermaid"> with an SVG once it has drawn it.
    await tab.waitForFunction(CHARTS_DRAWN, undefined, { timeout: 20_000 }).catch(() => {});
    const findings = (await tab.evaluate(PAGE_CHECK)) as string[];
    await tab.screenshot({ path: png, fullPage: true });
    return findings;
  } finally {
    await browser.close();
  }
}
