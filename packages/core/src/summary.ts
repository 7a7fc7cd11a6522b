import * as actions from "@actions/core";

/** Markdown builders for job summaries and PR comments; pure, so tests compare strings. */

/**
 * Escapes a value for a Markdown table cell: pipes (GFM's table parser honours `\|` even inside
 * code spans) and newlines. The value is Markdown: pass external text through `markdownText()` or
 * `codeSpan()` first.
 */
export function cell(value: unknown): string {
  const text = value === undefined || value === null ? "" : String(value);
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

export function table(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const head = `| ${headers.map(cell).join(" | ")} |`;
  const rule = `| ${headers.map(() => "---").join(" | ")} |`;
  const body = rows.map((row) => `| ${headers.map((_, index) => cell(row[index])).join(" | ")} |`);
  return [head, rule, ...body].join("\n");
}

export function details(summary: string, body: string, open = false): string {
  return `<details${open ? " open" : ""}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

export function link(text: string, url: string | undefined): string {
  return url === undefined ? text : `[${text.replace(/[[\]]/g, "\\$&")}](${url})`;
}

export function heading(text: string, level = 3): string {
  return `${"#".repeat(level)} ${text}`;
}

export { codeFence as codeBlock } from "./external.js";

/** Joins sections with blank lines, skipping empty ones. */
export function sections(...parts: (string | undefined | false)[]): string {
  return parts.filter((part): part is string => typeof part === "string" && part !== "").join("\n\n");
}

/** Appends Markdown to the job summary when the runner provides one (no-op elsewhere). */
export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env["GITHUB_STEP_SUMMARY"]) return;
  await actions.summary.addRaw(markdown, true).write();
}
