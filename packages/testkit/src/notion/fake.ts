import type {
  BlockObjectResponse,
  DataSourceObjectResponse,
  PageObjectResponse,
  UserObjectResponse,
} from "@notionhq/client";
import {
  type Classification,
  type FakeRequest,
  type FakeResponse,
  FakeServer,
  type FakeServerOptions,
} from "../fake/server.js";
import { type BlockRecord, paragraphsOf, paragraphUpdate, renderBlock } from "./blocks.js";
import { bodyValidationError, NotionApiError, notModelled, objectNotFound, validationError } from "./errors.js";
import { ID_KINDS, IdSequence, normalizeId } from "./ids.js";
import { compileFilter, compileSorts, paginate, type QueryContext } from "./query.js";
import {
  type DatabaseRecord,
  type DataSourceRecord,
  notionTime,
  type PageRecord,
  renderDatabase,
  renderDataSource,
  renderPage,
} from "./records.js";
import { type DataSourceSchemaInput, defineProperties } from "./schema.js";
import { initialDefinitions, updateDefinitions } from "./schema-requests.js";
import { matchRoute, type RouteMatch, validateRequest } from "./spec.js";
import { asSchema } from "./spec-messages.js";
import { commitNewOptions, planPropertyWrite } from "./values.js";

/** The integration token a NotionFake accepts unless told otherwise. */
export const NOTION_FAKE_TOKEN = "ntn_fake_integration_token";
/**
 * The API versions the fake serves: its OpenAPI file's (2025-09-03) and 2026-03-11, which renames
 * `archived` to `in_trash` everywhere (requests sending `archived` are refused, responses drop it).
 */
export const NOTION_FAKE_VERSIONS = ["2025-09-03", "2026-03-11"] as const;
export type NotionFakeVersion = (typeof NOTION_FAKE_VERSIONS)[number];
/** The newest version, the one `@sre-actions/core/notion` pins. */
export const NOTION_FAKE_VERSION: NotionFakeVersion = "2026-03-11";

export interface NotionFakeOptions extends FakeServerOptions {
  /** Bearer tokens the fake accepts (default: [NOTION_FAKE_TOKEN]). */
  tokens?: string[];
  /** Name of the integration's bot user (`GET /v1/users/me`). */
  botName?: string;
}

export interface SeedDataSourceInput {
  id?: string;
  name: string;
  properties: DataSourceSchemaInput;
}

export interface SeedDatabaseInput {
  id?: string;
  title: string;
  dataSources: SeedDataSourceInput[];
}

export interface SeededDatabase {
  databaseId: string;
  dataSourceIds: string[];
  /** The first data source (most databases have exactly one). */
  dataSourceId: string;
}

export interface SeedParentPageInput {
  id?: string;
  title: string;
}

/** A page outside any data source (a team's wiki page), under which `POST /v1/databases` creates databases. */
interface ParentPageRecord {
  id: string;
  title: string;
  createdTime: number;
}

export interface SeedUserInput {
  id?: string;
  name: string;
  email?: string;
}

/** Operation names follow the SDK's methods (`notion.pages.update` → "pages.update"). */
const OPERATION_NAMES: Record<string, string> = {
  "get-user": "users.retrieve",
  "get-users": "users.list",
  "get-self": "users.me",
  "post-search": "search",
  "get-block-children": "blocks.children.list",
  "patch-block-children": "blocks.children.append",
  "retrieve-a-block": "blocks.retrieve",
  "update-a-block": "blocks.update",
  "delete-a-block": "blocks.delete",
  "retrieve-a-page": "pages.retrieve",
  "patch-page": "pages.update",
  "post-page": "pages.create",
  "retrieve-a-page-property": "pages.properties.retrieve",
  "move-page": "pages.move",
  "retrieve-page-markdown": "pages.retrieveMarkdown",
  "update-page-markdown": "pages.updateMarkdown",
  "retrieve-a-comment": "comments.list",
  "create-a-comment": "comments.create",
  "query-data-source": "dataSources.query",
  "retrieve-a-data-source": "dataSources.retrieve",
  "update-a-data-source": "dataSources.update",
  "create-a-data-source": "dataSources.create",
  "list-data-source-templates": "dataSources.listTemplates",
  "retrieve-a-database": "databases.retrieve",
  "create-a-database": "databases.create",
};

