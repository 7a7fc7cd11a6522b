import { describeError, heading, type Logger, link, sections } from "@sre-actions/core";
import type { GitHubPort } from "./github.js";
import { displayTime, pullLabel } from "./render.js";
import type { NotionEnvStatusResult } from "./result.js";
import { renderConflict } from "./summary.js";

/** Finds our one sticky comment among the PR's comments. */
export const COMMENT_MARKER = "<!-- sre-actions:notion-env-status -->";

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
    const action = await github.upsertComment(pull.number, COMMENT_MARKER, body);
    log.info(`PR #${pull.number}: comment ${action}`);
    return action;
  } catch (error) {
    log.warning(`Could not comment on PR #${pull.number}: ${describeError(error)}`);
    return undefined;
  }
}
