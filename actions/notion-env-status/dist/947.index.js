export const id = 947;
export const ids = [947];
export const modules = {

/***/ 5947:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  execute: () => (/* binding */ execute),
  productionDeps: () => (/* binding */ productionDeps)
});

// EXTERNAL MODULE: ../../packages/core/src/index.ts + 59 modules
var src = __webpack_require__(4411);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@actions+github@9.1.1/node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(2087);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@octokit+plugin-retry@8.1.1_@octokit+core@7.0.8/node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(545);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@octokit+plugin-throttling@11.0.5_@octokit+core@7.0.8/node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(6404);
// EXTERNAL MODULE: ../../packages/core/src/clock.ts
var clock = __webpack_require__(7272);
// EXTERNAL MODULE: ../../packages/core/src/context.ts
var context = __webpack_require__(4905);
// EXTERNAL MODULE: ../../packages/core/src/endpoint.ts
var endpoint = __webpack_require__(9129);
// EXTERNAL MODULE: ../../packages/core/src/log.ts
var log = __webpack_require__(9844);
// EXTERNAL MODULE: ../../packages/core/src/once.ts
var once = __webpack_require__(7273);
;// CONCATENATED MODULE: ../../packages/core/src/github.ts









/**
 * Octokit with REST methods, pagination, GraphQL, retries of 5xx and waits for both primary and
 * secondary rate limits: a secondary limit is always waited out, never a failure.
 */
function createOctokit(options) {
    const baseUrl = options.baseUrl ?? githubApiUrl();
    const rateLimitRetries = options.rateLimitRetries ?? 3;
    const build = (extra) => (0,github/* getOctokit */.Q)(options.token, {
        ...(baseUrl ? { baseUrl } : {}),
        throttle: {
            onRateLimit: (retryAfter, request, _octokit, retryCount) => {
                options.log.warning(`GitHub rate limit reached on ${request.method} ${request.url}; waiting ${retryAfter}s`);
                return retryCount < rateLimitRetries;
            },
            onSecondaryRateLimit: (retryAfter, request) => {
                options.log.warning(`GitHub secondary rate limit on ${request.method} ${request.url}; waiting ${retryAfter}s`);
                return true;
            },
            ...extra,
            ...options.throttle,
        },
        ...(options.retry === undefined ? {} : { retry: options.retry }),
    }, plugin_throttling_dist_bundle/* throttling */.A, dist_bundle/* retry */.L);
    const octokit = build({});
    // plugin-throttling sends every /graphql request through its write group (≥ 1 s apart) without
    // reading the body. Queries are reads: they go through a twin whose write group does not space
    // them, with the same rate-limit handling and retries. Mutations keep the spacing.
    const reads = build({ write: UNSPACED });
    octokit.hook.wrap("request", (request, endpoint) => {
        if (!isGraphQLQuery(endpoint))
            return request(endpoint);
        // Without this octokit's own hook, so the twin runs its hooks (auth, throttling, retry) instead.
        const { hook: _ownHook, ...requestOptions } = endpoint.request ?? {};
        return reads.request({ ...endpoint, request: requestOptions });
    });
    return octokit;
}
/** GITHUB_API_URL when it is the runner's own value for GITHUB_SERVER_URL, loopback, or opted in. */
function githubApiUrl(env = process.env) {
    const official = ["https://api.github.com"];
    const server = env["GITHUB_SERVER_URL"]?.trim();
    if (server) {
        try {
            const url = new URL(server);
            official.push(`${url.origin}/api/v3`, `${url.protocol}//api.${url.host}`);
        }
        catch {
            // A malformed server URL derives nothing.
        }
    }
    return (0,endpoint/* endpointOverride */.Ku)({ variable: "GITHUB_API_URL", official, env });
}
/** A Bottleneck group stand-in that runs each job at once. */
const UNSPACED = {
    key: () => ({
        schedule: (_options, job, ...args) => Promise.resolve(job(...args)),
    }),
};
/** A POST /graphql whose document holds no mutation (comments stripped). */
function isGraphQLQuery(endpoint) {
    if (!String(endpoint.url ?? "").endsWith("/graphql") || typeof endpoint.query !== "string")
        return false;
    return !/(?:^|[\s{}])mutation\b/.test(endpoint.query.replace(/#[^\n]*/g, ""));
}
/**
 * Keeps one comment per issue or pull request: updates the comment that carries the marker, or
 * creates it. Re-runs edit in place instead of piling up comments. Creating is not idempotent: it goes
 * out without Octokit's retry, and after a lost answer the marker is looked up before sending again.
 */
async function upsertStickyComment(octokit, comment, deps = {}) {
    const repo = { owner: comment.owner, repo: comment.repo };
    const body = comment.body.includes(comment.marker) ? comment.body : `${comment.marker}\n${comment.body}`;
    const findMarked = async () => {
        const comments = await octokit.paginate(octokit.rest.issues.listComments, {
            ...repo,
            issue_number: comment.issueNumber,
            per_page: 100,
        });
        return comments.find((candidate) => candidate.body?.includes(comment.marker))?.id;
    };
    const existing = await findMarked();
    if (existing !== undefined) {
        await octokit.rest.issues.updateComment({ ...repo, comment_id: existing, body });
        return { action: "updated", id: existing };
    }
    return { action: "created", id: await createCommentOnce(octokit, { ...comment, body }, deps, findMarked) };
}
/**
 * Creates a comment that carries `comment.marker`, exactly once: createComment is not idempotent,
 * so it goes out without Octokit's retry and, after an ambiguous failure, the comments are read
 * back for the marker before it is sent again.
 */
async function createCommentOnce(octokit, comment, deps = {}, findMarked = async () => {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        owner: comment.owner,
        repo: comment.repo,
        issue_number: comment.issueNumber,
        per_page: 100,
    });
    return comments.find((candidate) => candidate.body?.includes(comment.marker))?.id;
}) {
    return (0,once/* exactlyOnce */._)({
        what: `comment on #${comment.issueNumber}`,
        attempt: async () => (await octokit.rest.issues.createComment({
            owner: comment.owner,
            repo: comment.repo,
            issue_number: comment.issueNumber,
            body: comment.body,
            request: { retries: 0 },
        })).data.id,
        readBack: findMarked,
        clock: deps.clock ?? clock/* systemClock */.m,
        log: deps.log ?? log/* actionsLogger */.MV,
        attempts: 3,
    });
}
/**
 * The current run's context, read from the runner's environment and event file. Never throws for
 * a missing variable (see `RunContext.missing` and `requireRunVariables`).
 */
function currentRunContext() {
    return (0,context/* environmentRunContext */.WP)();
}

// EXTERNAL MODULE: ../../node_modules/.pnpm/@notionhq+client@5.26.0/node_modules/@notionhq/client/build/src/index.js
var build_src = __webpack_require__(5394);
// EXTERNAL MODULE: ../../packages/core/src/errors.ts
var errors = __webpack_require__(9179);
;// CONCATENATED MODULE: ../../packages/core/src/notion.ts



/** The Notion API version this pack is written against: the newest @notionhq/client 5.26 supports (data sources; `in_trash`, no `archived`). */
const NOTION_VERSION = "2026-03-11";
/** The SDK caps a Retry-After at its maxRetryDelayMs; we leave waits up to this to the SDK. */
const SDK_MAX_RETRY_DELAY_MS = 60_000;
/**
 * A Notion client pinned to one API version. The SDK itself retries 429 (honouring Retry-After
 * up to 60 s) and 529, and 5xx on GET/DELETE; `retries` adds what it skips.
 */
function createNotionClient(options) {
    const baseUrl = options.baseUrl ?? (0,endpoint/* endpointOverride */.Ku)({ variable: "NOTION_API_BASE_URL", official: ["https://api.notion.com"] });
    const base = options.fetch ?? ((url, init) => fetch(url, init));
    return new build_src/* Client */.Kj({
        auth: options.token,
        notionVersion: NOTION_VERSION,
        ...(baseUrl ? { baseUrl } : {}),
        ...(options.retries === undefined && options.fetch === undefined
            ? {}
            : { fetch: options.retries === undefined ? base : retryingFetch(base, options.retries) }),
        logLevel: build_src/* LogLevel */.$b.ERROR,
        timeoutMs: 60_000,
        retry: {
            maxRetries: options.maxRetries ?? 6,
            initialRetryDelayMs: options.initialRetryDelayMs ?? 1_000,
            maxRetryDelayMs: SDK_MAX_RETRY_DELAY_MS,
        },
    });
}
/** A Retry-After that would outlast the step: waiting is pointless and retrying early is rude. */
class NotionWaitTooLong extends errors/* ActionError */.lZ {
    name = "NotionWaitTooLong";
}
const PAGE_UPDATE = /\/v1\/pages\/[0-9a-f-]{32,36}$/i;
/** A fetch that adds the two retries the SDK skips (see `NotionClientOptions.retries`). */
function retryingFetch(base, options) {
    const { clock, log } = options;
    const deadline = options.deadline ?? clock.now() + 15 * 60_000;
    const updateAttempts = options.updateAttempts ?? 4;
    return async (url, init) => {
        const method = (init?.method ?? "GET").toUpperCase();
        const path = new URL(url).pathname;
        for (let attempt = 1;; attempt++) {
            const response = await base(url, init);
            const retryAfter = retryAfterMs(response.headers, clock);
            let wait;
            if (response.status === 429 && retryAfter !== undefined && retryAfter > SDK_MAX_RETRY_DELAY_MS) {
                wait = retryAfter;
                if (clock.now() + wait > deadline) {
                    throw new NotionWaitTooLong(`Notion asked to wait ${Math.round(wait / 1000)}s before ${method} ${path} (Retry-After), longer than the ${Math.max(0, Math.round((deadline - clock.now()) / 1000))}s this step has left.`, {
                        hint: "The workspace is over Notion's rate limit; re-run later or space out the jobs that use this token.",
                    });
                }
            }
            else if (method === "PATCH" &&
                PAGE_UPDATE.test(path) &&
                [500, 502, 503].includes(response.status) &&
                attempt < updateAttempts) {
                wait = Math.min(retryAfter ?? 1_000 * 2 ** (attempt - 1), SDK_MAX_RETRY_DELAY_MS);
                if (clock.now() + wait > deadline)
                    return response;
            }
            if (wait === undefined)
                return response;
            await response.text().catch(() => "");
            log?.info(`Notion answered ${response.status} to ${method} ${path}; sending it again in ${Math.ceil(wait / 1000)}s`);
            await clock.sleep(wait);
        }
    };
}
function retryAfterMs(headers, clock) {
    const value = headers !== null && typeof headers === "object" && "get" in headers && typeof headers.get === "function"
        ? headers.get("retry-after")
        : undefined;
    if (value === null || value === undefined || value === "")
        return undefined;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0)
        return seconds * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - clock.now());
}

;// CONCATENATED MODULE: ./src/marker.ts
/** The hidden line that finds the action's one sticky comment on a pull request again. */
const COMMENT_MARKER = "<!-- sre-actions:notion-env-status -->";

;// CONCATENATED MODULE: ./src/github.ts


/**
 * The first comment that `author` wrote and that carries `marker`: our sticky comment. A comment
 * by anyone else never counts, whatever it contains.
 */
function stickyComment(comments, marker, author) {
    return comments.find((comment) => isAuthor(comment.user, author) && comment.body.includes(marker));
}
const VIEWER = /* GraphQL */ `
  query Viewer {
    viewer {
      login
      databaseId
    }
  }
`;
const FIND_PULL_REQUEST = /* GraphQL */ `
  query FindPullRequest($owner: String!, $repo: String!, $branch: String!) {
    repository(owner: $owner, name: $repo) {
      pullRequests(headRefName: $branch, states: [OPEN], first: 1, orderBy: { field: UPDATED_AT, direction: DESC }) {
        nodes {
          number
          url
          labels(first: 100) {
            nodes {
              name
            }
          }
        }
      }
    }
  }
`;
const PULL_REQUEST = /* GraphQL */ `
  query PullRequestByNumber($owner: String!, $repo: String!, $number: Int!) {
    repository(owner: $owner, name: $repo) {
      pullRequest(number: $number) {
        number
        url
        state
        headRefName
        labels(first: 100) {
          nodes {
            name
          }
        }
      }
    }
  }
`;
/**
 * Whether a comment's author is `author`: the numeric id when GitHub gave one (logins of apps are
 * spelt `name[bot]` in REST and `name` in GraphQL), else the login without `[bot]`.
 */
function isAuthor(user, author) {
    if (user == null)
        return false;
    if (author.id !== undefined)
        return user.id === author.id;
    const bare = (login) => login.toLowerCase().replace(/\[bot\]$/, "");
    return bare(user.login) === bare(author.login);
}
function labelNames(labels) {
    return (labels?.nodes ?? []).flatMap((label) => (label === null ? [] : [label.name]));
}
function githubPort(octokit, repo, deps) {
    const port = {
        async findPullRequest(branch) {
            const data = await octokit.graphql(FIND_PULL_REQUEST, { ...repo, branch });
            const pull = data.repository?.pullRequests.nodes[0];
            if (pull == null)
                return undefined;
            return { number: pull.number, url: pull.url, labels: labelNames(pull.labels) };
        },
        async pullRequest(number) {
            const data = await octokit.graphql(PULL_REQUEST, { ...repo, number });
            const pull = data.repository?.pullRequest;
            if (pull == null)
                return undefined;
            return { ...pull, labels: labelNames(pull.labels) };
        },
        async identity() {
            const data = await octokit.graphql(VIEWER);
            return { login: data.viewer.login, id: data.viewer.databaseId ?? undefined };
        },
        async listComments(issueNumber) {
            const comments = await octokit.paginate(octokit.rest.issues.listComments, {
                ...repo,
                issue_number: issueNumber,
                per_page: 100,
            });
            return comments.map((comment) => ({
                id: comment.id,
                body: comment.body ?? "",
                user: comment.user == null ? null : { login: comment.user.login, id: comment.user.id },
                association: comment.author_association,
                createdAt: comment.created_at,
            }));
        },
        async writeComment(issueNumber, id, body, author) {
            if (id !== undefined) {
                await octokit.rest.issues.updateComment({ ...repo, comment_id: id, body });
                return { action: "updated", id };
            }
            // A lost answer must not leave two sticky comments: no blind retry, read back by the marker
            // among our own comments only (an outsider's comment carrying the marker is not ours).
            const findOurs = async () => stickyComment(await port.listComments(issueNumber), COMMENT_MARKER, author)?.id;
            const created = await createCommentOnce(octokit, { ...repo, issueNumber, marker: COMMENT_MARKER, body }, deps, findOurs);
            return { action: "created", id: created };
        },
        async react(commentId, content) {
            const response = await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
            return response.status === 201 ? "created" : "existed";
        },
    };
    return port;
}

;// CONCATENATED MODULE: ./src/notion-api.ts


/**
 * A Notion failure (API error, unreachable, a database that does not fit): with fail-on-error
 * false it becomes a warning and the deploy goes on.
 */