/** POSTs that only read. */
const READ_ONLY = new Set(["dataSources.query", "search"]);

/**
 * A loopback Notion API (versions 2025-09-03 and 2026-03-11) for the real `@notionhq/client`: every request is
 * checked against Notion's official OpenAPI file, page property values against the data source
 * schema the fake holds, and databases, data sources, pages and users behave as documented.
 *
 *   const notion = await new NotionFake().start();
 *   const { dataSourceId } = notion.seedDatabase({ title: "Environments", dataSources: [{ name: "Environments", properties: environmentsSchema() }] });
 *   const client = new Client({ auth: NOTION_FAKE_TOKEN, notionVersion: "2026-03-11", baseUrl: notion.url });
 */
export class NotionFake extends FakeServer {
  readonly botUser: UserObjectResponse;
  private readonly tokens: Set<string>;
  private readonly databases = new Map<string, DatabaseRecord>();
  private readonly dataSources = new Map<string, DataSourceRecord>();
  private readonly pageRecords = new Map<string, PageRecord>();
  private readonly parentPages = new Map<string, ParentPageRecord>();
  private readonly users = new Map<string, UserObjectResponse>();
  private readonly blockRecords = new Map<string, BlockRecord>();
  private readonly unshared = new Set<string>();
  private readonly ids = {
    database: new IdSequence(ID_KINDS.database),
    dataSource: new IdSequence(ID_KINDS.dataSource),
    page: new IdSequence(ID_KINDS.page),
    block: new IdSequence(ID_KINDS.block),
    user: new IdSequence(ID_KINDS.user),
    request: new IdSequence(ID_KINDS.request),
  };
  private pageSeq = 0;

  constructor(options: NotionFakeOptions = {}) {
    super(options);
    this.tokens = new Set(options.tokens ?? [NOTION_FAKE_TOKEN]);
    this.botUser = {
      object: "user",
      id: this.ids.user.take(),
      name: options.botName ?? "SRE Actions",
      avatar_url: null,
      type: "bot",
      bot: {
        owner: { type: "workspace", workspace: true },
        workspace_id: "00000000-0000-4000-8000-00000000a11e",
        workspace_limits: { max_file_upload_size_in_bytes: 5_368_709_120 },
        workspace_name: "Test workspace",
      },
    };
    this.users.set(this.botUser.id, this.botUser);
  }

  // ---------------------------------------------------------------- seeding and inspection

  seedUser(input: SeedUserInput): UserObjectResponse {
    const id = this.newId(input.id, this.ids.user);
    const user: UserObjectResponse = {
      object: "user",
      id,
      name: input.name,
      avatar_url: null,
      type: "person",
      person: input.email === undefined ? {} : { email: input.email },
    };
    this.users.set(id, user);
    return structuredClone(user);
  }

  seedDatabase(input: SeedDatabaseInput): SeededDatabase {
    if (input.dataSources.length === 0) throw new Error("seedDatabase needs at least one data source");
    const now = this.clock.now();
    const database: DatabaseRecord = {
      id: this.newId(input.id, this.ids.database),
      title: input.title,
      dataSourceIds: [],
      createdTime: now,
      lastEditedTime: now,
    };
    for (const source of input.dataSources) {
      const dataSource: DataSourceRecord = {
        id: this.newId(source.id, this.ids.dataSource),
        databaseId: database.id,
        name: source.name,
        definitions: defineProperties(source.properties),
        createdTime: now,
        lastEditedTime: now,
      };
      this.dataSources.set(dataSource.id, dataSource);
      database.dataSourceIds.push(dataSource.id);
    }
    this.databases.set(database.id, database);
    const [dataSourceId = ""] = database.dataSourceIds;
    return { databaseId: database.id, dataSourceIds: [...database.dataSourceIds], dataSourceId };
  }

