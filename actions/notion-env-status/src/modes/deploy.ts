import { isoInZone } from "@sre-actions/core";
import { type Cell, properties } from "../cells.js";
import { type ConflictReport, conflictOf, logConflict } from "../conflict.js";
import { createRowOnce } from "../create-once.js";
import type { StatusKey } from "../fields.js";
import { describeClaimant, rowClaimant, sameClaimant } from "../holder.js";
import type { ConflictPolicy, DeployStatus } from "../inputs.js";
import { deployedByCell } from "../people.js";
import { type ReservationRequest, reservationEnd } from "../reservation.js";
import { findRow, type ModeResult, type Session, toRow } from "../session.js";

export interface DeployRequest {
  environment: string;
  deployStatus: DeployStatus;
  reservation: ReservationRequest;
  onConflict: ConflictPolicy;
}

/**
 * Finds the environment's row (creating it when absent), decides about a conflict and writes every
 * field in one call: query + update (or create) after the schema is known.
 */
export async function deploy(session: Session, request: DeployRequest): Promise<ModeResult> {
  const { context, clock, timeZone } = session;
  const { environment } = request;
  const row = await findRow(session, environment);
  const now = clock.now();
  const reservation = reservationEnd({ ...request.reservation, labels: session.pullRequest?.labels ?? [] }, now);
  for (const label of reservation.badLabels) {
    session.log.warning(`Label "${label}" is not reserve:<duration> like reserve:2d; using ${reservation.source}.`);
  }
  const conflict =
    row === undefined
      ? undefined
      : conflictOf(row, session.me, session.schema.statusNames.free, now, request.onConflict);
  if (row !== undefined && conflict !== undefined) logConflict(session.log, row.environment, conflict, timeZone);
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

  const statusKey: StatusKey = request.deployStatus;
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
  const props = properties(session.schema, cells, timeZone);

  const page =
    row === undefined
      ? await createRowOnce(session, environment, {
          parent: { type: "data_source_id", data_source_id: session.dataSourceId },
          properties: { ...props, ...properties(session.schema, { environment: { text: environment } }, timeZone) },
        })
      : await session.api.updatePage({ page_id: row.pageId, properties: props });
  const written = toRow(session, page);
  const verb = row === undefined ? "Created" : "Updated";
  return {
    outcome: `${verb} ${environment}: ${written.status ?? statusKey}, reserved until ${isoInZone(reservation.until, timeZone)} (${reservation.source})`,
    page: { id: page.id, url: page.url },
    created: row === undefined,
    conflict,
    previousHolder,
    reservation,
    rows: [written],
  };
}

function takeoverNote(session: Session, conflict: ConflictReport, now: number): string {
  const zone = session.timeZone;
  const until = conflict.until === undefined ? "" : ` (reserved until ${isoInZone(conflict.until, zone)})`;
  return `Taken over from ${describeClaimant(conflict.holder)}${until} by @${session.context.actor} at ${isoInZone(now, zone)}`;
}
