export const id = 459;
export const ids = [459];
export const modules = {

/***/ 459:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  execute: () => (/* binding */ execute)
});

// EXTERNAL MODULE: ../../packages/core/src/index.ts + 26 modules
var src = __webpack_require__(3014);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/plan/taskdef.ts
var taskdef = __webpack_require__(6983);
;// CONCATENATED MODULE: ./src/before/exactly-once.ts



/** A marker unique to this write: the run, the moment and what is written. */
function markerOf(deps, what) {
    return (0,external_node_crypto_.createHash)("sha256")
        .update(`${deps.context.runUrl}\n${deps.clock.now()}\n${JSON.stringify(what)}`)
        .digest("hex")
        .slice(0, 32);
}
/**
 * RegisterTaskDefinition has no client token: the revision carries a `sre-actions:run` tag, and
 * the read-back looks for it on the family's newest revisions.
 */
async function registerTaskDefinitionOnce(definition, deps) {
    const marker = { key: taskdef/* RUN_MARKER_TAG */.Qe, value: markerOf(deps, definition) };
    const tagged = {
        ...definition,
        tags: [...(definition.tags ?? []).filter((tag) => tag.key !== taskdef/* RUN_MARKER_TAG */.Qe), marker],
    };
    return (0,src/* exactlyOnce */._9)({
        what: `register a revision of ${definition.family}`,
        attempt: () => deps.ecs.registerTaskDefinition(tagged),
        readBack: async () => {
            const listed = await deps.ecs.listTaskDefinitions({
                familyPrefix: definition.family,
                sort: "DESC",
                maxResults: 5,
            });
            // familyPrefix also matches longer families (web → web-worker): keep this family's revisions.
            const ours = (listed.taskDefinitionArns ?? []).filter((arn) => /:task-definition\/(.+):\d+$/.exec(arn)?.[1] === definition.family);
            for (const arn of ours) {
                const described = await deps.ecs.describeTaskDefinition({ taskDefinition: arn, include: ["TAGS"] });
                if (described.tags?.some((tag) => tag.key === marker.key && tag.value === marker.value)) {
                    return { taskDefinition: described.taskDefinition, tags: described.tags, $metadata: {} };
                }
            }
            return undefined;
        },
        clock: deps.clock,
        log: deps.log,
    });
}
/**
 * RunTask with a `clientToken` (ECS returns the first result for a retry with the same token) and
 * a unique `startedBy` (36 characters at most) that the ListTasks read-back filters on.
 */
/**
 * The `startedBy` of this workflow run's one-off task: the same for every attempt of the run (the
 * run URL has no attempt number), so a re-run finds the task an earlier attempt left running.
 * At most 36 characters, as ECS allows.
 */
function runStartedBy(context, task) {
    const key = (0,external_node_crypto_.createHash)("sha256")
        .update(`${context.runUrl}\n${task.cluster}\n${JSON.stringify(task.command)}`)
        .digest("hex");
    return `ecs-deploy/${key.slice(0, 25)}`;
}
/** RunTask with a token unique to this attempt (a retry after a lost answer returns the same task). */
async function runTaskOnce(request, deps) {
    const token = markerOf(deps, request);
    const command = request.overrides?.containerOverrides?.[0]?.command ?? [];
    const startedBy = runStartedBy(deps.context, { cluster: request.cluster ?? "", command });
    const tokened = { ...request, clientToken: token, startedBy };
    return (0,src/* exactlyOnce */._9)({
        what: "start the one-off task",
        attempt: () => deps.ecs.runTask(tokened),
        readBack: async () => {
            const listed = await deps.ecs.listTasks({ cluster: request.cluster, startedBy });
            const arns = listed.taskArns ?? [];
            if (arns.length === 0)
                return undefined;
            const described = await deps.ecs.describeTasks({ cluster: request.cluster, tasks: arns });
            return { tasks: described.tasks ?? [], failures: [], $metadata: {} };
        },
        clock: deps.clock,
        log: deps.log,
    });
}

;// CONCATENATED MODULE: ./src/before/register.ts


/** Registers each distinct rendered definition once (web and worker may share one), exactly once each. */
async function registerAll(services, deps, mark) {
    const registered = new Map();
    await Promise.all(services.map(async ({ plan, result }) => {
        if (!plan.register)
            return;
        const key = JSON.stringify(plan.rendered.definition);
        let pending = registered.get(key);
        if (pending === undefined) {
            pending = registerTaskDefinitionOnce(plan.rendered.definition, deps).then((response) => {
                const arn = response.taskDefinition?.taskDefinitionArn;
                if (arn === undefined)
                    throw new src/* ActionError */.lZ("RegisterTaskDefinition returned no ARN");
                deps.log.info(`Registered ${arn}`);
                deps.journal?.changed(`registered task definition ${arn}`);
                mark("registered", arn);
                return arn;
            });
            registered.set(key, pending);
        }
        result.taskDefinitionArn = await pending;
        result.registered = true;
    }));
}

// EXTERNAL MODULE: ../../packages/core/src/ecs.ts + 1 modules
var src_ecs = __webpack_require__(7214);
;// CONCATENATED MODULE: ./src/observe/ecs.ts


/** The pack's one DescribeServices batching (core), with tags: they say whether a service sleeps (if-stopped). */
function describeServices(ecs, cluster, names) {
    return (0,src_ecs/* describeServices */.Ge)(ecs, cluster, names, { include: ["TAGS"] });
}
async function describeService(ecs, cluster, name) {
    const response = await ecs.describeServices({ cluster, services: [name] });
    return response.services?.[0];
}
/**
 * The most telling stopped tasks of a deployment. ListTasks cannot combine `startedBy` with
 * `desiredStatus` (startedBy must be its only filter), so list the service's stopped tasks and keep
 * those whose startedBy is the deployment id, as ECS sets it for service tasks.
 */
async function stoppedTasksOf(ecs, cluster, service, deploymentId, limit = 3) {
    // ECS keeps stopped tasks for about an hour; three pages cover any rollout worth explaining.
    const arns = await (0,src/* paginate */.En)(async (cursor) => {
        const listed = await ecs.listTasks({
            cluster,
            serviceName: service,
            desiredStatus: "STOPPED",
            maxResults: 100,
            ...(cursor ? { nextToken: cursor } : {}),
        });
        return { items: listed.taskArns ?? [], next: listed.nextToken };
    }, { maxPages: 3 });
    const tasks = [];
    for (let start = 0; start < arns.length; start += 100) {
        const described = await ecs.describeTasks({ cluster, tasks: arns.slice(start, start + 100) });
        tasks.push(...(described.tasks ?? []).filter((task) => task.startedBy === deploymentId));
    }
    // Tasks that failed say why; tasks the scheduler stopped during a rollback do not: failures first, newest first.
    return tasks
        .sort((a, b) => Number(failed(b)) - Number(failed(a)) || time(b.stoppedAt ?? b.createdAt) - time(a.stoppedAt ?? a.createdAt))
        .slice(0, limit);
}
function failed(task) {
    if (task.stopCode === "TaskFailedToStart")
        return true;
    return (task.containers ?? []).some((container) => container.exitCode !== undefined && container.exitCode !== 0);
}
function shortName(arn) {
    if (arn === undefined)
        return "?";
    return arn.slice(arn.lastIndexOf("/") + 1);
}
function time(date) {
    return date === undefined ? 0 : new Date(date).getTime();
}
function consoleUrl(region, cluster, service) {
    const clusterName = shortName(cluster);
    return `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${encodeURIComponent(clusterName)}/services/${encodeURIComponent(service)}/deployments?region=${region}`;
}
/** `qa4-web:1` for a task definition ARN: the revision a user recognises. */
function revisionOf(taskDefinitionArn) {
    return shortName(taskDefinitionArn);
}
/** Service events not seen yet, oldest first, and marks them seen. */
function newEvents(service, seen) {
    const fresh = (service.events ?? []).filter((event) => event.id !== undefined && !seen.has(event.id));
    for (const event of fresh)
        if (event.id !== undefined)
            seen.add(event.id);
    return fresh.sort((a, b) => time(a.createdAt) - time(b.createdAt));
}

;// CONCATENATED MODULE: ./src/observe/diagnose.ts


/** A stopped task in one line: why ECS stopped it and how each container ended. */
function describeStoppedTask(report) {
    const containers = report.containers
        .filter((container) => container.exitCode !== undefined || container.reason !== undefined)
        .map((container) => {
        const exit = container.exitCode === undefined ? "" : ` exit ${container.exitCode}`;
        return `${container.name}${exit}${container.reason ? `: ${container.reason}` : ""}`;
    });
    const stop = [report.stopCode, report.stoppedReason].filter(Boolean).join(": ");
    return `task ${report.taskId} stopped (${stop || "no reason given"})${containers.length > 0 ? `; ${containers.join("; ")}` : ""}`;
}
/**
 * Reads why a deployment's tasks stopped: stop codes, exit codes and the failing container's last
 * log lines. `startedBy` is what ECS stamps on the deployment's tasks (a deployment id, or a
 * CodeDeploy task set id), so every roll-out kind is diagnosed the same way.
 */
async function diagnoseDeployment(deps, cluster, service, startedBy, containers) {
    try {
        const tasks = await stoppedTasksOf(deps.ecs, cluster, service, startedBy);
        const reports = await Promise.all(tasks.map((task) => reportTask(deps.containerLogs, task, containers)));
        return { tasks: withoutRepeatedLogs(reports), note: undefined };
    }
    catch (error) {
        return { tasks: [], note: `could not read the stopped tasks: ${(0,src/* describeError */.Uc)(error)}` };
    }
}
async function reportTask(logs, task, definitions) {
    const taskId = shortName(task.taskArn);
    const containers = (task.containers ?? []).map((container) => ({
        name: container.name ?? "?",
        exitCode: container.exitCode,
        reason: container.reason,
    }));
    const failing = containers.find((container) => container.exitCode !== undefined && container.exitCode !== 0) ??
        containers.find((container) => {
            const definition = definitions.find((candidate) => candidate.name === container.name);
            return definition?.essential !== false;
        });
    const lines = failing
        ? await logs.tail(definitions.find((definition) => definition.name === failing.name), task)
        : [];
    return {
        taskId,
        stopCode: task.stopCode,
        stoppedReason: task.stoppedReason,
        containers,
        logs: failing && lines.length > 0 ? { container: failing.name, lines } : undefined,
    };
}
/** Tasks of a crash loop usually print the same lines: show each distinct tail once. */
function withoutRepeatedLogs(reports) {
    const shown = new Set();
    return reports.map((report) => {
        if (report.logs === undefined)
            return report;
        const key = `${report.logs.container}\n${report.logs.lines.join("\n")}`;
        if (shown.has(key))
            return { ...report, logs: undefined };
        shown.add(key);
        return report;
    });
}
/** One `::error` annotation per failed service: the reason, why tasks stopped, their last log lines, the console. */
function explainFailure(result, note, log) {
    const what = result.status === "timed-out" ? "timed out" : "failed";
    const lines = [`Deployment of ${result.service} ${what}: ${result.reason}`];
    for (const task of result.stoppedTasks) {
        lines.push((0,src/* logText */.kc)(describeStoppedTask(task)));
        if (task.logs)
            lines.push(`last log lines of ${task.logs.container}:`, ...task.logs.lines.flatMap((line) => (0,src/* logLines */.OG)(line)).map((line) => `  | ${line}`));
    }
    if (note)
        lines.push(note);
    lines.push(`Console: ${result.consoleUrl}`);
    log.error(lines.join("\n"), { title: `${result.service}: deployment ${what}` });
}

;// CONCATENATED MODULE: ./src/rollout/poll.ts
/**
 * Adaptive polling. A verdict can only be seen at a poll, so the delay after ECS decides is at
 * most one interval and half of it on average: poll every FAST_POLL_MS when the end is near
 * (a rollout or scale-up, clean-up, a rollback, the last seconds of a bake, the stage before
 * `wait-until`), at `poll-interval` otherwise, and more slowly through a long bake. FAST_POLL_MS is
 * the floor: with the service events read every 30 s at most while polling fast, a service costs
 * under one describe call per 2 s (10 services stay under 5/s, a quarter of ECS's 20/s describe
 * refill rate).
 */
const FAST_POLL_MS = 2_500;
/** The longest wait between polls during a long bake (alarms still get noticed within it). */
const BAKE_POLL_MS = 30_000;
/** While polling fast, service events (a second describe call) are read at most this often. */
const FAST_EVENTS_MS = 30_000;
function nextPollMs(hint, pollIntervalMs, untilDeadlineMs) {
    const cap = Math.max(0, untilDeadlineMs);
    if (hint.near)
        return Math.min(FAST_POLL_MS, cap);
    if (hint.timerLeftMs !== undefined) {
        // Sleep until shortly before the timer ends, but look in at least every BAKE_POLL_MS.
        const slow = Math.max(pollIntervalMs, BAKE_POLL_MS);
        return Math.min(cap, Math.max(FAST_POLL_MS, Math.min(slow, hint.timerLeftMs - FAST_POLL_MS)));
    }
    return Math.min(Math.max(pollIntervalMs, FAST_POLL_MS), cap);
}
/**
 * Waits `ms` on the clock unless the job is cancelled first; true when it was cancelled (then every
 * loop stops and reports what is still running instead of waiting on).
 */
async function sleepUnlessCancelled(deps, ms) {
    const { signal } = deps;
    if (signal === undefined) {
        await deps.clock.sleep(ms);
        return false;
    }
    if (signal.aborted)
        return true;
    let onAbort = () => { };
    const aborted = new Promise((resolve) => {
        onAbort = resolve;
        signal.addEventListener("abort", onAbort, { once: true });
    });
    await Promise.race([deps.clock.sleep(ms), aborted]);
    signal.removeEventListener("abort", onAbort);
    return signal.aborted;
}

;// CONCATENATED MODULE: ./src/before/run-task.ts





/** The run-task step: the one-off task before any service changes (a migration), in its own log group. */
async function runOneOff(request, deps, run) {
    if (request === undefined)
        return undefined;
    const result = await deps.log.group(`One-off task: ${request.command.join(" ")}`, () => runOneOffTask({ ...request, deadline: run.deadline }, deps));
    run.mark("one-off task", result.ok ? `exit ${result.exitCode} in ${(0,src/* humanDuration */.UU)(result.durationMs)}` : (result.reason ?? "failed"));
    return result;
}
/** The RunTask request for a one-off task shaped like the service's own tasks. */
function runTaskRequest(task) {
    const { service } = task;
    const providers = service.capacityProviderStrategy ?? [];
    return {
        cluster: task.cluster,
        taskDefinition: task.taskDefinitionArn,
        count: 1,
        startedBy: "sre-actions/ecs-deploy",
        ...(providers.length > 0
            ? { capacityProviderStrategy: providers }
            : { launchType: service.launchType ?? "FARGATE" }),
        ...(service.platformVersion ? { platformVersion: service.platformVersion } : {}),
        ...(service.networkConfiguration ? { networkConfiguration: service.networkConfiguration } : {}),
        ...(service.enableECSManagedTags ? { enableECSManagedTags: true } : {}),
        overrides: { containerOverrides: [{ name: task.container, command: task.command }] },
    };
}
/**
 * Success is what a migration needs: the task stopped because its essential container exited,
 * the overridden container exited 0, and no essential container exited non-zero.
 */
function judgeStoppedTask(task, container, definitions) {
    const target = task.containers?.find((candidate) => candidate.name === container);
    const essentialFailure = task.containers?.find((candidate) => {
        const essential = definitions.find((definition) => definition.name === candidate.name)?.essential !== false;
        return essential && candidate.exitCode !== undefined && candidate.exitCode !== 0;
    });
    const exitCode = target?.exitCode;
    if (task.stopCode !== "EssentialContainerExited") {
        return {
            ok: false,
            exitCode,
            reason: `the task stopped with ${task.stopCode ?? "no stop code"}: ${task.stoppedReason ?? ""}`.trim(),
        };
    }
    if (exitCode !== 0) {
        return {
            ok: false,
            exitCode,
            reason: `container ${container} exited with ${exitCode ?? "no exit code"}${target?.reason ? ` (${target.reason})` : ""}`,
        };
    }
    if (essentialFailure) {
        return {
            ok: false,
            exitCode,
            reason: `essential container ${essentialFailure.name} exited with ${essentialFailure.exitCode}`,
        };
    }
    return { ok: true, exitCode, reason: undefined };
}
/**
 * The one-off task of an earlier attempt of this workflow run, still running: a re-run after a
 * cancel (or a runner that died) waits for it instead of starting the same migration twice.
 */
async function runningFromEarlierAttempt(task, deps) {
    const startedBy = runStartedBy(deps.context, task);
    // ListTasks lists tasks whose desired status is RUNNING unless told otherwise.
    const listed = await deps.ecs.listTasks({ cluster: task.cluster, startedBy });
    const arns = listed.taskArns ?? [];
    if (arns.length === 0)
        return undefined;
    const described = await deps.ecs.describeTasks({ cluster: task.cluster, tasks: arns });
    return described.tasks?.find((candidate) => candidate.lastStatus !== "STOPPED");
}
/** Runs the one-off task (or adopts the same run's still-running one), streams its log, and judges how it ended. */
async function runOneOffTask(task, deps) {
    const started = deps.clock.now();
    const earlier = await runningFromEarlierAttempt(task, deps);
    if (earlier !== undefined)
        deps.log.info(`One-off task ${shortName(earlier.taskArn)} of an earlier attempt of this workflow run is still ${earlier.lastStatus}; waiting for it instead of starting it again`);
    const response = earlier === undefined ? await runTaskOnce(runTaskRequest(task), deps) : { tasks: [earlier] };
    const launched = response.tasks?.[0];
    if (launched?.taskArn === undefined) {
        const failures = "failures" in response ? response.failures : [];
        const failure = failures?.map((item) => `${item.reason ?? ""} ${item.detail ?? ""}`.trim()).join("; ");
        return {
            taskArn: undefined,
            exitCode: undefined,
            ok: false,
            reason: `RunTask started no task: ${failure || "no reason given"}`,
            report: undefined,
            durationMs: 0,
        };
    }
    const taskArn = launched.taskArn;
    const taskId = shortName(taskArn);
    deps.journal?.inFlight(`task:${taskArn}`, `one-off task ${taskId} (${task.command.join(" ")}) running`);
    if (earlier === undefined)
        deps.log.info(`Started one-off task ${taskId}: ${task.command.join(" ")}`);
    const follower = deps.containerLogs.follow(task.containers.find((definition) => definition.name === task.container), taskArn, started);
    const printLines = async () => {
        for (const line of (await follower?.next()) ?? [])
            deps.log.info(`  | ${(0,src/* logText */.kc)(line)}`);
    };
    let current = launched;
    let lastStatus = current.lastStatus;
    while (current.lastStatus !== "STOPPED") {
        const remaining = task.deadline - deps.clock.now();
        if (remaining <= 0) {
            await deps.ecs.stopTask({ cluster: task.cluster, task: taskArn, reason: "sre-actions: run-task timed out" });
            await printLines();
            return {
                taskArn,
                exitCode: undefined,
                ok: false,
                reason: `the one-off task did not finish within ${(0,src/* humanDuration */.UU)(deps.clock.now() - started)}; it was stopped`,
                report: undefined,
                durationMs: deps.clock.now() - started,
            };
        }
        if (await sleepUnlessCancelled(deps, Math.min(task.pollIntervalMs, remaining))) {
            // Cancelled: stop the task we started, so a re-run does not find a migration half done behind its back.
            await deps.ecs.stopTask({
                cluster: task.cluster,
                task: taskArn,
                reason: `sre-actions: workflow run cancelled (${deps.context.runUrl})`.slice(0, 255),
            });
            await printLines();
            deps.journal?.settled(`task:${taskArn}`, `one-off task ${taskId} stopped (StopTask) on cancel`);
            return {
                taskArn,
                exitCode: undefined,
                ok: false,
                reason: "the job was cancelled; the one-off task was stopped (StopTask)",
                report: undefined,
                durationMs: deps.clock.now() - started,
                adopted: earlier !== undefined,
            };
        }
        const described = await deps.ecs.describeTasks({ cluster: task.cluster, tasks: [taskArn] });
        current = described.tasks?.[0] ?? current;
        if (current.lastStatus !== lastStatus) {
            deps.log.info(`One-off task ${taskId}: ${lastStatus} → ${current.lastStatus} (${(0,src/* humanDuration */.UU)(deps.clock.now() - started)})`);
            lastStatus = current.lastStatus;
        }
        await printLines();
    }
    const verdict = judgeStoppedTask(current, task.container, task.containers);
    deps.journal?.settled(`task:${taskArn}`, `one-off task ${taskId} exited ${verdict.exitCode ?? "?"}`);
    const report = verdict.ok ? undefined : await reportTask(deps.containerLogs, current, task.containers);
    if (report)
        deps.log.info(describeStoppedTask(report));
    return {
        taskArn,
        exitCode: verdict.exitCode,
        ok: verdict.ok,
        reason: verdict.reason,
        report,
        durationMs: deps.clock.now() - started,
        adopted: earlier !== undefined,
    };
}

// EXTERNAL MODULE: ../../packages/core/src/ecs-sleep.ts
var ecs_sleep = __webpack_require__(7289);
;// CONCATENATED MODULE: ./src/before/wake.ts


/** The tag fargate-spot-toggle's schedule reads: a service running until then is not stopped. */
const TAG_KEEP_RUNNING_UNTIL = "sre-actions:keep-running-until";
/**
 * Pre-flight (read-only): which services are asleep — stopped by fargate-spot-toggle (its
 * `sre-actions:saved` tag) or at desired count 0 — and whether `if-stopped` lets the deploy go on.
 * `fail` and a state that cannot be restored stop the run here, before anything changes.
 */
function checkAsleep(services, ifStopped, desiredCount) {
    const asleep = [];
    for (const service of services) {
        const name = service.serviceName ?? "?";
        const tags = new Map((service.tags ?? []).map((tag) => [tag.key ?? "", tag.value ?? ""]));
        const saved = (0,ecs_sleep/* savedTagOf */.vl)(tags);
        if (saved.kind === "none" && (service.desiredCount ?? 0) > 0)
            continue;
        const why = saved.kind === "none" ? "zero" : "saved";
        const stopped = why === "saved"
            ? `${name} was stopped by fargate-spot-toggle (tag sre-actions:saved)`
            : `${name} is at desired count 0`;
        if (ifStopped === "fail") {
            throw new src/* ActionError */.lZ(`${stopped}, and if-stopped is fail: nothing was changed`, {
                hint: "Start it first (fargate-spot-toggle mode: start), or set if-stopped: start to wake it with this deploy.",
            });
        }
        if (ifStopped === "ignore") {
            asleep.push({
                service: name,
                why,
                saved: saved.kind === "saved" ? saved.state : undefined,
                action: "ignore",
                described: service,
            });
            continue;
        }
        if (saved.kind === "unreadable") {
            throw new src/* ActionError */.lZ(`${stopped}, but the saved state cannot be read: ${saved.problem}`, {
                hint: "Start it with fargate-spot-toggle, or set desired-count, or if-stopped: ignore.",
            });
        }
        // desired-count wins over a saved count; with neither there is nothing to start it with.
        if (saved.kind === "none" && desiredCount === undefined) {
            throw new src/* ActionError */.lZ(`${stopped} and has no saved state to restore, so there is no count to start it with`, {
                hint: "Set desired-count (e.g. 1), or if-stopped: ignore to deploy it at 0 tasks.",
            });
        }
        asleep.push({
            service: name,
            why,
            saved: saved.kind === "saved" ? saved.state : undefined,
            action: "start",
            described: service,
        });
    }
    return asleep;
}
/** ISO 8601 without milliseconds: tag values allow digits, `-`, `:`, `T` and `Z`. */
function keepRunningValue(until) {
    return until.toISOString().replace(/\.\d{3}Z$/, "Z");
}
/**
 * Wakes a service stopped by fargate-spot-toggle with the same restore its `start` uses (core's
 * `wakeService`: auto-scaling min/max and suspension, desired count, strategy, then the saved tag
 * removed), then tags it keep-running-until so the hourly schedule leaves it up for the developer.
 */
