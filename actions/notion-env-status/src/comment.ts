import { describeError, heading, type Logger, link, sections } from "@sre-actions/core";
import type { Verdict } from "./command.js";
import type { GitHubPort } from "./github.js";
import { COMMENT_MARKER } from "./marker.js";
import { displayTime, pullLabel } from "./render.js";
import type { NotionEnvStatusResult } from "./result.js";
import { renderConflict } from "./summary.js";

export { COMMENT_MARKER };

/** Finds our one sticky comment among the PR's comments. */

/** The sticky PR comment: which environment, who holds it, until when; a conflict with links. */
export function renderComment(result: NotionEnvStatusResult): string | undefined {
  if (
    result.failure !== undefined ||
    (result.mode !== "deploy" && result.mode !== "release" && result.mode !== "extend")
  ) {
    return undefined;
  }
  const zone = result.timeZone;
  const lines = result.rows.map((row) => {
    const env = link(row.environment, row.url);
    if (result.mode === "release") return `- ${env}: released (${row.status ?? result.freeStatus})`;
    const until = row.reservedUntil === undefined ? "" : ` until **${displayTime(row.reservedUntil, zone)}**`;
    const holder = row.deployedBy ?? "";
    const pr = row.pullRequest === undefined ? "" : ` ${link(pullLabel(row.pullRequest), row.pullRequest)}`;
    return `- ${env}: ${row.status ?? ""}, held by ${holder} \`${row.branch ?? ""}\`${pr}${until}`;
  });
  return sections(
    COMMENT_MARKER,
    heading("Environment reservation", 3),
    lines.length > 0 ? lines.join("\n") : result.outcome,
    result.conflict && renderConflict(result.conflict, zone),
    result.mode === "deploy" && result.reservation
      ? `Reservation from ${result.reservation.source}; a \`reserve:2d\`-style label changes it on the next deploy.`
      : undefined,
    `<sub>Updated ${displayTime(result.now, zone)} by notion-env-status.</sub>`,
  );
}

/** Creates or updates the sticky comment on the run's PR; a GitHub failure is a warning, never a failed step. */
export async function updateStickyComment(
  result: NotionEnvStatusResult,
  github: GitHubPort | undefined,
  log: Logger,
): Promise<"created" | "updated" | undefined> {
  const body = renderComment(result);
  const pull = result.pullRequest;
  if (body === undefined || github === undefined || pull === undefined) return undefined;
  try {
    const existing = await github.findComment(pull.number, COMMENT_MARKER);
    // Keep the record of answered /env comments, so a re-run of a command still knows it was done.
    const handled = handledMarker(handledCommands(existing?.body));
    const action = await github.writeComment(pull.number, existing?.id, sections(body, handled));
    log.info(`PR #${pull.number}: comment ${action}`);
    return action;
  } catch (error) {
    log.warning(`Could not comment on PR #${pull.number}: ${describeError(error)}`);
    return undefined;
  }
}

const HANDLED = /<!-- sre-actions:handled ([\d:a-z ]*) -->/;
/** How many answered comment ids the sticky comment remembers. */
const HANDLED_KEPT = 50;

/** The `/env` comments already answered (comment id → verdict), read from the sticky comment. */
export function handledCommands(body: string | undefined): Map<number, Verdict> {
  const handled = new Map<number, Verdict>();
  for (const entry of HANDLED.exec(body ?? "")?.[1]?.split(" ") ?? []) {
    const [id, verdict] = entry.split(":");
    if (id && (verdict === "done" || verdict === "refused")) handled.set(Number(id), verdict);
  }
  return handled;
}

/** The hidden line that records answered comments (the newest HANDLED_KEPT); empty when there are none. */
export function handledMarker(handled: ReadonlyMap<number, Verdict>): string {
  const entries = [...handled].slice(-HANDLED_KEPT).map(([id, verdict]) => `${id}:${verdict}`);
  return entries.length === 0 ? "" : `<!-- sre-actions:handled ${entries.join(" ")} -->`;
}
