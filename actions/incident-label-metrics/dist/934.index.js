export const id = 934;
export const ids = [934];
export const modules = {

/***/ 8934:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  execute: () => (/* binding */ execute),
  productionDeps: () => (/* binding */ productionDeps)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ../../packages/core/src/index.ts + 15 modules
var src = __webpack_require__(5665);
// EXTERNAL MODULE: ../../packages/core/src/datadog.ts
var datadog = __webpack_require__(1548);
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

;// CONCATENATED MODULE: ./src/github.ts

/** The port over `createOctokit` (retries and rate-limit waits). */
class OctokitGitHub {
    octokit;
    usage = {
        graphqlRequests: 0,
        graphqlPoints: 0,
        graphqlRemaining: undefined,
        restRequests: 0,
        restRemaining: undefined,
    };
    constructor(octokit) {
        this.octokit = octokit;
        octokit.hook.before("request", (options) => {
            if (String(options.url).endsWith("/graphql"))
                this.usage.graphqlRequests += 1;
            else
                this.usage.restRequests += 1;
        });
        octokit.hook.after("request", (response, options) => {
            const remaining = Number(response.headers["x-ratelimit-remaining"]);
            if (!String(options.url).endsWith("/graphql") && !Number.isNaN(remaining))
                this.usage.restRemaining = remaining;
        });
    }
    async query(document, variables) {
        const data = await this.octokit.graphql(document, variables);
        this.count(data);
        return data;
    }
    async queryPartial(document, variables) {
        try {
            return await this.query(document, variables);
        }
        catch (error) {
            const partial = error.data;
            const errors = error.errors ?? [];
            if (partial === undefined || partial === null || errors.some((e) => e.type !== "NOT_FOUND"))
                throw error;
            this.count(partial);
            return partial;
        }
    }
    async workflowRuns(ref, query) {
        const response = await this.octokit.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {
            owner: ref.owner,
            repo: ref.repo,
            workflow_id: query.workflow,
            branch: query.branch,
            status: "success",
            ...(query.created === undefined ? {} : { created: query.created }),
            per_page: 100,
            page: query.page,
        });
        return { totalCount: response.data.total_count, runs: response.data.workflow_runs };
    }
    async compare(ref, base, head, page) {
        const response = await this.octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
            owner: ref.owner,
            repo: ref.repo,
            basehead: `${base}...${head}`,
            per_page: 100,
            page,
        });
        return response.data.commits.map((commit) => commit.sha);
    }
    upsertComment(ref, issueNumber, marker, body) {
        return upsertStickyComment(this.octokit, { owner: ref.owner, repo: ref.repo, issueNumber, marker, body });
    }
    count(data) {
        if (data.rateLimit) {
            this.usage.graphqlPoints += data.rateLimit.cost;
            this.usage.graphqlRemaining = data.rateLimit.remaining;
        }
    }
}

;// CONCATENATED MODULE: ./src/stats.ts
/** Small, exact statistics on plain numbers. */
/** Percentile by linear interpolation between closest ranks (NumPy's default); undefined for no values. */
function percentile(values, p) {
    if (values.length === 0)
        return undefined;
    const sorted = [...values].sort((a, b) => a - b);
    const rank = (p / 100) * (sorted.length - 1);
    const low = Math.floor(rank);
    const high = Math.ceil(rank);
    const lower = sorted[low] ?? 0;
    const upper = sorted[high] ?? lower;
    return lower + (upper - lower) * (rank - low);
}
const median = (values) => percentile(values, 50);
function mean(values) {
    return values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length;
}
function distribution(values) {
    return {
        count: values.length,
        median: median(values),
        p75: percentile(values, 75),
        p90: percentile(values, 90),
        mean: mean(values),
    };
}
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Hours rounded to two decimals, for outputs and files. */
function hours(ms) {
    return ms === undefined ? undefined : Math.round((ms / HOUR) * 100) / 100;
}
function round(value, digits = 4) {
    if (value === undefined)
        return undefined;
    const factor = 10 ** digits;
    return Math.round(value * factor) / factor;
}

;// CONCATENATED MODULE: ./src/tiers.ts
/**
 * DORA performance tiers per metric, from the Accelerate State of DevOps reports' software delivery
 * performance tables. Each report publishes bands per cluster; we keep them verbatim in `published`
 * and turn them into ordered limits in `limits`. Where a report's bands overlap or leave gaps the
 * rule is stated next to the numbers, and where a report gives no usable band the tier is empty.
 */
const DAY_HOURS = 24;
const WEEK_HOURS = 7 * DAY_HOURS;
const MONTH_HOURS = 30 * DAY_HOURS;
const HALF_YEAR_HOURS = 182 * DAY_HOURS;
const NO_REWORK = "this report publishes no rework-rate bands";
const TIER_TABLES = {
    "2024": {
        report: "2024",
        source: "DORA, Accelerate State of DevOps Report 2024, software delivery performance clusters",
        url: "https://dora.dev/research/2024/dora-report/",
        metrics: {
            "deployment-frequency": {
                better: "higher",
                limits: { elite: 1, high: 1 / 7, medium: 1 / 30 },
                published: {
                    elite: "On demand (multiple deploys per day)",
                    high: "Between once per day and once per week",
                    medium: "Between once per week and once per month",
                    low: "Between once per month and once every six months",
                },
            },
            "lead-time": {
                better: "lower",
                limits: { elite: DAY_HOURS, high: WEEK_HOURS, medium: MONTH_HOURS },
                published: {
                    elite: "Less than one day",
                    high: "Between one day and one week",
                    medium: "Between one week and one month",
                    low: "Between one month and six months",
                },
            },
            "time-to-restore": {
                better: "lower",
                limits: { elite: 1, high: DAY_HOURS },
                published: {
                    elite: "Less than one hour",
                    high: "Less than one day",
                    medium: "Less than one day",
                    low: "Between one week and one month",
                },
                note: "High and Medium share 'less than one day' (reported as high); 1 day to 1 week falls in no band (reported as low).",
            },
        },
        missing: {
            "change-failure-rate": "the 2024 clusters publish a typical rate per cluster (Elite 5%, High 20%, Medium 10%, Low 40%) that is not ordered by cluster, so no threshold can be drawn",
            "rework-rate": "the 2024 report introduces rework rate but publishes no bands for it",
        },
    },
    "2023": {
        report: "2023",
        source: "DORA, Accelerate State of DevOps Report 2023, software delivery performance clusters",
        url: "https://dora.dev/research/2023/dora-report/",
        metrics: {
            "deployment-frequency": {
                better: "higher",
                limits: { elite: 1, high: 1 / 7, medium: 1 / 30 },
                published: {
                    elite: "On demand",
                    high: "Between once per day and once per week",
                    medium: "Between once per week and once per month",
                    low: "Between once per week and once per month",
                },
                note: "Medium and Low share a band (reported as medium); less than monthly falls in no band (reported as low).",
            },
            "lead-time": {
                better: "lower",
                limits: { elite: DAY_HOURS, high: WEEK_HOURS, medium: MONTH_HOURS },
                published: {
                    elite: "Less than one day",
                    high: "Between one day and one week",
                    medium: "Between one week and one month",
                    low: "Between one week and one month",
                },
                note: "Medium and Low share a band (reported as medium); over a month falls in no band (reported as low).",
            },
            "change-failure-rate": {
                better: "lower",
                limits: { elite: 0.05, high: 0.1, medium: 0.15 },
                published: { elite: "5%", high: "10%", medium: "15%", low: "64%" },
                note: "The report gives one typical rate per cluster; we use Elite/High/Medium's as upper limits.",
            },
            "time-to-restore": {
                better: "lower",
                limits: { elite: 1, high: DAY_HOURS, medium: WEEK_HOURS },
                published: {
                    elite: "Less than one hour",
                    high: "Less than one day",
                    medium: "Between one day and one week",
                    low: "Between one month and six months",
                },
            },
        },
        missing: { "rework-rate": NO_REWORK },
    },
    "2021": {
        report: "2021",
        source: "DORA, Accelerate State of DevOps Report 2021, software delivery performance table",
        url: "https://dora.dev/research/2021/dora-report/",
        metrics: {
            "deployment-frequency": {
                better: "higher",
                limits: { elite: 1, high: 1 / 30, medium: 1 / 182 },
                published: {
                    elite: "On-demand (multiple deploys per day)",
                    high: "Between once per week and once per month",
                    medium: "Between once per month and once every 6 months",
                    low: "Fewer than once per six months",
                },
                note: "Between daily and weekly falls in no band (reported as high).",
            },
            "lead-time": {
                better: "lower",
                limits: { elite: 1, high: WEEK_HOURS, medium: HALF_YEAR_HOURS },
                published: {
                    elite: "Less than one hour",
                    high: "Between one day and one week",
                    medium: "Between one month and six months",
                    low: "More than six months",
                },
                note: "1 hour to 1 day is reported as high, 1 week to 1 month as medium (gaps in the table).",
            },
            "change-failure-rate": {
                better: "lower",
                limits: { elite: 0.15, high: 0.3 },
                published: { elite: "0%–15%", high: "16%–30%", medium: "16%–30%", low: "16%–30%" },
                note: "High, Medium and Low share 16–30% (reported as high); over 30% falls in no band (reported as low).",
            },
            "time-to-restore": {
                better: "lower",
                limits: { elite: 1, high: DAY_HOURS, medium: WEEK_HOURS },
                published: {
                    elite: "Less than one hour",
                    high: "Less than one day",
                    medium: "Between one day and one week",
                    low: "More than six months",
                },
                note: "1 week to 6 months falls in no band (reported as low).",
            },
        },
        missing: { "rework-rate": NO_REWORK },
    },
};
const ORDER = ["elite", "high", "medium"];
/**
 * The tier of a value (deployments per day, hours, or a 0–1 rate) in the chosen report; undefined
 * when the value is unknown or the report has no band for the metric.
 */
function tierOf(report, metric, value) {
    const rule = TIER_TABLES[report].metrics[metric];
    if (rule === undefined || value === undefined || Number.isNaN(value))
        return undefined;
    for (const tier of ORDER) {
        const limit = rule.limits[tier];
        if (limit === undefined)
            continue;
        if (rule.better === "higher" ? value >= limit : value <= limit)
            return tier;
    }
    return "low";
}
/** Why the tier is empty, for the summary and the JSON report. */
function tierGap(report, metric, value) {
    const missing = TIER_TABLES[report].missing[metric];
    if (missing !== undefined)
        return missing;
    return value === undefined ? "no data in the window" : undefined;
}

;// CONCATENATED MODULE: ./src/headline.ts


function headline(metrics) {
    return {
        deployments: metrics.deployments.length,
        deploymentFrequency: round(metrics.deploymentFrequency) ?? 0,
        leadTimeHours: hours(metrics.leadTime.median),
        changeFailureRate: round(metrics.changeFailureRate),
        timeToRestoreHours: hours(metrics.timeToRestore.median),
        reworkRate: round(metrics.reworkRate),
        incidents: metrics.incidents.length,
    };
}
function tiersOf(report, numbers) {
    const values = {
        "deployment-frequency": numbers.deploymentFrequency,
        "lead-time": numbers.leadTimeHours,
        "change-failure-rate": numbers.changeFailureRate,
        "time-to-restore": numbers.timeToRestoreHours,
        "rework-rate": numbers.reworkRate,
    };
    const entries = Object.entries(values).map(([metric, value]) => {
        const name = metric;
        return [name, { tier: tierOf(report, name, value), why: tierGap(report, name, value) }];
    });
    return Object.fromEntries(entries);
}

;// CONCATENATED MODULE: ./src/outputs.ts

/** Every output; all empty when incident mode had nothing to measure. */
function outputsOf(result) {
    const report = result.report;
    const numbers = report === undefined ? undefined : headline(report.combined);
    const tiers = report === undefined || numbers === undefined ? undefined : tiersOf(report.doraReport, numbers);
    return {
        deployments: numbers?.deployments,
        "deployment-frequency": numbers?.deploymentFrequency,
        "lead-time-hours": numbers?.leadTimeHours,
        "change-failure-rate": numbers?.changeFailureRate,
        "failed-deployment-recovery-time-hours": numbers?.timeToRestoreHours,
        // The name before DORA renamed the metric (2023), kept as an alias.
        "time-to-restore-hours": numbers?.timeToRestoreHours,
        "rework-rate": numbers?.reworkRate,
        incidents: numbers?.incidents,
        "deployment-frequency-tier": tiers?.["deployment-frequency"].tier,
        "lead-time-tier": tiers?.["lead-time"].tier,
        "change-failure-rate-tier": tiers?.["change-failure-rate"].tier,
        "failed-deployment-recovery-time-tier": tiers?.["time-to-restore"].tier,
        "time-to-restore-tier": tiers?.["time-to-restore"].tier,
        "rework-rate-tier": tiers?.["rework-rate"].tier,
        "report-json": result.files?.json,
        "report-csv": result.files?.csv,
    };
}

