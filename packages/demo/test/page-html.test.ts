import { describe, expect, it } from "vitest";
import { compactCells, emojiAsIcons, presentSummary, timesInZone } from "../src/page-html.js";
import { renderMarkdown } from "../src/report.js";
import { tokyoTime } from "../src/time.js";

describe("the demo page presents summaries the same on every machine", () => {
  it("draws status emoji as inline SVG icons with a label", () => {
    const html = emojiAsIcons("<p>✅ succeeded, ↩️ rolled-back, ⏰ woken, ❌ failed, ⏸️ paused</p>");
    expect(html).not.toMatch(/\p{Extended_Pictographic}/u);
    expect(html.match(/<svg class="icon"/g)).toHaveLength(5);
    expect(html).toContain('aria-label="rolled back"');
    expect(html).toContain('aria-label="paused"');
  });

  it("shows prose timestamps in the page's zone, keeping code and the original", () => {
    const html = timesInZone(
      "<li>kept running until 2026-12-08T14:30:01Z</li><code>until=2026-12-08T14:30:01Z</code>",
      tokyoTime,
    );
    expect(html).toBe(
      '<li>kept running until <time datetime="2026-12-08T14:30:01Z" title="2026-12-08T14:30:01Z">2026-12-08 23:30 Asia/Tokyo</time></li><code>until=2026-12-08T14:30:01Z</code>',
    );
  });

  it("shortens ECR image URIs in table cells to repository:tag and keeps one-word cells on one line", () => {
    const html = compactCells(
      renderMarkdown(
        "| Service | From |\n| --- | --- |\n| qa3-worker | 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/tansu-api:main-4f1c2aa |\n| a b | 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/tansu-api@sha256:" +
          "a".repeat(64) +
          " |\n",
      ),
    );
    expect(html).toContain('<td class="nw">qa3-worker</td>');
    expect(html).toContain(
      '<span class="image" title="123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/tansu-api:main-4f1c2aa">tansu-api:main-4f1c2aa</span>',
    );
    expect(html).toContain(`>tansu-api@sha256:aaaaaaaaaaaa…</span>`);
    expect(html).toContain("<td>a b</td>");
  });

  it("leaves a summary without any of these as marked rendered it", () => {
    const html = renderMarkdown("## Title\n\nplain text\n");
    expect(presentSummary(html, tokyoTime)).toBe(html);
  });
});
