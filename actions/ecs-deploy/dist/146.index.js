export const id = 146;
export const ids = [146];
export const modules = {

/***/ 5146:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  productionDeps: () => (/* binding */ productionDeps)
});

// EXTERNAL MODULE: ../../packages/core/src/index.ts + 26 modules
var src = __webpack_require__(3014);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-application-auto-scaling@3.1141.0/node_modules/@aws-sdk/client-application-auto-scaling/dist-cjs/index.js
var dist_cjs = __webpack_require__(1837);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-ecs@3.1164.0/node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var client_ecs_dist_cjs = __webpack_require__(1234);
// EXTERNAL MODULE: ../../packages/core/src/aws-errors.ts
var aws_errors = __webpack_require__(6743);
// EXTERNAL MODULE: ../../packages/core/src/region.ts
var region = __webpack_require__(3392);
;// CONCATENATED MODULE: ../../packages/core/src/aws.ts






/**
 * Settings every AWS client shares: adaptive retry (client-side rate limiting on throttling
 * errors), enough attempts to ride out a throttling storm, and the SDK's own support for
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>, which stays in force because no endpoint is set here.
 */
function awsClientConfig(options = {}) {
    return {
        region: (0,region/* resolveRegion */.Z)(options.region),
        retryMode: "adaptive",
        maxAttempts: 10,
        customUserAgent: "sre-actions",
        ...options.overrides,
    };
}
/**
 * Any AWS SDK client with the shared settings, its errors tagged with the operation and region
 * so a failure names the IAM action (`explainAwsError`).
 */
function createAwsClient(Client, options = {}) {
    const config = awsClientConfig(options);
    return (0,aws_errors/* tagAwsErrors */.ZN)(new Client(config), config.region);
}
const createEcsClient = (options = {}) => createAwsClient(client_ecs_dist_cjs/* ECSClient */.Zgc, options);
const createAutoScalingClient = (options = {}) => createAwsClient(dist_cjs/* ApplicationAutoScalingClient */.gd, options);

// EXTERNAL MODULE: ../../packages/core/src/datadog.ts
var datadog = __webpack_require__(1548);
// EXTERNAL MODULE: ../../packages/core/src/ecs.ts + 1 modules
var ecs = __webpack_require__(7214);
// EXTERNAL MODULE: ../../packages/core/src/ecs-sleep.ts
var ecs_sleep = __webpack_require__(7289);
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
    return exactlyOnce({
        what: `comment on #${comment.issueNumber}`,
        attempt: async () => (await octokit.rest.issues.createComment({
            owner: comment.owner,
            repo: comment.repo,
            issue_number: comment.issueNumber,
            body: comment.body,
            request: { retries: 0 },
        })).data.id,
        readBack: findMarked,
        clock: deps.clock ?? systemClock,
        log: deps.log ?? actionsLogger,
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

// EXTERNAL MODULE: ./src/report/github-deployment.ts
var github_deployment = __webpack_require__(2207);
// EXTERNAL MODULE: ./src/report/release-notes.ts
var release_notes = __webpack_require__(9887);
;// CONCATENATED MODULE: ./src/report/release-notes-github.ts

/**
 * The environment's newest deployments, each with its latest status and the statuses that say
 * whether it ever succeeded. 50 deployments × 20 statuses: 1,050 nodes, 1 point.
 */
const DEPLOYMENTS_QUERY = /* GraphQL */ `
query ReleaseNotesDeployments($owner: String!, $name: String!, $environment: String!, $count: Int!) {
  repository(owner: $owner, name: $name) {
    deployments(environments: [$environment], first: $count, orderBy: { field: CREATED_AT, direction: DESC }) {
      nodes {
        databaseId
        commitOid
        createdAt
        latestStatus { state }
        statuses(first: ${release_notes/* STATUSES_READ */.CK}) { nodes { state createdAt logUrl } }
      }
    }
  }
}`;
const PULL_FIELDS = /* GraphQL */ `
fragment ReleasePull on PullRequest {
  number
  title
  url
  state
  mergedAt
  author { login }
  labels(first: ${release_notes/* LABELS_PER_PULL */.MD}) { nodes { name } }
}`;
/**
 * `associatedPullRequests` of each commit, one alias per commit. At the compare cap (250 commits):
 * 250 + 250 × 5 connections = 15 points, and 250 × 5 × (1 + 50) = 63,750 nodes, far under GitHub's
 * 500,000-node limit. The SHAs are checked to be 40 hex digits before they reach the text.
 */
function commitPullsQuery(shas) {
    const fields = shas.map((sha, index) => {
        if (!/^[0-9a-f]{40}$/i.test(sha))
            throw new Error(`commitPullsQuery: not a commit SHA: ${sha}`);
        return `    c${index}: object(oid: "${sha}") { ... on Commit { associatedPullRequests(first: ${release_notes/* PULLS_PER_COMMIT */.vl}) { nodes { ...ReleasePull } } } }`;
    });
    return `
query ReleaseNotesPulls($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
${fields.join("\n")}
  }
}
${PULL_FIELDS}`;
}
/** The release notes' GitHub calls through Octokit (`createOctokit`: retries and rate-limit waits). */
function octokitReleaseNotes(octokit, repo) {
    const names = { owner: repo.owner, name: repo.repo };
    return {
        async deployments(environment, count) {
            const data = await octokit.graphql(DEPLOYMENTS_QUERY, { ...names, environment, count });
            return (data.repository.deployments.nodes ?? []).filter((node) => node !== null);
        },
        async compare(base, head) {
            // No `page`/`per_page`: GitHub then lists the newest 250 commits, which is what notes want.
            const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
                owner: repo.owner,
                repo: repo.repo,
                basehead: `${base}...${head}`,
            });
            return data;
        },
        async associatedPullRequests(shas) {
            const byCommit = new Map();
            if (shas.length === 0)
                return byCommit;
            const data = await octokit.graphql(commitPullsQuery(shas), names);
            shas.forEach((sha, index) => {
                const nodes = data.repository[`c${index}`]?.associatedPullRequests?.nodes ?? [];
                byCommit.set(sha, nodes.filter((node) => node !== null));
            });
            return byCommit;
        },
    };
}

