import { activeHolder, isFree } from "../holder.js";
import type { ModeResult, Session } from "../session.js";
import { queryRows } from "../session.js";

/** Every row, in natural order (qa2 before qa10), with a one-line count. */
export async function status(session: Session): Promise<ModeResult> {
  const rows = await queryRows(session);
  rows.sort((a, b) => a.environment.localeCompare(b.environment, "en", { numeric: true }));
  const free = session.schema.statusNames.free;
  const now = session.clock.now();
  const reserved = rows.filter((row) => activeHolder(row, free, now) !== undefined).length;
  const idle = rows.filter((row) => isFree(row, free)).length;
  const expired = rows.length - reserved - idle;
  return {
    outcome: `${rows.length} environment${rows.length === 1 ? "" : "s"}: ${reserved} reserved, ${idle} free, ${expired} expired or unclaimed`,
    rows,
    board: true,
  };
}
