import { formatInZone, humanDuration, link, markdownText, sections, table } from "@sre-actions/core";
import type { GitHubPort } from "./github.js";
import { readIncidentLinks } from "./incident-links.js";
import type { DeploymentRecord, IncidentAttribution, RepoRef } from "./model.js";

/** Hidden marker that makes the comment sticky: found and updated, never posted twice. */
export const COMMENT_MARKER = "<!-- incident-label-metrics:incident -->";

export interface IncidentView {
  repo: string;
  number: number;
  url: string;
  body: string;
  headRefName: string;
  merged: boolean;
  attribution: IncidentAttribution;
  fix: DeploymentRecord | undefined;
  /** A rollback that undid the culprit (restore-on-rollback). */
  rollback?: DeploymentRecord | undefined;
  /** What ended the incident: the fix's deployment or the rollback, whichever came first. */
  restoredBy?: "fix" | "rollback" | undefined;
  restoreMs: number | undefined;
  problem: string | undefined;
}

/** What the PR does not say yet that would make the numbers exact. */
export function missingMetadata(view: Pick<IncidentView, "body" | "headRefName">): string[] {
  const links = readIncidentLinks(view.body, view.headRefName);
  const missing: string[] = [];
  if (links.start === undefined || "invalid" in links.start) {
    missing.push("an `Incident-Start: 2026-11-20T10:00+09:00` line (ISO 8601 with offset) in the PR body");
  }
  if (links.causedBy === undefined && links.reverts === undefined) {
    missing.push("a `Caused-by: #123` (or `Caused-by: <sha>`) line naming the change that failed");
  }
  return missing;
}

export function renderIncidentComment(view: IncidentView, timeZone: string): string {
  const { attribution } = view;
  const state = view.merged
    ? view.fix === undefined
      ? "merged; time to restore is measured when the fix is deployed"
      : "final numbers"
    : "not merged yet: this is what will be measured";
  const missing = missingMetadata(view);
  return sections(
    COMMENT_MARKER,
    `### Incident ${link(`#${view.number}`, view.url)}: ${state}`,
    table(
      ["Start", "Source of the start", "Culprit deployment", "Restored by", "Recovery time"],
      [
        [
          formatInZone(attribution.start, timeZone),
          attribution.source === "estimate" ? "estimate (fix PR opened)" : attribution.source,
          attribution.culprit === undefined
            ? "unattributed"
            : `${markdownText(attribution.culprit.label)} (${formatInZone(attribution.culprit.at, timeZone)})`,
          restoredCell(view, timeZone),
          view.restoreMs === undefined ? (view.problem ?? "–") : humanDuration(view.restoreMs),
        ],
      ],
    ),
    // Notes quote the PR body (an unreadable Incident-Start): literal text, never Markdown of its own.
    attribution.notes.length > 0 ? attribution.notes.map((note) => `- ${markdownText(note)}`).join("\n") : undefined,
    missing.length > 0
      ? `**Missing metadata** (add to the PR body for exact numbers):\n${missing.map((item) => `- ${item}`).join("\n")}`
      : undefined,
    "<sub>Posted by incident-label-metrics; this comment is updated in place.</sub>",
  );
}

/** The fix's deployment, or the rollback when that ended the incident first. */
function restoredCell(view: IncidentView, timeZone: string): string {
  const end = view.restoredBy === "rollback" ? view.rollback : view.fix;
  if (end === undefined) return "not yet";
  const what = view.restoredBy === "rollback" ? "rollback " : "";
  return `${what}${markdownText(end.label)} (${formatInZone(end.at, timeZone)})`;
}

/** Updates the comment carrying the marker, or creates it; returns what was done. */
export function upsertIncidentComment(
  github: GitHubPort,
  ref: RepoRef,
  issueNumber: number,
  body: string,
): Promise<{ action: "created" | "updated"; id: number }> {
  return github.upsertComment(ref, issueNumber, COMMENT_MARKER, body);
}
