import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../src/report.js";

describe("the demo page renders job summaries as GitHub does", () => {
  it("turns GitHub alerts into callouts, keeping their Markdown", () => {
    const html = renderMarkdown("> [!WARNING]\n> qa3 is reserved by **feature/search** until Fri 18:00.\n");
    expect(html).toContain('<div class="alert alert-warning"><p class="alert-title">Warning</p>');
    expect(html).toContain("<strong>feature/search</strong>");
    expect(html).not.toContain("[!WARNING]");
  });

  it("leaves plain quotes as quotes and Mermaid blocks for the page to draw", () => {
    expect(renderMarkdown("> just a quote\n")).toContain("<blockquote>");
    expect(renderMarkdown("```mermaid\nxychart-beta\n```\n")).toBe('<pre class="mermaid">xychart-beta</pre>');
  });
});
