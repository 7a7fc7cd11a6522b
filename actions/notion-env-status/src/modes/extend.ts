import { isoInZone } from "@sre-actions/core";
import { properties } from "../cells.js";
import { conflictOf, logConflict } from "../conflict.js";
import { describeClaimant, isFree, rowClaimant, sameClaimant } from "../holder.js";
import type { ConflictPolicy } from "../inputs.js";
import { deployedByCell } from "../people.js";
import { type ReservationRequest, reservationEnd } from "../reservation.js";
import { findRow, type ModeResult, type Session, toRow } from "../session.js";

export interface ExtendRequest {
  environment: string;
  reservation: ReservationRequest;
  onConflict: ConflictPolicy;
}

/**
 * Moves reserved-until for the holder. Someone else's unexpired reservation is a conflict
 * (override takes it over); a free row has nothing to extend (deploy reserves it).
 */
export async function extend(session: Session, request: ExtendRequest): Promise<ModeResult> {
  const { timeZone, clock } = session;
  const { environment } = request;
  const row = await findRow(session, environment);
  if (row === undefined) {
    return { outcome: `Nothing to extend: there is no row "${environment}"`, rows: [] };
  }
  const now = clock.now();
  const reservation = reservationEnd({ ...request.reservation, labels: session.pullRequest?.labels ?? [] }, now);
  const claimant = rowClaimant(row);
  const mine = claimant !== undefined && sameClaimant(claimant, session.me);
  const page = { id: row.pageId, url: row.url };
  const free = session.schema.statusNames.free;
  const conflict = mine ? undefined : conflictOf(row, session.me, free, now, request.onConflict);
  if (conflict !== undefined) logConflict(session.log, row.environment, conflict, timeZone);
  if (!mine && conflict === undefined) {
    const state = isFree(row, free) || claimant === undefined ? "free" : "expired";
    session.log.warning(
      `${environment} is ${state}, not reserved by ${describeClaimant(session.me)}: deploy to reserve it.`,
    );
    return { outcome: `Nothing to extend: ${environment} is ${state}`, page, rows: [row] };
  }
  if (conflict !== undefined && conflict.policy !== "override") {
    return {
      outcome: `Not extended: ${environment} is reserved by ${describeClaimant(conflict.holder)}`,
      page,
      conflict,
      previousHolder: conflict.holder,
      reservation,
      rows: [row],
    };
  }
  const cells =
    conflict === undefined
      ? { "reserved-until": { date: reservation.until } }
      : {
          "reserved-until": { date: reservation.until },
          branch: { text: session.context.branch ?? "" },
          "pull-request": session.pullRequest === undefined ? null : { text: session.pullRequest.url },
          "deployed-by": await deployedByCell(session, session.context.actor),
          note: {
            text: `Taken over from ${describeClaimant(conflict.holder)} by @${session.context.actor} at ${isoInZone(now, timeZone)}`,
          },
        };
  const updated = await session.api.updatePage({
    page_id: row.pageId,
    properties: properties(session.schema, cells, timeZone),
  });
  return {
    outcome: `Extended ${environment} until ${isoInZone(reservation.until, timeZone)} (${reservation.source})`,
    page,
    conflict,
    previousHolder: conflict?.holder,
    reservation,
    rows: [toRow(session, updated)],
  };
}
