import { isExpired, isFree, rowClaimant } from "../holder.js";
import { retryTransient } from "../notion-api.js";
import type { EnvRow } from "../rows.js";
import { type ModeResult, queryRows, type Session } from "../session.js";
import { freeEach } from "./release.js";

/** Frees every expired reservation: one query for rows with a reserved-until, one update per expired row. */
export async function sweep(session: Session): Promise<ModeResult> {
  const until = session.schema.columns["reserved-until"]?.name ?? "";
  const rows = await queryRows(session, { property: until, date: { is_not_empty: true } });
  const now = session.clock.now();
  const free = session.schema.statusNames.free;
  const isExpiredClaim = (row: EnvRow) =>
    row.reservedUntil !== undefined && isExpired(row, now) && (!isFree(row, free) || rowClaimant(row) !== undefined);
  const expired = rows.filter(isExpiredClaim);
  const freed: EnvRow[] = [];
  for (const row of expired) {
    // Each row is freed on its own (a 409/504 retried without touching the others), and only
    // when it is still expired under its claim: a deploy that took it meanwhile keeps it.
    freed.push(...(await retryTransient(() => freeEach(session, [row], isExpiredClaim), session)));
  }
  // The rows as they were before (the summary shows whose reservation ended).
  const ended = expired.filter((row) => freed.some((done) => done.pageId === row.pageId));
  return {
    outcome:
      ended.length === 0
        ? `No expired reservation among ${rows.length} reserved row${rows.length === 1 ? "" : "s"}`
        : `Freed ${ended.length} expired reservation${ended.length === 1 ? "" : "s"}: ${ended.map((row) => row.environment).join(", ")}`,
    rows: ended,
  };
}
