import { codeBlock, codeSpan, heading, markdownText, sections, table } from "@sre-actions/core";
import type { NotionEnvStatusResult } from "./result.js";
import type { ColumnPlan } from "./setup-plan.js";

const STATE_TEXT: Record<ColumnPlan["state"], string> = {
  present: "already there",
  add: "added",
  "add-options": "options added",
  "cannot-fix": "cannot fix",
};

/** The job summary of mode setup: the variable to set, each column's fate and the rows. */
export function renderSetupSummary(result: NotionEnvStatusResult): string {
  const report = result.setup;
  const failure =
    result.failure === undefined
      ? undefined
      : `> [!WARNING]\n> ${result.failure.message.split("\n").map(markdownText).join("\n> ")}${result.failure.hint ? `\n>\n> ${result.failure.hint}` : ""}`;
  if (report === undefined) {
    return sections(heading("notion-env-status: setup", 2), failure, `Notion API calls: ${result.apiCalls}.`);
  }
  const columns = report.columns.map((column) => [
    codeSpan(column.column),
    column.field,
    column.type,
    column.state === "add" && report.createdDatabase
      ? "created"
      : `${STATE_TEXT[column.state]}${column.detail ? `: ${markdownText(column.detail)}` : ""}`,
  ]);
  const rows = [
    report.rowsCreated.length > 0 && `Rows created (Status Free): ${report.rowsCreated.map(codeSpan).join(", ")}.`,
    report.rowsPresent.length > 0 && `Rows already there: ${report.rowsPresent.map(codeSpan).join(", ")}.`,
  ]
    .filter(Boolean)
    .join("\n\n");
  return sections(
    heading("notion-env-status: setup", 2),
    `${markdownText(result.outcome)}.`,
    failure,
    `Set the repository variable **NOTION_ENVIRONMENTS_DATABASE** (Settings → Secrets and variables → Actions → Variables) to the database, or run:\n\n${codeBlock(`gh variable set NOTION_ENVIRONMENTS_DATABASE --body "${report.databaseUrl}"`, "sh")}`,
    heading("Columns", 3),
    table(["Column", "Field", "Type", "Result"], columns),
    heading("Rows", 3),
    rows,
    `Notion API calls: ${result.apiCalls}.`,
  );
}
