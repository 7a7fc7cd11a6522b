import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Marked, type Tokens } from "marked";
import { icon, presentSummary } from "./page-html.js";
import type { StepRecord } from "./step.js";
import { tokyo, tokyoTime } from "./time.js";

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const ALERTS = { NOTE: "Note", TIP: "Tip", IMPORTANT: "Important", WARNING: "Warning", CAUTION: "Caution" } as const;

/**
 * Markdown as GitHub renders a job summary: GitHub alerts (`> [!WARNING]`) become coloured callouts and
 * ```mermaid blocks become diagrams drawn in the page.
 */
export function renderMarkdown(markdown: string): string {
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      code({ text, lang }) {
        if (lang === "mermaid") return `<pre class="mermaid">${escapeHtml(text)}</pre>`;
        return false;
      },
      blockquote(token: Tokens.Blockquote) {
        const alert = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*\n?/.exec(token.text);
        if (alert === null) return false;
        const kind = alert[1] as keyof typeof ALERTS;
        const body = this.parser.parse(new Marked({ gfm: true }).lexer(token.text.slice(alert[0].length)));
        return `<div class="alert alert-${kind.toLowerCase()}"><p class="alert-title">${ALERTS[kind]}</p>${body}</div>\n`;
      },
    },
  });
  return marked.parse(markdown, { async: false });
}

/** The one Mermaid release the page draws with: fetched once with `npm pack` (not part of the install). */
export const MERMAID = "mermaid@12.3.0";

/**
 * Copies `mermaid.min.js` next to the page so it opens offline. Mermaid (190 MB with its dependencies)
 * stays out of the dev install: an installed copy is used if there is one, else the tarball is fetched
 * once into node_modules/.cache. Returns false when neither works (the page then shows the chart sources).
 */
async function copyMermaid(root: string, outputDir: string): Promise<boolean> {
  const target = path.join(outputDir, "mermaid.min.js");
  try {
    const installed = createRequire(import.meta.url).resolve("mermaid/package.json");
    await copyFile(path.join(path.dirname(installed), "dist", "mermaid.min.js"), target);
    return true;
  } catch {}
  const cacheDir = path.join(root, "node_modules", ".cache", "sre-actions-demo", MERMAID);
  const cached = path.join(cacheDir, "package", "dist", "mermaid.min.js");
  try {
    if (!existsSync(cached)) {
      await mkdir(cacheDir, { recursive: true });
      console.log(`  (fetching ${MERMAID} once for the charts: npm pack into ${path.relative(root, cacheDir)})`);
      const out = execFileSync("npm", ["pack", MERMAID, "--silent", "--pack-destination", cacheDir], {
        encoding: "utf8",
      });
      const tarball = path.join(cacheDir, out.trim().split("\n").at(-1) ?? "");
      execFileSync("tar", ["-xzf", tarball, "-C", cacheDir, "package/dist/mermaid.min.js"]);
      await rm(tarball); // keep the 5 MB script, not the package
    }
    await copyFile(cached, target);
    return true;
  } catch (error) {
    console.warn(`  Mermaid charts are shown as their source: could not fetch ${MERMAID} (${String(error)})`);
    return false;
  }
}

/** One page with every step's job summary, like the run page on GitHub; opens offline. */
export async function writeReport(
  root: string,
  outputDir: string,
  steps: StepRecord[],
  startedAt: Date,
  options: { mermaid?: boolean } = {},
): Promise<string> {
  if (options.mermaid !== false) await copyMermaid(root, outputDir);
  const sections = steps
    .map((step) => {
      const state = step.skipped ? "skipped" : step.exitCode === 0 ? "ok" : step.expectFailure ? "expected" : "failed";
      const badge = {
        skipped: `${icon("skip")} skipped`,
        ok: `${icon("ok")} passed`,
        expected: `${icon("fail")} failed (as intended)`,
        failed: `${icon("fail")} failed`,
      }[state];
      return `<section class="step ${state}" id="${step.id}">
  <header><h2>${escapeHtml(step.title)}</h2><span class="badge">${badge} · ${escapeHtml(step.action)} · ${(step.durationMs / 1000).toFixed(1)} s</span></header>
  <div class="summary">${presentSummary(renderMarkdown(step.summary || "_(no job summary)_"), tokyoTime)}</div>
</section>`;
    })
    .join("\n");
  const toc = steps.map((step) => `<li><a href="#${step.id}">${escapeHtml(step.title)}</a></li>`).join("");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sre-actions demo</title>
<style>
body{font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;background:#f6f8fa;margin:0}
main{max-width:1080px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px} .lead{color:#59636e;margin:0 0 16px}
.step{background:#fff;border:1px solid #d1d9e0;border-radius:6px;margin:16px 0;overflow:hidden}
.step header{display:flex;justify-content:space-between;align-items:center;padding:8px 16px;background:#f6f8fa;border-bottom:1px solid #d1d9e0}
.step.ok header{border-left:4px solid #1a7f37} .step.expected header{border-left:4px solid #9a6700} .step.failed header{border-left:4px solid #d1242f} .step.skipped header{border-left:4px solid #d1d9e0}
.step h2{font-size:16px;margin:0} .badge{color:#59636e;font-size:12px}
.summary{padding:8px 16px;overflow-x:auto}
table{border-collapse:collapse;margin:8px 0} th,td{border:1px solid #d1d9e0;padding:4px 10px;text-align:left;vertical-align:top} th{background:#f6f8fa;white-space:nowrap} td code{overflow-wrap:anywhere}
td.nw{white-space:nowrap} .image{border-bottom:1px dotted #8c959f;white-space:nowrap} time{border-bottom:1px dotted #8c959f}
.icon{vertical-align:-2px;margin-right:3px} .badge{display:inline-flex;align-items:center;gap:2px;white-space:nowrap}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px} pre{background:#f6f8fa;padding:8px;overflow-x:auto;border-radius:6px}
blockquote{color:#59636e;border-left:4px solid #d1d9e0;margin:8px 0;padding:0 12px}
pre.mermaid{background:#fff}
.alert{border-left:4px solid;padding:4px 12px;margin:8px 0} .alert-title{font-weight:600;margin:4px 0}
.alert-note{border-color:#0969da} .alert-note .alert-title{color:#0969da}
.alert-tip{border-color:#1a7f37} .alert-tip .alert-title{color:#1a7f37}
.alert-important{border-color:#8250df} .alert-important .alert-title{color:#8250df}
.alert-warning{border-color:#9a6700} .alert-warning .alert-title{color:#9a6700}
.alert-caution{border-color:#d1242f} .alert-caution .alert-title{color:#d1242f}
</style></head>
<body><main>
<h1>sre-actions — a day of the team's workflow</h1>
<p class="lead">Job summaries of the bundled actions run by <code>pnpm demo</code> against loopback fakes of AWS (ECS, Aurora), Notion, GitHub and Datadog (${escapeHtml(tokyo(startedAt))}). Times are in Asia/Tokyo, each step's <code>timezone</code>; hover a time or an image for the original value.</p>
<ol>${toc}</ol>
${sections}
</main>
<script src="mermaid.min.js"></script>
<script>mermaid.initialize({ startOnLoad: true, securityLevel: "strict", theme: "base", themeVariables: { xyChart: { plotColorPalette: "#0969da, #1a7f37, #9a6700" } } });</script>
</body></html>
`;
  const file = path.join(outputDir, "index.html");
  await writeFile(file, html);
  return file;
}
