import {
  APIErrorCode,
  APIResponseError,
  type Client,
  type CreateDatabaseParameters,
  type CreatePageParameters,
  type DataSourceObjectResponse,
  isFullBlock,
  isFullDataSource,
  isFullPage,
  isNotionClientError,
  type PageObjectResponse,
  type QueryDataSourceParameters,
  type UpdateDataSourceParameters,
  type UpdatePageParameters,
} from "@notionhq/client";
import {
  ActionError,
  type Clock,
  describeError,
  explainNotionError,
  type Logger,
  NOTION_SHARE_HINT,
  paginate,
} from "@sre-actions/core";

/**
 * A Notion failure (API error, unreachable, a database that does not fit): with fail-on-error
 * false it becomes a warning and the deploy goes on.
 */
export class NotionFailure extends ActionError {
  override readonly name = "NotionFailure";
}

/** 409 conflict_error and 504 gateway_timeout are not retried by the SDK (it retries 429 and 529 itself). */
export function isTransient(error: unknown): boolean {
  const cause = error instanceof NotionFailure ? error.cause : error;
  return (
    APIResponseError.isAPIResponseError(cause) &&
    (cause.code === APIErrorCode.ConflictError || cause.code === APIErrorCode.GatewayTimeout)
  );
}

const SHARE_HINT = NOTION_SHARE_HINT;

/** A paragraph block of a page: the claims of the reservation protocol live in them (see claim.ts). */
export interface Paragraph {
  id: string;
  text: string;
}

/** The Notion calls the action makes: the one seam between the logic and the SDK. */
export interface NotionPort {
  /** Requests made so far (each SDK retry of a 429/529 counts once). */
  readonly calls: number;
  retrieveDatabase(databaseId: string): Promise<DatabaseSummary>;
  retrieveDataSource(dataSourceId: string): Promise<DataSourceObjectResponse>;
  /** Every matching row (all pages of the query). */
  query(params: QueryDataSourceParameters): Promise<PageObjectResponse[]>;
  createPage(params: CreatePageParameters): Promise<PageObjectResponse>;
  updatePage(params: UpdatePageParameters): Promise<PageObjectResponse>;
  /** One page as it is now (a direct read, not the query index). */
  retrievePage(pageId: string): Promise<PageObjectResponse>;
  /** Appends one paragraph to a page's content; the new block's id. */
  appendParagraph(pageId: string, text: string): Promise<string>;
  /** The page's paragraphs (id and plain text), in order, every page of the list. */
  listParagraphs(pageId: string): Promise<Paragraph[]>;
  /** Replaces a paragraph's text. */
  updateParagraph(blockId: string, text: string): Promise<void>;
  /** Moves a block to the trash. */
  deleteBlock(blockId: string): Promise<void>;
  /** A workspace member by email: only for user-map entries given as emails. */
  findUserByEmail(email: string): Promise<string | undefined>;
  /** mode setup: a database and its first data source under a page (not idempotent: see modes/setup.ts). */
  createDatabase(params: CreateDatabaseParameters): Promise<DatabaseSummary>;
  /** mode setup: add columns or select options to a data source. */
  updateDataSource(params: UpdateDataSourceParameters): Promise<DataSourceObjectResponse>;
  /** mode setup: the databases directly on a page (its child_database blocks), in page order. */
  childDatabases(pageId: string): Promise<{ id: string; title: string }[]>;
}

/** A database as the action needs it: its data sources and the link people copy. */
export interface DatabaseSummary {
  id: string;
  url: string;
  dataSources: { id: string; name: string }[];
}

/**
 * The NotionPort over the SDK client, counted (the summary says how many calls) and with errors
 * turned into messages that say what to do.
 */
export class NotionApi implements NotionPort {
  calls = 0;

  constructor(private readonly client: Client) {}

  async retrieveDatabase(databaseId: string): Promise<DatabaseSummary> {
    const database = await this.call(`database ${databaseId}`, () =>
      this.client.databases.retrieve({ database_id: databaseId }),
    );
    return databaseSummary(database, databaseId);
  }