  /** A standalone page (workspace level, shared with the integration) to create databases under. */
  seedParentPage(input: SeedParentPageInput): string {
    const id = this.newId(input.id, this.ids.page);
    this.parentPages.set(id, { id, title: input.title, createdTime: this.clock.now() });
    return id;
  }

  /** The databases created under a page, oldest first (what `GET /v1/blocks/{page}/children` lists). */
  databasesUnder(pageId: string): { id: string; title: string; dataSourceIds: string[] }[] {
    const id = normalizeId(pageId) ?? pageId;
    return [...this.databases.values()]
      .filter((database) => database.parentPageId === id)
      .map((database) => ({ id: database.id, title: database.title, dataSourceIds: [...database.dataSourceIds] }));
  }

  /** Adds a page as if created through the API (same property validation), whatever is shared. */
  seedPage(
    dataSourceId: string,
    properties: Record<string, unknown>,
    options: { id?: string } = {},
  ): PageObjectResponse {
    const dataSource = this.dataSources.get(normalizeId(dataSourceId) ?? dataSourceId);
    if (dataSource === undefined) throw new Error(`seedPage: no data source ${dataSourceId}`);
    const page = this.insertPage(dataSource, properties, this.newId(options.id, this.ids.page));
    return renderPage(page, dataSource.definitions);
  }

  /** Makes a database, data source or page invisible to the integration (404 as if never shared). */
  unshare(id: string): void {
    this.unshared.add(normalizeId(id) ?? id);
  }

  share(id: string): void {
    this.unshared.delete(normalizeId(id) ?? id);
  }

  /** Stored pages as the API would return them, in creation order (optionally of one data source). */
  pages(dataSourceId?: string): PageObjectResponse[] {
    const wanted = dataSourceId === undefined ? undefined : (normalizeId(dataSourceId) ?? dataSourceId);
    return [...this.pageRecords.values()]
      .filter((page) => wanted === undefined || page.dataSourceId === wanted)
      .map((page) => renderPage(page, this.definitionsOf(page)));
  }

  /** A page's (or block's) child blocks as the API lists them: appended order, trashed ones left out. */
  children(parentId: string): BlockObjectResponse[] {
    const parent = normalizeId(parentId) ?? parentId;
    return [...this.blockRecords.values()]
      .filter((block) => block.parentId === parent && !block.inTrash)
      .map((block) => renderBlock(block));
  }

  /** Appends a paragraph to a page as a Notion user would (seeding claims left by a run that died). */
  seedParagraph(pageId: string, text: string): BlockObjectResponse {
    const page = this.pageRecords.get(normalizeId(pageId) ?? pageId);
    if (page === undefined) throw new Error(`seedParagraph: no page ${pageId}`);
    const [richText = []] = paragraphsOf({ children: [{ paragraph: { rich_text: [{ text: { content: text } }] } }] });
    const block = this.insertBlock(page.id, richText);
    return renderBlock(block);
  }

  page(id: string): PageObjectResponse | undefined {
    const page = this.pageRecords.get(normalizeId(id) ?? id);
    return page && renderPage(page, this.definitionsOf(page));
  }

  /** A data source with its current schema (select options grow as pages name new ones). */
  dataSource(id: string): DataSourceObjectResponse | undefined {
    const dataSource = this.dataSources.get(normalizeId(id) ?? id);
    return dataSource && renderDataSource(dataSource, this.botUser.id, this.databases.get(dataSource.databaseId));
  }

  // ---------------------------------------------------------------- faults

  /** 429 rate_limited with `Retry-After` (the SDK honours it and retries). */
  rateLimit(times = 1, retryAfterSeconds = 1, operation?: string | RegExp): void {
    const message = "You have been rate limited. Please try again in a few minutes.";
    this.injectError(
      times,
      operation,
      new NotionApiError(429, "rate_limited", message, {
        "retry-after": String(retryAfterSeconds),
      }),
    );
  }

  /** 529 service_overload (the SDK retries it). */
  overload(times = 1, operation?: string | RegExp): void {
    const message = "Notion is currently overloaded. Please try again later.";
    this.injectError(times, operation, new NotionApiError(529, "service_overload", message));
  }