async function wake(asleep, request, deps) {
    if (asleep.action === "ignore") {
        deps.log.warning(`${asleep.service} is asleep (${asleep.why === "saved" ? "stopped by fargate-spot-toggle" : "desired count 0"}); if-stopped is ignore, so it is deployed at 0 tasks and nothing runs the new revision yet`, { title: `${asleep.service}: deployed asleep` });
        return undefined;
    }
    const service = asleep.described;
    let desiredCount = request.desiredCount ?? service.desiredCount ?? 0;
    let scaling;
    if (asleep.why === "saved") {
        if (deps.restore === undefined)
            throw new Error("waking a stopped service needs the restore ports (ECS and Auto Scaling)");
        const result = await (0,ecs_sleep/* wakeService */.mS)(deps.restore, service);
        if (result.status === "woken") {
            desiredCount = request.desiredCount ?? result.saved.desired;
            scaling = result.saved.target && { min: result.saved.target.min, max: result.saved.target.max };
        }
    }
    await deps.ecs.tagResource({
        resourceArn: service.serviceArn,
        tags: [{ key: TAG_KEEP_RUNNING_UNTIL, value: keepRunningValue(request.keepRunningUntil) }],
    });
    deps.log.info(`Woke ${asleep.service}: desired ${desiredCount}${scaling ? `, auto-scaling ${scaling.min}–${scaling.max}` : ""}; kept running until ${keepRunningValue(request.keepRunningUntil)}`);
    return { service: asleep.service, desiredCount, scaling, until: request.keepRunningUntil };
}
/** The wake step: every asleep service if-stopped lets us wake, kept running for keep-running-for. */
async function wakeAll(asleep, request, deps, mark) {
    if (asleep.length === 0)
        return [];
    return deps.log.group("Wake", async () => {
        const woken = [];
        for (const service of asleep) {
            const until = new Date(deps.clock.now() + request.keepRunningForMs);
            const done = await wake(service, { keepRunningUntil: until, desiredCount: request.desiredCount }, deps);
            if (done === undefined)
                continue;
            woken.push(done);
            mark("woken", `${done.service}: ${done.desiredCount} task(s), kept running until ${keepRunningValue(done.until)}`);
        }
        return woken;
    });
}

// EXTERNAL MODULE: ../../packages/core/src/datadog.ts
var src_datadog = __webpack_require__(1548);
;// CONCATENATED MODULE: ./src/observe/logs.ts

/** The CloudWatch stream of a container of a task, when it logs with the awslogs driver. */
function awslogsStream(container, taskId) {
    const options = container?.logConfiguration?.options;
    if (container?.logConfiguration?.logDriver !== "awslogs" || options === undefined)
        return undefined;
    const group = options["awslogs-group"];
    const prefix = options["awslogs-stream-prefix"];
    if (group === undefined || prefix === undefined)
        return undefined;
    return { group, stream: `${prefix}/${container.name}/${taskId}` };
}
/** The last lines of a stream; a missing stream or permission is a note, never a failure. */
async function tailLog(logs, stream, lines = 20) {
    try {
        const response = await logs.getLogEvents({
            logGroupName: stream.group,
            logStreamName: stream.stream,
            limit: lines,
            startFromHead: false,
        });
        return (response.events ?? []).map((event) => event.message ?? "");
    }
    catch (error) {
        // No stream: the container never started, so there is nothing to show.
        if (error instanceof Error && error.name === "ResourceNotFoundException")
            return [];
        return [`(log lines unavailable: ${(0,src/* describeError */.Uc)(error)})`];
    }
}
/** Follows a stream as it grows: each call returns the lines written since the previous one. */
class LogFollower {
    logs;
    stream;
    token;
    constructor(logs, stream) {
        this.logs = logs;
        this.stream = stream;
    }
    async next() {
        const lines = [];
        try {
            for (let page = 0; page < 10; page += 1) {
                const response = await this.logs.getLogEvents({
                    logGroupName: this.stream.group,
                    logStreamName: this.stream.stream,
                    startFromHead: true,
                    ...(this.token === undefined ? {} : { nextToken: this.token }),
                });
                const events = response.events ?? [];
                lines.push(...events.map((event) => event.message ?? ""));
                const unchanged = response.nextForwardToken === this.token;
                this.token = response.nextForwardToken ?? this.token;
                if (events.length === 0 || unchanged)
                    break;
            }
        }
        catch {
            // The stream appears only once the container starts: until then there is nothing to follow.
        }
        return lines;
    }
}

;// CONCATENATED MODULE: ./src/observe/datadog-logs.ts



/** `auto`: awslogs from CloudWatch, FireLens (awsfirelens → Datadog) from Datadog log search when keys allow. */
function routeOf(definition, source, canSearchDatadog) {
    const driver = definition?.logConfiguration?.logDriver;
    if (source === "none")
        return "none";
    if (source === "datadog")
        return "datadog";
    if (driver === "awslogs")
        return "cloudwatch";
    if (driver === "awsfirelens")
        return source === "auto" && canSearchDatadog ? "datadog" : "firelens-without-keys";
    return "none";
}
/** A container's lines in Datadog, as FireLens' Datadog output tags them (ECS log metadata). */
function datadogLogQuery(taskArn, container) {
    return `@ecs_task_arn:"${taskArn}" @container_name:"${container}"`;
}
/** Datadog indexes a few seconds to minutes late: look a little past the task's end. */
const INGESTION_SLACK_MS = 2 * 60_000;
function containerLogs(source, site, deps) {
    const datadog = deps.datadog?.hasAppKey ? deps.datadog : undefined;
    let noted = false;
    const noteOnce = (container) => {
        if (noted)
            return;
        noted = true;
        deps.log.warning(`Container ${container} logs through FireLens (awsfirelens), whose lines are in Datadog and not readable without datadog-api-key and datadog-app-key (logs_read_data scope); look in Datadog Logs: ${(0,src_datadog/* datadogAppUrl */.pY)(site)}/logs?query=${encodeURIComponent(`@container_name:${container}`)}`);
    };
    const search = async (query, from, to, limit, newestFirst) => datadog.searchAllLogs({
        filter: { query, from: new Date(from).toISOString(), to: new Date(to).toISOString() },
        sort: newestFirst ? "-timestamp" : "timestamp",
        page: { limit },
    }, newestFirst ? 1 : 5);
    return {
        async tail(definition, task, lines = 20) {
            const taskArn = task.taskArn ?? "";
            const name = definition?.name ?? "";
            switch (routeOf(definition, source, datadog !== undefined)) {
                case "cloudwatch": {
                    const stream = awslogsStream(definition, taskArn.slice(taskArn.lastIndexOf("/") + 1));
                    return stream === undefined ? [] : tailLog(deps.logs, stream, lines);
                }
                case "datadog": {
                    if (datadog === undefined)
                        return [];
                    const from = (task.createdAt ?? task.startedAt)?.getTime() ?? deps.clock.now() - 3_600_000;
                    const to = (task.stoppedAt?.getTime() ?? deps.clock.now()) + INGESTION_SLACK_MS;
                    try {
                        const found = await search(datadogLogQuery(taskArn, name), from - 60_000, to, lines, true);
                        return found.map((entry) => entry.attributes?.message ?? "").reverse();
                    }
                    catch (error) {
                        return [`(log lines unavailable from Datadog: ${(0,src/* describeError */.Uc)(error)})`];
                    }
                }
                case "firelens-without-keys":
                    noteOnce(name);
                    return [];
                case "none":
                    return [];
            }
        },
        follow(definition, taskArn, startedAt) {
            const name = definition?.name ?? "";
            switch (routeOf(definition, source, datadog !== undefined)) {
                case "cloudwatch": {
                    const stream = awslogsStream(definition, taskArn.slice(taskArn.lastIndexOf("/") + 1));
                    return stream === undefined ? undefined : new LogFollower(deps.logs, stream);
                }
                case "datadog":
                    return datadog === undefined ? undefined : datadogFollower(taskArn, name, startedAt);
                case "firelens-without-keys":
                    noteOnce(name);
                    return undefined;
                case "none":
                    return undefined;
            }
        },
    };
    function datadogFollower(taskArn, container, startedAt) {
        let since = startedAt - 60_000;
        const seen = new Set();
        let warned = false;
        return {
            async next() {
                try {
                    const found = await search(datadogLogQuery(taskArn, container), since, deps.clock.now(), 1000, false);
                    const fresh = found.filter((entry) => entry.id === undefined || !seen.has(entry.id));
                    for (const entry of fresh) {
                        if (entry.id !== undefined)
                            seen.add(entry.id);
                        const at = Date.parse(entry.attributes?.timestamp ?? "");
                        if (Number.isFinite(at))
                            since = Math.max(since, at);
                    }
                    return fresh.map((entry) => entry.attributes?.message ?? "");
                }
                catch (error) {
                    if (!warned)
                        deps.log.warning(`Could not follow ${container}'s lines in Datadog: ${(0,src/* describeError */.Uc)(error)}`);
                    warned = true;
                    return [];
                }
            },
        };
    }
}

;// CONCATENATED MODULE: ./src/after/bake.ts


function describeSelector(selector) {
    return selector.kind === "ids"
        ? `monitor ids ${selector.ids.join(", ")}`
        : `monitors tagged ${selector.tags.join(" ")}`;
}
/**
 * The read-only pre-flight for the gate: the monitors exist and the keys can read them. A wrong id
 * or a tag query that matches nothing fails the run before anything is deployed.
 */
async function resolveMonitors(datadog, selector) {
    let monitors;
    try {
        monitors =
            selector.kind === "ids"
                ? await Promise.all(selector.ids.map((id) => datadog.getMonitor(id)))
                : await datadog.listMonitors(selector.tags);
    }
    catch (error) {
        const hint = error instanceof src_datadog/* DatadogApiError */.tL && error.status === 404
            ? "Check the ids in verify-monitors (the number at the end of the monitor's URL)."
            : "verify-monitors needs datadog-app-key with the monitors_read scope, on the site in datadog-site.";
        throw new src/* ActionError */.lZ(`Could not read the ${describeSelector(selector)} from Datadog: ${(0,src/* describeError */.Uc)(error)}`, {
            hint,
        });
    }
    if (monitors.length === 0)
        throw new src/* ActionError */.lZ(`No Datadog monitor matches verify-monitors (${describeSelector(selector)})`, {
            hint: "verify-monitors takes the monitors' own tags (Manage Monitors → tags), e.g. service:kanna-api env:qa3.",
        });
    return monitors.map((monitor) => ({
        id: monitor.id,
        name: monitor.name,
        url: (0,src_datadog/* monitorUrl */.Qw)(datadog.site, monitor.id),
        baseline: monitor.overall_state,
    }));
}
async function readStates(datadog, selector, watched) {
    const ids = new Set(watched.map((monitor) => monitor.id));
    const monitors = selector.kind === "ids"
        ? await Promise.all(selector.ids.map((id) => datadog.getMonitor(id)))
        : await datadog.listMonitors(selector.tags);
    const states = {};
    for (const monitor of monitors)
        if (ids.has(monitor.id))
            states[monitor.id] = monitor.overall_state;
    return states;
}
/**
 * Watches the monitors for `bakeMs` after a successful rollout (once when 0): any monitor entering
 * Alert fails the bake. A poll Datadog cannot answer is a warning; the next poll tries again.
 */
async function bake(datadog, selector, watched, options, deps) {
    const started = deps.clock.now();
    const polls = [];
    const previous = new Map(watched.map((monitor) => [monitor.id, monitor.baseline]));
    for (const monitor of watched)
        if (monitor.baseline === "Alert")
            deps.log.warning(`Monitor "${monitor.name}" was already in Alert before the deploy; the bake fails only if it recovers and alerts again (${monitor.url})`);
    const report = (alerted, reason) => ({
        ok: alerted === undefined,
        durationMs: deps.clock.now() - started,
        monitors: watched,
        polls,
        alerted,
        reason,
    });
    for (;;) {
        const elapsed = deps.clock.now() - started;
        const at = deps.clock.now();
        try {
            const states = await readStates(datadog, selector, watched);
            polls.push({ at, states });
            deps.log.info(`Bake ${(0,src/* humanDuration */.UU)(elapsed)}/${(0,src/* humanDuration */.UU)(options.bakeMs)}: ${summarize(watched, states)}`);
            for (const monitor of watched) {
                const state = states[monitor.id];
                const before = previous.get(monitor.id);
                previous.set(monitor.id, state);
                if (state === "Alert" && before !== "Alert") {
                    const reason = `monitor "${monitor.name}" entered Alert ${(0,src/* humanDuration */.UU)(elapsed)} into the bake: ${monitor.url}`;
                    deps.log.error(`Bake failed: ${reason}`, { title: `Datadog monitor alerting: ${monitor.name}` });
                    return report(monitor, reason);
                }
            }
        }
        catch (error) {
            polls.push({ at, states: {}, error: (0,src/* describeError */.Uc)(error) });
            deps.log.warning(`Bake ${(0,src/* humanDuration */.UU)(elapsed)}: could not read the monitors from Datadog: ${(0,src/* describeError */.Uc)(error)}`);
        }
        const remaining = options.bakeMs - (deps.clock.now() - started);
        if (remaining <= 0)
            break;
        await deps.clock.sleep(Math.min(options.pollIntervalMs, remaining));
    }
    if (polls.every((poll) => poll.error !== undefined))
        deps.log.warning("The bake could not read any monitor state from Datadog; the deploy was not verified by monitors");
    return report(undefined, undefined);
}
function summarize(watched, states) {
    const counts = new Map();
    for (const monitor of watched) {
        const state = states[monitor.id] ?? "missing";
        counts.set(state, (counts.get(state) ?? 0) + 1);
    }
    const parts = [...counts].map(([state, count]) => `${count} ${state}`);
    const notOk = watched
        .filter((monitor) => states[monitor.id] !== "OK")
        .map((m) => `${m.name}: ${states[m.id] ?? "missing"}`);
    return `${watched.length} monitor(s): ${parts.join(", ")}${notOk.length > 0 && notOk.length <= 5 ? ` (${notOk.join("; ")})` : ""}`;
}
/** The gate's monitors, read before the first mutating call; undefined when verify-monitors is not set. */
async function resolveGate(settings, datadog) {
    if (settings.monitors === undefined)
        return undefined;
    if (datadog === undefined)
        throw new src/* ActionError */.lZ("verify-monitors is set but no Datadog client was configured");
    return resolveMonitors(datadog, settings.monitors);
}

;// CONCATENATED MODULE: ./src/after/scheduled.ts

/** The family of `arn:…:task-definition/web:42` or `…/web` (no revision: follows the latest ACTIVE one). */
function familyOf(arn) {
    const match = /task-definition\/([A-Za-z0-9_-]+)(:\d+)?$/.exec(arn);
    return match?.[1] === undefined ? undefined : { family: match[1], pinned: match[2] !== undefined };
}
/**
 * Read-only: the schedules and rules scheduled-tasks names, and for each ECS target whether it runs
 * a family this deployment changes. A plain name that matches nothing is an error (a typo would
 * otherwise leave a cron job on the old revision without a word); a glob may match nothing.
 */