;// CONCATENATED MODULE: ./src/wiring.ts








/** The non-idempotent writes (RegisterTaskDefinition, RunTask, CreateDeployment) go without SDK retries: they read back instead. */
const NO_RETRY = { maxAttempts: 1, retryStrategy: undefined };
/**
 * The composition root, the only one: production calls it with nothing, tests with the fakes'
 * endpoints, a clock and a logger. The SDKs a run may not need (CodeDeploy, CloudWatch, Scheduler,
 * EventBridge, ECR, Logs) are loaded on first use.
 */
function productionDeps(inputs, wiring = {}) {
    const { region } = inputs;
    const log = wiring.log ?? src/* actionsLogger */.MV;
    const clock = wiring.clock ?? src/* systemClock */.ml;
    const context = wiring.context ?? currentRunContext();
    const options = (extra = {}) => ({ region, overrides: { ...wiring.aws, ...extra } });
    const aws = (Client, extra = {}) => createAwsClient(Client, options(extra));
    const ecsClient = createEcsClient(options());
    return {
        // RegisterTaskDefinition and RunTask through a client without SDK retries (before/exactly-once.ts reads back instead).
        ecs: (0,ecs/* ecsPort */.bF)(ecsClient, createEcsClient(options(NO_RETRY))),
        // if-stopped start: the restore fargate-spot-toggle's start uses (core's ecs-sleep).
        restore: (0,ecs_sleep/* restorePorts */.Bn)(ecsClient, createAutoScalingClient(options())),
        logs: (0,src/* lazyPort */.mY)(async () => {
            const { CloudWatchLogsClient, logsPort } = await Promise.all(/* import() */[__webpack_require__.e(422), __webpack_require__.e(537)]).then(__webpack_require__.bind(__webpack_require__, 8537));
            return logsPort(aws(CloudWatchLogsClient));
        }),
        ecr: (0,src/* lazyPort */.mY)(async () => {
            const { ECRClient, ecrPort } = await Promise.all(/* import() */[__webpack_require__.e(862), __webpack_require__.e(82)]).then(__webpack_require__.bind(__webpack_require__, 4082));
            return ecrPort(aws(ECRClient));
        }),
        codeDeploy: (0,src/* lazyPort */.mY)(async () => {
            const { CodeDeployClient, codeDeployPort } = await Promise.all(/* import() */[__webpack_require__.e(6), __webpack_require__.e(944)]).then(__webpack_require__.bind(__webpack_require__, 5944));
            return codeDeployPort(aws(CodeDeployClient), aws(CodeDeployClient, NO_RETRY));
        }),
        cloudWatch: (0,src/* lazyPort */.mY)(async () => {
            const { CloudWatchClient, cloudWatchPort } = await Promise.all(/* import() */[__webpack_require__.e(622), __webpack_require__.e(202)]).then(__webpack_require__.bind(__webpack_require__, 5202));
            return cloudWatchPort(aws(CloudWatchClient));
        }),
        scheduler: (0,src/* lazyPort */.mY)(async () => {
            const { SchedulerClient, schedulerPort } = await Promise.all(/* import() */[__webpack_require__.e(89), __webpack_require__.e(65)]).then(__webpack_require__.bind(__webpack_require__, 2065));
            return schedulerPort(aws(SchedulerClient));
        }),
        events: (0,src/* lazyPort */.mY)(async () => {
            const { EventBridgeClient, eventsPort } = await Promise.all(/* import() */[__webpack_require__.e(89), __webpack_require__.e(65)]).then(__webpack_require__.bind(__webpack_require__, 2065));
            return eventsPort(aws(EventBridgeClient));
        }),
        ...githubPorts(inputs, log, context, wiring),
        datadog: inputs.datadog.apiKey === undefined
            ? undefined
            : (0,datadog/* createDatadogClient */._N)({
                apiKey: inputs.datadog.apiKey,
                appKey: inputs.datadog.appKey,
                site: inputs.datadog.site,
                // DATADOG_API_URL is read (and held to loopback) by core's factory.
                ...(wiring.datadogApiUrl === undefined ? {} : { baseUrl: wiring.datadogApiUrl }),
                sleep: (ms) => clock.sleep(ms),
            }),
        clock,
        log,
        region,
        context,
        mask: wiring.mask ?? src/* maskValue */.QS,
        signal: wiring.signal,
        journal: wiring.journal,
    };
}
/** GitHub deployments and release notes, with github-environment (and the token, github.token by default). */
function githubPorts(inputs, log, context, wiring) {
    if (inputs.githubEnvironment === undefined || inputs.githubToken === undefined)
        return {};
    const octokit = createOctokit({ token: inputs.githubToken, log, ...wiring.octokit });
    return { github: (0,github_deployment/* octokitDeployments */.w)(octokit, context), releaseNotes: octokitReleaseNotes(octokit, context) };
}


/***/ })

};

//# sourceMappingURL=146.index.js.map