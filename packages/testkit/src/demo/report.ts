import { copyFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Marked } from "marked";
import type { StepRecord } from "./step.js";

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Markdown as GitHub renders a job summary; ```mermaid blocks become diagrams drawn in the page. */
function renderMarkdown(markdown: string): string {
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      code({ text, lang }) {
        if (lang === "mermaid") return `<pre class="mermaid">${escapeHtml(text)}</pre>`;
        return false;
      },
    },
  });
  return marked.parse(markdown, { async: false });
}

/** One page with every step's job summary, like the run page on GitHub; opens offline. */
export async function writeReport(outputDir: string, steps: StepRecord[], startedAt: Date): Promise<string> {
  const require = createRequire(import.meta.url);
  const mermaid = path.join(path.dirname(require.resolve("mermaid/package.json")), "dist", "mermaid.min.js");
  await copyFile(mermaid, path.join(outputDir, "mermaid.min.js"));
  const sections = steps
    .map((step) => {
      const state = step.exitCode === 0 ? "ok" : step.expectFailure ? "expected" : "failed";
      const badge = step.exitCode === 0 ? "✅ passed" : step.expectFailure ? "❌ failed (as intended)" : "❌ failed";
      return `<section class="step ${state}" id="${step.id}">
  <header><h2>${escapeHtml(step.title)}</h2><span class="badge">${badge} · ${escapeHtml(step.action)} · ${(step.durationMs / 1000).toFixed(1)} s</span></header>
  <div class="summary">${renderMarkdown(step.summary || "_(no job summary)_")}</div>
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
.step.ok header{border-left:4px solid #1a7f37} .step.expected header{border-left:4px solid #9a6700} .step.failed header{border-left:4px solid #d1242f}
.step h2{font-size:16px;margin:0} .badge{color:#59636e;font-size:12px}
.summary{padding:8px 16px;overflow-x:auto}
table{border-collapse:collapse;margin:8px 0} th,td{border:1px solid #d1d9e0;padding:4px 10px;text-align:left;vertical-align:top} th{background:#f6f8fa}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px} pre{background:#f6f8fa;padding:8px;overflow-x:auto;border-radius:6px}
blockquote{color:#59636e;border-left:4px solid #d1d9e0;margin:8px 0;padding:0 12px}
pre.mermaid{background:#fff}
</style></head>
<body><main>
<h1>sre-actions — a day of the team's workflow</h1>
<p class="lead">Job summaries of the bundled actions run by <code>pnpm demo</code> against loopback fakes of ECS, Notion and GitHub (${escapeHtml(startedAt.toISOString())}).</p>
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
