/** Mermaid `xychart-beta` trend charts, which GitHub renders in job summaries and comments. */

export interface Series {
  title: string;
  unit: string;
  labels: readonly string[];
  /** Undefined where a bucket has no data; drawn as 0 and said so in the title. */
  values: readonly (number | undefined)[];
  kind: "bar" | "line";
}

const quote = (text: string) => `"${text.replace(/"/g, "'")}"`;

export function trendChart(series: Series): string {
  const gaps = series.values.some((value) => value === undefined);
  const values = series.values.map((value) => Number((value ?? 0).toFixed(2)));
  const top = Math.max(1, ...values);
  return [
    "```mermaid",
    "xychart-beta",
    `  title ${quote(gaps ? `${series.title} (0 = no data)` : series.title)}`,
    `  x-axis [${series.labels.map(quote).join(", ")}]`,
    `  y-axis ${quote(series.unit)} 0 --> ${Number((top * 1.1).toFixed(2))}`,
    `  ${series.kind} [${values.join(", ")}]`,
    "```",
  ].join("\n");
}
