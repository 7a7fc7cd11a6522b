import { isoInZone, logText } from "@sre-actions/core";
import { properties } from "../cells.js";
import { conflictOf, logConflict } from "../conflict.js";
import { describeClaimant, isFree, rowClaimant, sameClaimant } from "../holder.js";
import type { ConflictPolicy } from "../inputs.js";
import { deployedByCell } from "../people.js";
import { type ReservationRequest, reservationEnd } from "../reservation.js";
import type { EnvRow } from "../rows.js";
import { decideUnderClaim, findRow, type ModeResult, type RowPlan, type Session, toRow } from "../session.js";

export interface ExtendRequest {
  environment: string;
  reservation: ReservationRequest;
  onConflict: ConflictPolicy;
}

/**
 * Moves reserved-until for the holder. Someone else's unexpired reservation is a conflict
 * (override takes it over); a free row has nothing to extend (deploy reserves it). The write is
 * decided again under the row's claim (claim.ts).
 */
export async function extend(session: Session, request: ExtendRequest): Promise<ModeResult> {
  const { environment } = request;
  const row = await findRow(session, environment);
  if (row === undefined) {
    return { outcome: `Nothing to extend: there is no row "${environment}"`, rows: [] };
  }
  const now = session.clock.now();
  const reservation = reservationEnd({ ...request.reservation, labels: session.pullRequest?.labels ?? [] }, now);
  return decideUnderClaim<ModeResult>(
    session,
    row,
    (current) => planExtend(session, request, current, reservation),
    () => ({ outcome: `Nothing to extend: the ${environment} row was deleted meanwhile`, rows: [] }),
  );
}

function planExtend(
  session: Session,
  request: ExtendRequest,
  row: EnvRow,
  reservation: ReturnType<typeof reservationEnd>,
): RowPlan<ModeResult> {
  const { timeZone } = session;
  const { environment } = request;
  const now = session.clock.now();
  const claimant = rowClaimant(row);
  const mine = claimant !== undefined && sameClaimant(claimant, session.me);
  const page = { id: row.pageId, url: row.url };
  const free = session.schema.statusNames.free;
  const conflict = mine ? undefined : conflictOf(row, session.me, free, now, request.onConflict);
  if (!mine && conflict === undefined) {
    const state = isFree(row, free) || claimant === undefined ? "free" : "expired";
    session.log.warning(
      logText(`${environment} is ${state}, not reserved by ${describeClaimant(session.me)}: deploy to reserve it.`),
    );
    return { done: { outcome: `Nothing to extend: ${environment} is ${state}`, page, rows: [row] } };
  }
  if (conflict !== undefined && conflict.policy !== "override") {
    logConflict(session.log, row.environment, conflict, timeZone);
    return {
      done: {
        outcome: `Not extended: ${environment} is reserved by ${describeClaimant(conflict.holder)}`,
        page,
        conflict,
        previousHolder: conflict.holder,
        reservation,
        rows: [row],
      },
    };
  }
  return {
    write: async () => {
      if (conflict !== undefined) logConflict(session.log, row.environment, conflict, timeZone);
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
    },
  };
}
