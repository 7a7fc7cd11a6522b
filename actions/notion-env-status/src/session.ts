import type { PageObjectResponse, QueryDataSourceParameters } from "@notionhq/client";
import type { Clock, Logger, PullRequestRef, RunContext, RunJournal } from "@sre-actions/core";
import { withClaim } from "./claim.js";
import type { Verdict } from "./command.js";
import type { ConflictReport } from "./conflict.js";
import type { Claimant } from "./holder.js";
import type { NotionUserRef } from "./inputs.js";
import type { NotionPort } from "./notion-api.js";
import type { Reservation } from "./reservation.js";
import { type EnvRow, readRow } from "./rows.js";
import type { Schema } from "./schema.js";

/** Everything a mode needs once the data source and its schema are known (no tokens, no inputs object). */
export interface Session {
  api: NotionPort;
  dataSourceId: string;
  schema: Schema;
  timeZone: string;
  /** GitHub login (lower case) → Notion user, for the deployed-by column. */
  userMap: ReadonlyMap<string, NotionUserRef>;
  context: RunContext;
  /** The run's pull request: from the event, or found by branch with github-token. */
  pullRequest: PullRequestRef | undefined;
  me: Claimant;
  clock: Clock;
  log: Logger;
  /** What the run changed and has in flight, for the summary of a cancelled run. */
  journal?: RunJournal | undefined;
}

/** What a mode did, for outputs, the job summary and the PR comment. */
export interface ModeResult {
  /** One sentence for the log and the summary. */
  outcome: string;
  page?: { id: string; url: string } | undefined;
  created?: boolean;
  conflict?: ConflictReport | undefined;
  /** Who held the row before, when someone else. */
  previousHolder?: Claimant | undefined;
  reservation?: Reservation | undefined;
  /** status: every row; release/sweep: the rows freed; deploy/extend: the row as written. */
  rows: EnvRow[];
  /** `rows` is the whole board (status, `/env list`): the environments output. */
  board?: boolean;
  /** mode command: the answer to the comment (Markdown) and how it went. */
  answer?: { verdict: Verdict; text: string } | undefined;
}

export async function queryRows(session: Session, filter?: QueryDataSourceParameters["filter"]): Promise<EnvRow[]> {
  const pages = await session.api.query({
    data_source_id: session.dataSourceId,
    ...(filter === undefined ? {} : { filter }),
  });
  return pages.map((page) => toRow(session, page));
}

export function toRow(session: Session, page: PageObjectResponse): EnvRow {
  return readRow(page, session.schema, session.timeZone);
}

/** The row titled `environment` (the oldest when there are several, with a warning). */
export async function findRow(session: Session, environment: string): Promise<EnvRow | undefined> {
  const rows = await rowsTitled(session, environment);
  if (rows.length > 1) {
    session.log.warning(`${rows.length} rows are titled "${environment}"; using the oldest. Delete the others.`);
  }
  return rows[0];
}

/** Every row titled `environment`, oldest first (created time, then id: the same order for every run). */
export async function rowsTitled(session: Session, environment: string): Promise<EnvRow[]> {
  const column = session.schema.columns.environment?.name ?? "";
  const pages = await session.api.query({
    data_source_id: session.dataSourceId,
    filter: { property: column, title: { equals: environment } },
  });
  pages.sort((a, b) => a.created_time.localeCompare(b.created_time) || a.id.localeCompare(b.id));
  return pages.map((page) => toRow(session, page));
}

/** What a mode decided about one row: nothing to write (its result), or a write to make. */
export type RowPlan<T> = { done: T } | { write: () => Promise<T> };

/**
 * Decides on the row as the query read it; when that decision writes, takes the row's claim
 * (claim.ts), reads the row again and decides again on what it holds now — another run may have
 * written it meanwhile — so every write is decided on the row as the previous writer left it.
 * A decision that writes nothing (a conflict under on-conflict: fail, nothing to extend) costs no
 * claim and no mutating call.
 */
export async function decideUnderClaim<T>(
  session: Session,
  row: EnvRow,
  plan: (row: EnvRow) => RowPlan<T> | Promise<RowPlan<T>>,
  gone: () => T,
): Promise<T> {
  const first = await plan(row);
  if ("done" in first) return first.done;
  return withClaim(session, row, async () => {
    const page = await session.api.retrievePage(row.pageId);
    if (page.in_trash) return gone();
    const second = await plan(toRow(session, page));
    if ("done" in second) return second.done;
    const result = await second.write();
    session.journal?.changed(`the ${row.environment} row in Notion`);
    return result;
  });
}
