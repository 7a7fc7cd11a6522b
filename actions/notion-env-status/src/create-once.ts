import type { CreatePageParameters, PageObjectResponse } from "@notionhq/client";
import { exactlyOnce } from "@sre-actions/core";
import type { Session } from "./session.js";

/** Notion's query index can trail a write by a moment: wait this long before looking for the row. */
const INDEX_LAG_MS = 2_000;

/**
 * pages.create is not idempotent (a lost answer and a retry make two rows for one environment):
 * after an ambiguous failure, look for the row by its title before creating it again.
 */
export async function createRowOnce(
  session: Session,
  environment: string,
  params: CreatePageParameters,
): Promise<PageObjectResponse> {
  const column = session.schema.columns.environment?.name ?? "";
  return exactlyOnce({
    what: `create the ${environment} row`,
    attempt: () => session.api.createPage(params),
    readBack: async () => {
      await session.clock.sleep(INDEX_LAG_MS);
      const [page] = await session.api.query({
        data_source_id: session.dataSourceId,
        filter: { property: column, title: { equals: environment } },
      });
      return page;
    },
    clock: session.clock,
    log: session.log,
  });
}
