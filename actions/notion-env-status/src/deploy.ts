import { isoInZone } from "@sre-actions/core";
import { type Cell, properties } from "./cells.js";
import type { StatusKey } from "./fields.js";
import { conflictingHolder, describeClaimant, rowClaimant, sameClaimant } from "./holder.js";
import { deployedByCell } from "./people.js";
import { reservationEnd } from "./reservation.js";
import type { EnvRow } from "./rows.js";
import { type ConflictReport, findRow, type ModeResult, type Session, toRow } from "./session.js";

/**
 * Finds the environment's row (creating it when absent), decides about a conflict and writes every
 * field in one call: query + update (or create) after the schema is known.
 */
export async function deploy(session: Session, environment: string): Promise<ModeResult> {
  const { inputs, context, clock } = session;
  const row = await findRow(session, environment);
  const now = clock.now();
  const reservation = reservationEnd(
    {
      reservedUntil: inputs.reservedUntil,
      reserveForMs: inputs.reserveForMs,
      labels: session.pullRequest?.labels ?? [],
    },
    now,
  );
  for (const label of reservation.badLabels) {
    session.log.warning(`Label "${label}" is not reserve:<duration> like reserve:2d; using ${reservation.source}.`);
  }
  const conflict = row === undefined ? undefined : detectConflict(session, row, now);
  const previous = row === undefined ? undefined : rowClaimant(row);
  const previousHolder = previous !== undefined && !sameClaimant(previous, session.me) ? previous : undefined;
  if (conflict?.blocked) {
    return {
      outcome: `Not deployed: ${environment} is reserved by ${describeClaimant(conflict.holder)} (on-conflict: fail)`,
      page: row && { id: row.pageId, url: row.url },
      conflict,
      previousHolder,
      reservation,
      rows: row === undefined ? [] : [row],
    };
  }

  const statusKey: StatusKey = inputs.deployStatus;
  const cells: Record<string, Cell> = {
    status: { option: session.schema.statusNames[statusKey] },
    branch: { text: context.branch ?? "" },
    "pull-request": session.pullRequest === undefined ? null : { text: session.pullRequest.url },
    commit: { text: context.sha.slice(0, 7), url: context.commitUrl },
    "deployed-by": await deployedByCell(session, context.actor),
    "deployed-at": { date: now },
    "reserved-until": { date: reservation.until },
    run: { text: context.runUrl },
  };
  if (conflict !== undefined) cells.note = { text: takeoverNote(session, conflict, now) };
  const props = properties(session.schema, cells, inputs.timeZone);

  const page =
    row === undefined
      ? await session.api.createPage({
          parent: { type: "data_source_id", data_source_id: session.dataSourceId },
          properties: {
            ...props,
            ...properties(session.schema, { environment: { text: environment } }, inputs.timeZone),
          },
        })
      : await session.api.updatePage({ page_id: row.pageId, properties: props });
  const written = toRow(session, page);
  const verb = row === undefined ? "Created" : "Updated";
  return {
    outcome: `${verb} ${environment}: ${written.status ?? statusKey}, reserved until ${isoInZone(reservation.until, inputs.timeZone)} (${reservation.source})`,
    page: { id: page.id, url: page.url },
    created: row === undefined,
    conflict,
    previousHolder,
    reservation,
    rows: [written],
  };
}

/** Reports a conflict in the log as the policy says; undefined when there is none. */
export function detectConflict(session: Session, row: EnvRow, now: number): ConflictReport | undefined {
  const holder = conflictingHolder(row, session.me, session.schema.statusNames.free, now);
  if (holder === undefined) return undefined;
  const policy = session.inputs.onConflict;
  const report: ConflictReport = {
    holder,
    since: row.deployedAt,
    until: row.reservedUntil,
    rowUrl: row.url,
    policy,
    blocked: policy === "fail",
  };
  const zone = session.inputs.timeZone;
  const when = [
    report.since === undefined ? undefined : `since ${isoInZone(report.since, zone)}`,
    report.until === undefined ? undefined : `until ${isoInZone(report.until, zone)}`,
  ]
    .filter(Boolean)
    .join(" ");
  const message = `${row.environment} is reserved by ${describeClaimant(holder)} ${when}: ${row.url}`;
  if (policy === "fail") session.log.error(message, { title: "Environment reserved" });
  else if (policy === "warn")
    session.log.warning(`${message}. Deploying over it (on-conflict: warn).`, { title: "Environment reserved" });
  else session.log.info(`${message}. Taking it over (on-conflict: override); the note records the previous holder.`);
  return report;
}

function takeoverNote(session: Session, conflict: ConflictReport, now: number): string {
  const zone = session.inputs.timeZone;
  const until = conflict.until === undefined ? "" : ` (reserved until ${isoInZone(conflict.until, zone)})`;
  return `Taken over from ${describeClaimant(conflict.holder)}${until} by @${session.context.actor} at ${isoInZone(now, zone)}`;
}
