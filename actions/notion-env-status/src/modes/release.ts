import type { QueryDataSourceParameters } from "@notionhq/client";
import { type Cell, properties } from "../cells.js";
import type { Field } from "../fields.js";
import { describeClaimant, isFree, rowClaimant, sameClaimant } from "../holder.js";
import type { EnvRow } from "../rows.js";
import { decideUnderClaim, findRow, type ModeResult, queryRows, type Session, toRow } from "../session.js";

/** Free: status Free, holder/branch/PR/until cleared; commit, deployed-at, run and note stay (what runs there). */
export function freeCells(session: Session): Partial<Record<Field, Cell>> {
  return {
    status: { option: session.schema.statusNames.free },
    branch: null,
    "pull-request": null,
    "deployed-by": null,
    "reserved-until": null,
  };
}

export async function freeRow(session: Session, row: EnvRow): Promise<EnvRow> {
  const page = await session.api.updatePage({
    page_id: row.pageId,
    properties: properties(session.schema, freeCells(session), session.timeZone),
  });
  return toRow(session, page);
}

/**
 * Frees the rows the run's pull request (or, without one, its branch) holds: the named
 * environment, or every such row. Rows held by anyone else are left alone.
 */
export interface ReleaseRequest {
  /** One row; undefined: every row the PR (or branch) holds. */
  environment: string | undefined;
}

export async function release(session: Session, request: ReleaseRequest): Promise<ModeResult> {
  const { environment } = request;
  const me = session.me;
  const candidates =
    environment === undefined
      ? await queryRows(session, holderFilter(session))
      : [await findRow(session, environment)].filter((row) => row !== undefined);
  const held = candidates.filter((row) => heldBy(session, row));
  const who = describeClaimant({ ...me, actor: undefined });
  if (held.length === 0) {
    if (environment === undefined) return { outcome: `Nothing to release: no environment is held by ${who}`, rows: [] };
    const row = candidates[0];
    const holder = row === undefined || isFree(row, session.schema.statusNames.free) ? undefined : rowClaimant(row);
    const state =
      row === undefined
        ? "there is no such row"
        : holder === undefined
          ? "it is free"
          : `it is held by ${describeClaimant(holder)}`;
    return { outcome: `Nothing to release: ${environment} is not held by ${who} (${state})`, rows: [] };
  }
  const freed = await freeEach(session, held, (row) => heldBy(session, row));
  if (freed.length === 0) return { outcome: `Nothing to release: another run changed the rows first`, rows: [] };
  const names = freed.map((row) => row.environment).join(", ");
  const only = freed.length === 1 ? freed[0] : undefined;
  return {
    outcome: `Released ${names} (held by ${who})`,
    page: only && { id: only.pageId, url: only.url },
    rows: freed,
  };
}

/** Whether the run's PR (or branch) holds the row. */
function heldBy(session: Session, row: EnvRow): boolean {
  const claimant = rowClaimant(row);
  return !isFree(row, session.schema.statusNames.free) && claimant !== undefined && sameClaimant(claimant, session.me);
}

/**
 * Frees each row that still `qualifies` when read again under its claim (claim.ts): a row another
 * run took meanwhile is left as it is. Returns the rows freed.
 */
export async function freeEach(
  session: Session,
  rows: readonly EnvRow[],
  qualifies: (row: EnvRow) => boolean,
): Promise<EnvRow[]> {
  const freed: EnvRow[] = [];
  for (const row of rows) {
    const done = await decideUnderClaim<EnvRow | undefined>(
      session,
      row,
      (current) => (qualifies(current) ? { write: () => freeRow(session, current) } : { done: undefined }),
      () => undefined,
    );
    if (done !== undefined) freed.push(done);
  }
  return freed;
}

/** Rows whose pull request (or branch, without a PR) is the run's: one query. */
function holderFilter(session: Session): QueryDataSourceParameters["filter"] {
  const prColumn = session.schema.columns["pull-request"];
  const pr = session.me.pullRequest;
  if (pr !== undefined && prColumn !== undefined) {
    return prColumn.type === "url"
      ? { property: prColumn.name, url: { equals: pr } }
      : { property: prColumn.name, rich_text: { equals: pr } };
  }
  const branch = session.schema.columns.branch?.name ?? "";
  return { property: branch, rich_text: { equals: session.me.branch ?? "" } };
}
