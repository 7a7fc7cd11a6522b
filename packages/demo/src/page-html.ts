/**
 * How the demo page presents the job summaries' HTML so it reads the same on any machine: status
 * emoji become inline SVG icons (headless Linux has no emoji font and draws empty boxes), machine
 * timestamps in prose are shown in the page's one time zone (the original stays in the tooltip),
 * full ECR image URIs in tables are shortened to repository:tag (the URI in the tooltip), and
 * short identifiers in table cells do not wrap. The job summaries themselves (demo-output/*.md)
 * are left exactly as the actions wrote them.
 */

const ICON_PATHS = {
  ok: { label: "passed", color: "#1a7f37", path: "M6.5 11.2 3.3 8l1.1-1.1 2.1 2.1 5.1-5.1L12.7 5z" },
  fail: {
    label: "failed",
    color: "#d1242f",
    path: "M4.4 3.3 8 6.9l3.6-3.6 1.1 1.1L9.1 8l3.6 3.6-1.1 1.1L8 9.1l-3.6 3.6-1.1-1.1L6.9 8 3.3 4.4z",
  },
  skip: { label: "skipped", color: "#59636e", path: "M3 3.5v9l5.5-4.5zm5.5 0v9L14 8z" },
  back: {
    label: "rolled back",
    color: "#9a6700",
    path: "M6 3 2 7l4 4V8h3.5a2.5 2.5 0 0 1 0 5H8v1.5h1.5a4 4 0 0 0 0-8H6z",
  },
  clock: {
    label: "woken",
    color: "#0969da",
    path: "M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zm0 1.5a5 5 0 1 1 0 10A5 5 0 0 1 8 3zm-.75 1.5v4.1l3 1.8.75-1.3-2.25-1.3V4.5z",
  },
  warn: { label: "warning", color: "#9a6700", path: "M8 1.5 15 14H1zm-.75 4v4.5h1.5V5.5zm0 5.75v1.5h1.5v-1.5z" },
  pause: { label: "paused", color: "#0969da", path: "M4 3h3v10H4zm5 0h3v10H9z" },
} as const satisfies Record<string, { label: string; color: string; path: string }>;
type IconKind = keyof typeof ICON_PATHS;

/** The emoji the actions' summaries use, each as an icon. */
const EMOJI: Record<string, IconKind> = {
  "✅": "ok",
  "✔️": "ok",
  "❌": "fail",
  "✖️": "fail",
  "⏭": "skip",
  "⏭️": "skip",
  "↩️": "back",
  "↩": "back",
  "⏰": "clock",
  "⚠️": "warn",
  "⚠": "warn",
  "⏸️": "pause",
  "⏸": "pause",
};

export function icon(kind: IconKind): string {
  const { label, color, path } = ICON_PATHS[kind];
  return `<svg class="icon" viewBox="0 0 16 16" width="14" height="14" role="img" aria-label="${label}"><path fill="${color}" d="${path}"/></svg>`;
}

const EMOJI_PATTERN = new RegExp(
  Object.keys(EMOJI)
    .sort((a, b) => b.length - a.length)
    .map((emoji) => emoji.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("|"),
  "gu",
);

/** Status emoji → inline SVG icons (everywhere: they are never part of data). */
export function emojiAsIcons(html: string): string {
  return html.replace(EMOJI_PATTERN, (emoji) => icon(EMOJI[emoji] ?? "ok"));
}

const ECR_IMAGE = /\b\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/([A-Za-z0-9._/-]+?)(:[\w.-]+|@sha256:[0-9a-f]{64})/g;
const ISO_UTC = /\b(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z)\b/g;

/**
 * Applies `change` to the text between tags, skipping <code>, <pre> and <time> content (data shown
 * literally) and attribute values.
 */
function mapText(html: string, change: (text: string) => string): string {
  let literal = 0;
  return html
    .split(/(<[^>]+>)/)
    .map((part) => {
      if (part.startsWith("<")) {
        if (/^<(code|pre|time)\b/.test(part)) literal++;
        else if (/^<\/(code|pre|time)>/.test(part)) literal = Math.max(0, literal - 1);
        return part;
      }
      return literal > 0 ? part : change(part);
    })
    .join("");
}

/** Prose timestamps in UTC (`2026-12-08T14:30:01Z`) in the page's zone, the original in the tooltip. */
export function timesInZone(html: string, format: (date: Date) => string): string {
  return mapText(html, (text) =>
    text.replace(ISO_UTC, (iso) => `<time datetime="${iso}" title="${iso}">${format(new Date(iso))}</time>`),
  );
}

/** Inside table cells: ECR image URIs as repository:tag, and single identifiers kept on one line. */
export function compactCells(html: string): string {
  return html.replace(/<td([^>]*)>([\s\S]*?)<\/td>/g, (_, attributes: string, content: string) => {
    const shortened = content.replace(ECR_IMAGE, (uri, repository: string, reference: string) => {
      const short = reference.startsWith("@") ? `${repository}${reference.slice(0, 20)}…` : `${repository}${reference}`;
      return `<span class="image" title="${uri}">${short}</span>`;
    });
    const text = shortened.replace(/<[^>]+>/g, "").trim();
    const oneWord = text !== "" && !/\s/.test(text) && text.length <= 48;
    return `<td${attributes}${oneWord ? ' class="nw"' : ""}>${shortened}</td>`;
  });
}

/** Everything above, in order: the page's presentation of one job summary's HTML. */
export function presentSummary(html: string, format: (date: Date) => string): string {
  return emojiAsIcons(compactCells(timesInZone(html, format)));
}
