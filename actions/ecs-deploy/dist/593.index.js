export const id = 593;
export const ids = [593];
export const modules = {

/***/ 2207:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ githubDeploymentTracker),
/* harmony export */   w: () => (/* binding */ octokitDeployments)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _sre_actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(728);


function octokitDeployments(octokit, repo) {
    return {
        async createDeployment(request) {
            const created = await octokit.rest.repos.createDeployment({
                owner: repo.owner,
                repo: repo.repo,
                ref: request.ref,
                environment: request.environment,
                description: request.description,
                auto_merge: false,
                required_contexts: [],
                production_environment: request.production,
                transient_environment: false,
                payload: { [MARKER_KEY]: request.marker },
                // plugin-retry would send the POST again after a 5xx: the tracker reads back instead.
                request: { retries: 0 },
            });
            return "id" in created.data ? created.data.id : undefined;
        },
        async findDeployment(request) {
            const listed = await octokit.rest.repos.listDeployments({
                owner: repo.owner,
                repo: repo.repo,
                ...(/^[0-9a-f]{40}$/.test(request.ref) ? { sha: request.ref } : { ref: request.ref }),
                environment: request.environment,
                per_page: 30,
            });
            const payloadOf = (payload) => (typeof payload === "string" ? safeJson(payload) : payload);
            return listed.data.find((deployment) => {
                const payload = payloadOf(deployment.payload);
                return payload?.[MARKER_KEY] === request.marker;
            })?.id;
        },
        async createStatus(id, status) {
            await octokit.rest.repos.createDeploymentStatus({
                owner: repo.owner,
                repo: repo.repo,
                deployment_id: id,
                state: status.state,
                log_url: status.logUrl,
                environment_url: status.environmentUrl,
                description: status.description,
                auto_inactive: status.state === "success",
            });
        },
    };
}
/** The payload key that marks which run created a deployment (read back after a lost answer). */
const MARKER_KEY = "sre-actions-run";
function safeJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
/**
 * GitHub deployments are a record, not the deploy itself: a GitHub API failure becomes a
 * warning and never fails (or blocks) the ECS deployment.
 */
function githubDeploymentTracker(github, run, log, clock) {
    let id;
    let environmentUrl = "";
    const production = (environment) => /^prod(uction)?$/i.test(environment);
    const setStatus = async (state, description) => {
        if (id === undefined)
            return;
        await github.createStatus(id, {
            state,
            logUrl: run.runUrl,
            environmentUrl,
            description: description.slice(0, 140),
        });
    };
    return {
        get id() {
            return id;
        },
        adopt(existing, url) {
            id = existing;
            environmentUrl = url;
        },
        async progress(description) {
            try {
                await setStatus("in_progress", description);
            }
            catch (error) {
                log.warning(`Could not update the GitHub deployment status: ${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_1__/* .describeError */ .Uc)(error)}`);
            }
        },
        async start(environment, description, url) {
            environmentUrl = url;
            try {
                const ref = run.sha || run.ref;
                const marker = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)("sha256")
                    .update(`${run.runUrl}\n${environment}\n${clock.now()}`)
                    .digest("hex")
                    .slice(0, 32);
                // CreateDeployment is not idempotent: after a lost answer, look for our marker before sending again.
                id = await (0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_1__/* .exactlyOnce */ ._9)({
                    what: `create the GitHub deployment for ${environment}`,
                    attempt: () => github.createDeployment({
                        ref,
                        environment,
                        description: description.slice(0, 140),
                        production: production(environment),
                        marker,
                    }),
                    readBack: () => github.findDeployment({ ref, environment, marker }),
                    clock,
                    log,
                    attempts: 3,
                });
                await setStatus("in_progress", description);
            }
            catch (error) {
                log.warning(`Could not create the GitHub deployment for ${environment}: ${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_1__/* .describeError */ .Uc)(error)}`);
            }
        },
        async finish(state, description) {
            try {
                await setStatus(state, description);
            }
            catch (error) {
                log.warning(`Could not update the GitHub deployment status: ${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_1__/* .describeError */ .Uc)(error)}`);
            }
        },
    };
}


/***/ }),

/***/ 5593:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  productionDeps: () => (/* binding */ productionDeps)
});

// EXTERNAL MODULE: ../../packages/core/src/index.ts + 24 modules
var src = __webpack_require__(728);
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
const createLogsClient = (options = {}) => createAwsClient(CloudWatchLogsClient, options);
const createAutoScalingClient = (options = {}) => createAwsClient(dist_cjs/* ApplicationAutoScalingClient */.gd, options);
// ecs-deploy's pre-flight (ECR images) and scheduled-tasks (EventBridge Scheduler and rules).
const createEcrClient = (options = {}) => createAwsClient(ECRClient, options);
const createSchedulerClient = (options = {}) => createAwsClient(SchedulerClient, options);
const createEventBridgeClient = (options = {}) => createAwsClient(EventBridgeClient, options);