async function findScheduledTargets(patterns, families, deps) {
    if (patterns.length === 0)
        return [];
    const { scheduler, events } = deps;
    if (scheduler === undefined || events === undefined)
        throw new src/* ActionError */.lZ("scheduled-tasks needs the EventBridge clients");
    const found = [];
    for (const pattern of patterns) {
        const slash = pattern.indexOf("/");
        const group = slash === -1 ? undefined : pattern.slice(0, slash);
        const glob = slash === -1 ? pattern : pattern.slice(slash + 1);
        // One glob for the whole pack (core's, linear in time whatever the pattern).
        const matches = (0,src/* compileGlob */.SO)(glob);
        const prefix = matches.prefix;
        const schedules = await (0,src/* paginate */.En)(async (cursor) => {
            const page = await scheduler.listSchedules({
                ...(group ? { GroupName: group } : {}),
                ...(prefix ? { NamePrefix: prefix } : {}),
                ...(cursor ? { NextToken: cursor } : {}),
            });
            return { items: page.Schedules ?? [], next: page.NextToken };
        });
        const rules = group !== undefined
            ? []
            : await (0,src/* paginate */.En)(async (cursor) => {
                const page = await events.listRules({
                    ...(prefix ? { NamePrefix: prefix } : {}),
                    ...(cursor ? { NextToken: cursor } : {}),
                });
                return { items: page.Rules ?? [], next: page.NextToken };
            });
        let matched = 0;
        for (const summary of schedules.filter((item) => matches.test(item.Name ?? ""))) {
            matched += 1;
            const schedule = await scheduler.getSchedule({ Name: summary.Name, GroupName: summary.GroupName });
            const name = `${schedule.GroupName ?? "default"}/${schedule.Name}`;
            found.push(classify("schedule", name, undefined, schedule.Target?.EcsParameters?.TaskDefinitionArn, families, {
                schedule,
            }));
        }
        for (const rule of rules.filter((item) => matches.test(item.Name ?? ""))) {
            matched += 1;
            const targets = await (0,src/* paginate */.En)(async (cursor) => {
                const page = await events.listTargetsByRule({ Rule: rule.Name, ...(cursor ? { NextToken: cursor } : {}) });
                return { items: page.Targets ?? [], next: page.NextToken };
            });
            for (const target of targets) {
                found.push(classify("rule", rule.Name ?? "", target.Id, target.EcsParameters?.TaskDefinitionArn, families, {
                    rule: rule.Name ?? "",
                    target,
                }));
            }
        }
        if (matched === 0 && matches.literal) {
            throw new src/* ActionError */.lZ(`scheduled-tasks names "${pattern}", which is neither an EventBridge Scheduler schedule${group ? ` in group ${group}` : ""} nor an EventBridge rule on the default bus`, {
                hint: "Check the name (aws scheduler list-schedules, aws events list-rules) and the region; globs like qa3-* may match nothing.",
            });
        }
        if (matched === 0)
            deps.log.info(`scheduled-tasks: "${pattern}" matches no schedule or rule`);
    }
    // A schedule named by two patterns is moved once.
    const seen = new Set();
    return found.filter((target) => {
        const key = `${target.kind}:${target.name}:${target.targetId ?? ""}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
function classify(kind, name, targetId, arn, families, original) {
    const base = { kind, name, targetId, from: arn ?? "", to: undefined, original };
    const parsed = arn === undefined ? undefined : familyOf(arn);
    if (parsed === undefined)
        return { ...base, family: undefined, status: "skipped", note: "not an ECS task target" };
    if (!families.has(parsed.family)) {
        return {
            ...base,
            family: parsed.family,
            status: "skipped",
            note: `runs family ${parsed.family}, not deployed here`,
        };
    }
    if (!parsed.pinned) {
        return {
            ...base,
            family: parsed.family,
            status: "skipped",
            note: "names the family without a revision: it runs the latest ACTIVE revision already",
        };
    }
    return { ...base, family: parsed.family, status: "planned", note: undefined };
}
/** Moves each planned target to its family's new revision; only the task definition changes. */
async function moveScheduledTargets(targets, revisionOf, deps) {
    for (const target of targets) {
        if (target.status !== "planned" || target.family === undefined)
            continue;
        const to = revisionOf(target.family);
        if (to === undefined || to === target.from) {
            target.status = "skipped";
            target.note = "already runs the deployed revision";
            continue;
        }
        try {
            await point(target, to, deps);
            target.to = to;
            target.status = "moved";
            deps.log.info(`${target.kind} ${target.name}: ${target.from} → ${to}`);
        }
        catch (error) {
            target.status = "failed";
            target.note = (0,src/* describeError */.Uc)(error);
            deps.log.error(`Could not move ${target.kind} ${target.name} to ${to}: ${target.note}`, {
                title: `${target.name}: still on the previous revision`,
            });
        }
    }
}
/** After a rollback: every moved target goes back to the revision it ran, exactly as it was. */
async function moveScheduledTargetsBack(targets, deps) {
    for (const target of targets) {
        if (target.status !== "moved")
            continue;
        try {
            await point(target, target.from, deps);
            target.status = "moved-back";
            deps.log.info(`${target.kind} ${target.name}: back on ${target.from}`);
        }
        catch (error) {
            target.status = "failed";
            target.note = `could not move back to ${target.from}: ${(0,src/* describeError */.Uc)(error)}`;
            deps.log.error(`${target.kind} ${target.name} ${target.note}`, {
                title: `${target.name}: left on the new revision`,
            });
        }
    }
}
async function point(target, taskDefinitionArn, deps) {
    if ("schedule" in target.original) {
        await deps.scheduler?.updateSchedule(scheduleUpdate(target.original.schedule, taskDefinitionArn));
        return;
    }
    const { rule, target: original } = target.original;
    const ecs = original.EcsParameters;
    if (ecs === undefined)
        return;
    // PutTargets replaces the target with this Id as a whole: send it back complete.
    const response = await deps.events?.putTargets({
        Rule: rule,
        Targets: [{ ...original, EcsParameters: { ...ecs, TaskDefinitionArn: taskDefinitionArn } }],
    });
    const failed = response?.FailedEntries?.[0];
    if ((response?.FailedEntryCount ?? 0) > 0)
        throw new Error(`${failed?.ErrorCode ?? "failed"}: ${failed?.ErrorMessage ?? ""}`);
}
/**
 * UpdateSchedule replaces the whole schedule (a member left out is reset), so the request is the
 * schedule as GetSchedule returned it, minus the read-only members, with only the revision changed.
 */
function scheduleUpdate(schedule, taskDefinitionArn) {
    const { Arn: _arn, CreationDate: _created, LastModificationDate: _modified, $metadata: _metadata, ...rest } = schedule;
    const target = schedule.Target;
    const ecs = target?.EcsParameters;
    if (target === undefined || ecs === undefined)
        throw new Error("the schedule has no ECS target");
    return {
        ...rest,
        Name: schedule.Name,
        ScheduleExpression: schedule.ScheduleExpression,
        FlexibleTimeWindow: schedule.FlexibleTimeWindow,
        Target: { ...target, EcsParameters: { ...ecs, TaskDefinitionArn: taskDefinitionArn } },
    };
}

// EXTERNAL MODULE: ./src/plan/image.ts
var plan_image = __webpack_require__(7310);
;// CONCATENATED MODULE: ./src/plan/render.ts


/**
 * Applies images and environment variables to a task definition. Pure: the same base and request
 * always give the same result, and the base is never mutated. Containers are matched by image
 * repository (`image`) or by name (`images`); anything that matches nothing is an error that
 * lists the containers, because a silent no-op deploy is the worst outcome.
 */
function render(base, request, service) {
    const containers = structuredClone(base.containerDefinitions ?? []);
    const listing = () => containers.map((container) => `${container.name ?? "?"} (${container.image ?? "no image"})`).join(", ");
    const replaced = new Set();
    const fromImages = new Map(containers.map((container) => [container.name ?? "", container.image]));
    if (request.image !== undefined) {
        const repository = (0,plan_image/* repositoryOf */._M)(request.image);
        const matching = containers.filter((container) => container.image && (0,plan_image/* repositoryOf */._M)(container.image) === repository);
        if (matching.length === 0) {
            throw new src/* ActionError */.lZ(`No container of service ${service} uses the repository of image ${request.image} (${repository}). Containers: ${listing()}`, { hint: "Use images: <container>=<image> to set a container's image explicitly." });
        }
        for (const container of matching) {
            container.image = request.image;
            replaced.add(container.name ?? "");
        }
    }
    for (const [name, image] of request.images) {
        const container = containers.find((candidate) => candidate.name === name);
        if (container === undefined)
            continue; // checked across all services by the caller
        container.image = image;
        replaced.add(name);
    }
    // A line without a container applies to the containers whose image was replaced.
    const targetsOf = (name) => name === undefined
        ? containers.filter((container) => replaced.has(container.name ?? ""))
        : containers.filter((container) => container.name === name);
    const envChanges = new Map();
    for (const change of request.environment) {
        for (const container of targetsOf(change.container)) {
            const previous = setEnvironment(container, change.name, change.value);
            if (previous === change.value)
                continue;
            const list = envChanges.get(container.name ?? "") ?? [];
            list.push({ name: change.name, from: previous, to: change.value });
            envChanges.set(container.name ?? "", list);
        }
    }
    for (const secret of request.secrets ?? []) {
        for (const container of targetsOf(secret.container))
            setSecret(container, secret.key, secret.value);
    }
    for (const label of request.dockerLabels ?? []) {
        for (const container of targetsOf(label.container)) {
            container.dockerLabels = { ...container.dockerLabels, [label.key]: label.value };
        }
    }
    if (request.command !== undefined) {
        for (const container of targetsOf(undefined))
            container.command = [...request.command];
    }
    const changes = [];
    for (const container of containers) {
        const name = container.name ?? "";
        const fromImage = fromImages.get(name);
        const imageChanged = fromImage !== container.image;
        const env = envChanges.get(name) ?? [];
        if (imageChanged || env.length > 0) {
            changes.push({ container: name, fromImage, toImage: imageChanged ? container.image : undefined, env });
        }
    }
    const task = { ...structuredClone(base), containerDefinitions: containers };
    if (request.cpu !== undefined)
        task.cpu = request.cpu;
    if (request.memory !== undefined)
        task.memory = request.memory;
    if (request.taskRoleArn !== undefined)
        task.taskRoleArn = request.taskRoleArn;
    if (request.executionRoleArn !== undefined)
        task.executionRoleArn = request.executionRoleArn;
    return {
        definition: task,
        changes,
        replaced: containers.map((container) => container.name ?? "").filter((name) => replaced.has(name)),
    };
}
function setEnvironment(container, name, value) {
    const environment = container.environment ?? [];
    const existing = environment.find((pair) => pair.name === name);
    const previous = existing?.value;
    if (existing)
        existing.value = value;
    else
        environment.push({ name, value });
    container.environment = environment;
    return previous;
}
/** Sets a secret by reference; a plain variable of the same name goes, so the value never stays in clear. */
function setSecret(container, name, valueFrom) {
    const secrets = container.secrets ?? [];
    const existing = secrets.find((secret) => secret.name === name);
    if (existing)
        existing.valueFrom = valueFrom;
    else
        secrets.push({ name, valueFrom });
    container.secrets = secrets;
    if (container.environment?.some((pair) => pair.name === name)) {
        container.environment = container.environment.filter((pair) => pair.name !== name);
    }
}
/**
 * True when two register requests describe the same task definition: key order, empty lists and
 * the order of environment variables do not matter, as ECS itself does not keep them apart.
 */
function sameDefinition(a, b) {
    return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
function canonical(value, key) {
    if (Array.isArray(value)) {
        const items = value.map((item) => canonical(item));
        if (key === "environment" || key === "secrets" || key === "tags") {
            return items.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
        }
        return items;
    }
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value)
            .filter(([, item]) => item !== undefined && item !== null && !(Array.isArray(item) && item.length === 0))
            .sort(([x], [y]) => x.localeCompare(y))
            .map(([name, item]) => [name, canonical(item, name)]);
        return Object.fromEntries(entries);
    }
    return value;
}
/** Whether an environment variable's value should be hidden in logs and summaries: one rule for the pack, in core. */


;// CONCATENATED MODULE: ./src/plan/diff.ts


/**
 * The structured diff of a whole task definition: task-level fields, containers added or removed,
 * and per container every field (environment, secrets by reference and labels key by key).
 * Key order, empty lists and the order of environment variables do not count as changes.
 */
function diffDefinitions(from, to) {
    const changes = [];
    const push = (scope, field, a, b, value = false) => {
        const left = diff_text(a);
        const right = diff_text(b);
        if (left !== right)
            changes.push({ scope, field, from: left, to: right, value });
    };
    const taskKeys = new Set([...Object.keys(from), ...Object.keys(to)]);
    taskKeys.delete("containerDefinitions");
    for (const key of [...taskKeys].sort(taskOrder))
        push("task", key, field(from, key), field(to, key));
    const before = new Map((from.containerDefinitions ?? []).map((container) => [container.name ?? "", container]));
    const after = new Map((to.containerDefinitions ?? []).map((container) => [container.name ?? "", container]));
    for (const [name, container] of after) {
        const old = before.get(name);
        if (old === undefined)
            push(name, "container", undefined, `added (${container.image ?? "no image"})`);
        else
            changes.push(...diffContainer(name, old, container));
    }
    for (const [name, container] of before) {
        if (!after.has(name))
            push(name, "container", `${container.image ?? "no image"}`, "removed");
    }
    return changes;
}
const CONTAINER_FIRST = ["image", "command", "entryPoint", "cpu", "memory", "memoryReservation", "essential"];
const PAIRS = ["environment", "secrets", "dockerLabels"];
function diffContainer(name, before, after) {
    const changes = [];
    const push = (field, x, y, value = false) => {
        const left = diff_text(x);
        const right = diff_text(y);
        if (left !== right)
            changes.push({ scope: name, field, from: left, to: right, value });
    };
    // ECS describes a container without a CPU reservation as cpu 0: the same as none.
    const cpu = (container) => (container.cpu === 0 ? undefined : container.cpu);
    const a = { ...before, cpu: cpu(before) };
    const b = { ...after, cpu: cpu(after) };
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of CONTAINER_FIRST)
        if (keys.has(key))
            push(key, field(a, key), field(b, key));
    const env = (container) => new Map((container.environment ?? []).map((pair) => [pair.name ?? "", pair.value]));
    const secrets = (container) => new Map((container.secrets ?? []).map((secret) => [secret.name ?? "", secret.valueFrom]));
    const labels = (container) => new Map(Object.entries(container.dockerLabels ?? {}));
    pairs("env", env(a), env(b), (f, x, y) => push(f, x, y, true));
    pairs("secret", secrets(a), secrets(b), (f, x, y) => push(f, x, y));
    pairs("label", labels(a), labels(b), (f, x, y) => push(f, x, y));
    for (const key of [...keys].sort()) {
        if (key === "name" || CONTAINER_FIRST.includes(key) || PAIRS.includes(key))
            continue;
        push(key, field(a, key), field(b, key));
    }
    return changes;
}
function pairs(kind, a, b, push) {
    for (const key of [...new Set([...a.keys(), ...b.keys()])].sort())
        push(`${kind} ${key}`, a.get(key), b.get(key));
}
// The fields people look for first, then the rest alphabetically.
const TASK_FIRST = ["cpu", "memory", "taskRoleArn", "executionRoleArn", "networkMode"];
function taskOrder(x, y) {
    const rank = (key) => (TASK_FIRST.includes(key) ? TASK_FIRST.indexOf(key) : TASK_FIRST.length);
    return rank(x) - rank(y) || x.localeCompare(y);
}
function field(object, key) {
    return object[key];
}
/** A value as one comparable line: strings as they are, structures as canonical JSON; empty is unset. */
function diff_text(value) {
    if (value === undefined || value === null)
        return undefined;
    if (Array.isArray(value) && value.length === 0)
        return undefined;
    if (typeof value === "object" && Object.keys(value).length === 0)
        return undefined;
    if (typeof value === "string")
        return value;
    return JSON.stringify(sorted(value));
}
function sorted(value) {
    if (Array.isArray(value))
        return value.map(sorted);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value)
            .filter(([, item]) => item !== undefined)
            .sort(([x], [y]) => x.localeCompare(y))
            .map(([key, item]) => [key, sorted(item)]));
    }
    return value;
}
/** A short, stable stand-in for a value that is not shown: the first 6 hex digits of its SHA-256. */
function fingerprint(value) {
    return (0,external_node_crypto_.createHash)("sha256").update(value).digest("hex").slice(0, 6);
}
/** How a change reads in the plan and summary: environment values hidden unless `showValues`, secret-looking ones always. */
function describeChange(change, showValues) {
    const { from, to } = change;
    // Secret-looking names get no fingerprint either: a short hash of a weak password can be guessed.
    if (change.value && (0,src/* looksSecret */.n0)(change.field.replace(/^env /, ""))) {
        return {
            from: from === undefined ? "(unset)" : "***",
            to: to === undefined ? "(unset)" : `*** (${from === undefined ? "set" : "changed"})`,
        };
    }
    if (!change.value || showValues)
        return { from: from ?? "(unset)", to: to ?? "(unset)" };
    return {
        from: from === undefined ? "(unset)" : `· ${fingerprint(from)}`,
        to: to === undefined ? "(unset)" : `${from === undefined ? "set" : "changed"} · ${fingerprint(to)}`,
    };
}

;// CONCATENATED MODULE: ./src/render/plan.ts

/** `tag v2, sha256:1f2e3d4c5b6a`: what ECR says of an image, as the plan and summary show it. */
function imageFacts(facts) {
    const tags = facts.tags.length > 0 ? `tag ${facts.tags.slice(0, 3).join(", ")}` : undefined;
    const digest = facts.digest?.replace(/^(sha256:[0-9a-f]{12}).*$/, "$1");
    return [tags, digest].filter(Boolean).join(", ");
}
/** The plan as log lines: per service what happens, then each changed field (values masked unless show-values). */
function describePlan(plan, showValues = false, images = new Map()) {
    const lines = [];
    for (const service of plan.services) {
        const action = service.register
            ? "register a new revision and deploy"
            : service.update
                ? "update the service"
                : "nothing to do (already up to date)";
        lines.push(`${service.name}: ${service.service.taskDefinition} → ${service.existing && service.update ? `deploy ${service.existing} as it is` : action}`);
        for (const change of service.diff) {
            const { from, to } = describeChange(change, showValues);
            const facts = change.field === "image" && change.to !== undefined ? images.get(change.to) : undefined;
            const known = facts === undefined ? "" : ` (${imageFacts(facts)})`;
            if (change.field === "image")
                lines.push(`  ${change.scope}: ${from} → ${to}${known}`);
            else
                lines.push(`  ${change.scope}: ${change.field}: ${from} → ${to}`);
        }
    }
    return lines;
}

;// CONCATENATED MODULE: ./src/rollout/rollout.ts
/**
 * The one roll-back deadline policy: a roll-back — ours, or one ECS or CodeDeploy started by
 * itself — is followed for up to the `timeout` input again, counted from the moment it starts.
 */
function rollbackDeadline(context, now) {
    return now + context.rollbackBudgetMs;
}
/** The verdict when the job is cancelled mid-wait: nothing more is changed; what runs is reported. */
function cancelled(what) {
    return {
        outcome: "failed",
        reason: `the job was cancelled while ${what}; the deployment goes on in ECS without being watched`,
        reasonCode: "cancelled",
        details: { open: true },
    };
}

;// CONCATENATED MODULE: ./src/rollout/deployments.ts




/**
 * The fallback roll-out: where ECS's service-deployment API is missing (an older partition, or a
 * role without ecs:ListServiceDeployments / ecs:DescribeServiceDeployments), the deployment is
 * judged from DescribeServices `deployments[]`: rolloutState when ECS reports it, otherwise counts.
 */
/** Without a circuit breaker: a failed verdict once ECS's own failure threshold is reached. */
function overFailureThreshold(failed, desiredCount) {
    const threshold = failureThreshold(desiredCount);
    if (failed < threshold)
        return undefined;
    return {
        outcome: "failed",
        reason: `${failed} tasks of the new deployment failed (ECS's failure threshold is ${threshold}; the service has no circuit breaker)`,
        reasonCode: "tasks-failed",
        details: { open: true },
    };
}
/** ECS's own rule for a rolling deployment without circuit breaker: ½ desired, clamped to 3–200. */
function failureThreshold(desiredCount) {
    return Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)));
}
/**
 * Judges one DescribeServices snapshot for our deployment, or returns undefined to keep waiting.
 * Pure, so every rule is unit-tested. A rollback ECS started (circuit breaker with rollback) is
 * judged by the deployment that took over: `in-progress` until it completes.
 */
function judge(service, deploymentId, taskDefinitionArn) {
    const deployments = service.deployments ?? [];
    const ours = deployments.find((deployment) => deployment.id === deploymentId);
    const primary = deployments.find((deployment) => deployment.status === "PRIMARY");
    const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
    const takenOver = primary !== undefined && primary.id !== deploymentId ? primary : undefined;
    // A finished rollback removes our deployment; ECS's event still says why it failed.
    const why = ours?.rolloutStateReason?.replace(/\.$/, "") ?? failureEvent(service, deploymentId);
    const code = breaker?.enable === true || /circuit breaker/i.test(why ?? "") ? "circuit-breaker" : "rolled-back-by-ecs";
    if (takenOver !== undefined && takenOver.taskDefinition !== taskDefinitionArn) {
        // ECS's rollback (or someone's deploy of another revision) took over: judge it to its end.
        const to = revisionOf(takenOver.taskDefinition);
        const cause = why ?? `deployment ${deploymentId} was replaced`;
        if (takenOver.rolloutState === "COMPLETED" ||
            (takenOver.rolloutState === undefined && settledByCounts(takenOver, deployments)))
            return {
                outcome: "rolled-back",
                reason: `${cause}; ECS rolled back to ${to}`,
                reasonCode: code,
                details: { rolledBackBy: "ecs", rollbackState: "succeeded" },
            };
        if (takenOver.rolloutState === "FAILED")
            return {
                outcome: "failed",
                reason: `${cause}; ECS's rollback to ${to} failed too (${takenOver.runningCount ?? 0} of ${takenOver.desiredCount ?? 0} task(s) of ${to} running)`,
                reasonCode: code,
                details: { rolledBackBy: "ecs", rollbackState: "failed" },
            };
        return {
            outcome: "failed",
            reason: `${cause}; ECS is rolling back to ${to}`,
            reasonCode: code,
            details: { rolledBackBy: "ecs", rollbackState: "in-progress" },
        };
    }
    if (takenOver !== undefined || (ours === undefined && primary !== undefined))
        return {
            outcome: "failed",
            reason: `${why ? `${why}; ` : ""}deployment ${deploymentId} was replaced by another deployment`,
            reasonCode: "stopped",
            details: {},
        };
    if (ours?.rolloutState === "FAILED") {
        // With rollback on, ECS is about to start the rollback deployment: follow it.
        if (breaker?.rollback === true)
            return {
                outcome: "failed",
                reason: `${why ?? "ECS marked the deployment FAILED"}; ECS is rolling back`,
                reasonCode: code,
                details: { rolledBackBy: "ecs", rollbackState: "in-progress" },
            };
        return { outcome: "failed", reason: why ?? "ECS marked the deployment FAILED", reasonCode: code, details: {} };
    }
    if (ours === undefined)
        return undefined;
    if (ours.rolloutState === "COMPLETED" || (ours.rolloutState === undefined && settledByCounts(ours, deployments)))
        return { outcome: "succeeded", reason: undefined, reasonCode: undefined, details: {} };
    if (breaker?.enable !== true)
        return overFailureThreshold(ours.failedTasks ?? 0, ours.desiredCount ?? 0);
    return undefined;
}
/** "tasks failed to start" from ECS's event about our deployment, if any. */
function failureEvent(service, deploymentId) {
    const marker = `(deployment ${deploymentId}) deployment failed: `;
    const event = service.events?.find((candidate) => candidate.message?.includes(marker));
    const detail = event?.message?.slice(event.message.indexOf(marker) + marker.length).replace(/\.$/, "");
    return detail === undefined ? undefined : `ECS deployment circuit breaker: ${detail}`;
}
function settledByCounts(ours, deployments) {
    return (deployments.length === 1 && (ours.runningCount ?? 0) === (ours.desiredCount ?? 0) && (ours.pendingCount ?? 0) === 0);
}
function progressLine(service, deploymentId, elapsedMs) {
    const ours = service.deployments?.find((deployment) => deployment.id === deploymentId);
    const others = (service.deployments ?? []).filter((deployment) => deployment.id !== deploymentId);
    const oldRunning = others.reduce((sum, deployment) => sum + (deployment.runningCount ?? 0), 0);
    const parts = [
        `${ours?.runningCount ?? 0}/${ours?.desiredCount ?? 0} running`,
        `${ours?.pendingCount ?? 0} pending`,
        ours?.failedTasks ? `${ours.failedTasks} failed` : undefined,
        others.length > 0 ? `${oldRunning} old running` : undefined,
        ours?.rolloutState ?? "",
    ].filter(Boolean);
    return `[${service.serviceName}] ${parts.join(", ")} (${(0,src/* humanDuration */.UU)(elapsedMs)})`;
}
/** The deployments[] roll-out; `adopt` lets the service-deployment roll-out hand a deployment over. */
function deploymentsRollout(context) {
    const { deps, name, trace } = context;
    let deploymentId;
    let taskDefinition = "";
    const update = async (taskDefinitionArn, extras) => {
        const response = await deps.ecs.updateService({
            cluster: context.cluster,
            service: name,
            taskDefinition: taskDefinitionArn,
            ...(extras?.forceNewDeployment ? { forceNewDeployment: true } : {}),
            ...(extras?.desiredCount !== undefined ? { desiredCount: extras.desiredCount } : {}),
        });
        for (const event of response.service ? newEvents(response.service, trace.seen) : [])
            trace.events.push(event.message ?? "");
        return response.service?.deployments?.find((deployment) => deployment.status === "PRIMARY")?.id;
    };
    /**
     * Polls DescribeServices until `judge` gives a verdict or the deadline passes; one progress line
     * per poll and every new service event. ECS's own rollback is followed to its end.
     */
    const follow = async (id, arn, deadline) => {
        const started = deps.clock.now();
        let until = deadline;
        let ecsRollingBack = false;
        for (;;) {
            if (deps.signal?.aborted)
                return cancelled(`following deployment ${id}`);
            const service = await describeService(deps.ecs, context.cluster, name);
            if (service === undefined)
                return { outcome: "failed", reason: `service ${name} disappeared`, reasonCode: "stopped", details: {} };
            for (const event of newEvents(service, trace.seen)) {
                deps.log.info(`[${name}] event: ${event.message}`);
                trace.events.push(event.message ?? "");
            }
            let verdict = judge(service, id, arn);
            const now = deps.clock.now();
            if (verdict?.details.rollbackState === "in-progress") {
                if (!ecsRollingBack) {
                    ecsRollingBack = true;
                    until = rollbackDeadline(context, now);
                    deps.log.info(`[${name}] ${verdict.reason}; following ECS's rollback to its end`);
                }
                if (now < until)
                    verdict = undefined;
                else
                    verdict = {
                        ...verdict,
                        reason: `${verdict.reason} (still rolling back when the wait ended; not watched to the end)`,
                    };
            }
            deps.log.info(progressLine(service, id, now - started));
            if (verdict !== undefined)
                return verdict;
            const remaining = until - deps.clock.now();
            if (remaining <= 0) {
                return {
                    outcome: "timed-out",
                    reason: `deployment ${id} did not finish within ${(0,src/* humanDuration */.UU)(deps.clock.now() - started)}`,
                    reasonCode: "timeout",
                    details: {},
                };
            }
            const ours = service.deployments?.find((deployment) => deployment.id === id);
            // Every new task is up (ECS completes once the old ones drained), or tasks fail (the breaker may trip).
            const near = ecsRollingBack ||
                (ours !== undefined &&
                    (((ours.runningCount ?? 0) >= (ours.desiredCount ?? 0) && !ours.pendingCount) ||
                        (ours.failedTasks ?? 0) > 0));
            await sleepUnlessCancelled(deps, nextPollMs({ near }, context.pollIntervalMs, remaining));
        }
    };
    const noDeployment = {
        outcome: "failed",
        reason: "UpdateService returned no deployment",
        reasonCode: "error",
        details: {},
    };
    return {
        kind: "deployments",
        get deploymentId() {
            return deploymentId;
        },
        serviceDeploymentArn: undefined,
        get taskStartedBy() {
            return deploymentId;
        },
        adopt(id, arn) {
            deploymentId = id;
            taskDefinition = arn;
        },
        async start(taskDefinitionArn) {
            taskDefinition = taskDefinitionArn;
            deploymentId = await update(taskDefinitionArn, context.update);
        },
        follow(deadline) {
            return deploymentId === undefined
                ? Promise.resolve(noDeployment)
                : follow(deploymentId, taskDefinition, deadline);
        },
        async rollBack(deadline) {
            deps.log.info(`[${name}] rolling back to ${revisionOf(context.previousTaskDefinitionArn)}`);
            const id = await update(context.previousTaskDefinitionArn, undefined);
            if (id === undefined)
                return { ...noDeployment, deploymentId: undefined };
            return { ...(await follow(id, context.previousTaskDefinitionArn, deadline)), deploymentId: id };
        },
    };
}
/** True while a deployment of the service is still rolling (a deploy started now would overlap it). */
function isBusy(service) {
    const deployments = service.deployments ?? [];
    if (deployments.some((deployment) => deployment.rolloutState === "IN_PROGRESS"))
        return true;
    return deployments.length > 1 && deployments.every((deployment) => deployment.rolloutState === undefined);
}
/** Waits until no deployment of the service is rolling; returns the settled service. */
async function waitUntilSettled(cluster, initial, deadline, pollIntervalMs, deps) {
    let service = initial;
    const name = initial.serviceName ?? "?";
    if (!isBusy(service))
        return service;
    deps.log.info(`[${name}] a deployment is already in progress; waiting for it to settle before deploying`);
    while (isBusy(service)) {
        const remaining = deadline - deps.clock.now();
        if (remaining <= 0)
            throw new BusyServiceError(name);
        if (await sleepUnlessCancelled(deps, Math.min(pollIntervalMs, remaining)))
            throw new src/* ActionError */.lZ(`The job was cancelled while waiting for ${name}'s earlier deployment; nothing was changed`);
        service = (await describeService(deps.ecs, cluster, name)) ?? service;
        deps.log.info(progressLine(service, service.deployments?.[0]?.id ?? "", 0).replace(/ \(0s\)$/, ""));
    }
    deps.log.info(`[${name}] the earlier deployment settled; deploying now`);
    return service;
}
/** Someone else's deployment outlasted our timeout: nothing of ours was changed on the service. */
class BusyServiceError extends src/* ActionError */.lZ {
    service;
    name = "BusyServiceError";
    constructor(service) {
        super(`Service ${service} was still deploying when the timeout ran out; it was not updated`, {
            hint: "Another deployment of this service is in progress: let it finish (or stop it in the ECS console), or raise the timeout input, then re-run.",
        });
        this.service = service;
    }
}

;// CONCATENATED MODULE: ./src/plan/mask.ts

/**
 * Masks (`::add-mask::`) the task-definition environment values this run could print, before the
 * plan is printed: every secret-looking one in the definitions it reads or writes (shown as ***, and
 * masked in case an error message echoes it), and with show-values every value in the diff, which the
 * log and summary then show. Without show-values other values appear only as fingerprints.
 */
function maskPlanValues(plan, showValues, mask) {
    for (const service of plan.services) {
        for (const container of service.rendered.definition.containerDefinitions ?? []) {
            for (const variable of container.environment ?? []) {
                if (variable.value && (0,src/* looksSecret */.n0)(variable.name ?? ""))
                    mask(variable.value);
            }
        }
        for (const change of service.diff) {
            if (!change.value)
                continue;
            if (!showValues && !(0,src/* looksSecret */.n0)(change.field.replace(/^\S+ /, "")))
                continue;
            for (const value of [change.from, change.to])
                if (value)
                    mask(value);
        }
    }
}

;// CONCATENATED MODULE: ./src/plan/preflight.ts