class NotionFailure extends src/* ActionError */.lZ {
    name = "NotionFailure";
}
/** 409 conflict_error and 504 gateway_timeout are not retried by the SDK (it retries 429 and 529 itself). */
function isTransient(error) {
    const cause = error instanceof NotionFailure ? error.cause : error;
    return (build_src/* APIResponseError */.om.isAPIResponseError(cause) &&
        (cause.code === build_src/* APIErrorCode */.un.ConflictError || cause.code === build_src/* APIErrorCode */.un.GatewayTimeout));
}
const SHARE_HINT = src/* NOTION_SHARE_HINT */.IN;
/**
 * The NotionPort over the SDK client, counted (the summary says how many calls) and with errors
 * turned into messages that say what to do.
 */
class NotionApi {
    client;
    calls = 0;
    constructor(client) {
        this.client = client;
    }
    async retrieveDatabase(databaseId) {
        const database = await this.call(`database ${databaseId}`, () => this.client.databases.retrieve({ database_id: databaseId }));
        return databaseSummary(database, databaseId);
    }
    async createDatabase(params) {
        const database = await this.call("the new database", () => this.client.databases.create(params));
        return databaseSummary(database, "the new database");
    }
    async updateDataSource(params) {
        const dataSource = await this.call(`data source ${params.data_source_id}`, () => this.client.dataSources.update(params));
        if (!(0,build_src/* isFullDataSource */.PV)(dataSource)) {
            throw new NotionFailure(`Notion returned a partial data source object for ${params.data_source_id}.`);
        }
        return dataSource;
    }
    childDatabases(pageId) {
        return (0,src/* paginate */.En)(async (cursor) => {
            const response = await this.call(`page ${pageId}`, () => this.client.blocks.children.list({
                block_id: pageId,
                page_size: 100,
                ...(cursor === undefined ? {} : { start_cursor: cursor }),
            }));
            return {
                items: response.results.flatMap((block) => "type" in block && block.type === "child_database"
                    ? [{ id: block.id, title: block.child_database.title }]
                    : []),
                next: response.has_more ? response.next_cursor : undefined,
            };
        });
    }
    async retrieveDataSource(dataSourceId) {
        const dataSource = await this.call(`data source ${dataSourceId}`, () => this.client.dataSources.retrieve({ data_source_id: dataSourceId }));
        if (!(0,build_src/* isFullDataSource */.PV)(dataSource)) {
            throw new NotionFailure(`Notion returned a partial data source object for ${dataSourceId}.`, {
                hint: SHARE_HINT,
            });
        }
        return dataSource;
    }
    /** 100 rows per call, following next_cursor. */
    query(params) {
        return (0,src/* paginate */.En)(async (cursor) => {
            const response = await this.call(`data source ${params.data_source_id}`, () => this.client.dataSources.query({
                ...params,
                page_size: 100,
                ...(cursor === undefined ? {} : { start_cursor: cursor }),
            }));
            return {
                items: response.results.filter((result) => result.object === "page" && (0,build_src/* isFullPage */.dl)(result)),
                next: response.has_more ? response.next_cursor : undefined,
            };
        });
    }
    async createPage(params) {
        return this.fullPage(await this.call("the new row", () => this.client.pages.create(params)));
    }
    async updatePage(params) {
        return this.fullPage(await this.call(`page ${params.page_id}`, () => this.client.pages.update(params)));
    }
    async retrievePage(pageId) {
        return this.fullPage(await this.call(`page ${pageId}`, () => this.client.pages.retrieve({ page_id: pageId })));
    }
    async appendParagraph(pageId, text) {
        const response = await this.call(`the content of page ${pageId}`, () => this.client.blocks.children.append({
            block_id: pageId,
            children: [{ type: "paragraph", paragraph: { rich_text: [{ type: "text", text: { content: text } }] } }],
        }));
        const [block] = response.results;
        if (block === undefined)
            throw new NotionFailure(`Notion appended nothing to page ${pageId}.`);
        return block.id;
    }
    listParagraphs(pageId) {
        return (0,src/* paginate */.En)(async (cursor) => {
            const response = await this.call(`the content of page ${pageId}`, () => this.client.blocks.children.list({
                block_id: pageId,
                page_size: 100,
                ...(cursor === undefined ? {} : { start_cursor: cursor }),
            }));
            return {
                items: response.results.flatMap((block) => (0,build_src/* isFullBlock */.dc)(block) && block.type === "paragraph"
                    ? [{ id: block.id, text: block.paragraph.rich_text.map((item) => item.plain_text).join("") }]
                    : []),
                next: response.has_more ? response.next_cursor : undefined,
            };
        });
    }
    async updateParagraph(blockId, text) {
        await this.call(`block ${blockId}`, () => this.client.blocks.update({
            block_id: blockId,
            paragraph: { rich_text: [{ type: "text", text: { content: text } }] },
        }));
    }
    async deleteBlock(blockId) {
        await this.call(`block ${blockId}`, () => this.client.blocks.delete({ block_id: blockId }));
    }
    /** users.list, paginated, stopping at the page that has the member. */
    async findUserByEmail(email) {
        const matches = (user) => user.type === "person" && user.person.email?.toLowerCase() === email;
        const users = await (0,src/* paginate */.En)(async (cursor) => {
            const response = await this.call("users", () => this.client.users.list({ page_size: 100, ...(cursor === undefined ? {} : { start_cursor: cursor }) }));
            return { items: response.results, next: response.has_more ? response.next_cursor : undefined };
        }, { stopAfter: (page) => page.some(matches) });
        return users.find(matches)?.id;
    }
    fullPage(page) {
        if (!(0,build_src/* isFullPage */.dl)(page))
            throw new NotionFailure("Notion returned a partial page object.");
        return page;
    }
    async call(what, request) {
        this.calls += 1;
        try {
            return await request();
        }
        catch (error) {
            throw notionFailure(error, what);
        }
    }
}
function databaseSummary(database, what) {
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
function notionFailure(error, what) {
    if (!(0,build_src/* isNotionClientError */.pB)(error)) {
        return new NotionFailure(`Could not reach Notion for ${what}: ${(0,src/* describeError */.Uc)(error)}`, { cause: error });
    }
    if (!build_src/* APIResponseError */.om.isAPIResponseError(error)) {
        return new NotionFailure(`Notion request for ${what} failed: ${error.message}`, { cause: error });
    }
    // The codes every Notion action meets are explained once, in core; the rest keep the status and message.
    switch (error.code) {
        case build_src/* APIErrorCode */.un.ObjectNotFound:
        case build_src/* APIErrorCode */.un.Unauthorized:
        case build_src/* APIErrorCode */.un.RestrictedResource:
        case build_src/* APIErrorCode */.un.RateLimited:
        case build_src/* APIErrorCode */.un.ServiceOverload: {
            const explained = (0,src/* explainNotionError */.f1)(error, { what });
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
async function retryTransient(unit, deps, attempts = 4) {
    for (let attempt = 1;; attempt++) {
        try {
            return await unit();
        }
        catch (error) {
            if (attempt >= attempts || !isTransient(error))
                throw error;
            const delay = 1_000 * 2 ** (attempt - 1);
            deps.log.info(`Notion answered ${(0,src/* describeError */.Uc)(error)}; reading the row again in ${delay / 1000}s`);
            await deps.clock.sleep(delay);
        }
    }
}

;// CONCATENATED MODULE: ./src/holder.ts
function claimantOf(context) {
    return { branch: context.branch, pullRequest: context.pullRequest?.url, actor: context.actor };
}
function rowClaimant(row) {
    if (row.branch === undefined && row.pullRequest === undefined)
        return undefined;
    return { branch: row.branch, pullRequest: row.pullRequest, actor: row.deployedBy };
}
/** Same pull request when both name one, else the same branch. */
function sameClaimant(a, b) {
    if (a.pullRequest !== undefined && b.pullRequest !== undefined)
        return a.pullRequest === b.pullRequest;
    return a.branch !== undefined && a.branch === b.branch;
}
function isFree(row, freeName) {
    return row.status === undefined || row.status.toLowerCase() === freeName.toLowerCase();
}
function isExpired(row, now) {
    return row.reservedUntil === undefined || row.reservedUntil <= now;
}
/** The row's holder when it is reserved (not free, claimed, unexpired); undefined otherwise. */
function activeHolder(row, freeName, now) {
    if (isFree(row, freeName) || isExpired(row, now))
        return undefined;
    return rowClaimant(row);
}
/** A conflict: reserved, unexpired, by someone else. The current holder is never blocked. */
function conflictingHolder(row, me, freeName, now) {
    const holder = activeHolder(row, freeName, now);
    return holder !== undefined && !sameClaimant(holder, me) ? holder : undefined;
}
/** `Alice (feature/login, https://github.com/acme/app/pull/7)`, or `feature/login (…/pull/7)` without a name. */
function describeClaimant(claimant) {
    const parts = [claimant.actor, claimant.branch, claimant.pullRequest].filter((part) => part !== undefined);
    const [who = "someone", ...rest] = parts;
    return rest.length === 0 ? who : `${who} (${rest.join(", ")})`;
}

;// CONCATENATED MODULE: ./src/render.ts


function environmentView(row, now, freeName) {
    return {
        environment: row.environment,
        status: row.status ?? null,
        holder: row.deployedBy ?? null,
        branch: row.branch ?? null,
        pullRequest: row.pullRequest ?? null,
        commit: row.commit ?? null,
        deployedAt: row.deployedAt === undefined ? null : new Date(row.deployedAt).toISOString(),
        reservedUntil: row.reservedUntil === undefined ? null : new Date(row.reservedUntil).toISOString(),
        expired: !isFree(row, freeName) && row.reservedUntil !== undefined && isExpired(row, now),
        url: row.url,
    };
}
const ROW_HEADERS = ["Environment", "Status", "Holder", "Branch", "Pull request", "Reserved until", "Expired?"];
/** Table cells of a row; every value read from Notion is escaped Markdown (a cell is anyone's text). */
function rowCells(view, timeZone) {
    return [
        safeLink(view.environment, view.url),
        (0,src/* markdownText */.p7)(view.status ?? ""),
        (0,src/* markdownText */.p7)(view.holder ?? ""),
        view.branch === null ? "" : (0,src/* codeSpan */.SS)(view.branch),
        view.pullRequest === null ? "" : pullMarkdown(view.pullRequest),
        view.reservedUntil === null ? "" : displayTime(new Date(view.reservedUntil), timeZone),
        // Never a blank column: expired, still held ("no"), or nothing to expire ("–").
        view.expired ? "expired" : view.reservedUntil !== null ? "no" : "–",
    ];
}
/** `2026-11-26 18:00 Asia/Tokyo`: wall-clock time in the zone, named so nobody has to guess. */
function displayTime(instant, timeZone) {
    return (0,src/* formatInZone */.FL)(instant, timeZone);
}
/** A link whose text is escaped and whose target is a plain http(s) URL; anything else is shown as text. */
function safeLink(text, url) {
    const shown = (0,src/* markdownText */.p7)(text);
    return url !== undefined && isPlainUrl(url) ? `[${shown}](${url})` : shown;
}
/** An http(s) URL that cannot break out of a Markdown link target. */
function isPlainUrl(url) {
    return /^https?:\/\/[^\s()<>"'`\\]+$/.test(url) && url.length <= 2000;
}
/** A pull request cell as Markdown: `[#7](url)` for a PR URL, else the escaped text. */
function pullMarkdown(url) {
    const label = pullLabel(url);
    return label.startsWith("#") && isPlainUrl(url) ? `[${label}](${url})` : (0,src/* markdownText */.p7)(url);
}
/** A pull request cell as Markdown text without a link: `#7`, else the escaped text. */
function pullText(url) {
    const label = pullLabel(url);
    return label.startsWith("#") ? label : (0,src/* markdownText */.p7)(url);
}
/** `https://github.com/acme/app/pull/7` → `#7`. */
function pullLabel(url) {
    const match = /\/pull\/(\d+)/.exec(url);
    return match ? `#${match[1]}` : url;
}

;// CONCATENATED MODULE: ./src/reservation.ts

const LABEL = /^reserve:\s*(.+)$/i;
/** Rows keep dates to the second: a reservation ends on a whole second so the output equals the row. */
function wholeSecond(ms) {
    return Math.floor(ms / 1000) * 1000;
}
function reservationEnd(source, now) {
    const labels = source.labels.flatMap((label) => {
        const match = LABEL.exec(label.trim());
        return match?.[1] === undefined ? [] : [{ label, ms: (0,src/* parseDuration */.E9)(match[1]) }];
    });
    const badLabels = labels.filter((label) => label.ms === undefined).map((label) => label.label);
    if (source.reservedUntil !== undefined) {
        return { until: source.reservedUntil.getTime(), source: "input reserved-until", badLabels };
    }
    const fromLabel = labels.find((label) => label.ms !== undefined);
    if (fromLabel?.ms !== undefined)
        return { until: now + fromLabel.ms, source: `label ${fromLabel.label}`, badLabels };
    return { until: now + source.reserveForMs, source: "input reserve-for", badLabels };
}

;// CONCATENATED MODULE: ./src/outputs.ts




function outputsOf(result) {
    return {
        "page-id": result.page?.id,
        "page-url": result.page?.url,
        conflict: result.conflict !== undefined,
        holder: result.previousHolder === undefined ? undefined : describeClaimant(result.previousHolder),
        // Exactly the value written to the row's date: whole seconds, with the timezone input's offset.
        "reserved-until": result.reservation === undefined ? undefined : (0,src/* isoInZone */.pd)(wholeSecond(result.reservation.until), result.timeZone),
        environments: result.board
            ? result.rows.map((row) => environmentView(row, result.now, result.freeStatus))
            : undefined,
        database: result.setup?.databaseUrl,
    };
}

;// CONCATENATED MODULE: ./src/command.ts

/** The commands as the help answer and the README list them. */
const COMMAND_HELP = [
    [
        "/env reserve qa3 [for 2d] [reason]",
        "reserve qa3 for this PR (default length: reserve-for); add --force to take it over when allow-force is true",
    ],
    ["/env extend qa3 [by 1d]", "extend this PR's reservation of qa3 (default: by reserve-for)"],
    ["/env release qa3", "free qa3 if this PR holds it; /env release all frees every environment this PR holds"],
    ["/env list", "the board: every environment, holder, branch, PR, until, free or expired"],
    ["/env help", "this list"],
];
const PREFIX = /^\/env(?:\s+|$)/i;
/**
 * Reads the comment's first line. Undefined when the comment is not an `/env` command (it is
 * ignored without a call); an unknown or malformed subcommand is `unknown`, answered with help.
 */
function parseCommand(body) {
    const line = body
        .replace(/^\uFEFF/, "")
        .split(/\r?\n/, 1)[0]
        ?.trim() ?? "";
    if (!PREFIX.test(line))
        return undefined;
    const [sub = "", ...rest] = line.replace(PREFIX, "").split(/\s+/).filter(Boolean);
    const subcommand = sub.toLowerCase();
    const force = rest.some((word) => word.toLowerCase() === "--force");
    const words = rest.filter((word) => word.toLowerCase() !== "--force");
    const [environment, ...tail] = words;
    switch (subcommand) {
        case "reserve": {
            if (environment === undefined)
                return usage("reserve needs an environment, e.g. /env reserve qa3 for 2d");
            const length = durationAfter(tail, "for");
            if ("problem" in length)
                return usage(length.problem);
            const reason = length.rest.join(" ");
            return { kind: "reserve", environment, forMs: length.ms, force, reason: reason === "" ? undefined : reason };
        }
        case "extend": {
            if (environment === undefined)
                return usage("extend needs an environment, e.g. /env extend qa3 by 1d");
            const length = durationAfter(tail, "by");
            if ("problem" in length)
                return usage(length.problem);
            if (length.rest.length > 0)
                return usage(`extend takes only "by <duration>"; got "${length.rest.join(" ")}"`);
            return { kind: "extend", environment, byMs: length.ms };
        }
        case "release":
            if (environment === undefined)
                return usage("release needs an environment or all, e.g. /env release qa3");
            if (tail.length > 0)
                return usage(`release takes one environment or all; got "${words.join(" ")}"`);
            return { kind: "release", environment: environment.toLowerCase() === "all" ? undefined : environment };
        case "list":
            return { kind: "list" };
        case "help":
            return { kind: "help" };
        default:
            return usage(sub === "" ? "the command is missing" : `"${sub}" is not a command`);
    }
}
function usage(problem) {
    return { kind: "unknown", problem };
}
/** `for 2d` / `by 1d` (the keyword is optional before a duration); what follows is left in `rest`. */
function durationAfter(words, keyword) {
    const [first, second, ...others] = words;
    if (first?.toLowerCase() === keyword && second !== undefined) {
        const ms = (0,src/* parseDuration */.E9)(second);
        if (ms === undefined)
            return { problem: `"${second}" is not a duration like 12h, 2d or 1w (at most a year)` };
        return { ms, rest: others };
    }
    const bare = first === undefined ? undefined : (0,src/* parseDuration */.E9)(first);
    if (first !== undefined && bare !== undefined)
        return { ms: bare, rest: words.slice(1) };
    return { ms: undefined, rest: words };
}
/**
 * The names closest to a typo, best first, at most 3: an edit distance of one per three letters
 * (at least one), or names that start with what was typed.
 */
function closestNames(typo, names) {
    const wanted = typo.toLowerCase();
    const allowed = Math.max(1, Math.floor(wanted.length / 3));
    return names
        .map((name) => ({ name, distance: editDistance(wanted, name.toLowerCase()) }))
        .filter(({ name, distance }) => distance <= allowed || name.toLowerCase().startsWith(wanted))
        .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name, "en", { numeric: true }))
        .slice(0, 3)
        .map(({ name }) => name);
}
/** Levenshtein distance (two rows). */
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
            current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
        }
        previous = current;
    }
    return previous[b.length] ?? 0;
}