// EXTERNAL MODULE: ../../packages/core/src/datadog.ts
var datadog = __webpack_require__(1548);
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
    const baseUrl = options.baseUrl ?? process.env.GITHUB_API_URL;
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
/** The current run's context, read from the runner's environment and event file. */
function currentRunContext() {
    return (0,context/* runContext */.p)(github/* context */._);
}

;// CONCATENATED MODULE: ./src/adapters/ecs.ts


/**
 * `writes` sends the two calls that are not idempotent (RegisterTaskDefinition, RunTask): production
 * gives it a client without SDK retries, as exactly-once.ts reads back before sending again.
 */
function ecsPort(client, writes = client) {
    return {
        describeServices: (input) => client.send(new client_ecs_dist_cjs/* DescribeServicesCommand */.H7c(input)),
        describeTaskDefinition: (input) => client.send(new client_ecs_dist_cjs/* DescribeTaskDefinitionCommand */.Zy$(input)),
        registerTaskDefinition: (input) => writes.send(new client_ecs_dist_cjs/* RegisterTaskDefinitionCommand */.$Hl(input)),
        deregisterTaskDefinition: (input) => client.send(new client_ecs_dist_cjs/* DeregisterTaskDefinitionCommand */.sjB(input)),
        listTaskDefinitions: (input) => client.send(new client_ecs_dist_cjs/* ListTaskDefinitionsCommand */.Pse(input)),
        updateService: (input) => client.send(new client_ecs_dist_cjs/* UpdateServiceCommand */.kZr(input)),
        listServices: (input) => client.send(new client_ecs_dist_cjs/* ListServicesCommand */.qde(input)),
        listTasks: (input) => client.send(new client_ecs_dist_cjs/* ListTasksCommand */.MYg(input)),
        describeTasks: (input) => client.send(new client_ecs_dist_cjs/* DescribeTasksCommand */.z8X(input)),
        runTask: (input) => writes.send(new client_ecs_dist_cjs/* RunTaskCommand */._eD(input)),
        stopTask: (input) => client.send(new client_ecs_dist_cjs/* StopTaskCommand */.PP1(input)),
        tagResource: (input) => client.send(new client_ecs_dist_cjs/* TagResourceCommand */.eqU(input)),
        untagResource: (input) => client.send(new client_ecs_dist_cjs/* UntagResourceCommand */.RP$(input)),
        listServiceDeployments: (input) => client.send(new client_ecs_dist_cjs/* ListServiceDeploymentsCommand */.jz8(input)),
        describeServiceDeployments: (input) => client.send(new client_ecs_dist_cjs/* DescribeServiceDeploymentsCommand */.A6p(input)),
        stopServiceDeployment: (input) => client.send(new client_ecs_dist_cjs/* StopServiceDeploymentCommand */.a8L(input)),
        continueServiceDeployment: (input) => client.send(new client_ecs_dist_cjs/* ContinueServiceDeploymentCommand */.LrH(input)),
    };
}

// EXTERNAL MODULE: ./src/report/github-deployment.ts
var github_deployment = __webpack_require__(2207);
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
        ecs: ecsPort(ecsClient, createEcsClient(options(NO_RETRY))),
        // if-stopped start: the restore fargate-spot-toggle's start uses (core's ecs-sleep).
        sleep: (0,ecs_sleep/* sleepPorts */.Q5)(ecsClient, createAutoScalingClient(options())),
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
        github: inputs.githubEnvironment !== undefined && inputs.githubToken !== undefined
            ? (0,github_deployment/* octokitDeployments */.w)(createOctokit({ token: inputs.githubToken, log, ...wiring.octokit }), context)
            : undefined,
        datadog: inputs.datadog.apiKey === undefined
            ? undefined
            : (0,datadog/* createDatadogClient */._N)({
                apiKey: inputs.datadog.apiKey,
                appKey: inputs.datadog.appKey,
                site: inputs.datadog.site,
                baseUrl: wiring.datadogApiUrl ?? (process.env.DATADOG_API_URL || undefined),
                sleep: (ms) => clock.sleep(ms),
            }),
        clock,
        log,
        region,
        context,
        mask: wiring.mask ?? src/* maskValue */.QS,
        signal: wiring.signal,
    };
}


/***/ }),

/***/ 7289:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q5: () => (/* binding */ sleepPorts),
/* harmony export */   mS: () => (/* binding */ wakeService),
/* harmony export */   vl: () => (/* binding */ savedTagOf)
/* harmony export */ });
/* unused harmony exports TAG_SAVED, TAG_VALUE, encodeSavedState, decodeSavedState, fromEcsStrategy, toEcsStrategy, placementOf, sameStrategy, samePlacement, scalableResourceId, registerTargetInput, restoreService, compactTime, parseCompactTime */
/* harmony import */ var _aws_sdk_client_application_auto_scaling__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1837);
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1234);


