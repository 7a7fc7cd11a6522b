import { isExpired, isFree, rowClaimant } from "../holder.js";
import { retryTransient } from "../notion-api.js";
import type { EnvRow } from "../rows.js";
import { type ModeResult, queryRows, type Session } from "../session.js";
import { freeRow } from "./release.js";

/** Frees every expired reservation: one query for rows with a reserved-until, one update per expired row. */
export async function sweep(session: Session): Promise<ModeResult> {
  const until = session.schema.columns["reserved-until"]?.name ?? "";
  const rows = await queryRows(session, { property: until, date: { is_not_empty: true } });
  const now = session.clock.now();
  const free = session.schema.statusNames.free;
  const expired = rows.filter(
    (row) => row.reservedUntil !== undefined && isExpired(row, now) && (!isFree(row, free) || rowClaimant(row)),
  );
  const freed: EnvRow[] = [];
  for (const row of expired) {
    // Each write is absolute, so a 409/504 is retried on its own without touching the others.
    freed.push(await retryTransient(() => freeRow(session, row), session));
  }
  return {
    outcome:
      freed.length === 0
        ? `No expired reservation among ${rows.length} reserved row${rows.length === 1 ? "" : "s"}`
        : `Freed ${freed.length} expired reservation${freed.length === 1 ? "" : "s"}: ${expired.map((row) => row.environment).join(", ")}`,
    rows: expired,
  };
}
