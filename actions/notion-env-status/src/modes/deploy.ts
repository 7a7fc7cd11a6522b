import { isoInZone, logText } from "@sre-actions/core";
import { type Cell, properties } from "../cells.js";
import { type ConflictReport, conflictOf, logConflict } from "../conflict.js";
import type { StatusKey } from "../fields.js";
import { describeClaimant, rowClaimant, sameClaimant } from "../holder.js";
import type { ConflictPolicy, DeployStatus } from "../inputs.js";
import { ensureRow } from "../new-row.js";
import { deployedByCell } from "../people.js";
import { type Reservation, type ReservationRequest, reservationEnd } from "../reservation.js";
import type { EnvRow } from "../rows.js";
import { decideUnderClaim, findRow, type ModeResult, type RowPlan, type Session, toRow } from "../session.js";

export interface DeployRequest {
  environment: string;
  deployStatus: DeployStatus;
  reservation: ReservationRequest;
  onConflict: ConflictPolicy;
}

/**
 * Finds the environment's row (creating it when absent), decides about a conflict and writes every
 * field in one call. The write is decided again under the row's claim on a fresh read, so two
 * deploys that overlap never both take the row (claim.ts); a refused deploy writes nothing.
 */
export async function deploy(session: Session, request: DeployRequest): Promise<ModeResult> {
  const { clock } = session;
  const { environment } = request;
  const found = await findRow(session, environment);
  const reservation = reservationEnd(
    { ...request.reservation, labels: session.pullRequest?.labels ?? [] },
    clock.now(),
  );
  for (const label of reservation.badLabels) {
    session.log.warning(
      `Label "${logText(label)}" is not reserve:<duration> like reserve:2d; using ${logText(reservation.source)}.`,
    );
  }
  const row = found ?? (await ensureRow(session, environment));
  return decideUnderClaim<ModeResult>(
    session,
    row,
    (current) => planDeploy(session, request, current, { reservation, created: found === undefined }),
    () => ({ outcome: `Not deployed: the ${environment} row was deleted while this run waited for it`, rows: [] }),
  );
}

function planDeploy(
  session: Session,
  request: DeployRequest,
  row: EnvRow,
  given: { reservation: Reservation; created: boolean },
): RowPlan<ModeResult> {
  const { context, timeZone } = session;
  const { environment } = request;
  const { reservation } = given;
  const now = session.clock.now();
  const conflict = conflictOf(row, session.me, session.schema.statusNames.free, now, request.onConflict);
  const previous = rowClaimant(row);
  const previousHolder = previous !== undefined && !sameClaimant(previous, session.me) ? previous : undefined;
  if (conflict?.blocked) {
    logConflict(session.log, row.environment, conflict, timeZone);
    return {
      done: {
        outcome: `Not deployed: ${environment} is reserved by ${describeClaimant(conflict.holder)} (on-conflict: fail)`,
        page: { id: row.pageId, url: row.url },
        conflict,
        previousHolder,
        reservation,
        rows: [row],
      },
    };
  }
  return {
    write: async () => {
      if (conflict !== undefined) logConflict(session.log, row.environment, conflict, timeZone);
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
      if (conflict !== undefined) cells["note"] = { text: takeoverNote(session, conflict, now) };
      const page = await session.api.updatePage({
        page_id: row.pageId,
        properties: properties(session.schema, cells, timeZone),
      });
      const written = toRow(session, page);
      const verb = given.created ? "Created" : "Updated";
      return {
        outcome: `${verb} ${environment}: ${written.status ?? statusKey}, reserved until ${isoInZone(reservation.until, timeZone)} (${reservation.source})`,
        page: { id: page.id, url: page.url },
        created: given.created,
        conflict,
        previousHolder,
        reservation,
        rows: [written],
      };
    },
  };
}

function takeoverNote(session: Session, conflict: ConflictReport, now: number): string {
  const zone = session.timeZone;
  const until = conflict.until === undefined ? "" : ` (reserved until ${isoInZone(conflict.until, zone)})`;
  return `Taken over from ${describeClaimant(conflict.holder)}${until} by @${session.context.actor} at ${isoInZone(now, zone)}`;
}