;// CONCATENATED MODULE: ./src/render-answer.ts




const ICON = { done: "🚀", refused: "😕" };
/** The command list as a Markdown table. */
function helpTable() {
    return (0,src/* table */.tp)(["Command", "What it does"], COMMAND_HELP.map(([command, effect]) => [`\`${command}\``, effect]));
}
/** The answer to one command: what was asked, by whom, what happened; the board for list, the commands for help. */
function answerBody(result) {
    // The commenter's words are theirs: a code span they cannot close (no link, no mention, no HTML).
    const asked = result.command === undefined ? undefined : `> @${result.command.by}: ${(0,src/* codeSpan */.SS)(result.command.text)}`;
    // `answer.text` is built with every outside part escaped; a bare outcome is plain text.
    const answer = result.answer === undefined ? (0,src/* markdownText */.p7)(result.outcome) : `${ICON[result.answer.verdict]} ${result.answer.text}`;
    const rows = result.board
        ? (0,src/* table */.tp)(ROW_HEADERS, result.rows.map((row) => rowCells(environmentView(row, result.now, result.freeStatus), result.timeZone)))
        : undefined;
    return (0,src/* sections */.V0)(asked, answer, result.help && helpTable(), rows);
}
/** The PR's sticky comment after a command. */
function renderAnswer(result) {
    return (0,src/* sections */.V0)(COMMENT_MARKER, (0,src/* heading */.R_)("Environment reservation", 3), answerBody(result), `<sub>Updated ${displayTime(result.now, result.timeZone)} by notion-env-status · \`/env help\` lists the commands.</sub>`);
}

;// CONCATENATED MODULE: ./src/setup-summary.ts

const STATE_TEXT = {
    present: "already there",
    add: "added",
    "add-options": "options added",
    "cannot-fix": "cannot fix",
};
/** The job summary of mode setup: the variable to set, each column's fate and the rows. */
function renderSetupSummary(result) {
    const report = result.setup;
    const failure = result.failure === undefined
        ? undefined
        : `> [!WARNING]\n> ${result.failure.message.split("\n").map(src/* markdownText */.p7).join("\n> ")}${result.failure.hint ? `\n>\n> ${result.failure.hint}` : ""}`;
    if (report === undefined) {
        return (0,src/* sections */.V0)((0,src/* heading */.R_)("notion-env-status: setup", 2), failure, `Notion API calls: ${result.apiCalls}.`);
    }
    const columns = report.columns.map((column) => [
        (0,src/* codeSpan */.SS)(column.column),
        column.field,
        column.type,
        column.state === "add" && report.createdDatabase
            ? "created"
            : `${STATE_TEXT[column.state]}${column.detail ? `: ${(0,src/* markdownText */.p7)(column.detail)}` : ""}`,
    ]);
    const rows = [
        report.rowsCreated.length > 0 && `Rows created (Status Free): ${report.rowsCreated.map(src/* codeSpan */.SS).join(", ")}.`,
        report.rowsPresent.length > 0 && `Rows already there: ${report.rowsPresent.map(src/* codeSpan */.SS).join(", ")}.`,
    ]
        .filter(Boolean)
        .join("\n\n");
    return (0,src/* sections */.V0)((0,src/* heading */.R_)("notion-env-status: setup", 2), `${(0,src/* markdownText */.p7)(result.outcome)}.`, failure, `Set the repository variable **NOTION_ENVIRONMENTS_DATABASE** (Settings → Secrets and variables → Actions → Variables) to the database, or run:\n\n${(0,src/* codeBlock */.DV)(`gh variable set NOTION_ENVIRONMENTS_DATABASE --body "${report.databaseUrl}"`, "sh")}`, (0,src/* heading */.R_)("Columns", 3), (0,src/* table */.tp)(["Column", "Field", "Type", "Result"], columns), (0,src/* heading */.R_)("Rows", 3), rows, `Notion API calls: ${result.apiCalls}.`);
}

;// CONCATENATED MODULE: ./src/summary.ts




/** The job summary: what happened, any conflict, the rows concerned, how many API calls. */
function renderSummary(result) {
    if (result.mode === "setup")
        return renderSetupSummary(result);
    if (result.mode === "command") {
        return (0,src/* sections */.V0)((0,src/* heading */.R_)("notion-env-status: command", 2), answerBody(result), result.caughtUp !== undefined &&
            `Answered first: comments ${result.caughtUp.join(", ")}, whose jobs the concurrency group had replaced.`, result.apiCalls > 0 && `Notion API calls: ${result.apiCalls}.`);
    }
    const title = `notion-env-status: ${result.mode}${result.environment ? ` ${result.environment}` : ""}`;
    const rows = result.rows.map((row) => rowCells(environmentView(row, result.now, result.freeStatus), result.timeZone));
    const rowsTitle = result.mode === "sweep" ? "Expired reservations freed" : result.mode === "release" ? "Released" : "Environments";
    return (0,src/* sections */.V0)((0,src/* heading */.R_)(title, 2), 
    // The outcome and a failure name rows, holders and columns from Notion: escaped, never Markdown.
    result.failure === undefined
        ? (0,src/* markdownText */.p7)(result.outcome)
        : `⚠️ **Notion was not updated:** ${(0,src/* markdownText */.p7)(result.failure.message)}${result.failure.hint ? `\n\n${(0,src/* markdownText */.p7)(result.failure.hint)}` : ""}`, result.conflict && renderConflict(result.conflict, result.timeZone), rows.length > 0 && (0,src/* sections */.V0)((0,src/* heading */.R_)(rowsTitle, 3), (0,src/* table */.tp)(ROW_HEADERS, rows)), `Notion API calls: ${result.apiCalls} (${result.apiCallsAfterResolve} after resolving the data source).`);
}
function renderConflict(conflict, timeZone) {
    const holder = conflict.holder;
    const who = [
        holder.actor === undefined ? undefined : (0,src/* markdownText */.p7)(holder.actor),
        holder.branch === undefined ? undefined : `branch ${(0,src/* codeSpan */.SS)(holder.branch)}`,
        holder.pullRequest === undefined ? undefined : pullMarkdown(holder.pullRequest),
    ]
        .filter(Boolean)
        .join(", ");
    const since = conflict.since === undefined ? "" : ` since ${displayTime(conflict.since, timeZone)}`;
    const until = conflict.until === undefined ? "" : ` until ${displayTime(conflict.until, timeZone)}`;
    const action = {
        fail: "Nothing was written (on-conflict: fail).",
        warn: "Deployed over it (on-conflict: warn); the note records the previous holder.",
        override: "Taken over (on-conflict: override); the note records the previous holder.",
    }[conflict.policy];
    return `> [!WARNING]\n> **Reserved by someone else:** ${who}${since}${until} (${safeLink("row", conflict.rowUrl)}). ${action}`;
}

;// CONCATENATED MODULE: ./src/data-source.ts


/**
 * The data source to use and its schema. A data-source ID skips databases.retrieve (its parent
 * is checked instead); otherwise the database's only data source, or the one named.
 */
async function openDataSource(notion, inputs, log) {
    const given = inputs.dataSource;
    if (given !== undefined && "id" in given) {
        const dataSource = await notion.retrieveDataSource(given.id);
        const parent = dataSource.parent.type === "database_id" ? dataSource.parent.database_id : undefined;
        if (parent === undefined || compact(parent) !== compact(inputs.databaseId)) {
            throw new NotionFailure(`Data source ${given.id} does not belong to database ${inputs.databaseId}.`, {
                hint: "Set data-source to one of the database's data sources (its ID or name), or leave it empty.",
            });
        }
        return { dataSourceId: dataSource.id, properties: dataSource.properties };
    }
    const database = await notion.retrieveDatabase(inputs.databaseId);
    const list = database.dataSources.map((source) => `"${source.name}" (${source.id})`).join(", ");
    let chosen;
    if (given !== undefined) {
        chosen = database.dataSources.find((source) => source.name.toLowerCase() === given.name.toLowerCase());
        if (chosen === undefined) {
            throw new NotionFailure(`The database has no data source named "${given.name}"; it has ${list}.`, {
                hint: "Set data-source to one of those names or IDs.",
            });
        }
    }
    else if (database.dataSources.length !== 1) {
        throw new NotionFailure(`The database has ${database.dataSources.length} data sources: ${list || "none"}. Say which one to use.`, { hint: "Set the data-source input to the name or ID of the environments data source." });
    }
    else
        chosen = database.dataSources[0];
    if (chosen === undefined)
        throw new NotionFailure("The database has no data source.");
    log.info(`Data source "${(0,src/* logText */.kc)(chosen.name)}" (${chosen.id})`);
    const dataSource = await notion.retrieveDataSource(chosen.id);
    return { dataSourceId: dataSource.id, properties: dataSource.properties };
}
function compact(id) {
    return id.replace(/-/g, "").toLowerCase();
}

// EXTERNAL MODULE: ./src/fields.ts
var fields = __webpack_require__(8630);
;// CONCATENATED MODULE: ./src/text.ts
/** Notion's limit for one text content and for a URL. */
const MAX_TEXT = 2000;
/** Cuts text to Notion's 2000-character limit, ending with an ellipsis when cut (code points kept whole). */
function truncate(text, max = MAX_TEXT) {
    if (text.length <= max)
        return text;
    let kept = "";
    for (const char of text) {
        if (kept.length + char.length > max - 1)
            break;
        kept += char;
    }
    return `${kept}…`;
}
/** A rich_text value of one item (we never come near the 100-item limit), empty text clears it. */
function richText(content, url) {
    if (content === undefined || content === "")
        return { rich_text: [] };
    const link = url === undefined || url.length > MAX_TEXT ? {} : { link: { url } };
    return { rich_text: [{ type: "text", text: { content: truncate(content), ...link } }] };
}
function title(content) {
    return { title: [{ type: "text", text: { content: truncate(content) } }] };
}

;// CONCATENATED MODULE: ./src/cells.ts


/** Column name → request value for every field given whose column is switched on. */
function properties(schema, cells, timeZone) {
    const result = {};
    for (const [field, cell] of Object.entries(cells)) {
        const column = schema.columns[field];
        if (column !== undefined)
            result[column.name] = cellValue(column, cell, timeZone);
    }
    return result;
}
function cellValue(column, cell, timeZone) {
    switch (column.type) {
        case "title":
            return title(cell !== null && "text" in cell ? cell.text : "");
        case "rich_text":
            if (cell === null)
                return richText(undefined);
            if ("text" in cell)
                return richText(cell.text, "url" in cell ? cell.url : undefined);
            return richText(undefined);
        case "url": {
            const url = cell !== null && "text" in cell ? (("url" in cell ? cell.url : undefined) ?? cell.text) : undefined;
            return { url: url === undefined || url === "" ? null : truncate(url) };
        }
        case "people":
            return { people: cell !== null && "people" in cell ? cell.people.map((id) => ({ object: "user", id })) : [] };
        case "date":
            return { date: cell !== null && "date" in cell ? { start: (0,src/* isoInZone */.pd)(cell.date, timeZone), end: null } : null };
        case "status":
            return { status: cell !== null && "option" in cell ? { name: cell.option } : null };
        case "select":
            return { select: cell !== null && "option" in cell ? { name: cell.option } : null };
        default:
            throw new Error(`No writer for column type ${column.type}`);
    }
}

;// CONCATENATED MODULE: ./src/conflict.ts


/** The rule: a row reserved, unexpired, by someone else is a conflict; the policy says whether it blocks. */
function conflictOf(row, me, freeName, now, policy) {
    const holder = conflictingHolder(row, me, freeName, now);
    if (holder === undefined)
        return undefined;
    return {
        holder,
        since: row.deployedAt,
        until: row.reservedUntil,
        rowUrl: row.url,
        policy,
        blocked: policy === "fail",
    };
}
/** Tells the log about a conflict as loudly as its policy says. */
function logConflict(log, environment, report, timeZone) {
    const when = [
        report.since === undefined ? undefined : `since ${(0,src/* isoInZone */.pd)(report.since, timeZone)}`,
        report.until === undefined ? undefined : `until ${(0,src/* isoInZone */.pd)(report.until, timeZone)}`,
    ]
        .filter(Boolean)
        .join(" ");
    // Holder, branch and PR are Notion cells: one line of inert text, never a workflow command.
    const message = (0,src/* logText */.kc)(`${environment} is reserved by ${describeClaimant(report.holder)} ${when}: ${report.rowUrl}`);
    if (report.policy === "fail")
        log.error(message, { title: "Environment reserved" });
    else if (report.policy === "warn")
        log.warning(`${message}. Deploying over it (on-conflict: warn).`, { title: "Environment reserved" });
    else
        log.info(`${message}. Taking it over (on-conflict: override); the note records the previous holder.`);
}