/**
 * A stopped ("sleeping") ECS service: fargate-spot-toggle's `stop` saves what it changes in the
 * `sre-actions:saved` tag, and whoever wakes the service (the toggle's `start`, or ecs-deploy before
 * a deploy) restores it through `restoreService`, so there is one implementation of the restore.
 */
const TAG_SAVED = "sre-actions:saved";
// ---- the tag value ----
/**
 * Tag values allow only letters, digits, spaces and `+ - = . _ : / @` (at most 256), so no JSON:
 * space-separated `key=value` fields.
 *
 *   v1 desired=3 min=1 max=6 suspend=- cp=FARGATE:1:0/FARGATE_SPOT:4:0 at=20261125T1900Z
 *   v1 desired=2 min=- max=- suspend=- lt=FARGATE at=20261125T1900Z
 *
 * `suspend` lists the suspended scaling directions: i (dynamic in), o (dynamic out), s (scheduled).
 */
const VERSION = "v1";
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
function encodeSavedState(state) {
    const fields = [
        VERSION,
        `desired=${state.desired}`,
        `min=${state.target?.min ?? "-"}`,
        `max=${state.target?.max ?? "-"}`,
        `suspend=${suspendCode(state.target)}`,
        placementField(state.placement),
        `at=${compactTime(state.savedAt)}`,
    ];
    return fields.join(" ");
}
/** The state, or a problem saying why the value is not one this action wrote. */
function decodeSavedState(value) {
    const [version, ...rest] = value.trim().split(/ +/);
    if (version !== VERSION)
        return { problem: `unknown format "${value.slice(0, 40)}"` };
    const fields = new Map();
    for (const field of rest) {
        const eq = field.indexOf("=");
        if (eq <= 0)
            return { problem: `field "${field}" is not key=value` };
        fields.set(field.slice(0, eq), field.slice(eq + 1));
    }
    const desired = count(fields.get("desired"));
    if (desired === undefined)
        return { problem: "no desired count" };
    const min = fields.get("min");
    const max = fields.get("max");
    let target;
    if (min !== "-" || max !== "-") {
        const minCount = count(min);
        const maxCount = count(max);
        if (minCount === undefined || maxCount === undefined)
            return { problem: "min/max are not whole numbers" };
        const code = fields.get("suspend") ?? "-";
        if (!/^(-|[ios]{1,3})$/.test(code))
            return { problem: `suspend "${code}" is not - or i/o/s` };
        target = {
            min: minCount,
            max: maxCount,
            suspended: { scaleIn: code.includes("i"), scaleOut: code.includes("o"), scheduled: code.includes("s") },
        };
    }
    const placement = parsePlacement(fields);
    if (placement === undefined)
        return { problem: "no capacity strategy or launch type" };
    const savedAt = parseCompactTime(fields.get("at") ?? "");
    if (savedAt === undefined)
        return { problem: "no saved-at time" };
    return { state: { desired, target, placement, savedAt } };
}
function savedTagOf(tags) {
    const value = tags.get(TAG_SAVED);
    if (value === undefined)
        return { kind: "none" };
    const decoded = decodeSavedState(value);
    return "state" in decoded
        ? { kind: "saved", state: decoded.state }
        : { kind: "unreadable", problem: `tag ${TAG_SAVED} is unreadable: ${decoded.problem}` };
}
// ---- placements ----
function fromEcsStrategy(items) {
    return items.map((item) => ({
        provider: item.capacityProvider ?? "",
        weight: item.weight ?? 0,
        base: item.base ?? 0,
    }));
}
function toEcsStrategy(items) {
    return items.map((item) => ({ capacityProvider: item.provider, weight: item.weight, base: item.base }));
}
/** A described service's placement: its capacity provider strategy, else its launch type. */
function placementOf(service) {
    return service.capacityProviderStrategy !== undefined && service.capacityProviderStrategy.length > 0
        ? { kind: "strategy", items: fromEcsStrategy(service.capacityProviderStrategy) }
        : { kind: "launch-type", launchType: service.launchType ?? "EC2" };
}
/** Same providers, weights and bases, whatever the order. */
function sameStrategy(placement, items) {
    if (placement.kind !== "strategy")
        return false;
    const key = (list) => list
        .map((item) => `${item.provider}:${item.weight}:${item.base}`)
        .sort()
        .join(",");
    return key(placement.items) === key(items);
}
function samePlacement(a, b) {
    if (a.kind === "launch-type")
        return b.kind === "launch-type" && a.launchType === b.launchType;
    return sameStrategy(b, a.items);
}
function scalableResourceId(cluster, service) {
    return `service/${cluster}/${service}`;
}
/** RegisterScalableTarget setting min, max and all three suspended flags exactly. */
function registerTargetInput(cluster, service, target) {
    return {
        ServiceNamespace: "ecs",
        ScalableDimension: "ecs:service:DesiredCount",
        ResourceId: scalableResourceId(cluster, service),
        MinCapacity: target.min,
        MaxCapacity: target.max,
        SuspendedState: {
            DynamicScalingInSuspended: target.suspended.scaleIn,
            DynamicScalingOutSuspended: target.suspended.scaleOut,
            ScheduledScalingSuspended: target.suspended.scheduled,
        },
    };
}
/**
 * Restores a stopped service exactly: the scalable target (min, max, suspended dynamic and
 * scheduled scaling) first, so scaling cannot fight the restore; then the desired count (and the
 * saved strategy with a new deployment when it differs); then removes the tag, last, so a failure
 * midway leaves the state for a retry.
 */