  async createDatabase(params: CreateDatabaseParameters): Promise<DatabaseSummary> {
    const database = await this.call("the new database", () => this.client.databases.create(params));
    return databaseSummary(database, "the new database");
  }

  async updateDataSource(params: UpdateDataSourceParameters): Promise<DataSourceObjectResponse> {
    const dataSource = await this.call(`data source ${params.data_source_id}`, () =>
      this.client.dataSources.update(params),
    );
    if (!isFullDataSource(dataSource)) {
      throw new NotionFailure(`Notion returned a partial data source object for ${params.data_source_id}.`);
    }
    return dataSource;
  }

  childDatabases(pageId: string): Promise<{ id: string; title: string }[]> {
    return paginate(async (cursor) => {
      const response = await this.call(`page ${pageId}`, () =>
        this.client.blocks.children.list({
          block_id: pageId,
          page_size: 100,
          ...(cursor === undefined ? {} : { start_cursor: cursor }),
        }),
      );
      return {
        items: response.results.flatMap((block) =>
          "type" in block && block.type === "child_database"
            ? [{ id: block.id, title: block.child_database.title }]
            : [],
        ),
        next: response.has_more ? response.next_cursor : undefined,
      };
    });
  }

  async retrieveDataSource(dataSourceId: string): Promise<DataSourceObjectResponse> {
    const dataSource = await this.call(`data source ${dataSourceId}`, () =>
      this.client.dataSources.retrieve({ data_source_id: dataSourceId }),
    );
    if (!isFullDataSource(dataSource)) {
      throw new NotionFailure(`Notion returned a partial data source object for ${dataSourceId}.`, {
        hint: SHARE_HINT,
      });
    }
    return dataSource;
  }

  /** 100 rows per call, following next_cursor. */
  query(params: QueryDataSourceParameters): Promise<PageObjectResponse[]> {
    return paginate(async (cursor) => {
      const response = await this.call(`data source ${params.data_source_id}`, () =>
        this.client.dataSources.query({
          ...params,
          page_size: 100,
          ...(cursor === undefined ? {} : { start_cursor: cursor }),
        }),
      );
      return {
        items: response.results.filter(
          (result): result is PageObjectResponse => result.object === "page" && isFullPage(result),
        ),
        next: response.has_more ? response.next_cursor : undefined,
      };
    });
  }

  async createPage(params: CreatePageParameters): Promise<PageObjectResponse> {
    return this.fullPage(await this.call("the new row", () => this.client.pages.create(params)));
  }

  async updatePage(params: UpdatePageParameters): Promise<PageObjectResponse> {
    return this.fullPage(await this.call(`page ${params.page_id}`, () => this.client.pages.update(params)));
  }

  async retrievePage(pageId: string): Promise<PageObjectResponse> {
    return this.fullPage(await this.call(`page ${pageId}`, () => this.client.pages.retrieve({ page_id: pageId })));
  }

  async appendParagraph(pageId: string, text: string): Promise<string> {
    const response = await this.call(`the content of page ${pageId}`, () =>
      this.client.blocks.children.append({
        block_id: pageId,
        children: [{ type: "paragraph", paragraph: { rich_text: [{ type: "text", text: { content: text } }] } }],
      }),
    );
    const [block] = response.results;
    if (block === undefined) throw new NotionFailure(`Notion appended nothing to page ${pageId}.`);
    return block.id;
  }

  listParagraphs(pageId: string): Promise<Paragraph[]> {
    return paginate(async (cursor) => {
      const response = await this.call(`the content of page ${pageId}`, () =>
        this.client.blocks.children.list({
          block_id: pageId,
          page_size: 100,
          ...(cursor === undefined ? {} : { start_cursor: cursor }),
        }),
      );
      return {
        items: response.results.flatMap((block) =>
          isFullBlock(block) && block.type === "paragraph"
            ? [{ id: block.id, text: block.paragraph.rich_text.map((item) => item.plain_text).join("") }]
            : [],
        ),
        next: response.has_more ? response.next_cursor : undefined,
      };
    });
  }

