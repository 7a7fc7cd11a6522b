export const id = 167;
export const ids = [167];
export const modules = {

/***/ 3167:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  execute: () => (/* binding */ execute),
  productionDeps: () => (/* binding */ productionDeps)
});

// EXTERNAL MODULE: ../../packages/core/src/index.ts + 76 modules
var src = __webpack_require__(8471);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-application-auto-scaling@3.1141.0/node_modules/@aws-sdk/client-application-auto-scaling/dist-cjs/index.js
var dist_cjs = __webpack_require__(1837);
// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-ecs@3.1164.0/node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var client_ecs_dist_cjs = __webpack_require__(1234);
// EXTERNAL MODULE: ../../packages/core/src/aws-errors.ts
var aws_errors = __webpack_require__(6743);
// EXTERNAL MODULE: ../../packages/core/src/region.ts
var src_region = __webpack_require__(3392);
;// CONCATENATED MODULE: ../../packages/core/src/aws.ts






/**
 * Settings every AWS client shares: adaptive retry (client-side rate limiting on throttling
 * errors), enough attempts to ride out a throttling storm, and the SDK's own support for
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>, which stays in force because no endpoint is set here.
 */
function awsClientConfig(options = {}) {
    return {
        region: (0,src_region/* resolveRegion */.Z)(options.region),
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

// EXTERNAL MODULE: ../../packages/core/src/pool.ts
var pool = __webpack_require__(5998);
;// CONCATENATED MODULE: ../../packages/core/src/ecs.ts


/**
 * The adapter over a real client. `writes` sends the two calls that are not idempotent
 * (RegisterTaskDefinition, RunTask): production gives it a client without SDK retries, and the
 * caller reads back after an ambiguous failure instead of sending again (core's `exactlyOnce`).
 */
function ecs_ecsPort(client, writes = client) {
    return {
        describeClusters: (input) => client.send(new client_ecs_dist_cjs/* DescribeClustersCommand */._2_(input)),
        putClusterCapacityProviders: (input) => client.send(new client_ecs_dist_cjs/* PutClusterCapacityProvidersCommand */.t3(input)),
        listServices: (input) => client.send(new client_ecs_dist_cjs/* ListServicesCommand */.qde(input)),
        describeServices: (input) => client.send(new client_ecs_dist_cjs/* DescribeServicesCommand */.H7c(input)),
        updateService: (input) => client.send(new client_ecs_dist_cjs/* UpdateServiceCommand */.kZr(input)),
        describeTaskDefinition: (input) => client.send(new client_ecs_dist_cjs/* DescribeTaskDefinitionCommand */.Zy$(input)),
        registerTaskDefinition: (input) => writes.send(new client_ecs_dist_cjs/* RegisterTaskDefinitionCommand */.$Hl(input)),
        deregisterTaskDefinition: (input) => client.send(new client_ecs_dist_cjs/* DeregisterTaskDefinitionCommand */.sjB(input)),
        listTaskDefinitions: (input) => client.send(new client_ecs_dist_cjs/* ListTaskDefinitionsCommand */.Pse(input)),
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
/** DescribeServices takes at most 10 services a call (ECS API reference). */
const DESCRIBE_SERVICES_MAX = 10;
/**
 * The one DescribeServices batching of the pack: names or ARNs in batches of 10, answers matched
 * back to what was asked (by name or ARN), failures and absent ones reported as `missing`.
 */
async function describeServices(ecs, cluster, names, options = {}) {
    const unique = [...new Set(names)];
    const pages = await (0,pool/* mapPool */.P)((0,pool/* chunks */.V)(unique, DESCRIBE_SERVICES_MAX), options.concurrency ?? 1, (batch) => ecs.describeServices({
        cluster,
        services: batch,
        ...(options.include === undefined ? {} : { include: options.include }),
    }));
    const found = pages.flatMap((page) => page.services ?? []);
    const byKey = new Map();
    for (const service of found) {
        if (service.serviceArn !== undefined)
            byKey.set(service.serviceArn, service);
        if (service.serviceName !== undefined)
            byKey.set(service.serviceName, service);
    }
    const services = [];
    const missing = [];
    for (const name of unique) {
        const service = byKey.get(name);
        if (service === undefined)
            missing.push(name);
        else if (!services.includes(service))
            services.push(service);
    }
    return { services, missing };
}

// EXTERNAL MODULE: ./src/capacity.ts
var capacity = __webpack_require__(8551);
;// CONCATENATED MODULE: ./src/outputs.ts

/** The plan as the `plan` output: one object per service. */
function planOutput(outcomes) {
    return outcomes.map(({ entry, status, error }) => ({
        cluster: entry.service.cluster,
        service: entry.service.name,
        action: entry.change.kind,
        ...(entry.warn === true ? { warning: true } : {}),
        from: entry.from,
        to: entry.to,
        reason: entry.reason,
        status,
        ...(error === undefined ? {} : { error }),
    }));
}
/** The `services` output for `status` (empty otherwise). */
function servicesOutput(result) {
    if (result.mode !== "status")
        return [];
    return result.outcomes.map(({ entry: { service } }) => ({
        cluster: service.cluster,
        service: service.name,
        desiredCount: service.desired,
        runningCount: service.running,
        placement: (0,capacity/* formatPlacement */.Hv)(service.placement),
        scalableTarget: service.target === undefined ? null : { min: service.target.min, max: service.target.max },
        stopped: service.saved !== undefined,
        saved: service.saved === undefined
            ? null
            : {
                desiredCount: service.saved.desired,
                min: service.saved.target?.min ?? null,
                max: service.saved.target?.max ?? null,
                placement: (0,capacity/* formatPlacement */.Hv)(service.saved.placement),
                savedAt: service.saved.savedAt.toISOString(),
            },
        vcpu: service.vcpu,
        memoryGb: service.memoryGb,
    }));
}
/** The `db-clusters` output: one object per selected Aurora cluster. */
function dbClustersOutput(result) {
    return result.dbOutcomes.map(({ entry, status, error }) => ({
        cluster: entry.db.id,
        action: entry.change.kind,
        status,
        reason: entry.reason,
        ...(error === undefined ? {} : { error }),
    }));
}
/** The `environments` output: environment → status, reason, idle minutes (mode idle, or schedule with idle-after). */
function environmentsOutput(result) {
    const iso = (at) => (at === undefined ? null : new Date(at).toISOString());
    return Object.fromEntries(result.environments.map((report) => [
        report.name,
        {
            status: report.status,
            changed: report.changed,
            reason: report.reason,
            idleMinutes: report.idleMinutes,
            lastRequest: iso(report.lastRequestAt),
            lastDeploy: iso(report.lastDeployAt),
            savedTodayUsd: report.savedTodayUsd,
        },
    ]));
}
function outputsOf(result) {
    return {
        environments: environmentsOutput(result),
        "db-clusters": dbClustersOutput(result),
        changed: result.changed,
        skipped: result.skipped,
        failed: result.failed,
        plan: planOutput(result.outcomes),
        "estimated-monthly-savings": result.estimatedMonthlySavings,
        services: servicesOutput(result),
    };
}

;// CONCATENATED MODULE: ./src/pacing.ts
/**
 * Client-side pacing to a service's documented token buckets (ECS: "Request throttling for the
 * Amazon ECS API"): spend the burst, then one call per refill interval, so the service never has
 * to throttle. We cannot see the service's bucket, so a class starts with a small in-flight window
 * that doubles on every success (a run right after another finds the bucket empty: one or two
 * calls are throttled, not a whole burst), and a throttled answer empties our model of the bucket.
 */
class Pacer {
    clock;
    states = new Map();
    classes;
    margin;
    /** Throttled answers seen, by class (a bench and the tests read it). */
    throttles = new Map();
    constructor(clock, options) {
        this.clock = clock;
        this.classes = options.classes;
        this.margin = options.margin ?? 0.98;
        const now = clock.now();
        for (const [name, limit] of Object.entries(options.limits)) {
            this.states.set(name, {
                limit,
                tokens: limit.burst,
                at: now,
                window: Math.min(options.initialWindow ?? 2, limit.burst),
                inFlight: 0,
                waiting: [],
            });
        }
    }
    /** Runs `call` for `operation` once a token and a window slot are free; unpaced operations run at once. */
    async run(operation, call) {
        const className = this.classes[operation];
        const state = className === undefined ? undefined : this.states.get(className);
        if (state === undefined || className === undefined)
            return call();
        while (state.inFlight >= state.window)
            await new Promise((resolve) => state.waiting.push(resolve));
        state.inFlight += 1;
        try {
            await this.token(state);
            const result = await call();
            state.window = Math.min(state.limit.burst, state.window * 2);
            return result;
        }
        catch (error) {
            if (isThrottling(error))
                this.throttled(className, state);
            throw error;
        }
        finally {
            state.inFlight -= 1;
            // Wake as many waiters as the (possibly doubled) window has free slots, oldest first.
            for (let free = state.window - state.inFlight; free > 0 && state.waiting.length > 0; free -= 1) {
                state.waiting.shift()?.();
            }
        }
    }
    async token(state) {
        const now = this.clock.now();
        const rate = state.limit.perSecond * this.margin;
        state.tokens = Math.min(state.limit.burst, state.tokens + ((now - state.at) / 1000) * rate);
        state.at = now;
        // Reserve the token now (the level may go below zero: a queue), then wait until it exists.
        state.tokens -= 1;
        if (state.tokens < 0)
            await this.clock.sleep((-state.tokens / rate) * 1000);
    }
    throttled(className, state) {
        this.throttles.set(className, (this.throttles.get(className) ?? 0) + 1);
        state.tokens = Math.min(state.tokens, 0);
        state.window = 1;
    }
}
function isThrottling(error) {
    if (typeof error !== "object" || error === null)
        return false;
    const { name, $retryable } = error;
    return $retryable?.throttling === true || name === "ThrottlingException" || name === "Throttling";
}
/**
 * Paces every attempt the client sends (after the SDK's retry middleware, so retries take tokens
 * too, as they do at the service). Returns the client.
 */
function paceClient(client, pacer) {
    client.middlewareStack.addRelativeTo((next, context) => (args) => pacer.run((context.commandName ?? "").replace(/Command$/, ""), () => next(args)), { relation: "after", toMiddleware: "retryMiddleware", name: "sreActionsPacer" });
    return client;
}
/**
 * ECS's documented token buckets ("Request throttling for the Amazon ECS API"): burst, then the
 * refill rate per second, for every ECS operation this action calls. DescribeServices and
 * ListServices share the service-read bucket; tag and untag are paced as one bucket (the
 * conservative reading). Application Auto Scaling, RDS and CloudWatch publish no request rates
 * for these calls: their few calls ride on the SDK's retry alone.
 */
const ECS_PACING = {
    classes: {
        DescribeClusters: "ClusterRead",
        UpdateService: "ServiceModify",
        TagResource: "Tagging",
        UntagResource: "Tagging",
        DescribeServices: "ServiceRead",
        ListServices: "ServiceRead",
        DescribeTaskDefinition: "TaskDefinitionRead",
    },
    limits: {
        ClusterRead: { burst: 50, perSecond: 20 },
        ServiceModify: { burst: 50, perSecond: 5 },
        Tagging: { burst: 20, perSecond: 10 },
        ServiceRead: { burst: 100, perSecond: 20 },
        TaskDefinitionRead: { burst: 50, perSecond: 20 },
    },
};

;// CONCATENATED MODULE: ./src/ports.ts


function autoScalingPort(client) {
    return {
        describeScalableTargets: (input) => client.send(new dist_cjs/* DescribeScalableTargetsCommand */.sH(input)),
        registerScalableTarget: (input) => client.send(new dist_cjs/* RegisterScalableTargetCommand */.Jr(input)),
    };
}
/**
 * A client built on first use from an SDK module loaded on first use (the bundle keeps it in a
 * separate chunk), through core's factory so its errors name the IAM action.
 */
function lazyClient(load, make) {
    let loaded;
    let built;
    const get = () => {
        loaded ??= load().then((sdk) => {
            built = make(sdk);
            return { sdk, client: built };
        });
        return loaded;
    };
    return { get, close: () => built?.destroy() };
}
/** RDS over a client loaded when the first DB cluster call is made (only runs with db-clusters). */
function lazyRdsPort(options, wrap) {
    const lazy = lazyClient(() => __webpack_require__.e(/* import() */ 382).then(__webpack_require__.t.bind(__webpack_require__, 2382, 19)), (sdk) => wrap(createAwsClient(sdk.RDSClient, options)));
    return {
        close: lazy.close,
        port: {
            describeDBClusters: async (input) => {
                const { sdk, client } = await lazy.get();
                return client.send(new sdk.DescribeDBClustersCommand(input));
            },
            describeDBInstances: async (input) => {
                const { sdk, client } = await lazy.get();
                return client.send(new sdk.DescribeDBInstancesCommand(input));
            },
            stopDBCluster: async (id) => {
                const { sdk, client } = await lazy.get();
                return client.send(new sdk.StopDBClusterCommand({ DBClusterIdentifier: id }));
            },
            startDBCluster: async (id) => {
                const { sdk, client } = await lazy.get();
                return client.send(new sdk.StartDBClusterCommand({ DBClusterIdentifier: id }));
            },
            addTagsToResource: async (input) => {
                const { sdk, client } = await lazy.get();
                return client.send(new sdk.AddTagsToResourceCommand(input));
            },
            removeTagsFromResource: async (input) => {
                const { sdk, client } = await lazy.get();
                return client.send(new sdk.RemoveTagsFromResourceCommand(input));
            },
        },
    };
}
function lazyCloudWatchPort(options, wrap) {
    const lazy = lazyClient(() => __webpack_require__.e(/* import() */ 622).then(__webpack_require__.t.bind(__webpack_require__, 9622, 19)), (sdk) => wrap(createAwsClient(sdk.CloudWatchClient, options)));
    return {
        close: lazy.close,
        port: {
            getMetricData: async (input) => {
                const { sdk, client } = await lazy.get();
                return client.send(new sdk.GetMetricDataCommand(input));
            },
        },
    };
}

// EXTERNAL MODULE: ./src/working-hours.ts
var working_hours = __webpack_require__(8386);
;// CONCATENATED MODULE: ./src/savings.ts


/** AWS prices by the month as 730 hours (24 × 365 / 12). */
const HOURS_PER_MONTH = 730;
/** Assumed when `stop` runs without working-hours: the issue's example office week. */
const DEFAULT_WORKING_HOURS = "Mon-Fri 09:00-20:00";
/** The windows savings assume when no working-hours is given. */
function defaultWindows() {
    const parsed = (0,working_hours/* parseWorkingHours */.Gt)(DEFAULT_WORKING_HOURS);
    return "windows" in parsed ? parsed.windows : [];
}
/** On-demand Fargate cost of one task for one hour. */
function taskHourly(service, prices) {
    return service.vcpu * prices.vcpuHour + service.memoryGb * prices.gbHour;
}
/** Hours a month outside the working windows (holidays not subtracted: a conservative figure). */
function offHoursPerMonth(windows) {
    return HOURS_PER_MONTH - ((0,working_hours/* weeklyWorkingHours */.Ow)(windows) * HOURS_PER_MONTH) / (24 * 7);
}
/**
 * What stopping one task saves an hour: its Spot share at the Spot price, its on-demand share at
 * the on-demand price less what a Compute Savings Plan pays anyway (`savings-plan-coverage`).
 */
function stoppedHourly(service, tasks, placement, prices) {
    const spotShare = tasks === 0 ? 0 : (0,capacity/* spotTasks */.bv)(placement, tasks) / tasks;
    const onDemand = (1 - spotShare) * (1 - prices.savingsPlanCoverage);
    return taskHourly(service, prices) * (onDemand + spotShare * (1 - prices.spotDiscount));
}
/**
 * Stopping `tasks` for `offHours` a month, at the on-demand price less the Savings Plan's share:
 * together with the Spot part (running hours only) this is the saving against running everything
 * on-demand around the clock.
 */
function stopSaving(service, tasks, prices, offHours) {
    return tasks * taskHourly(service, prices) * offHours * (1 - prices.savingsPlanCoverage);
}
/**
 * What moving `tasks` from one placement to another saves a month (negative: costs), over the
 * hours the service runs (`runningHours`: all month, or only its scheduled hours).
 */
function switchSaving(service, tasks, from, to, prices, runningHours = HOURS_PER_MONTH) {
    const moved = (0,capacity/* spotTasks */.bv)(to, tasks) - (0,capacity/* spotTasks */.bv)(from, tasks);
    return moved * taskHourly(service, prices) * runningHours * prices.spotDiscount;
}
/** Aurora: the cluster's instance-hours over its off hours (storage and backups are still billed). */
function dbStopSaving(hourly, offHours) {
    return hourly * offHours;
}
function roundUsd(value) {
    return Math.round(value * 100) / 100;
}

;// CONCATENATED MODULE: ./src/summary.ts


/** The job summary: a table per cluster, totals, skipped services and failures with reasons. */
function renderSummary(result) {
    // The header and the Totals table count the same things: services and, when there are any, DB clusters.
    const dbChanged = result.dbOutcomes.filter((outcome) => outcome.status === "changed").length;
    const split = result.dbOutcomes.length === 0
        ? ""
        : ` (${count(result.changed - dbChanged, "service", "services")}, ${count(dbChanged, "DB cluster", "DB clusters")})`;
    const title = `fargate-spot-toggle ${result.mode}${result.dryRun ? " (dry run)" : ""}: ${result.changed} ${result.dryRun ? "would change" : "changed"}${split}, ${result.skipped} skipped, ${result.failed} failed`;
    const clusters = [...new Set(result.outcomes.map((outcome) => outcome.entry.service.cluster))];
    const perCluster = clusters.map((cluster) => {
        const rows = result.outcomes
            .filter((outcome) => outcome.entry.service.cluster === cluster && outcome.status !== "skipped")
            .map(row);
        return (0,src/* sections */.V0)((0,src/* heading */.R_)((0,src/* markdownText */.p7)(cluster), 4), rows.length === 0 ? "No service to act on." : (0,src/* table */.tp)(HEADERS, rows));
    });
    const skipped = result.outcomes.filter((outcome) => outcome.status === "skipped");
    const failed = result.outcomes.filter((outcome) => outcome.status === "failed");
    const dbFailed = result.dbOutcomes.filter((outcome) => outcome.status === "failed");
    return (0,src/* sections */.V0)((0,src/* heading */.R_)(title), `At ${(0,src/* formatInZone */.FL)(result.now, result.timeZone)} · ${headline(result)}`, environmentsSection(result), ...perCluster, result.dbOutcomes.length > 0 &&
        (0,src/* sections */.V0)((0,src/* heading */.R_)("Aurora DB clusters", 4), (0,src/* table */.tp)(DB_HEADERS, result.dbOutcomes.map(dbRow))), savingsSection(result), clusters.length + result.dbOutcomes.length > 0 && (0,src/* sections */.V0)((0,src/* heading */.R_)("Totals", 4), totalsTable(result, clusters)), failed.length + dbFailed.length > 0 &&
        (0,src/* sections */.V0)((0,src/* heading */.R_)("Failed", 4), (0,src/* table */.tp)(["service", "error"], [
            ...failed.map((outcome) => [summary_name(outcome), (0,src/* markdownText */.p7)(outcome.error ?? "")]),
            ...dbFailed.map((outcome) => [
                `${(0,src/* markdownText */.p7)(outcome.entry.db.id)} (DB cluster)`,
                (0,src/* markdownText */.p7)(outcome.error ?? ""),
            ]),
        ])), skipped.length > 0 &&
        (0,src/* details */.zH)(`Skipped (${skipped.length})`, (0,src/* table */.tp)(["service", "reason"], skipped.map((outcome) => [summary_name(outcome), (0,src/* markdownText */.p7)(outcome.entry.reason)]))));
}
const HEADERS = ["service", "from → to", "result", "tasks", "vCPU / memory", "est. monthly saving", "reason"];
function row(outcome) {
    const { entry } = outcome;
    const { service } = entry;
    const tasks = service.saved?.desired ?? service.desired;
    return [
        (0,src/* markdownText */.p7)(service.name),
        entry.from === entry.to ? entry.from : `${entry.from} → ${entry.to}`,
        outcome.status,
        String(tasks),
        service.vcpu === 0 ? "–" : `${service.vcpu} vCPU / ${service.memoryGb} GB`,
        saving(outcome.status, entry.monthlySaving),
        (0,src/* cell */.Hn)((0,src/* markdownText */.p7)(entry.reason)),
    ];
}
/** Only a change this run makes saves; unchanged, skipped and failed rows show none. */
function saving(status, usd) {
    return status !== "changed" || usd === 0 ? "–" : `$${roundUsd(usd).toFixed(2)}`;
}
const TOTAL_HEADERS = ["cluster", "changed", "unchanged", "skipped", "failed", "est. monthly saving"];
/** A row per ECS cluster, one for the Aurora DB clusters, and their sum when there are several rows. */
function totalsTable(result, clusters) {
    const groups = [
        ...clusters.map((cluster) => ({
            label: cluster,
            outcomes: result.outcomes.filter((outcome) => outcome.entry.service.cluster === cluster),
        })),
        ...(result.dbOutcomes.length === 0 ? [] : [{ label: "Aurora DB clusters", outcomes: result.dbOutcomes }]),
    ];
    const rows = groups.map((group) => totals(group.label, group.outcomes));
    if (rows.length > 1) {
        rows.push(totals("**Total**", groups.flatMap((group) => group.outcomes)).map((value, i) => (i === 0 ? value : `**${value}**`)));
    }
    return (0,src/* table */.tp)(TOTAL_HEADERS, rows);
}
function totals(label, outcomes) {
    const count = (status) => String(outcomes.filter((outcome) => outcome.status === status).length);
    const saving = outcomes
        .filter((outcome) => outcome.status === "changed")
        .reduce((sum, outcome) => sum + outcome.entry.monthlySaving, 0);
    return [
        label,
        count("changed"),
        count("unchanged"),
        count("skipped"),
        count("failed"),
        `$${roundUsd(saving).toFixed(2)}`,
    ];
}
function summary_name(outcome) {
    return (0,src/* markdownText */.p7)(`${outcome.entry.service.cluster}/${outcome.entry.service.name}`);
}
const DB_HEADERS = [
    "DB cluster",
    "status now",
    "action",
    "result",
    "instances",
    "est. monthly saving",
    "reason",
];
function dbRow(outcome) {
    const { entry } = outcome;
    return [
        (0,src/* markdownText */.p7)(entry.db.id),
        entry.db.status,
        entry.change.kind,
        outcome.status,
        entry.db.instanceClasses.join(", ") || "–",
        saving(outcome.status, entry.monthlySaving),
        (0,src/* cell */.Hn)((0,src/* markdownText */.p7)(entry.reason)),
    ];
}
/** A start saves nothing by itself: say so instead of a saving; otherwise the saving of this run's changes. */
function headline(result) {
    const usd = result.estimatedMonthlySavings;
    const { started } = result.savings;
    if (usd === 0 && started > 0) {
        const what = `${count(started, "service or DB cluster", "services and DB clusters")} ${result.dryRun ? "to start" : "started"}`;
        return `${what}: a start saves nothing (its saving is counted by the run that stops them)`;
    }
    return `estimated monthly saving of this run's changes **$${usd.toFixed(2)}**`;
}
/** One total without double counting, its parts, tonight's figure and every assumption behind them. */
function savingsSection(result) {
    const { savings } = result;
    const usd = (value) => `$${roundUsd(value).toFixed(2)}`;
    const rows = [
        ["Schedule (ECS services off out of hours)", usd(savings.schedule)],
        ["Fargate Spot (hours the services run)", usd(savings.spot)],
        ["Aurora (instance-hours off out of hours)", usd(savings.aurora)],
        ["**Total**", `**${usd(savings.total)}**`],
    ];
    const tonight = savings.tonight;
    const tonightLine = tonight === undefined
        ? undefined
        : `Tonight, until ${(0,src/* formatInZone */.FL)(tonight.until, result.timeZone)}: **${usd(tonight.usd)}** from ${count(tonight.services, "service")} and ${count(tonight.clusters, "DB cluster")} stopped${keptText(tonight.keptRunning, tonight.keptRunningClusters)}.`;
    return (0,src/* sections */.V0)((0,src/* heading */.R_)("Estimated savings a month of this run's changes", 4), (0,src/* table */.tp)(["part", "USD a month"], rows), tonightLine, (0,src/* details */.zH)("Assumptions", savings.assumptions.map((line) => `- ${line}`).join("\n")));
}
const ENV_HEADERS = ["environment", "status", "last request", "last deploy", "saved today", "reason"];
/** Per environment (idle): whether it sleeps and why, when it was last used and deployed, what sleeping saved today. */
function environmentsSection(result) {
    if (result.environments.length === 0)
        return false;
    const at = (time) => (time === undefined ? "–" : (0,src/* formatInZone */.FL)(time, result.timeZone));
    const rows = result.environments.map((report) => [
        (0,src/* markdownText */.p7)(report.name),
        `${report.status}${report.changed ? " (now)" : ""}`,
        at(report.lastRequestAt),
        at(report.lastDeployAt),
        `$${report.savedTodayUsd.toFixed(2)}`,
        (0,src/* cell */.Hn)((0,src/* markdownText */.p7)(report.reason)),
    ]);
    const cost = result.traffic;
    const costLine = cost === undefined
        ? "No traffic metric was read (no awake service behind a load balancer)."
        : `Traffic read in ${cost.calls} GetMetricData ${cost.calls === 1 ? "call" : "calls"} for ${cost.metrics} target groups: about $${cost.usd.toFixed(4)} at $0.01 per 1,000 metrics.`;
    return (0,src/* sections */.V0)((0,src/* heading */.R_)("Environments", 4), (0,src/* table */.tp)(ENV_HEADERS, rows), costLine);
}
function count(n, noun, plural = `${noun}s`) {
    return `${n} ${n === 1 ? noun : plural}`;
}
function keptText(services, clusters) {
    if (services + clusters === 0)
        return "";
    const what = [services > 0 && count(services, "service"), clusters > 0 && count(clusters, "DB cluster")]
        .filter(Boolean)
        .join(" and ");
    return `; ${what} kept running by keep-running-until not counted`;
}

;// CONCATENATED MODULE: ../../packages/core/src/ecs-sleep.ts


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
 *   v1 desired=1 min=- max=- suspend=- lt=FARGATE at=20261125T0300Z why=idle
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
        ...(state.reason === undefined ? [] : [`why=${state.reason}`]),
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
    const desired = ecs_sleep_count(fields.get("desired"));
    if (desired === undefined)
        return { problem: "no desired count" };
    const min = fields.get("min");
    const max = fields.get("max");
    let target;
    if (min !== "-" || max !== "-") {
        const minCount = ecs_sleep_count(min);
        const maxCount = ecs_sleep_count(max);
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
    const why = fields.get("why");
    if (why !== undefined && why !== "idle")
        return { problem: `why "${why}" is not idle` };
    return { state: { desired, target, placement, savedAt, ...(why === "idle" ? { reason: why } : {}) } };
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
function fromEcsProviders(items) {
    return items.map((item) => ({
        provider: item.capacityProvider ?? "",
        weight: item.weight ?? 0,
        base: item.base ?? 0,
    }));
}
function toEcsProviders(items) {
    return items.map((item) => ({ capacityProvider: item.provider, weight: item.weight, base: item.base }));
}
/** A described service's placement: its capacity provider strategy, else its launch type. */
function placementOf(service) {
    return service.capacityProviderStrategy !== undefined && service.capacityProviderStrategy.length > 0
        ? { kind: "providers", items: fromEcsProviders(service.capacityProviderStrategy) }
        : { kind: "launch-type", launchType: service.launchType ?? "EC2" };
}
/** Same providers, weights and bases, whatever the order. */
function sameProviders(placement, items) {
    if (placement.kind !== "providers")
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
    return sameProviders(b, a.items);
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
 * saved capacity providers with a new deployment when they differ); then removes the tag, last, so a failure
 * midway leaves the state for a retry.
 */
async function restoreService(ports, service, saved) {
    if (saved.target !== undefined) {
        await ports.scaling.registerScalableTarget(registerTargetInput(service.cluster, service.name, saved.target));
    }
    const providers = saved.placement.kind === "providers" &&
        !samePlacement(saved.placement, service.placement) &&
        service.controller === "ECS"
        ? saved.placement.items
        : undefined;
    await ports.ecs.updateService({
        cluster: service.cluster,
        service: service.name,
        desiredCount: saved.desired,
        ...(providers === undefined
            ? {}
            : { capacityProviderStrategy: toEcsProviders(providers), forceNewDeployment: true }),
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
/** The restore ports over real SDK clients (the ECS side is core's `ecsPort`). */
function restorePorts(ecs, scaling) {
    return {
        ecs: "send" in ecs ? ecsPort(ecs) : ecs,
        scaling: { registerScalableTarget: (input) => scaling.send(new RegisterScalableTargetCommand(input)) },
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
    const providers = fields.get("cp");
    if (providers === undefined || providers === "")
        return undefined;
    const items = [];
    for (const part of providers.split("/")) {
        const match = /^([A-Za-z0-9_-]+):(\d+):(\d+)$/.exec(part);
        if (match === null)
            return undefined;
        items.push({ provider: match[1] ?? "", weight: Number(match[2]), base: Number(match[3]) });
    }
    return { kind: "providers", items };
}
function ecs_sleep_count(text) {
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

// EXTERNAL MODULE: ./src/model.ts
var model = __webpack_require__(8710);
;// CONCATENATED MODULE: ./src/spot-fallback.ts

/**
 * The `sre-actions:spot-fallback` tag: when the service left Spot and the strategy it left, so
 * spot-retry-after can move it back exactly: `at=20261125T1200Z cp=FARGATE:1:1/FARGATE_SPOT:4:0`.
 */
function encodeFallback(fallback) {
    const providers = fallback.from.map((item) => `${item.provider}:${item.weight}:${item.base}`).join("/");
    return `at=${compactTime(fallback.at)} cp=${providers}`;
}
function decodeFallback(value) {
    const match = /^at=(\S+) cp=(\S+)$/.exec(value.trim());
    const at = parseCompactTime(match?.[1] ?? "");
    if (match === null || at === undefined)
        return undefined;
    const from = [];
    for (const part of (match[2] ?? "").split("/")) {
        const item = /^([A-Za-z0-9_-]+):(\d+):(\d+)$/.exec(part);
        if (item === null)
            return undefined;
        from.push({ provider: item[1] ?? "", weight: Number(item[2]), base: Number(item[3]) });
    }
    return { at, from };
}
// ECS: "(service web) was unable to place a task. Reason: Capacity is unavailable at this time. …"
const SHORTAGE = /unable to place a task.*capacity is unavailable/i;
const STEADY = /has reached a steady state/i;
/**
 * Since when the service has been short of Spot capacity: the oldest "capacity is unavailable"
 * event after its last steady state (events come newest first); undefined when it is not short.
 */
function spotShortageSince(events) {
    let since;
    for (const event of events) {
        if (STEADY.test(event.message))
            break;
        if (SHORTAGE.test(event.message))
            since = event.at;
    }
    return since;
}

;// CONCATENATED MODULE: ./src/apply.ts




/** Applies the plan with at most `concurrency` services in flight; one failure never stops the others. */
async function applyPlan(entries, clusters, concurrency, deps) {
    const clusterProblems = await ensureCapacityProviders(entries, clusters, deps);
    return (0,src/* mapPool */.Pk)(entries, concurrency, async (entry) => {
        const { change, service } = entry;
        if (change.kind === "skip")
            return { entry, status: "skipped", error: undefined };
        if (change.kind === "none")
            return { entry, status: "unchanged", error: undefined };
        const clusterProblem = clusterProblems.get(service.cluster);
        if (clusterProblem !== undefined)
            return { entry, status: "failed", error: clusterProblem };
        try {
            if (change.kind === "stop")
                await stop(service, deps, change.why);
            else if (change.kind === "start")
                await restoreService(deps, service, change.saved);
            else if (change.kind === "spot-fallback")
                await fallBack(service, change.items, change.from, deps);
            else if (change.kind === "spot-retry")
                await retrySpot(service, change.items, deps);
            else
                await switchProviders(service, change.items, deps);
            deps.log.info(`${(0,src/* logText */.kc)(`${service.cluster}/${service.name}`)}: ${entry.from} → ${entry.to}`);
            return { entry, status: "changed", error: undefined };
        }
        catch (error) {
            const message = (0,src/* describeError */.Uc)(error);
            deps.log.error(`${(0,src/* logText */.kc)(`${service.cluster}/${service.name}`)}: ${(0,src/* logText */.kc)(message)}`);
            return { entry, status: "failed", error: message };
        }
    });
}
/** Stop: save the state (unless already saved: never overwritten), then the target's min/max to 0, then desired 0. */
async function stop(service, deps, why) {
    if (service.saved === undefined) {
        const state = {
            desired: service.desired,
            target: service.target,
            placement: service.placement,
            savedAt: new Date(deps.now),
            ...(why === undefined ? {} : { reason: why }),
        };
        await saveState(service, state, deps);
    }
    const target = service.target;
    if (target !== undefined && (target.min !== 0 || target.max !== 0 || !target.suspended.scheduled)) {
        // Scheduled scaling suspended too, so a scheduled action cannot wake the service at night;
        // the saved state restores all three flags exactly.
        await registerTarget(service, { min: 0, max: 0, suspended: { ...target.suspended, scheduled: true } }, deps);
    }
    await deps.ecs.updateService({ cluster: service.cluster, service: service.name, desiredCount: 0 });
}
/** A capacity provider change needs a new deployment; a stopped service keeps the new providers in its saved state too. */
async function switchProviders(service, items, deps) {
    await deps.ecs.updateService({
        cluster: service.cluster,
        service: service.name,
        capacityProviderStrategy: toEcsProviders(items),
        forceNewDeployment: true,
    });
    if (service.saved !== undefined)
        await saveState(service, { ...service.saved, placement: { kind: "providers", items } }, deps);
}
/** Spot ran out: tag first (so a failure midway still records where to return), then on-demand. */
async function fallBack(service, items, from, deps) {
    const value = encodeFallback({ at: new Date(deps.now), from });
    await deps.ecs.tagResource({ resourceArn: service.arn, tags: [{ key: model/* TAG_SPOT_FALLBACK */.Ho, value }] });
    await switchProviders(service, items, deps);
    deps.log.warning(`${service.cluster}/${service.name}: Spot capacity unavailable; moved to ${items.map((item) => item.provider).join(", ")} until spot-retry-after`);
}
async function retrySpot(service, items, deps) {
    await switchProviders(service, items, deps);
    await deps.ecs.untagResource({ resourceArn: service.arn, tagKeys: [model/* TAG_SPOT_FALLBACK */.Ho] });
}
async function saveState(service, state, deps) {
    const value = encodeSavedState(state);
    if (!TAG_VALUE.test(value))
        throw new Error(`the saved state does not fit in a tag value (${value.length} characters)`);
    await deps.ecs.tagResource({ resourceArn: service.arn, tags: [{ key: TAG_SAVED, value }] });
}
async function registerTarget(service, target, deps) {
    await deps.scaling.registerScalableTarget(registerTargetInput(service.cluster, service.name, target));
}
/**
 * PutClusterCapacityProviders replaces the whole list and default strategy, so write the union
 * with what DescribeClusters returned, and only for clusters that miss a provider the plan uses.
 * Returns the clusters that could not be prepared, with why.
 */
async function ensureCapacityProviders(entries, clusters, deps) {
    const problems = new Map();
    for (const cluster of clusters) {
        const needed = new Set();
        for (const entry of entries) {
            if (entry.service.cluster !== cluster.name)
                continue;
            const change = entry.change;
            if (change.kind === "switch" || change.kind === "spot-fallback" || change.kind === "spot-retry") {
                for (const item of change.items)
                    needed.add(item.provider);
            }
            if (entry.change.kind === "start" && entry.change.saved.placement.kind === "providers") {
                for (const item of entry.change.saved.placement.items)
                    needed.add(item.provider);
            }
        }
        const missing = [...needed].filter((provider) => !cluster.capacityProviders.includes(provider));
        if (missing.length === 0)
            continue;
        try {
            const union = [...cluster.capacityProviders, ...missing];
            await deps.ecs.putClusterCapacityProviders({
                cluster: cluster.arn,
                capacityProviders: union,
                defaultCapacityProviderStrategy: cluster.defaultProviders,
            });
            cluster.capacityProviders = union;
            deps.log.info(`${(0,src/* logText */.kc)(cluster.name)}: added ${missing.join(", ")} to the cluster's capacity providers`);
        }
        catch (error) {
            problems.set(cluster.name, `could not add ${missing.join(", ")} to cluster ${cluster.name}: ${(0,src/* describeError */.Uc)(error)}`);
        }
    }
    return problems;
}

;// CONCATENATED MODULE: ./src/db.ts



const WAIT_POLL_MS = 30_000;
/** Every cluster matching an identifier or glob, with its instances' classes; a named cluster that does not exist fails the run. */
async function readDbClusters(rds, patterns) {
    if (patterns.length === 0)
        return [];
    const clusters = await (0,src/* paginate */.En)(async (Marker) => {
        const page = await rds.describeDBClusters({ Marker });
        return { items: page.DBClusters ?? [], next: page.Marker };
    });
    const matchers = patterns.map((pattern) => {
        const glob = (0,src/* compileGlob */.SO)(pattern);
        return { pattern, literal: glob.literal, test: (name) => glob.test(name) };
    });
    const missing = matchers.filter(({ literal, test }) => literal && !clusters.some((cluster) => test(cluster.DBClusterIdentifier ?? "")));
    if (missing.length > 0) {
        throw new src/* ActionError */.lZ(`DB cluster ${missing.map((m) => m.pattern).join(", ")} not found in this region`, {
            hint: "Check the db-clusters input (Aurora DB cluster identifiers or globs) and the region.",
        });
    }
    const selected = clusters.filter((cluster) => matchers.some(({ test }) => test(cluster.DBClusterIdentifier ?? "")));
    if (selected.length === 0)
        return [];
    const instances = await (0,src/* paginate */.En)(async (Marker) => {
        const page = await rds.describeDBInstances({
            Filters: [{ Name: "db-cluster-id", Values: selected.map((cluster) => cluster.DBClusterIdentifier ?? "") }],
            Marker,
        });
        return { items: page.DBInstances ?? [], next: page.Marker };
    });
    return selected.map((cluster) => {
        const tags = new Map((cluster.TagList ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""]));
        const id = cluster.DBClusterIdentifier ?? "";
        return {
            id,
            arn: cluster.DBClusterArn ?? "",
            status: cluster.Status ?? "unknown",
            engine: cluster.Engine ?? "",
            engineMode: cluster.EngineMode ?? "provisioned",
            globalCluster: cluster.GlobalClusterIdentifier,
            replicationSource: cluster.ReplicationSourceIdentifier,
            replicas: cluster.ReadReplicaIdentifiers ?? [],
            tags,
            instanceClasses: instances
                .filter((instance) => instance.DBClusterIdentifier === id)
                .map((instance) => instance.DBInstanceClass ?? ""),
            automaticRestartTime: cluster.AutomaticRestartTime,
            ...stoppedTag(tags.get(model/* TAG_DB_STOPPED */.Y1)),
            serverlessV2: cluster.ServerlessV2ScalingConfiguration === undefined
                ? undefined
                : {
                    min: cluster.ServerlessV2ScalingConfiguration.MinCapacity ?? 0,
                    max: cluster.ServerlessV2ScalingConfiguration.MaxCapacity ?? 0,
                },
            environment: undefined,
        };
    });
}
/** The `sre-actions:stopped-at` tag: `20261125T1200Z`, or `20261125T1200Z why=idle` after an idle sleep. */
function stoppedTag(value) {
    const [at = "", why] = (value ?? "").split(" ");
    return { stoppedByUs: parseCompactTime(at), stoppedForIdle: why === "why=idle" };
}
/** For Serverless v2 above 0 ACU: the one-line suggestion that lets it pause by itself. */
function serverlessHint(db) {
    const range = db.serverlessV2;
    if (range === undefined || range.min === 0)
        return "";
    return `; suggestion: a 0 ACU minimum (now ${range.min}) lets this Serverless v2 cluster pause by itself when idle (Aurora MySQL 3.08+, PostgreSQL 13.15+)`;
}
/** Why Aurora cannot stop this cluster, if it cannot ("Stopping and starting an Amazon Aurora DB cluster": limitations). */
function unstoppable(db) {
    if (!db.engine.startsWith("aurora"))
        return `engine ${db.engine} is not Aurora`;
    if (db.engineMode === "serverless")
        return "Aurora Serverless v1 cannot be stopped (it pauses by itself)";
    if (db.globalCluster !== undefined)
        return `member of global database ${db.globalCluster}: Aurora cannot stop it`;
    if (db.replicationSource !== undefined)
        return `a read replica of ${db.replicationSource}: Aurora cannot stop it`;
    if (db.replicas.length > 0)
        return `has a read replica in another cluster (${db.replicas.join(", ")}): Aurora cannot stop it`;
    return undefined;
}
/** The change one cluster needs to be stopped (`want` stop) or running (`want` start); pure. */
function planDb(db, want, why, money, timeZone) {
    const prefix = why === "" ? "" : `${why}; `;
    const saving = money.hourly * money.offHours;
    // Only a stop this run makes saves: a start, or a cluster already stopped or kept up, saves nothing now.
    const make = (change, reason, monthlySaving = change.kind === "stop" ? saving : 0) => ({
        db,
        change,
        reason: `${prefix}${reason}${serverlessHint(db)}`,
        hourly: money.hourly,
        monthlySaving,
    });
    const cannot = unstoppable(db);
    if (cannot !== undefined)
        return make({ kind: "skip" }, cannot, 0);
    // Aurora Serverless v2 at a 0 ACU minimum pauses by itself when idle (auto-pause): no stop needed.
    if (want === "stop" && db.serverlessV2?.min === 0 && db.status === "available") {
        return make({ kind: "skip" }, "pauses when idle (Aurora Serverless v2 with a 0 ACU minimum); not stopped", 0);
    }
    const ours = db.stoppedByUs === undefined ? undefined : (0,src/* formatInZone */.FL)(db.stoppedByUs, timeZone);
    if (want === "stop") {
        switch (db.status) {
            case "available":
                return make({ kind: "stop" }, ours === undefined
                    ? "stop"
                    : `Aurora started it by itself after 7 days stopped (stopped by this action at ${ours}); stopping it again`);
            case "stopped":
                return make({ kind: "none" }, db.automaticRestartTime === undefined
                    ? "already stopped"
                    : `already stopped; Aurora starts it by itself at ${(0,src/* formatInZone */.FL)(db.automaticRestartTime, timeZone)} and the next scheduled run stops it again`);
            case "stopping":
                return make({ kind: "skip" }, "already stopping", 0);
            case "starting":
                return make({ kind: "skip" }, "starting (Aurora starts a cluster by itself after 7 days); the next run stops it", 0);
            default:
                return make({ kind: "skip" }, `status ${db.status}: only an available cluster can be stopped`, 0);
        }
    }
    switch (db.status) {
        case "stopped":
            return ours === undefined
                ? make({ kind: "none" }, `stopped, not by this action (no tag ${model/* TAG_DB_STOPPED */.Y1}); left alone`, 0)
                : make({ kind: "start" }, "start, then wait until available");
        case "starting":
            return make({ kind: "wait" }, "already starting; waiting until available");
        case "available":
            return ours === undefined
                ? make({ kind: "none" }, "already available")
                : make({ kind: "forget" }, `already available (started by Aurora or by hand); tag ${model/* TAG_DB_STOPPED */.Y1} removed`);
        case "stopping":
            return make({ kind: "skip" }, "still stopping; the next run starts it", 0);
        default:
            return make({ kind: "skip" }, `status ${db.status}: only a stopped cluster can be started`, 0);
    }
}
/** Stops the planned clusters (after the services): our tag first, so a later start knows the stop was ours. */
async function stopClusters(entries, deps) {
    const outcomes = new Map();
    for (const entry of entries) {
        if (entry.change.kind !== "stop")
            continue;
        try {
            const why = entry.change.why === undefined ? "" : ` why=${entry.change.why}`;
            await deps.rds.addTagsToResource({
                ResourceName: entry.db.arn,
                Tags: [{ Key: model/* TAG_DB_STOPPED */.Y1, Value: `${compactTime(new Date(deps.now))}${why}` }],
            });
            await deps.rds.stopDBCluster(entry.db.id);
            deps.log.info(`${(0,src/* logText */.kc)(entry.db.id)}: stopping`);
            outcomes.set(entry.db.id, { entry, status: "changed", error: undefined });
        }
        catch (error) {
            outcomes.set(entry.db.id, failed(entry, error, deps.log));
        }
    }
    return outcomes;
}
/**
 * Starts the planned clusters (before the services) and waits until every one is `available`
 * (or `timeoutMs` passes), then removes our tag from those that came up.
 */
async function startClusters(entries, timeoutMs, deps) {
    const outcomes = new Map();
    const waiting = [];
    for (const entry of entries) {
        const kind = entry.change.kind;
        try {
            if (kind === "start")
                await deps.rds.startDBCluster(entry.db.id);
            if (kind === "start" || kind === "wait")
                waiting.push(entry);
            if (kind === "forget")
                await forget(entry, deps, outcomes);
        }
        catch (error) {
            outcomes.set(entry.db.id, failed(entry, error, deps.log));
        }
    }
    const deadline = deps.clock.now() + timeoutMs;
    let pending = waiting;
    while (pending.length > 0) {
        const described = await deps.rds.describeDBClusters({
            Filters: [{ Name: "db-cluster-id", Values: pending.map((entry) => entry.db.id) }],
        });
        const status = new Map((described.DBClusters ?? []).map((cluster) => [cluster.DBClusterIdentifier, cluster.Status]));
        for (const entry of pending.filter((item) => status.get(item.db.id) === "available")) {
            deps.log.info(`${(0,src/* logText */.kc)(entry.db.id)}: available`);
            await forget(entry, deps, outcomes);
        }
        pending = pending.filter((entry) => status.get(entry.db.id) !== "available");
        if (pending.length === 0)
            break;
        if (deps.clock.now() >= deadline) {
            for (const entry of pending) {
                const error = `still ${status.get(entry.db.id) ?? "unknown"} after ${Math.round(timeoutMs / 60_000)} min (db-start-timeout)`;
                deps.log.error(`${(0,src/* logText */.kc)(entry.db.id)}: ${error}`);
                outcomes.set(entry.db.id, { entry, status: "failed", error });
            }
            break;
        }
        deps.log.info(`Waiting for ${pending.map((entry) => `${(0,src/* logText */.kc)(entry.db.id)} (${(0,src/* logText */.kc)(status.get(entry.db.id) ?? "unknown")})`).join(", ")}`);
        await deps.clock.sleep(WAIT_POLL_MS);
    }
    return outcomes;
}
async function forget(entry, deps, outcomes) {
    if (entry.db.stoppedByUs !== undefined) {
        await deps.rds.removeTagsFromResource({ ResourceName: entry.db.arn, TagKeys: [model/* TAG_DB_STOPPED */.Y1] });
    }
    outcomes.set(entry.db.id, { entry, status: "changed", error: undefined });
}
function failed(entry, error, log) {
    // Explained, so an AWS error names the IAM action (rds:StopDBCluster) and what to do.
    const message = (0,src/* explainError */.UW)(error)?.message ?? (0,src/* describeError */.Uc)(error);
    log.error(`${(0,src/* logText */.kc)(entry.db.id)}: ${(0,src/* logText */.kc)(message)}`);
    return { entry, status: "failed", error: message };
}
/** The outcome of every planned cluster: applied ones from `applied`, the rest as planned. */
function dbOutcomes(entries, applied, dryRun) {
    return entries.map((entry) => {
        const done = applied.get(entry.db.id);
        if (done !== undefined)
            return done;
        const kind = entry.change.kind;
        const status = kind === "skip" ? "skipped" : kind === "none" ? "unchanged" : dryRun ? "changed" : "unchanged";
        return { entry, status, error: undefined };
    });
}

// EXTERNAL MODULE: ../../node_modules/.pnpm/@date-fns+tz@1.5.0/node_modules/@date-fns/tz/index.js + 7 modules
var tz = __webpack_require__(3847);
;// CONCATENATED MODULE: ./src/environment-report.ts


const STATUS = {
    sleep: "slept",
    asleep: "slept",
    wake: "awake",
    awake: "awake",
    kept: "kept",
};
/** Reports per environment: the verdict, and what sleeping saved today (after this run's changes). */
function environmentReports(verdicts, outcomes, dbOutcomes, inputs, now) {
    const midnight = startOfDay(now, inputs.timeZone);
    const hoursSince = (at) => Math.max(0, now - Math.max(at, midnight)) / 3_600_000;
    return [...verdicts.values()].map((verdict) => {
        let usd = 0;
        let changed = false;
        for (const { entry, status } of outcomes) {
            const { service } = entry;
            if (service.environment !== verdict.environment)
                continue;
            if (status === "changed" && (entry.change.kind === "stop" || entry.change.kind === "start"))
                changed = true;
            // Stopped before this run and still stopped: it saved since it stopped (or since midnight).
            const saved = service.saved;
            if (saved === undefined || entry.change.kind === "start")
                continue;
            usd +=
                saved.desired *
                    stoppedHourly(service, saved.desired, saved.placement, inputs.prices) *
                    hoursSince(saved.savedAt.getTime());
        }
        for (const { entry } of dbOutcomes) {
            const { db } = entry;
            if (db.environment !== verdict.environment || db.stoppedByUs === undefined || db.status !== "stopped")
                continue;
            if (entry.change.kind === "start")
                continue;
            usd += entry.hourly * hoursSince(db.stoppedByUs.getTime());
        }
        return {
            name: verdict.environment,
            status: STATUS[verdict.kind],
            changed,
            reason: verdict.reason,
            idleMinutes: verdict.idleMinutes,
            lastRequestAt: verdict.lastRequestAt,
            lastDeployAt: verdict.lastDeployAt,
            savedTodayUsd: Math.round(usd * 100) / 100,
        };
    });
}
function startOfDay(now, timeZone) {
    const local = new tz/* TZDate */.BB(now, timeZone);
    local.setHours(0, 0, 0, 0);
    return local.getTime();
}

;// CONCATENATED MODULE: ./src/environments.ts


/**
 * Which environment a resource belongs to: its `sre-actions:environment` tag (`environment-from:
 * tag`), or the part of its name before the first `-` (`name`: qa3-web, qa3-aurora → qa3).
 * Undefined when it has none or it matches none of the `environments` globs.
 */
function environmentOf(resource, from, matches) {
    const name = from === "tag" ? resource.tags.get(model/* TAG_ENVIRONMENT */.JQ) : prefixOf(resource.name);
    return name !== undefined && name !== "" && matches(name) ? name : undefined;
}
function prefixOf(name) {
    const dash = name.indexOf("-");
    return dash <= 0 ? undefined : name.slice(0, dash);
}
/** The matcher for the `environments` input (every environment when the input is empty). */
function environmentMatcher(globs) {
    return globs.length === 0 ? () => true : (0,src/* compileGlobs */.tI)(globs);
}
/** Resources grouped by environment, in the order environments are first met; those without one left out. */
function groupByEnvironment(items) {
    const groups = new Map();
    for (const item of items) {
        if (item.environment === undefined)
            continue;
        groups.set(item.environment, [...(groups.get(item.environment) ?? []), item]);
    }
    return groups;
}

// EXTERNAL MODULE: ../../node_modules/.pnpm/@holiday-jp+holiday_jp@2.5.1/node_modules/@holiday-jp/holiday_jp/lib/holiday_jp.js
var holiday_jp = __webpack_require__(4046);
var holiday_jp_default = /*#__PURE__*/__webpack_require__.n(holiday_jp);
;// CONCATENATED MODULE: ./src/holidays.ts

const JAPANESE = (holiday_jp_default()).holidays;
/** The holiday's name when `date` (`yyyy-MM-dd`) is a day off, else undefined. */
function holidayName(calendar, date) {
    if (calendar.dates.has(date))
        return `holiday ${date}`;
    if (!calendar.japanese)
        return undefined;
    const holiday = JAPANESE[date];
    return holiday === undefined ? undefined : `Japanese holiday ${date} (${holiday.name_en})`;
}

;// CONCATENATED MODULE: ./src/schedule.ts




/** The windows a resource follows: its named schedule, working-hours when untagged; a problem for an unknown name. */
function windowsFor(schedule, tags) {
    const tag = tags.get(model/* TAG_SCHEDULE */.Tv);
    if (tag === undefined)
        return { name: undefined, windows: schedule.windows };
    if (tag.toLowerCase() === "off")
        return undefined;
    const windows = schedule.named?.get(tag);
    if (windows !== undefined)
        return { name: tag, windows };
    const known = [...(schedule.named?.keys() ?? [])];
    return {
        problem: `tag ${model/* TAG_SCHEDULE */.Tv}=${tag} names no schedule (known: ${known.length === 0 ? "none; define them in the schedules input" : known.join(", ")}); left alone`,
    };
}
const DAY_NAMES = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/** Whether a service should run at `now`: override tags first, then holidays, then working hours. */
function decide(schedule, tags, now) {
    const followed = windowsFor(schedule, tags);
    if (followed === undefined)
        return { kind: "excluded", reason: `tag ${model/* TAG_SCHEDULE */.Tv}=off` };
    if ("problem" in followed)
        return { kind: "unknown-schedule", reason: followed.problem };
    const keep = keepRunningUntil(tags, schedule.timeZone);
    if (keep !== undefined && keep.getTime() > now) {
        return {
            kind: "run",
            reason: `kept running by tag ${model/* TAG_KEEP_RUNNING_UNTIL */.ON} to ${(0,src/* formatInZone */.FL)(keep, schedule.timeZone)}`,
        };
    }
    const local = (0,working_hours/* localTime */.HJ)(now, schedule.timeZone);
    const when = `${DAY_NAMES[local.weekday]} ${local.date} ${hhmm(local.minute)} ${schedule.timeZone}`;
    const holiday = holidayName(schedule.holidays, local.date);
    if (holiday !== undefined)
        return { kind: "stop", reason: `${holiday}` };
    const hours = followed.name === undefined ? "working hours" : `schedule ${followed.name}`;
    if ((0,working_hours/* withinWorkingHours */.ye)(followed.windows, local.weekday, local.minute)) {
        return { kind: "run", reason: `within ${hours} (${when})` };
    }
    return { kind: "stop", reason: `outside ${hours} (${when})` };
}
/** The keep-running-until tag as an instant (no offset: the schedule's time zone); undefined when absent or unreadable. */
function keepRunningUntil(tags, timeZone) {
    const value = tags.get(model/* TAG_KEEP_RUNNING_UNTIL */.ON);
    return value === undefined ? undefined : (0,src/* parseDateTime */.DP)(value, timeZone);
}
function hhmm(minute) {
    return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}
const STEP_MS = 5 * 60_000;
/**
 * The next instant (5-minute steps, within 8 days) a resource following `windows` should run:
 * inside a window and not a holiday. Undefined when none in that time (e.g. never).
 */
function nextWorkingStart(windows, timeZone, holidays, now) {
    const start = Math.ceil(now / STEP_MS) * STEP_MS;
    for (let at = start; at <= now + 8 * 86_400_000; at += STEP_MS) {
        const local = (0,working_hours/* localTime */.HJ)(at, timeZone);
        if (holidayName(holidays, local.date) === undefined && (0,working_hours/* withinWorkingHours */.ye)(windows, local.weekday, local.minute)) {
            return at;
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/idle.ts


/** GetMetricData takes at most 500 MetricDataQuery structures and answers at most 100,800 data points. */
const METRICS_PER_CALL = 500;
const DATAPOINTS_PER_CALL = 100_800;
/** CloudWatch's price for GetMetricData: USD per 1,000 metrics requested. */
const USD_PER_1000_METRICS = 0.01;
/** `arn:aws:elasticloadbalancing:…:targetgroup/web/0123` → `targetgroup/web/0123` (the metric's dimension value). */
function targetGroupDimension(arn) {
    const at = arn.indexOf("targetgroup/");
    return at === -1 ? arn : arn.slice(at);
}
/** How far back the last request is looked for (the summary shows it), at least idle-after. */
const LOOKBACK_MS = 24 * 3_600_000;
/**
 * The requests of every target group over the last day (or idle-after, when longer), in as few
 * GetMetricData calls as the API allows: 500 metrics a call, and the finest period (60 s or a
 * multiple) at which a call's series fit the 100,800 data points of one answer (one minute for
 * up to 70 target groups over a day; 3 minutes for 500). The metric is the Application Load Balancer's
 * `RequestCountPerTarget` with the `TargetGroup` dimension alone (Sum): it needs no load balancer
 * ARN, so no Elastic Load Balancing call and no extra permission. ELB publishes it only while
 * requests flow, so a missing data point is a minute without requests.
 */
async function readTraffic(cloudWatch, targetGroups, now, windowMs) {
    const unique = [...new Set(targetGroups)];
    const batches = (0,src/* chunks */.VN)(unique, METRICS_PER_CALL);
    const widest = Math.max(1, ...batches.map((batch) => batch.length));
    const perSeries = Math.floor(DATAPOINTS_PER_CALL / widest);
    const periodSeconds = Math.max(60, Math.ceil(windowMs / 1000 / perSeries / 60) * 60);
    // Aligned on whole periods, as the reference recommends for a fast answer.
    const end = Math.floor(now / 60_000) * 60_000;
    const start = end - Math.ceil(windowMs / (periodSeconds * 1000)) * periodSeconds * 1000;
    const byTargetGroup = new Map();
    let calls = 0;
    for (const batch of batches) {
        const queries = batch.map((arn, index) => ({
            Id: `tg${index}`,
            MetricStat: {
                Metric: {
                    Namespace: "AWS/ApplicationELB",
                    MetricName: "RequestCountPerTarget",
                    Dimensions: [{ Name: "TargetGroup", Value: targetGroupDimension(arn) }],
                },
                Period: periodSeconds,
                Stat: "Sum",
            },
        }));
        let nextToken;
        do {
            const page = await cloudWatch.getMetricData({
                MetricDataQueries: queries,
                StartTime: new Date(start),
                EndTime: new Date(end),
                ScanBy: "TimestampDescending",
                ...(nextToken === undefined ? {} : { NextToken: nextToken }),
            });
            calls += 1;
            for (const result of page.MetricDataResults ?? []) {
                const arn = batch[Number((result.Id ?? "").slice(2))];
                if (arn === undefined)
                    continue;
                const seen = byTargetGroup.get(arn) ?? { requests: 0, lastRequestAt: undefined };
                (result.Values ?? []).forEach((value, index) => {
                    const at = result.Timestamps?.[index]?.getTime();
                    seen.requests += value;
                    if (value > 0 && at !== undefined)
                        seen.lastRequestAt = Math.max(seen.lastRequestAt ?? at, at);
                });
                byTargetGroup.set(arn, seen);
            }
            nextToken = page.NextToken;
        } while (nextToken !== undefined);
    }
    for (const arn of unique)
        if (!byTargetGroup.has(arn))
            byTargetGroup.set(arn, { requests: 0, lastRequestAt: undefined });
    const metrics = unique.length;
    return {
        byTargetGroup,
        window: { start, end, periodSeconds },
        cost: { calls, metrics: calls === 0 ? 0 : metrics, usd: (metrics * USD_PER_1000_METRICS) / 1000 },
    };
}
/**
 * The pure verdict for one environment: kept by a keep-running-until tag; asleep when every
 * service is stopped; woken when some slept for idleness and some run again (a deploy or a
 * reservation woke them); otherwise asleep from now when, for idle-after, no request reached any of
 * its services, no deployment started and ECS started no task.
 */
function judgeEnvironment(environment, services, dbs, traffic, rules) {
    const { now } = rules;
    const at = (time) => (time === undefined ? "none" : (0,src/* formatInZone */.FL)(time, rules.timeZone));
    const lastDeployAt = latest(services.map((service) => service.lastDeployAt));
    const lastRequestAt = latest(services.flatMap((service) => service.targetGroups.map((arn) => traffic?.byTargetGroup.get(arn)?.lastRequestAt)));
    const lastStartAt = latest(services.map((service) => service.lastStartAt));
    // A request may fall anywhere in its period: count it at the period's last minute (never early).
    const slack = ((traffic?.window.periodSeconds ?? 60) - 60) * 1000;
    const activity = latest([lastRequestAt === undefined ? undefined : lastRequestAt + slack, lastDeployAt, lastStartAt]);
    const idleMs = activity === undefined ? rules.idleAfterMs : Math.max(0, now - activity);
    const base = { environment, idleMinutes: Math.floor(idleMs / 60_000), lastRequestAt, lastDeployAt };
    const keeper = [
        ...services.map((service) => ({ name: service.name, tags: service.tags })),
        ...dbs.map((db) => ({ name: db.id, tags: db.tags })),
    ].find(({ tags }) => (keepRunningUntil(tags, rules.timeZone)?.getTime() ?? 0) > now);
    if (keeper !== undefined) {
        const until = keepRunningUntil(keeper.tags, rules.timeZone);
        return { ...base, kind: "kept", reason: `${keeper.name} is tagged keep-running-until ${at(until?.getTime())}` };
    }
    const stopped = services.filter((service) => service.saved !== undefined);
    if (stopped.length === services.length) {
        const idle = stopped.filter((service) => service.saved?.reason === "idle");
        const since = latest(stopped.map((service) => service.saved?.savedAt.getTime()));
        return {
            ...base,
            kind: "asleep",
            reason: idle.length > 0
                ? `asleep since ${at(since)} (idle); a deploy or a reservation wakes it`
                : `stopped since ${at(since)} (not for idleness)`,
        };
    }
    const idleAsleep = [
        ...stopped.filter((service) => service.saved?.reason === "idle").map((service) => service.name),
        ...dbs.filter((db) => db.stoppedForIdle && db.status !== "available").map((db) => db.id),
    ];
    if (idleAsleep.length > 0) {
        const awake = services.filter((service) => service.saved === undefined).map((service) => service.name);
        return {
            ...base,
            kind: "wake",
            reason: `${awake.join(", ")} ${awake.length === 1 ? "runs" : "run"} again (a deploy or a reservation woke ${environment}): starting ${idleAsleep.join(", ")}`,
        };
    }
    const blind = services.filter((service) => service.saved === undefined && service.desired > 0 && service.targetGroups.length === 0);
    if (blind.length > 0 && !rules.idleWithoutTrafficMetric) {
        const names = blind.map((service) => service.name).join(", ");
        const why = blind.some((service) => service.classicLoadBalancers.length > 0)
            ? "a Classic Load Balancer or none"
            : "no load balancer";
        return {
            ...base,
            kind: "awake",
            reason: `${names} ${blind.length === 1 ? "is" : "are"} behind ${why}, so ${blind.length === 1 ? "its" : "their"} traffic is unknown (idle-without-traffic-metric: true counts ${blind.length === 1 ? "it" : "them"} idle)`,
        };
    }
    const facts = `last request ${at(lastRequestAt)}, last deploy ${at(lastDeployAt)}, tasks last started ${at(lastStartAt)}`;
    const window = Math.round(rules.idleAfterMs / 60_000);
    if (idleMs >= rules.idleAfterMs) {
        const quiet = activity === undefined ? `nothing in the last ${window} min` : `idle for ${base.idleMinutes} min`;
        return { ...base, kind: "sleep", reason: `${quiet} (idle-after ${window} min): ${facts}` };
    }
    return { ...base, kind: "awake", reason: `active ${base.idleMinutes} min ago (idle-after ${window} min): ${facts}` };
}
function latest(times) {
    const known = times.filter((time) => time !== undefined);
    return known.length === 0 ? undefined : Math.max(...known);
}

;// CONCATENATED MODULE: ./src/plan.ts






/** Hours a month a resource is off under its schedule (0 when `sre-actions:schedule=off` or unknown). */
function offHoursOf(tags, context) {
    const followed = windowsFor({ windows: context.hours.windows, named: context.hours.named }, tags);
    return followed === undefined || "problem" in followed ? 0 : offHoursPerMonth(followed.windows);
}
/** Hours a month a service runs: only its scheduled hours when a schedule stops it, else all month. */
function runningHoursOf(service, context) {
    return context.hours.scheduled ? HOURS_PER_MONTH - offHoursOf(service.tags, context) : HOURS_PER_MONTH;
}
/** The change one service needs, with the reason; pure (the plan is computed and shown before anything changes). */
function planService(service, context) {
    switch (context.mode) {
        case "status":
            return unchanged(service, "status only");
        case "stop":
            return withStopSaving(planStop(service, context, ""), context);
        case "start":
            return planStart(service, "");
        case "spot":
            return planSpotFallback(service, context) ?? planProviders(service, context, context.spotProviders, true);
        case "on-demand":
            return planProviders(service, context, context.onDemandProviders, false);
        case "schedule":
            return planSchedule(service, context);
        case "idle":
            return planIdle(service, context);
    }
}
function verdictOf(service, context) {
    return service.environment === undefined ? undefined : context.verdicts?.get(service.environment);
}
/** Asleep for lack of traffic: stopped like `stop`, remembering why (`why=idle` in the saved state). */
function sleepForIdle(service, context, verdict, why = "") {
    const entry = planStop(service, context, `${why}${verdict.environment} idle for ${verdict.idleMinutes} min`);
    return entry.change.kind === "stop" ? { ...entry, change: { kind: "stop", why: "idle" } } : entry;
}
/** Mode idle: an idle environment sleeps, one woken in part wakes whole, the others are left as they are. */
function planIdle(service, context) {
    const verdict = verdictOf(service, context);
    if (verdict === undefined)
        return skipped(service, "in none of the environments");
    if (verdict.kind === "sleep")
        return sleepForIdle(service, context, verdict);
    if (verdict.kind === "wake" && service.saved !== undefined)
        return planStart(service, verdict.reason);
    return unchanged(service, `${verdict.environment} ${verdict.kind}: ${verdict.reason}`);
}
function planSchedule(service, context) {
    const schedule = context.schedule;
    if (schedule === undefined)
        return skipped(service, "no working hours");
    const decision = decide(schedule, service.tags, context.now);
    if (decision.kind === "excluded")
        return skipped(service, decision.reason);
    if (decision.kind === "unknown-schedule")
        return { ...skipped(service, decision.reason), warn: true };
    const verdict = verdictOf(service, context);
    if (decision.kind === "run" && verdict !== undefined) {
        // Working hours and idle-after compose: idle environments sleep, and stay asleep until woken.
        if (verdict.kind === "sleep")
            return sleepForIdle(service, context, verdict, `${decision.reason}; `);
        if (service.saved?.reason === "idle" && verdict.kind !== "wake") {
            return unchanged(service, `${decision.reason}; asleep because ${verdict.environment} was idle: a deploy or a reservation wakes it`);
        }
    }
    if (decision.kind === "run" && service.saved === undefined) {
        const fallback = planSpotFallback(service, context);
        if (fallback !== undefined)
            return fallback;
    }
    return withStopSaving(decision.kind === "stop" ? planStop(service, context, decision.reason) : planStart(service, decision.reason), context);
}
/**
 * Spot that never strands a service: short of Spot capacity for spot-fallback-after → on-demand;
 * on on-demand after a fallback for spot-retry-after → back to the strategy it left. Undefined
 * when neither applies (the mode's own plan follows).
 */
function planSpotFallback(service, context) {
    if (!service.fargate || service.controller !== "ECS" || service.desired === 0)
        return undefined;
    const fallback = service.fallback;
    if (fallback !== undefined) {
        const retryAt = fallback.at.getTime() + context.spotRetryAfterMs;
        const since = (0,src/* formatInZone */.FL)(fallback.at, context.timeZone);
        if (context.now < retryAt) {
            return unchanged(service, `on on-demand since ${since} (Spot capacity ran out); back to Spot from ${(0,src/* formatInZone */.FL)(new Date(retryAt), context.timeZone)}`);
        }
        const saving = switchSaving(service, service.desired, service.placement, { kind: "providers", items: fallback.from }, context.prices, runningHoursOf(service, context));
        return entry(service, { kind: "spot-retry", items: fallback.from }, (0,capacity/* formatProviders */.y_)(fallback.from), `back to Spot: on on-demand since ${since}, spot-retry-after has passed`, saving);
    }
    if (service.placement.kind !== "providers" ||
        !service.placement.items.some((item) => item.provider === "FARGATE_SPOT"))
        return undefined;
    const short = spotShortageSince(service.events);
    if (service.running >= service.desired || short === undefined || context.now - short < context.spotFallbackAfterMs)
        return undefined;
    const minutes = Math.round((context.now - short) / 60_000);
    const saving = switchSaving(service, service.desired, service.placement, { kind: "providers", items: context.onDemandProviders }, context.prices, runningHoursOf(service, context));
    return entry(service, { kind: "spot-fallback", items: context.onDemandProviders, from: service.placement.items }, (0,capacity/* formatProviders */.y_)(context.onDemandProviders), `Spot capacity unavailable for ${minutes} min (${service.running} of ${service.desired} tasks running): on-demand until spot-retry-after, tag ${model/* TAG_SPOT_FALLBACK */.Ho}`, saving);
}
/**
 * What keeping the service off outside working hours saves a month, only when this run stops it:
 * a start, a service already stopped or kept up (keep-running-until) saves nothing tonight.
 */
function withStopSaving(entry, context) {
    // An idle sleep lasts until someone wakes it: not projected a month (the summary shows today's).
    if (entry.change.kind !== "stop" || entry.change.why === "idle")
        return entry;
    const { service } = entry;
    const tasks = service.saved?.desired ?? service.desired;
    return { ...entry, monthlySaving: stopSaving(service, tasks, context.prices, offHoursOf(service.tags, context)) };
}
function planStop(service, context, why) {
    const prefix = why === "" ? "" : `${why}; `;
    if (context.mode === "stop") {
        const keep = keepRunningUntil(service.tags, context.timeZone);
        if (keep !== undefined && keep.getTime() > context.now) {
            return skipped(service, `tag ${model/* TAG_KEEP_RUNNING_UNTIL */.ON} keeps it running until ${keep.toISOString()}`);
        }
    }
    if (service.shortArn)
        return skipped(service, shortArnReason());
    if (service.savedProblem !== undefined)
        return skipped(service, service.savedProblem);
    const target = service.target;
    // Stopped means min = max = 0 and scheduled scaling suspended (so no scheduled action wakes it).
    const targetAtZero = target === undefined || (target.min === 0 && target.max === 0 && target.suspended.scheduled);
    if (service.saved !== undefined) {
        if (service.desired === 0 && targetAtZero)
            return unchanged(service, `${prefix}already stopped; saved state kept`);
        return entry(service, { kind: "stop" }, "0 tasks", `${prefix}finishing the stop; the saved state is kept`, 0);
    }
    if (service.desired === 0 && (target === undefined || target.min === 0)) {
        return unchanged(service, `${prefix}already at 0 tasks and not stopped by this action; nothing to save`);
    }
    return entry(service, { kind: "stop" }, stoppedText(service), why === "" ? "stop" : why, 0);
}
function planStart(service, why) {
    const prefix = why === "" ? "" : `${why}; `;
    if (service.savedProblem !== undefined)
        return skipped(service, service.savedProblem);
    const saved = service.saved;
    if (saved === undefined) {
        return unchanged(service, `${prefix}${service.shortArn ? shortArnReason() : "no saved state (not stopped by this action)"}`);
    }
    const target = saved.target === undefined ? "" : ` (min ${saved.target.min}, max ${saved.target.max})`;
    return entry(service, { kind: "start", saved }, `${taskCount(saved.desired)}${target}`, why === "" ? "restore the saved state" : why, 0);
}
function planProviders(service, context, items, spot) {
    if (!service.fargate)
        return skipped(service, `not on Fargate (${(0,capacity/* formatPlacement */.Hv)(service.placement)})`);
    if (service.controller !== "ECS") {
        return skipped(service, `${service.controller} deployment controller: ECS cannot force a new deployment`);
    }
    // Fargate Spot runs Linux tasks on X86_64 and ARM64 (Graviton, since September 2024), not Windows.
    if (spot && !service.osFamily.startsWith("LINUX")) {
        return skipped(service, `FARGATE_SPOT runs only Linux tasks (X86_64 or ARM64); the task definition is ${service.osFamily}/${service.cpuArchitecture}`);
    }
    if (sameProviders(service.placement, items))
        return unchanged(service, `already on ${(0,capacity/* formatProviders */.y_)(items)}`);
    const tasks = service.saved?.desired ?? service.desired;
    const to = { kind: "providers", items };
    const saving = switchSaving(service, tasks, service.placement, to, context.prices, runningHoursOf(service, context));
    return entry(service, { kind: "switch", items }, (0,capacity/* formatProviders */.y_)(items), `switch with a new deployment`, saving);
}
function entry(service, change, to, reason, saving) {
    const switching = change.kind === "switch" || change.kind === "spot-fallback" || change.kind === "spot-retry";
    const from = switching ? (0,capacity/* formatPlacement */.Hv)(service.placement) : runningText(service);
    return { service, change, from, to, reason, monthlySaving: saving };
}
function unchanged(service, reason) {
    const now = runningText(service);
    return { service, change: { kind: "none" }, from: now, to: now, reason, monthlySaving: 0 };
}
function skipped(service, reason) {
    const now = runningText(service);
    return { service, change: { kind: "skip" }, from: now, to: now, reason, monthlySaving: 0 };
}
function runningText(service) {
    const target = service.target === undefined ? "" : ` (min ${service.target.min}, max ${service.target.max})`;
    return `${taskCount(service.desired)}${target}`;
}
function taskCount(count) {
    return `${count} ${count === 1 ? "task" : "tasks"}`;
}
function stoppedText(service) {
    return service.target === undefined ? "0 tasks" : "0 tasks (min 0, max 0)";
}
function shortArnReason() {
    return "the service has a short ARN (service/<name>), which ECS cannot tag, so its state cannot be saved; recreate it with the long ARN format";
}

;// CONCATENATED MODULE: ./src/select.ts





/** Read-only pre-flight: the clusters (all must exist), then every matching service with all it needs. */
async function readClusters(ecs, names) {
    const described = await ecs.describeClusters({ clusters: names });
    const found = (described.clusters ?? []).filter((cluster) => cluster.status === "ACTIVE");
    const missing = names.filter((name) => !found.some((cluster) => cluster.clusterName === name || cluster.clusterArn === name));
    if (missing.length > 0) {
        throw new src/* ActionError */.lZ(`Cluster ${missing.join(", ")} not found (or not ACTIVE) in this region`, {
            hint: "Check the cluster input and the region (AWS_REGION or the region input).",
        });
    }
    return found.map((cluster) => ({
        name: cluster.clusterName ?? "",
        arn: cluster.clusterArn ?? "",
        capacityProviders: cluster.capacityProviders ?? [],
        defaultProviders: cluster.defaultCapacityProviderStrategy ?? [],
    }));
}
async function readServices(clients, clusters, selection, options) {
    const { concurrency } = options;
    const matches = (0,src/* compileGlobs */.tI)(selection.services);
    // Clusters are read side by side: the reads share one bucket that holds them all.
    const perCluster = await Promise.all(clusters.map(async (cluster) => {
        const arns = (await listAll(clients.ecs, cluster.arn)).filter((arn) => matches(nameOf(arn)));
        const { services } = await describeServices(clients.ecs, cluster.arn, arns, { include: ["TAGS"], concurrency });
        return services.flatMap((service) => (service.status === "ACTIVE" ? [{ cluster, service }] : []));
    }));
    const selected = perCluster.flat().filter(({ service }) => matchesTags(tagMap(service), selection));
    // Sizes and platform feed the savings estimate and the Spot checks; only `spot` and `status` need them
    // before acting (the others fetch them alongside the changes, see `describeSizes`).
    const [definitions, targets] = await Promise.all([
        options.taskDefinitions
            ? describeTaskDefinitions(clients.ecs, selected.map(({ service }) => service.taskDefinition ?? ""), concurrency)
            : new Map(),
        describeTargets(clients.scaling, selected.map(({ cluster, service }) => resourceId(cluster.name, service.serviceName ?? "")), concurrency),
    ]);
    return selected.map(({ cluster, service }) => toInfo(cluster, service, definitions.get(service.taskDefinition ?? ""), targets.get(resourceId(cluster.name, service.serviceName ?? ""))));
}
/** Fills in task sizes and platform (read while the changes are applied: only the savings need them). */
async function describeSizes(ecs, services, concurrency) {
    const definitions = await describeTaskDefinitions(ecs, services.map((service) => service.taskDefinition), concurrency);
    for (const service of services)
        Object.assign(service, sizeOf(definitions.get(service.taskDefinition)));
}
function sizeOf(definition) {
    return {
        vcpu: Number(definition?.cpu ?? 0) / 1024,
        memoryGb: Number(definition?.memory ?? 0) / 1024,
        cpuArchitecture: definition?.runtimePlatform?.cpuArchitecture ?? "X86_64",
        osFamily: definition?.runtimePlatform?.operatingSystemFamily ?? "LINUX",
    };
}
async function listAll(ecs, cluster) {
    return (0,src/* paginate */.En)(async (nextToken) => {
        const page = await ecs.listServices({ cluster, maxResults: 100, nextToken });
        return { items: page.serviceArns ?? [], next: page.nextToken };
    });
}
async function describeTaskDefinitions(ecs, arns, concurrency) {
    const unique = [...new Set(arns.filter((arn) => arn !== ""))];
    const described = await (0,src/* mapPool */.Pk)(unique, concurrency, async (arn) => {
        const output = await ecs.describeTaskDefinition({ taskDefinition: arn });
        return [arn, output.taskDefinition];
    });
    return new Map(described.filter((entry) => entry[1] !== undefined));
}
async function describeTargets(scaling, ids, concurrency) {
    const pages = await (0,src/* mapPool */.Pk)((0,src/* chunks */.VN)(ids, 50), concurrency, (batch) => (0,src/* paginate */.En)(async (NextToken) => {
        const page = await scaling.describeScalableTargets({
            ServiceNamespace: "ecs",
            ScalableDimension: "ecs:service:DesiredCount",
            ResourceIds: batch,
            NextToken,
        });
        return { items: page.ScalableTargets ?? [], next: page.NextToken };
    }));
    return new Map(pages.flat().map((target) => [target.ResourceId ?? "", toTarget(target)]));
}
function toTarget(target) {
    return {
        min: target.MinCapacity ?? 0,
        max: target.MaxCapacity ?? 0,
        suspended: {
            scaleIn: target.SuspendedState?.DynamicScalingInSuspended === true,
            scaleOut: target.SuspendedState?.DynamicScalingOutSuspended === true,
            scheduled: target.SuspendedState?.ScheduledScalingSuspended === true,
        },
    };
}
function toInfo(cluster, service, definition, target) {
    const tags = tagMap(service);
    const saved = savedTagOf(tags);
    const placement = placementOf(service);
    const fargate = placement.kind === "launch-type"
        ? placement.launchType === "FARGATE"
        : placement.items.every((item) => item.provider.startsWith("FARGATE"));
    const arn = service.serviceArn ?? "";
    return {
        cluster: cluster.name,
        name: service.serviceName ?? "",
        arn,
        shortArn: /:service\/[^/]+$/.test(arn),
        desired: service.desiredCount ?? 0,
        running: service.runningCount ?? 0,
        placement,
        controller: service.deploymentController?.type ?? "ECS",
        fargate,
        tags,
        saved: saved.kind === "saved" ? saved.state : undefined,
        savedProblem: saved.kind === "unreadable" ? saved.problem : undefined,
        target,
        events: (service.events ?? []).map((event) => ({
            at: event.createdAt?.getTime() ?? 0,
            message: event.message ?? "",
        })),
        fallback: decodeFallback(tags.get(model/* TAG_SPOT_FALLBACK */.Ho) ?? ""),
        targetGroups: (service.loadBalancers ?? []).flatMap((lb) => (lb.targetGroupArn ? [lb.targetGroupArn] : [])),
        classicLoadBalancers: (service.loadBalancers ?? []).flatMap((lb) => lb.targetGroupArn === undefined && lb.loadBalancerName ? [lb.loadBalancerName] : []),
        lastDeployAt: newest((service.deployments ?? []).map((deployment) => deployment.createdAt?.getTime())),
        lastStartAt: newest((service.events ?? [])
            .filter((event) => TASKS_STARTED.test(event.message ?? ""))
            .map((event) => event.createdAt?.getTime())),
        environment: undefined,
        taskDefinition: service.taskDefinition ?? "",
        ...sizeOf(definition),
    };
}
const resourceId = scalableResourceId;
// ECS: "(service web) has started 2 tasks: (task 1a2b…) (task 3c4d…)."
const TASKS_STARTED = /\) has started \d+ tasks?\b/;
function newest(times) {
    const known = times.filter((time) => time !== undefined);
    return known.length === 0 ? undefined : Math.max(...known);
}
function tagMap(service) {
    return new Map((service.tags ?? []).map((tag) => [tag.key ?? "", tag.value ?? ""]));
}
function matchesTags(tags, selection) {
    for (const [key, value] of selection.includeTags)
        if (tags.get(key) !== value)
            return false;
    for (const [key, value] of selection.excludeTags)
        if (tags.get(key) === value)
            return false;
    return true;
}
function nameOf(arn) {
    return arn.split("/").at(-1) ?? arn;
}

;// CONCATENATED MODULE: ./src/tonight.ts



const SWITCHES = new Set(["switch", "spot-fallback", "spot-retry"]);
/**
 * Only what this run changes counts (a dry run: what it would change): a service it stops, a
 * strategy it switches, a DB cluster it stops. Starts, services already stopped, kept up by
 * keep-running-until or left as they are save nothing this run, so they add $0.
 */
function savingsOf(outcomes, dbOutcomes, inputs, context) {
    let schedule = 0;
    let spot = 0;
    for (const { entry, status } of outcomes) {
        if (status !== "changed")
            continue;
        if (SWITCHES.has(entry.change.kind)) {
            spot += entry.monthlySaving;
            continue;
        }
        if (entry.change.kind !== "stop" || entry.change.why === "idle")
            continue;
        schedule += entry.monthlySaving;
        // The Spot the stopped service uses, over the hours it runs under its schedule only.
        const service = entry.service;
        const tasks = service.saved?.desired ?? service.desired;
        const placement = service.saved?.placement ?? service.placement;
        const running = HOURS_PER_MONTH - offHoursOf(service.tags, context);
        spot += switchSaving(service, tasks, { kind: "launch-type", launchType: "FARGATE" }, placement, inputs.prices, running);
    }
    const aurora = dbOutcomes
        .filter(({ entry, status }) => status === "changed" && entry.change.kind === "stop")
        .reduce((sum, { entry }) => sum + entry.monthlySaving, 0);
    const started = outcomes.filter(({ entry, status }) => status === "changed" && entry.change.kind === "start").length +
        dbOutcomes.filter(({ entry, status }) => status === "changed" && entry.change.kind === "start").length;
    return {
        schedule,
        spot,
        aurora,
        total: schedule + spot + aurora,
        started,
        tonight: inputs.mode === "stop" || inputs.mode === "schedule" ? tonight(outcomes, dbOutcomes, inputs, context) : undefined,
        assumptions: assumptions(inputs, context),
    };
}
function tonight(outcomes, dbOutcomes, inputs, context) {
    const { now } = context;
    const startOf = (tags) => {
        const followed = windowsFor({ windows: context.hours.windows, named: context.hours.named }, tags);
        if (followed === undefined || "problem" in followed)
            return undefined;
        return nextWorkingStart(followed.windows, inputs.timeZone, inputs.holidays, now);
    };
    let usd = 0;
    let services = 0;
    let clusters = 0;
    let until;
    for (const { entry, status } of outcomes) {
        const service = entry.service;
        const off = entry.change.kind === "stop" || (entry.change.kind === "none" && service.saved !== undefined);
        if (status === "failed" || !off)
            continue;
        const start = startOf(service.tags);
        // Inside working hours (a stop by hand) there is no night ahead to price.
        if (start === undefined || start <= now)
            continue;
        const tasks = service.saved?.desired ?? service.desired;
        const placement = service.saved?.placement ?? service.placement;
        usd += tasks * stoppedHourly(service, tasks, placement, inputs.prices) * ((start - now) / 3_600_000);
        services += 1;
        until = Math.min(until ?? start, start);
    }
    for (const { entry, status } of dbOutcomes) {
        const off = entry.change.kind === "stop" || (entry.change.kind === "none" && entry.db.status === "stopped");
        if (status === "failed" || !off)
            continue;
        const start = startOf(entry.db.tags);
        if (start === undefined || start <= now)
            continue;
        usd += entry.hourly * ((start - now) / 3_600_000);
        clusters += 1;
        until = Math.min(until ?? start, start);
    }
    const kept = (tags) => {
        const keep = keepRunningUntil(tags, inputs.timeZone);
        return keep !== undefined && keep.getTime() > now;
    };
    const keptRunning = outcomes.filter(({ entry }) => kept(entry.service.tags)).length;
    const keptRunningClusters = dbOutcomes.filter(({ entry }) => kept(entry.db.tags)).length;
    return until === undefined ? undefined : { usd, services, clusters, keptRunning, keptRunningClusters, until };
}
function assumptions(inputs, context) {
    const { vcpuHour, gbHour, spotDiscount } = inputs.prices;
    const region = inputs.region === undefined ? "the prices' region (defaults: ap-northeast-1)" : inputs.region;
    const hours = context.hours.scheduled
        ? "working-hours and schedules"
        : "Mon-Fri 09:00-20:00 (no working-hours given)";
    const lines = [
        `Fargate Linux/x86 $${vcpuHour}/vCPU-hour and $${gbHour}/GB-hour, Fargate Spot ${Math.round(spotDiscount * 100)}% below on-demand, for ${region}.`,
        `A month is ${HOURS_PER_MONTH} hours; off hours follow ${hours} in ${inputs.timeZone}; holidays are not subtracted (conservative).`,
        "Against running every service on-demand around the clock: the schedule part prices the off hours on-demand, the Spot part counts only the hours a service runs under its schedule, so no hour is counted twice.",
        "Only what this run changes counts: services and DB clusters it stops, strategies it switches. Starts, resources already stopped, kept up by keep-running-until or left unchanged add $0.",
    ];
    if (inputs.dbClusters.length > 0) {
        const prices = [...inputs.dbPrices].map(([instanceClass, price]) => `${instanceClass} $${price}`).join(", ");
        lines.push(`Aurora: instance-hours only (${prices} per hour); storage, I/O and backups are billed while stopped.`);
    }
    if (inputs.prices.savingsPlanCoverage > 0) {
        const share = Math.round(inputs.prices.savingsPlanCoverage * 100);
        lines.push(`A Compute Savings Plan covers ${share}% of the on-demand Fargate hours (savings-plan-coverage): those are paid whether the tasks run or not, so stopping on-demand tasks saves ${100 - share}% of their price here.`);
    }
    if (inputs.idleAfterMs !== undefined) {
        lines.push("Environments asleep for idleness are not projected a month (they sleep until a deploy or a reservation wakes them): the environments table shows what sleeping saved today.");
    }
    if (inputs.mode === "stop" || inputs.mode === "schedule") {
        lines.push("Tonight: what the stopped resources would cost until the next working start of their schedule (Spot tasks at the Spot price); services and DB clusters kept up by keep-running-until are not counted.");
    }
    return lines;
}

;// CONCATENATED MODULE: ./src/toggle.ts












/** Modes whose plan needs task sizes and platform before acting (Spot checks, the status output). */
const SIZES_FIRST = new Set(["spot", "status"]);
/** Modes that read them alongside the changes, for the savings only (`start` needs none). */
const SIZES_LATER = new Set(["stop", "schedule", "on-demand", "idle"]);
/**
 * Plan, then act: read everything, decide per service and DB cluster, print the plan, apply it
 * (unless dry-run): clusters start first and are waited for, services change, clusters stop last.
 */
async function toggle(inputs, deps) {
    const started = deps.clock.now();
    const now = inputs.now?.getTime() ?? started;
    const { clusters, dbs, readEcs, ...read } = await readEverything(inputs, deps);
    let services = read.services;
    const judged = await judgeEnvironments(inputs, deps, services, dbs, now);
    const context = planContext(inputs, now, judged?.verdicts);
    let entries = services.map((service) => planService(service, context));
    const dbEntries = dbs.flatMap((db) => planCluster(db, inputs, context));
    await deps.log.group(inputs.dryRun ? "Plan (dry run: nothing is changed)" : "Plan", async () => {
        for (const verdict of judged?.verdicts.values() ?? []) {
            deps.log.info(`environment ${(0,src/* logText */.kc)(verdict.environment)}: ${verdict.kind}: ${(0,src/* logText */.kc)(verdict.reason)}`);
        }
        for (const entry of entries)
            deps.log.info(planLine(entry));
        for (const entry of dbEntries)
            deps.log.info(`${(0,src/* logText */.kc)(entry.db.id)} (DB cluster): ${entry.change.kind} (${(0,src/* logText */.kc)(entry.reason)})`);
        for (const entry of [...entries.filter((item) => item.warn), ...dbEntries.filter((item) => item.warn)]) {
            const name = "service" in entry ? `${entry.service.cluster}/${entry.service.name}` : entry.db.id;
            deps.log.warning(`${(0,src/* logText */.kc)(name)}: ${(0,src/* logText */.kc)(entry.reason)}`);
        }
    });
    const act = !inputs.dryRun && inputs.mode !== "status";
    const dbDeps = { ...deps, now };
    const dbStarted = act
        ? await deps.log.group("Start DB clusters", () => startClusters(dbEntries, inputs.dbStartTimeoutMs, dbDeps))
        : new Map();
    if (act && dbEntries.some((entry) => entry.change.kind === "start" || entry.change.kind === "wait")) {
        // Minutes went by waiting for Aurora: a deploy may have woken a service meanwhile. Plan again
        // from what the services are now, so nothing this run decided before the wait undoes it.
        services = await deps.log.group("Read services again after the DB clusters", () => readEcs(clusters));
        entries = replan(entries, services, context, deps.log);
    }
    const applyDeps = { ...deps, now };
    // Sizes only price the plan: read them while the changes go out (reads and writes overlap).
    const sizes = SIZES_LATER.has(inputs.mode)
        ? describeSizes(deps.ecs, services, inputs.concurrency)
        : Promise.resolve();
    const applied = act
        ? await deps.log.group("Apply", () => applyPlan(entries, clusters, inputs.concurrency, applyDeps))
        : entries.map((entry) => dryOutcome(entry));
    await sizes;
    const outcomes = SIZES_LATER.has(inputs.mode)
        ? applied.map((outcome) => ({
            ...outcome,
            entry: { ...outcome.entry, monthlySaving: planService(outcome.entry.service, context).monthlySaving },
        }))
        : applied;
    const stopped = act ? await deps.log.group("Stop DB clusters", () => stopClusters(dbEntries, dbDeps)) : new Map();
    const db = dbOutcomes(dbEntries, new Map([...dbStarted, ...stopped]), inputs.dryRun);
    const all = [...outcomes.map((outcome) => outcome.status), ...db.map((outcome) => outcome.status)];
    const count = (status) => all.filter((item) => item === status).length;
    const savings = savingsOf(outcomes, db, inputs, context);
    return {
        mode: inputs.mode,
        dryRun: inputs.dryRun,
        now,
        timeZone: inputs.timeZone,
        region: inputs.region,
        outcomes,
        dbOutcomes: db,
        changed: count("changed"),
        skipped: count("skipped"),
        failed: count("failed"),
        estimatedMonthlySavings: roundUsd(savings.total),
        savings,
        environments: judged === undefined ? [] : environmentReports(judged.verdicts, outcomes, db, inputs, now),
        traffic: judged?.traffic?.cost,
        durationMs: deps.clock.now() - started,
    };
}
/**
 * Read-only pre-flight: the clusters, the selected services (and their environments) and, alongside,
 * the DB clusters. `readEcs` reads the services again the same way (after the Aurora wait).
 */
async function readEverything(inputs, deps) {
    const inEnvironment = environmentMatcher(inputs.environments);
    const byEnvironment = inputs.environments.length > 0;
    const readEcs = async (clusters) => {
        const read = await readServices(deps, clusters, inputs, {
            concurrency: inputs.concurrency,
            taskDefinitions: SIZES_FIRST.has(inputs.mode),
        });
        for (const service of read)
            service.environment = environmentOf(service, inputs.environmentFrom, inEnvironment);
        return byEnvironment ? read.filter((service) => service.environment !== undefined) : read;
    };
    return deps.log.group("Read services", async () => {
        // DB clusters are read alongside the services: independent calls, separate rate limits.
        const [ecs, dbs] = await Promise.all([
            (async () => {
                const clusters = await readClusters(deps.ecs, inputs.clusters);
                return { clusters, services: await readEcs(clusters) };
            })(),
            readDbClusters(deps.rds, inputs.dbClusters),
        ]);
        for (const db of dbs)
            db.environment = environmentOf({ name: db.id, tags: db.tags }, inputs.environmentFrom, inEnvironment);
        const selectedDbs = byEnvironment ? dbs.filter((db) => db.environment !== undefined) : dbs;
        const names = ecs.clusters.map((cluster) => (0,src/* logText */.kc)(cluster.name)).join(", ");
        deps.log.info(`${ecs.services.length} services selected in ${names}${selectedDbs.length > 0 ? `; ${selectedDbs.length} DB clusters` : ""}`);
        return { ...ecs, dbs: selectedDbs, readEcs };
    });
}
/** The plan of the services as they are now; logs each service whose change differs from before. */
function replan(before, services, context, log) {
    const entries = services.map((service) => planService(service, context));
    for (const entry of entries) {
        const earlier = before.find((item) => item.service.arn === entry.service.arn);
        if (earlier?.change.kind !== entry.change.kind)
            log.info(`plan changed while waiting: ${planLine(entry)}`);
    }
    return entries;
}
/**
 * Mode idle, or schedule with idle-after: the traffic of the awake environments' target groups
 * (one GetMetricData call per 500 of them), then a verdict per environment.
 */
async function judgeEnvironments(inputs, deps, services, dbs, now) {
    const idleAfterMs = inputs.idleAfterMs;
    if (idleAfterMs === undefined || (inputs.mode !== "idle" && inputs.mode !== "schedule"))
        return undefined;
    const groups = groupByEnvironment(services);
    const awake = services.filter((service) => service.saved === undefined);
    const targetGroups = awake.flatMap((service) => service.targetGroups);
    const traffic = targetGroups.length === 0
        ? undefined
        : await deps.log.group("Read traffic", async () => {
            const lookback = Math.max(idleAfterMs, LOOKBACK_MS);
            const read = await readTraffic(deps.cloudWatch, targetGroups, now, lookback);
            deps.log.info(`${read.byTargetGroup.size} target groups' requests over ${Math.round(lookback / 3_600_000)} h in ${read.cost.calls} GetMetricData ${read.cost.calls === 1 ? "call" : "calls"} (${read.cost.metrics} metrics, about $${read.cost.usd.toFixed(4)})`);
            return read;
        });
    const rules = {
        now,
        idleAfterMs,
        idleWithoutTrafficMetric: inputs.idleWithoutTrafficMetric,
        timeZone: inputs.timeZone,
    };
    const verdicts = new Map();
    for (const [name, members] of groups) {
        const envDbs = dbs.filter((db) => db.environment === name);
        verdicts.set(name, judgeEnvironment(name, members, envDbs, traffic, rules));
    }
    return { verdicts, traffic };
}
function planContext(inputs, now, verdicts) {
    const schedule = inputs.mode !== "schedule" || inputs.workingHours === undefined
        ? undefined
        : { windows: inputs.workingHours, timeZone: inputs.timeZone, holidays: inputs.holidays, named: inputs.schedules };
    return {
        mode: inputs.mode,
        spotProviders: inputs.spotProviders,
        onDemandProviders: inputs.onDemandProviders,
        schedule,
        timeZone: inputs.timeZone,
        now,
        prices: inputs.prices,
        hours: {
            windows: inputs.workingHours ?? defaultWindows(),
            named: inputs.schedules,
            scheduled: inputs.workingHours !== undefined,
        },
        spotFallbackAfterMs: inputs.spotFallbackAfterMs,
        spotRetryAfterMs: inputs.spotRetryAfterMs,
        verdicts,
    };
}
/** Stop and start act on clusters directly; schedule decides per cluster like per service; other modes leave them. */
function planCluster(db, inputs, context) {
    // Serverless v2 instances bill ACU-hours: db.serverless in db-instance-prices is USD per ACU-hour,
    // counted at the cluster's minimum (what it bills at the least while it runs).
    const priceOf = (instanceClass) => instanceClass === "db.serverless" && db.serverlessV2 !== undefined
        ? (inputs.dbPrices.get(instanceClass) ?? 0) * db.serverlessV2.min
        : (inputs.dbPrices.get(instanceClass) ?? 0);
    const hourly = db.instanceClasses.reduce((sum, instanceClass) => sum + priceOf(instanceClass), 0);
    const unpriced = db.instanceClasses.filter((instanceClass) => !inputs.dbPrices.has(instanceClass) && !(instanceClass === "db.serverless" && db.serverlessV2?.min === 0));
    const money = { hourly, offHours: offHoursOf(db.tags, context) };
    const noPrice = unpriced.length > 0 ? `; no price for ${unpriced.join(", ")} in db-instance-prices (counted as $0)` : "";
    const add = (entry, warn = false) => [
        { ...entry, reason: `${entry.reason}${noPrice}`, ...(warn || noPrice !== "" ? { warn: true } : {}) },
    ];
    const keep = keepRunningUntil(db.tags, inputs.timeZone);
    if (inputs.mode === "stop" && keep !== undefined && keep.getTime() > context.now) {
        const reason = `tag ${model/* TAG_KEEP_RUNNING_UNTIL */.ON} keeps it running until ${keep.toISOString()}`;
        return add({ db, change: { kind: "skip" }, reason, hourly, monthlySaving: 0 });
    }
    if (inputs.mode === "stop" || inputs.mode === "start")
        return add(planDb(db, inputs.mode, "", money, inputs.timeZone));
    const verdict = db.environment === undefined ? undefined : context.verdicts?.get(db.environment);
    const idleStop = (why) => {
        const entry = planDb(db, "stop", why, { hourly, offHours: 0 }, inputs.timeZone);
        return add(entry.change.kind === "stop" ? { ...entry, change: { kind: "stop", why: "idle" } } : entry);
    };
    if (inputs.mode === "idle") {
        if (verdict?.kind === "sleep")
            return idleStop(`${verdict.environment} idle for ${verdict.idleMinutes} min`);
        if (verdict?.kind === "wake" && db.stoppedForIdle)
            return add(planDb(db, "start", verdict.reason, money, inputs.timeZone));
        const reason = verdict === undefined ? "in none of the environments" : `${verdict.environment} ${verdict.kind}`;
        return add({ db, change: { kind: "none" }, reason, hourly, monthlySaving: 0 });
    }
    if (context.schedule === undefined) {
        return add({
            db,
            change: { kind: "none" },
            reason: `${inputs.mode} mode does not change DB clusters`,
            hourly,
            monthlySaving: 0,
        });
    }
    const decision = decide(context.schedule, db.tags, context.now);
    if (decision.kind === "excluded" || decision.kind === "unknown-schedule") {
        return add({ db, change: { kind: "skip" }, reason: decision.reason, hourly, monthlySaving: 0 }, decision.kind === "unknown-schedule");
    }
    if (decision.kind === "run" && verdict?.kind === "sleep") {
        return idleStop(`${decision.reason}; ${verdict.environment} idle for ${verdict.idleMinutes} min`);
    }
    if (decision.kind === "run" && db.stoppedForIdle && verdict !== undefined && verdict.kind !== "wake") {
        const reason = `${decision.reason}; asleep because ${verdict.environment} was idle: a deploy or a reservation wakes it`;
        return add({ db, change: { kind: "none" }, reason, hourly, monthlySaving: 0 });
    }
    return add(planDb(db, decision.kind === "stop" ? "stop" : "start", decision.reason, money, inputs.timeZone));
}
/** In a dry run a planned change counts as "changed" (it would be), so the outputs preview the real run. */
function dryOutcome(entry) {
    const kind = entry.change.kind;
    const status = kind === "skip" ? "skipped" : kind === "none" ? "unchanged" : "changed";
    return { entry, status, error: undefined };
}
function planLine(entry) {
    const { service, change } = entry;
    const action = change.kind === "none" ? "unchanged" : change.kind === "skip" ? "skipped" : change.kind;
    return `${(0,src/* logText */.kc)(`${service.cluster}/${service.name}`)}: ${action}: ${entry.from} → ${entry.to} (${(0,src/* logText */.kc)(entry.reason)})`;
}

;// CONCATENATED MODULE: ./src/execute.ts








/** The whole run: read, plan, apply (unless dry run), then the outputs, the summary and the failure to report. */
async function execute(inputs, deps) {
    const result = await toggle(inputs, deps);
    return { result, outputs: outputsOf(result), summary: renderSummary(result), failure: failureOf(result) };
}
/**
 * The composition root, the only wiring (tests call it too, with the fake's endpoint, a clock and a
 * logger). Clients honour AWS_ENDPOINT_URL*. ECS calls are paced to ECS's token buckets, so the SDK's
 * retry is the standard one: adaptive mode keeps one rate limiter per client, and one throttled
 * UpdateService would slow every other operation. CloudWatch (idle) and RDS (db-clusters) load on
 * first use: most runs need neither.
 */
function productionDeps(inputs, env = process.env, overrides = {}) {
    const region = (0,src_region/* resolveRegion */.Z)(inputs.region, env);
    const clock = overrides.clock ?? src/* systemClock */.ml;
    const pacer = new Pacer(clock, ECS_PACING);
    const aws = overrides.aws ?? {};
    const wrap = overrides.client ?? ((client) => client);
    const ecs = wrap(paceClient(createEcsClient({ region, overrides: { retryMode: "standard", ...aws } }), pacer));
    const scaling = wrap(createAutoScalingClient({ region, overrides: aws }));
    const cloudWatch = lazyCloudWatchPort({ region, overrides: aws }, wrap);
    const rds = lazyRdsPort({ region, overrides: aws }, wrap);
    return {
        ecs: ecs_ecsPort(ecs),
        scaling: autoScalingPort(scaling),
        rds: rds.port,
        cloudWatch: cloudWatch.port,
        clock,
        log: overrides.log ?? src/* actionsLogger */.MV,
        pacer,
        close: () => {
            ecs.destroy();
            scaling.destroy();
            cloudWatch.close();
            rds.close();
        },
    };
}
function failureOf(result) {
    if (result.failed === 0)
        return undefined;
    const failures = [
        ...result.outcomes
            .filter((outcome) => outcome.status === "failed")
            .map((outcome) => `${outcome.entry.service.cluster}/${outcome.entry.service.name}: ${outcome.error ?? "failed"}`),
        ...result.dbOutcomes
            .filter((outcome) => outcome.status === "failed")
            .map((outcome) => `DB cluster ${outcome.entry.db.id}: ${outcome.error ?? "failed"}`),
    ];
    const total = result.outcomes.length + result.dbOutcomes.length;
    const what = result.dbOutcomes.length > 0 ? "services and DB clusters" : "services";
    return new src/* ActionError */.lZ(`${result.failed} of ${total} ${what} failed: ${failures.join("; ")}`, {
        hint: "The other services were changed; re-running converges the failed ones (each change is idempotent).",
    });
}


/***/ })

};

//# sourceMappingURL=167.index.js.map