  /** 409 conflict_error (the SDK does not retry it). */
  conflict(times = 1, operation?: string | RegExp): void {
    const message = "Conflict occurred while saving. Please try again.";
    this.injectError(times, operation, new NotionApiError(409, "conflict_error", message));
  }

  /** 504 gateway_timeout (the SDK does not retry it for POST/PATCH). */
  gatewayTimeout(times = 1, operation?: string | RegExp): void {
    const message = "Notion timed out while attempting to complete this request. Please try again later.";
    this.injectError(times, operation, new NotionApiError(504, "gateway_timeout", message));
  }

  private injectError(times: number, operation: string | RegExp | undefined, error: NotionApiError): void {
    const response = error.toResponse(this.ids.request.take());
    this.fault({ times, ...(operation === undefined ? {} : { operation }), action: { kind: "respond", response } });
  }

  // ---------------------------------------------------------------- HTTP

  protected classify(request: FakeRequest): Classification {
    const match = matchRoute(request.method, request.path);
    if (match === undefined) return { operation: "unknown", mutating: request.method !== "GET" };
    const operation = OPERATION_NAMES[match.operation.operationId] ?? match.operation.operationId;
    return { operation, mutating: request.method !== "GET" && !READ_ONLY.has(operation) };
  }

  protected handle(request: FakeRequest, classification: Classification): FakeResponse {
    const match = matchRoute(request.method, request.path);
    if (match === undefined) throw new NotionApiError(400, "invalid_request_url", "Invalid request URL.");
    const version = this.checkVersion(header(request, "notion-version"));
    this.checkToken(header(request, "authorization"));
    if (request.body !== "" && request.json === undefined) {
      throw new NotionApiError(400, "invalid_json", "Error parsing JSON body.");
    }
    validateRequest(match, request.url.searchParams, request.json);
    const body = asSchema(request.json) ?? {};
    if (version === "2026-03-11" && "archived" in body) {
      // 2026-03-11 removed the deprecated alias; the spec (2025-09-03) still lists it.
      throw bodyValidationError(
        `body.archived should be not present, instead was \`${JSON.stringify(body["archived"])}\`.`,
      );
    }
    const response = this.operate(classification, match, body, request.url.searchParams);
    return version === "2026-03-11" ? withoutArchived(response) : response;
  }

  private operate(
    classification: Classification,
    match: RouteMatch,
    body: Record<string, unknown>,
    query: URLSearchParams,
  ): FakeResponse {
    const id = (name: string) => normalizeId(match.pathParams[name] ?? "") ?? "";
    switch (classification.operation) {
      case "databases.retrieve":
        return this.ok(this.retrieveDatabase(id("database_id")));
      case "databases.create":
        return this.ok(this.createDatabase(body));
      case "dataSources.retrieve":
        return this.ok(this.renderVisibleDataSource(this.visibleDataSource(id("data_source_id"))));
      case "dataSources.update":
        return this.ok(this.updateDataSource(id("data_source_id"), body));
      case "blocks.children.list":
        return this.ok(this.listChildren(id("block_id"), query));
      case "dataSources.query":
        return this.ok(this.queryDataSource(id("data_source_id"), body, query.getAll("filter_properties")));
      case "pages.create":
        return this.ok(this.createPage(body));
      case "pages.retrieve":
        return this.ok(this.retrievePage(id("page_id"), query.getAll("filter_properties")));
      case "pages.update":
        return this.ok(this.updatePage(id("page_id"), body));
      case "blocks.children.append":
        return this.ok(this.appendChildren(id("block_id"), body));
      case "blocks.retrieve":
        return this.ok(renderBlock(this.visibleBlock(id("block_id"))));
      case "blocks.update":
        return this.ok(this.updateBlock(id("block_id"), body));
      case "blocks.delete":
        return this.ok(this.deleteBlock(id("block_id")));
      case "users.list":
        return this.ok(this.listUsers(query));
      case "users.retrieve":
        return this.ok(structuredClone(this.user(id("user_id"))));
      case "users.me":
        return this.ok(structuredClone(this.botUser));
      default:
        throw notModelled(`${classification.operation} (${match.operation.method} ${match.operation.template})`);
    }
  }