;// CONCATENATED MODULE: ./src/permissions.ts
/** The workflow `permissions:` a run with these inputs needs, as the README lists them (for error hints). */
function permissionsFor(inputs) {
    const needs = new Set(["contents: read", "pull-requests: read"]);
    if (inputs.mode === "incident" && inputs.comment) {
        needs.delete("pull-requests: read");
        needs.add("pull-requests: write");
    }
    if (inputs.incidentSource !== "pull-requests")
        needs.add("issues: read");
    if (inputs.deploymentSource === "deployments")
        needs.add("deployments: read");
    if (inputs.deploymentSource === "workflow-runs")
        needs.add("actions: read");
    return [...needs].join(", ");
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/model.ts
/** The action's own records, independent of GitHub's wire formats. Times are epoch milliseconds. */
const repoName = (ref) => `${ref.owner}/${ref.repo}`;

;// CONCATENATED MODULE: ./src/queries.ts
/**
 * Every GraphQL document the action sends, with only the fields it reads. Each one asks for
 * `rateLimit { cost remaining }` so the summary can say what the run cost. A test validates all of
 * them against GitHub's published schema (@octokit/graphql-schema).
 */
const PULL_FIELDS = /* GraphQL */ `
fragment PullFields on PullRequest {
  number
  title
  url
  body
  createdAt
  updatedAt
  mergedAt
  baseRefName
  headRefName
  author { __typename login }
  mergeCommit { oid }
  labels(first: 50) { nodes { name } }
  commits(first: 1) { nodes { commit { authoredDate } } }
  reviews(first: 1) { nodes { submittedAt } }
  files(first: 100) @include(if: $withFiles) { nodes { path } }
}`;
const REPOSITORY_QUERY = /* GraphQL */ `
query RepositoryInfo($owner: String!, $name: String!) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) { defaultBranchRef { name } }
}`;
/** An owner's repositories for `repositories: owner/*` (forks and archived ones are not deployed). */
const OWNER_REPOSITORIES_QUERY = /* GraphQL */ `
query OwnerRepositories($login: String!, $after: String) {
  rateLimit { cost remaining }
  repositoryOwner(login: $login) {
    repositories(first: 100, after: $after, isFork: false, isArchived: false, orderBy: { field: NAME, direction: ASC }) {
      pageInfo { hasNextPage endCursor }
      nodes { name owner { login } }
    }
  }
}`;
/** Incident issues (`incident-source: issues`), by a search on labels and creation date. */
const SEARCH_ISSUES_QUERY = /* GraphQL */ `
query SearchIssues($searchQuery: String!, $after: String) {
  rateLimit { cost remaining }
  search(type: ISSUE, query: $searchQuery, first: 100, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      ... on Issue {
        number
        title
        url
        body
        createdAt
        closedAt
        stateReason
        author { __typename login }
        labels(first: 50) { nodes { name } }
      }
    }
  }
}`;
/**
 * Merged PRs into the base branch by date-range searches sent together: `s0`…`s{n-1}` are one page
 * each of `merged:A..B` searches (variables `q<i>` and cursor `a<i>`); with `fresh`, the first 100
 * most recently updated merged PRs too (what the search index may not hold yet).
 */
function mergedPullSlicesQuery(slices) {
    const variables = Array.from({ length: slices }, (_, index) => `, $q${index}: String!, $a${index}: String`).join("");
    const searches = Array.from({ length: slices }, (_, index) => `  s${index}: search(type: ISSUE, query: $q${index}, first: 100, after: $a${index}) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes { ... on PullRequest { ...PullFields } }
  }`).join("\n");
    return `
query MergedPullSlices($owner: String!, $name: String!, $base: String!, $withFiles: Boolean!, $fresh: Boolean!${variables}) {
  rateLimit { cost remaining }
  fresh: repository(owner: $owner, name: $name) @include(if: $fresh) {
    pullRequests(states: MERGED, baseRefName: $base, orderBy: { field: UPDATED_AT, direction: DESC }, first: 100) {
      nodes { ...PullFields }
    }
  }
${searches}
}
${PULL_FIELDS}`;
}
/** One PR with its state (incident mode reads the triggering PR, merged or not). */
const PULL_QUERY = /* GraphQL */ `
query IncidentPull($owner: String!, $name: String!, $number: Int!, $withFiles: Boolean!) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) { state ...PullFields }
  }
}
${PULL_FIELDS}`;
/** Several PRs by number in one request (culprits named by `Caused-by:` or reverts, outside the window). */
function pullsByNumberQuery(numbers) {
    const fields = numbers.map((number) => `    pr${number}: pullRequest(number: ${number}) { state ...PullFields }`);
    return `
query PullsByNumber($owner: String!, $name: String!, $withFiles: Boolean!) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
${fields.join("\n")}
  }
}
${PULL_FIELDS}`;
}
/** The repository's environment names, to filter deployments by `environment` in the query. */
const ENVIRONMENTS_QUERY = /* GraphQL */ `
query Environments($owner: String!, $name: String!, $after: String) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
    environments(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { name }
    }
  }
}`;
/** Deployments to the given environments, newest first, with their statuses (newest first) to find the first SUCCESS. */
const DEPLOYMENTS_QUERY = /* GraphQL */ `
query Deployments($owner: String!, $name: String!, $environments: [String!], $after: String) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
    deployments(
      first: 100
      after: $after
      environments: $environments
      orderBy: { field: CREATED_AT, direction: DESC }
    ) {
      pageInfo { hasNextPage endCursor }
      nodes {
        databaseId
        commitOid
        createdAt
        latestEnvironment
        statuses(first: 100) { nodes { state createdAt } }
      }
    }
  }
}`;
/** The history (first 100, newest first) of deployed commits that are no PR's merge commit. */
function commitHistoriesQuery(shas) {
    const fields = shas.map((sha, index) => `    c${index}: object(oid: "${sha}") { ... on Commit { oid committedDate history(first: 100) { nodes { oid } } } }`);
    return `
query CommitHistories($owner: String!, $name: String!) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
${fields.join("\n")}
  }
}`;
}
/** The PR that brought in each commit a `Caused-by: <sha>` names (a commit of the PR's branch, not its merge). */
function commitPullsQuery(shas) {
    const fields = shas.map((sha, index) => `    c${index}: object(expression: "${sha}") { ... on Commit { oid associatedPullRequests(first: 5) { nodes { number mergedAt } } } }`);
    return `
query CommitPulls($owner: String!, $name: String!) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
${fields.join("\n")}
  }
}`;
}
const RELEASES_QUERY = /* GraphQL */ `
query Releases($owner: String!, $name: String!, $after: String) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $name) {
    releases(first: 100, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
      pageInfo { hasNextPage endCursor }
      nodes { tagName url isDraft isPrerelease createdAt publishedAt tagCommit { oid } }
    }
  }
}`;
/** GitHub's date-time filter form, whole seconds in UTC. */
function isoSeconds(ms) {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

;// CONCATENATED MODULE: ./src/deployments.ts



/** GitHub's documented cap on a filtered workflow-run list (branch, status, event, created …). */
const RUN_LIST_CAP = 1000;
/** Each merged PR is a deployment at its merge time (as the team's SaaS counts). */
function mergedPullDeployments(pulls) {
    return pulls
        .map((pull) => ({
        id: `pr-${pull.number}`,
        repo: pull.repo,
        label: `#${pull.number}`,
        url: pull.url,
        sha: pull.mergeCommitOid ?? "",
        at: pull.mergedAt,
    }))
        .sort((a, b) => a.at - b.at);
}
/** Keeps the deployments at or after `from` and the last one before it. */
function withBaseline(list, from) {
    const sorted = list.sort((a, b) => a.at - b.at);
    const firstIndex = sorted.findIndex((deployment) => deployment.at >= from);
    if (firstIndex === -1)
        return sorted.slice(-1);
    return sorted.slice(Math.max(0, firstIndex - 1));
}
/** The `createdAt` of a deployment's first SUCCESS status (never `updatedAt` or the latest status). */
function firstSuccess(node) {
    const successes = (node.statuses?.nodes ?? []).filter((status) => status?.state === "SUCCESS");
    return Math.min(...successes.map((status) => Date.parse(status?.createdAt ?? "")));
}
/**
 * GitHub Deployments to the environments whose name matches the regex (filtered in the query), at
 * their first SUCCESS status, paged newest first until a successful deployment older than `from` is
 * found. A job with `environment:` and ecs-deploy's `github-environment` can both record the same
 * SHA in the same environment: a record repeating the previous one's (environment, SHA) is the same
 * deployment and counts once, at its first success.
 */
async function githubDeployments(github, ref, options) {
    const environments = await environmentNames(github, ref, options.environment);
    if (environments.length === 0)
        return [];
    const nodes = await (0,src/* paginate */.En)(async (after) => {
        const data = await github.query(DEPLOYMENTS_QUERY, {
            owner: ref.owner,
            name: ref.repo,
            environments,
            after: after ?? null,
        });
        const page = data.repository.deployments;
        const items = (page.nodes ?? []).filter((node) => node !== null);
        return { items, next: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined };
    }, { stopAfter: (page) => page.some((node) => firstSuccess(node) < options.from) });
    const found = nodes
        .flatMap((node) => {
        const at = firstSuccess(node);
        if (!Number.isFinite(at))
            return [];
        const environment = node.latestEnvironment ?? "";
        return [
            {
                id: `deployment-${node.databaseId ?? node.createdAt}`,
                repo: repoName(ref),
                label: `deployment ${node.databaseId ?? ""} (${environment})`,
                url: undefined,
                sha: node.commitOid,
                at,
                environment,
            },
        ];
    })
        .sort((a, b) => a.at - b.at);
    return withBaseline(onceEach(found), options.from);
}
/**
 * Drops a deployment that repeats the previous one's (environment, SHA); the first success stays.
 * Environment names compare case-insensitively (`Production` and `production` are one).
 */
function onceEach(sorted) {
    const last = new Map();
    return sorted.filter((deployment) => {
        const environment = (deployment.environment ?? "").toLowerCase();
        const repeated = last.get(environment) === deployment.sha;
        last.set(environment, deployment.sha);
        return !repeated;
    });
}
async function environmentNames(github, ref, pattern) {
    const names = await (0,src/* paginate */.En)(async (after) => {
        const data = await github.query(ENVIRONMENTS_QUERY, {
            owner: ref.owner,
            name: ref.repo,
            after: after ?? null,
        });
        const page = data.repository.environments;
        return {
            items: (page.nodes ?? []).flatMap((node) => node?.name ?? []),
            next: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined,
        };
    });
    return names.filter((name) => pattern.test(name));
}
/**
 * Successful runs of `workflow` on the base branch created in [from, until], plus the last one before
 * (the baseline). GitHub answers a filtered run list with at most 1,000 runs (page 11 is empty), so a
 * range holding more is split by `created` until each part fits; a completed run's `updated_at` is when
 * it completed.
 */
async function workflowRunDeployments(github, ref, options, log) {
    const workflow = options.workflow ?? "";
    const record = (run) => ({
        id: `run-${run.id}`,
        repo: repoName(ref),
        label: `run ${run.run_number}`,
        url: run.html_url,
        sha: run.head_sha,
        at: Date.parse(run.updated_at),
    });
    const list = (created, page) => github.workflowRuns(ref, { workflow, branch: options.base, created, page });
    const runs = new Map();
    const readRange = async (from, to) => {
        const created = `${isoSeconds(from)}..${isoSeconds(to)}`;
        const first = await list(created, 1);
        // `>=`: should GitHub ever report a capped total of exactly 1,000, the range is split all the same.
        if (first.totalCount >= RUN_LIST_CAP) {
            const parts = Math.ceil(first.totalCount / (RUN_LIST_CAP * 0.9));
            const step = Math.floor((to - from) / parts / 1000) * 1000;
            if (step >= 1000) {
                log.info(`${first.totalCount} runs of ${workflow} created ${created}: reading them in ${parts} parts`);
                for (let start = from; start <= to; start += step)
                    await readRange(start, Math.min(to, start + step - 1000));
                return;
            }
            log.warning(`${first.totalCount} runs of ${workflow} were created in one second (${created}); GitHub lists only ${RUN_LIST_CAP} of them`);
        }
        const read = await (0,src/* paginate */.En)(async (cursor) => {
            const page = Number(cursor ?? 1);
            const answer = page === 1 ? first : await list(created, page);
            return { items: answer.runs, next: answer.runs.length === 100 ? String(page + 1) : undefined };
        });
        for (const run of read)
            runs.set(run.id, run);
        const expected = Math.min(first.totalCount, RUN_LIST_CAP);
        if (read.length < expected) {
            log.warning(`GitHub listed ${read.length} of ${expected} runs of ${workflow} created ${created}`);
        }
    };
    const until = Math.max(options.from, options.until);
    await readRange(Math.floor(options.from / 1000) * 1000, Math.floor(until / 1000) * 1000 + 999);
    const before = await list(`<${isoSeconds(options.from)}`, 1);
    const baseline = before.runs[0];
    if (baseline !== undefined)
        runs.set(baseline.id, baseline);
    return withBaseline([...runs.values()].map(record), options.from);
}
/** Published releases (drafts and pre-releases are not production), at their publication time. */
async function releaseDeployments(github, ref, options) {
    const published = (node) => !node.isDraft && !node.isPrerelease && node.publishedAt !== null && node.tagCommit !== null;
    let baselinePublished = false;
    const nodes = await (0,src/* paginate */.En)(async (after) => {
        const data = await github.query(RELEASES_QUERY, {
            owner: ref.owner,
            name: ref.repo,
            after: after ?? null,
        });
        const page = data.repository.releases;
        const items = (page.nodes ?? []).filter((node) => node !== null);
        return { items, next: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined };
    }, {
        // Creation and publication orders can differ: stop once a release published before `from` was
        // seen and the page reached releases created before it.
        stopAfter: (page) => {
            baselinePublished ||= page.some((node) => published(node) && Date.parse(node.publishedAt ?? "") < options.from);
            return baselinePublished && page.some((node) => Date.parse(node.createdAt) < options.from);
        },
    });
    const found = nodes.filter(published).map((node) => ({
        id: `release-${node.tagName}`,
        repo: repoName(ref),
        label: node.tagName,
        url: node.url,
        sha: node.tagCommit?.oid ?? "",
        at: Date.parse(node.publishedAt ?? ""),
    }));
    return withBaseline(found, options.from);
}

;// CONCATENATED MODULE: ./src/filters.ts

/** Why a PR does not count, or undefined when it does. */
function exclusionReason(pull, exclusions) {
    if (exclusions.excludeBots && pull.authorIsBot)
        return `bot author ${pull.author}`;
    const author = pull.author.toLowerCase();
    if (exclusions.excludeAuthors.some((name) => name === author || name === `${author}[bot]`)) {
        return `excluded author ${pull.author}`;
    }
    const label = pull.labels.find((name) => exclusions.excludeLabels.includes(name.toLowerCase()));
    if (label !== undefined)
        return `excluded label ${label}`;
    if (exclusions.paths.length > 0) {
        const matches = matcher(exclusions.paths);
        if (!(pull.files ?? []).some((file) => matches(file)))
            return `touches no path in ${exclusions.paths.join(", ")}`;
    }
    return undefined;
}
const matchers = new Map();
/** One compiled matcher per set of globs (thousands of PRs share it). */
function matcher(globs) {
    const key = globs.join("\n");
    let found = matchers.get(key);
    if (found === undefined) {
        // core's linear-time matcher: a pathological pattern costs microseconds per path, not minutes.
        found = (0,src/* compileGlobs */.tI)(globs, { path: true });
        matchers.set(key, found);
    }
    return found;
}
function isIncident(pull, incidentLabels) {
    return pull.labels.some((label) => incidentLabels.includes(label.toLowerCase()));
}

;// CONCATENATED MODULE: ./src/incident-links.ts
/** What an incident-fix PR says about its incident, read from its body and branch name. */
const START_LINE = /^[ \t]*Incident-Start:[ \t]*(.+?)[ \t]*$/im;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const CAUSED_BY = /^[ \t]*Caused-by:[ \t]*(?:#(\d+)|([0-9a-f]{7,40}))\b/im;
const REVERTS_BODY = /^[ \t]*Reverts[ \t]+(?:[\w.-]+\/[\w.-]+)?#(\d+)/im;
const REVERT_BRANCH = /^revert-(\d+)-/;
function readIncidentLinks(body, headRefName) {
    const startText = START_LINE.exec(body)?.[1];
    let start;
    if (startText !== undefined) {
        const at = ISO_WITH_OFFSET.test(startText) ? Date.parse(startText) : Number.NaN;
        start = Number.isNaN(at) ? { invalid: startText } : { at };
    }
    const caused = CAUSED_BY.exec(body);
    const causedBy = caused?.[1] !== undefined
        ? { pull: Number(caused[1]) }
        : caused?.[2] !== undefined
            ? { sha: caused[2].toLowerCase() }
            : undefined;
    const revertNumber = REVERTS_BODY.exec(body)?.[1] ?? REVERT_BRANCH.exec(headRefName)?.[1];
    return { start, causedBy, reverts: revertNumber === undefined ? undefined : Number(revertNumber) };
}
/** The PR numbers an incident names as culprits (for fetching the ones outside the window). */
function culpritPullNumbers(links) {
    const numbers = [];
    if (links.causedBy !== undefined && "pull" in links.causedBy)
        numbers.push(links.causedBy.pull);
    if (links.reverts !== undefined)
        numbers.push(links.reverts);
    return numbers;
}
const CLOSING = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)[ \t]*:?[ \t]+(?:[\w.-]+\/[\w.-]+)?#(\d+)/gi;
/** The issues a PR body closes with GitHub's keywords (`Fixes #12`, `Closes acme/shop#12`). */
function closedIssueNumbers(body) {
    return [...body.matchAll(CLOSING)].map((match) => Number(match[1]));
}

;// CONCATENATED MODULE: ./src/issues.ts



/** GitHub's documented cap on a search. */
const SEARCH_CAP = 1000;
/** Closed as "not planned" (won't fix) or as a duplicate: no incident happened, or it is counted once elsewhere. */
const NOT_AN_INCIDENT = new Set(["NOT_PLANNED", "DUPLICATE"]);
/**
 * Incident issues opened in [since, until): read as incident records with the same `Caused-by:` /
 * `Incident-Start:` lines in the body. `mergedAt` holds the opening time (when the incident is
 * counted) and `closedAt` the close; `headRefName` is empty (issues have no branch). Issues closed
 * as not planned or as duplicates are left out (and said so in the log).
 */
async function issues_incidentIssues(github, ref, range, log) {
    const labels = range.labels.map((label) => `"${label}"`).join(",");
    const searchQuery = `repo:${repoName(ref)} is:issue label:${labels} created:${isoSeconds(range.since)}..${isoSeconds(range.until - 1000)}`;
    let total = 0;
    const nodes = await (0,src/* paginate */.En)(async (after) => {
        const data = await github.query(SEARCH_ISSUES_QUERY, { searchQuery, after: after ?? null });
        total = data.search.issueCount;
        const items = (data.search.nodes ?? []).filter((node) => node !== null && "number" in node);
        return { items, next: data.search.pageInfo.hasNextPage ? data.search.pageInfo.endCursor : undefined };
    });
    if (total > SEARCH_CAP)
        log.warning(`${total} incident issues match ${searchQuery}; GitHub's search returns ${SEARCH_CAP}`);
    const dropped = nodes
        .filter((node) => NOT_AN_INCIDENT.has(node.stateReason ?? ""))
        .sort((a, b) => a.number - b.number);
    if (dropped.length > 0)
        log.info(`Left out ${dropped.length} incident issue(s) closed as not planned or duplicate: ${dropped.map((node) => `#${node.number}`).join(", ")}`);
    return nodes
        .filter((node) => !NOT_AN_INCIDENT.has(node.stateReason ?? ""))
        .map((node) => issueRecord(repoName(ref), node))
        .sort((a, b) => a.createdAt - b.createdAt);
}
function issueRecord(repo, node) {
    const createdAt = Date.parse(node.createdAt);
    return {
        repo,
        number: node.number,
        title: node.title,
        url: node.url,
        body: node.body,
        author: node.author?.login ?? "ghost",
        authorIsBot: node.author?.__typename === "Bot",
        createdAt,
        updatedAt: createdAt,
        mergedAt: createdAt,
        closedAt: node.closedAt === null ? undefined : Date.parse(node.closedAt),
        kind: "issue",
        baseRefName: "",
        headRefName: "",
        mergeCommitOid: undefined,
        firstCommitAt: undefined,
        firstReviewAt: undefined,
        labels: (node.labels?.nodes ?? []).flatMap((label) => (label === null ? [] : [label.name])),
        files: undefined,
    };
}

;// CONCATENATED MODULE: ./src/mapping.ts
/** For `merged-prs` each PR ships in its own merge. */
function mergedPullShipments(pulls, deployments) {
    const byId = new Map(deployments.map((deployment) => [deployment.id, deployment]));
    const shipped = new Map();
    for (const pull of pulls) {
        const deployment = byId.get(`pr-${pull.number}`);
        if (deployment !== undefined)
            shipped.set(pull.number, deployment);
    }
    const positioned = deployments.map((deployment, index) => ({ ...deployment, position: index + 1 }));
    const positionedById = new Map(positioned.map((deployment) => [deployment.id, deployment]));
    for (const [number, deployment] of shipped)
        shipped.set(number, positionedById.get(deployment.id) ?? deployment);
    return {
        deployments: positioned,
        shipped,
        deploymentOfSha: (sha) => positioned.find((deployment) => deployment.sha !== "" && deployment.sha.startsWith(sha)),
    };
}
/**
 * Maps PRs to deployments from data already read, with no request per deployment: the base branch's
 * merge commits, in merge order, give every deployed commit a position; a commit that is no merge
 * commit gets the position of its newest ancestor that is (from its GraphQL history), else of the
 * last merge before it was committed. Each deployment ships the PRs between the highest position
 * shipped so far and its own (a redeploy or rollback ships nothing new); the oldest deployment is
 * taken to ship every PR merged before it.
 */
async function mapByMergeOrder(pulls, deployments, historyOf) {
    const merged = [...pulls].sort((a, b) => a.mergedAt - b.mergedAt);
    const order = new Map();
    for (const [index, pull] of merged.entries())
        if (pull.mergeCommitOid)
            order.set(pull.mergeCommitOid, index + 1);
    const unknown = [...new Set(deployments.map((d) => d.sha).filter((sha) => sha !== "" && !order.has(sha)))];
    const histories = unknown.length === 0 ? new Map() : await historyOf(unknown);
    const mergesUntil = (at) => merged.filter((pull) => pull.mergedAt <= at).length;
    const positionOf = (deployment) => {
        const known = order.get(deployment.sha);
        if (known !== undefined)
            return known;
        const history = histories.get(deployment.sha);
        const ancestor = history?.ancestors.find((oid) => order.has(oid));
        if (ancestor !== undefined)
            return (order.get(ancestor) ?? 0) + 0.5;
        return mergesUntil(history?.committedAt ?? deployment.at) + 0.5;
    };
    const sorted = [...deployments].sort((a, b) => a.at - b.at).map((d) => ({ ...d, position: positionOf(d) }));
    const shipped = new Map();
    let highest = 0;
    for (const [index, deployment] of sorted.entries()) {
        // The oldest deployment has no predecessor: it ships everything merged before it too.
        const upTo = index === 0 ? Math.max(deployment.position, mergesUntil(deployment.at)) : deployment.position;
        for (let position = Math.floor(highest) + 1; position <= upTo; position += 1) {
            const pull = merged[position - 1];
            if (pull !== undefined && !shipped.has(pull.number))
                shipped.set(pull.number, deployment);
        }
        highest = Math.max(highest, upTo);
    }
    return {
        deployments: sorted,
        shipped,
        deploymentOfSha: (sha) => {
            const pull = merged.find((candidate) => candidate.mergeCommitOid?.startsWith(sha));
            if (pull !== undefined)
                return shipped.get(pull.number);
            return sorted.find((deployment) => deployment.sha !== "" && deployment.sha.startsWith(sha));
        },
    };
}

;// CONCATENATED MODULE: ./src/pulls.ts


/** GitHub's documented cap: a search pages through at most 1,000 results. */
const pulls_SEARCH_CAP = 1000;
const time = (text) => Date.parse(text);
function toPullRecord(repo, node) {
    if (node.mergedAt === null)
        return undefined;
    const author = node.author;
    const firstCommit = node.commits.nodes?.[0]?.commit.authoredDate;
    const firstReview = node.reviews?.nodes?.find((review) => review?.submittedAt)?.submittedAt;
    return {
        repo,
        number: node.number,
        title: node.title,
        url: node.url,
        body: node.body,
        author: author?.login ?? "ghost",
        authorIsBot: author?.__typename === "Bot" || /\[bot\]$/.test(author?.login ?? ""),
        createdAt: time(node.createdAt),
        updatedAt: time(node.updatedAt),
        mergedAt: time(node.mergedAt),
        baseRefName: node.baseRefName,
        headRefName: node.headRefName,
        mergeCommitOid: node.mergeCommit?.oid,
        firstCommitAt: firstCommit === undefined ? undefined : time(firstCommit),
        firstReviewAt: firstReview === undefined || firstReview === null ? undefined : time(firstReview),
        labels: (node.labels?.nodes ?? []).flatMap((label) => (label === null ? [] : [label.name])),
        files: node.files === undefined ? undefined : (node.files?.nodes ?? []).flatMap((file) => file?.path ?? []),
    };
}
/** Date-range searches sent side by side (aliases) in one GraphQL request. */
const SLICES_PER_REQUEST = 8;
/**
 * The merged PRs of one repository, loaded back in time on demand: `loadFrom(t)` makes sure every PR
 * merged in [t, until) is known, fetching only what earlier calls did not.
 *
 * Where the time goes: at 100 PRs a page (GitHub's maximum) a year of 5,000 PRs is 50 pages, and
 * pages of one list follow each other (a cursor is only known from the previous answer), so the run
 * waited out 50 round trips. The range is read instead as 8 date-range searches whose pages travel
 * together in one request (GraphQL aliases): 5,000 PRs take ~7 requests, each carrying 8 pages.
 */
class MergedPulls {
    github;
    ref;
    options;
    log;
    byNumber = new Map();
    loadedFrom;
    fresh;
    constructor(github, ref, options, log) {
        this.github = github;
        this.ref = ref;
        this.options = options;
        this.log = log;
        this.loadedFrom = options.until;
        this.fresh = options.fresh;
    }
    get all() {
        return [...this.byNumber.values()].sort((a, b) => a.mergedAt - b.mergedAt);
    }
    get(number) {
        return this.byNumber.get(number);
    }
    async loadFrom(from) {
        if (from >= this.loadedFrom)
            return;
        await this.searchRange(from, this.loadedFrom - 1000);
        this.loadedFrom = from;
    }
    /** PRs by number that are not loaded yet (culprits outside the window); unknown numbers are skipped. */
    async loadNumbers(numbers) {
        const missing = [...new Set(numbers)].filter((number) => !this.byNumber.has(number));
        for (let index = 0; index < missing.length; index += 50) {
            const chunk = missing.slice(index, index + 50);
            const data = await this.github.queryPartial(pullsByNumberQuery(chunk), {
                owner: this.ref.owner,
                name: this.ref.repo,
                withFiles: this.options.withFiles,
            });
            for (const node of Object.values(data.repository ?? {}))
                this.add(node);
        }
    }
    add(node) {
        if (node === null || node === undefined || !("number" in node))
            return;
        const record = toPullRecord(repoName(this.ref), node);
        if (record !== undefined && record.mergedAt < this.options.until)
            this.byNumber.set(record.number, record);
    }
    /**
     * Merged in [from, to] (whole seconds, inclusive like GitHub's `A..B`), as equal date slices read
     * side by side. A slice whose count reaches the search cap (1,000) is split in halves; the pages
     * of every slice travel together, up to SLICES_PER_REQUEST a request.
     */
    async searchRange(from, to) {
        let pending = sliceRange(from, to, SLICES_PER_REQUEST);
        while (pending.length > 0 || this.fresh) {
            const batch = pending.slice(0, SLICES_PER_REQUEST);
            const rest = pending.slice(SLICES_PER_REQUEST);
            const fresh = this.fresh;
            this.fresh = false;
            const variables = {
                owner: this.ref.owner,
                name: this.ref.repo,
                base: this.options.base,
                withFiles: this.options.withFiles,
                fresh,
            };
            for (const [index, slice] of batch.entries()) {
                variables[`q${index}`] = this.sliceQuery(slice);
                variables[`a${index}`] = slice.cursor;
            }
            const data = await this.github.query(mergedPullSlicesQuery(batch.length), variables);
            for (const node of data.fresh?.pullRequests.nodes ?? [])
                this.add(node);
            const next = [];
            for (const [index, slice] of batch.entries()) {
                const page = data[`s${index}`];
                if (page === undefined)
                    continue;
                for (const node of page.nodes ?? [])
                    this.add(node);
                if (!slice.started && page.issueCount >= pulls_SEARCH_CAP) {
                    if (slice.to - slice.from >= 2000) {
                        const middle = slice.from + Math.floor((slice.to - slice.from) / 2000) * 1000;
                        this.log.info(`${page.issueCount} results for ${this.sliceQuery(slice)}: splitting at ${isoSeconds(middle)}`);
                        next.push(...sliceRange(slice.from, middle, 1), ...sliceRange(middle + 1000, slice.to, 1));
                        continue;
                    }
                    if (page.issueCount > pulls_SEARCH_CAP)
                        this.log.warning(`${page.issueCount} PRs merged in one second (${this.sliceQuery(slice)}); GitHub's search returns ${pulls_SEARCH_CAP}`);
                }
                if (page.pageInfo.hasNextPage)
                    next.push({ ...slice, started: true, cursor: page.pageInfo.endCursor });
            }
            pending = [...rest, ...next];
        }
    }
    sliceQuery(slice) {
        return `repo:${repoName(this.ref)} is:pr is:merged base:${this.options.base} merged:${isoSeconds(slice.from)}..${isoSeconds(slice.to)}`;
    }
}
/** [from, to] (whole seconds) cut into at most `count` equal, adjacent, non-overlapping slices. */
function sliceRange(from, to, count) {
    const seconds = Math.floor((to - from) / 1000) + 1;
    const parts = Math.max(1, Math.min(count, seconds));
    const slices = [];
    for (let index = 0; index < parts; index += 1) {
        const start = from + Math.floor((seconds * index) / parts) * 1000;
        const end = from + (Math.floor((seconds * (index + 1)) / parts) - 1) * 1000;
        slices.push({ from: start, to: end, cursor: null, started: false });
    }
    return slices;
}

;// CONCATENATED MODULE: ./src/collect.ts









/** Everything one repository needs for the metrics, in as few requests as the rules allow. */
async function collectRepo(github, ref, options, log) {
    const base = options.baseBranch ?? (await defaultBranch(github, ref));
    const pulls = new MergedPulls(github, ref, { base, withFiles: options.exclusions.paths.length > 0, fresh: options.fresh, until: options.until }, log);
    await pulls.loadFrom(options.since);
    const incidentIssues = options.incidentSource === "pull-requests"
        ? []
        : await issues_incidentIssues(github, ref, { ...options, labels: options.incidentLabels }, log);
    // Incidents need what happened before them: their culprits and the deployment before the fix was opened.
    const incidents = [
        ...pulls.all.filter((pull) => pull.mergedAt >= options.since && isIncident(pull, options.incidentLabels)),
        ...(options.extraIncidents ?? []),
        ...incidentIssues,
    ];
    await pulls.loadNumbers(incidents.flatMap((pull) => culpritPullNumbers(readIncidentLinks(pull.body, pull.headRefName))));
    const culpritTimes = incidents
        .flatMap((pull) => culpritPullNumbers(readIncidentLinks(pull.body, pull.headRefName)))
        .flatMap((number) => pulls.get(number)?.mergedAt ?? []);
    const from = Math.min(options.since, ...incidents.map((pull) => pull.createdAt), ...culpritTimes);
    if (options.source === "merged-prs")
        await pulls.loadFrom(from);
    const all = pulls.all;
    const fetchOptions = {
        from,
        until: options.until,
        environment: options.environment,
        workflow: options.workflow,
        base,
    };
    let shipments;
    if (options.source === "merged-prs") {
        const deployments = mergedPullDeployments(all.filter((pull) => exclusionReason(pull, options.exclusions) === undefined));
        shipments = mergedPullShipments(all, deployments);
    }
    else {
        const deployments = options.source === "deployments"
            ? await githubDeployments(github, ref, fetchOptions)
            : options.source === "workflow-runs"
                ? await workflowRunDeployments(github, ref, fetchOptions, log)
                : await releaseDeployments(github, ref, fetchOptions);
        // The window's first deployment ships every PR merged since the one before the window (the
        // baseline), some merged before the window starts: rework is judged over all of them.
        const baseline = deployments.filter((deployment) => deployment.at < options.since).at(-1);
        if (baseline !== undefined)
            await pulls.loadFrom(baseline.at);
        shipments = await mapByMergeOrder(pulls.all, deployments, commitHistories(github, ref));
    }
    const deployments = shipments.deployments;
    const deploymentOfSha = await withCommitPulls(github, ref, incidents, shipments);
    const loaded = pulls.all;
    log.info(`${repoName(ref)}: ${loaded.length} merged PRs into ${(0,src/* logText */.kc)(base)}, ${deployments.length} deployments fetched`);
    return {
        repo: repoName(ref),
        base,
        pulls: loaded,
        deployments,
        shipped: shipments.shipped,
        deploymentOfSha,
        incidentIssues,
    };
}
/**
 * `Caused-by: <sha>` may name a commit of the culprit PR's branch rather than its merge commit: those
 * SHAs (one request for all of them) are answered with the deployment that shipped their merged PR.
 */
async function withCommitPulls(github, ref, incidents, shipments) {
    const shas = [
        ...new Set(incidents.flatMap((pull) => {
            const causedBy = readIncidentLinks(pull.body, pull.headRefName).causedBy;
            return causedBy !== undefined && "sha" in causedBy && shipments.deploymentOfSha(causedBy.sha) === undefined
                ? [causedBy.sha]
                : [];
        })),
    ];
    if (shas.length === 0)
        return shipments.deploymentOfSha;
    const data = await github.queryPartial(commitPullsQuery(shas), { owner: ref.owner, name: ref.repo });
    const byPull = new Map();
    for (const [index, sha] of shas.entries()) {
        const node = data.repository?.[`c${index}`];
        const pulls = node !== null && node !== undefined && "oid" in node ? (node.associatedPullRequests.nodes ?? []) : [];
        const merged = pulls.find((pull) => pull?.mergedAt !== null && pull !== null);
        const deployment = merged === undefined || merged === null ? undefined : shipments.shipped.get(merged.number);
        if (deployment !== undefined)
            byPull.set(sha, deployment);
    }
    return (sha) => shipments.deploymentOfSha(sha) ?? byPull.get(sha);
}
/** Histories of deployed commits, 25 per GraphQL request; a commit GitHub does not know is left out. */
function commitHistories(github, ref) {
    return async (shas) => {
        const found = new Map();
        for (let index = 0; index < shas.length; index += 25) {
            const chunk = shas.slice(index, index + 25);
            const data = await github.queryPartial(commitHistoriesQuery(chunk), {
                owner: ref.owner,
                name: ref.repo,
            });
            for (const node of Object.values(data.repository ?? {})) {
                if (node === null || !("oid" in node))
                    continue;
                found.set(node.oid, {
                    ancestors: (node.history.nodes ?? []).flatMap((commit) => commit?.oid ?? []),
                    committedAt: Date.parse(node.committedDate),
                });
            }
        }
        return found;
    };
}
async function defaultBranch(github, ref) {
    const data = await github.query(REPOSITORY_QUERY, { owner: ref.owner, name: ref.repo });
    return data.repository.defaultBranchRef?.name ?? "main";
}

;// CONCATENATED MODULE: ./src/comment.ts


/** Hidden marker that makes the comment sticky: found and updated, never posted twice. */
const COMMENT_MARKER = "<!-- incident-label-metrics:incident -->";
/** What the PR does not say yet that would make the numbers exact. */
function missingMetadata(view) {
    const links = readIncidentLinks(view.body, view.headRefName);
    const missing = [];
    if (links.start === undefined || "invalid" in links.start) {
        missing.push("an `Incident-Start: 2026-11-20T10:00+09:00` line (ISO 8601 with offset) in the PR body");
    }
    if (links.causedBy === undefined && links.reverts === undefined) {
        missing.push("a `Caused-by: #123` (or `Caused-by: <sha>`) line naming the change that failed");
    }
    return missing;
}
function renderIncidentComment(view, timeZone) {
    const { attribution } = view;
    const state = view.merged
        ? view.fix === undefined
            ? "merged; time to restore is measured when the fix is deployed"
            : "final numbers"
        : "not merged yet: this is what will be measured";
    const missing = missingMetadata(view);
    return (0,src/* sections */.V0)(COMMENT_MARKER, `### Incident ${(0,src/* link */.nf)(`#${view.number}`, view.url)}: ${state}`, (0,src/* table */.tp)(["Start", "Source of the start", "Culprit deployment", "Restored by", "Recovery time"], [
        [
            (0,src/* formatInZone */.FL)(attribution.start, timeZone),
            attribution.source === "estimate" ? "estimate (fix PR opened)" : attribution.source,
            attribution.culprit === undefined
                ? "unattributed"
                : `${(0,src/* markdownText */.p7)(attribution.culprit.label)} (${(0,src/* formatInZone */.FL)(attribution.culprit.at, timeZone)})`,
            restoredCell(view, timeZone),
            view.restoreMs === undefined ? (view.problem ?? "–") : (0,src/* humanDuration */.UU)(view.restoreMs),
        ],
    ]), 
    // Notes quote the PR body (an unreadable Incident-Start): literal text, never Markdown of its own.
    attribution.notes.length > 0 ? attribution.notes.map((note) => `- ${(0,src/* markdownText */.p7)(note)}`).join("\n") : undefined, missing.length > 0
        ? `**Missing metadata** (add to the PR body for exact numbers):\n${missing.map((item) => `- ${item}`).join("\n")}`
        : undefined, "<sub>Posted by incident-label-metrics; this comment is updated in place.</sub>");
}
/** The fix's deployment, or the rollback when that ended the incident first. */
function restoredCell(view, timeZone) {
    const end = view.restoredBy === "rollback" ? view.rollback : view.fix;
    if (end === undefined)
        return "not yet";
    const what = view.restoredBy === "rollback" ? "rollback " : "";
    return `${what}${(0,src/* markdownText */.p7)(end.label)} (${(0,src/* formatInZone */.FL)(end.at, timeZone)})`;
}
/** Updates the comment carrying the marker, or creates it; returns what was done. */
function upsertIncidentComment(github, ref, issueNumber, body) {
    return github.upsertComment(ref, issueNumber, COMMENT_MARKER, body);
}

// EXTERNAL MODULE: ./src/datadog.ts
var src_datadog = __webpack_require__(4977);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/csv.ts
/**
 * One CSV cell (RFC 4180 quoting), safe to open in a spreadsheet: a text that starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return would be read as a formula (OWASP "CSV injection"), so it
 * gets a leading `'`. Numbers and booleans are written as they are: a negative number is data.
 */
function csvCell(value) {
    if (value === undefined || value === null)
        return "";
    let text = String(value);
    if (typeof value === "string" && /^[=+\-@\t\r]/.test(text))
        text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
/** A CSV line from cells. */
function csvRow(cells) {
    return cells.map(csvCell).join(",");
}

;// CONCATENATED MODULE: ./src/files.ts


// csvCell quotes per RFC 4180 and defuses formulas (a PR titled "=HYPERLINK(…)" stays text in a spreadsheet).





/** The version of the records block `mode: merge` reads. */
const MERGE_FORMAT = "incident-label-metrics/records@2";
/** Records without PR bodies and file lists (the numbers never read them; the file stays small). */
function recordsForMerge(records) {
    const slim = (pull) => ({ ...pull, body: "", files: undefined });
    return {
        deployments: records.deployments,
        pulls: records.pulls.map((result) => ({ ...result, pull: slim(result.pull) })),
        reworkDeployments: records.reworkDeployments,
        incidents: records.incidents.map((incident) => ({ ...incident, pull: slim(incident.pull) })),
        excluded: records.excluded.map((entry) => ({ ...entry, pull: slim(entry.pull) })),
        negative: records.negative.map((flag) => ({ ...flag, pull: slim(flag.pull) })),
        undeployed: records.undeployed.map(slim),
    };
}
/** Writes `dora-report.json` and `dora-pull-requests.csv` into `dir`. */
async function writeReports(dir, report) {
    await (0,promises_.mkdir)(dir, { recursive: true });
    const files = { json: external_node_path_default().join(dir, "dora-report.json"), csv: external_node_path_default().join(dir, "dora-pull-requests.csv") };
    await (0,promises_.writeFile)(files.json, renderJson(report));
    await (0,promises_.writeFile)(files.csv, renderCsv(report.combined, report.timeZone));
    return files;
}
const CSV_COLUMNS = [
    "repository",
    "number",
    "title",
    "author",
    "labels",
    "counted",
    "excluded_reason",
    "incident",
    "first_commit_at",
    "created_at",
    "first_review_at",
    "merged_at",
    "deployment",
    "deployed_at",
    "lead_time_hours",
    "incident_start",
    "start_source",
    "culprit",
    "restore_hours",
    "problem",
];
/** One row per PR merged in the window (counted or excluded) with every timestamp used. */
function renderCsv(metrics, timeZone) {
    const at = (ms) => (ms === undefined || Number.isNaN(ms) ? "" : (0,src/* isoInZone */.pd)(ms, timeZone));
    const incidents = new Map(metrics.incidents.map((incident) => [`${incident.pull.repo}#${incident.pull.number}`, incident]));
    const negative = new Map(metrics.negative.map((flag) => [`${flag.pull.repo}#${flag.pull.number}`, flag]));
    const row = (result, pull, excluded) => {
        const key = `${pull.repo}#${pull.number}`;
        const incident = incidents.get(key);
        const flag = negative.get(key);
        return [
            pull.repo,
            pull.number,
            pull.title,
            pull.author,
            pull.labels.join(";"),
            excluded === undefined,
            excluded,
            result?.incident ?? false,
            at(pull.firstCommitAt),
            at(pull.createdAt),
            at(pull.firstReviewAt),
            at(pull.mergedAt),
            result?.deployment?.label,
            at(result?.deployment?.at),
            hours(result?.leadTimeMs),
            at(incident?.attribution.start),
            incident?.attribution.source,
            incident?.attribution.culprit?.label,
            hours(incident?.restoreMs),
            incident?.problem ?? (flag === undefined ? undefined : `negative ${flag.what}`),
        ]
            .map(csvCell)
            .join(",");
    };
    const rows = [
        ...metrics.pulls.map((result) => ({ merged: result.pull.mergedAt, line: row(result, result.pull, undefined) })),
        ...metrics.excluded.map(({ pull, reason }) => ({ merged: pull.mergedAt, line: row(undefined, pull, reason) })),
    ].sort((a, b) => a.merged - b.merged);
    return `${[CSV_COLUMNS.join(","), ...rows.map((entry) => entry.line)].join("\n")}\n`;
}
/** The machine-readable report: inputs that shaped it, numbers, tiers with their source, every list. */
function renderJson(report) {
    const tiers = tiersOf(report.doraReport, headline(report.combined));
    const at = (ms) => (0,src/* isoInZone */.pd)(ms, report.timeZone);
    const describe = (metrics) => ({
        window: { since: at(metrics.since), until: at(metrics.until), days: round(metrics.days, 3) },
        headline: headline(metrics),
        deployDaysPerWeekMedian: metrics.deployDaysPerWeekMedian,
        leadTimeHours: mapHours(metrics.leadTime),
        phasesHours: Object.fromEntries(Object.entries(metrics.phases).map(([phase, dist]) => [phase, mapHours(dist)])),
        timeToRestoreHours: mapHours(metrics.timeToRestore),
        incidentsPerDeployment: round(metrics.incidentsPerDeployment),
        failedDeployments: metrics.failedDeployments.map((d) => ({ repo: d.repo, deployment: d.label, at: at(d.at) })),
        reworkDeployments: metrics.reworkDeployments.map((d) => ({ repo: d.repo, deployment: d.label, at: at(d.at) })),
        rollbacks: metrics.rollbacks.map((r) => ({
            repo: r.deployment.repo,
            deployment: r.deployment.label,
            at: at(r.deployment.at),
            target: r.target.label,
            undid: r.undid.map((d) => d.label),
        })),
        incidents: metrics.incidents.map((incident) => ({
            repo: incident.pull.repo,
            pull: incident.pull.number,
            url: incident.pull.url,
            start: at(incident.attribution.start),
            startSource: incident.attribution.source,
            culprit: incident.attribution.culprit?.label ?? null,
            fix: incident.fix?.label ?? null,
            fixDeployedAt: incident.fix === undefined ? null : at(incident.fix.at),
            restoreHours: hours(incident.restoreMs) ?? null,
            restoredBy: incident.restoredBy ?? null,
            rollback: incident.rollback === undefined ? null : { deployment: incident.rollback.label, at: at(incident.rollback.at) },
            problem: incident.problem ?? null,
            notes: incident.attribution.notes,
        })),
        excluded: metrics.excluded.map(({ pull, reason }) => ({ repo: pull.repo, pull: pull.number, reason })),
        negative: metrics.negative.map((flag) => ({
            repo: flag.pull.repo,
            pull: flag.pull.number,
            what: flag.what,
            hours: hours(flag.ms),
        })),
        undeployed: metrics.undeployed.map((pull) => ({ repo: pull.repo, pull: pull.number })),
        buckets: metrics.buckets.map((bucket) => ({
            label: bucket.label,
            start: at(bucket.start),
            partial: bucket.partial,
            deployments: bucket.deployments,
            deploymentFrequency: round(bucket.deploymentFrequency),
            leadTimeHours: hours(bucket.leadTimeMedianMs) ?? null,
            changeFailureRate: round(bucket.changeFailureRate) ?? null,
            timeToRestoreHours: hours(bucket.timeToRestoreMedianMs) ?? null,
            reworkRate: round(bucket.reworkRate) ?? null,
            incidents: bucket.incidents,
        })),
    });
    const table = TIER_TABLES[report.doraReport];
    return `${JSON.stringify({
        deploymentSource: report.source,
        timeZone: report.timeZone,
        dora: { report: table.report, source: table.source, url: table.url, tiers },
        combined: describe(report.combined),
        repositories: report.repositories.map((entry) => ({
            repo: entry.repo,
            base: entry.base,
            ...describe(entry.metrics),
            records: recordsForMerge(entry.metrics.records),
        })),
        apiUsage: report.usage,
        // What `mode: merge` reads back: the window in epoch ms and each repository's records.
        merge: {
            format: MERGE_FORMAT,
            since: report.combined.since,
            until: report.combined.until,
            bucket: report.bucket,
        },
    }, null, 2)}\n`;
}
function mapHours(dist) {
    return {
        count: dist.count,
        median: hours(dist.median) ?? null,
        p75: hours(dist.p75) ?? null,
        p90: hours(dist.p90) ?? null,
        mean: hours(dist.mean) ?? null,
    };
}

;// CONCATENATED MODULE: ./src/attribution.ts

/**
 * When the incident a fix PR resolves started, in the documented order: an `Incident-Start:` line;
 * the deploy time of the culprit named by `Caused-by:` or by a GitHub revert; the last deployment
 * before the fix PR was opened; else the fix PR's creation time, flagged as an estimate.
 */
function attributeIncident(pull, context) {
    const links = readIncidentLinks(pull.body, pull.headRefName);
    const notes = [];
    if (links.start !== undefined && "invalid" in links.start) {
        notes.push(`Incident-Start "${links.start.invalid}" is not ISO 8601 with an offset (e.g. 2026-11-20T10:00+09:00)`);
    }
    const culprit = namedCulprit(links, context, notes);
    if (links.start !== undefined && "at" in links.start) {
        const start = links.start.at;
        return { start, source: "incident-start", culprit: culprit?.deployment ?? lastBefore(context, start, true), notes };
    }
    if (culprit !== undefined)
        return { start: culprit.deployment.at, source: culprit.source, culprit: culprit.deployment, notes };
    const previous = lastBefore(context, pull.createdAt, false);
    if (previous !== undefined)
        return { start: previous.at, source: "last-deployment", culprit: previous, notes };
    notes.push("no deployment before the fix PR was opened: start estimated from the PR's creation time");
    return { start: pull.createdAt, source: "estimate", culprit: undefined, notes };
}
function namedCulprit(links, context, notes) {
    const causedBy = links.causedBy;
    if (causedBy !== undefined) {
        const deployment = "pull" in causedBy ? context.deploymentOfPull(causedBy.pull) : context.deploymentOfSha(causedBy.sha);
        if (deployment !== undefined)
            return { deployment, source: "caused-by" };
        notes.push(`Caused-by ${"pull" in causedBy ? `#${causedBy.pull}` : causedBy.sha} matches no known deployment`);
    }
    if (links.reverts !== undefined) {
        const deployment = context.deploymentOfPull(links.reverts);
        if (deployment !== undefined)
            return { deployment, source: "revert" };
        notes.push(`reverted PR #${links.reverts} matches no known deployment`);
    }
    return undefined;
}
/** The last deployment at (inclusive) or before (exclusive) an instant. */
function lastBefore(context, instant, inclusive) {
    let found;
    for (const deployment of context.deployments) {
        if (inclusive ? deployment.at <= instant : deployment.at < instant)
            found = deployment;
    }
    return found;
}

// EXTERNAL MODULE: ../../node_modules/.pnpm/@date-fns+tz@1.5.0/node_modules/@date-fns/tz/index.js + 7 modules
var tz = __webpack_require__(3847);
// EXTERNAL MODULE: ../../node_modules/.pnpm/date-fns@4.4.0/node_modules/date-fns/startOfISOWeek.js
var startOfISOWeek = __webpack_require__(4140);
// EXTERNAL MODULE: ../../node_modules/.pnpm/date-fns@4.4.0/node_modules/date-fns/startOfMonth.js
var startOfMonth = __webpack_require__(2343);
// EXTERNAL MODULE: ../../node_modules/.pnpm/date-fns@4.4.0/node_modules/date-fns/addWeeks.js
var addWeeks = __webpack_require__(390);
// EXTERNAL MODULE: ../../node_modules/.pnpm/date-fns@4.4.0/node_modules/date-fns/addMonths.js
var addMonths = __webpack_require__(5708);
// EXTERNAL MODULE: ../../node_modules/.pnpm/date-fns@4.4.0/node_modules/date-fns/format.js + 26 modules
var format = __webpack_require__(7867);
// EXTERNAL MODULE: ../../node_modules/.pnpm/date-fns@4.4.0/node_modules/date-fns/startOfDay.js
var startOfDay = __webpack_require__(5243);
// EXTERNAL MODULE: ../../node_modules/.pnpm/date-fns@4.4.0/node_modules/date-fns/addDays.js
var addDays = __webpack_require__(5312);
;// CONCATENATED MODULE: ./src/buckets.ts



/**
 * The ISO weeks (Monday 00:00) or calendar months in `timeZone` that overlap [since, until), clipped
 * to the window, so a Tokyo week starts on Monday 00:00 JST (Sunday 15:00 UTC).
 */
function buckets(since, until, size, timeZone) {
    const result = [];
    const first = new tz/* TZDate */.BB(since, timeZone);
    let start = size === "week" ? (0,startOfISOWeek/* startOfISOWeek */.b)(first) : (0,startOfMonth/* startOfMonth */.w)(first);
    while (start.getTime() < until) {
        const next = size === "week" ? (0,addWeeks/* addWeeks */.J)(start, 1) : (0,addMonths/* addMonths */.P)(start, 1);
        result.push({
            label: (0,format/* format */.GP)(start, size === "week" ? "RRRR-'W'II" : "yyyy-MM"),
            start: Math.max(start.getTime(), since),
            end: Math.min(next.getTime(), until),
            partial: start.getTime() < since || next.getTime() > until,
        });
        start = next;
    }
    return result;
}
function bucketOf(instant, list) {
    return list.find((bucket) => instant >= bucket.start && instant < bucket.end);
}
/** The local calendar day (`2026-11-25`) of an instant in `timeZone`. */
function localDay(instant, timeZone) {
    return (0,src/* isoInZone */.pd)(instant, timeZone).slice(0, 10);
}
/** Number of local days each bucket covers (fractions at clipped edges count as a share of a day). */
function bucketDays(bucket) {
    return (bucket.end - bucket.start) / 86_400_000;
}
/** Local midnights in `timeZone` from since to until, for counting deploy-days per week. */
function localDays(since, until, timeZone) {
    const days = [];
    for (let day = (0,startOfDay/* startOfDay */.o)(new tz/* TZDate */.BB(since, timeZone)); day.getTime() < until; day = (0,addDays/* addDays */.f)(day, 1)) {
        days.push((0,format/* format */.GP)(day, "yyyy-MM-dd"));
    }
    return days;
}

;// CONCATENATED MODULE: ./src/metrics.ts





const PHASES = ["coding", "pickup", "review", "deploy"];
const deploymentKey = (deployment) => `${deployment.repo}:${deployment.id}`;
/** Environment names compare case-insensitively everywhere (`Production` and `production` are one). */
const environmentKey = (deployment) => `${deployment.repo}:${(deployment.environment ?? "").toLowerCase()}`;
const inWindow = (at, options) => at >= options.since && at < options.until;
/** All metrics over the window for one or several repositories (combined: the union of their records). */
function computeMetrics(repos, options) {
    return summarise(mergeRecords(repos.map((data) => recordsOf(data, options))), options);
}
function mergeRecords(list) {
    return {
        deployments: list.flatMap((records) => records.deployments),
        pulls: list.flatMap((records) => records.pulls),
        incidents: list.flatMap((records) => records.incidents),
        reworkDeployments: list.flatMap((records) => records.reworkDeployments),
        excluded: list.flatMap((records) => records.excluded),
        negative: list.flatMap((records) => records.negative),
        undeployed: list.flatMap((records) => records.undeployed),
    };
}
/** Each PR and incident of one repository, judged once. */
function recordsOf(data, options) {
    const records = {
        deployments: [...data.deployments],
        pulls: [],
        incidents: [],
        reworkDeployments: [],
        excluded: [],
        negative: [],
        undeployed: [],
    };
    const context = attributionContext(data);
    const rollbackOfCulprit = rollbackIndex(rollbacksOf(data.deployments));
    const source = options.incidentSource;
    const fromPulls = source !== "issues";
    const issues = source === "pull-requests" ? [] : (data.incidentIssues ?? []).filter((issue) => inWindow(issue.mergedAt, options));
    const issueNumbers = new Set(issues.map((issue) => issue.number));
    for (const pull of data.pulls) {
        const shippedBy = data.shipped.get(pull.number);
        // Rework is judged per deployment over every PR it ships, however long before the window it merged.
        if (shippedBy !== undefined && isRework(pull, options) && exclusionReason(pull, options.exclusions) === undefined)
            records.reworkDeployments.push(shippedBy);
        if (!inWindow(pull.mergedAt, options))
            continue;
        const reason = exclusionReason(pull, options.exclusions);
        if (reason !== undefined) {
            records.excluded.push({ pull, reason });
            continue;
        }
        const deployment = data.shipped.get(pull.number);
        const result = pullResult(pull, deployment, options);
        if (deployment === undefined)
            records.undeployed.push(pull);
        if (result.leadTimeMs !== undefined && result.leadTimeMs < 0) {
            records.negative.push({ pull, what: "lead time", ms: result.leadTimeMs });
            result.leadTimeMs = undefined;
        }
        const coding = result.phases.coding;
        if (coding !== undefined && coding < 0) {
            // One flag per PR: a negative lead time already says the first commit is out of place.
            if (!records.negative.some((flag) => flag.pull === pull))
                records.negative.push({ pull, what: "coding time", ms: coding });
            delete result.phases.coding;
        }
        records.pulls.push(result);
        const closesIncidentIssue = closedIssueNumbers(pull.body).some((number) => issueNumbers.has(number));
        if (result.incident && fromPulls && !closesIncidentIssue) {
            records.incidents.push(incidentResult(pull, deployment, context, rollbackOfCulprit, options, records.negative));
        }
    }
    for (const issue of issues) {
        // Restored by the fixing PR's deployment (a PR body saying `Fixes #n`), else when the issue closed.
        const fixing = records.pulls.find((result) => closedIssueNumbers(result.pull.body).includes(issue.number));
        const fix = fixing?.deployment;
        const closed = fix === undefined && issue.closedAt !== undefined ? issue.closedAt : undefined;
        records.incidents.push(incidentResult(issue, fix, context, rollbackOfCulprit, options, records.negative, closed));
    }
    return records;
}
/** The numbers over the window, from records (of one repository or several). */
function summarise(records, options) {
    const days = (options.until - options.since) / DAY;
    const deployments = records.deployments
        .filter((deployment) => inWindow(deployment.at, options))
        .sort((a, b) => a.at - b.at);
    const { pulls, incidents } = records;
    const rolledBack = rollbacksOf(records.deployments).filter((rollback) => inWindow(rollback.deployment.at, options));
    const leadTimes = pulls.flatMap((result) => result.leadTimeMs ?? []);
    const failed = distinctDeployments(failedDeployments(incidents, rolledBack), options);
    const rework = distinctDeployments(records.reworkDeployments, options);
    const restoreTimes = incidents.flatMap((incident) => incident.restoreMs ?? []);
    const count = deployments.length;
    return {
        since: options.since,
        until: options.until,
        days,
        deployments,
        deploymentFrequency: days > 0 ? count / days : 0,
        deployDaysPerWeekMedian: deployDaysPerWeek(deployments, options),
        leadTime: distribution(leadTimes),
        phases: Object.fromEntries(PHASES.map((phase) => [phase, distribution(pulls.flatMap((result) => result.phases[phase] ?? []))])),
        failedDeployments: failed,
        rollbacks: rolledBack,
        changeFailureRate: count > 0 ? failed.length / count : undefined,
        incidentsPerDeployment: count > 0 ? incidents.length / count : undefined,
        timeToRestore: distribution(restoreTimes),
        reworkDeployments: rework,
        reworkRate: count > 0 ? rework.length / count : undefined,
        pulls,
        incidents,
        excluded: records.excluded,
        unattributed: incidents.filter((incident) => incident.attribution.culprit === undefined),
        negative: records.negative,
        undeployed: records.undeployed,
        buckets: bucketMetrics(buckets(options.since, options.until, options.bucket, options.timeZone), {
            deployments,
            pulls,
            incidents,
            rollbacks: rolledBack,
            rework,
        }),
        records,
    };
}
/**
 * Datadog's rollback rule, per repository and environment (case-insensitive), in time order: a
 * deployment of a version (commit SHA) that was deployed there before and differs from the one live
 * there went back to the latest earlier deployment of that version and undid everything after it.
 * A run that was queued and finished after a newer one deploys a version never deployed there
 * before: it is no rollback.
 */
function rollbacksOf(deployments) {
    const environments = new Map();
    const found = [];
    for (const deployment of [...deployments].sort((a, b) => a.at - b.at)) {
        const key = environmentKey(deployment);
        let history = environments.get(key);
        if (history === undefined) {
            history = { list: [], lastIndexOf: new Map() };
            environments.set(key, history);
        }
        const { list, lastIndexOf } = history;
        const live = list.at(-1);
        const targetIndex = lastIndexOf.get(deployment.sha);
        if (live !== undefined && deployment.sha !== "" && deployment.sha !== live.sha && targetIndex !== undefined) {
            found.push({
                deployment,
                target: list[targetIndex],
                undid: list.slice(targetIndex + 1),
            });
        }
        lastIndexOf.set(deployment.sha, list.length);
        list.push(deployment);
    }
    return found;
}
/**
 * The change failures: every incident's culprit, and for each rollback that no incident explains
 * (none of the deployments it undid is a culprit) the first deployment after its target.
 */
function failedDeployments(incidents, rollbacks) {
    const culprits = incidents.flatMap((incident) => incident.attribution.culprit ?? []);
    const blamed = new Set(culprits.map(deploymentKey));
    const unexplained = rollbacks.flatMap((rollback) => rollback.undid.some((undone) => blamed.has(deploymentKey(undone))) ? [] : rollback.undid.slice(0, 1));
    return [...culprits, ...unexplained];
}
function attributionContext(data) {
    return {
        deployments: data.deployments,
        deploymentOfPull: (number) => data.shipped.get(number),
        deploymentOfSha: (sha) => data.deploymentOfSha(sha),
    };
}
function pullResult(pull, deployment, options) {
    const phases = {};
    if (pull.firstCommitAt !== undefined)
        phases.coding = pull.createdAt - pull.firstCommitAt;
    if (pull.firstReviewAt !== undefined)
        phases.pickup = Math.max(0, pull.firstReviewAt - pull.createdAt);
    phases.review = Math.max(0, pull.mergedAt - Math.max(pull.createdAt, pull.firstReviewAt ?? pull.createdAt));
    if (deployment !== undefined)
        phases.deploy = deployment.at - pull.mergedAt;
    const leadTimeMs = deployment !== undefined && pull.firstCommitAt !== undefined ? deployment.at - pull.firstCommitAt : undefined;
    return {
        pull,
        incident: isIncident(pull, options.incidentLabels),
        rework: isRework(pull, options),
        deployment,
        leadTimeMs,
        phases,
    };
}
/** Unplanned work fixing a user-facing problem: a rework label, or a revert. */
function isRework(pull, options) {
    return (pull.labels.some((label) => options.reworkLabels.includes(label.toLowerCase())) ||
        readIncidentLinks(pull.body, pull.headRefName).reverts !== undefined);
}
function incidentResult(pull, fix, context, rollbackOfCulprit, options, negative, closedAt) {
    const attribution = attributeIncident(pull, context);
    const culprit = attribution.culprit;
    const rollback = culprit === undefined ? undefined : rollbackOfCulprit(culprit);
    const ends = [
        ...(fix === undefined ? [] : [{ by: "fix", at: fix.at }]),
        ...(closedAt === undefined ? [] : [{ by: "close", at: closedAt }]),
        ...(rollback !== undefined && options.restoreOnRollback ? [{ by: "rollback", at: rollback.at }] : []),
    ].sort((a, b) => a.at - b.at);
    const end = ends[0];
    if (end === undefined) {
        return { pull, attribution, fix, rollback, restoreMs: undefined, problem: "the fix is not deployed yet" };
    }
    const restoreMs = end.at - attribution.start;
    if (restoreMs < 0) {
        negative.push({ pull, what: "time to restore", ms: restoreMs });
        return {
            pull,
            attribution,
            fix,
            rollback,
            restoreMs: undefined,
            problem: "negative: the start is after the fix deployed",
        };
    }
    return { pull, attribution, fix, rollback, restoredBy: end.by, restoreMs, problem: undefined };
}
/** For each deployment a rollback undid, the first such rollback (built once; looked up per incident). */
function rollbackIndex(rollbacks) {
    const firstUndo = new Map();
    for (const rollback of [...rollbacks].sort((a, b) => a.deployment.at - b.deployment.at))
        for (const undone of rollback.undid)
            if (!firstUndo.has(deploymentKey(undone)))
                firstUndo.set(deploymentKey(undone), rollback.deployment);
    return (culprit) => firstUndo.get(deploymentKey(culprit));
}
/** The first rollback that undid the culprit: a redeploy, in its environment, of a version live there before it. */
function rollbackOf(culprit, deployments) {
    return rollbackIndex(rollbacksOf(deployments))(culprit);
}
/** Deployments in the window, each once (a deployment with two incidents fails once). */
function distinctDeployments(list, options) {
    const seen = new Map();
    for (const deployment of list) {
        if (inWindow(deployment.at, options))
            seen.set(deploymentKey(deployment), deployment);
    }
    return [...seen.values()].sort((a, b) => a.at - b.at);
}
/** Median over the ISO weeks (in the time zone) of the window of the days with at least one deployment. */
function deployDaysPerWeek(deployments, options) {
    const weeks = buckets(options.since, options.until, "week", options.timeZone);
    if (weeks.length === 0)
        return undefined;
    const deployDays = new Set(deployments.map((deployment) => localDay(deployment.at, options.timeZone)));
    const counts = weeks.map((week) => localDays(week.start, week.end, options.timeZone).filter((day) => deployDays.has(day)).length);
    return median(counts);
}
function bucketMetrics(list, data) {
    const failedList = failedDeployments(data.incidents, data.rollbacks);
    return list.map((bucket) => {
        const inBucket = (at) => at !== undefined && bucketOf(at, [bucket]) !== undefined;
        const deployments = data.deployments.filter((deployment) => inBucket(deployment.at));
        const keys = new Set(deployments.map(deploymentKey));
        const count = deployments.length;
        const inside = (deployment) => deployment !== undefined && keys.has(deploymentKey(deployment)) ? [deploymentKey(deployment)] : [];
        const failed = new Set(failedList.flatMap(inside));
        const rework = new Set(data.rework.flatMap(inside));
        const restored = data.incidents.filter((incident) => inBucket(restoreEnd(incident)) && incident.restoreMs !== undefined);
        return {
            label: bucket.label,
            start: bucket.start,
            end: bucket.end,
            partial: bucket.partial,
            deployments: count,
            deploymentFrequency: bucketDays(bucket) > 0 ? count / bucketDays(bucket) : 0,
            leadTimeMedianMs: median(data.pulls.flatMap((result) => (inBucket(result.deployment?.at) ? (result.leadTimeMs ?? []) : []))),
            changeFailureRate: count > 0 ? failed.size / count : undefined,
            timeToRestoreMedianMs: median(restored.flatMap((incident) => incident.restoreMs ?? [])),
            reworkRate: count > 0 ? rework.size / count : undefined,
            incidents: data.incidents.filter((incident) => inBucket(incident.pull.mergedAt)).length,
        };
    });
}
/** When an incident's restore time ended (the fix's deployment or the rollback). */
function restoreEnd(incident) {
    if (incident.restoredBy === "rollback")
        return incident.rollback?.at;
    if (incident.restoredBy === "close")
        return incident.pull.closedAt;
    return incident.fix?.at;
}

;// CONCATENATED MODULE: ./src/incident.ts





async function readIncidentPull(github, ref, number, withFiles) {
    const data = await github.queryPartial(PULL_QUERY, { owner: ref.owner, name: ref.repo, number, withFiles });
    const node = data.repository?.pullRequest;
    if (node === null || node === undefined)
        return undefined;
    const merged = node.mergedAt !== null;
    // An open PR is read as if merged now, so its attribution can be shown before it merges.
    const record = toPullRecord(repoName(ref), merged ? node : { ...node, mergedAt: node.updatedAt });
    if (record === undefined)
        return undefined;
    return {
        ref,
        record: merged ? record : { ...record, mergedAt: Number.NaN },
        merged,
        closedUnmerged: node.state === "CLOSED",
    };
}
/**
 * What the sticky comment shows: the attribution, the fix's deployment and the restore time, which
 * ends at a rollback of the culprit when that came first (restore-on-rollback).
 */
function incidentView(pull, data, restoreOnRollback) {
    const attribution = attributeIncident(pull.record, {
        deployments: data.deployments,
        deploymentOfPull: (number) => data.shipped.get(number),
        deploymentOfSha: (sha) => data.deploymentOfSha(sha),
    });
    const fix = pull.merged ? data.shipped.get(pull.record.number) : undefined;
    const rollback = restoreOnRollback && attribution.culprit !== undefined
        ? rollbackOf(attribution.culprit, data.deployments)
        : undefined;
    const end = [
        ...(fix === undefined ? [] : [{ by: "fix", at: fix.at }]),
        ...(rollback === undefined ? [] : [{ by: "rollback", at: rollback.at }]),
    ].sort((a, b) => a.at - b.at)[0];
    const restoreMs = end === undefined ? undefined : end.at - attribution.start;
    const negative = restoreMs !== undefined && restoreMs < 0;
    return {
        repo: pull.record.repo,
        number: pull.record.number,
        url: pull.record.url,
        body: pull.record.body,
        headRefName: pull.record.headRefName,
        merged: pull.merged,
        attribution,
        fix,
        rollback,
        restoredBy: negative ? undefined : end?.by,
        restoreMs: negative ? undefined : restoreMs,
        problem: negative ? "negative: the start is after the fix deployed (excluded)" : undefined,
    };
}

// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var src_inputs = __webpack_require__(6591);
;// CONCATENATED MODULE: ./src/merge.ts





/**
 * `mode: merge`: the `dora-report.json` files of a matrix of report jobs (found anywhere under
 * `folder`, as download-artifact lays them out) become one report. Every number is recomputed from
 * the per-deployment and per-incident records, so org medians are true medians, never averages.
 */
async function mergeReports(folder, inputs, usage, log) {
    const files = await reportFiles(external_node_path_default().resolve(folder));
    if (files.length === 0) {
        throw new src/* ActionError */.lZ(`No dora-report.json under ${folder}`, {
            hint: "Download the report jobs' artifacts into that folder first (actions/download-artifact with a pattern).",
        });
    }
    const reports = await Promise.all(files.map(readReport));
    const [first] = reports;
    const different = reports.filter((report) => report.merge.since !== first.merge.since || report.merge.until !== first.merge.until);
    if (different.length > 0) {
        throw new src/* ActionError */.lZ(`The reports cover different windows: ${first.file} and ${different.map((report) => report.file).join(", ")}`, { hint: "Give every matrix job the same since/until (a window ends at the job's own now otherwise)." });
    }
    const options = {
        since: first.merge.since,
        until: first.merge.until,
        timeZone: inputs.timeZone,
        bucket: first.merge.bucket,
        // Records already carry every judgement (incident, rework, restore): only the window is applied again.
        incidentLabels: inputs.incidentLabels,
        reworkLabels: inputs.reworkLabels,
        exclusions: inputs.exclusions,
        restoreOnRollback: inputs.restoreOnRollback,
        incidentSource: inputs.incidentSource,
    };
    const seen = new Map();
    const repositories = [];
    for (const report of reports) {
        for (const entry of report.repositories) {
            const earlier = seen.get(entry.repo);
            if (earlier !== undefined) {
                throw new src/* ActionError */.lZ(`${entry.repo} is in two reports: ${earlier} and ${report.file}`, {
                    hint: "Give each matrix job its own repositories.",
                });
            }
            seen.set(entry.repo, report.file);
            repositories.push({ repo: entry.repo, base: entry.base, metrics: summarise(entry.records, options) });
        }
    }
    const sources = [...new Set(reports.map((report) => report.deploymentSource))];
    log.info(`Merged ${repositories.length} repositories from ${files.length} reports`);
    return {
        repositories,
        combined: summarise(mergeRecords(repositories.map((entry) => entry.metrics.records)), options),
        doraReport: inputs.doraReport,
        timeZone: inputs.timeZone,
        bucket: first.merge.bucket,
        source: (sources.length === 1 ? sources[0] : sources.join("+")),
        usage,
    };
}
async function reportFiles(folder) {
    let entries;
    try {
        entries = await (0,promises_.readdir)(folder, { recursive: true });
    }
    catch {
        throw new src/* ActionError */.lZ(`The reports folder ${folder} does not exist`, {
            hint: "Set reports to the path actions/download-artifact wrote to.",
        });
    }
    return entries
        .filter((entry) => external_node_path_default().basename(entry) === "dora-report.json")
        .map((entry) => external_node_path_default().join(folder, entry))
        .sort();
}
async function readReport(file) {
    const data = JSON.parse(await (0,promises_.readFile)(file, "utf8"));
    if (data.merge?.format !== MERGE_FORMAT || !Array.isArray(data.repositories)) {
        throw new src/* ActionError */.lZ(`${file} is not a report this version can merge (format ${data.merge?.format ?? "none"})`, {
            hint: `Run the report jobs with the same version of incident-label-metrics (format ${MERGE_FORMAT}).`,
        });
    }
    return { ...data, file };
}

;// CONCATENATED MODULE: ./src/repositories.ts



/** The named repositories plus every repository of each `owner/*` (forks and archived ones left out), once each. */
async function resolveRepositories(github, selection, current) {
    const found = new Map();
    for (const ref of selection.names)
        found.set(repoName(ref).toLowerCase(), ref);
    for (const login of selection.owners) {
        const repos = await (0,src/* paginate */.En)(async (after) => {
            const data = await github.query(OWNER_REPOSITORIES_QUERY, { login, after: after ?? null });
            const connection = data.repositoryOwner?.repositories;
            if (connection === undefined) {
                throw new src/* InputError */.dz("repositories", `names "${login}/*", but GitHub knows no account ${login}`, "acme/*");
            }
            return {
                items: (connection.nodes ?? []).flatMap((node) => node === null ? [] : [{ owner: node.owner.login, repo: node.name }]),
                next: connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : undefined,
            };
        });
        for (const ref of repos)
            found.set(repoName(ref).toLowerCase(), ref);
    }
    if (found.size === 0 && selection.owners.length === 0) {
        const [owner = "", repo = ""] = current.split("/");
        if (owner === "" || repo === "")
            throw new src/* InputError */.dz("repository", `must be owner/name; got "${current}"`, "acme/shop");
        return [{ owner, repo }];
    }
    return [...found.values()];
}

;// CONCATENATED MODULE: ./src/report.ts














/** A window that ended within the last week may hold merges the search index does not have yet. */
const HISTORICAL_MS = 7 * DAY;
/** The whole run: check the request, read each repository, compute, write the files, comment. */
async function report(inputs, deps) {
    const { github, log, context } = deps;
    const now = deps.clock.now();
    const { since, until } = (0,src_inputs/* resolveWindow */.LI)(inputs.window, now);
    const mode = inputs.mode ?? (context.eventName.startsWith("pull_request") ? "incident" : "report");
    const pullNumber = context.pullRequest?.number;
    const none = { report: undefined, files: undefined, incident: undefined, usage: github.usage };
    if (mode === "incident" && pullNumber === undefined) {
        throw new src/* ActionError */.lZ('mode "incident" needs a pull_request event', {
            hint: 'Run it on pull_request (types: [labeled, closed]) or set mode: "report".',
        });
    }
    if (mode === "merge") {
        const merged = await mergeReports(inputs.reports ?? "", inputs, github.usage, log);
        const files = await writeReports(inputs.outputDir ?? external_node_path_default().join(deps.tempDir, "dora"), merged);
        return { mode, skipped: undefined, report: merged, files, incident: undefined, usage: github.usage };
    }
    const repositories = await resolveRepositories(github, inputs.repositories, context.repository);
    let incidentPull;
    if (mode === "incident" && pullNumber !== undefined) {
        incidentPull = await readIncidentPull(github, repositories[0], pullNumber, inputs.exclusions.paths.length > 0);
        const skipped = skipReason(incidentPull, pullNumber, inputs.incidentLabels);
        if (incidentPull !== undefined)
            log.info(`Incident PR #${pullNumber}: "${(0,src/* logText */.kc)(incidentPull.record.title)}"`);
        if (skipped !== undefined) {
            log.info(skipped);
            return { mode, skipped, ...none };
        }
    }
    const collected = [];
    for (const ref of repositories) {
        const extra = incidentPull !== undefined && repoName(incidentPull.ref) === repoName(ref) ? [incidentPull.record] : [];
        const options = {
            since,
            until,
            baseBranch: inputs.baseBranch,
            source: inputs.deploymentSource,
            environment: inputs.environment,
            workflow: inputs.workflow,
            incidentLabels: inputs.incidentLabels,
            incidentSource: inputs.incidentSource,
            exclusions: inputs.exclusions,
            fresh: until >= now - HISTORICAL_MS,
            extraIncidents: extra,
        };
        collected.push(await log.group(`Fetch ${repoName(ref)}`, () => collectRepo(github, ref, options, log)));
    }
    const metricOptions = metricOptionsOf(inputs, since, until);
    const perRepository = collected.map((data) => ({
        repo: data.repo,
        base: data.base,
        metrics: computeMetrics([data], metricOptions),
    }));
    const result = {
        repositories: perRepository,
        // One repository: its numbers are the combined ones (computed once).
        combined: perRepository.length === 1 && perRepository[0] !== undefined
            ? perRepository[0].metrics
            : computeMetrics(collected, metricOptions),
        doraReport: inputs.doraReport,
        timeZone: inputs.timeZone,
        bucket: inputs.bucket,
        source: inputs.deploymentSource,
        usage: { ...github.usage, wallMs: deps.clock.now() - now },
    };
    const files = await writeReports(inputs.outputDir ?? external_node_path_default().join(deps.tempDir, "dora"), result);
    for (const item of result.combined.incidents)
        log.info(incidentLine(item));
    let incident;
    if (incidentPull !== undefined) {
        const view = incidentView(incidentPull, collected[0], inputs.restoreOnRollback);
        const body = renderIncidentComment(view, inputs.timeZone);
        const comment = inputs.comment
            ? await upsertIncidentComment(github, incidentPull.ref, incidentPull.record.number, body)
            : undefined;
        if (comment !== undefined)
            log.info(`Incident comment ${comment.action} on #${incidentPull.record.number}`);
        incident = { view, comment };
    }
    const datadog = deps.datadog === undefined
        ? undefined
        : await sendToDatadogOf(deps.datadog, inputs, deps, result, incident, incidentPull?.record);
    return { mode, skipped: undefined, report: result, files, incident, usage: github.usage, datadog };
}
/** The metric rules the inputs choose, over a window. */
function metricOptionsOf(inputs, since, until) {
    return {
        since,
        until,
        timeZone: inputs.timeZone,
        bucket: inputs.bucket,
        incidentLabels: inputs.incidentLabels,
        reworkLabels: inputs.reworkLabels,
        incidentSource: inputs.incidentSource,
        exclusions: inputs.exclusions,
        restoreOnRollback: inputs.restoreOnRollback,
    };
}
/** One log line per incident; its title and the deployment names are external text (never a workflow command). */
function incidentLine(item) {
    const culprit = item.attribution.culprit === undefined ? "unattributed" : (0,src/* logText */.kc)(item.attribution.culprit.label);
    const recovery = item.restoreMs === undefined ? (item.problem ?? "not restored") : (0,src/* humanDuration */.UU)(item.restoreMs);
    return `Incident ${item.pull.repo}#${item.pull.number} "${(0,src/* logText */.kc)(item.pull.title)}": culprit ${culprit}, recovery ${recovery}`;
}
function skipReason(pull, number, labels) {
    if (pull === undefined || !isIncident(pull.record, labels)) {
        return `PR #${number} has no incident label (${labels.join(", ")}): nothing to measure`;
    }
    if (pull.closedUnmerged)
        return `PR #${number} was closed without merging: nothing to measure`;
    return undefined;
}
/**
 * Incident mode: the merged incident PR as a DORA failure event (restored when its fix deployed) and
 * its culprit marked failed with the remediation. Report mode with datadog-backfill: the window's
 * deployments and incidents, idempotent by id, and every failed deployment marked.
 */
async function sendToDatadogOf(datadog, inputs, deps, result, incident, incidentRecord) {
    let plan;
    if (incident !== undefined && incidentRecord !== undefined) {
        if (!incident.view.merged)
            return undefined;
        plan = incidentPlan(incident.view, incidentRecord, inputs, deps.context);
    }
    else if (inputs.datadog.backfill)
        plan = backfillPlan(result, inputs, deps.context);
    else
        return undefined;
    return deps.log.group("Datadog DORA Metrics", () => (0,src_datadog/* sendToDatadog */.Ss)(datadog, plan, inputs.datadog, deps.clock.now(), deps.log));
}
function incidentPlan(view, pull, inputs, context) {
    const { culprit } = view.attribution;
    const remediation = view.restoredBy === "rollback" && view.rollback !== undefined
        ? { deployment: view.rollback, type: "rollback" }
        : view.restoredBy === "fix" && view.fix !== undefined
            ? { deployment: view.fix, type: "rollforward" }
            : undefined;
    const failure = (0,src_datadog/* failureEventOf */.wE)({
        pull,
        start: view.attribution.start,
        restoredAt: view.restoreMs === undefined ? undefined : view.attribution.start + view.restoreMs,
        environment: (remediation?.deployment ?? culprit)?.environment,
    }, inputs.datadog, context);
    return {
        events: [{ kind: "failure", attributes: failure }],
        marks: culprit === undefined ? [] : [{ failed: culprit, remediation }],
    };
}
function backfillPlan(result, inputs, context) {
    const events = [];
    const marks = [];
    for (const repository of result.repositories) {
        const { metrics } = repository;
        for (const deployment of metrics.deployments)
            for (const attributes of (0,src_datadog/* deploymentEventsOf */.YC)(deployment, inputs.datadog, context))
                events.push({ kind: "deployment", attributes });
        for (const item of metrics.incidents)
            events.push({
                kind: "failure",
                attributes: (0,src_datadog/* failureEventOf */.wE)({
                    pull: item.pull,
                    start: item.attribution.start,
                    restoredAt: item.restoreMs === undefined ? undefined : item.attribution.start + item.restoreMs,
                    environment: (item.restoredBy === "rollback" ? item.rollback : item.fix)?.environment,
                }, inputs.datadog, context),
            });
        for (const failed of metrics.failedDeployments)
            marks.push({ failed, remediation: remediationOf(failed, metrics) });
    }
    return { events, marks };
}
/** What remediated a failed deployment: its incident's rollback or fix (whichever ended it), or the rollback that undid it. */
function remediationOf(failed, metrics) {
    const same = (other) => other?.repo === failed.repo && other.id === failed.id;
    const incident = metrics.incidents.find((item) => same(item.attribution.culprit) && item.restoredBy !== undefined);
    if (incident?.restoredBy === "rollback" && incident.rollback !== undefined)
        return { deployment: incident.rollback, type: "rollback" };
    if (incident?.restoredBy === "fix" && incident.fix !== undefined)
        return { deployment: incident.fix, type: "rollforward" };
    const rollback = metrics.rollbacks.find((item) => same(item.undid[0]));
    return rollback === undefined ? undefined : { deployment: rollback.deployment, type: "rollback" };
}

;// CONCATENATED MODULE: ./src/chart.ts
/**
 * Mermaid `xychart-beta` trend charts, which GitHub renders in job summaries and comments. Looked
 * at in a browser, three things make such a chart readable: at most ~8 x-axis labels (a year of
 * weeks is 52 labels, which overlap into a smear), no point drawn where a bucket has no data (a
 * week without incidents is not a 0-hour restore), and the full width of the page.
 */
/** Labels shown on the x-axis at most; the other ticks stay unlabelled. */
const MAX_TICK_LABELS = 8;
/** Wider than a job summary's content column: GitHub scales the chart down to the full width. */
const WIDTH = 1200;
const HEIGHT = 360;
/** The default palette draws lines in a pale lavender that nearly vanishes on white: one strong blue, readable on light and dark. */
const PLOT_COLOR = "#2f81f7";
const ZERO_WIDTH_SPACE = "\u200b";
// Mermaid's grammar ends a quoted label at `"`; a label is our bucket name, quoted defensively anyway.
const quote = (text) => `"${text.replace(/"/g, "'")}"`;
/**
 * Every `step`-th label, first and last kept when they fit: at most `max` labels. An unlabelled
 * tick is a distinct run of zero-width spaces (Mermaid merges categories with the same name).
 */
function tickLabels(labels, max = MAX_TICK_LABELS) {
    const step = Math.max(1, Math.ceil(labels.length / max));
    return labels.map((label, index) => (index % step === 0 ? label : ZERO_WIDTH_SPACE.repeat(index)));
}
/** The chart, or a sentence saying there is nothing to draw. */
function trendChart(series) {
    const points = series.points.filter((point) => point.value !== undefined);
    if (points.length === 0)
        return `**${series.title}**: no data in a whole bucket of the window.`;
    const skipped = series.points.length - points.length;
    const values = points.map((point) => Number(point.value.toFixed(2)));
    const top = Math.max(1, ...values);
    const title = skipped > 0
        ? `${series.title} (${skipped} ${skipped === 1 ? "bucket" : "buckets"} without data left out)`
        : series.title;
    return [
        "```mermaid",
        "---",
        "config:",
        "  xyChart:",
        `    width: ${WIDTH}`,
        `    height: ${HEIGHT}`,
        "  themeVariables:",
        "    xyChart:",
        `      plotColorPalette: "${PLOT_COLOR}"`,
        "---",
        "xychart-beta",
        `  title ${quote(title)}`,
        `  x-axis [${tickLabels(points.map((point) => point.label))
            .map(quote)
            .join(", ")}]`,
        `  y-axis ${quote(series.unit)} 0 --> ${Number((top * 1.1).toFixed(2))}`,
        `  ${series.kind} [${values.join(", ")}]`,
        "```",
    ].join("\n");
}

;// CONCATENATED MODULE: ./src/summary.ts





const percent = (value) => (value === undefined ? "–" : `${(value * 100).toFixed(1)}%`);
const duration = (ms) => (ms === undefined ? "–" : (0,src/* humanDuration */.UU)(ms));
const SOURCE_LABEL = {
    "incident-start": "Incident-Start line",
    "caused-by": "Caused-by culprit",
    revert: "reverted PR",
    "last-deployment": "last deployment before the fix PR",
    estimate: "fix PR opened (estimate)",
};
function tierCell(tiers, metric) {
    const result = tiers[metric];
    return result.tier ?? `– (${result.why ?? "no band"})`;
}
function metricsTable(metrics, numbers, tiers) {
    const lead = metrics.leadTime;
    const restore = metrics.timeToRestore;
    const phases = ["coding", "pickup", "review", "deploy"]
        .map((phase) => `${phase} ${duration(metrics.phases[phase].median)}`)
        .join(" · ");
    return (0,src/* table */.tp)(["Metric", "Value", "Tier", "Detail"], [
        [
            "Deployment frequency",
            `${numbers.deploymentFrequency.toFixed(2)}/day`,
            tierCell(tiers, "deployment-frequency"),
            `${numbers.deployments} deployments in ${metrics.days.toFixed(1)} days; median deploy-days per ISO week ${metrics.deployDaysPerWeekMedian ?? "–"}`,
        ],
        [
            "Lead time for changes",
            duration(lead.median),
            tierCell(tiers, "lead-time"),
            `p75 ${duration(lead.p75)} · p90 ${duration(lead.p90)} · mean ${duration(lead.mean)} (${lead.count} PRs); median phases: ${phases}`,
        ],
        [
            "Change failure rate",
            percent(numbers.changeFailureRate),
            tierCell(tiers, "change-failure-rate"),
            `${metrics.failedDeployments.length} of ${numbers.deployments} deployments (${metrics.rollbacks.length} rolled back); ${metrics.incidentsPerDeployment?.toFixed(3) ?? "–"} incidents per deployment`,
        ],
        [
            "Failed deployment recovery time (time to restore)",
            duration(restore.median),
            tierCell(tiers, "time-to-restore"),
            `mean ${duration(restore.mean)} · p90 ${duration(restore.p90)} (${restore.count} incidents)`,
        ],
        [
            "Rework rate",
            percent(numbers.reworkRate),
            tierCell(tiers, "rework-rate"),
            `${metrics.reworkDeployments.length} deployments shipped a rework-labelled PR or a revert`,
        ],
        ["Incidents", String(numbers.incidents), "", `${metrics.unattributed.length} without a culprit deployment`],
    ]);
}
/**
 * One chart per metric over the whole buckets of the window: a bucket the window clips (the current
 * week so far) would read as a drop in frequency and a jump in lead time, so it is left out and
 * named under the charts; a bucket without data for a metric is left out of that chart.
 */
function trendCharts(metrics) {
    const whole = metrics.buckets.filter((bucket) => !bucket.partial);
    const partial = metrics.buckets.filter((bucket) => bucket.partial);
    const points = (value) => whole.map((bucket) => ({ label: bucket.label, value: value(bucket) }));
    const hoursOf = (ms) => (ms === undefined ? undefined : ms / HOUR);
    const percentOf = (rate) => (rate === undefined ? undefined : rate * 100);
    const note = partial.length === 0
        ? undefined
        : `Partial ${partial.length === 1 ? "bucket" : "buckets"} left out of the trend (the window covers only part of ${partial.length === 1 ? "it" : "them"}): ${partial.map((bucket) => `${bucket.label} (${(summary_bucketDays(bucket) || 0).toFixed(1)} days)`).join(", ")}. The table above counts them.`;
    if (whole.length === 0)
        return note ?? "No whole bucket in the window.";
    return (0,src/* sections */.V0)(trendChart({
        title: "Deployments per day",
        unit: "per day",
        kind: "bar",
        points: points((b) => b.deploymentFrequency),
    }), trendChart({
        title: "Lead time (median)",
        unit: "hours",
        kind: "line",
        points: points((b) => hoursOf(b.leadTimeMedianMs)),
    }), trendChart({
        title: "Change failure rate",
        unit: "%",
        kind: "line",
        points: points((b) => percentOf(b.changeFailureRate)),
    }), trendChart({
        title: "Failed deployment recovery time (median)",
        unit: "hours",
        // Bars: incidents are sparse, and a line would draw recoveries across weeks that had none.
        kind: "bar",
        points: points((b) => hoursOf(b.timeToRestoreMedianMs)),
    }), trendChart({ title: "Rework rate", unit: "%", kind: "line", points: points((b) => percentOf(b.reworkRate)) }), note);
}
const summary_bucketDays = (bucket) => (bucket.end - bucket.start) / 86_400_000;
/** A PR or issue as a link with its number, then its title as literal text (no link, mention or markup of its own). */
const pullCell = (pull) => `${(0,src/* link */.nf)(`${pull.repo}#${pull.number}`, pull.url)} ${(0,src/* markdownText */.p7)(pull.title)}`;
function incidentTable(incidents, timeZone) {
    if (incidents.length === 0)
        return "No incident PRs in the window.";
    return (0,src/* table */.tp)(["PR", "Start", "Source of the start", "Culprit", "Fix deployed", "Restore time", "Notes"], incidents.map((incident) => [
        pullCell(incident.pull),
        (0,src/* formatInZone */.FL)(incident.attribution.start, timeZone),
        SOURCE_LABEL[incident.attribution.source],
        (0,src/* markdownText */.p7)(incident.attribution.culprit?.label ?? "unattributed"),
        summary_restoredCell(incident, timeZone),
        duration(incident.restoreMs),
        (0,src/* markdownText */.p7)([incident.problem, ...incident.attribution.notes].filter(Boolean).join("; ")),
    ]));
}
/** What ended the incident: the fix's deployment, a rollback of the culprit, or (an issue) its close. */
function summary_restoredCell(incident, timeZone) {
    if (incident.restoredBy === "rollback" && incident.rollback !== undefined) {
        return `rollback ${(0,src/* markdownText */.p7)(incident.rollback.label)} ${(0,src/* formatInZone */.FL)(incident.rollback.at, timeZone)}`;
    }
    if (incident.restoredBy === "close" && incident.pull.closedAt !== undefined) {
        return `issue closed ${(0,src/* formatInZone */.FL)(incident.pull.closedAt, timeZone)}`;
    }
    return incident.fix === undefined
        ? "not yet"
        : `${(0,src/* markdownText */.p7)(incident.fix.label)} ${(0,src/* formatInZone */.FL)(incident.fix.at, timeZone)}`;
}
function renderSummary(input, links) {
    const { combined, timeZone } = input;
    const numbers = headline(combined);
    const tiers = tiersOf(input.doraReport, numbers);
    const tierTable = TIER_TABLES[input.doraReport];
    const repos = input.repositories.map((entry) => `${entry.repo} (${entry.base})`).join(", ");
    const window = `${(0,src/* formatInZone */.FL)(combined.since, timeZone)} – ${(0,src/* formatInZone */.FL)(combined.until, timeZone)}`;
    const usage = input.usage;
    return (0,src/* sections */.V0)((0,src/* heading */.R_)(`DORA metrics: ${(0,src/* markdownText */.p7)(repos)}`, 2), `${window} · deployments from \`${input.source}\` · ${(0,src/* link */.nf)("definitions", links.definitionsUrl)} · tiers from ${(0,src/* link */.nf)(tierTable.source, tierTable.url)} (no overall tier)`, metricsTable(combined, numbers, tiers), input.repositories.length > 1
        ? (0,src/* sections */.V0)((0,src/* heading */.R_)("Per repository", 3), (0,src/* table */.tp)(["Repository", "Deployments", "Per day", "Lead time", "CFR", "Restore", "Rework", "Incidents"], input.repositories.map(({ repo, metrics }) => {
            const each = headline(metrics);
            return [
                (0,src/* markdownText */.p7)(repo),
                each.deployments,
                each.deploymentFrequency.toFixed(2),
                duration(metrics.leadTime.median),
                percent(each.changeFailureRate),
                duration(metrics.timeToRestore.median),
                percent(each.reworkRate),
                each.incidents,
            ];
        })))
        : undefined, (0,src/* heading */.R_)("Trend per bucket", 3), trendCharts(combined), (0,src/* heading */.R_)("Incidents", 3), incidentTable(combined.incidents, timeZone), combined.unattributed.length > 0
        ? `**Unattributable incidents** (counted in incidents and restore time, not in the change failure rate): ${combined.unattributed.map((i) => (0,src/* link */.nf)(`#${i.pull.number}`, i.pull.url)).join(", ")}`
        : undefined, combined.negative.length > 0
        ? `**Negative durations, excluded:** ${combined.negative.map((flag) => `${(0,src/* link */.nf)(`#${flag.pull.number}`, flag.pull.url)} ${flag.what} ${(0,src/* humanDuration */.UU)(flag.ms)}`).join(", ")}`
        : undefined, combined.undeployed.length > 0
        ? `**Merged, not deployed yet** (no lead time): ${combined.undeployed.map((pull) => (0,src/* link */.nf)(`#${pull.number}`, pull.url)).join(", ")}`
        : undefined, combined.excluded.length > 0
        ? (0,src/* details */.zH)(`Excluded PRs (${combined.excluded.length})`, (0,src/* table */.tp)(["PR", "Why"], combined.excluded.map(({ pull, reason }) => [pullCell(pull), (0,src/* markdownText */.p7)(reason)])))
        : "No PR was excluded.", links.datadog === undefined ? undefined : datadogLine(links.datadog), `API cost: ${usage.graphqlRequests} GraphQL requests (${usage.graphqlPoints} points, ${usage.graphqlRemaining ?? "?"} left) and ${usage.restRequests} REST requests${usage.wallMs === undefined ? "" : ` in ${(usage.wallMs / 1000).toFixed(1)} s`}. Files: ${(0,src/* codeSpan */.SS)(links.files.json)}, ${(0,src/* codeSpan */.SS)(links.files.csv)}.`);
}
/** What Datadog DORA Metrics got: events sent, and deployments marked failed (what its CFR and recovery time count). */
function datadogLine(outcome) {
    const parts = [
        `${outcome.sent} event(s) sent${outcome.failed > 0 ? `, ${outcome.failed} refused` : ""}${outcome.tooOld > 0 ? `, ${outcome.tooOld} past the 2-year retention skipped` : ""}`,
        `${outcome.marked} deployment event(s) marked failed${outcome.unmarked > 0 ? `, ${outcome.unmarked} not (see the log)` : ""}`,
        outcome.unmarkable > 0
            ? `${outcome.unmarkable} failed deployment(s) not marked: set datadog-app-key (dora_metrics_write)`
            : undefined,
    ];
    return `Datadog DORA Metrics: ${parts.filter(Boolean).join("; ")}.`;
}
/** The summary of a run that failed: what went wrong, what to do, and what it cost so far. */
function renderFailureSummary(failure, result) {
    const usage = result.usage;
    return (0,src/* sections */.V0)((0,src/* heading */.R_)("incident-label-metrics failed", 2), (0,src/* markdownText */.p7)(failure.message), failure.hint === undefined ? undefined : `**What to do:** ${(0,src/* markdownText */.p7)(failure.hint)}`, `Nothing was reported and no comment was written. API cost so far: ${usage.graphqlRequests} GraphQL and ${usage.restRequests} REST requests.`);
}

;// CONCATENATED MODULE: ./src/execute.ts









/**
 * The whole action: the report (or incident comment), its outputs and its job summary. A failure
 * the user can act on comes back as `failure`, so the outputs and the summary are still written.
 */
async function execute(inputs, deps) {
    let result;
    try {
        result = await report(inputs, deps);
    }
    catch (error) {
        // A 401/403/404 names github-token and the permissions this mode needs.
        const failure = (0,src/* explainGitHubError */.Pm)(error, { permissions: permissionsFor(inputs) }) ?? error;
        if (!(failure instanceof src/* ActionError */.lZ))
            throw failure;
        const failed = {
            mode: inputs.mode ?? "report",
            skipped: undefined,
            report: undefined,
            files: undefined,
            incident: undefined,
            usage: deps.github.usage,
        };
        return { result: failed, outputs: outputsOf(failed), summary: renderFailureSummary(failure, failed), failure };
    }
    const summary = result.report === undefined || result.files === undefined
        ? `incident-label-metrics: ${result.skipped ?? "nothing to report"}\n`
        : renderSummary(result.report, {
            definitionsUrl: deps.definitionsUrl,
            files: result.files,
            datadog: result.datadog,
        });
    return { result, outputs: outputsOf(result), summary };
}
/**
 * The composition root, the only wiring: real clients from the inputs and the environment
 * (`GITHUB_API_URL`, `DATADOG_API_URL`, `RUNNER_TEMP`, `GITHUB_ACTION_REPOSITORY`/`_REF`). Tests call
 * it with the fakes' endpoints in `env` and their clock, a memory logger and a run context as overrides.
 */
function productionDeps(inputs, env = process.env, overrides = {}) {
    const log = overrides.log ?? src/* actionsLogger */.MV;
    const clock = overrides.clock ?? src/* systemClock */.ml;
    const { GITHUB_ACTION_REPOSITORY: repository, GITHUB_ACTION_REF: ref, RUNNER_TEMP } = env;
    const { apiKey, appKey, site } = inputs.datadog;
    return {
        github: new OctokitGitHub(createOctokit({ token: inputs.githubToken, log, baseUrl: env["GITHUB_API_URL"] || undefined })),
        clock,
        log,
        context: overrides.context ?? currentRunContext(),
        tempDir: RUNNER_TEMP || (0,external_node_os_.tmpdir)(),
        // Built only when a key is set; DATADOG_API_URL is read (and held to loopback) by core's factory.
        datadog: apiKey === undefined
            ? undefined
            : (0,datadog/* createDatadogClient */._N)({ apiKey, appKey, site, sleep: (ms) => clock.sleep(ms), env }),
        definitionsUrl: repository && ref
            ? `https://github.com/${repository}/blob/${ref}/actions/incident-label-metrics/README.md#definitions`
            : undefined,
    };
}


/***/ })

};

//# sourceMappingURL=934.index.js.map