async function restoreService(ports, service, saved) {
    if (saved.target !== undefined) {
        await ports.scaling.registerScalableTarget(registerTargetInput(service.cluster, service.name, saved.target));
    }
    const strategy = saved.placement.kind === "strategy" &&
        !samePlacement(saved.placement, service.placement) &&
        service.controller === "ECS"
        ? saved.placement.items
        : undefined;
    await ports.ecs.updateService({
        cluster: service.cluster,
        service: service.name,
        desiredCount: saved.desired,
        ...(strategy === undefined ? {} : { capacityProviderStrategy: toEcsStrategy(strategy), forceNewDeployment: true }),
    });
    await ports.ecs.untagResource({ resourceArn: service.arn, tagKeys: [TAG_SAVED] });
}
/**
 * Wakes a service described with `include: ["TAGS"]` if it was stopped by fargate-spot-toggle:
 * restores its saved state (see `restoreService`). "awake" when it has no saved state.
 */
async function wakeService(ports, service) {
    const tags = new Map((service.tags ?? []).map((tag) => [tag.key ?? "", tag.value ?? ""]));
    const saved = savedTagOf(tags);
    if (saved.kind === "none")
        return { status: "awake" };
    if (saved.kind === "unreadable")
        return { status: "unreadable", problem: saved.problem };
    await restoreService(ports, {
        cluster: service.clusterArn?.split("/").at(-1) ?? "",
        name: service.serviceName ?? "",
        arn: service.serviceArn ?? "",
        placement: placementOf(service),
        controller: service.deploymentController?.type ?? "ECS",
    }, saved.state);
    return { status: "woken", saved: saved.state };
}
/** The sleep ports over real SDK clients. */
function sleepPorts(ecs, scaling) {
    return {
        ecs: {
            updateService: (input) => ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_0__/* .UpdateServiceCommand */ .kZr(input)),
            untagResource: (input) => ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_0__/* .UntagResourceCommand */ .RP$(input)),
        },
        scaling: { registerScalableTarget: (input) => scaling.send(new _aws_sdk_client_application_auto_scaling__WEBPACK_IMPORTED_MODULE_1__/* .RegisterScalableTargetCommand */ .Jr(input)) },
    };
}
// ---- helpers ----
function suspendCode(target) {
    if (target === undefined)
        return "-";
    const code = `${target.suspended.scaleIn ? "i" : ""}${target.suspended.scaleOut ? "o" : ""}${target.suspended.scheduled ? "s" : ""}`;
    return code === "" ? "-" : code;
}
function placementField(placement) {
    if (placement.kind === "launch-type")
        return `lt=${placement.launchType}`;
    return `cp=${placement.items.map((item) => `${item.provider}:${item.weight}:${item.base}`).join("/")}`;
}
function parsePlacement(fields) {
    const launchType = fields.get("lt");
    if (launchType !== undefined && /^[A-Z0-9_]+$/.test(launchType))
        return { kind: "launch-type", launchType };
    const strategy = fields.get("cp");
    if (strategy === undefined || strategy === "")
        return undefined;
    const items = [];
    for (const part of strategy.split("/")) {
        const match = /^([A-Za-z0-9_-]+):(\d+):(\d+)$/.exec(part);
        if (match === null)
            return undefined;
        items.push({ provider: match[1] ?? "", weight: Number(match[2]), base: Number(match[3]) });
    }
    return { kind: "strategy", items };
}
function count(text) {
    return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}
/** `20261125T1900Z`: minute precision, only allowed characters. */
function compactTime(date) {
    return date.toISOString().slice(0, 16).replace(/[-:]/g, "").concat("Z");
}
function parseCompactTime(text) {
    const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z$/.exec(text);
    if (match === null)
        return undefined;
    const [, y, mo, d, h, mi] = match;
    const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:00Z`);
    return Number.isNaN(date.getTime()) ? undefined : date;
}


/***/ })

};

//# sourceMappingURL=593.index.js.map