/** The partition and account of a service, from its ARN: where its roles and images live. */
function accountOf(service) {
    const match = /^arn:(aws[\w-]*):ecs:[\w-]+:(\d{12}):/.exec(service.serviceArn ?? "");
    return match?.[1] && match[2] ? { partition: match[1], account: match[2] } : undefined;
}
/** A role given by name becomes the ARN of that role in the service's account; an ARN stays as it is. */
function roleArn(value, owner) {
    if (value === undefined || value.startsWith("arn:"))
        return value;
    if (owner === undefined)
        throw new src/* ActionError */.lZ(`Cannot resolve role ${value}: the service ARN names no account`);
    return `arn:${owner.partition}:iam::${owner.account}:role/${value}`;
}
/** What render() gets: the inputs, with role names resolved in the service's account. */
function renderRequestOf(inputs, service) {
    const owner = inputs.taskRole === undefined && inputs.executionRole === undefined ? undefined : accountOf(service);
    return {
        ...inputs,
        taskRoleArn: roleArn(inputs.taskRole, owner),
        executionRoleArn: roleArn(inputs.executionRole, owner),
    };
}
const ECR_IMAGE = /^(?<registry>\d{12})\.dkr\.ecr\.(?<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(?<repository>[^:@]+)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/;
/** `<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>` or `@sha256:…`; undefined for other registries. */
function parseEcrImage(image) {
    const groups = ECR_IMAGE.exec(image)?.groups;
    if (groups?.["registry"] === undefined || groups["region"] === undefined || groups["repository"] === undefined)
        return undefined;
    return {
        image,
        registry: groups["registry"],
        region: groups["region"],
        repository: groups["repository"],
        tag: groups["digest"] === undefined ? (groups["tag"] ?? "latest") : groups["tag"],
        digest: groups["digest"],
    };
}
/**
 * Every ECR image about to be deployed exists (DescribeImages, read-only). A missing tag is an
 * error naming the image and the repository's newest tags; other registries, and ECR in another
 * region than the deployment's, are not checked. Returns each checked image's tags and digest.
 */
async function checkImages(ecr, images, region, log) {
    const facts = new Map();
    if (ecr === undefined)
        return facts;
    for (const image of [...new Set(images)]) {
        const parsed = parseEcrImage(image);
        if (parsed === undefined)
            continue;
        if (parsed.region !== region) {
            log.info(`Image ${image} is in ECR ${parsed.region}; only ${region} is checked before deploying`);
            continue;
        }
        const detail = await describeEcrImage(ecr, parsed);
        facts.set(image, { tags: detail?.imageTags ?? [], digest: detail?.imageDigest ?? parsed.digest });
    }
    return facts;
}
/**
 * pin-digest: each image given by tag becomes `repo@sha256:…`, the digest ECR has for the tag now,
 * so what was planned is what runs even if the tag moves. Only ECR can be asked; a digest stays.
 */
async function pinDigests(ecr, images) {
    const pinned = new Map();
    for (const image of [...new Set(images)]) {
        const parsed = parseEcrImage(image);
        if (parsed?.digest !== undefined)
            continue;
        if (parsed === undefined || ecr === undefined)
            throw new src/* ActionError */.lZ(`pin-digest cannot resolve ${image}: only ECR images can be resolved to a digest here`, {
                hint: "Give the image by digest (repo@sha256:…, e.g. docker/build-push-action's digest output), or set pin-digest: false.",
            });
        const digest = (await describeEcrImage(ecr, parsed))?.imageDigest;
        if (digest === undefined)
            throw new src/* ActionError */.lZ(`ECR returned no digest for ${image}`);
        pinned.set(image, (0,plan_image/* byDigest */._W)(image, digest));
    }
    return pinned;
}
async function describeEcrImage(ecr, parsed) {
    try {
        const described = await ecr.describeImages({
            registryId: parsed.registry,
            repositoryName: parsed.repository,
            imageIds: [parsed.digest !== undefined ? { imageDigest: parsed.digest } : { imageTag: parsed.tag ?? "latest" }],
        });
        return described.imageDetails?.[0];
    }
    catch (error) {
        throw await imageError(ecr, parsed, error);
    }
}
async function imageError(ecr, image, error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "RepositoryNotFoundException") {
        return new src/* ActionError */.lZ(`Image ${image.image} cannot be deployed: ECR repository ${image.repository} does not exist in registry ${image.registry}`, { hint: "Check the repository name in image/images (and that the image was pushed to this account)." });
    }
    if (name !== "ImageNotFoundException") {
        return new src/* ActionError */.lZ(`Could not check image ${image.image} in ECR: ${(0,src/* describeError */.Uc)(error)}`, {
            hint: "The deploy role needs ecr:DescribeImages on the repository.",
        });
    }
    const newest = await newestTags(ecr, image).catch(() => []);
    return new src/* ActionError */.lZ(`Image ${image.image} is not in ECR: repository ${image.repository} has no ${image.digest ? `digest ${image.digest}` : `tag ${image.tag}`}. ` +
        (newest.length > 0 ? `Newest tags: ${newest.join(", ")}` : "The repository has no tagged images."), { hint: "Push the image first (does the build job tag it with this commit?), or deploy one of the tags above." });
}
/** The five most recently pushed tags of a repository. */
async function newestTags(ecr, image) {
    const details = await (0,src/* paginate */.En)(async (cursor) => {
        const page = await ecr.describeImages({
            registryId: image.registry,
            repositoryName: image.repository,
            filter: { tagStatus: "TAGGED" },
            maxResults: 1000,
            ...(cursor ? { nextToken: cursor } : {}),
        });
        return { items: page.imageDetails ?? [], next: page.nextToken };
    }, { maxPages: 10 });
    const pushed = (detail) => new Date(detail.imagePushedAt ?? 0).getTime();
    return details
        .sort((a, b) => pushed(b) - pushed(a))
        .flatMap((detail) => detail.imageTags ?? [])
        .slice(0, 5);
}
// Fargate's task sizes: CPU units → allowed memory (MiB) as [min, max, step].
const FARGATE_SIZES = {
    256: [512, 2048, 512],
    512: [1024, 4096, 1024],
    1024: [2048, 8192, 1024],
    2048: [4096, 16384, 1024],
    4096: [8192, 30720, 1024],
    8192: [16384, 61440, 4096],
    16384: [32768, 122880, 8192],
};
/** `1 vCPU` → 1024, `2 GB` → 2048, `512` → 512. */
function units(value, per) {
    const number = Number.parseFloat(value);
    return /[a-z]/i.test(value) ? Math.round(number * per) : number;
}
/**
 * What RegisterTaskDefinition would refuse, said before anything changes: a Fargate size that is
 * not a valid CPU/memory pair, and secrets without an execution role to read them.
 */
function checkRendered(definition, service, inputs) {
    const fargate = definition.requiresCompatibilities?.includes("FARGATE") === true;
    if (fargate && (inputs.cpu !== undefined || inputs.memory !== undefined)) {
        const cpu = units(definition.cpu ?? "0", 1024);
        const memory = units(definition.memory ?? "0", 1024);
        const size = FARGATE_SIZES[cpu];
        const valid = size !== undefined && memory >= size[0] && memory <= size[1] && (memory - size[0]) % size[2] === 0;
        if (!valid) {
            const allowed = size === undefined ? Object.keys(FARGATE_SIZES).join(", ") : `${size[0]}–${size[1]} in steps of ${size[2]}`;
            throw new src/* ActionError */.lZ(`cpu ${definition.cpu} with memory ${definition.memory} is not a Fargate task size (service ${service}); ${size === undefined ? `cpu must be one of ${allowed}` : `with cpu ${cpu}, memory must be ${allowed} MiB`}`, { hint: "e.g. cpu: 1024 with memory: 2048; see the Fargate task sizes in the ECS developer guide." });
        }
    }
    if (inputs.secrets.length > 0 && definition.executionRoleArn === undefined) {
        throw new src/* ActionError */.lZ(`secrets needs an execution role to read them, and the task definition of ${service} has none`, {
            hint: "Set execution-role-arn (e.g. ecs-task-execution) with ssm:GetParameters / secretsmanager:GetSecretValue.",
        });
    }
}

;// CONCATENATED MODULE: ./src/observe/api.ts
/** How an AWS error reads: an API that is not there for us, rather than a deployment gone wrong. */
/** Errors meaning "this API is not there for us" rather than "the deployment went wrong". */
const UNAVAILABLE = new Set([
    "AccessDeniedException",
    "UnknownOperationException",
    "UnsupportedFeatureException",
    "InvalidAction",
]);
/** An answer that is not the API's JSON: an emulator's or proxy's HTML error page for an operation it lacks. */
function notJson(error) {
    if (!(error instanceof Error))
        return false;
    return (error.name === "SyntaxError" ||
        /Deserialization error|Unexpected token|is not valid JSON|<!DOCTYPE|<html/i.test(error.message));
}
function apiUnavailable(error) {
    return error instanceof Error && (UNAVAILABLE.has(error.name) || notJson(error));
}

;// CONCATENATED MODULE: ./src/plan/promote.ts





/**
 * promote-from: what the source service (pre-prod) runs, by digest — read-only, in the plan.
 * Its latest deployment must have completed: a deployment that failed, rolled back or is still
 * in progress is refused, with nothing changed. The digest is the one ECS pulled (its running
 * tasks report `imageDigest`); a source at zero tasks falls back to ECR's digest of the tag.
 * Images of the account's own ECR repositories are promoted; public images (sidecars) are not.
 */
async function readPromotion(source, deps) {
    const name = `${source.cluster}/${source.service}`;
    const { services, missing } = await describeServices(deps.ecs, source.cluster, [source.service]).catch((error) => {
        throw new src/* ActionError */.lZ(`promote-from ${name}: ${(0,src/* describeError */.Uc)(error)}`, {
            hint: "Check the cluster name in promote-from; the role needs ecs:DescribeServices on the pre-prod service.",
        });
    });
    const service = services[0];
    if (service === undefined || missing.length > 0)
        throw new src/* ActionError */.lZ(`promote-from ${name}: service ${source.service} not found in cluster ${source.cluster}`, {
            hint: "promote-from names the service whose images are promoted, e.g. promote-from: pre-prod/web",
        });
    await requireCompleted(service, name, deps.ecs);
    const taskDefinition = service.taskDefinition ?? "";
    const described = await deps.ecs.describeTaskDefinition({ taskDefinition });
    const containers = described.taskDefinition?.containerDefinitions ?? [];
    const pulled = await runningDigests(deps.ecs, source.cluster, source.service, taskDefinition);
    const images = [];
    const skipped = [];
    for (const container of containers) {
        const named = container.image ?? "";
        const ecr = parseEcrImage(named);
        if (ecr === undefined || container.name === undefined) {
            skipped.push(container.name ?? "?");
            continue;
        }
        const digest = ecr.digest ?? pulled.get(container.name) ?? (await ecrDigest(deps.ecr, ecr, name));
        images.push({ container: container.name, image: (0,plan_image/* byDigest */._W)(named, digest), named });
    }
    if (images.length === 0)
        throw new src/* ActionError */.lZ(`promote-from ${name}: its task definition ${revisionOf(taskDefinition)} runs no image of an ECR repository`, {
            hint: "promote-from promotes the images your build pushed to ECR; use image or images for other registries.",
        });
    return { source: name, revision: revisionOf(taskDefinition), images, skipped };
}
/** The latest deployment of the source must have completed (service deployment record, else deployments[]). */
async function requireCompleted(service, name, ecs) {
    let latest;
    try {
        const listed = await ecs.listServiceDeployments({
            cluster: service.clusterArn,
            service: service.serviceName,
            maxResults: 20,
        });
        // None listed: not deployed since ECS keeps records; deployments[] below decides.
        latest = [...(listed.serviceDeployments ?? [])].sort((a, b) => time(b.createdAt) - time(a.createdAt))[0];
    }
    catch (error) {
        if (!apiUnavailable(error))
            throw error;
    }
    const refuse = (state) => new src/* ActionError */.lZ(`promote-from ${name}: its latest deployment ${state}; nothing was promoted or changed`, {
        hint: "Promote only what pre-prod runs after a completed deployment: fix or finish pre-prod's deployment first.",
    });
    if (latest !== undefined) {
        switch (latest.status) {
            case "SUCCESSFUL":
                return;
            case "PENDING":
            case "IN_PROGRESS":
                throw refuse("is still in progress");
            case "ROLLBACK_REQUESTED":
            case "ROLLBACK_IN_PROGRESS":
            case "ROLLBACK_SUCCESSFUL":
                throw refuse(`failed and was rolled back (${latest.status})`);
            default:
                throw refuse(`did not complete (${latest.status})`);
        }
    }
    const deployments = service.deployments ?? [];
    const primary = deployments.find((deployment) => deployment.status === "PRIMARY");
    if (primary?.rolloutState === "FAILED")
        throw refuse("failed");
    if (deployments.length > 1 || primary?.rolloutState === "IN_PROGRESS")
        throw refuse("is still in progress");
}
/** Container → the digest ECS pulled for the running tasks of that revision. */
async function runningDigests(ecs, cluster, service, taskDefinition) {
    const listed = await ecs.listTasks({ cluster, serviceName: service, desiredStatus: "RUNNING", maxResults: 10 });
    const arns = listed.taskArns ?? [];
    const digests = new Map();
    if (arns.length === 0)
        return digests;
    const described = await ecs.describeTasks({ cluster, tasks: arns });
    for (const task of described.tasks ?? []) {
        if (task.taskDefinitionArn !== taskDefinition)
            continue;
        for (const container of task.containers ?? [])
            if (container.name !== undefined && container.imageDigest !== undefined && !digests.has(container.name))
                digests.set(container.name, container.imageDigest);
    }
    return digests;
}
async function ecrDigest(ecr, image, name) {
    const detail = await ecr
        ?.describeImages({
        registryId: image.registry,
        repositoryName: image.repository,
        imageIds: [{ imageTag: image.tag ?? "latest" }],
    })
        .catch((error) => {
        throw new src/* ActionError */.lZ(`promote-from ${name}: could not read the digest of ${image.image}: ${(0,src/* describeError */.Uc)(error)}`, {
            hint: "The role needs ecr:DescribeImages on the repository.",
        });
    });
    const digest = detail?.imageDetails?.[0]?.imageDigest;
    if (digest === undefined)
        throw new src/* ActionError */.lZ(`promote-from ${name}: ECR has no digest for ${image.image}`, {
            hint: "Was the tag pushed again or deleted? Redeploy pre-prod, then promote.",
        });
    return digest;
}

// EXTERNAL MODULE: ./src/plan/strategy.ts
var plan_strategy = __webpack_require__(4930);
;// CONCATENATED MODULE: ./src/observe/alarms.ts

/** The alarms (of the `alarms` input) in ALARM now; none when no alarm is named. */
async function firingAlarms(cloudWatch, names) {
    if (names.length === 0 || cloudWatch === undefined)
        return [];
    const { MetricAlarms = [], CompositeAlarms = [] } = await describe(cloudWatch, names);
    return [...MetricAlarms, ...CompositeAlarms]
        .filter((alarm) => alarm.StateValue === "ALARM")
        .map((alarm) => alarm.AlarmName ?? "?");
}
/** Pre-flight: every alarm of the `alarms` input exists (a typo would otherwise never fire). */
async function checkAlarmsExist(cloudWatch, names) {
    if (names.length === 0)
        return;
    if (cloudWatch === undefined)
        throw new src/* ActionError */.lZ("alarms is set but no CloudWatch client was configured");
    const { MetricAlarms = [], CompositeAlarms = [] } = await describe(cloudWatch, names);
    const found = new Set([...MetricAlarms, ...CompositeAlarms].map((alarm) => alarm.AlarmName));
    const missing = names.filter((name) => !found.has(name));
    if (missing.length > 0) {
        throw new src/* ActionError */.lZ(`alarms names CloudWatch alarms that do not exist in this region: ${missing.join(", ")}`, {
            hint: "Check the alarm names (they are case-sensitive) and the region, e.g. alarms: qa3-web-5xx",
        });
    }
}
/** With AlarmNames alone DescribeAlarms returns metric alarms only: composite alarms must be asked for. */
function describe(cloudWatch, names) {
    return cloudWatch.describeAlarms({ AlarmNames: [...names], AlarmTypes: ["MetricAlarm", "CompositeAlarm"] });
}
/** The `alarms` input's verdict: a failure naming the alarms in ALARM now (the deployment is still open). */
async function alarmsVerdict(cloudWatch, names) {
    const firing = await firingAlarms(cloudWatch, names);
    if (firing.length === 0)
        return undefined;
    return {
        outcome: "failed",
        reason: `alarm ${firing.join(", ")} in ALARM (alarms input)`,
        reasonCode: "alarm",
        details: { open: true },
    };
}

;// CONCATENATED MODULE: ./src/plan/strategy-plan.ts




/** Read-only: how each service deploys, its bake, alarms and CodeDeploy names, and which API follows it. */
async function planStrategies(services, request, deps) {
    await checkAlarmsExist(deps.cloudWatch, request.strategy.alarms);
    return Promise.all(services.map((service) => planStrategy(service, request, deps)));
}
async function planStrategy(service, inputs, deps) {
    const name = service.serviceName ?? "?";
    const strategy = (0,plan_strategy/* strategyOf */.xS)(service);
    (0,plan_strategy/* checkWaitUntil */.Sf)(inputs.strategy.waitUntil, strategy, service);
    const codeDeploy = strategy === "CODE_DEPLOY" ? await codeDeployTarget(service, inputs, deps) : undefined;
    const bakeMs = codeDeploy === undefined ? (0,plan_strategy/* bakeMsOf */.Z_)(service.deploymentConfiguration, strategy) : codeDeploy.bakeMs;
    const lines = (0,plan_strategy/* strategyLines */.Hk)(service, strategy, bakeMs);
    if (codeDeploy !== undefined) {
        lines.push(`CodeDeploy ${codeDeploy.target.application} / ${codeDeploy.target.group} (${codeDeploy.target.deploymentConfigName})`);
        // A CODE_DEPLOY service's alarms live on its deployment group, not in deploymentConfiguration.
        if (codeDeploy.alarms.length > 0)
            lines.push(`alarms ${codeDeploy.alarms.join(", ")} (CodeDeploy ${codeDeploy.rollbackOnAlarm ? "rolls back" : "stops"} on ALARM)`);
    }
    if (inputs.strategy.alarms.length > 0)
        lines.push(`watching alarms ${inputs.strategy.alarms.join(", ")} (alarms input)`);
    const warning = (0,plan_strategy/* bakeWarning */.yQ)(name, inputs.timeoutMs, bakeMs, inputs.strategy.waitUntil);
    const serviceDeployments = codeDeploy === undefined && (await serviceDeploymentsAnswer(deps.ecs, inputs.cluster, name));
    return {
        strategy,
        bakeMs,
        lines,
        warnings: warning === undefined ? [] : [warning],
        codeDeploy: codeDeploy?.target,
        serviceDeployments,
    };
}
/**
 * Whether ECS's service-deployment API answers here (a partition without it, an emulator that
 * lacks it, or a role without ecs:ListServiceDeployments does not): chosen once, before anything changes.
 */
async function serviceDeploymentsAnswer(ecs, cluster, service) {
    try {
        await ecs.listServiceDeployments({ cluster, service, maxResults: 1 });
        return true;
    }
    catch (error) {
        if (apiUnavailable(error))
            return false;
        throw error;
    }
}
/**
 * The CodeDeploy application and deployment group of a CODE_DEPLOY service (the console's names
 * unless given), checked with GetDeploymentGroup, and the AppSpec to send.
 */
async function codeDeployTarget(service, inputs, deps) {
    const name = service.serviceName ?? "?";
    const cluster = service.clusterArn?.split("/").at(-1) ?? inputs.cluster;
    const application = inputs.strategy.codeDeployApplication ?? `AppECS-${cluster}-${name}`;
    const group = inputs.strategy.codeDeployDeploymentGroup ?? `DgpECS-${cluster}-${name}`;
    if (deps.codeDeploy === undefined)
        throw new src/* ActionError */.lZ(`service ${name} deploys with CodeDeploy, but no CodeDeploy client was configured`);
    let info;
    try {
        info = (await deps.codeDeploy.getDeploymentGroup({ applicationName: application, deploymentGroupName: group }))
            .deploymentGroupInfo;
    }
    catch (error) {
        const code = error instanceof Error ? error.name : "";
        if (code === "ApplicationDoesNotExistException") {
            throw new src/* ActionError */.lZ(`CodeDeploy application ${application} does not exist (service ${name} uses CODE_DEPLOY)`, {
                hint: `Set codedeploy-application to the application that deploys it, e.g. codedeploy-application: AppECS-${cluster}-${name}`,
            });
        }
        if (code === "DeploymentGroupDoesNotExistException") {
            throw new src/* ActionError */.lZ(`CodeDeploy deployment group ${group} does not exist in application ${application}`, {
                hint: `Set codedeploy-deployment-group, e.g. codedeploy-deployment-group: DgpECS-${cluster}-${name}`,
            });
        }
        throw error;
    }
    const appSpec = appSpecBuilder(service, inputs);
    const wait = info?.blueGreenDeploymentConfiguration?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes ??
        0;
    return {
        target: {
            application,
            group,
            deploymentConfigName: info?.deploymentConfigName ?? "CodeDeployDefault.ECSAllAtOnce",
            appSpec,
        },
        bakeMs: wait * 60_000,
        alarms: info?.alarmConfiguration?.enabled === true
            ? (info.alarmConfiguration.alarms ?? []).flatMap((alarm) => (alarm.name === undefined ? [] : [alarm.name]))
            : [],
        rollbackOnAlarm: info?.autoRollbackConfiguration?.enabled === true &&
            (info.autoRollbackConfiguration.events ?? []).includes("DEPLOYMENT_STOP_ON_ALARM"),
    };
}
/** The `codedeploy-appspec` file with the new TaskDefinition, or one built from the service's load balancer. */
function appSpecBuilder(service, inputs) {
    const file = inputs.strategy.codeDeployAppSpec;
    if (file !== undefined) {
        const resources = file.content["Resources"];
        const first = Array.isArray(resources)
            ? resources[0]
            : undefined;
        const target = first === undefined ? undefined : Object.values(first)[0];
        if (target?.Properties === undefined) {
            throw new src/* ActionError */.lZ(`codedeploy-appspec ${file.path} has no Resources[0].TargetService.Properties`, {
                hint: "See the AppSpec 'resources' section for ECS: TargetService: { Type: AWS::ECS::Service, Properties: { TaskDefinition, LoadBalancerInfo } }",
            });
        }
        return (taskDefinitionArn) => {
            const copy = structuredClone(file.content);
            const properties = Object.values(copy["Resources"][0] ?? {})[0]?.Properties;
            if (properties !== undefined)
                properties["TaskDefinition"] = taskDefinitionArn;
            return JSON.stringify(copy);
        };
    }
    const lb = service.loadBalancers?.[0];
    if (lb?.containerName === undefined || lb.containerPort === undefined) {
        throw new src/* ActionError */.lZ(`service ${service.serviceName} has no load balancer to build the CodeDeploy AppSpec from`, {
            hint: "Set codedeploy-appspec to an AppSpec file, e.g. codedeploy-appspec: deploy/appspec.yaml",
        });
    }
    return (taskDefinitionArn) => JSON.stringify({
        version: "0.0",
        Resources: [
            {
                TargetService: {
                    Type: "AWS::ECS::Service",
                    Properties: {
                        TaskDefinition: taskDefinitionArn,
                        LoadBalancerInfo: { ContainerName: lb.containerName, ContainerPort: lb.containerPort },
                    },
                },
            },
        ],
    });
}

;// CONCATENATED MODULE: ./src/plan/plan.ts
















/**
 * The read-only pre-flight of the whole run, before the first mutating call: the services and
 * their new revisions (printed, values masked), the scheduled targets that follow them, how each
 * service deploys, and the monitors the bake watches. Any problem throws here, with nothing changed.
 */
