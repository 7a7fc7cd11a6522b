import type { PageObjectResponse, QueryDataSourceParameters } from "@notionhq/client";
import type { Clock, Logger, PullRequestRef, RunContext } from "@sre-actions/core";
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
  const column = session.schema.columns.environment?.name ?? "";
  const rows = await queryRows(session, { property: column, title: { equals: environment } });
  if (rows.length > 1) {
    session.log.warning(`${rows.length} rows are titled "${environment}"; using the first. Delete the duplicates.`);
  }
  return rows[0];
}
