/**
 * Text from outside — comments, branch names, PR titles, Notion cells, AWS events and stopped
 * reasons, container and Datadog log lines — is data, never a command. These are the only ways
 * it reaches the runner's log or Markdown.
 *
 * The runner treats a line as a workflow command when, after leading whitespace, it starts with
 * `::` (`::warning::`, `::stop-commands::`, `::add-mask::`…), and still honours the older `##[`
 * form; a newline inside a value would start such a line. So: one value stays on one line, and a
 * command marker is broken by a zero-width space (invisible to a reader, inert to the runner).
 */

const ZERO_WIDTH_SPACE = "\u200b";

/** Control characters a log line must not carry raw (tab is kept). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

function visible(char: string): string {
  if (char === "\n") return "\\n";
  if (char === "\r") return "\\r";
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** Breaks `::` at the start of a line and `##[` anywhere, so the runner never reads a command. */
function inert(line: string): string {
  const lead = /^\s*/.exec(line)?.[0] ?? "";
  const rest = line.slice(lead.length);
  const safeStart = rest.startsWith("::") ? `:${ZERO_WIDTH_SPACE}${rest.slice(1)}` : rest;
  return lead + safeStart.replace(/##\[/g, `##${ZERO_WIDTH_SPACE}[`);
}

/** One external value inside a log line: newlines and control characters shown as `\n`, never a command. */
export function logText(text: string): string {
  return inert(
    String(text)
      .replace(/\r\n|[\r\n]/g, (match) => (match === "\r\n" ? "\\r\\n" : visible(match)))
      .replace(CONTROL, visible),
  );
}

/**
 * Several external lines (a container's log tail, a multi-line event) for the log: each line kept,
 * each made inert. Use when the lines are printed one per log line.
 */
export function logLines(text: string): string[] {
  return String(text)
    .split(/\r\n|[\r\n]/)
    .map((line) => inert(line.replace(CONTROL, visible)));
}

/**
 * The last line of defence, applied by the runner logger to everything it prints: any line that
 * would start a workflow command is made inert. Our own commands go through @actions/core's
 * functions (which escape their data), never through plain output, so nothing legitimate is lost.
 */
export function inertLog(message: string): string {
  if (!message.includes("::") && !message.includes("##[")) return message;
  return message
    .split("\n")
    .map((line) => inert(line))
    .join("\n");
}

/**
 * Markdown's inline specials, escaped so external text renders literally (no links, images,
 * emphasis, HTML or autolinks). Pipes are left to `cell()`, which escapes them in tables.
 */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>#!~&]/g;

/**
 * External text as literal Markdown inline text: one line, every special character escaped, and
 * `@` mentions broken so an outsider's words cannot notify people or draw a link.
 */
export function markdownText(text: string): string {
  return String(text)
    .replace(/\r\n|[\r\n]/g, " ")
    .replace(CONTROL, "")
    .replace(MARKDOWN_SPECIAL, (char) =>
      char === "&" ? "&amp;" : char === "<" ? "&lt;" : char === ">" ? "&gt;" : `\\${char}`,
    )
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`);
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/**
 * External text as an inline code span that the text cannot close: the fence is one backtick
 * longer than any run inside, padded when the text starts or ends with a backtick.
 */
export function codeSpan(text: string): string {
  const line = String(text)
    .replace(/\r\n|[\r\n]/g, " ")
    .replace(CONTROL, "");
  const fence = "`".repeat(longestRun(line, "`") + 1);
  const pad = line.startsWith("`") || line.endsWith("`") || line.startsWith(" ") ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** A fenced code block that the text inside cannot close (the fence outgrows any backtick run). */
export function codeFence(text: string, language = ""): string {
  const fence = "`".repeat(Math.max(3, longestRun(String(text), "`") + 1));
  return `${fence}${language}\n${String(text).replace(CONTROL, "")}\n${fence}`;
}