async function planDeploy(inputs, deps, deadline) {
    const built = await deps.log.group("Plan", async () => {
        const planned = await buildPlan(inputs, deps, deadline);
        maskPlanValues(planned, inputs.showValues, deps.mask);
        for (const line of describePlan(planned, inputs.showValues, planned.images))
            deps.log.info(line);
        return planned;
    });
    // scheduled-tasks: which schedules and rules run a deployed family (read-only, like the plan).
    const families = new Set(built.services.map((service) => service.rendered.definition.family ?? ""));
    const scheduled = inputs.scheduledTasks.length === 0
        ? []
        : await deps.log.group("Scheduled tasks", async () => {
            const found = await findScheduledTargets(inputs.scheduledTasks, families, deps);
            for (const target of found)
                deps.log.info(`${target.kind} ${target.name}: ${target.status === "planned" ? `${target.from} → the new revision` : `skipped (${target.note})`}`);
            return found;
        });
    // Strategy, bake, alarms and CodeDeploy names: still read-only, before the first mutating call.
    const strategies = await deps.log.group("Deploy strategy", async () => {
        const planned = await planStrategies(built.services.map((service) => service.service), inputs, deps);
        planned.forEach((strategy, index) => {
            for (const line of strategy.lines)
                deps.log.info(`${built.services[index]?.name}: ${line}`);
            for (const warning of strategy.warnings)
                deps.log.warning(warning);
        });
        if (planned.some((strategy) => strategy.codeDeploy === undefined && !strategy.serviceDeployments))
            deps.log.info("ECS's service-deployment API (ListServiceDeployments/DescribeServiceDeployments) is not available here (an older partition, or the role lacks ecs:ListServiceDeployments and ecs:DescribeServiceDeployments); judging the deployment from DescribeServices deployments[] instead");
        return planned;
    });
    // Datadog: the gate's monitors must exist before anything changes.
    const gate = await resolveGate(inputs.datadog, deps.datadog);
    return { ...built, strategies, scheduled, gate };
}
/**
 * The read-only pre-flight: services exist, are ACTIVE and deployable, earlier deployments have
 * settled, base definitions resolve and every image/container input matches something. Any
 * problem throws before the first mutating call.
 */
async function buildPlan(inputs, deps, deadline) {
    const { services, missing } = await describeServices(deps.ecs, inputs.cluster, inputs.services).catch((error) => {
        throw clusterError(error, inputs.cluster, deps.region);
    });
    if (missing.length > 0) {
        throw new src/* ActionError */.lZ(`Service not found in cluster ${inputs.cluster}: ${missing.join(", ")}`, {
            hint: "Check the service name and the cluster; create the service first (this action updates existing services).",
        });
    }
    for (const service of services) {
        if (service.status !== "ACTIVE") {
            throw new src/* ActionError */.lZ(`Service ${service.serviceName} is ${service.status}, not ACTIVE`, {
                hint: "A draining or inactive service cannot be deployed to; recreate it.",
            });
        }
        // ECS (rolling, blue/green, linear, canary) and CODE_DEPLOY deploy; EXTERNAL is refused here.
        (0,plan_strategy/* strategyOf */.xS)(service);
    }
    const asleep = checkAsleep(services, inputs.ifStopped, inputs.desiredCount);
    const settled = await Promise.all(services.map((service) => waitUntilSettled(inputs.cluster, service, deadline, inputs.pollIntervalMs, deps)));
    const described = new Map();
    const describe = (arn) => {
        let pending = described.get(arn);
        if (pending === undefined) {
            pending = deps.ecs.describeTaskDefinition({ taskDefinition: arn, include: ["TAGS"] }).then((response) => {
                if (response.taskDefinition === undefined)
                    throw new src/* ActionError */.lZ(`Task definition ${arn} could not be described`);
                return { definition: response.taskDefinition, tags: response.tags ?? [] };
            });
            described.set(arn, pending);
        }
        return pending;
    };
    const existing = inputs.taskDefinitionArn === undefined ? undefined : await describeExistingWith(deps.ecs, inputs.taskDefinitionArn);
    // promote-from: the images pre-prod runs, by digest; pin-digest: the tags given, resolved now.
    const promoted = inputs.promoteFrom === undefined ? undefined : await readPromotion(inputs.promoteFrom, deps);
    const pinned = inputs.pinDigest
        ? await pinDigests(deps.ecr, [...(inputs.image === undefined ? [] : [inputs.image]), ...inputs.images.values()])
        : new Map();
    const requestOf = (service, base, name) => {
        const request = renderRequestOf(inputs, service);
        const pin = (image) => pinned.get(image) ?? image;
        const images = new Map([...request.images].map(([container, image]) => [container, pin(image)]));
        if (promoted !== undefined)
            for (const [container, image] of promotedImagesOf(base, promoted, name))
                images.set(container, image);
        return { ...request, image: request.image === undefined ? undefined : pin(request.image), images };
    };
    const bases = await Promise.all(settled.map(async (service) => {
        const current = await describe(service.taskDefinition ?? "");
        const base = existing?.base ?? inputs.taskDefinitionFile?.definition ?? (0,taskdef/* registerInputOf */.zP)(current.definition, current.tags);
        return { service, current, base };
    }));
    checkContainerNames(inputs, bases.map(({ base }) => base));
    const plans = bases.map(({ service, current, base }) => {
        const name = service.serviceName ?? "?";
        const running = (0,taskdef/* registerInputOf */.zP)(current.definition, current.tags);
        const desiredChanges = inputs.desiredCount !== undefined && inputs.desiredCount !== service.desiredCount;
        if (existing !== undefined) {
            // A revision Terraform/CDK registered: deployed as it is, never rendered or registered again.
            const moves = existing.arn !== service.taskDefinition;
            return {
                service,
                name,
                current: current.definition,
                rendered: { definition: existing.base, changes: [], replaced: [] },
                register: false,
                update: moves || inputs.forceNewDeployment || desiredChanges,
                changes: [],
                diff: diffDefinitions(running, existing.base),
                existing: existing.arn,
            };
        }
        const rendered = render(base, requestOf(service, base, name), name);
        if (rendered.replaced.length === 0)
            requireReplacedContainer(inputs, name);
        checkRendered(rendered.definition, name, inputs);
        const unchanged = sameDefinition(rendered.definition, running);
        const register = !unchanged || inputs.forceNewDeployment;
        return {
            service,
            name,
            current: current.definition,
            rendered,
            register,
            update: register || desiredChanges,
            changes: rendered.changes,
            diff: diffDefinitions(running, rendered.definition),
            existing: undefined,
        };
    });
    // Images about to run: each must exist (ECR only); a typo'd tag fails here, not as a rollback.
    const newImages = plans.flatMap((plan) => plan.diff.filter((change) => change.field === "image" && change.to !== undefined).map((change) => change.to ?? ""));
    const images = await checkImages(deps.ecr, newImages, deps.region, deps.log);
    return { services: plans, runTaskContainer: resolveRunTaskContainer(inputs, plans[0]), asleep, promoted, images };
}
/** Task definitions named by task-definition-arn must exist; a missing one is a named error. */
async function describeExistingWith(ecs, arn) {
    try {
        const response = await ecs.describeTaskDefinition({ taskDefinition: arn, include: ["TAGS"] });
        const definition = response.taskDefinition;
        if (definition?.taskDefinitionArn === undefined)
            throw new Error("no task definition in the response");
        return { arn: definition.taskDefinitionArn, base: (0,taskdef/* registerInputOf */.zP)(definition, response.tags) };
    }
    catch (error) {
        throw new src/* ActionError */.lZ(`task-definition-arn ${arn} cannot be deployed: ${(0,src/* describeError */.Uc)(error)}`, {
            hint: "Check the family and revision (aws ecs list-task-definitions --family-prefix <family>) and the region.",
        });
    }
}
/** DescribeServices on a missing cluster throws ClusterNotFoundException: say which cluster and region. */
function clusterError(error, cluster, region) {
    if (!(error instanceof Error) || error.name !== "ClusterNotFoundException")
        return error;
    return new src/* ActionError */.lZ(`Cluster ${cluster} not found in ${region}`, {
        hint: "Check the cluster name and the region (the region input, or AWS_REGION from configure-aws-credentials).",
    });
}
/** KEY=value lines (and command) apply to the containers whose image is replaced: there must be one. */
function requireReplacedContainer(inputs, service) {
    const untargeted = [
        inputs.environment.some((change) => change.container === undefined) ? "environment-variables" : undefined,
        inputs.secrets.some((secret) => secret.container === undefined) ? "secrets" : undefined,
        inputs.dockerLabels.some((label) => label.container === undefined) ? "docker-labels" : undefined,
    ].find((name) => name !== undefined);
    if (untargeted !== undefined) {
        throw new src/* ActionError */.lZ(`${untargeted} has KEY=value lines, which apply to the containers whose image is replaced, but no image of service ${service} is replaced`, { hint: "Prefix the lines with the container, e.g. web:RAILS_ENV=production, or set image/images." });
    }
    if (inputs.command !== undefined) {
        throw new src/* ActionError */.lZ(`command applies to the containers whose image is replaced, but no image of service ${service} is replaced`, { hint: "Set image or images for the container whose command changes." });
    }
}
function checkContainerNames(inputs, bases) {
    const known = new Set(bases.flatMap((base) => (base.containerDefinitions ?? []).map((container) => container.name ?? "")));
    const listing = [...known].join(", ");
    for (const name of inputs.images.keys()) {
        if (!known.has(name)) {
            throw new src/* ActionError */.lZ(`images names container "${name}", which no task definition has. Containers: ${listing}`, {
                hint: `Name one of the containers, e.g. images: ${[...known][0] ?? "app"}=<image>`,
            });
        }
    }
    const named = [
        ["environment-variables", inputs.environment],
        ["secrets", inputs.secrets],
        ["docker-labels", inputs.dockerLabels],
    ];
    for (const [input, lines] of named) {
        for (const { container } of lines) {
            if (container !== undefined && !known.has(container)) {
                throw new src/* ActionError */.lZ(`${input} names container "${container}", which no task definition has. Containers: ${listing}`, { hint: `Prefix the line with one of them, e.g. ${input}: ${[...known][0] ?? "app"}:NAME=value` });
            }
        }
    }
    if (inputs.runTaskContainer !== undefined &&
        !(bases[0]?.containerDefinitions ?? []).some((c) => c.name === inputs.runTaskContainer)) {
        throw new src/* ActionError */.lZ(`run-task-container is "${inputs.runTaskContainer}", which the task definition of ${inputs.services[0]} does not have. Containers: ${listing}`);
    }
}
function resolveRunTaskContainer(inputs, first) {
    if (inputs.runTask === undefined)
        return undefined;
    const container = inputs.runTaskContainer ?? first?.rendered.replaced[0];
    if (container === undefined) {
        throw new src/* ActionError */.lZ("run-task needs a container: no image was replaced, so set run-task-container", {
            hint: "run-task-container: web",
        });
    }
    return container;
}
/** Each container of a target service that runs a promoted repository, with the promoted image by digest. */
function promotedImagesOf(base, promoted, service) {
    const byRepository = new Map(promoted.images.map((image) => [(0,plan_image/* repositoryOf */._M)(image.image), image.image]));
    const matched = (base.containerDefinitions ?? []).flatMap((container) => {
        const image = byRepository.get((0,plan_image/* repositoryOf */._M)(container.image ?? ""));
        return image === undefined || container.name === undefined ? [] : [[container.name, image]];
    });
    if (matched.length === 0)
        throw new src/* ActionError */.lZ(`promote-from ${promoted.source} runs ${promoted.images.map((image) => image.named).join(", ")}, but no container of ${service} uses those repositories. Containers: ${(base.containerDefinitions ?? []).map((container) => `${container.name} (${container.image})`).join(", ")}`, { hint: "Promote between services built from the same repositories (pre-prod/web → web), or deploy with image." });
    return matched;
}

;// CONCATENATED MODULE: ./src/report/datadog-events.ts



/** Unified service tagging: the `DD_SERVICE`/`DD_ENV` variables, or the docker labels the agent reads. */
function unifiedTag(container, tag) {
    const variable = container.environment?.find((entry) => entry.name === `DD_${tag.toUpperCase()}`)?.value;
    const label = container.dockerLabels?.[`com.datadoghq.tags.${tag}`];
    return [variable, label].find((value) => value !== undefined && value !== "");
}
/** The application container: the one tagged for Datadog, else the first essential one. */
function appContainer(containers) {
    return (containers.find((container) => unifiedTag(container, "service") !== undefined) ??
        containers.find((container) => container.essential !== false) ??
        containers[0]);
}
/** The image's tag (or short digest): what the version is called in APM deployment tracking too. */
function versionOf(image) {
    const reference = image === undefined ? undefined : (0,plan_image/* parseImage */.zZ)(image);
    return reference?.tag ?? reference?.digest?.replace(/^sha256:/, "").slice(0, 12);
}
/** One DORA deployment event per service, with an id stable across re-runs of the same workflow run. */
function deploymentEventOf(service, settings, context, cluster, window) {
    const container = appContainer(service.containers);
    const env = (container && unifiedTag(container, "env")) ?? settings.env;
    const version = versionOf(container?.image);
    const runId = /\/actions\/runs\/(\d+)/.exec(context.runUrl)?.[1] ?? context.sha;
    return {
        id: (0,src_datadog/* doraEventId */.Q4)("ecs-deploy", context.repository, runId, cluster, service.name),
        service: settings.service ?? (container && unifiedTag(container, "service")) ?? service.name,
        ...(env === undefined ? {} : { env }),
        ...(version === undefined ? {} : { version }),
        started_at: (0,src_datadog/* toNanoseconds */.r2)(window.startedAt),
        finished_at: (0,src_datadog/* toNanoseconds */.r2)(window.finishedAt),
        git: { commit_sha: context.sha, repository_url: `${context.serverUrl}/${context.repository}` },
        custom_tags: [`ecs_cluster:${cluster}`, `ecs_service:${service.name}`, `deploy_status:${service.status}`],
    };
}
/** Sends the events; Datadog being down or refusing is a warning, never the deploy's failure. */
async function sendDeploymentEvents(datadog, events, log) {
    return Promise.all(events.map(async ({ service, attributes }) => {
        try {
            await datadog.sendDeployment(attributes);
            log.info(`[${service}] Datadog deployment event sent: service ${attributes.service}${attributes.env ? ` env ${attributes.env}` : ""}${attributes.version ? ` version ${attributes.version}` : ""}`);
            return { service, attributes, sent: true, error: undefined };
        }
        catch (error) {
            const reason = (0,src/* describeError */.Uc)(error);
            log.warning(`[${service}] could not send the Datadog deployment event (the deploy is not affected): ${reason}`, {
                title: `${service}: Datadog deployment event not sent`,
            });
            return { service, attributes, sent: false, error: reason };
        }
    }));
}
/** What the run did in Datadog, for the summary. */

;// CONCATENATED MODULE: ./src/rollout/verdict.ts

/**
 * The one reducer from verdicts to what a service reports: its status, reason and reason code.
 * `rollback` is the verdict of our own roll-back, when one ran (`succeeded`: the service runs the
 * previous revision again). Every wording of a failure lives here.
 */
function settle(verdict, rollback, previousTaskDefinitionArn) {
    const code = verdict.reasonCode;
    const back = revisionOf(previousTaskDefinitionArn);
    switch (verdict.outcome) {
        case "succeeded":
            return { status: "succeeded", reason: undefined, reasonCode: undefined };
        case "paused":
            return { status: "paused", reason: undefined, reasonCode: undefined };
        case "rolled-back":
            return { status: "rolled-back", reason: verdict.reason, reasonCode: code };
    }
    if (verdict.details.rollbackState === "failed" || verdict.details.rollbackState === "in-progress")
        return { status: "failed", reason: verdict.reason, reasonCode: code };
    if (rollback === undefined)
        return { status: verdict.outcome, reason: verdict.reason, reasonCode: code };
    if (rollback.outcome === "succeeded")
        return { status: "rolled-back", reason: `${verdict.reason} — rolled back to ${back}`, reasonCode: code };
    return {
        status: "failed",
        reason: `${verdict.reason}; the rollback to ${back} did not finish either: ${rollback.reason ?? rollback.outcome}`,
        reasonCode: code,
    };
}
/** Whether a verdict asks for our roll-back: a failure or timeout that nobody has rolled back yet. */
function wantsRollback(verdict) {
    if (verdict.outcome !== "failed" && verdict.outcome !== "timed-out")
        return false;
    if (verdict.details.rolledBackBy !== undefined)
        return false;
    // Cancelled, or the deployment's state is unknown: never roll back on a guess.
    return verdict.reasonCode !== "cancelled" && verdict.reasonCode !== "error";
}
/** The worst status wins: a failure not undone, then a timeout left in place, then a rollback. */
const SEVERITY = ["failed", "timed-out", "rolled-back", "paused", "dry-run", "succeeded"];
function overallStatus(results) {
    return SEVERITY.find((status) => results.some((result) => result.status === status)) ?? "succeeded";
}
/** The run's reason code: that of the first service with the run's status. */
function overallReasonCode(results) {
    const status = overallStatus(results);
    return results.find((result) => result.status === status && result.reasonCode !== undefined)?.reasonCode;
}

;// CONCATENATED MODULE: ./src/after/prune.ts


/** `arn:…:task-definition/web:42` → { family: "web", revision: 42 }. */
function parseTaskDefinitionArn(arn) {
    const match = /task-definition\/([^:]+):(\d+)$/.exec(arn);
    return match?.[1] && match[2] ? { family: match[1], revision: Number(match[2]) } : undefined;
}
/** Which revisions to deregister: all ACTIVE ones beyond the newest `keep`, minus those in use. */
function revisionsToDeregister(active, keep, inUse) {
    const sorted = [...active].sort((a, b) => (parseTaskDefinitionArn(b)?.revision ?? 0) - (parseTaskDefinitionArn(a)?.revision ?? 0));
    return sorted.slice(keep).filter((arn) => !inUse.has(arn));
}
/** Every task definition any deployment of any service in the cluster runs (all pages). */
async function taskDefinitionsInUse(ecs, cluster) {
    const names = await (0,src/* paginate */.En)(async (cursor) => {
        const page = await ecs.listServices({ cluster, maxResults: 100, ...(cursor ? { nextToken: cursor } : {}) });
        return { items: page.serviceArns ?? [], next: page.nextToken };
    });
    const { services } = await describeServices(ecs, cluster, names);
    const inUse = new Set();
    for (const service of services) {
        if (service.taskDefinition)
            inUse.add(service.taskDefinition);
        for (const deployment of service.deployments ?? [])
            if (deployment.taskDefinition)
                inUse.add(deployment.taskDefinition);
    }
    return inUse;
}
/** Deregisters old revisions of `family` beyond the newest `keep`; returns the ARNs deregistered. */
async function pruneRevisions(deps, cluster, family, keep) {
    const active = await (0,src/* paginate */.En)(async (cursor) => {
        const page = await deps.ecs.listTaskDefinitions({
            familyPrefix: family,
            status: "ACTIVE",
            sort: "DESC",
            maxResults: 100,
            ...(cursor ? { nextToken: cursor } : {}),
        });
        // familyPrefix matches by prefix: keep this family only.
        const items = (page.taskDefinitionArns ?? []).filter((arn) => parseTaskDefinitionArn(arn)?.family === family);
        return { items, next: page.nextToken };
    });
    const doomed = revisionsToDeregister(active, keep, await taskDefinitionsInUse(deps.ecs, cluster));
    for (const arn of doomed) {
        await deps.ecs.deregisterTaskDefinition({ taskDefinition: arn });
        deps.log.info(`Deregistered ${arn}`);
    }
    return doomed;
}

;// CONCATENATED MODULE: ./src/after/after.ts






/**
 * After the roll-out: scheduled tasks follow the new revision; the Datadog bake (a monitor in Alert
 * is a failed roll-out: `conclude` rolls back like any failure); scheduled tasks move back if the
 * run failed; old revisions are pruned on success; a DORA deployment event per updated service.
 */
async function afterRollout(services, plan, request, deps, run, conclude) {
    const results = services.map(({ result }) => result);
    const succeeded = () => overallStatus(results) === "succeeded";
    const { scheduled } = plan;
    // The services run the new revision: their scheduled tasks follow (and run it during the bake too).
    if (scheduled.length > 0 && succeeded()) {
        const revisionOf = (family) => results.find((result) => parseTaskDefinitionArn(result.taskDefinitionArn)?.family === family)?.taskDefinitionArn;
        await deps.log.group("Move scheduled tasks", () => moveScheduledTargets(scheduled, revisionOf, deps));
        const moved = scheduled.filter((target) => target.status === "moved").length;
        if (moved > 0)
            run.mark("scheduled tasks", `${moved} moved to the new revision`);
    }
    const datadog = deps.datadog === undefined ? undefined : { events: [], bake: undefined };
    if (plan.gate !== undefined && deps.datadog !== undefined && datadog !== undefined && succeeded()) {
        const gate = deps.datadog;
        const watched = plan.gate;
        const report = await deps.log.group("Bake", () => bake(gate, request.datadog.monitors ?? { kind: "ids", ids: [] }, watched, { bakeMs: request.datadog.bakeMs, pollIntervalMs: request.pollIntervalMs }, deps));
        datadog.bake = report;
        run.mark("bake", report.ok
            ? `${watched.length} monitor(s) stayed out of Alert for ${(0,src/* humanDuration */.UU)(report.durationMs)}`
            : (report.reason ?? "failed"));
        if (!report.ok) {
            const verdict = { outcome: "failed", reason: report.reason, reasonCode: "monitor", details: {} };
            await deps.log.group("Roll back", () => Promise.all(services.filter(({ result }) => result.updated).map((service) => conclude(service, verdict))));
        }
    }
    if (scheduled.some((target) => target.status === "moved") && !succeeded()) {
        await deps.log.group("Move scheduled tasks back", () => moveScheduledTargetsBack(scheduled, deps));
        run.mark("scheduled tasks", "moved back to the previous revision");
    }
    let deregistered = [];
    if (succeeded() && request.keepRevisions !== undefined) {
        const keep = request.keepRevisions;
        deregistered = await deps.log.group("Prune old revisions", () => pruneAll(results, request.cluster, keep, deps));
        if (deregistered.length > 0)
            run.mark("pruned", `${deregistered.length} old revision(s) deregistered`);
    }
    if (deps.datadog !== undefined && datadog !== undefined) {
        const events = deps.datadog;
        const window = { startedAt: run.started, finishedAt: deps.clock.now() };
        const updated = services.filter(({ result }) => result.updated);
        const deployed = updated.map(({ plan: servicePlan, result }) => ({
            service: result.service,
            attributes: deploymentEventOf({
                name: result.service,
                status: result.status,
                containers: servicePlan.rendered.definition.containerDefinitions ?? [],
            }, request.datadog, deps.context, request.cluster, window),
        }));
        if (deployed.length > 0)
            datadog.events = await deps.log.group("Datadog deployment events", () => sendDeploymentEvents(events, deployed, deps.log));
    }
    return { deregistered, datadog };
}
async function pruneAll(results, cluster, keep, deps) {
    const families = new Set(results
        .filter((result) => result.registered)
        .map((result) => parseTaskDefinitionArn(result.taskDefinitionArn)?.family)
        .filter((family) => family !== undefined));
    const deregistered = [];
    for (const family of families)
        deregistered.push(...(await pruneRevisions(deps, cluster, family, keep)));
    return deregistered;
}

// EXTERNAL MODULE: ./src/report/github-deployment.ts
var github_deployment = __webpack_require__(2207);
// EXTERNAL MODULE: ./src/report/release-notes.ts
var release_notes = __webpack_require__(9887);
;// CONCATENATED MODULE: ./src/rollout/codedeploy.ts





/**
 * The CodeDeploy roll-out, for CODE_DEPLOY services (ECS refuses a task definition change by
 * UpdateService there): CreateDeployment with AppSpec content through core's `exactlyOnce` (a lost
 * answer is read back by this run's description before any retry), then GetDeployment +
 * GetDeploymentTarget per poll until CodeDeploy decides; a rollback CodeDeploy starts by itself is
 * followed to its end; our roll-back is StopDeployment with auto-rollback, followed the same way.
 */
