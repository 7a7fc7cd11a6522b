import { isoInZone } from "@sre-actions/core";
import { describeClaimant } from "./holder.js";
import type { OutputName } from "./inputs.js";
import { environmentView } from "./render.js";
import { wholeSecond } from "./reservation.js";
import type { NotionEnvStatusResult } from "./result.js";

export function outputsOf(result: NotionEnvStatusResult): Record<OutputName, unknown> {
  return {
    "page-id": result.page?.id,
    "page-url": result.page?.url,
    conflict: result.conflict !== undefined,
    holder: result.previousHolder === undefined ? undefined : describeClaimant(result.previousHolder),
    // Exactly the value written to the row's date: whole seconds, with the timezone input's offset.
    "reserved-until":
      result.reservation === undefined ? undefined : isoInZone(wholeSecond(result.reservation.until), result.timeZone),
    environments: result.board
      ? result.rows.map((row) => environmentView(row, result.now, result.freeStatus))
      : undefined,
    database: result.setup?.databaseUrl,
  };
}