  protected override errorResponse(error: unknown): FakeResponse {
    const apiError =
      error instanceof NotionApiError
        ? error
        : new NotionApiError(500, "internal_server_error", error instanceof Error ? error.message : String(error));
    return apiError.toResponse(this.ids.request.take());
  }

  private ok(body: object): FakeResponse {
    const requestId = this.ids.request.take();
    return { status: 200, headers: { "x-notion-request-id": requestId }, body: { ...body, request_id: requestId } };
  }

  private checkVersion(version: string | undefined): NotionFakeVersion {
    if (version === undefined) {
      throw new NotionApiError(
        400,
        "missing_version",
        "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.",
      );
    }
    const served = NOTION_FAKE_VERSIONS.find((candidate) => candidate === version);
    if (served === undefined) {
      throw new NotionApiError(
        400,
        "invalid_request",
        `NotionFake serves Notion-Version ${NOTION_FAKE_VERSIONS.join(" and ")} only; the request sent ${version}.`,
      );
    }
    return served;
  }

  private checkToken(authorization: string | undefined): void {
    const token = authorization?.startsWith("Bearer ") ? authorization.slice("Bearer ".length) : undefined;
    if (token === undefined || !this.tokens.has(token)) {
      throw new NotionApiError(401, "unauthorized", "API token is invalid.");
    }
  }

  // ---------------------------------------------------------------- operations

  private retrieveDatabase(id: string) {
    const database = this.databases.get(id);
    if (database === undefined || this.unshared.has(id)) throw objectNotFound("database", id);
    const dataSources = database.dataSourceIds.flatMap((sourceId) => this.dataSources.get(sourceId) ?? []);
    return renderDatabase(database, dataSources);
  }

  private renderVisibleDataSource(dataSource: DataSourceRecord) {
    return renderDataSource(dataSource, this.botUser.id, this.databases.get(dataSource.databaseId));
  }

  /**
   * `POST /v1/databases`: a database under a shared page with its first data source (named like the
   * database) and that data source's columns; status columns are refused as the reference says.
   */
  private createDatabase(body: Record<string, unknown>) {
    const parent = asSchema(body["parent"]) ?? {};
    if (parent["type"] === "workspace" || parent["workspace"] === true) throw notModelled("workspace-level databases");
    const pageId = normalizeId(String(parent["page_id"] ?? "")) ?? "";
    if (!this.parentPages.has(pageId) || this.unshared.has(pageId)) throw objectNotFound("page", pageId);
    const definitions = initialDefinitions(asSchema(asSchema(body["initial_data_source"])?.["properties"]));
    const title = plainTitle(body["title"]);
    const now = this.clock.now();
    const database: DatabaseRecord = {
      id: this.ids.database.take(),
      title,
      parentPageId: pageId,
      dataSourceIds: [],
      createdTime: now,
      lastEditedTime: now,
    };
    const dataSource: DataSourceRecord = {
      id: this.ids.dataSource.take(),
      databaseId: database.id,
      name: title,
      definitions,
      createdTime: now,
      lastEditedTime: now,
    };
    database.dataSourceIds.push(dataSource.id);
    this.dataSources.set(dataSource.id, dataSource);
    this.databases.set(database.id, database);
    return renderDatabase(database, [dataSource]);
  }

  /** `PATCH /v1/data_sources/{id}`: title and columns (add, rename, remove, select options). */
  private updateDataSource(id: string, body: Record<string, unknown>) {
    const dataSource = this.visibleDataSource(id);
    const properties = asSchema(body["properties"]);
    if (properties !== undefined) updateDefinitions(dataSource.definitions, properties);
    if (body["title"] !== undefined) dataSource.name = plainTitle(body["title"]);
    dataSource.lastEditedTime = this.clock.now();
    return this.renderVisibleDataSource(dataSource);
  }