const ACTIVE = new Set(["Created", "Queued", "InProgress", "Ready", "Baking"]);
/** CreateDeployment's refusals, each as what to do. */
function refusal(error, target) {
    if (!(error instanceof Error))
        return undefined;
    switch (error.name) {
        case "DeploymentLimitExceededException":
            return new src/* ActionError */.lZ(`CodeDeploy refused a new deployment: ${error.message}`, {
                hint: `Wait for the active deployment of ${target.group} to finish, or stop it in the CodeDeploy console.`,
            });
        case "InvalidRevisionException":
        case "RevisionRequiredException":
            return new src/* ActionError */.lZ(`CodeDeploy rejected the AppSpec: ${error.message}`, {
                hint: "Check codedeploy-appspec (or the service's load balancer container name and port).",
            });
        case "DeploymentGroupDoesNotExistException":
        case "ApplicationDoesNotExistException":
            return new src/* ActionError */.lZ(`CodeDeploy: ${error.message}`, {
                hint: "Set codedeploy-application and codedeploy-deployment-group to the names that deploy this service.",
            });
        default:
            return undefined;
    }
}
/** Our deployment, if CreateDeployment took effect although its answer was lost. */
async function readBack(port, request, since) {
    const listed = await port.listDeployments({
        applicationName: request.applicationName,
        deploymentGroupName: request.deploymentGroupName,
        createTimeRange: { start: new Date(since - 60_000) },
    });
    for (const id of listed.deployments ?? []) {
        const { deploymentInfo } = await port.getDeployment({ deploymentId: id });
        if (deploymentInfo?.description === request.description)
            return id;
    }
    return undefined;
}
/** When the target's last finished lifecycle event ended (AfterAllowTraffic, once traffic moved). */
function lastEventEnd(target) {
    const ends = (target?.lifecycleEvents ?? []).flatMap((event) => (event.endTime ? [event.endTime.getTime()] : []));
    return ends.length === 0 ? undefined : Math.max(...ends);
}
/** The lifecycle event in progress (or the termination wait once traffic moved). */
function stageOf(info, target) {
    const events = target?.lifecycleEvents ?? [];
    const current = events.find((event) => event.status === "InProgress") ?? events.find((event) => event.status === "Pending");
    if (ACTIVE.has(info.status ?? "") && current === undefined && info.instanceTerminationWaitTimeStarted)
        return "TerminationWait";
    return current?.lifecycleEventName ?? info.status ?? "?";
}
function codeDeployProgressLine(service, info, target, elapsedMs, bakeLeftMs) {
    const set = (label) => target?.taskSetsInfo?.find((candidate) => candidate.taskSetLabel === label);
    const green = set("Green");
    const blue = set("Blue");
    const parts = [
        `CodeDeploy ${info.deploymentId} ${info.status} ${stageOf(info, target)}`,
        bakeLeftMs !== undefined ? `termination wait ${(0,src/* humanDuration */.UU)(Math.max(0, bakeLeftMs))} left` : undefined,
        green === undefined
            ? undefined
            : `green ${green.runningCount ?? 0}/${green.desiredCount ?? 0} running (${green.trafficWeight ?? 0}% of traffic)`,
        blue === undefined
            ? undefined
            : `blue ${blue.runningCount ?? 0}/${blue.desiredCount ?? 0} (${blue.trafficWeight ?? 0}%)`,
    ].filter(Boolean);
    return `[${service}] ${parts.join(", ")} (${(0,src/* humanDuration */.UU)(elapsedMs)})`;
}
/** The verdict on one GetDeployment answer, or undefined while CodeDeploy works. */
function judgeCodeDeploy(info) {
    if (info.status === "Succeeded")
        return { outcome: "succeeded", reason: undefined, reasonCode: undefined, details: {} };
    if (info.status !== "Failed" && info.status !== "Stopped")
        return undefined;
    const error = info.errorInformation;
    const reason = `CodeDeploy ${info.deploymentId} ${info.status}: ${error?.code ?? "?"}: ${error?.message ?? "no error information"}`;
    const alarm = error?.code === "ALARM_ACTIVE" || /alarm/i.test(error?.message ?? "");
    const rollbackId = info.rollbackInfo?.rollbackDeploymentId;
    return {
        outcome: "failed",
        reason: rollbackId === undefined ? reason : `${reason}; CodeDeploy is rolling back (deployment ${rollbackId})`,
        reasonCode: alarm ? "alarm" : info.status === "Stopped" && error?.code === "MANUAL_STOP" ? "stopped" : "codedeploy",
        details: rollbackId === undefined ? {} : { rolledBackBy: "codedeploy", rollbackState: "in-progress" },
    };
}
/** The green task set's id: its tasks carry it as `startedBy` (how their stopped tasks are found). */
function greenTaskSet(target) {
    return target?.taskSetsInfo?.find((set) => set.taskSetLabel === "Green")?.identifer;
}
function codeDeployRollout(context, target) {
    const { deps, name } = context;
    const port = () => {
        if (deps.codeDeploy === undefined)
            throw new src/* ActionError */.lZ("no CodeDeploy client was configured");
        return deps.codeDeploy;
    };
    let deploymentId;
    let startedBy;
    let next = "the new revision";
    /** Polls one CodeDeploy deployment until it ends, the alarms input fires, or the deadline passes. */
    const watch = async (id, deadline, watchAlarms) => {
        const started = deps.clock.now();
        let targetId;
        for (;;) {
            if (deps.signal?.aborted)
                return cancelled(`following CodeDeploy ${id}`);
            const { deploymentInfo: info = {} } = await port().getDeployment({ deploymentId: id });
            targetId ??= (await port().listDeploymentTargets({ deploymentId: id })).targetIds?.[0];
            const ecsTarget = targetId === undefined
                ? undefined
                : (await port().getDeploymentTarget({ deploymentId: id, targetId })).deploymentTarget?.ecsTarget;
            if (watchAlarms)
                startedBy = greenTaskSet(ecsTarget) ?? startedBy;
            const now = deps.clock.now();
            const stage = stageOf(info, ecsTarget);
            const { stages } = context.trace;
            if (watchAlarms && stages.at(-1)?.stage !== stage) {
                stages.push({ stage, at: now });
                if (stages.length > 1)
                    deps.log.info(`[${name}] CodeDeploy ${stage}`);
            }
            // The termination wait starts when the last lifecycle event ended, not when a poll first saw it:
            // from there the bake's end is known, and fast polling starts just before it.
            const waitStart = stage === "TerminationWait" ? (lastEventEnd(ecsTarget) ?? stages.at(-1)?.at) : undefined;
            const bakeLeftMs = waitStart === undefined ? undefined : waitStart + context.strategy.bakeMs - now;
            const verdict = judgeCodeDeploy(info) ?? (watchAlarms ? await alarmsVerdict(deps.cloudWatch, context.alarms) : undefined);
            deps.log.info(codeDeployProgressLine(name, info, ecsTarget, now - started, bakeLeftMs));
            if (verdict !== undefined)
                return verdict;
            const remaining = deadline - deps.clock.now();
            if (remaining <= 0) {
                return {
                    outcome: "timed-out",
                    reason: `CodeDeploy ${id} was still ${stage} after ${(0,src/* humanDuration */.UU)(now - started)}`,
                    reasonCode: "timeout",
                    details: { open: true },
                };
            }
            const near = stage === "AfterAllowTraffic" ||
                (bakeLeftMs !== undefined && bakeLeftMs <= FAST_POLL_MS) ||
                (stage === "TerminationWait" && context.strategy.bakeMs === 0);
            await sleepUnlessCancelled(deps, nextPollMs({ near, timerLeftMs: bakeLeftMs }, context.pollIntervalMs, remaining));
        }
    };
    /** A deployment CodeDeploy rolled back (by itself, or after our stop): the rollback deployment's end. */
    const followRollback = async (verdict, id, deadline) => {
        const { deploymentInfo: info = {} } = await port().getDeployment({ deploymentId: id });
        const rollbackId = info.rollbackInfo?.rollbackDeploymentId;
        if (rollbackId === undefined)
            return verdict;
        const previous = revisionOf(context.previousTaskDefinitionArn);
        deps.log.info(`[${name}] CodeDeploy rolls back with deployment ${rollbackId}; following it to its end`);
        const back = await watch(rollbackId, deadline, false);
        const cause = verdict.reason?.replace(/; CodeDeploy is rolling back.*$/, "") ?? "";
        if (back.outcome === "succeeded")
            return {
                ...verdict,
                outcome: "rolled-back",
                reason: `${cause}; CodeDeploy rolled back to the original task set (${previous})`,
                details: { rolledBackBy: "codedeploy", rollbackState: "succeeded" },
            };
        const state = back.outcome === "timed-out" ? "in-progress" : "failed";
        return {
            ...verdict,
            outcome: "failed",
            reason: `${cause}; CodeDeploy's rollback ${rollbackId} ${state === "failed" ? `failed too: ${back.reason}` : "was still running when the wait ended (not watched to the end)"}`,
            details: { rolledBackBy: "codedeploy", rollbackState: state },
        };
    };
    return {
        kind: "codedeploy",
        get deploymentId() {
            return deploymentId;
        },
        serviceDeploymentArn: undefined,
        get taskStartedBy() {
            return startedBy;
        },
        async start(taskDefinitionArn) {
            next = revisionOf(taskDefinitionArn);
            const request = {
                applicationName: target.application,
                deploymentGroupName: target.group,
                revision: { revisionType: "AppSpecContent", appSpecContent: { content: target.appSpec(taskDefinitionArn) } },
                description: `sre-actions/ecs-deploy ${deps.runUrl} ${name} ${taskDefinitionArn}`.slice(0, 512),
            };
            const since = deps.clock.now();
            try {
                deploymentId = await (0,src/* exactlyOnce */._9)({
                    what: `create the CodeDeploy deployment of ${name}`,
                    attempt: async () => {
                        const { deploymentId: id } = await port().createDeployment(request);
                        if (id === undefined)
                            throw new src/* ActionError */.lZ("CodeDeploy CreateDeployment returned no deployment id");
                        return id;
                    },
                    readBack: () => readBack(port(), request, since),
                    clock: deps.clock,
                    log: deps.log,
                    attempts: 3,
                });
            }
            catch (error) {
                throw refusal(error, target) ?? error;
            }
            deps.log.info(`[${name}] CodeDeploy deployment ${deploymentId} started on ${next}`);
        },
        async follow(deadline) {
            if (deploymentId === undefined)
                throw new src/* ActionError */.lZ(`no CodeDeploy deployment of ${name} was started`);
            const verdict = await watch(deploymentId, deadline, true);
            if (verdict.details.rollbackState !== "in-progress")
                return verdict;
            return followRollback(verdict, deploymentId, rollbackDeadline(context, deps.clock.now()));
        },
        async rollBack(deadline) {
            const id = deploymentId;
            if (id === undefined)
                throw new src/* ActionError */.lZ(`no CodeDeploy deployment of ${name} to roll back`);
            deps.log.info(`[${name}] stopping CodeDeploy ${id} with rollback`);
            try {
                await port().stopDeployment({ deploymentId: id, autoRollbackEnabled: true });
            }
            catch (error) {
                if (!(error instanceof Error) || error.name !== "DeploymentAlreadyCompletedException")
                    throw error;
            }
            const stopped = await watch(id, deadline, false);
            if (stopped.outcome === "succeeded")
                return {
                    outcome: "failed",
                    reason: "CodeDeploy finished the deployment first",
                    reasonCode: undefined,
                    details: {},
                    deploymentId: id,
                };
            const back = await followRollback(stopped, id, deadline);
            if (back.outcome === "rolled-back")
                return { outcome: "succeeded", reason: undefined, reasonCode: undefined, details: {}, deploymentId: id };
            return { ...back, deploymentId: id };
        },
    };
}

;// CONCATENATED MODULE: ./src/rollout/service-deployment.ts








/**
 * ECS's own record of a deployment (ListServiceDeployments / DescribeServiceDeployments, since
 * October 2024): status, lifecycle stage, bake, pause hooks, revision counts, circuit breaker and
 * alarms. Used for every ECS-controller strategy, rolling included, where the plan found the API.
 * ECS is eventually consistent: a deployment UpdateService just created may stay invisible for a
 * moment, so a read that finds nothing is retried, and after VISIBILITY_MS handed to the
 * `deployments[]` judge — never taken as a failure, never a reason to stop or roll back.
 */
/** How long a just-created service deployment may stay invisible before we judge from deployments[]. */
const VISIBILITY_MS = 60_000;
const FINISHED = new Set(["SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"]);
function notFound(error) {
    return error instanceof Error && error.name === "ServiceDeploymentNotFoundException";
}
function stageIndex(stage) {
    return stage === undefined ? -1 : plan_strategy/* LIFECYCLE_STAGES */.tJ.indexOf(stage);
}
/** Why ECS failed the deployment, in its own terms: which alarm, the circuit breaker, the hook, the reason. */
function failureOf(record) {
    const parts = [];
    const alarms = record.alarms?.triggeredAlarmNames ?? [];
    if (alarms.length > 0)
        parts.push(`alarm ${alarms.join(", ")} in ALARM`);
    const breaker = record.deploymentCircuitBreaker;
    if (breaker?.status === "TRIGGERED") {
        parts.push(`circuit breaker: ${breaker.failureCount ?? 0} failed tasks (threshold ${breaker.threshold ?? "?"})`);
    }
    const reason = (record.statusReason ?? record.rollback?.reason)?.replace(/\.$/, "");
    if (reason !== undefined && !parts.some((part) => reason.includes(part)))
        parts.push(reason);
    return parts.length > 0 ? parts.join("; ") : `ECS ended the deployment ${record.status}`;
}
/** The machine-readable cause of a failed record. */
function causeOf(record) {
    if ((record.alarms?.triggeredAlarmNames ?? []).length > 0)
        return "alarm";
    if (record.deploymentCircuitBreaker?.status === "TRIGGERED")
        return "circuit-breaker";
    const reason = `${record.statusReason ?? ""} ${record.rollback?.reason ?? ""}`;
    if (/lifecycle hook/i.test(reason) || (record.lifecycleHookDetails ?? []).some((hook) => hook.status === "FAILED"))
        return "hook";
    if (/circuit breaker/i.test(reason))
        return "circuit-breaker";
    if (/alarm/i.test(reason))
        return "alarm";
    return record.status === "STOPPED" ? "stopped" : "rolled-back-by-ecs";
}
/** The PAUSE hook the record waits at, if any. */
function pauseOf(record) {
    const hook = (record.lifecycleHookDetails ?? []).find((detail) => detail.status === "AWAITING_ACTION");
    if (hook?.hookId === undefined || record.serviceDeploymentArn === undefined)
        return undefined;
    return {
        serviceDeploymentArn: record.serviceDeploymentArn,
        hookId: hook.hookId,
        stage: record.lifecycleStage ?? "?",
        expiresAt: hook.expiresAt === undefined ? undefined : new Date(hook.expiresAt).toISOString(),
        timeoutAction: hook.timeoutAction,
    };
}
/** What runs now, in task definition revisions: after a failed rollback the truth is in the counts. */
function runningNow(record, revisions) {
    const target = record.targetServiceRevision?.runningTaskCount ?? 0;
    const source = (record.sourceServiceRevisions ?? []).reduce((sum, rev) => sum + (rev.runningTaskCount ?? 0), 0);
    return `now running: ${target} task(s) of ${revisions.next}, ${source} of ${revisions.previous}`;
}
/**
 * The verdict on one DescribeServiceDeployments snapshot, or undefined to keep waiting. Pure.
 * SUCCESSFUL succeeded; ROLLBACK_SUCCESSFUL rolled back (by ECS, or at our request); STOPPED and
 * ROLLBACK_FAILED failed; while ECS rolls back by itself the verdict says so (`in-progress`) and
 * the follower watches the rollback to its end. A stage (`wait-until`) or a PAUSE hook
 * (`wait-until: paused`) reached while IN_PROGRESS ends the wait early.
 */
function judgeRecord(record, options) {
    const { previous } = options.revisions;
    const rollingBack = options.rollingBack === true;
    switch (record.status) {
        case "SUCCESSFUL":
            if (rollingBack)
                return {
                    outcome: "failed",
                    reason: "the deployment finished before the rollback could stop it",
                    reasonCode: undefined,
                    details: {},
                };
            return { outcome: "succeeded", reason: undefined, reasonCode: undefined, details: {} };
        case "ROLLBACK_SUCCESSFUL":
            if (rollingBack)
                return { outcome: "succeeded", reason: undefined, reasonCode: undefined, details: {} };
            return {
                outcome: "rolled-back",
                reason: `${failureOf(record)}; ECS rolled back to ${previous}`,
                reasonCode: causeOf(record),
                details: { rolledBackBy: "ecs", rollbackState: "succeeded" },
            };
        case "ROLLBACK_FAILED":
            return {
                outcome: "failed",
                reason: `${rollingBack ? "the rollback failed" : `${failureOf(record)}; ECS's rollback to ${previous} failed too`} (${runningNow(record, options.revisions)})`,
                reasonCode: causeOf(record),
                details: rollingBack ? {} : { rolledBackBy: "ecs", rollbackState: "failed" },
            };
        case "STOPPED":
            return { outcome: "failed", reason: failureOf(record), reasonCode: causeOf(record), details: {} };
        case "ROLLBACK_REQUESTED":
        case "ROLLBACK_IN_PROGRESS":
            if (rollingBack)
                return undefined;
            return {
                outcome: "failed",
                reason: `${failureOf(record)}; ECS is rolling back to ${previous}`,
                reasonCode: causeOf(record),
                details: { rolledBackBy: "ecs", rollbackState: "in-progress" },
            };
    }
    if (rollingBack)
        return undefined;
    const breaker = record.deploymentCircuitBreaker;
    if (breaker?.status === "DISABLED" && record.status === "IN_PROGRESS") {
        // Without a circuit breaker ECS retries forever; stop at ECS's own threshold (½ desired, 3–200).
        const failed = overFailureThreshold(breaker.failureCount ?? 0, record.targetServiceRevision?.requestedTaskCount ?? 0);
        if (failed !== undefined)
            return { ...failed, details: { open: true } };
    }
    if (record.status !== "IN_PROGRESS")
        return undefined;
    const pause = pauseOf(record);
    if (options.waitUntil === "paused" && pause !== undefined)
        return {
            outcome: "paused",
            reason: undefined,
            reasonCode: undefined,
            stage: pause.stage,
            details: { open: true, pause },
        };
    if (options.waitUntil !== "stable" &&
        options.waitUntil !== "paused" &&
        stageIndex(record.lifecycleStage) >= stageIndex(options.waitUntil)) {
        return {
            outcome: "succeeded",
            reason: undefined,
            reasonCode: undefined,
            stage: record.lifecycleStage ?? options.waitUntil,
            details: { open: true },
        };
    }
    return undefined;
}
function counts(summary) {
    return `${summary?.runningTaskCount ?? 0}/${summary?.requestedTaskCount ?? 0}`;
}
/** One poll's line: status, stage, pause, bake left, target and source counts, failures, alarms. */
function recordProgressLine(service, record, elapsedMs, bakeLeftMs, now = Date.now()) {
    const target = record.targetServiceRevision;
    const sources = record.sourceServiceRevisions ?? [];
    const source = sources.reduce((sum, revision) => ({
        runningTaskCount: sum.runningTaskCount + (revision.runningTaskCount ?? 0),
        requestedTaskCount: sum.requestedTaskCount + (revision.requestedTaskCount ?? 0),
    }), { runningTaskCount: 0, requestedTaskCount: 0 });
    const weight = target?.requestedProductionTrafficWeight;
    const pause = pauseOf(record);
    const parts = [
        `${counts(target)} running${weight !== undefined ? ` (${weight}% of traffic)` : ""}`,
        `${target?.pendingTaskCount ?? 0} pending`,
        [record.status, record.lifecycleStage].filter(Boolean).join(" "),
        pause === undefined ? undefined : `paused at ${pause.stage}${pauseLeft(pause, now)}`,
        bakeLeftMs !== undefined ? `bake ${(0,src/* humanDuration */.UU)(Math.max(0, bakeLeftMs))} left` : undefined,
        sources.length > 0 ? `source ${counts(source)} running` : undefined,
        record.deploymentCircuitBreaker?.failureCount
            ? `${record.deploymentCircuitBreaker.failureCount} failed (threshold ${record.deploymentCircuitBreaker.threshold ?? "?"})`
            : undefined,
        (record.alarms?.triggeredAlarmNames ?? []).length > 0
            ? `in ALARM: ${record.alarms?.triggeredAlarmNames?.join(", ")}`
            : undefined,
    ].filter(Boolean);
    return `[${service}] ${parts.join(", ")} (${(0,src/* humanDuration */.UU)(elapsedMs)})`;
}
/** ", hook times out in 42m (then ROLLBACK)" */
function pauseLeft(pause, now) {
    if (pause.expiresAt === undefined)
        return "";
    const left = Date.parse(pause.expiresAt) - now;
    return `, hook times out in ${(0,src/* humanDuration */.UU)(Math.max(0, left))}${pause.timeoutAction ? ` (then ${pause.timeoutAction})` : ""}`;
}
/**
 * Poll pacing from a snapshot. Fast (every 2.5 s) whenever ECS may decide any moment: a rolling
 * rollout or a scale-up (tasks start, fail, trip the breaker), clean-up, a rollback, the stage
 * before `wait-until`, the end of a bake; poll-interval through hook stages and pauses; slow through a long bake.
 */
