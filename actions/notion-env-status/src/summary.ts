import { codeSpan, heading, markdownText, sections, table } from "@sre-actions/core";
import type { ConflictReport } from "./conflict.js";
import { displayTime, environmentView, pullMarkdown, ROW_HEADERS, rowCells, safeLink } from "./render.js";
import { answerBody } from "./render-answer.js";
import type { NotionEnvStatusResult } from "./result.js";
import { renderSetupSummary } from "./setup-summary.js";

/** The job summary: what happened, any conflict, the rows concerned, how many API calls. */
export function renderSummary(result: NotionEnvStatusResult): string {
  if (result.mode === "setup") return renderSetupSummary(result);
  if (result.mode === "command") {
    return sections(
      heading("notion-env-status: command", 2),
      answerBody(result),
      result.caughtUp !== undefined &&
        `Answered first: comments ${result.caughtUp.join(", ")}, whose jobs the concurrency group had replaced.`,
      result.apiCalls > 0 && `Notion API calls: ${result.apiCalls}.`,
    );
  }
  const title = `notion-env-status: ${result.mode}${result.environment ? ` ${result.environment}` : ""}`;
  const rows = result.rows.map((row) => rowCells(environmentView(row, result.now, result.freeStatus), result.timeZone));
  const rowsTitle =
    result.mode === "sweep" ? "Expired reservations freed" : result.mode === "release" ? "Released" : "Environments";
  return sections(
    heading(title, 2),
    // The outcome and a failure name rows, holders and columns from Notion: escaped, never Markdown.
    result.failure === undefined
      ? markdownText(result.outcome)
      : `⚠️ **Notion was not updated:** ${markdownText(result.failure.message)}${result.failure.hint ? `\n\n${markdownText(result.failure.hint)}` : ""}`,
    result.conflict && renderConflict(result.conflict, result.timeZone),
    rows.length > 0 && sections(heading(rowsTitle, 3), table(ROW_HEADERS, rows)),
    `Notion API calls: ${result.apiCalls} (${result.apiCallsAfterResolve} after resolving the data source).`,
  );
}

export function renderConflict(conflict: ConflictReport, timeZone: string): string {
  const holder = conflict.holder;
  const who = [
    holder.actor === undefined ? undefined : markdownText(holder.actor),
    holder.branch === undefined ? undefined : `branch ${codeSpan(holder.branch)}`,
    holder.pullRequest === undefined ? undefined : pullMarkdown(holder.pullRequest),
  ]
    .filter(Boolean)
    .join(", ");
  const since = conflict.since === undefined ? "" : ` since ${displayTime(conflict.since, timeZone)}`;
  const until = conflict.until === undefined ? "" : ` until ${displayTime(conflict.until, timeZone)}`;
  const action = {
    fail: "Nothing was written (on-conflict: fail).",
    warn: "Deployed over it (on-conflict: warn); the note records the previous holder.",
    override: "Taken over (on-conflict: override); the note records the previous holder.",
  }[conflict.policy];
  return `> [!WARNING]\n> **Reserved by someone else:** ${who}${since}${until} (${safeLink("row", conflict.rowUrl)}). ${action}`;
}