  /** `GET /v1/blocks/{page}/children` for a seeded parent page: its child_database blocks. */
  private listChildDatabases(id: string, query: URLSearchParams) {
    if (this.unshared.has(id)) throw objectNotFound("block", id);
    const children = [...this.databases.values()].filter((database) => database.parentPageId === id);
    const pageSize = query.has("page_size") ? Number(query.get("page_size")) : undefined;
    const listed = paginate(
      children,
      (database) => database.id,
      query.get("start_cursor") ?? undefined,
      pageSize,
      "query",
    );
    return {
      object: "list",
      results: listed.results.map((database) => ({
        object: "block",
        id: database.id,
        parent: { type: "page_id", page_id: id },
        created_time: notionTime(database.createdTime),
        last_edited_time: notionTime(database.lastEditedTime),
        created_by: { object: "user", id: this.botUser.id },
        last_edited_by: { object: "user", id: this.botUser.id },
        has_children: false,
        in_trash: false,
        archived: false,
        type: "child_database",
        child_database: { title: database.title },
      })),
      next_cursor: listed.next_cursor,
      has_more: listed.has_more,
      type: "block",
      block: {},
    };
  }

  private visibleDataSource(id: string): DataSourceRecord {
    const dataSource = this.dataSources.get(id);
    if (dataSource === undefined || this.unshared.has(id) || this.unshared.has(dataSource.databaseId)) {
      throw objectNotFound("data_source", id);
    }
    return dataSource;
  }

  private visiblePage(id: string): PageRecord {
    const page = this.pageRecords.get(id);
    const hidden =
      page === undefined ||
      [page.id, page.dataSourceId, page.databaseId].some((ancestor) => this.unshared.has(ancestor));
    if (hidden) throw objectNotFound("page", id);
    return page;
  }

  private queryDataSource(id: string, body: Record<string, unknown>, filterProperties: string[]) {
    const dataSource = this.visibleDataSource(id);
    if (body["in_trash"] === true || body["archived"] === true) throw notModelled("querying trashed pages");
    const context: QueryContext = { definitions: dataSource.definitions, botUserId: this.botUser.id };
    const matches = body["filter"] === undefined ? () => true : compileFilter(body["filter"], context);
    const rows = [...this.pageRecords.values()]
      .filter((page) => page.dataSourceId === id && !page.inTrash && !this.unshared.has(page.id) && matches(page))
      .sort(compileSorts(body["sorts"], context));
    const startCursor = typeof body["start_cursor"] === "string" ? body["start_cursor"] : undefined;
    const pageSize = typeof body["page_size"] === "number" ? body["page_size"] : undefined;
    const page = paginate(rows, (row) => row.id, startCursor, pageSize, "body");
    const propertyIds = filterProperties.length > 0 ? filterProperties : undefined;
    return {
      object: "list",
      results: page.results.map((row) => renderPage(row, dataSource.definitions, propertyIds)),
      next_cursor: page.next_cursor,
      has_more: page.has_more,
      type: "page_or_data_source",
      page_or_data_source: {},
    };
  }

  private createPage(body: Record<string, unknown>) {
    const parent = asSchema(body["parent"]) ?? {};
    if (body["template"] !== undefined) throw notModelled("page templates");
    let dataSource: DataSourceRecord;
    if (typeof parent["data_source_id"] === "string") {
      dataSource = this.visibleDataSource(normalizeId(parent["data_source_id"]) ?? "");
    } else if (typeof parent["database_id"] === "string") {
      // Older integrations name the database; that works while it has a single data source.
      const database = this.retrieveDatabase(normalizeId(parent["database_id"]) ?? "");
      const [only, ...others] = database.data_sources;
      if (only === undefined || others.length > 0) {
        throw validationError(
          `Database ${database.id} has ${database.data_sources.length} data sources; use a data_source_id parent.`,
        );
      }
      dataSource = this.visibleDataSource(only.id);
    } else {
      throw notModelled("pages whose parent is a page or the workspace");
    }
    const page = this.insertPage(dataSource, asSchema(body["properties"]) ?? {}, this.ids.page.take(), body);
    return renderPage(page, dataSource.definitions);
  }