function hintOf(record, waitUntil, bakeLeftMs) {
    const stage = record.lifecycleStage;
    if (record.status !== "IN_PROGRESS" && record.status !== "PENDING")
        return { near: true }; // rolling back
    if (waitUntil === "paused")
        return { near: true };
    if (pauseOf(record) !== undefined)
        return { near: false };
    if (stage === undefined || stage === "SCALE_UP" || stage === "CLEAN_UP")
        return { near: true };
    if (waitUntil !== "stable" && stageIndex(stage) >= stageIndex(waitUntil) - 1)
        return { near: true };
    if (stage === "BAKE_TIME" && bakeLeftMs !== undefined)
        return { near: bakeLeftMs <= FAST_POLL_MS, timerLeftMs: bakeLeftMs };
    return { near: false };
}
/** Our service deployment: UpdateService names it, else the newest ListServiceDeployments shows since the update. */
async function locate(context, service, updatedAt) {
    if (service?.currentServiceDeployment !== undefined)
        return service.currentServiceDeployment;
    const { ecs, clock } = context.deps;
    for (;;) {
        try {
            const listed = await ecs.listServiceDeployments({
                cluster: context.cluster,
                service: context.name,
                // A minute of slack for clock skew between the runner and ECS.
                createdAt: { after: new Date(updatedAt - 60_000) },
            });
            const newest = [...(listed.serviceDeployments ?? [])].sort((a, b) => time(b.createdAt) - time(a.createdAt))[0];
            if (newest?.serviceDeploymentArn !== undefined)
                return newest.serviceDeploymentArn;
        }
        catch (error) {
            if (apiUnavailable(error))
                return undefined;
            throw error;
        }
        // Not visible yet (eventual consistency): look again for a bounded time.
        if (clock.now() - updatedAt >= VISIBILITY_MS)
            return undefined;
        if (await sleepUnlessCancelled(context.deps, FAST_POLL_MS))
            return undefined;
    }
}
async function followRecord(context, arn, deadline, mode) {
    const { deps, trace, name } = context;
    const { clock, log } = deps;
    const started = clock.now();
    const { waitUntil, rollingBack, revisions } = mode;
    let until = deadline;
    let ecsRollingBack = false;
    let eventsAt = started;
    let record;
    const readEvents = async () => {
        eventsAt = clock.now();
        const service = await describeService(deps.ecs, context.cluster, name);
        for (const event of service === undefined ? [] : newEvents(service, trace.seen)) {
            log.info(`[${name}] event: ${event.message}`);
            trace.events.push(event.message ?? "");
        }
    };
    for (;;) {
        if (deps.signal?.aborted)
            return { ...cancelled(`following ${shortName(arn)}`), record };
        let found;
        try {
            found = (await deps.ecs.describeServiceDeployments({ serviceDeploymentArns: [arn] })).serviceDeployments?.[0];
        }
        catch (error) {
            if (!notFound(error))
                throw error;
        }
        const now = clock.now();
        if (found === undefined) {
            if (record === undefined && now - started < VISIBILITY_MS) {
                if (await sleepUnlessCancelled(deps, FAST_POLL_MS))
                    continue;
                continue;
            }
            return { outcome: "timed-out", reason: undefined, reasonCode: undefined, details: {}, invisible: true };
        }
        record = found;
        const label = record.lifecycleStage ?? record.status ?? "?";
        if (trace.stages.at(-1)?.stage !== label) {
            trace.stages.push({ stage: label, at: now });
            if (trace.stages.length > 1)
                log.info(`[${name}] stage ${label}`);
        }
        const bakeStart = record.lifecycleStage === "BAKE_TIME" ? trace.stages.at(-1)?.at : undefined;
        const bakeLeftMs = bakeStart === undefined ? undefined : bakeStart + context.strategy.bakeMs - now;
        let verdict = judgeRecord(record, { waitUntil, rollingBack, revisions });
        if (verdict === undefined && mode.watchAlarms && !FINISHED.has(record.status ?? "")) {
            verdict = await alarmsVerdict(deps.cloudWatch, context.alarms);
        }
        if (verdict?.details.rollbackState === "in-progress") {
            // ECS decided; the true end state is its rollback's end. Watch it within the roll-back deadline.
            if (!ecsRollingBack) {
                ecsRollingBack = true;
                until = rollbackDeadline(context, now);
                log.info(`[${name}] ${verdict.reason}; following ECS's rollback to its end`);
            }
            if (now < until)
                verdict = undefined;
            else
                verdict = {
                    ...verdict,
                    reason: `${verdict.reason} (still rolling back when the wait ended; not watched to the end)`,
                };
        }
        const hint = hintOf(record, waitUntil, bakeLeftMs);
        // Service events every poll-interval, or every FAST_EVENTS_MS while polling fast, so a
        // service stays under one describe call per 2 s.
        const eventsEvery = hint.near ? Math.max(context.pollIntervalMs, FAST_EVENTS_MS) : context.pollIntervalMs;
        if (verdict !== undefined || now - eventsAt >= eventsEvery)
            await readEvents();
        log.info(recordProgressLine(name, record, now - started, bakeLeftMs, now));
        if (verdict !== undefined)
            return { ...verdict, record };
        const remaining = until - clock.now();
        if (remaining <= 0) {
            return {
                outcome: "timed-out",
                reason: `service deployment ${shortName(arn)} did not finish within ${(0,src/* humanDuration */.UU)(clock.now() - started)} (still ${label})`,
                reasonCode: "timeout",
                details: { open: !FINISHED.has(record.status ?? "") },
                record,
            };
        }
        await sleepUnlessCancelled(deps, nextPollMs(hint, context.pollIntervalMs, remaining));
    }
}
function serviceDeploymentRollout(context) {
    const { deps, name } = context;
    let arn;
    let next = "the new revision";
    let deploymentId;
    let startedBy;
    /** The last record seen, and whether ECS still runs the deployment (a rollback then stops it). */
    let last;
    let open = false;
    let told = false;
    // Where the record cannot be found, the same service is judged from deployments[].
    const fallback = deploymentsRollout(context);
    const update = async (taskDefinition, extras) => {
        const updatedAt = deps.clock.now();
        const response = await deps.ecs.updateService({
            cluster: context.cluster,
            service: name,
            taskDefinition,
            ...(extras?.forceNewDeployment ? { forceNewDeployment: true } : {}),
            ...(extras?.desiredCount !== undefined ? { desiredCount: extras.desiredCount } : {}),
        });
        for (const event of response.service ? newEvents(response.service, context.trace.seen) : [])
            context.trace.events.push(event.message ?? "");
        const primary = response.service?.deployments?.find((deployment) => deployment.status === "PRIMARY");
        return { response, primaryId: primary?.id, updatedAt };
    };
    const followArn = async (target, deadline, role) => {
        if (target === undefined)
            return handOver(deadline);
        const previous = revisionOf(context.previousTaskDefinitionArn);
        const followed = await followRecord(context, target, deadline, {
            waitUntil: role === "rollout" ? context.waitUntil : "stable",
            rollingBack: role === "stop-rollback",
            watchAlarms: role === "rollout",
            // A roll-back by a new deployment goes from the new revision to the previous one.
            revisions: role === "redeploy-rollback" ? { previous: next, next: previous } : { previous, next },
        });
        if (followed.invisible === true)
            return handOver(deadline);
        last = followed.record;
        open = followed.details.open === true || (last !== undefined && !FINISHED.has(last.status ?? ""));
        const { record: _record, invisible: _invisible, ...verdict } = followed;
        return verdict;
    };
    const handOver = (deadline) => {
        if (!told) {
            told = true;
            deps.log.info(`[${name}] ECS does not show the service deployment${arn ? ` ${shortName(arn)}` : ""} (the service-deployment API is eventually consistent, or missing here); judging from DescribeServices deployments[] instead`);
        }
        return fallback.follow(deadline);
    };
    return {
        kind: "service-deployment",
        get deploymentId() {
            return deploymentId;
        },
        get serviceDeploymentArn() {
            return arn;
        },
        get taskStartedBy() {
            return startedBy;
        },
        async start(taskDefinitionArn) {
            next = revisionOf(taskDefinitionArn);
            const { response, primaryId, updatedAt } = await update(taskDefinitionArn, context.update);
            deploymentId = primaryId;
            startedBy = primaryId;
            fallback.adopt(primaryId, taskDefinitionArn);
            arn = await locate(context, response.service, updatedAt);
        },
        follow(deadline) {
            return followArn(arn, deadline, "rollout");
        },
        async resume(target, action) {
            arn = target.serviceDeploymentArn;
            if (target.pause !== undefined) {
                try {
                    await deps.ecs.continueServiceDeployment({ serviceDeploymentArn: arn, hookId: target.pause.hookId, action });
                    deps.log.info(`[${name}] ContinueServiceDeployment ${action} at ${target.pause.stage} (hook ${target.pause.hookId})`);
                }
                catch (error) {
                    // Someone (or the hook's timeout) acted first: follow what ECS does now; the verdict says how it ended.
                    if (!(error instanceof Error) || !/ClientException|InvalidParameterException/.test(error.name))
                        throw error;
                    deps.log.warning(`[${name}] the pause at ${target.pause.stage} no longer waits (${error.message}); following the deployment to its verdict`);
                }
            }
            const service = await describeService(deps.ecs, context.cluster, name);
            const primary = service?.deployments?.find((deployment) => deployment.status === "PRIMARY");
            deploymentId = primary?.id;
            startedBy = deploymentId;
            next = revisionOf(primary?.taskDefinition);
            fallback.adopt(primary?.id, primary?.taskDefinition ?? "");
        },
        async rollBack(deadline) {
            if (arn !== undefined && open) {
                deps.log.info(`[${name}] rolling back: StopServiceDeployment ROLLBACK on ${shortName(arn)}`);
                try {
                    await deps.ecs.stopServiceDeployment({ serviceDeploymentArn: arn, stopType: "ROLLBACK" });
                    const verdict = await followArn(arn, deadline, "stop-rollback");
                    if (verdict.outcome === "succeeded" || verdict.reasonCode === "cancelled")
                        return { ...verdict, deploymentId: arn };
                }
                catch (error) {
                    // Finished meanwhile: roll back with a new deployment of the previous revision below.
                    if (!(error instanceof Error) || !/NotFound|InvalidParameter|ClientException|Conflict/.test(error.name))
                        throw error;
                }
            }
            deps.log.info(`[${name}] rolling back to ${revisionOf(context.previousTaskDefinitionArn)}`);
            const { response, primaryId, updatedAt } = await update(context.previousTaskDefinitionArn, undefined);
            fallback.adopt(primaryId, context.previousTaskDefinitionArn);
            const back = await locate(context, response.service, updatedAt);
            const verdict = await followArn(back, deadline, "redeploy-rollback");
            return { ...verdict, deploymentId: back ?? primaryId };
        },
    };
}

;// CONCATENATED MODULE: ./src/rollout/choose.ts



/** The one decision of how a service rolls out, made once, from what the plan found. */
function chooseRollout(context) {
    if (context.strategy.codeDeploy !== undefined)
        return codeDeployRollout(context, context.strategy.codeDeploy);
    if (context.strategy.serviceDeployments)
        return serviceDeploymentRollout(context);
    return deploymentsRollout(context);
}

;// CONCATENATED MODULE: ./src/run.ts









function runLog(deps, timeoutMs) {
    const started = deps.clock.now();
    const timeline = [];
    return {
        started,
        deadline: started + timeoutMs,
        timeline,
        mark: (step, detail) => timeline.push({ at: deps.clock.now(), step, detail }),
    };
}
function serviceRun(plan, strategy, inputs, deps) {
    if (strategy === undefined)
        throw new src/* ActionError */.lZ(`no deploy strategy was planned for ${plan.name}`);
    // What the service ran before: the described revision (a deploy), or the source of a paused deployment (resume).
    const previous = plan.current.taskDefinitionArn ?? plan.service.taskDefinition ?? "";
    const result = {
        service: plan.name,
        previousTaskDefinitionArn: previous,
        taskDefinitionArn: plan.existing ?? previous,
        registered: false,
        updated: false,
        deploymentId: undefined,
        status: "succeeded",
        reason: undefined,
        reasonCode: undefined,
        changes: plan.changes,
        diff: plan.diff,
        events: [],
        stoppedTasks: [],
        rollback: undefined,
        consoleUrl: consoleUrl(deps.region, inputs.cluster, plan.name),
        strategy: strategy.strategy,
        stages: [],
        bakeMs: strategy.bakeMs,
        stageReached: undefined,
        serviceDeploymentArn: undefined,
        paused: undefined,
    };
    const context = {
        cluster: inputs.cluster,
        service: plan.service,
        name: plan.name,
        previousTaskDefinitionArn: previous,
        strategy,
        waitUntil: inputs.strategy.waitUntil,
        alarms: inputs.strategy.alarms,
        pollIntervalMs: inputs.pollIntervalMs,
        rollbackBudgetMs: inputs.timeoutMs,
        update: { desiredCount: inputs.desiredCount, forceNewDeployment: inputs.forceNewDeployment },
        trace: {
            events: result.events,
            stages: result.stages,
            seen: new Set((plan.service.events ?? []).map((event) => event.id ?? "")),
        },
        deps: { ...deps, runUrl: deps.context.runUrl },
    };
    return { plan, strategy, rollout: chooseRollout(context), context, result };
}
/**
 * One service: launch (start the new revision, or act on its paused deployment), follow it to a
 * verdict, and conclude.
 */