  async updateParagraph(blockId: string, text: string): Promise<void> {
    await this.call(`block ${blockId}`, () =>
      this.client.blocks.update({
        block_id: blockId,
        paragraph: { rich_text: [{ type: "text", text: { content: text } }] },
      }),
    );
  }

  async deleteBlock(blockId: string): Promise<void> {
    await this.call(`block ${blockId}`, () => this.client.blocks.delete({ block_id: blockId }));
  }

  /** users.list, paginated, stopping at the page that has the member. */
  async findUserByEmail(email: string): Promise<string | undefined> {
    const matches = (user: Awaited<ReturnType<Client["users"]["list"]>>["results"][number]) =>
      user.type === "person" && user.person.email?.toLowerCase() === email;
    const users = await paginate(
      async (cursor) => {
        const response = await this.call("users", () =>
          this.client.users.list({ page_size: 100, ...(cursor === undefined ? {} : { start_cursor: cursor }) }),
        );
        return { items: response.results, next: response.has_more ? response.next_cursor : undefined };
      },
      { stopAfter: (page) => page.some(matches) },
    );
    return users.find(matches)?.id;
  }

  private fullPage(page: Awaited<ReturnType<Client["pages"]["update"]>>): PageObjectResponse {
    if (!isFullPage(page)) throw new NotionFailure("Notion returned a partial page object.");
    return page;
  }

  private async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    this.calls += 1;
    try {
      return await request();
    } catch (error) {
      throw notionFailure(error, what);
    }
  }
}

function databaseSummary(
  database: Awaited<ReturnType<Client["databases"]["retrieve"]>>,
  what: string,
): DatabaseSummary {
  if (!("data_sources" in database)) {
    throw new NotionFailure(`Notion returned a partial database object for ${what}.`, { hint: SHARE_HINT });
  }
  return {
    id: database.id,
    url: database.url,
    dataSources: database.data_sources.map(({ id, name }) => ({ id, name })),
  };
}

/** Turns an SDK error into a message naming the object and the fix. */
export function notionFailure(error: unknown, what: string): NotionFailure {
  if (!isNotionClientError(error)) {
    return new NotionFailure(`Could not reach Notion for ${what}: ${describeError(error)}`, { cause: error });
  }
  if (!APIResponseError.isAPIResponseError(error)) {
    return new NotionFailure(`Notion request for ${what} failed: ${error.message}`, { cause: error });
  }
  // The codes every Notion action meets are explained once, in core; the rest keep the status and message.
  switch (error.code) {
    case APIErrorCode.ObjectNotFound:
    case APIErrorCode.Unauthorized:
    case APIErrorCode.RestrictedResource:
    case APIErrorCode.RateLimited:
    case APIErrorCode.ServiceOverload: {
      const explained = explainNotionError(error, { what });
      if (explained !== undefined) {
        return new NotionFailure(explained.message, {
          ...(explained.hint === undefined ? {} : { hint: explained.hint }),
          cause: error,
        });
      }
      break;
    }
  }
  return new NotionFailure(`Notion ${error.status} ${error.code} for ${what}: ${error.message}`, { cause: error });
}

/**
 * Re-runs a read-then-write unit on 409/504: writes are absolute values, so reading again and
 * writing again is safe. Backs off 1 s, 2 s, 4 s on the injected clock.
 */
export async function retryTransient<T>(
  unit: () => Promise<T>,
  deps: { clock: Clock; log: Logger },
  attempts = 4,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await unit();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      const delay = 1_000 * 2 ** (attempt - 1);
      deps.log.info(`Notion answered ${describeError(error)}; reading the row again in ${delay / 1000}s`);
      await deps.clock.sleep(delay);
    }
  }
}