;// CONCATENATED MODULE: ./src/people.ts

/**
 * The deployed-by cell for a GitHub login: a Notion person when user-map names one (an email
 * costs one users.list lookup), else the text `@login` (a people column is then left empty).
 */
async function deployedByCell(session, login) {
    const text = `@${login}`;
    const mapped = session.userMap.get(login.toLowerCase());
    const column = session.schema.columns["deployed-by"];
    if (column?.type !== "people")
        return { people: [], text };
    if (mapped === undefined) {
        session.log.info((0,src/* logText */.kc)(`${text} has no Notion user in user-map; the "${column.name}" column is left empty.`));
        return { people: [], text };
    }
    if ("id" in mapped)
        return { people: [mapped.id], text };
    const id = await session.api.findUserByEmail(mapped.email);
    if (id === undefined) {
        session.log.warning(`user-map: no Notion member has the email ${mapped.email} (for ${text}); "${column.name}" is left empty.`);
        return { people: [], text };
    }
    return { people: [id], text };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/claim.ts



/**
 * Reservations no race can break. Notion has no conditional write, so "read the row, decide,
 * write it" lets two runs that overlap both see the row free and both write (the last write wins,
 * both report no conflict). Every run that writes a row therefore first takes a claim on it, and
 * decides on a fresh read of the row only while its claim is the one that may go.
 *
 * The claim is Lamport's bakery algorithm, over paragraphs appended to the row's page:
 *   1. append `⏳ sre-actions claim <nonce> choosing — <who>` (creates never overwrite each other);
 *   2. list the page's claims; take ticket = 1 + the highest ticket seen;
 *   3. rewrite the paragraph to `… ticket <n> — <who>` (choosing is over);
 *   4. list the claims again until none is still choosing and none holds a lower (ticket, block id);
 *   5. read the row (a direct page read), decide, write; 6. delete the paragraph (always).
 *
 * Why exactly one run at a time decides: if run A goes at step 4, every other claim B was, in that
 * read, (a) absent — then B's own step 2 happens after A's step 3 was acknowledged and B takes a
 * higher ticket; (b) holding a higher (ticket, id) — final, since a ticket is written once; or
 * else A would have waited. So B cannot go until A's paragraph is gone: A's decision and write are
 * over. No order comes from clocks or ids alone (Notion's `created_time` is coarse and ids are
 * random): the ticket is read back after the claim was acknowledged, and the block id only breaks
 * ties between tickets taken at the same time — an order no later claim can get ahead of.
 * What it relies on: a create or update Notion acknowledged is seen by every later list of the
 * page's children (its block store is read directly, not through the search index).
 *
 * A run that dies without step 6 (killed, runner lost) leaves a claim: other runs ignore a claim
 * that has not changed for CLAIM_LEASE_MS of their own observation (no clock is compared across
 * machines) and delete it. A live run keeps its claim changing while it waits (a heartbeat every
 * HEARTBEAT_MS bumps a counter in the text) and starts its write at most WRITE_WITHIN_MS after its
 * last change of the claim, or gives up without writing: its write ends before anyone can take it
 * for dead.
 */
/** How long a claim may stay unchanged in another run's eyes before it is taken as left by a dead run. */
const CLAIM_LEASE_MS = 120_000;
/** A run starts its write within this long of its claim's last change, or writes nothing. */
const WRITE_WITHIN_MS = 60_000;
/** A waiting run changes its claim this often, so no one takes it for dead. */
const HEARTBEAT_MS = 30_000;
/** How long a run waits for the claims ahead of it before giving up (beyond one lease). */
const MAX_WAIT_MS = 300_000;
const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 2_000;
const claim_PREFIX = "⏳ sre-actions claim";
const CLAIM = /^⏳ sre-actions claim ([0-9a-f-]{8,64}) (?:choosing|ticket (\d{1,9})(?: beat \d{1,9})?) — ([\s\S]*)$/;
function claimText(nonce, ticket, who, beat = 0) {
    const state = ticket === undefined ? "choosing" : beat === 0 ? `ticket ${ticket}` : `ticket ${ticket} beat ${beat}`;
    // A paragraph holds 2000 characters; `who` is the only part that can be long.
    return `${claim_PREFIX} ${nonce} ${state} — ${who}`.slice(0, 2000);
}
function parseClaim(paragraph) {
    const match = CLAIM.exec(paragraph.text);
    if (match === null)
        return undefined;
    const [, nonce = "", ticket, who = ""] = match;
    return {
        blockId: paragraph.id,
        nonce,
        ticket: ticket === undefined ? undefined : Number(ticket),
        who,
        text: paragraph.text,
    };
}
/** The highest ticket among the claims (0 when none has one). */
function highestTicket(claims) {
    return claims.reduce((highest, claim) => Math.max(highest, claim.ticket ?? 0), 0);
}
/** Bakery order: lower ticket first, the block id breaking a tie. */
function goesBefore(a, b) {
    return a.ticket < b.ticket || (a.ticket === b.ticket && a.blockId < b.blockId);
}
/** The sightings after one more read: a claim whose text changed is seen anew; vanished ones are forgotten. */
function observe(sightings, claims, now) {
    const next = new Map();
    for (const claim of claims) {
        const seen = sightings.get(claim.blockId);
        next.set(claim.blockId, seen !== undefined && seen.text === claim.text ? seen : { text: claim.text, since: now });
    }
    return next;
}
/**
 * Step 4's rule over one read of the claims: go when no other live claim is choosing or ahead in
 * bakery order. A claim unchanged for `leaseMs` of our observation is dead: it is ignored (and
 * deleted by the caller).
 */
function judgeClaims(claims, mine, sightings, now, leaseMs = CLAIM_LEASE_MS) {
    if (!claims.some((claim) => claim.blockId === mine.blockId))
        return { kind: "lost" };
    const ahead = [];
    const stale = [];
    for (const other of claims) {
        if (other.blockId === mine.blockId)
            continue;
        const since = sightings.get(other.blockId)?.since ?? now;
        const live = now - since < leaseMs;
        const blocking = other.ticket === undefined || goesBefore({ ticket: other.ticket, blockId: other.blockId }, mine);
        if (!live)
            stale.push(other);
        else if (blocking)
            ahead.push(other);
    }
    return ahead.length === 0 ? { kind: "go", stale } : { kind: "wait", ahead, stale };
}
/** Who the claim is for, as other runs will read it while waiting. */
function claimantText(session) {
    const { me, context } = session;
    const parts = [me.actor && `@${me.actor}`, me.branch, me.pullRequest, context.runUrl].filter(Boolean);
    return parts.join(" · ");
}
/**
 * Runs `work` while this run holds the claim on `row` (steps 1–6 above). `work` reads the row
 * again and writes it; the claim is deleted afterwards whatever happened (cancel included).
 */
async function withClaim(session, row, work) {
    const { api, clock, log } = session;
    const nonce = (0,external_node_crypto_.randomUUID)();
    const who = claimantText(session);
    const readClaims = async () => (await api.listParagraphs(row.pageId)).flatMap((p) => parseClaim(p) ?? []);
    let changedAt = clock.now();
    const blockId = await (0,src/* exactlyOnce */._9)({
        what: `claim ${row.environment}`,
        attempt: () => api.appendParagraph(row.pageId, claimText(nonce, undefined, who)),
        readBack: async () => (await readClaims()).find((claim) => claim.nonce === nonce)?.blockId,
        clock,
        log,
        attempts: 3,
    });
    const key = `claim:${blockId}`;
    session.journal?.inFlight(key, `a claim on ${row.environment} (a paragraph in its Notion row, deleted when the run ends; other runs ignore it after ${CLAIM_LEASE_MS / 60_000} minutes)`);
    try {
        const ticket = highestTicket((await readClaims()).filter((claim) => claim.blockId !== blockId)) + 1;
        let beat = 0;
        /** Rewrites the claim (ticket, heartbeat); what others time a dead claim from. */
        const rewrite = async () => {
            const sent = clock.now();
            await api.updateParagraph(blockId, claimText(nonce, ticket, who, beat));
            changedAt = sent;
            beat += 1;
        };
        await rewrite();
        await waitForTurn(session, row, { blockId, ticket }, readClaims, () => clock.now() - changedAt >= HEARTBEAT_MS ? rewrite() : Promise.resolve());
        if (clock.now() - changedAt > WRITE_WITHIN_MS) {
            throw new NotionFailure(`Taking the claim on ${row.environment} took over ${WRITE_WITHIN_MS / 1000}s; nothing was written, so no other run's write can overlap this one.`, { hint: "Notion was slow; re-run the job." });
        }
        return await work();
    }
    finally {
        try {
            await api.deleteBlock(blockId);
            session.journal?.settled(key);
        }
        catch (error) {
            log.warning(`Could not delete the claim on ${row.environment} (${error instanceof Error ? error.message : String(error)}); other runs ignore it after ${CLAIM_LEASE_MS / 60_000} minutes.`);
        }
    }
}
async function waitForTurn(session, row, mine, readClaims, heartbeat) {
    const { clock, log } = session;
    const started = clock.now();
    let sightings = new Map();
    let pause = FIRST_POLL_MS;
    let told = "";
    for (;;) {
        const claims = await readClaims();
        const now = clock.now();
        sightings = observe(sightings, claims, now);
        const verdict = judgeClaims(claims, mine, sightings, now);
        if (verdict.kind === "lost") {
            throw new NotionFailure(`The claim on ${row.environment} was removed by another run (it took this run for dead); nothing was written.`, { hint: "Re-run the job." });
        }
        for (const dead of verdict.stale) {
            log.warning((0,src/* logText */.kc)(`Deleting a claim on ${row.environment} unchanged for ${CLAIM_LEASE_MS / 60_000} minutes (its run died): ${dead.who}`));
            await session.api.deleteBlock(dead.blockId).catch(() => undefined);
        }
        if (verdict.kind === "go")
            return;
        const waitingFor = verdict.ahead.map((claim) => claim.who).join("; ");
        if (waitingFor !== told) {
            log.info((0,src/* logText */.kc)(`${row.environment} was claimed first by ${waitingFor}; waiting for that run to finish.`));
            told = waitingFor;
        }
        if (now - started > MAX_WAIT_MS) {
            throw new NotionFailure(`${row.environment} was claimed by other runs for over ${MAX_WAIT_MS / 60_000} minutes (${waitingFor}); nothing was written.`, { hint: "Re-run the job once they have finished." });
        }
        await clock.sleep(pause);
        pause = Math.min(pause * 2, MAX_POLL_MS);
        await heartbeat();
    }
}

;// CONCATENATED MODULE: ./src/rows.ts

/** Reads a page through the schema's columns; a date without a time counts until the end of that day. */
function readRow(page, schema, timeZone) {
    const value = (field) => {
        const column = schema.columns[field];
        return column === undefined ? undefined : page.properties[column.name];
    };
    return {
        pageId: page.id,
        url: page.url,
        environment: plain(value("environment")) ?? "",
        status: plain(value("status")),
        branch: plain(value("branch")),
        pullRequest: plain(value("pull-request")),
        commit: plain(value("commit")),
        deployedBy: plain(value("deployed-by")),
        deployedAt: instant(value("deployed-at"), timeZone, false),
        reservedUntil: instant(value("reserved-until"), timeZone, true),
        run: plain(value("run")),
        note: plain(value("note")),
    };
}
/** The text a person would read in the cell; undefined when empty. */
function plain(value) {
    if (value === undefined)
        return undefined;
    let text;
    switch (value.type) {
        case "title":
            text = value.title.map((item) => item.plain_text).join("");
            break;
        case "rich_text":
            text = value.rich_text.map((item) => item.plain_text).join("");
            break;
        case "url":
            text = value.url ?? undefined;
            break;
        case "status":
            text = value.status?.name;
            break;
        case "select":
            text = value.select?.name;
            break;
        case "people":
            text = value.people.map((person) => ("name" in person && person.name ? person.name : person.id)).join(", ");
            break;
        case "date":
            text = value.date?.start;
            break;
        default:
            text = undefined;
    }
    return text === undefined || text === "" ? undefined : text;
}
function instant(value, timeZone, endOfDay) {
    if (value?.type !== "date" || value.date === null)
        return undefined;
    const start = value.date.start;
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(start);
    const text = dateOnly && endOfDay ? `${start}T23:59:59.999` : start;
    // A date-only value carries no zone: read it in the row's time_zone when Notion gives one.
    return (0,src/* parseDateTime */.DP)(text, value.date.time_zone ?? timeZone)?.getTime();
}

;// CONCATENATED MODULE: ./src/session.ts


async function queryRows(session, filter) {
    const pages = await session.api.query({
        data_source_id: session.dataSourceId,
        ...(filter === undefined ? {} : { filter }),
    });
    return pages.map((page) => toRow(session, page));
}
function toRow(session, page) {
    return readRow(page, session.schema, session.timeZone);
}
/** The row titled `environment` (the oldest when there are several, with a warning). */
async function findRow(session, environment) {
    const rows = await rowsTitled(session, environment);
    if (rows.length > 1) {
        session.log.warning(`${rows.length} rows are titled "${environment}"; using the oldest. Delete the others.`);
    }
    return rows[0];
}
/** Every row titled `environment`, oldest first (created time, then id: the same order for every run). */
async function rowsTitled(session, environment) {
    const column = session.schema.columns.environment?.name ?? "";
    const pages = await session.api.query({
        data_source_id: session.dataSourceId,
        filter: { property: column, title: { equals: environment } },
    });
    pages.sort((a, b) => a.created_time.localeCompare(b.created_time) || a.id.localeCompare(b.id));
    return pages.map((page) => toRow(session, page));
}
/**
 * Decides on the row as the query read it; when that decision writes, takes the row's claim
 * (claim.ts), reads the row again and decides again on what it holds now — another run may have
 * written it meanwhile — so every write is decided on the row as the previous writer left it.
 * A decision that writes nothing (a conflict under on-conflict: fail, nothing to extend) costs no
 * claim and no mutating call.
 */
async function decideUnderClaim(session, row, plan, gone) {
    const first = await plan(row);
    if ("done" in first)
        return first.done;
    return withClaim(session, row, async () => {
        const page = await session.api.retrievePage(row.pageId);
        if (page.in_trash)
            return gone();
        const second = await plan(toRow(session, page));
        if ("done" in second)
            return second.done;
        const result = await second.write();
        session.journal?.changed(`the ${row.environment} row in Notion`);
        return result;
    });
}

;// CONCATENATED MODULE: ./src/modes/release.ts



/** Free: status Free, holder/branch/PR/until cleared; commit, deployed-at, run and note stay (what runs there). */
function freeCells(session) {
    return {
        status: { option: session.schema.statusNames.free },
        branch: null,
        "pull-request": null,
        "deployed-by": null,
        "reserved-until": null,
    };
}
async function freeRow(session, row) {
    const page = await session.api.updatePage({
        page_id: row.pageId,
        properties: properties(session.schema, freeCells(session), session.timeZone),
    });
    return toRow(session, page);
}
async function release(session, request) {
    const { environment } = request;
    const me = session.me;
    const candidates = environment === undefined
        ? await queryRows(session, holderFilter(session))
        : [await findRow(session, environment)].filter((row) => row !== undefined);
    const held = candidates.filter((row) => heldBy(session, row));
    const who = describeClaimant({ ...me, actor: undefined });
    if (held.length === 0) {
        if (environment === undefined)
            return { outcome: `Nothing to release: no environment is held by ${who}`, rows: [] };
        const row = candidates[0];
        const holder = row === undefined || isFree(row, session.schema.statusNames.free) ? undefined : rowClaimant(row);
        const state = row === undefined
            ? "there is no such row"
            : holder === undefined
                ? "it is free"
                : `it is held by ${describeClaimant(holder)}`;
        return { outcome: `Nothing to release: ${environment} is not held by ${who} (${state})`, rows: [] };
    }
    const freed = await freeEach(session, held, (row) => heldBy(session, row));
    if (freed.length === 0)
        return { outcome: `Nothing to release: another run changed the rows first`, rows: [] };
    const names = freed.map((row) => row.environment).join(", ");
    const only = freed.length === 1 ? freed[0] : undefined;
    return {
        outcome: `Released ${names} (held by ${who})`,
        page: only && { id: only.pageId, url: only.url },
        rows: freed,
    };
}
/** Whether the run's PR (or branch) holds the row. */
function heldBy(session, row) {
    const claimant = rowClaimant(row);
    return !isFree(row, session.schema.statusNames.free) && claimant !== undefined && sameClaimant(claimant, session.me);
}
/**
 * Frees each row that still `qualifies` when read again under its claim (claim.ts): a row another
 * run took meanwhile is left as it is. Returns the rows freed.
 */
async function freeEach(session, rows, qualifies) {
    const freed = [];
    for (const row of rows) {
        const done = await decideUnderClaim(session, row, (current) => (qualifies(current) ? { write: () => freeRow(session, current) } : { done: undefined }), () => undefined);
        if (done !== undefined)
            freed.push(done);
    }
    return freed;
}
/** Rows whose pull request (or branch, without a PR) is the run's: one query. */
function holderFilter(session) {
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

;// CONCATENATED MODULE: ./src/modes/command.ts










/**
 * One command against the board: a single query for every row (so a typo gets the closest names
 * and `release all` finds this PR's rows), then at most one write per row concerned.
 */
async function command(session, request) {
    const rows = await queryRows(session);
    rows.sort((a, b) => a.environment.localeCompare(b.environment, "en", { numeric: true }));
    const { command } = request;
    if (command.kind === "list")
        return list(session, rows);
    if (command.kind === "release" && command.environment === undefined)
        return releaseAll(session, rows);
    const name = command.environment ?? "";
    const row = rows.find((candidate) => candidate.environment.toLowerCase() === name.toLowerCase());
    if (row === undefined) {
        const names = closestNames(name, rows.map((candidate) => candidate.environment));
        const hint = names.length === 0 ? "" : ` Did you mean ${names.map((n) => bold(n)).join(", ")}?`;
        return answer("refused", `There is no environment ${bold(name)} in the board.${hint}`, []);
    }
    switch (command.kind) {
        case "reserve":
            return reserve(session, request, command, row);
        case "extend":
            return extend(session, request, command, row);
        case "release":
            return releaseOne(session, row);
    }
}
/** `text` is Markdown whose outside parts are already escaped; the outcome (for the log) is its plain reading. */
function answer(verdict, text, rows, extra = {}) {
    return { outcome: plainReading(text), answer: { verdict, text }, rows, ...extra };
}
/** Bold Markdown of outside text (an environment name from Notion or a comment): never a link or a mention. */
function bold(text) {
    return `**${(0,src/* markdownText */.p7)(text)}**`;
}
/** The answer without its Markdown: bold markers and escapes dropped, for the log and the outcome. */
function plainReading(markdown) {
    return markdown
        .replace(/\*\*/g, "")
        .replace(/\\([\\`*_[\]<>#!~])/g, "$1")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&")
        .replace(/@\u200b/g, "@");
}
function mine(session, row) {
    const claimant = rowClaimant(row);
    return claimant !== undefined && !isFree(row, session.schema.statusNames.free) && sameClaimant(claimant, session.me);
}
/**
 * `@bob (#8, \`feature/cart\`) until 2026-11-27 09:00 UTC`; without a name, `#8 (\`feature/cart\`) …`.
 * Every part comes from the Notion row: escaped Markdown, the branch in a code span it cannot close.
 */
function holderText(session, holder, until) {
    const pull = holder.pullRequest === undefined ? undefined : pullText(holder.pullRequest);
    const branch = holder.branch === undefined ? undefined : (0,src/* codeSpan */.SS)(holder.branch);
    const actor = holder.actor === undefined ? undefined : (0,src/* markdownText */.p7)(holder.actor);
    const [who = "someone", ...rest] = [actor, pull, branch].filter((part) => part !== undefined);
    const when = until === undefined ? "" : ` until ${displayTime(until, session.timeZone)}`;
    return `${who}${rest.length === 0 ? "" : ` (${rest.join(", ")})`}${when}`;
}
function thisPr(session) {
    return session.me.pullRequest === undefined ? "this PR" : pullLabel(session.me.pullRequest);
}
async function reserve(session, request, command, row) {
    return decideUnderClaim(session, row, (current) => planReserve(session, request, command, current), () => answer("refused", `The ${bold(row.environment)} row was deleted meanwhile; nothing changed.`, []));
}
function planReserve(session, request, command, row) {
    const now = session.clock.now();
    const free = session.schema.statusNames.free;
    const conflict = conflictOf(row, session.me, free, now, request.onConflict);
    const forced = command.force && request.allowForce;
    const env = bold(row.environment);
    if (conflict !== undefined && conflict.policy !== "override" && !forced) {
        const why = command.force
            ? " `--force` is switched off here (allow-force: false)."
            : request.allowForce
                ? " Ask the holder, or add `--force` to take it over."
                : " Ask the holder to release it.";
        return {
            done: answer("refused", `${env} is reserved by ${holderText(session, conflict.holder, conflict.until)}.${why}`, [row], {
                conflict: { ...conflict, blocked: true },
                page: { id: row.pageId, url: row.url },
            }),
        };
    }
    const keepStatus = mine(session, row);
    if (!keepStatus && session.schema.missingStatuses.includes("reserved")) {
        return {
            done: answer("refused", `The status column has no ${bold(session.schema.statusNames.reserved)} option, so the board cannot show a reservation. Add it in Notion (click the column name → Edit property → Add option); the API cannot create status options.`, [row]),
        };
    }
    return {
        write: async () => {
            const until = wholeSecond(now + (command.forMs ?? request.reserveForMs));
            const login = session.context.actor;
            const zone = session.timeZone;
            const note = conflict === undefined
                ? `Reserved by @${login} for ${thisPr(session)}${command.reason === undefined ? "" : `: ${command.reason}`}`
                : `Taken over from ${describeClaimant(conflict.holder)}${conflict.until === undefined ? "" : ` (reserved until ${(0,src/* isoInZone */.pd)(conflict.until, zone)})`} by @${login} at ${(0,src/* isoInZone */.pd)(now, zone)}${command.reason === undefined ? "" : `: ${command.reason}`}`;
            const cells = {
                ...(keepStatus ? {} : { status: { option: session.schema.statusNames.reserved } }),
                branch: { text: session.me.branch ?? "" },
                "pull-request": session.me.pullRequest === undefined ? null : { text: session.me.pullRequest },
                "deployed-by": await deployedByCell(session, login),
                "reserved-until": { date: until },
                note: { text: note },
            };
            const page = await session.api.updatePage({
                page_id: row.pageId,
                properties: properties(session.schema, cells, zone),
            });
            const written = toRow(session, page);
            const source = command.forMs === undefined ? "input reserve-for" : "the command";
            const taken = conflict === undefined ? "" : ` (taken over from ${holderText(session, conflict.holder, undefined)})`;
            return answer("done", `Reserved ${env} for ${thisPr(session)} until **${displayTime(until, zone)}**${taken}.`, [written], {
                page: { id: page.id, url: page.url },
                conflict,
                previousHolder: conflict?.holder,
                reservation: { until, source, badLabels: [] },
            });
        },
    };
}
async function extend(session, request, command, row) {
    return decideUnderClaim(session, row, (current) => planExtend(session, request, command, current), () => answer("refused", `The ${bold(row.environment)} row was deleted meanwhile; nothing changed.`, []));
}
function planExtend(session, request, command, row) {
    const now = session.clock.now();
    const free = session.schema.statusNames.free;
    const env = bold(row.environment);
    if (!mine(session, row)) {
        const holder = activeHolder(row, free, now);
        const text = holder === undefined
            ? `${env} is not reserved by ${thisPr(session)}: ${(0,src/* codeSpan */.SS)(`/env reserve ${row.environment}`)} reserves it.`
            : `${env} is reserved by ${holderText(session, holder, row.reservedUntil)}; only its holder can extend it.`;
        return { done: answer("refused", text, [row], { page: { id: row.pageId, url: row.url } }) };
    }
    return {
        write: async () => {
            // From the current end (or now, when it has passed): "by 1d" adds a day to what the row says.
            const from = Math.max(now, row.reservedUntil ?? now);
            const until = wholeSecond(from + (command.byMs ?? request.reserveForMs));
            const page = await session.api.updatePage({
                page_id: row.pageId,
                properties: properties(session.schema, { "reserved-until": { date: until } }, session.timeZone),
            });
            return answer("done", `Extended ${env} for ${thisPr(session)} until **${displayTime(until, session.timeZone)}**.`, [toRow(session, page)], {
                page: { id: page.id, url: page.url },
                reservation: {
                    until,
                    source: command.byMs === undefined ? "input reserve-for" : "the command",
                    badLabels: [],
                },
            });
        },
    };
}
async function releaseOne(session, row) {
    const free = session.schema.statusNames.free;
    const env = bold(row.environment);
    return decideUnderClaim(session, row, (current) => {
        if (isFree(current, free))
            return { done: answer("done", `${env} is already free.`, [current]) };
        if (!mine(session, current)) {
            const holder = rowClaimant(current);
            const by = holder === undefined ? "someone else" : holderText(session, holder, current.reservedUntil);
            return {
                done: answer("refused", `${env} is held by ${by}, not by ${thisPr(session)}; it stays as it is.`, [current]),
            };
        }
        return {
            write: async () => {
                const freed = await freeRow(session, current);
                return answer("done", `Released ${env}: it is ${(0,src/* markdownText */.p7)(free)} again.`, [freed], {
                    page: { id: freed.pageId, url: freed.url },
                });
            },
        };
    }, () => answer("done", `The ${env} row was deleted meanwhile; nothing to release.`, []));
}
async function releaseAll(session, rows) {
    const held = rows.filter((row) => mine(session, row));
    if (held.length === 0)
        return answer("done", `${thisPr(session)} holds no environment.`, []);
    const freed = await freeEach(session, held, (row) => mine(session, row));
    if (freed.length === 0)
        return answer("done", `${thisPr(session)} holds no environment any more.`, []);
    const names = freed.map((row) => bold(row.environment)).join(", ");
    return answer("done", `Released ${names}: free again.`, freed);
}
function list(session, rows) {
    const free = session.schema.statusNames.free;
    const now = session.clock.now();
    const reserved = rows.filter((row) => activeHolder(row, free, now) !== undefined).length;
    const idle = rows.filter((row) => isFree(row, free)).length;
    return answer("done", `${rows.length} environments: ${reserved} reserved, ${idle} free, ${rows.length - reserved - idle} expired or unclaimed.`, rows, { board: true });
}

;// CONCATENATED MODULE: ./src/new-row.ts




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
async function ensureRow(session, environment) {
    for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
        const existing = await settledRows(session, environment);
        if (existing !== undefined)
            return existing;
        // After a lost answer the row is looked up by its title: one row is taken as it is (ours, or a
        // racing creator's: either way not ours to withdraw); several are settled on the next pass.
        const created = await (0,src/* exactlyOnce */._9)({
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
        if (!created.ours)
            continue;
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
async function settledRows(session, environment) {
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

;// CONCATENATED MODULE: ./src/modes/deploy.ts








/**
 * Finds the environment's row (creating it when absent), decides about a conflict and writes every
 * field in one call. The write is decided again under the row's claim on a fresh read, so two
 * deploys that overlap never both take the row (claim.ts); a refused deploy writes nothing.
 */
async function deploy(session, request) {
    const { clock } = session;
    const { environment } = request;
    const found = await findRow(session, environment);
    const reservation = reservationEnd({ ...request.reservation, labels: session.pullRequest?.labels ?? [] }, clock.now());
    for (const label of reservation.badLabels) {
        session.log.warning(`Label "${(0,src/* logText */.kc)(label)}" is not reserve:<duration> like reserve:2d; using ${(0,src/* logText */.kc)(reservation.source)}.`);
    }
    const row = found ?? (await ensureRow(session, environment));
    return decideUnderClaim(session, row, (current) => planDeploy(session, request, current, { reservation, created: found === undefined }), () => ({ outcome: `Not deployed: the ${environment} row was deleted while this run waited for it`, rows: [] }));
}
function planDeploy(session, request, row, given) {
    const { context, timeZone } = session;
    const { environment } = request;
    const { reservation } = given;
    const now = session.clock.now();
    const conflict = conflictOf(row, session.me, session.schema.statusNames.free, now, request.onConflict);
    const previous = rowClaimant(row);
    const previousHolder = previous !== undefined && !sameClaimant(previous, session.me) ? previous : undefined;
    if (conflict?.blocked) {
        logConflict(session.log, row.environment, conflict, timeZone);
        return {
            done: {
                outcome: `Not deployed: ${environment} is reserved by ${describeClaimant(conflict.holder)} (on-conflict: fail)`,
                page: { id: row.pageId, url: row.url },
                conflict,
                previousHolder,
                reservation,
                rows: [row],
            },
        };
    }
    return {
        write: async () => {
            if (conflict !== undefined)
                logConflict(session.log, row.environment, conflict, timeZone);
            const statusKey = request.deployStatus;
            const cells = {
                status: { option: session.schema.statusNames[statusKey] },
                branch: { text: context.branch ?? "" },
                "pull-request": session.pullRequest === undefined ? null : { text: session.pullRequest.url },
                commit: { text: context.sha.slice(0, 7), url: context.commitUrl },
                "deployed-by": await deployedByCell(session, context.actor),
                "deployed-at": { date: now },
                "reserved-until": { date: reservation.until },
                run: { text: context.runUrl },
            };
            if (conflict !== undefined)
                cells["note"] = { text: takeoverNote(session, conflict, now) };
            const page = await session.api.updatePage({
                page_id: row.pageId,
                properties: properties(session.schema, cells, timeZone),
            });
            const written = toRow(session, page);
            const verb = given.created ? "Created" : "Updated";
            return {
                outcome: `${verb} ${environment}: ${written.status ?? statusKey}, reserved until ${(0,src/* isoInZone */.pd)(reservation.until, timeZone)} (${reservation.source})`,
                page: { id: page.id, url: page.url },
                created: given.created,
                conflict,
                previousHolder,
                reservation,
                rows: [written],
            };
        },
    };
}
function takeoverNote(session, conflict, now) {
    const zone = session.timeZone;
    const until = conflict.until === undefined ? "" : ` (reserved until ${(0,src/* isoInZone */.pd)(conflict.until, zone)})`;
    return `Taken over from ${describeClaimant(conflict.holder)}${until} by @${session.context.actor} at ${(0,src/* isoInZone */.pd)(now, zone)}`;
}

;// CONCATENATED MODULE: ./src/modes/extend.ts







/**
 * Moves reserved-until for the holder. Someone else's unexpired reservation is a conflict
 * (override takes it over); a free row has nothing to extend (deploy reserves it). The write is
 * decided again under the row's claim (claim.ts).
 */
async function extend_extend(session, request) {
    const { environment } = request;
    const row = await findRow(session, environment);
    if (row === undefined) {
        return { outcome: `Nothing to extend: there is no row "${environment}"`, rows: [] };
    }
    const now = session.clock.now();
    const reservation = reservationEnd({ ...request.reservation, labels: session.pullRequest?.labels ?? [] }, now);
    return decideUnderClaim(session, row, (current) => extend_planExtend(session, request, current, reservation), () => ({ outcome: `Nothing to extend: the ${environment} row was deleted meanwhile`, rows: [] }));
}
function extend_planExtend(session, request, row, reservation) {
    const { timeZone } = session;
    const { environment } = request;
    const now = session.clock.now();
    const claimant = rowClaimant(row);
    const mine = claimant !== undefined && sameClaimant(claimant, session.me);
    const page = { id: row.pageId, url: row.url };
    const free = session.schema.statusNames.free;
    const conflict = mine ? undefined : conflictOf(row, session.me, free, now, request.onConflict);
    if (!mine && conflict === undefined) {
        const state = isFree(row, free) || claimant === undefined ? "free" : "expired";
        session.log.warning((0,src/* logText */.kc)(`${environment} is ${state}, not reserved by ${describeClaimant(session.me)}: deploy to reserve it.`));
        return { done: { outcome: `Nothing to extend: ${environment} is ${state}`, page, rows: [row] } };
    }
    if (conflict !== undefined && conflict.policy !== "override") {
        logConflict(session.log, row.environment, conflict, timeZone);
        return {
            done: {
                outcome: `Not extended: ${environment} is reserved by ${describeClaimant(conflict.holder)}`,
                page,
                conflict,
                previousHolder: conflict.holder,
                reservation,
                rows: [row],
            },
        };
    }
    return {
        write: async () => {
            if (conflict !== undefined)
                logConflict(session.log, row.environment, conflict, timeZone);
            const cells = conflict === undefined
                ? { "reserved-until": { date: reservation.until } }
                : {
                    "reserved-until": { date: reservation.until },
                    branch: { text: session.context.branch ?? "" },
                    "pull-request": session.pullRequest === undefined ? null : { text: session.pullRequest.url },
                    "deployed-by": await deployedByCell(session, session.context.actor),
                    note: {
                        text: `Taken over from ${describeClaimant(conflict.holder)} by @${session.context.actor} at ${(0,src/* isoInZone */.pd)(now, timeZone)}`,
                    },
                };
            const updated = await session.api.updatePage({
                page_id: row.pageId,
                properties: properties(session.schema, cells, timeZone),
            });
            return {
                outcome: `Extended ${environment} until ${(0,src/* isoInZone */.pd)(reservation.until, timeZone)} (${reservation.source})`,
                page,
                conflict,
                previousHolder: conflict?.holder,
                reservation,
                rows: [toRow(session, updated)],
            };
        },
    };
}

;// CONCATENATED MODULE: ./src/modes/status.ts


/** Every row, in natural order (qa2 before qa10), with a one-line count. */
async function status_status(session) {
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

;// CONCATENATED MODULE: ./src/modes/sweep.ts




/** Frees every expired reservation: one query for rows with a reserved-until, one update per expired row. */
async function sweep(session) {
    const until = session.schema.columns["reserved-until"]?.name ?? "";
    const rows = await queryRows(session, { property: until, date: { is_not_empty: true } });
    const now = session.clock.now();
    const free = session.schema.statusNames.free;
    const isExpiredClaim = (row) => row.reservedUntil !== undefined && isExpired(row, now) && (!isFree(row, free) || rowClaimant(row) !== undefined);
    const expired = rows.filter(isExpiredClaim);
    const freed = [];
    for (const row of expired) {
        // Each row is freed on its own (a 409/504 retried without touching the others), and only
        // when it is still expired under its claim: a deploy that took it meanwhile keeps it.
        freed.push(...(await retryTransient(() => freeEach(session, [row], isExpiredClaim), session)));
    }
    // The rows as they were before (the summary shows whose reservation ended).
    const ended = expired.filter((row) => freed.some((done) => done.pageId === row.pageId));
    return {
        outcome: ended.length === 0
            ? `No expired reservation among ${rows.length} reserved row${rows.length === 1 ? "" : "s"}`
            : `Freed ${ended.length} expired reservation${ended.length === 1 ? "" : "s"}: ${ended.map((row) => row.environment).join(", ")}`,
        rows: ended,
    };
}

;// CONCATENATED MODULE: ./src/run-mode.ts







function modeRequestOf(inputs) {
    const reservation = { reservedUntil: inputs.reservedUntil, reserveForMs: inputs.reserveForMs };
    const environment = inputs.environment ?? "";
    switch (inputs.mode) {
        case "deploy":
            return {
                mode: "deploy",
                environment,
                deployStatus: inputs.deployStatus,
                reservation,
                onConflict: inputs.onConflict,
            };
        case "extend":
            return { mode: "extend", environment, reservation, onConflict: inputs.onConflict };
        case "release":
            return { mode: "release", environment: inputs.environment };
        case "status":
        case "sweep":
            return { mode: inputs.mode };
        case "command":
            throw new src/* ActionError */.lZ("mode command takes its request from the comment, not from the inputs");
        case "setup":
            throw new src/* ActionError */.lZ("mode setup builds the board; it is no request on it");
    }
}
/** Runs one mode over the opened board. */
function runMode(session, request) {
    switch (request.mode) {
        case "deploy":
            return deploy(session, request);
        case "extend":
            return extend_extend(session, request);
        case "release":
            return release(session, request);
        case "status":
            return status_status(session);
        case "sweep":
            return sweep(session);
        case "command":
            return command(session, request);
    }
}
/** The status options this request writes, which the schema check requires to exist. */
function neededStatuses(request) {
    if (request.mode === "deploy")
        return [request.deployStatus];
    if (request.mode === "release" || request.mode === "sweep")
        return ["free"];
    if (request.mode === "command" && request.command.kind === "release")
        return ["free"];
    return [];
}
/** `deploy qa3`, for log groups and titles. */
function describeRequest(request) {
    if (request.mode === "command")
        return `/env ${request.command.kind}`;
    return "environment" in request && request.environment ? `${request.mode} ${request.environment}` : request.mode;
}

;// CONCATENATED MODULE: ./src/schema.ts


/**
 * Checks every mapped column exists with a type we can write, and that a status column has the
 * options this run writes. All problems are reported in one error, each with the expected type.
 */
function checkSchema(properties, map, needed) {
    const problems = [];
    const columns = {};
    for (const field of fields/* FIELD_NAMES */.Yr) {
        const name = map[field];
        if (name === undefined) {
            columns[field] = undefined;
            continue;
        }
        const expected = fields/* FIELDS */.cJ[field].types.map(typeLabel).join(" or ");
        const config = properties[name];
        if (config === undefined) {
            problems.push(`column "${name}" (${field}) is missing: add it as ${expected}`);
        }
        else if (!fields/* FIELDS */.cJ[field].types.includes(config.type)) {
            problems.push(`column "${name}" (${field}) is ${typeLabel(config.type)}; it must be ${expected}`);
        }
        columns[field] = config === undefined ? undefined : { name, type: config.type };
    }
    const statusNames = { ...fields/* STATUS_NAMES */.g$ };
    const missingStatuses = [];
    const status = map.status === undefined ? undefined : properties[map.status];
    if (status?.type === "status" || status?.type === "select") {
        const options = optionNames(status);
        for (const key of Object.keys(fields/* STATUS_NAMES */.g$)) {
            const found = options.find((option) => option.toLowerCase() === fields/* STATUS_NAMES */.g$[key].toLowerCase());
            if (found !== undefined)
                statusNames[key] = found;
            // Select options are created on first write; status options cannot be created by the API.
            else if (status.type === "status") {
                missingStatuses.push(key);
                if (needed.includes(key))
                    problems.push(missingStatusProblem(map.status ?? "", key, options));
            }
        }
    }
    if (problems.length > 0) {
        throw new NotionFailure(`The Notion data source does not match what the action needs (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `- ${p}`).join("\n")}`, { hint: "Fix the columns in Notion, or map the fields to your column names with the property-map input." });
    }
    return { columns, statusNames, missingStatuses };
}
function missingStatusProblem(column, key, options) {
    return `status column "${column}" has no option "${fields/* STATUS_NAMES */.g$[key]}" (it has ${options.map((o) => `"${o}"`).join(", ") || "none"}): the API cannot create status options, so add "${fields/* STATUS_NAMES */.g$[key]}" in Notion (click the column name → Edit property → Add option)`;
}
function optionNames(config) {
    if (config.type === "status")
        return config.status.options.map((option) => option.name);
    if (config.type === "select")
        return config.select.options.map((option) => option.name);
    return [];
}
const TYPE_LABELS = {
    title: "the title column",
    rich_text: "Text",
    url: "URL",
    date: "Date",
    people: "Person",
    status: "Status",
    select: "Select",
    multi_select: "Multi-select",
    number: "Number",
    checkbox: "Checkbox",
};
function typeLabel(type) {
    return TYPE_LABELS[type] ?? type;
}

;// CONCATENATED MODULE: ./src/board.ts







/** The Notion part of a run: resolve the data source, check the schema, do the mode; a Notion failure is a result. */
async function updateBoard(inputs, request, claim, deps) {
    const { notion, log, context } = deps;
    const { pullRequest } = claim;
    const base = { pullRequest, timeZone: inputs.timeZone };
    let resolvedAt = 0;
    let freeStatus = fields/* STATUS_NAMES */.g$.free;
    try {
        const { dataSourceId, properties } = await log.group("Resolve the Notion data source", () => retryTransient(() => openDataSource(notion, inputs, log), deps));
        resolvedAt = notion.calls - 1;
        const schema = checkSchema(properties, inputs.propertyMap, neededStatuses(request));
        freeStatus = schema.statusNames.free;
        const session = {
            api: notion,
            dataSourceId,
            schema,
            timeZone: inputs.timeZone,
            userMap: inputs.userMap,
            context,
            pullRequest,
            me: {
                ...claimantOf(context),
                pullRequest: pullRequest?.url,
                ...(claim.branch === undefined ? {} : { branch: claim.branch }),
            },
            clock: deps.clock,
            log,
            journal: deps.journal,
        };
        const result = await log.group(describeRequest(request), () => retryTransient(() => runMode(session, request), deps));
        const apiCallsAfterResolve = notion.calls - resolvedAt;
        log.info(`${(0,src/* logText */.kc)(result.outcome)}. Notion API calls: ${notion.calls} (${apiCallsAfterResolve} after resolving the data source).`);
        return {
            ...base,
            ...result,
            apiCalls: notion.calls,
            apiCallsAfterResolve,
            failure: undefined,
            freeStatus,
            now: deps.clock.now(),
        };
    }
    catch (error) {
        if (!(error instanceof NotionFailure))
            throw error;
        if (!inputs.failOnError) {
            log.warning(`${(0,src/* logText */.kc)(error.message)}${error.hint ? `\nHint: ${(0,src/* logText */.kc)(error.hint)}` : ""}\nThe step goes on (fail-on-error: false).`, { title: "Notion not updated" });
        }
        return {
            ...base,
            outcome: `Notion not updated: ${error.message}`,
            rows: [],
            apiCalls: notion.calls,
            apiCallsAfterResolve: Math.max(0, notion.calls - resolvedAt),
            failure: { message: error.message, hint: error.hint },
            freeStatus,
            now: deps.clock.now(),
        };
    }
}

;// CONCATENATED MODULE: ./src/comment.ts






/** The sticky PR comment: which environment, who holds it, until when; a conflict with links. */
function renderComment(result) {
    if (result.failure !== undefined ||
        (result.mode !== "deploy" && result.mode !== "release" && result.mode !== "extend")) {
        return undefined;
    }
    const zone = result.timeZone;
    // Every cell is text from Notion: escaped, the branch in a code span it cannot close.
    const lines = result.rows.map((row) => {
        const env = safeLink(row.environment, row.url);
        if (result.mode === "release")
            return `- ${env}: released (${(0,src/* markdownText */.p7)(row.status ?? result.freeStatus)})`;
        const until = row.reservedUntil === undefined ? "" : ` until **${displayTime(row.reservedUntil, zone)}**`;
        const holder = (0,src/* markdownText */.p7)(row.deployedBy ?? "");
        const pr = row.pullRequest === undefined ? "" : ` ${pullMarkdown(row.pullRequest)}`;
        return `- ${env}: ${(0,src/* markdownText */.p7)(row.status ?? "")}, held by ${holder} ${(0,src/* codeSpan */.SS)(row.branch ?? "")}${pr}${until}`;
    });
    return (0,src/* sections */.V0)(COMMENT_MARKER, (0,src/* heading */.R_)("Environment reservation", 3), lines.length > 0 ? lines.join("\n") : (0,src/* markdownText */.p7)(result.outcome), result.conflict && renderConflict(result.conflict, zone), result.mode === "deploy" && result.reservation
        ? `Reservation from ${result.reservation.source}; a \`reserve:2d\`-style label changes it on the next deploy.`
        : undefined, `<sub>Updated ${displayTime(result.now, zone)} by notion-env-status.</sub>`);
}
/**
 * Creates or updates the sticky comment on the run's PR; a GitHub failure is a warning, never a
 * failed step. The sticky is the marked comment our own token wrote (see `GitHubPort.identity`).
 */
async function updateStickyComment(result, github, log) {
    const body = renderComment(result);
    const pull = result.pullRequest;
    if (body === undefined || github === undefined || pull === undefined)
        return undefined;
    try {
        const me = await github.identity();
        const existing = stickyComment(await github.listComments(pull.number), COMMENT_MARKER, me);
        // Keep the record of answered /env comments, so a re-run of a command still knows it was done.
        const handled = handledMarker(handledCommands(existing?.body));
        const { action } = await github.writeComment(pull.number, existing?.id, (0,src/* sections */.V0)(body, handled), me);
        log.info(`PR #${pull.number}: comment ${action}`);
        return action;
    }
    catch (error) {
        log.warning(`Could not comment on PR #${pull.number}: ${(0,src/* logText */.kc)((0,src/* describeError */.Uc)(error))}`);
        return undefined;
    }
}
/** The trailer: the sticky comment's last line, written by us alone. */
const HANDLED = /^<!-- sre-actions:handled ([\d:a-z ]*) -->$/;
/** How many answered comment ids the sticky comment remembers. */
const HANDLED_KEPT = 50;
/**
 * The `/env` comments already answered (comment id → verdict), read from the trailer of our own
 * sticky comment only: the last line, never a record that appears anywhere else in the body (the
 * body quotes commenters).
 */
function handledCommands(body) {
    const handled = new Map();
    const trailer = (body ?? "").trimEnd().split("\n").at(-1) ?? "";
    for (const entry of HANDLED.exec(trailer)?.[1]?.split(" ") ?? []) {
        const [id, verdict] = entry.split(":");
        if (id && (verdict === "done" || verdict === "refused"))
            handled.set(Number(id), verdict);
    }
    return handled;
}
/** The trailer that records answered comments (the newest HANDLED_KEPT); empty when there are none. */
function handledMarker(handled) {
    const entries = [...handled].slice(-HANDLED_KEPT).map(([id, verdict]) => `${id}:${verdict}`);
    return entries.length === 0 ? "" : `<!-- sre-actions:handled ${entries.join(" ")} -->`;
}

;// CONCATENATED MODULE: ./src/answer.ts







function commentEventOf(context) {
    const comment = context.payload["comment"];
    const pull = context.pullRequest;
    if (context.eventName !== "issue_comment" || pull === undefined || typeof comment?.["id"] !== "number")
        return undefined;
    const user = comment["user"];
    return {
        commentId: comment["id"],
        body: typeof comment["body"] === "string" ? comment["body"] : "",
        login: typeof user?.login === "string" ? user.login : context.actor,
        association: typeof comment["author_association"] === "string" ? comment["author_association"] : "NONE",
        pull: { number: pull.number, url: pull.url, state: pull.state },
    };
}
const REACTION = { done: "rocket", refused: "confused" };
/**
 * mode command: answer one `/env` comment. Who may ask is checked before any call: an outsider's
 * comment gets 😕 and nothing else. For members, the answer goes into the PR's sticky comment —
 * the one our own token wrote — whose last line records the answered comment ids, so a re-run
 * does not apply a command twice; the comment gets 👀, then 🚀 or 😕. Members' earlier commands
 * whose jobs the concurrency group replaced are answered first. Per command, when no other run
 * holds the environment: at most 6 GitHub requests (who the token is, 👀, the comments, the PR,
 * the answer, 🚀/😕) and 10 Notion requests (database, data source, one query; for a write the
 * claim's 4, the row's re-read, the write, the claim's delete).
 */
async function answerCommand(inputs, deps) {
    const { github, log, context } = deps;
    const base = {
        mode: "command",
        environment: undefined,
        pullRequest: context.pullRequest,
        outcome: "",
        rows: [],
        apiCalls: 0,
        apiCallsAfterResolve: 0,
        failure: undefined,
        freeStatus: fields/* STATUS_NAMES */.g$.free,
        now: deps.clock.now(),
        timeZone: inputs.timeZone,
    };
    const event = commentEventOf(context);
    if (event === undefined) {
        return {
            ...base,
            outcome: `mode command answers comments on pull requests; this run is a ${context.eventName} event`,
            error: new src/* ActionError */.lZ(`mode command runs on issue_comment events of pull requests, not on ${context.eventName}.`, {
                hint: "Trigger the workflow with `on: issue_comment: types: [created]` (see examples/workflows/env-commands.yml).",
            }),
        };
    }
    const command = parseCommand(event.body);
    if (command === undefined)
        return { ...base, outcome: "The comment is not an /env command; nothing to do" };
    if (github === undefined) {
        return {
            ...base,
            outcome: "Cannot answer without github-token",
            error: new src/* ActionError */.lZ("mode command needs github-token to react and answer on the pull request.", {
                hint: "Leave github-token at its default (the workflow's GITHUB_TOKEN) with pull-requests: write and issues: write.",
            }),
        };
    }
    const allowed = (association) => inputs.allowedAssociations.includes(association);
    // Outsiders get a reaction and nothing else: no write to the sticky comment, no record, no echo.
    if (!allowed(event.association)) {
        const outcome = `@${event.login} is ${event.association}, not one of ${inputs.allowedAssociations.join(", ")}: not obeyed, nothing written`;
        log.info((0,src/* logText */.kc)(outcome));
        await quietly(log, "react to the comment", () => github.react(event.commentId, REACTION.refused));
        return { ...askedBy(base, event), outcome, outsider: true };
    }
    // Our sticky comment is the one our own token wrote: ask GitHub who that is.
    const me = await quietly(log, "ask GitHub who the token is", () => github.identity());
    if (me === undefined) {
        await quietly(log, "react to the comment", () => github.react(event.commentId, REACTION.refused));
        return {
            ...askedBy(base, event),
            outcome: "Could not ask GitHub who the token is (the log says why); nothing applied. Re-run the job to try again",
        };
    }
    const thread = new Thread(github, event.pull.number, me, log);
    if (event.pull.state === "closed") {
        await thread.read();
        return thread.answer(refused(base, event, `#${event.pull.number} is closed: environment commands only work on open pull requests.`));
    }
    await quietly(log, "react to the comment", () => github.react(event.commentId, "eyes"));
    const comments = await thread.read();
    const previous = thread.handled().get(event.commentId);
    if (previous !== undefined) {
        log.info(`Comment ${event.commentId} was answered before (${previous}); nothing is applied again.`);
        await quietly(log, "react to the comment", () => github.react(event.commentId, REACTION[previous]));
        return { ...askedBy(base, event), outcome: `Already answered (${previous}); nothing applied again`, replay: true };
    }
    // A burst of comments: the concurrency group keeps one pending job and cancels the one before
    // it. Members' commands no run has answered or started (newer than the last answered one, no
    // 👀 of ours yet) are answered here first, in order, so none is silently dropped.
    const missed = missedCommands(comments ?? [], thread.handled(), event, allowed, me);
    const caughtUp = [];
    for (const earlier of missed) {
        // 👀 is the claim on it: GitHub answers "existed" when a run (its own, still going) reacted first.
        if ((await quietly(log, "react to the comment", () => github.react(earlier.commentId, "eyes"))) !== "created") {
            continue;
        }
        log.info(`Answering comment ${earlier.commentId} first: its job was replaced in the concurrency group.`);
        await answerOne(inputs, deps, base, earlier, thread);
        caughtUp.push(earlier.commentId);
    }
    const result = await answerOne(inputs, deps, base, event, thread);
    return caughtUp.length === 0 ? result : { ...result, caughtUp };
}
/** The PR's sticky comment as this run knows it: read once, then kept as written. */
class Thread {
    github;
    pull;
    me;
    log;
    sticky;
    constructor(github, pull, me, log) {
        this.github = github;
        this.pull = pull;
        this.me = me;
        this.log = log;
    }
    /** Reads the PR's comments once (undefined when GitHub failed: the answer then goes to a new comment). */
    async read() {
        const comments = await quietly(this.log, "read the comments", () => this.github.listComments(this.pull));
        const ours = comments === undefined ? undefined : stickyComment(comments, COMMENT_MARKER, this.me);
        this.sticky = ours === undefined ? undefined : { id: ours.id, body: ours.body };
        return comments;
    }
    /** The answered comments, from the trailer of our own sticky comment. */
    handled() {
        return handledCommands(this.sticky?.body);
    }
    /** Writes the answer (recording the comment unless `record` is false) and reacts 🚀/😕. */
    async answer(result, record = true) {
        const commentId = result.command?.commentId;
        const verdict = result.answer?.verdict ?? "refused";
        const handled = this.handled();
        if (commentId !== undefined) {
            handled.delete(commentId);
            if (record)
                handled.set(commentId, verdict);
        }
        const body = `${renderAnswer(result)}\n\n${handledMarker(handled)}`;
        const written = await quietly(this.log, "answer on the pull request", () => this.github.writeComment(this.pull, this.sticky?.id, body, this.me));
        if (written !== undefined)
            this.sticky = { id: written.id, body };
        result.comment = written?.action;
        if (commentId !== undefined) {
            await quietly(this.log, "react to the comment", () => this.github.react(commentId, REACTION[verdict]));
        }
        return result;
    }
}
/** How far back a run answers missed commands when no answer was recorded yet on the PR. */
const MISSED_WINDOW_MS = 60 * 60_000;
const MISSED_MAX = 10;
/**
 * Members' `/env` comments before `event` that no run answered: newer than the last answered
 * one (or, before any answer on the PR, from the last hour), not ours, at most MISSED_MAX.
 */
function missedCommands(comments, handled, event, allowed, me) {
    const lastAnswered = Math.max(0, ...handled.keys());
    const eventComment = comments.find((comment) => comment.id === event.commentId);
    const since = eventComment === undefined ? Number.NaN : Date.parse(eventComment.createdAt) - MISSED_WINDOW_MS;
    return comments
        .filter((comment) => comment.id < event.commentId &&
        !handled.has(comment.id) &&
        (handled.size > 0 ? comment.id > lastAnswered : Date.parse(comment.createdAt) >= since) &&
        !isAuthor(comment.user, me) &&
        allowed(comment.association) &&
        parseCommand(comment.body) !== undefined)
        .slice(-MISSED_MAX)
        .map((comment) => ({
        commentId: comment.id,
        body: comment.body,
        login: comment.user?.login ?? "someone",
        association: comment.association,
        pull: event.pull,
    }));
}
function askedBy(base, event) {
    return {
        ...base,
        command: { text: event.body.split(/\r?\n/, 1)[0]?.trim() ?? "", by: event.login, commentId: event.commentId },
    };
}
function refused(base, event, text) {
    return { ...askedBy(base, event), outcome: text.replace(/\*\*/g, ""), answer: { verdict: "refused", text } };
}
/** One member's command: parsed, checked against the PR, applied to the board, answered. */
async function answerOne(inputs, deps, base, event, thread) {
    const { github, log, context } = deps;
    const asked = askedBy(base, event);
    const command = parseCommand(event.body);
    if (command === undefined || github === undefined)
        return { ...asked, outcome: "Not an /env command" };
    if (command.kind === "help" || command.kind === "unknown") {
        const verdict = command.kind === "help" ? "done" : "refused";
        const text = command.kind === "help"
            ? "The environment commands:"
            : `I did not understand that: ${(0,src/* markdownText */.p7)(command.problem)}. The environment commands:`;
        return thread.answer({ ...asked, outcome: text, answer: { verdict, text }, help: true });
    }
    let branch;
    if (command.kind !== "list") {
        const pull = await quietly(log, "read the pull request", () => github.pullRequest(event.pull.number));
        if (pull === undefined) {
            const text = `Could not read #${event.pull.number} from GitHub (the log says why); nothing changed. Re-run the job to try again.`;
            return thread.answer(refused(base, event, text), false);
        }
        if (pull.state !== "OPEN") {
            return thread.answer(refused(base, event, `#${event.pull.number} is ${pull.state.toLowerCase()}: environment commands only work on open pull requests.`));
        }
        branch = pull.headRefName;
    }
    const board = await updateBoard(inputs, {
        mode: "command",
        command,
        reserveForMs: inputs.reserveForMs,
        onConflict: inputs.onConflict,
        allowForce: inputs.allowForce,
    }, { pullRequest: context.pullRequest, ...(branch === undefined ? {} : { branch }) }, deps);
    const result = { ...asked, ...board, mode: "command", environment: environmentOf(command) };
    if (board.failure !== undefined) {
        result.answer = {
            verdict: "refused",
            text: `Notion was not updated: ${(0,src/* markdownText */.p7)(board.failure.message)} Re-run the job to try again.`,
        };
    }
    return thread.answer(result, board.failure === undefined);
}
function environmentOf(command) {
    return "environment" in command ? command.environment : undefined;
}
/** A GitHub call whose failure is a warning: the board is the truth, the reply is a courtesy. */
async function quietly(log, what, call) {
    try {
        return await call();
    }
    catch (error) {
        log.warning(`Could not ${what}: ${(0,src/* logText */.kc)((0,src/* describeError */.Uc)(error))}`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/setup-plan.ts

/** The Status options in board order, coloured as a team reads them. */
const STATUS_OPTIONS = [
    { key: "free", color: "green" },
    { key: "reserved", color: "yellow" },
    { key: "deploying", color: "blue" },
    { key: "deployed", color: "purple" },
    { key: "failed", color: "red" },
];
/**
 * What setup creates for a field: the first type the action accepts, except Status (a select: the
 * API cannot create status columns or their options) and Deployed by (a person column only when
 * user-map says who is who; otherwise text, where the action writes @login).
 */
function desiredConfig(field, withPeople) {
    switch (field) {
        case "environment":
            return { title: {} };
        case "status":
            return {
                select: { options: STATUS_OPTIONS.map(({ key, color }) => ({ name: fields/* STATUS_NAMES */.g$[key], color })) },
            };
        case "deployed-by":
            return withPeople ? { people: {} } : { rich_text: {} };
        case "pull-request":
        case "run":
            return { url: {} };
        case "deployed-at":
        case "reserved-until":
            return { date: {} };
        case "branch":
        case "commit":
        case "note":
            return { rich_text: {} };
    }
}
/** The columns of a new database: every mapped field (switched-off ones left out). */
function initialColumns(map, withPeople) {
    const columns = {};
    for (const field of fields/* FIELD_NAMES */.Yr) {
        const column = map[field];
        if (column !== undefined)
            columns[column] = desiredConfig(field, withPeople);
    }
    return columns;
}
function planSetup(properties, map, withPeople) {
    const plan = { columns: [], update: {}, problems: [] };
    const title = Object.values(properties).find((config) => config.type === "title");
    for (const field of fields/* FIELD_NAMES */.Yr) {
        const column = map[field];
        if (column === undefined)
            continue;
        const existing = properties[column];
        const accepted = fields/* FIELDS */.cJ[field].types;
        const cannotFix = (type, detail) => {
            plan.columns.push({ field, column, state: "cannot-fix", type, detail });
            plan.problems.push(detail);
        };
        if (field === "environment") {
            if (existing?.type === "title")
                plan.columns.push({ field, column, state: "present", type: "title" });
            else {
                const actual = title?.name ?? "";
                cannotFix(existing?.type ?? "title", `the title column is "${actual}", not "${column}": set property-map to environment=${actual} (setup never renames a column)`);
            }
            continue;
        }
        if (existing === undefined) {
            const config = desiredConfig(field, withPeople);
            plan.update[column] = config;
            plan.columns.push({ field, column, state: "add", type: typeOf(config) });
            continue;
        }
        if (!accepted.includes(existing.type)) {
            cannotFix(existing.type, `column "${column}" (${field}) is ${existing.type}; the action needs ${accepted.join(" or ")}: change its type in Notion or map ${field} to another column with property-map (setup never retypes a column)`);
            continue;
        }
        if (field === "status" && (existing.type === "select" || existing.type === "status")) {
            const options = existing.type === "select" ? existing.select.options : existing.status.options;
            const has = (name) => options.some((option) => option.name.toLowerCase() === name.toLowerCase());
            const missing = STATUS_OPTIONS.filter(({ key }) => !has(fields/* STATUS_NAMES */.g$[key]));
            if (missing.length === 0) {
                plan.columns.push({ field, column, state: "present", type: existing.type });
            }
            else if (existing.type === "select") {
                // The API replaces a select's option list: send every existing option (by id) plus the new ones.
                plan.update[column] = {
                    select: {
                        options: [
                            ...options.map((option) => ({ id: option.id, name: option.name })),
                            ...missing.map(({ key, color }) => ({ name: fields/* STATUS_NAMES */.g$[key], color })),
                        ],
                    },
                };
                const names = missing.map(({ key }) => fields/* STATUS_NAMES */.g$[key]).join(", ");
                plan.columns.push({ field, column, state: "add-options", type: "select", detail: names });
            }
            else {
                const names = missing.map(({ key }) => `"${fields/* STATUS_NAMES */.g$[key]}"`).join(", ");
                cannotFix("status", `status column "${column}" lacks the options ${names}: the API cannot add status options, so add them in Notion (click the column name → Edit property → Add option)`);
            }
            continue;
        }
        plan.columns.push({ field, column, state: "present", type: existing.type });
    }
    return plan;
}
function typeOf(config) {
    return Object.keys(config).find((key) => key !== "name" && key !== "description" && key !== "type") ?? "";
}
/** The Status value a new row starts with (Free, spelt as the column spells it), if the column can hold it. */
function freeStatusValue(properties, column) {
    const config = column === undefined ? undefined : properties[column];
    const find = (options) => options.find((option) => option.name.toLowerCase() === fields/* STATUS_NAMES */.g$.free.toLowerCase())?.name;
    if (config?.type === "select") {
        const name = find(config.select.options);
        return name === undefined ? undefined : { select: { name } };
    }
    if (config?.type === "status") {
        const name = find(config.status.options);
        return name === undefined ? undefined : { status: { name } };
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/modes/setup.ts




/** The title setup gives the database it creates, and looks for under parent-page on a later run. */
const DATABASE_TITLE = "Environments";
/** Notion's query and block indexes can trail a write by a moment: wait before reading back. */
const setup_INDEX_LAG_MS = 2_000;
/**
 * mode setup: find or create the environments database, add the columns and Status options it
 * lacks, and one row per environment. Idempotent: a second run reads, finds everything and writes
 * nothing; a create whose answer is lost is read back (by title) before it is sent again.
 */
async function setUp(inputs, deps) {
    const { setup } = inputs;
    if (setup === undefined)
        throw new src/* ActionError */.lZ("mode setup needs its inputs (parent-page or database)");
    const base = {
        mode: "setup",
        environment: undefined,
        pullRequest: undefined,
        apiCallsAfterResolve: 0,
        freeStatus: "Free",
        now: deps.clock.now(),
        timeZone: inputs.timeZone,
        rows: [],
    };
    try {
        const report = await runSetup(setup, inputs, deps);
        const changed = report.createdDatabase || report.rowsCreated.length > 0 || report.columns.some(isChange);
        const outcome = changed
            ? `${report.createdDatabase ? "Created" : "Completed"} the environments database: ${describeChanges(report)}`
            : "The environments database already has every column and row: nothing changed";
        deps.log.info(`${outcome}.`);
        deps.log.info(`Set the repository variable NOTION_ENVIRONMENTS_DATABASE to ${report.databaseUrl}\n  gh variable set NOTION_ENVIRONMENTS_DATABASE --body "${report.databaseUrl}"`);
        const failure = report.problems.length === 0
            ? undefined
            : {
                message: `Setup could not fix ${report.problems.length} thing${report.problems.length === 1 ? "" : "s"} in the database:\n${report.problems.map((problem) => `- ${problem}`).join("\n")}`,
                hint: "Fix them in Notion (or map the fields with property-map) and run setup again; nothing else needs undoing.",
            };
        return { ...base, outcome, setup: report, apiCalls: deps.notion.calls, failure };
    }
    catch (error) {
        if (!(error instanceof NotionFailure))
            throw error;
        return {
            ...base,
            outcome: `Notion not set up: ${error.message}`,
            apiCalls: deps.notion.calls,
            failure: { message: error.message, hint: error.hint },
        };
    }
}
async function runSetup(setup, inputs, deps) {
    const { notion, log } = deps;
    const withPeople = inputs.userMap.size > 0;
    const found = await log.group("Find the environments database", () => findDatabase(setup, deps));
    let database;
    let created = false;
    if (found !== undefined)
        database = found;
    else {
        database = await log.group(`Create the "${DATABASE_TITLE}" database`, () => createDatabase(setup.parentPageId ?? "", initialColumns(inputs.propertyMap, withPeople), deps));
        created = true;
    }
    const { dataSourceId, properties: before } = await openDataSource(notion, { databaseId: database.id, dataSource: inputs.dataSource }, log);
    const plan = planSetup(before, inputs.propertyMap, withPeople);
    let properties = before;
    if (Object.keys(plan.update).length > 0) {
        properties = await log.group("Add the missing columns", async () => {
            for (const column of plan.columns.filter(isChange)) {
                log.info(`${(0,src/* logText */.kc)(column.column)}: ${column.state === "add" ? `add as ${column.type}` : `add options ${column.detail}`}`);
            }
            return (await notion.updateDataSource({ data_source_id: dataSourceId, properties: plan.update })).properties;
        });
    }
    for (const problem of plan.problems)
        log.warning(problem, { title: "Setup cannot fix this" });
    // Rows are found and created by their title: without the right title column there is nothing to match.
    const titleProblem = plan.columns.some((column) => column.field === "environment" && column.state === "cannot-fix");
    const rows = titleProblem
        ? { created: [], present: [] }
        : await log.group("Create the environment rows", () => createRows(setup.environments, dataSourceId, properties, inputs.propertyMap, deps));
    return {
        databaseId: database.id,
        databaseUrl: database.url,
        dataSourceId,
        createdDatabase: created,
        // Columns a new database was created with count as created, not as already there.
        columns: created
            ? plan.columns.map((column) => (column.state === "present" ? { ...column, state: "add" } : column))
            : plan.columns,
        rowsCreated: rows.created,
        rowsPresent: rows.present,
        problems: plan.problems,
    };
}
/** The given database, or the one this setup made under parent-page before (found by title). */
async function findDatabase(setup, deps) {
    // openDataSource reads the database next; its link is derived from the id, as Notion's own is.
    if (setup.databaseId !== undefined)
        return { id: setup.databaseId, url: databaseUrl(setup.databaseId) };
    const parent = setup.parentPageId ?? "";
    const children = await deps.notion.childDatabases(parent);
    const matches = children.filter((child) => child.title.trim().toLowerCase() === DATABASE_TITLE.toLowerCase());
    const [first] = matches;
    if (first === undefined) {
        deps.log.info(`No "${DATABASE_TITLE}" database on page ${parent} yet.`);
        return undefined;
    }
    if (matches.length > 1) {
        deps.log.warning(`Page ${parent} holds ${matches.length} databases titled "${DATABASE_TITLE}"; using the first (${first.id}).`);
    }
    deps.log.info(`Found the "${DATABASE_TITLE}" database on page ${parent} (${first.id}).`);
    return { id: first.id, url: databaseUrl(first.id) };
}
function databaseUrl(id) {
    return `https://www.notion.so/${id.replace(/-/g, "")}`;
}
async function createDatabase(parentPageId, columns, deps) {
    return (0,src/* exactlyOnce */._9)({
        what: `create the "${DATABASE_TITLE}" database`,
        attempt: () => deps.notion.createDatabase({
            parent: { type: "page_id", page_id: parentPageId },
            title: [{ type: "text", text: { content: DATABASE_TITLE } }],
            initial_data_source: { properties: columns },
        }),
        readBack: async () => {
            await deps.clock.sleep(setup_INDEX_LAG_MS);
            const children = await deps.notion.childDatabases(parentPageId);
            const made = children.find((child) => child.title === DATABASE_TITLE);
            return made === undefined ? undefined : deps.notion.retrieveDatabase(made.id);
        },
        clock: deps.clock,
        log: deps.log,
    });
}
/** One row per environment the board lacks, in the given order, each created once. */
async function createRows(environments, dataSourceId, properties, columns, deps) {
    const column = columns.environment ?? "";
    const pages = await deps.notion.query({ data_source_id: dataSourceId });
    const titleOf = (page) => {
        const value = page.properties[column];
        return value?.type === "title" ? value.title.map((item) => item.plain_text).join("") : "";
    };
    const existing = new Set(pages.map(titleOf));
    const free = freeStatusValue(properties, columns.status);
    const created = [];
    for (const environment of environments) {
        if (existing.has(environment))
            continue;
        const row = {
            parent: { type: "data_source_id", data_source_id: dataSourceId },
            properties: {
                [column]: { title: [{ type: "text", text: { content: environment } }] },
                ...(free === undefined || columns.status === undefined ? {} : { [columns.status]: free }),
            },
        };
        await (0,src/* exactlyOnce */._9)({
            what: `create the ${environment} row`,
            attempt: () => deps.notion.createPage(row),
            readBack: async () => {
                await deps.clock.sleep(setup_INDEX_LAG_MS);
                const [page] = await deps.notion.query({
                    data_source_id: dataSourceId,
                    filter: { property: column, title: { equals: environment } },
                });
                return page;
            },
            clock: deps.clock,
            log: deps.log,
        });
        deps.log.info(`Row ${(0,src/* logText */.kc)(environment)} created (Free).`);
        created.push(environment);
    }
    return { created, present: environments.filter((environment) => existing.has(environment)) };
}
function isChange(column) {
    return column.state === "add" || column.state === "add-options";
}
function describeChanges(report) {
    const added = report.columns.filter((column) => column.state === "add").length;
    const options = report.columns.filter((column) => column.state === "add-options").length;
    return [
        added > 0 && `${added} column${added === 1 ? "" : "s"} ${report.createdDatabase ? "" : "added"}`.trim(),
        options > 0 && "Status options added",
        report.rowsCreated.length > 0 &&
            `${report.rowsCreated.length} row${report.rowsCreated.length === 1 ? "" : "s"} created`,
    ]
        .filter(Boolean)
        .join(", ");
}

;// CONCATENATED MODULE: ./src/pull-request.ts

/** The PR from the event, else (with github-token) the open PR of the branch; lookups never fail the run. */
async function runPullRequest(mode, deps) {
    const { context, github, log } = deps;
    if (context.pullRequest !== undefined)
        return context.pullRequest;
    const needsLabels = mode === "deploy" || mode === "extend" || mode === "release";
    if (!needsLabels || github === undefined || context.branch === undefined)
        return undefined;
    try {
        const found = await github.findPullRequest(context.branch);
        if (found !== undefined)
            log.info(`Branch ${(0,src/* logText */.kc)(context.branch)} has pull request #${found.number}`);
        return found;
    }
    catch (error) {
        log.warning(`Could not look up the pull request of ${(0,src/* logText */.kc)(context.branch)}: ${(0,src/* logText */.kc)((0,src/* describeError */.Uc)(error))}`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/track.ts







/**
 * Tracks one event on the environments board: answers an `/env` comment (mode command), builds the
 * board (setup), or finds the PR, updates the board and keeps the sticky comment.
 */
async function track(inputs, deps) {
    const needed = neededRunVariables(inputs.mode, deps.context);
    (0,src/* requireRunVariables */.oY)(deps.context, needed.names, needed.purpose);
    if (inputs.mode === "command")
        return answerCommand(inputs, deps);
    if (inputs.mode === "setup")
        return setUp(inputs, deps);
    const request = modeRequestOf(inputs);
    const pullRequest = await runPullRequest(request.mode, deps);
    const result = {
        mode: inputs.mode,
        environment: inputs.environment,
        ...(await updateBoard(inputs, request, { pullRequest }, deps)),
    };
    if (inputs.comment)
        result.comment = await updateStickyComment(result, deps.github, deps.log);
    return result;
}
/**
 * The runner variables a mode writes from (a row records the branch, commit and run). status and
 * sweep need none: they run anywhere.
 */
function neededRunVariables(mode, context) {
    const branch = context.pullRequest === undefined ? ["GITHUB_REF"] : [];
    switch (mode) {
        case "deploy":
            return {
                names: ["GITHUB_REPOSITORY", "GITHUB_RUN_ID", "GITHUB_SHA", ...branch],
                purpose: "to record the branch, commit and run of a deploy",
            };
        case "extend":
        case "release":
            return { names: ["GITHUB_REPOSITORY", ...branch], purpose: `to know whose reservation to ${mode}` };
        case "command":
            return { names: ["GITHUB_REPOSITORY", "GITHUB_EVENT_PATH"], purpose: "to read the /env comment and answer it" };
        default:
            return { names: [], purpose: "" };
    }
}

;// CONCATENATED MODULE: ./src/execute.ts








/** The whole run: track the event on the board, then say what to publish. */
async function execute(inputs, deps) {
    const result = await track(inputs, deps);
    return {
        result,
        outputs: outputsOf(result),
        summary: renderSummary(result),
        failure: failureOf(result, inputs.failOnError),
    };
}
/**
 * A Notion failure fails the step only with fail-on-error; a conflict under on-conflict: fail always
 * does (a refused `/env` command does not: its answer is on the PR).
 */
function failureOf(result, failOnError) {
    if (result.error !== undefined)
        return result.error;
    if (result.failure !== undefined) {
        // Setup is run by hand to make the board usable: a board it could not finish is a failed step.
        return failOnError || result.mode === "setup"
            ? new src/* ActionError */.lZ(result.failure.message, result.failure.hint === undefined ? {} : { hint: result.failure.hint })
            : undefined;
    }
    if (result.conflict?.blocked && result.mode !== "command") {
        return new src/* ActionError */.lZ(result.outcome, {
            hint: "Ask the holder, wait until the reservation ends, or run with on-conflict: override.",
        });
    }
    return undefined;
}
/**
 * The composition root: real clients from the inputs and the runner's context. With the runner's
 * `run` (runAction), waits end at a cancel and the journal records what the run did.
 */
function productionDeps(inputs, run) {
    const log = src/* actionsLogger */.MV;
    const context = currentRunContext();
    const clock = run === undefined ? src/* systemClock */.ml : (0,src/* cancellableClock */.BA)(src/* systemClock */.ml, run.signal);
    const github = inputs.githubToken === undefined
        ? undefined
        : githubPort(createOctokit({ token: inputs.githubToken, log }), { owner: context.owner, repo: context.repo }, { clock, log });
    return {
        // Page updates are retried on 5xx and a long Retry-After is waited out (core's createNotionClient).
        notion: new NotionApi(createNotionClient({ token: inputs.notionToken, retries: { clock, log } })),
        github,
        context,
        clock,
        log,
        journal: run?.journal,
    };
}


/***/ })

};

//# sourceMappingURL=947.index.js.map