async function rollOut(service, launch, request, deps, run) {
    const { plan, rollout, result } = service;
    if (!plan.update) {
        deps.log.info(`[${plan.name}] already runs ${revisionOf(result.taskDefinitionArn)}; nothing to deploy`);
        return;
    }
    let verdict;
    try {
        deps.journal?.inFlight(`deploy:${plan.name}`, `${plan.name}: deployment of ${revisionOf(result.taskDefinitionArn)} starting`);
        await launch(service);
        result.updated = true;
        deps.journal?.inFlight(`deploy:${plan.name}`, `${plan.name}: deployment ${rollout.deploymentId ?? "?"} of ${revisionOf(result.taskDefinitionArn)} in progress (ECS goes on without the run)`);
        result.deploymentId = rollout.deploymentId;
        result.serviceDeploymentArn = rollout.serviceDeploymentArn;
        run.mark("service updated", `${plan.name}: deployment ${rollout.deploymentId ?? "?"}`);
        deps.log.info(`[${plan.name}] deployment ${rollout.deploymentId ?? "?"} started on ${revisionOf(result.taskDefinitionArn)}`);
        if (!request.wait)
            return;
        verdict = await rollout.follow(run.deadline);
    }
    catch (error) {
        verdict = errorVerdict(error, result.updated);
    }
    run.mark("rollout", `${plan.name}: ${verdict.outcome}`);
    await conclude(service, verdict, request.rollback, deps, run);
}
/** An error, worded as what to do; after the update the deployment's state is unknown, so nothing is undone on a guess. */
function errorVerdict(error, updated) {
    const explained = (0,src/* explainError */.UW)(error);
    const message = explained?.message ?? (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    const hint = explained?.hint === undefined ? "" : ` (${explained.hint})`;
    return {
        outcome: "failed",
        reason: updated
            ? `lost track of the deployment: ${message}${hint}; it may still be running, check the ECS console`
            : `${message}${hint}`,
        reasonCode: "error",
        details: {},
    };
}
/**
 * The one place a verdict becomes a service's result: the stage reached or the pause, else the
 * diagnosis (every roll-out kind), the roll-back when asked for, and the reducer's status and reason.
 */
async function conclude(service, verdict, rollback, deps, run) {
    const { plan, rollout, result, context } = service;
    result.serviceDeploymentArn = rollout.serviceDeploymentArn ?? result.serviceDeploymentArn;
    if (verdict.outcome === "succeeded" || verdict.outcome === "paused") {
        result.stageReached = verdict.stage;
        result.paused = verdict.details.pause;
        Object.assign(result, settle(verdict, undefined, result.previousTaskDefinitionArn));
        deps.journal?.settled(`deploy:${plan.name}`, `${plan.name}: ${result.status} on ${revisionOf(result.taskDefinitionArn)}`);
        if (verdict.stage !== undefined && verdict.outcome === "succeeded")
            deps.log.info(`[${plan.name}] reached ${verdict.stage}; not waiting for the rest (wait-until)`);
        return;
    }
    const diagnosis = rollout.taskStartedBy === undefined
        ? { tasks: [], note: undefined }
        : await diagnoseDeployment(deps, context.cluster, plan.name, rollout.taskStartedBy, plan.rendered.definition.containerDefinitions ?? []);
    result.stoppedTasks = diagnosis.tasks;
    let back;
    if (rollback &&
        result.updated &&
        wantsRollback(verdict) &&
        result.previousTaskDefinitionArn !== result.taskDefinitionArn &&
        !deps.signal?.aborted) {
        try {
            const rolled = await rollout.rollBack(rollbackDeadline(context, deps.clock.now()));
            result.rollback = { deploymentId: rolled.deploymentId, outcome: rolled.outcome, reason: rolled.reason };
            back = rolled;
        }
        catch (error) {
            back = errorVerdict(error, true);
            result.rollback = { deploymentId: undefined, outcome: "failed", reason: back.reason };
        }
        run.mark("rollback", `${plan.name}: ${back.outcome}`);
    }
    Object.assign(result, settle(verdict, back, result.previousTaskDefinitionArn));
    if (verdict.reasonCode !== "cancelled")
        deps.journal?.settled(`deploy:${plan.name}`, `${plan.name}: ${result.status} (${revisionOf(result.taskDefinitionArn)})`);
    explainFailure(result, diagnosis.note, deps.log);
}
/** "BLUE_GREEN, bake 10m" for the GitHub deployment status. */
function strategySummary(services) {
    const first = services[0]?.result;
    if (first === undefined)
        return "";
    const stage = first.paused !== undefined
        ? `, paused at ${first.paused.stage}`
        : first.stageReached === undefined
            ? ""
            : `, stopped waiting at ${first.stageReached}`;
    return ` (${first.strategy}${first.bakeMs > 0 ? `, bake ${(0,src/* humanDuration */.UU)(first.bakeMs)}` : ""}${stage})`;
}
function reasonOf(services) {
    return services
        .filter(({ result }) => result.reason !== undefined)
        .map(({ result }) => `${result.service}: ${result.reason}`)
        .join("; ");
}
/** Builds the run's result from what the steps recorded. */
function finisher(run, plan, services, cluster, deps, tracker) {
    return (end) => {
        const results = services.map(({ result }) => result);
        return {
            status: end.status,
            reason: end.reason ?? (reasonOf(services) || undefined),
            reasonCode: end.reasonCode ?? overallReasonCode(results),
            services: results,
            runTask: end.runTask,
            deregistered: end.deregistered ?? [],
            timeline: run.timeline,
            durationMs: deps.clock.now() - run.started,
            cluster,
            datadog: end.datadog ?? (deps.datadog === undefined ? undefined : { events: [], bake: undefined }),
            scheduled: plan.scheduled,
            asleep: plan.asleep.map(({ service, why, action }) => ({ service, why, action })),
            woken: end.woken ?? [],
            promoted: plan.promoted,
            releaseNotes: end.releaseNotes,
            images: Object.fromEntries(plan.images),
            githubDeploymentId: tracker?.id,
        };
    };
}
/** The GitHub deployment of this run, when github-environment is set. */
function trackerOf(inputs, deps) {
    return inputs.githubEnvironment !== undefined && deps.github !== undefined
        ? (0,github_deployment/* githubDeploymentTracker */.N)(deps.github, deps.context, deps.log, deps.clock)
        : undefined;
}
/**
 * After the roll-out, in both pipelines. Paused at a hook: nothing is final yet, so the GitHub
 * deployment stays in progress and the after-steps wait for `mode: continue`. Otherwise the
 * after-steps (scheduled tasks, bake, prune, events) and the final GitHub status.
 */
async function land(services, plan, inputs, deps, run, tracker) {
    if (overallStatus(services.map(({ result }) => result)) === "paused") {
        const paused = services.flatMap(({ result }) => (result.paused === undefined ? [] : [result.paused.stage]));
        await tracker?.progress(`Paused at ${[...new Set(paused)].join(", ")}; waiting for mode: continue`);
        run.mark("paused", [...new Set(paused)].join(", "));
        return { status: "paused", deregistered: [], datadog: undefined };
    }
    const after = await afterRollout(services, plan, {
        cluster: inputs.cluster,
        keepRevisions: inputs.keepRevisions,
        pollIntervalMs: inputs.pollIntervalMs,
        datadog: inputs.datadog,
    }, deps, run, (service, verdict) => conclude(service, verdict, inputs.rollback, deps, run));
    const status = overallStatus(services.map(({ result }) => result));
    await tracker?.finish(status === "succeeded" ? "success" : "failure", status === "succeeded" ? `Deployed${strategySummary(services)}` : reasonOf(services));
    run.mark("done", status);
    return { status, ...after };
}
/**
 * The pull requests this deployment ships, read before this run's GitHub deployment exists (so it
 * is never its own base); a GitHub failure is a warning, never a failed deploy.
 */
async function readReleaseNotes(inputs, deps, currentDeploymentId) {
    if (deps.releaseNotes === undefined || inputs.githubEnvironment === undefined)
        return undefined;
    const port = deps.releaseNotes;
    const environment = inputs.githubEnvironment;
    return deps.log.group("Release notes", async () => {
        const notes = await (0,release_notes/* releaseNotesOrWarning */.u1)(port, { environment, sha: deps.context.sha, ...(currentDeploymentId === undefined ? {} : { currentDeploymentId }) }, deps);
        if (notes !== undefined)
            deps.log.info(notes.summary);
        return notes;
    });
}
/** What the GitHub deployment carries: the release notes (capped: payloads are not meant for books). */
function deploymentDetails(notes, images = new Map()) {
    const shipped = [...images].map(([image, facts]) => ({ image, tags: facts.tags, digest: facts.digest }));
    if (notes === undefined && shipped.length === 0)
        return undefined;
    return {
        ...(shipped.length > 0 ? { images: shipped } : {}),
        ...(notes === undefined
            ? {}
            : { releaseNotes: notes.markdown.slice(0, 30_000), pulls: notes.pulls.map((pull) => pull.number) }),
    };
}
/**
 * The start both pipelines share: one record per service, the release notes (read before this
 * run's GitHub deployment exists), the tracker, and a finisher that carries the notes; a dry run
 * ends here.
 */
async function beginRun(plan, inputs, deps, run, currentDeploymentId) {
    const services = plan.services.map((service, index) => serviceRun(service, plan.strategies[index], inputs, deps));
    const releaseNotes = await readReleaseNotes(inputs, deps, currentDeploymentId);
    const tracker = trackerOf(inputs, deps);
    const finishRun = finisher(run, plan, services, inputs.cluster, deps, tracker);
    const finish = (end) => finishRun({ releaseNotes, ...end });
    if (inputs.dryRun)
        for (const { result } of services)
            result.status = "dry-run";
    return { services, releaseNotes, tracker, finish, dryRun: inputs.dryRun ? finish({ status: "dry-run" }) : undefined };
}
/** Every service in parallel in one log group: launch, follow, conclude. */
async function rollOutAll(group, services, launch, inputs, deps, run) {
    const request = { wait: inputs.wait, rollback: inputs.rollback };
    await deps.log.group(group, async () => {
        await Promise.all(services.map((service) => rollOut(service, launch, request, deps, run)));
    });
}

;// CONCATENATED MODULE: ./src/deploy.ts






/**
 * The whole deployment, as the pipeline it is: plan (read-only) → register → one-off task → wake
 * → roll out → after (scheduled tasks, bake, prune, events) → finish. Each step gets only what it
 * needs from the inputs; each service's roll-out was chosen once, in the plan.
 */
async function deploy(inputs, deps) {
    const run = runLog(deps, inputs.timeoutMs);
    const plan = await planDeploy(inputs, deps, run.deadline);
    run.mark("planned", `${plan.services.length} service(s)`);
    const { services, releaseNotes, tracker, finish, dryRun } = await beginRun(plan, inputs, deps, run);
    if (dryRun !== undefined)
        return dryRun;
    await tracker?.start(inputs.githubEnvironment ?? "", releaseNotes?.summary ?? `Deploying ${inputs.services.join(", ")}`, services[0]?.result.consoleUrl ?? "", deploymentDetails(releaseNotes, plan.images));
    await deps.log.group("Register task definitions", () => registerAll(services, deps, run.mark));
    const logs = containerLogs(inputs.datadog.logSource, inputs.datadog.site, deps);
    const runTask = await runOneOff(oneOffRequest(inputs, plan, services), { ...deps, containerLogs: logs }, run);
    if (runTask !== undefined && !runTask.ok) {
        const reasonCode = deps.signal?.aborted ? "cancelled" : "run-task-exit";
        const reason = `one-off task failed, no service was updated: ${runTask.reason}`;
        for (const { result } of services)
            Object.assign(result, { status: "failed", reason, reasonCode });
        await tracker?.finish("failure", reason);
        return finish({ status: "failed", reason, reasonCode, runTask });
    }
    const woken = await wakeAll(plan.asleep, { keepRunningForMs: inputs.keepRunningForMs, desiredCount: inputs.desiredCount }, deps, run.mark);
    const launch = (service) => service.rollout.start(service.result.taskDefinitionArn);
    await rollOutAll("Roll out", services, launch, inputs, { ...deps, containerLogs: logs }, run);
    return finish({
        runTask,
        woken,
        ...(await land(services, plan, inputs, { ...deps, containerLogs: logs }, run, tracker)),
    });
}
function oneOffRequest(inputs, plan, services) {
    const first = services[0];
    if (inputs.runTask === undefined || plan.runTaskContainer === undefined || first === undefined)
        return undefined;
    return {
        cluster: inputs.cluster,
        taskDefinitionArn: first.result.taskDefinitionArn,
        service: first.plan.service,
        container: plan.runTaskContainer,
        command: inputs.runTask,
        containers: first.plan.rendered.definition.containerDefinitions ?? [],
        pollIntervalMs: inputs.pollIntervalMs,
    };
}

;// CONCATENATED MODULE: ./src/outputs.ts

/** The step's outputs; structured values go out as JSON (core's setOutputs). */
function outputsOf(result) {
    const first = result.services[0];
    return {
        "task-definition-arn": first?.taskDefinitionArn,
        "task-definition-arns": Object.fromEntries(result.services.map((service) => [service.service, service.taskDefinitionArn])),
        "previous-task-definition-arn": first?.previousTaskDefinitionArn,
        "deployment-id": first?.deploymentId,
        status: result.status,
        reason: result.reason,
        "reason-code": result.reasonCode,
        "run-task-arn": result.runTask?.taskArn,
        "run-task-exit-code": result.runTask?.exitCode,
        "duration-seconds": Math.round(result.durationMs / 1000),
        "console-url": first?.consoleUrl,
        paused: Object.fromEntries(result.services.flatMap((service) => service.paused === undefined
            ? []
            : [[service.service, { ...service.paused, githubDeploymentId: result.githubDeploymentId }]])),
        "release-notes": result.releaseNotes?.markdown,
        "promoted-images": Object.fromEntries((result.promoted?.images ?? []).map((image) => [image.container, image.image])),
        woken: Object.fromEntries(result.woken.map((woken) => [woken.service, keepRunningValue(woken.until)])),
    };
}

;// CONCATENATED MODULE: ./src/render/datadog.ts

/** The Datadog part of the job summary: the bake timeline and the deployment events sent. */
function renderDatadogSummary(report) {
    if (report === undefined || (report.bake === undefined && report.events.length === 0))
        return undefined;
    const bake = report.bake;
    const bakeSection = bake === undefined
        ? undefined
        : (0,src/* sections */.V0)((0,src/* heading */.R_)(`Bake: ${bake.ok ? `✅ ${bake.monitors.length} monitor(s) stayed out of Alert` : `❌ ${bake.reason}`} (${(0,src/* humanDuration */.UU)(bake.durationMs)})`, 3), (0,src/* table */.tp)(["Monitor", "Before", "Last state"], bake.monitors.map((monitor) => [
            (0,src/* link */.nf)(monitor.name, monitor.url),
            monitor.baseline ?? "",
            [...bake.polls].reverse().find((poll) => poll.states[monitor.id] !== undefined)?.states[monitor.id] ?? "",
        ])), (0,src/* details */.zH)(`Bake timeline (${bake.polls.length} poll(s))`, (0,src/* table */.tp)(["+", "States"], bake.polls.map((poll) => [
            (0,src/* humanDuration */.UU)(poll.at - (bake.polls[0]?.at ?? poll.at)),
            poll.error ??
                bake.monitors.map((monitor) => `${monitor.name}: ${poll.states[monitor.id] ?? "missing"}`).join(", "),
        ]))));
    const events = report.events.length === 0
        ? undefined
        : (0,src/* sections */.V0)((0,src/* heading */.R_)("Datadog deployment events", 3), (0,src/* table */.tp)(["ECS service", "Datadog service", "env", "version", "id", "Sent"], report.events.map((event) => [
            event.service,
            event.attributes.service,
            event.attributes.env ?? "",
            event.attributes.version ?? "",
            `\`${event.attributes.id ?? ""}\``,
            event.sent ? "✅" : `⚠️ ${event.error ?? ""}`,
        ])));
    return (0,src/* sections */.V0)(bakeSection, events);
}

;// CONCATENATED MODULE: ./src/render/strategy.ts

/** Strategy, bake, and each lifecycle stage (or CodeDeploy event) with when it began and how long it took. */
function strategySection(result) {
    const start = result.timeline[0]?.at ?? 0;
    const rows = result.services.flatMap((service) => service.stages.map((stage, index) => {
        const next = service.stages[index + 1]?.at;
        return [
            service.service,
            index === 0 ? service.strategy : "",
            stage.stage,
            `+${(0,src/* humanDuration */.UU)(stage.at - start)}`,
            next === undefined ? "" : (0,src/* humanDuration */.UU)(next - stage.at),
        ];
    }));
    const notes = result.services
        .filter((service) => service.strategy !== "ROLLING" || service.stageReached !== undefined)
        .map((service) => `- ${service.service}: ${service.strategy}${service.bakeMs > 0 ? `, bake ${(0,src/* humanDuration */.UU)(service.bakeMs)}` : ""}${service.stageReached === undefined ? "" : `; stopped waiting at ${service.stageReached} (wait-until)`}`);
    if (rows.length === 0 && notes.length === 0)
        return undefined;
    return (0,src/* sections */.V0)((0,src/* heading */.R_)("Deploy strategy", 3), notes.length > 0 ? notes.join("\n") : undefined, rows.length > 0 ? (0,src/* table */.tp)(["Service", "Strategy", "Stage", "Began", "Took"], rows) : undefined);
}

;// CONCATENATED MODULE: ./src/render/summary.ts







const ICONS = {
    succeeded: "✅",
    failed: "❌",
    "rolled-back": "↩️",
    "timed-out": "⏱️",
    "dry-run": "📝",
    paused: "⏸️",
};
function renderSummary(result, options = {}) {
    const title = (0,src/* heading */.R_)(`${ICONS[result.status] ?? ""} ecs-deploy ${result.cluster}: ${result.status}`, 2);
    const outcome = (0,src/* table */.tp)(["Service", "Result", "Task definition", "Previous", "Deployment"], result.services.map((service) => [
        (0,src/* link */.nf)(service.service, service.consoleUrl),
        `${ICONS[service.status] ?? ""} ${service.status}`,
        `${shortArn(service.taskDefinitionArn)}${service.registered ? " (new)" : ""}`,
        shortArn(service.previousTaskDefinitionArn),
        service.deploymentId ?? "",
    ]));
    const changes = result.services.flatMap((service) => service.diff.map((change) => {
        const { from, to } = shownChange(change, options.showValues ?? false);
        const facts = change.field === "image" && change.to !== undefined ? result.images[change.to] : undefined;
        return [
            service.service,
            change.scope,
            change.field,
            from,
            facts === undefined ? to : `${to} (${imageFacts(facts)})`,
        ];
    }));
    const diffTable = (0,src/* table */.tp)(["Service", "Container", "What", "From", "To"], changes);
    const plan = changes.length === 0
        ? "No changes: the services already run what was asked."
        : changes.length > 20
            ? (0,src/* details */.zH)(`${changes.length} changes to the task definition`, diffTable, true)
            : diffTable;
    const start = result.timeline[0]?.at ?? 0;
    const timeline = (0,src/* table */.tp)(["+", "Step", "Detail"], result.timeline.map((entry) => [(0,src/* humanDuration */.UU)(entry.at - start), entry.step, entry.detail]));
    const runTask = result.runTask
        ? `One-off task \`${result.runTask.taskArn ?? "(not started)"}\`: ${result.runTask.ok ? `exit ${result.runTask.exitCode}` : result.runTask.reason}`
        : undefined;
    const failures = result.services
        .filter((service) => service.reason !== undefined)
        .map((service) => (0,src/* sections */.V0)((0,src/* heading */.R_)(`${service.service}: ${service.status}`, 4), `${(0,src/* markdownText */.p7)(service.reason ?? "")}${service.reasonCode ? ` (\`${service.reasonCode}\`)` : ""}`, service.events.length > 0 ? (0,src/* details */.zH)("Service events", (0,src/* codeBlock */.DV)(service.events.join("\n")), true) : undefined, ...service.stoppedTasks.map((task) => (0,src/* sections */.V0)(`- ${describeStoppedTask(task)}`, task.logs
        ? (0,src/* details */.zH)(`Last log lines of ${task.logs.container}`, (0,src/* codeBlock */.DV)(task.logs.lines.join("\n")), true)
        : undefined)), `[Open ${service.service} in the ECS console](${service.consoleUrl})`));
    return (0,src/* sections */.V0)(title, result.reason
        ? `> ${(0,src/* markdownText */.p7)(result.reason)}${result.reasonCode ? ` (reason-code \`${result.reasonCode}\`)` : ""}`
        : undefined, outcome, pausedSection(result), promotionSection(result), releaseNotesSection(result), (0,src/* heading */.R_)("Plan", 3), plan, runTask, ...failures, asleepSection(result), scheduledSection(result), strategySection(result), renderDatadogSummary(result.datadog), result.deregistered.length > 0
        ? (0,src/* details */.zH)(`${result.deregistered.length} old revision(s) deregistered`, result.deregistered.join("<br>"))
        : undefined, (0,src/* details */.zH)(`Timeline (${(0,src/* humanDuration */.UU)(result.durationMs)})`, timeline));
}
/** if-stopped: what was asleep, what was woken and until when. */
function asleepSection(result) {
    if (result.asleep.length === 0)
        return undefined;
    const lines = result.asleep.map((asleep) => {
        const why = asleep.why === "saved" ? "stopped by fargate-spot-toggle" : "at desired count 0";
        const woken = result.woken.find((item) => item.service === asleep.service);
        if (woken !== undefined) {
            const scaling = woken.scaling ? `, auto-scaling ${woken.scaling.min}–${woken.scaling.max}` : "";
            return `- ⏰ **${asleep.service}** was ${why}: woken with ${woken.desiredCount} task(s)${scaling}, kept running until ${keepRunningValue(woken.until)} (tag ${TAG_KEEP_RUNNING_UNTIL})`;
        }
        if (asleep.action === "ignore")
            return `- 💤 **${asleep.service}** is ${why}: deployed at 0 tasks (if-stopped: ignore)`;
        return `- 💤 **${asleep.service}** is ${why}: ${result.status === "dry-run" ? "would be woken" : "not woken"}`;
    });
    return (0,src/* sections */.V0)((0,src/* heading */.R_)("Asleep environments", 3), lines.join("\n"));
}
const SCHEDULED_STATUS = {
    planned: "📝 to move",
    moved: "✅ moved",
    "moved-back": "↩️ moved back",
    skipped: "skipped",
    failed: "❌ failed",
};
/** scheduled-tasks: every schedule/rule target found, moved or skipped and why. */
function scheduledSection(result) {
    if (result.scheduled.length === 0)
        return undefined;
    return (0,src/* sections */.V0)((0,src/* heading */.R_)("Scheduled tasks", 3), (0,src/* table */.tp)(["Kind", "Name", "Result", "From", "To", "Note"], result.scheduled.map((target) => [
        target.kind === "schedule"
            ? "Scheduler schedule"
            : `EventBridge rule${target.targetId ? ` (target ${target.targetId})` : ""}`,
        target.name,
        SCHEDULED_STATUS[target.status] ?? target.status,
        shortArn(target.from),
        target.to === undefined ? "" : shortArn(target.to),
        target.note ?? "",
    ])));
}
function shownChange(change, showValues) {
    const shown = describeChange(change, showValues);
    return { from: cell(shown.from), to: cell(shown.to) };
}
/** Long JSON values (port mappings, health checks) as code, pipes escaped by table(). */
function cell(value) {
    return value.length > 120
        ? `\`${value.slice(0, 117)}…\``
        : value.startsWith("{") || value.startsWith("[")
            ? `\`${value}\``
            : value;
}
function shortArn(arn) {
    return arn.slice(arn.lastIndexOf("/") + 1);
}
/** wait-until paused: where each service waits, and how long before the hook's timeout action fires. */
function pausedSection(result) {
    const paused = result.services.filter((service) => service.paused !== undefined);
    if (paused.length === 0)
        return undefined;
    const now = result.timeline.at(-1)?.at ?? 0;
    return (0,src/* sections */.V0)((0,src/* heading */.R_)("Paused at a lifecycle hook", 3), (0,src/* table */.tp)(["Service", "Stage", "Hook", "Times out", "Then", "Left"], paused.map(({ service, paused: pause }) => [
        service,
        pause?.stage,
        `\`${pause?.hookId}\``,
        pause?.expiresAt ?? "",
        pause?.timeoutAction ?? "",
        pause?.expiresAt === undefined ? "" : (0,src/* humanDuration */.UU)(Math.max(0, Date.parse(pause.expiresAt) - now)),
    ])), 
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as a workflow spells it
    "Continue with `mode: continue` (or `mode: rollback`) and `service-deployment: ${{ steps.<id>.outputs.paused }}` before the hook times out.");
}
/** promote-from: what was promoted, from which revision, by digest. */
function promotionSection(result) {
    const promoted = result.promoted;
    if (promoted === undefined)
        return undefined;
    return (0,src/* sections */.V0)((0,src/* heading */.R_)(`Promoted from ${promoted.source} (${promoted.revision})`, 3), (0,src/* table */.tp)(["Container", "Image by digest", "As pre-prod names it"], promoted.images.map((image) => [image.container, `\`${image.image}\``, `\`${image.named}\``])), promoted.skipped.length > 0 ? `Not promoted (public images): ${promoted.skipped.join(", ")}` : undefined);
}
/** github-environment: the pull requests this deployment ships (a long list folded). */
function releaseNotesSection(result) {
    const notes = result.releaseNotes;
    if (notes === undefined)
        return undefined;
    const title = `Release notes: ${notes.summary}`;
    return notes.pulls.length > 10 ? (0,src/* details */.zH)(title, notes.markdown) : (0,src/* sections */.V0)((0,src/* heading */.R_)(title, 3), notes.markdown);
}

;// CONCATENATED MODULE: ./src/plan/resume.ts







/**
 * The read-only pre-flight of mode continue / rollback: each service's deployment in progress
 * (from the `service-deployment` input — the paused output — or ListServiceDeployments), the
 * PAUSE hook it waits at, and the revisions it moves between. Nothing to act on is an error here.
 */
async function planResume(inputs, deps) {
    return deps.log.group(`Plan (mode: ${inputs.mode})`, async () => {
        const { services, missing } = await describeServices(deps.ecs, inputs.cluster, inputs.services);
        if (missing.length > 0)
            throw new src/* ActionError */.lZ(`Service not found in cluster ${inputs.cluster}: ${missing.join(", ")}`, {
                hint: "mode continue/rollback acts on the services the paused deploy named: use the same cluster and service.",
            });
        const strategies = await planStrategies(services, inputs, deps);
        const planned = await Promise.all(services.map(async (service, index) => {
            const name = service.serviceName ?? "?";
            if (strategies[index]?.serviceDeployments !== true)
                throw new src/* ActionError */.lZ(`mode ${inputs.mode} needs ECS's service-deployment API for ${name} (ListServiceDeployments, DescribeServiceDeployments, ContinueServiceDeployment)`, {
                    hint: "The deploy role needs ecs:ListServiceDeployments, ecs:DescribeServiceDeployments and ecs:ContinueServiceDeployment.",
                });
            const target = await findTarget(service, inputs, deps);
            const plan = await resumedPlan(service, deps);
            deps.log.info(`${name}: ${shortName(target.serviceDeploymentArn)} ${plan.current.taskDefinitionArn ? revisionOf(plan.current.taskDefinitionArn) : "?"} → ${revisionOf(plan.existing)}; ${target.pause === undefined
                ? (target.note ?? "not paused")
                : `paused at ${target.pause.stage}: ${inputs.mode === "rollback" ? "ROLLBACK" : "CONTINUE"}`}`);
            return { plan, target };
        }));
        const gate = await resolveGate(inputs.datadog, deps.datadog);
        return {
            services: planned.map(({ plan }) => plan),
            targets: planned.map(({ target }) => target),
            strategies,
            scheduled: [],
            gate,
            asleep: [],
            promoted: undefined,
            images: new Map(),
        };
    });
}
/** The deployment to act on: the one the input names, else the newest one in progress. */
async function findTarget(service, inputs, deps) {
    const name = service.serviceName ?? "?";
    const given = inputs.serviceDeployments.find((target) => target.service === name || (target.service === undefined && target.serviceDeploymentArn.includes(`/${name}/`)));
    if (inputs.serviceDeployments.length > 0 && given === undefined)
        throw new src/* ActionError */.lZ(`service-deployment names no deployment of ${name}`, {
            hint: "Pass the paused output of the step that deployed these services, with the same service input.",
        });
    const arn = given?.serviceDeploymentArn ?? (await latestDeployment(service, inputs.cluster, deps));
    const record = (await deps.ecs.describeServiceDeployments({ serviceDeploymentArns: [arn] })).serviceDeployments?.[0];
    if (record === undefined)
        throw new src/* ActionError */.lZ(`Service deployment ${shortName(arn)} of ${name} was not found`, {
            hint: "It may be older than ECS keeps, or in another cluster: check service-deployment and cluster.",
        });
    return { serviceDeploymentArn: arn, ...pauseToActOn(record, given, deps.clock.now()) };
}
/**
 * The service's newest deployment: the one in progress, or — when it ended before this run (its
 * hook timed out, someone continued it) — the one that ended, so the run can say how.
 */
async function latestDeployment(service, cluster, deps) {
    const listed = await deps.ecs.listServiceDeployments({ cluster, service: service.serviceName, maxResults: 20 });
    const newest = [...(listed.serviceDeployments ?? [])].sort((a, b) => time(b.createdAt) - time(a.createdAt))[0];
    if (newest?.serviceDeploymentArn === undefined)
        throw new src/* ActionError */.lZ(`Service ${service.serviceName} has no deployment to continue or roll back; nothing was changed`, {
            hint: "mode continue/rollback acts on a deployment that waits at a PAUSE hook (a deploy with wait-until: paused).",
        });
    return newest.serviceDeploymentArn;
}
/**
 * Whether to call ContinueServiceDeployment: only at the pause the deploy stopped at. A hook that
 * timed out is named with the action ECS took; a hook someone else continued is followed, not acted on.
 */
function pauseToActOn(record, given, now) {
    const pause = pauseOf(record);
    const expired = (record.lifecycleHookDetails ?? []).find((hook) => hook.status === "TIMED_OUT" && (given?.hookId === undefined || hook.hookId === given.hookId));
    if (expired !== undefined && pause === undefined)
        return {
            pause: undefined,
            note: `the pause hook timed out at ${expired.expiresAt ? new Date(expired.expiresAt).toISOString() : "its expiry"} before this run, and ECS took its timeout action ${expired.timeoutAction ?? "ROLLBACK"}`,
        };
    if (pause === undefined)
        return {
            pause: undefined,
            note: `the deployment is ${record.status ?? "?"} and waits at no PAUSE hook (already continued?)`,
        };
    if (given?.hookId !== undefined && given.hookId !== pause.hookId)
        return {
            pause: undefined,
            note: `the hook the paused output names was already acted on; the deployment now waits at ${pause.stage} (hook ${pause.hookId}), which this run leaves alone`,
        };
    if (pause.expiresAt !== undefined && Date.parse(pause.expiresAt) <= now)
        return {
            pause,
            note: `the pause hook expired at ${pause.expiresAt} (timeout action ${pause.timeoutAction ?? "?"})`,
        };
    return { pause, note: undefined };
}
/** The revisions a deployment in progress moves between, from deployments[] (PRIMARY is the new one). */
async function resumedPlan(service, deps) {
    const deployments = service.deployments ?? [];
    const next = deployments.find((deployment) => deployment.status === "PRIMARY")?.taskDefinition ?? service.taskDefinition ?? "";
    const previous = deployments.find((deployment) => deployment.status === "ACTIVE")?.taskDefinition ?? next;
    const describe = async (arn) => (await deps.ecs.describeTaskDefinition({ taskDefinition: arn })).taskDefinition ?? { taskDefinitionArn: arn };
    const [current, target] = await Promise.all([describe(previous), describe(next)]);
    const definition = (0,taskdef/* registerInputOf */.zP)(target, []);
    return {
        service,
        name: service.serviceName ?? "?",
        current,
        rendered: { definition, changes: [], replaced: [] },
        register: false,
        update: true,
        changes: [],
        diff: diffDefinitions((0,taskdef/* registerInputOf */.zP)(current, []), definition),
        existing: next,
    };
}

;// CONCATENATED MODULE: ./src/resume.ts



/**
 * mode continue / rollback: the production half of a paused release. plan (read-only: each
 * service's deployment in progress and the PAUSE hook it waits at) → ContinueServiceDeployment
 * with CONTINUE or ROLLBACK → follow it to its verdict exactly like a deploy (stages, bake,
 * alarms, Datadog monitors, roll back on failure) → after-steps, GitHub status, Datadog event.
 */
async function resume(inputs, deps) {
    const run = runLog(deps, inputs.timeoutMs);
    const plan = await planResume(inputs, deps);
    run.mark("planned", `${plan.services.length} paused service(s)`);
    const adopted = inputs.serviceDeployments.find((target) => target.githubDeploymentId !== undefined);
    const { services, releaseNotes, tracker, finish, dryRun } = await beginRun(plan, inputs, deps, run, adopted?.githubDeploymentId);
    if (dryRun !== undefined)
        return dryRun;
    if (adopted?.githubDeploymentId !== undefined)
        tracker?.adopt(adopted.githubDeploymentId, services[0]?.result.consoleUrl ?? "");
    else
        await tracker?.start(inputs.githubEnvironment ?? "", releaseNotes?.summary ?? `Continuing ${inputs.services.join(", ")}`, services[0]?.result.consoleUrl ?? "", deploymentDetails(releaseNotes));
    const action = inputs.mode === "rollback" ? "ROLLBACK" : "CONTINUE";
    const targets = new Map(services.map((service, index) => [service, plan.targets[index]]));
    const launch = async (service) => {
        const target = targets.get(service);
        if (target === undefined || service.rollout.resume === undefined)
            return;
        if (target.note !== undefined)
            deps.log.warning(`[${service.plan.name}] ${target.note}`);
        await service.rollout.resume(target, action);
    };
    const logs = containerLogs(inputs.datadog.logSource, inputs.datadog.site, deps);
    const group = action === "CONTINUE" ? "Continue" : "Roll back at the pause";
    await rollOutAll(group, services, launch, inputs, { ...deps, containerLogs: logs }, run);
    if (action === "ROLLBACK")
        for (const [service, target] of targets)
            if (service.result.status === "rolled-back")
                Object.assign(service.result, {
                    reason: `rolled back at ${target?.pause?.stage ?? "the pause"} (mode: rollback)`,
                    reasonCode: "hook",
                });
    // What did not go as asked is part of the reason (an expired hook, a pause someone else acted on).
    for (const [service, target] of targets)
        if (target?.note !== undefined && service.result.reason !== undefined)
            service.result.reason = `${target.note}; ${service.result.reason}`;
    return finish(await land(services, plan, inputs, { ...deps, containerLogs: logs }, run, tracker));
}

;// CONCATENATED MODULE: ./src/execute.ts






/** The whole run: deploy, then what the step publishes (outputs, summary, and the failure to fail with). */
async function execute(inputs, deps) {
    // Secret-looking environment values are shown as *** in the summary; mask them in the log too.
    for (const change of inputs.environment)
        if ((0,src/* looksSecret */.n0)(change.name))
            deps.mask(change.value);
    const result = inputs.mode === "deploy" ? await deploy(inputs, deps) : await resume(inputs, deps);
    return {
        result,
        outputs: outputsOf(result),
        summary: renderSummary(result, { showValues: inputs.showValues }),
        failure: execute_failureOf(result, inputs.mode),
    };
}
function execute_failureOf(result, mode) {
    const stuck = result.scheduled.filter((target) => target.status === "failed");
    if (result.status === "succeeded" && stuck.length > 0) {
        return new src/* ActionError */.lZ(`The services were deployed, but ${stuck.map((target) => `${target.kind} ${target.name} (${target.note})`).join("; ")}`, {
            hint: "The deploy role needs scheduler:UpdateSchedule / events:PutTargets and iam:PassRole on the targets' roles; re-run to retry.",
        });
    }
    if (result.status === "succeeded" || result.status === "paused" || result.status === "dry-run")
        return undefined;
    // mode: rollback asked for the rollback: the service went back, which is what the step was for.
    if (mode === "rollback" && result.status === "rolled-back")
        return undefined;
    return new src/* ActionError */.lZ(`Deployment ${result.status}: ${result.reason ?? "see the log"}`, {
        hint: result.status === "rolled-back"
            ? "The service runs the previous revision again; the job summary says why tasks stopped."
            : "The job summary lists the service events and why tasks stopped.",
    });
}


/***/ })

};

//# sourceMappingURL=459.index.js.map