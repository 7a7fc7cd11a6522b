/**
 * Mermaid `xychart-beta` trend charts, which GitHub renders in job summaries and comments. Looked
 * at in a browser, three things make such a chart readable: at most ~8 x-axis labels (a year of
 * weeks is 52 labels, which overlap into a smear), no point drawn where a bucket has no data (a
 * week without incidents is not a 0-hour restore), and the full width of the page.
 */

export interface Point {
  /** The bucket's label, e.g. `2026-W37` or `2026-11`. */
  label: string;
  /** Undefined where the bucket has no data: left out of the chart, never drawn as 0. */
  value: number | undefined;
}

export interface Series {
  title: string;
  unit: string;
  points: readonly Point[];
  kind: "bar" | "line";
}

/** Labels shown on the x-axis at most; the other ticks stay unlabelled. */
export const MAX_TICK_LABELS = 8;
/** Wider than a job summary's content column: GitHub scales the chart down to the full width. */
const WIDTH = 1200;
const HEIGHT = 360;
/** The default palette draws lines in a pale lavender that nearly vanishes on white: one strong blue, readable on light and dark. */
const PLOT_COLOR = "#2f81f7";

const ZERO_WIDTH_SPACE = "\u200b";
// Mermaid's grammar ends a quoted label at `"`; a label is our bucket name, quoted defensively anyway.
const quote = (text: string) => `"${text.replace(/"/g, "'")}"`;

/**
 * Every `step`-th label, first and last kept when they fit: at most `max` labels. An unlabelled
 * tick is a distinct run of zero-width spaces (Mermaid merges categories with the same name).
 */
export function tickLabels(labels: readonly string[], max = MAX_TICK_LABELS): string[] {
  const step = Math.max(1, Math.ceil(labels.length / max));
  return labels.map((label, index) => (index % step === 0 ? label : ZERO_WIDTH_SPACE.repeat(index)));
}

/** The chart, or a sentence saying there is nothing to draw. */
export function trendChart(series: Series): string {
  const points = series.points.filter((point): point is Point & { value: number } => point.value !== undefined);
  if (points.length === 0) return `**${series.title}**: no data in a whole bucket of the window.`;
  const skipped = series.points.length - points.length;
  const values = points.map((point) => Number(point.value.toFixed(2)));
  const top = Math.max(1, ...values);
  const title =
    skipped > 0
      ? `${series.title} (${skipped} ${skipped === 1 ? "bucket" : "buckets"} without data left out)`
      : series.title;
  return [
    "```mermaid",
    "---",
    "config:",
    "  xyChart:",
    `    width: ${WIDTH}`,
    `    height: ${HEIGHT}`,
    "  themeVariables:",
    "    xyChart:",
    `      plotColorPalette: "${PLOT_COLOR}"`,
    "---",
    "xychart-beta",
    `  title ${quote(title)}`,
    `  x-axis [${tickLabels(points.map((point) => point.label))
      .map(quote)
      .join(", ")}]`,
    `  y-axis ${quote(series.unit)} 0 --> ${Number((top * 1.1).toFixed(2))}`,
    `  ${series.kind} [${values.join(", ")}]`,
    "```",
  ].join("\n");
}
