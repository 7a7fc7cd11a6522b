import type { PageObjectResponse } from "@notionhq/client";
import { exactlyOnce } from "@sre-actions/core";
import { properties } from "./cells.js";
import { NotionFailure } from "./notion-api.js";
import type { EnvRow } from "./rows.js";
import { rowsTitled, type Session, toRow } from "./session.js";

/** How often a run that found duplicate rows reads again, and how long it waits between reads. */
const DUPLICATE_READS = 3;
const DUPLICATE_PAUSE_MS = 2_000;
const CREATE_ATTEMPTS = 4;
/** Notion's query index can trail a write by a moment: wait this long before looking for the row. */
const INDEX_LAG_MS = 2_000;

/**
 * The row of `environment`, created when there is none — once, however many runs create it at the
 * same moment. A creator writes a bare row (the title only), then reads the rows with that title:
 * when it sees another row besides its own, it puts its own in the trash and starts again after a
 * random pause (the creator of the oldest row first). Two creators never both keep theirs: each
 * reads after its own create landed, so whichever create landed second, its creator's read sees
 * the first row and withdraws. Racing creators may all withdraw and try again; the random pauses
 * make that die out. The holder is then written under the row's claim.
 * A run that finds several rows waits a few seconds for a racing creator to withdraw before it
 * takes the oldest (rows a person duplicated stay, with a warning).
 */
export async function ensureRow(session: Session, environment: string): Promise<EnvRow> {
  for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
    const existing = await settledRows(session, environment);
    if (existing !== undefined) return existing;
    // After a lost answer the row is looked up by its title: one row is taken as it is (ours, or a
    // racing creator's: either way not ours to withdraw); several are settled on the next pass.
    const created = await exactlyOnce<{ page: PageObjectResponse; ours: boolean }>({
      what: `create the ${environment} row`,
      attempt: async () => ({
        page: await session.api.createPage({
          parent: { type: "data_source_id", data_source_id: session.dataSourceId },
          properties: properties(session.schema, { environment: { text: environment } }, session.timeZone),
        }),
        ours: true,
      }),
      readBack: async () => {
        await session.clock.sleep(INDEX_LAG_MS);
        const found = await rowsTitled(session, environment);
        return found.length === 0
          ? undefined
          : { page: await session.api.retrievePage(found[0]?.pageId ?? ""), ours: false };
      },
      clock: session.clock,
      log: session.log,
      attempts: 3,
    });
    if (!created.ours) continue;
    const seen = await rowsTitled(session, environment);
    if (seen.every((row) => row.pageId === created.page.id)) {
      session.log.info(`Created the ${environment} row.`);
      session.journal?.changed(`a new ${environment} row in Notion`);
      return toRow(session, created.page);
    }
    session.log.info(`Another run created a ${environment} row at the same moment; withdrawing this run's.`);
    await session.api.updatePage({ page_id: created.page.id, in_trash: true });
    // Break the tie: the creator of the oldest row tries again first, the others after it, all with jitter.
    const oldest = seen[0]?.pageId === created.page.id;
    await session.clock.sleep((oldest ? 0 : 1_500) + Math.floor(Math.random() * 1_000 * attempt));
  }
  throw new NotionFailure(`Could not settle on one ${environment} row: other runs kept creating it.`, {
    hint: "Re-run the job; if it happens again, create the row in Notion by hand.",
  });
}

/** The existing row (undefined when none); duplicates are read again before the oldest is taken. */
async function settledRows(session: Session, environment: string): Promise<EnvRow | undefined> {
  let rows = await rowsTitled(session, environment);
  for (let read = 1; rows.length > 1 && read < DUPLICATE_READS; read++) {
    await session.clock.sleep(DUPLICATE_PAUSE_MS);
    rows = await rowsTitled(session, environment);
  }
  if (rows.length > 1) {
    session.log.warning(`${rows.length} rows are titled "${environment}"; using the oldest. Delete the others.`);
  }
  return rows[0];
}
