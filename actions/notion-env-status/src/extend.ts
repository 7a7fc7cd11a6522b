import { isoInZone } from "@sre-actions/core";
import { properties } from "./cells.js";
import { detectConflict } from "./deploy.js";
import { describeClaimant, isFree, rowClaimant, sameClaimant } from "./holder.js";
import { deployedByCell } from "./people.js";
import { reservationEnd } from "./reservation.js";
import { findRow, type ModeResult, type Session, toRow } from "./session.js";

/**
 * Moves reserved-until for the holder. Someone else's unexpired reservation is a conflict
 * (override takes it over); a free row has nothing to extend (deploy reserves it).
 */
export async function extend(session: Session, environment: string): Promise<ModeResult> {
  const { inputs, clock } = session;
  const row = await findRow(session, environment);
  if (row === undefined) {
    return { outcome: `Nothing to extend: there is no row "${environment}"`, rows: [] };
  }
  const now = clock.now();
  const reservation = reservationEnd(
    {
      reservedUntil: inputs.reservedUntil,
      reserveForMs: inputs.reserveForMs,
      labels: session.pullRequest?.labels ?? [],
    },
    now,
  );
  const claimant = rowClaimant(row);
  const mine = claimant !== undefined && sameClaimant(claimant, session.me);
  const page = { id: row.pageId, url: row.url };
  const conflict = mine ? undefined : detectConflict(session, row, now);
  if (!mine && conflict === undefined) {
    const state = isFree(row, session.schema.statusNames.free) || claimant === undefined ? "free" : "expired";
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
            text: `Taken over from ${describeClaimant(conflict.holder)} by @${session.context.actor} at ${isoInZone(now, inputs.timeZone)}`,
          },
        };
  const updated = await session.api.updatePage({
    page_id: row.pageId,
    properties: properties(session.schema, cells, inputs.timeZone),
  });
  return {
    outcome: `Extended ${environment} until ${isoInZone(reservation.until, inputs.timeZone)} (${reservation.source})`,
    page,
    conflict,
    previousHolder: conflict?.holder,
    reservation,
    rows: [toRow(session, updated)],
  };
}
