import { codeSpan, describeError, heading, type Logger, logText, markdownText, sections } from "@sre-actions/core";
import type { Verdict } from "./command.js";
import { type GitHubPort, stickyComment } from "./github.js";
import { COMMENT_MARKER } from "./marker.js";
import { displayTime, pullMarkdown, safeLink } from "./render.js";
import type { NotionEnvStatusResult } from "./result.js";
import { renderConflict } from "./summary.js";

export { COMMENT_MARKER };

/** The sticky PR comment: which environment, who holds it, until when; a conflict with links. */
export function renderComment(result: NotionEnvStatusResult): string | undefined {
  if (
    result.failure !== undefined ||
    (result.mode !== "deploy" && result.mode !== "release" && result.mode !== "extend")
  ) {
    return undefined;
  }
  const zone = result.timeZone;
  // Every cell is text from Notion: escaped, the branch in a code span it cannot close.
  const lines = result.rows.map((row) => {
    const env = safeLink(row.environment, row.url);
    if (result.mode === "release") return `- ${env}: released (${markdownText(row.status ?? result.freeStatus)})`;
    const until = row.reservedUntil === undefined ? "" : ` until **${displayTime(row.reservedUntil, zone)}**`;
    const holder = markdownText(row.deployedBy ?? "");
    const pr = row.pullRequest === undefined ? "" : ` ${pullMarkdown(row.pullRequest)}`;
    return `- ${env}: ${markdownText(row.status ?? "")}, held by ${holder} ${codeSpan(row.branch ?? "")}${pr}${until}`;
  });
  return sections(
    COMMENT_MARKER,
    heading("Environment reservation", 3),
    lines.length > 0 ? lines.join("\n") : markdownText(result.outcome),
    result.conflict && renderConflict(result.conflict, zone),
    result.mode === "deploy" && result.reservation
      ? `Reservation from ${result.reservation.source}; a \`reserve:2d\`-style label changes it on the next deploy.`
      : undefined,
    `<sub>Updated ${displayTime(result.now, zone)} by notion-env-status.</sub>`,
  );
}

/**
 * Creates or updates the sticky comment on the run's PR; a GitHub failure is a warning, never a
 * failed step. The sticky is the marked comment our own token wrote (see `GitHubPort.identity`).
 */
export async function updateStickyComment(
  result: NotionEnvStatusResult,
  github: GitHubPort | undefined,
  log: Logger,
): Promise<"created" | "updated" | undefined> {
  const body = renderComment(result);
  const pull = result.pullRequest;
  if (body === undefined || github === undefined || pull === undefined) return undefined;
  try {
    const me = await github.identity();
    const existing = stickyComment(await github.listComments(pull.number), COMMENT_MARKER, me);
    // Keep the record of answered /env comments, so a re-run of a command still knows it was done.
    const handled = handledMarker(handledCommands(existing?.body));
    const { action } = await github.writeComment(pull.number, existing?.id, sections(body, handled), me);
    log.info(`PR #${pull.number}: comment ${action}`);
    return action;
  } catch (error) {
    log.warning(`Could not comment on PR #${pull.number}: ${logText(describeError(error))}`);
    return undefined;
  }
}

/** The trailer: the sticky comment's last line, written by us alone. */
const HANDLED = /^<!-- sre-actions:handled ([\d:a-z ]*) -->$/;
/** How many answered comment ids the sticky comment remembers. */
const HANDLED_KEPT = 50;

/**
 * The `/env` comments already answered (comment id → verdict), read from the trailer of our own
 * sticky comment only: the last line, never a record that appears anywhere else in the body (the
 * body quotes commenters).
 */
export function handledCommands(body: string | undefined): Map<number, Verdict> {
  const handled = new Map<number, Verdict>();
  const trailer = (body ?? "").trimEnd().split("\n").at(-1) ?? "";
  for (const entry of HANDLED.exec(trailer)?.[1]?.split(" ") ?? []) {
    const [id, verdict] = entry.split(":");
    if (id && (verdict === "done" || verdict === "refused")) handled.set(Number(id), verdict);
  }
  return handled;
}

/** The trailer that records answered comments (the newest HANDLED_KEPT); empty when there are none. */
export function handledMarker(handled: ReadonlyMap<number, Verdict>): string {
  const entries = [...handled].slice(-HANDLED_KEPT).map(([id, verdict]) => `${id}:${verdict}`);
  return entries.length === 0 ? "" : `<!-- sre-actions:handled ${entries.join(" ")} -->`;
}