  private insertPage(
    dataSource: DataSourceRecord,
    properties: Record<string, unknown>,
    id: string,
    extras: Record<string, unknown> = {},
  ): PageRecord {
    const write = planPropertyWrite(dataSource.definitions, properties, { users: this.users });
    const icon = pageIcon(extras["icon"]);
    const cover = pageCover(extras["cover"]);
    commitNewOptions(write);
    const now = this.clock.now();
    const page: PageRecord = {
      id,
      seq: ++this.pageSeq,
      dataSourceId: dataSource.id,
      databaseId: dataSource.databaseId,
      values: Object.fromEntries(write.values),
      inTrash: false,
      icon,
      cover,
      createdTime: now,
      lastEditedTime: now,
      createdBy: this.botUser.id,
      lastEditedBy: this.botUser.id,
    };
    this.pageRecords.set(id, page);
    return page;
  }

  private retrievePage(id: string, filterProperties: string[]) {
    const page = this.visiblePage(id);
    return renderPage(page, this.definitionsOf(page), filterProperties.length > 0 ? filterProperties : undefined);
  }

  private updatePage(id: string, body: Record<string, unknown>) {
    const page = this.visiblePage(id);
    const trash = typeof body["in_trash"] === "boolean" ? body["in_trash"] : body["archived"];
    const stillTrashed = page.inTrash && trash !== false;
    if (
      stillTrashed &&
      (body["properties"] !== undefined || body["icon"] !== undefined || body["cover"] !== undefined)
    ) {
      throw validationError("Can't edit block that is archived. You must unarchive the block before editing.");
    }
    const write = planPropertyWrite(this.definitionsOf(page), asSchema(body["properties"]) ?? {}, {
      users: this.users,
    });
    const icon = body["icon"] === undefined ? page.icon : pageIcon(body["icon"]);
    const cover = body["cover"] === undefined ? page.cover : pageCover(body["cover"]);
    commitNewOptions(write);
    for (const [propertyId, value] of write.values) page.values[propertyId] = value;
    if (typeof trash === "boolean") page.inTrash = trash;
    page.icon = icon;
    page.cover = cover;
    page.lastEditedTime = this.clock.now();
    page.lastEditedBy = this.botUser.id;
    return renderPage(page, this.definitionsOf(page));
  }

  /** A page (or a block of one) whose children are asked for: 404 when neither is visible. */
  private container(id: string): { id: string; type: "page_id" | "block_id"; inTrash: boolean } {
    const page = this.pageRecords.get(id);
    if (page !== undefined) {
      const visible = this.visiblePage(id);
      return { id: visible.id, type: "page_id", inTrash: visible.inTrash };
    }
    const block = this.visibleBlock(id);
    return { id: block.id, type: "block_id", inTrash: block.inTrash };
  }

  private visibleBlock(id: string): BlockRecord {
    const block = this.blockRecords.get(id);
    const page = block === undefined ? undefined : this.pageRecords.get(block.parentId);
    const hidden =
      block === undefined ||
      (page !== undefined && [page.id, page.dataSourceId, page.databaseId].some((a) => this.unshared.has(a)));
    if (hidden) throw objectNotFound("block", id);
    return block;
  }

  /** `GET /v1/blocks/{id}/children`: a parent page's child databases, or a row page's (or block's) paragraphs. */
  private listChildren(id: string, query: URLSearchParams) {
    if (this.parentPages.has(id)) return this.listChildDatabases(id, query);
    const parent = this.container(id);
    const blocks = [...this.blockRecords.values()].filter((block) => block.parentId === parent.id && !block.inTrash);
    const pageSize = query.has("page_size") ? Number(query.get("page_size")) : undefined;
    const page = paginate(blocks, (block) => block.id, query.get("start_cursor") ?? undefined, pageSize, "query");
    return {
      object: "list",
      results: page.results.map((block) => renderBlock(block)),
      next_cursor: page.next_cursor,
      has_more: page.has_more,
      type: "block",
      block: {},
    };
  }

  private appendChildren(id: string, body: Record<string, unknown>) {
    const parent = this.container(id);
    if (parent.inTrash) {
      throw validationError("Can't edit block that is archived. You must unarchive the block before editing.");
    }
    if (parent.type === "block_id") throw notModelled("children of blocks other than pages");
    const added = paragraphsOf(body).map((text) => this.insertBlock(parent.id, text));
    return {
      object: "list",
      results: added.map((block) => renderBlock(block)),
      next_cursor: null,
      has_more: false,
      type: "block",
      block: {},
    };
  }

  private insertBlock(pageId: string, richText: BlockRecord["richText"]): BlockRecord {
    const now = this.clock.now();
    const block: BlockRecord = {
      id: this.ids.block.take(),
      parentId: pageId,
      parentType: "page_id",
      richText,
      inTrash: false,
      createdTime: now,
      lastEditedTime: now,
      createdBy: this.botUser.id,
      lastEditedBy: this.botUser.id,
    };
    this.blockRecords.set(block.id, block);
    return block;
  }

  private updateBlock(id: string, body: Record<string, unknown>) {
    const block = this.visibleBlock(id);
    const text = paragraphUpdate(body, block);
    const trash = typeof body["in_trash"] === "boolean" ? body["in_trash"] : body["archived"];
    if (text !== undefined) block.richText = text;
    if (typeof trash === "boolean") block.inTrash = trash;
    block.lastEditedTime = this.clock.now();
    block.lastEditedBy = this.botUser.id;
    return renderBlock(block);
  }

  /** Moves the block to the trash; a block already there cannot be edited (400, as for pages). */
  private deleteBlock(id: string) {
    const block = this.visibleBlock(id);
    if (block.inTrash) {
      throw validationError("Can't edit block that is archived. You must unarchive the block before editing.");
    }
    block.inTrash = true;
    block.lastEditedTime = this.clock.now();
    return renderBlock(block);
  }

  private listUsers(query: URLSearchParams) {
    const pageSize = query.has("page_size") ? Number(query.get("page_size")) : undefined;
    const users = [...this.users.values()];
    const page = paginate(users, (user) => user.id, query.get("start_cursor") ?? undefined, pageSize, "query");
    return {
      object: "list",
      results: page.results.map((user) => structuredClone(user)),
      next_cursor: page.next_cursor,
      has_more: page.has_more,
      type: "user",
      user: {},
    };
  }

  private user(id: string): UserObjectResponse {
    const user = this.users.get(id);
    if (user === undefined) throw objectNotFound("user", id);
    return user;
  }

  private definitionsOf(page: PageRecord) {
    return this.dataSources.get(page.dataSourceId)?.definitions ?? [];
  }

  private newId(given: string | undefined, sequence: IdSequence): string {
    if (given === undefined) return sequence.take();
    const id = normalizeId(given);
    if (id === undefined) throw new Error(`Not a Notion id (32 hex digits, dashes optional): ${given}`);
    return id;
  }
}

/** The plain text of a rich-text title array. */
function plainTitle(raw: unknown): string {
  if (!Array.isArray(raw)) return "";
  return raw.map((item) => String(asSchema(asSchema(item)?.["text"])?.["content"] ?? "")).join("");
}

function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function pageIcon(raw: unknown): PageObjectResponse["icon"] {
  if (raw === undefined || raw === null) return null;
  const icon = asSchema(raw) ?? {};
  if (typeof icon["emoji"] === "string") return { type: "emoji", emoji: icon["emoji"] };
  const url = asSchema(icon["external"])?.["url"];
  if (typeof url === "string") return { type: "external", external: { url } };
  throw notModelled("page icons other than emoji or external files");
}

function pageCover(raw: unknown): PageObjectResponse["cover"] {
  if (raw === undefined || raw === null) return null;
  const url = asSchema(asSchema(raw)?.["external"])?.["url"];
  if (typeof url === "string") return { type: "external", external: { url } };
  throw notModelled("page covers other than external files");
}

/** A 2026-03-11 response: objects carry `in_trash` only (the deprecated `archived` alias is gone). */
function withoutArchived(response: FakeResponse): FakeResponse {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !(key === "archived" && "in_trash" in value))
        .map(([key, entry]) => [key, strip(entry)]),
    );
  };
  return { ...response, body: strip(response.body) };
}
