export const id = 361;
export const ids = [361];
export const modules = {

/***/ 2207:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ githubDeploymentTracker),
/* harmony export */   w: () => (/* binding */ octokitDeployments)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _sre_actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3014);


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
                payload: { ...request.details, [MARKER_KEY]: request.marker },
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
        async findRunDeployment(request) {
            const listed = await octokit.rest.repos.listDeployments({
                owner: repo.owner,
                repo: repo.repo,
                ...(/^[0-9a-f]{40}$/.test(request.ref) ? { sha: request.ref } : { ref: request.ref }),
                environment: request.environment,
                per_page: 5,
            });
            const newest = listed.data[0];
            if (newest === undefined || newest.creator?.login !== "github-actions[bot]")
                return undefined;
            const statuses = await octokit.rest.repos.listDeploymentStatuses({
                owner: repo.owner,
                repo: repo.repo,
                deployment_id: newest.id,
                per_page: 1,
            });
            const latest = statuses.data[0];
            const ours = [latest?.log_url, latest?.target_url].some((url) => url?.startsWith(request.runUrl) === true);
            return ours && (latest?.state === "in_progress" || latest?.state === "queued") ? newest.id : undefined;
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
        async start(environment, description, url, details) {
            environmentUrl = url;
            try {
                // A job with `environment:` already has its deployment: carry on with that one.
                const own = await github.findRunDeployment({ ref: run.sha || run.ref, environment, runUrl: run.runUrl });
                if (own !== undefined) {
                    id = own;
                    log.info(`Reporting to the GitHub deployment ${own} this job's environment created`);
                    await setStatus("in_progress", description);
                    return;
                }
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
                        details,
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

/***/ 9887:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CK: () => (/* binding */ STATUSES_READ),
/* harmony export */   MD: () => (/* binding */ LABELS_PER_PULL),
/* harmony export */   u1: () => (/* binding */ releaseNotesOrWarning),
/* harmony export */   vl: () => (/* binding */ PULLS_PER_COMMIT)
/* harmony export */ });
/* unused harmony exports DEPLOYMENTS_SEARCHED, COMPARE_COMMIT_CAP, SUMMARY_LIMIT, releaseNotes, RELEASE_NOTES_PERMISSIONS, lastRun, renderMarkdown, summaryLine */
/* harmony import */ var _sre_actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3014);

/**
 * Release notes for a deployment: the pull requests between the commit an environment last ran and
 * the commit being deployed, in at most three GitHub requests —
 *   1. GraphQL: the environment's newest deployments with their statuses (finds the base);
 *   2. REST compare base...head (GitHub lists at most 250 commits, the newest, without paging);
 *   3. GraphQL: `associatedPullRequests` of every listed commit, one alias each.
 *
 * "Last ran" is the newest deployment of the environment that succeeded and was not failed
 * afterwards: its latest status is SUCCESS, or INACTIVE after a SUCCESS. GitHub marks earlier
 * successful deployments INACTIVE when a newer one succeeds (`auto_inactive`, never for production
 * environments), so an INACTIVE deployment did run; being the newest such one means whatever
 * replaced it later failed or is still going. A deployment whose latest status is FAILURE or ERROR
 * (rolled back), or that never succeeded (queued, in progress, abandoned), is skipped.
 */
/** How many of the environment's newest deployments are searched for the base. */
const DEPLOYMENTS_SEARCHED = 50;
/** How many statuses per deployment are read to see whether it ever succeeded (ours write 2–3). */
const STATUSES_READ = 20;
/** GitHub's compare answer without paging: the newest 250 commits of the range. */
const COMPARE_COMMIT_CAP = 250;
/** Pull requests read per commit (a commit usually belongs to one merged pull request). */
const PULLS_PER_COMMIT = 5;
/** Labels read per pull request. */
const LABELS_PER_PULL = 50;
/** The status description limit GitHub documents for deployment statuses. */
const SUMMARY_LIMIT = 140;
async function releaseNotes(port, request, deps) {
    const head = request.sha.trim();
    if (head === "")
        throw new Error("releaseNotes: the commit being deployed (sha) is empty");
    const incidentLabels = new Set((request.incidentLabels ?? ["incident"]).map((label) => label.toLowerCase()));
    const github = counting(port);
    const deployments = await github.deployments(request.environment, DEPLOYMENTS_SEARCHED);
    const base = lastRun(deployments, request.currentDeploymentId);
    const notes = {
        environment: request.environment,
        base,
        head,
        pulls: [],
        commits: 0,
        commitsWithoutPull: 0,
        behindBy: 0,
        compareUrl: undefined,
        requests: 0,
        // Fewer deployments than asked for means all were seen: no older success exists.
        truncated: base === undefined && deployments.length >= DEPLOYMENTS_SEARCHED,
    };
    const done = (situation = "compared") => finish({ ...notes, requests: github.requests }, deps.log, situation);
    if (base === undefined || sameCommit(base.sha, head))
        return done();
    let comparison;
    try {
        comparison = await github.compare(base.sha, head);
    }
    catch (error) {
        // 404: a commit GitHub does not have (force-pushed away, or never pushed), or no common history.
        if (error.status !== 404)
            throw error;
        deps.log.warning(`GitHub cannot compare ${short(base.sha)} (what ${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .logText */ .kc)(request.environment)} ran) with ${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .logText */ .kc)(short(head))}: ${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .describeError */ .Uc)(error)}`);
        return done("not-comparable");
    }
    notes.commits = comparison.total_commits;
    notes.behindBy = comparison.behind_by;
    notes.compareUrl = httpsUrl(comparison.html_url);
    notes.truncated = comparison.total_commits > comparison.commits.length;
    // Full SHAs only: they go into the query text as aliases' arguments.
    const shas = comparison.commits.map((commit) => commit.sha).filter((sha) => /^[0-9a-f]{40}$/i.test(sha));
    if (shas.length === 0)
        return done();
    const byCommit = await github.associatedPullRequests(shas);
    const pulls = new Map();
    for (const sha of shas) {
        // GitHub answers the merged pull request that brought the commit in (open ones too off the default branch).
        const found = (byCommit.get(sha) ?? []).filter((pull) => pull.state !== "CLOSED");
        if (found.length === 0)
            notes.commitsWithoutPull += 1;
        for (const pull of found)
            if (!pulls.has(pull.number))
                pulls.set(pull.number, releasePull(pull, incidentLabels));
    }
    // Merge order, oldest first; an open pull request (a branch deployed before its merge) last.
    notes.pulls = [...pulls.values()].sort((a, b) => (a.mergedAt ?? "~").localeCompare(b.mergedAt ?? "~") || a.number - b.number);
    return done();
}
/** The port with a count of the requests sent through it (each call is one request). */
function counting(port) {
    let requests = 0;
    const sent = (call) => {
        requests += 1;
        return call();
    };
    return {
        get requests() {
            return requests;
        },
        deployments: (environment, count) => sent(() => port.deployments(environment, count)),
        compare: (base, head) => sent(() => port.compare(base, head)),
        associatedPullRequests: (shas) => sent(() => port.associatedPullRequests(shas)),
    };
}
/**
 * `releaseNotes`, but a GitHub failure is a warning and no notes: release notes describe a deploy,
 * they never fail or block it.
 */
async function releaseNotesOrWarning(port, request, deps) {
    try {
        return await releaseNotes(port, request, deps);
    }
    catch (error) {
        const explained = (0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .explainGitHubError */ .Pm)(error, { permissions: RELEASE_NOTES_PERMISSIONS });
        const hint = explained?.hint === undefined ? "" : ` ${explained.hint}`;
        deps.log.warning(`No release notes: ${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .describeError */ .Uc)(explained ?? error)}.${hint}`);
        return undefined;
    }
}
/** What the token needs: deployments (query 1), contents (compare), pull requests (query 3). */
const RELEASE_NOTES_PERMISSIONS = "deployments: read, contents: read and pull-requests: read";
/** The newest deployment that ran: latest status SUCCESS, or INACTIVE after a SUCCESS. */
function lastRun(deployments, skipId) {
    const newestFirst = [...deployments].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
    for (const deployment of newestFirst) {
        if (skipId !== undefined && deployment.databaseId === skipId)
            continue;
        const latest = deployment.latestStatus?.state;
        const statuses = (deployment.statuses?.nodes ?? []).filter((status) => status !== null);
        const success = statuses.find((status) => status.state === "SUCCESS");
        if (latest === "SUCCESS" || (latest === "INACTIVE" && success !== undefined)) {
            return {
                sha: deployment.commitOid,
                deploymentId: deployment.databaseId ?? undefined,
                url: httpsUrl(success?.logUrl),
                deployedAt: typeof success?.createdAt === "string" ? success.createdAt : undefined,
            };
        }
    }
    return undefined;
}
function releasePull(pull, incidentLabels) {
    const labels = (pull.labels?.nodes ?? []).flatMap((label) => (label === null ? [] : [label.name]));
    return {
        number: pull.number,
        title: pull.title,
        url: typeof pull.url === "string" ? pull.url : "",
        author: pull.author?.login ?? "ghost",
        labels,
        incident: labels.some((label) => incidentLabels.has(label.toLowerCase())),
        mergedAt: typeof pull.mergedAt === "string" ? pull.mergedAt : null,
    };
}
function finish(notes, log, situation) {
    const full = { ...notes, markdown: "", summary: "" };
    full.markdown = renderMarkdown(full, situation);
    full.summary = summaryLine(full, situation);
    log.info(`Release notes for ${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .logText */ .kc)(notes.environment)}: ${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .logText */ .kc)(full.summary)} (${notes.requests} GitHub requests)`);
    for (const pull of notes.pulls) {
        log.info(`  #${pull.number}${pull.incident ? " [incident]" : ""} ${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .logText */ .kc)(pull.title)} (@${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .logText */ .kc)(pull.author)})`);
    }
    return full;
}
// ── rendering ──────────────────────────────────────────────────────────────────────────────────
/** The release notes as Markdown; every string from GitHub is escaped or in a code span. */
function renderMarkdown(notes, situation = "compared") {
    const environment = (0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .markdownText */ .p7)(notes.environment);
    const { base } = notes;
    if (base === undefined) {
        return notes.truncated
            ? `No successful deployment to ${environment} among the last ${DEPLOYMENTS_SEARCHED} on GitHub: nothing to compare with, so no pull requests are listed.`
            : `First recorded deployment to ${environment} on GitHub: nothing to compare with, so no pull requests are listed. The next deployment lists what changed since this one.`;
    }
    const since = `${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .codeSpan */ .SS)(short(base.sha))}${base.deploymentId === undefined ? "" : ` (deployment ${base.deploymentId}${base.deployedAt === undefined ? "" : `, ${utcMinute(base.deployedAt)}`})`}`;
    if (situation === "not-comparable") {
        return `GitHub cannot compare ${since}, which ${environment} ran last, with ${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .codeSpan */ .SS)(short(notes.head))} (one of them is not in the repository, e.g. after a force push): no pull requests are listed.`;
    }
    if (sameCommit(base.sha, notes.head))
        return `No new commits: ${environment} already runs ${since}.`;
    const incidents = notes.pulls.filter((pull) => pull.incident).length;
    const compare = link("compare", notes.compareUrl);
    const heading = [
        `**${plural(notes.pulls.length, "pull request")}** deployed to ${environment} since ${since}`,
        ...(incidents > 0 ? [`**${plural(incidents, "incident")}**`] : []),
        ...(compare === undefined ? [] : [compare]),
    ].join(" · ");
    const lines = notes.pulls.map(pullLine);
    const notesBelow = [];
    if (notes.commitsWithoutPull > 0) {
        notesBelow.push(`_${plural(notes.commitsWithoutPull, "commit")} pushed without a pull request._`);
    }
    if (notes.truncated) {
        const listed = Math.min(notes.commits, COMPARE_COMMIT_CAP);
        notesBelow.push(`_GitHub lists the newest ${listed} of ${notes.commits.toLocaleString("en-US")} commits: pull requests of the ${(notes.commits - listed).toLocaleString("en-US")} older ones are not shown${notes.compareUrl === undefined ? "" : " (see the comparison)"}._`);
    }
    if (notes.behindBy > 0) {
        notesBelow.push(`_${environment} runs ${plural(notes.behindBy, "commit")} that ${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .codeSpan */ .SS)(short(notes.head))} does not contain (a rollback, or a deployment from another branch): they leave with this deployment._`);
    }
    return [heading, "", ...lines, ...(notesBelow.length > 0 ? ["", ...notesBelow] : [])].join("\n").trimEnd();
}
function pullLine(pull) {
    const number = link(`#${pull.number}`, pull.url) ?? `#${pull.number}`;
    const labels = pull.labels.map((label) => ` ${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .codeSpan */ .SS)(label)}`).join("");
    const open = pull.mergedAt === null ? " _(not merged)_" : "";
    return `- ${pull.incident ? "**incident** " : ""}${number} ${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .markdownText */ .p7)(pull.title)} (${(0,_sre_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .markdownText */ .p7)(`@${pull.author}`)})${labels}${open}`;
}
/** One line for a deployment status description (≤ 140 characters): numbers only, no external text. */
function summaryLine(notes, situation = "compared") {
    const { base } = notes;
    if (base === undefined)
        return "First recorded deployment: no release notes";
    const since = `since ${short(base.sha)}`;
    if (situation === "not-comparable")
        return `Cannot compare with ${short(base.sha)}: no release notes`;
    if (sameCommit(base.sha, notes.head))
        return `No new commits ${since}`;
    if (notes.pulls.length === 0)
        return `${plural(notes.commits, "commit")} ${since}, no pull requests`;
    const incidents = notes.pulls.filter((pull) => pull.incident).length;
    const head = `${notes.pulls.length}${notes.truncated ? "+" : ""} PR${notes.pulls.length === 1 ? "" : "s"} ${since}:`;
    const tail = incidents > 0 ? ` (${plural(incidents, "incident")})` : "";
    // Incident PRs are named first when not every number fits; the shown numbers stay in merge order.
    const ordered = [...notes.pulls.filter((pull) => pull.incident), ...notes.pulls.filter((pull) => !pull.incident)];
    const shown = new Set();
    const room = SUMMARY_LIMIT - head.length - tail.length - " …".length;
    let used = 0;
    for (const pull of ordered) {
        const cost = ` #${pull.number}`.length;
        if (used + cost > room)
            break;
        shown.add(pull.number);
        used += cost;
    }
    const numbers = notes.pulls.filter((pull) => shown.has(pull.number)).map((pull) => ` #${pull.number}`);
    const more = shown.size < notes.pulls.length ? " …" : "";
    return `${head}${numbers.join("")}${more}${tail}`.slice(0, SUMMARY_LIMIT);
}
function short(sha) {
    return /^[0-9a-f]{40}$/i.test(sha) ? sha.slice(0, 7) : sha.slice(0, 40);
}
function sameCommit(a, b) {
    const [x, y] = [a.toLowerCase(), b.toLowerCase()];
    return x === y || (/^[0-9a-f]{7,40}$/.test(x) && /^[0-9a-f]{7,40}$/.test(y) && (x.startsWith(y) || y.startsWith(x)));
}
function plural(count, noun) {
    return `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;
}
function utcMinute(iso) {
    const time = Date.parse(iso);
    return Number.isNaN(time) ? "" : `${new Date(time).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
/** A Markdown link to a URL GitHub gave, only when it is a plain https URL that cannot break out of `(…)`. */
function link(text, url) {
    const safe = httpsUrl(url);
    return safe === undefined ? undefined : `[${text}](${safe})`;
}
function httpsUrl(url) {
    return typeof url === "string" && /^https:\/\/[^\s()<>[\]`"'\\]+$/.test(url) ? url : undefined;
}


/***/ }),

/***/ 7289:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bn: () => (/* binding */ restorePorts),
/* harmony export */   mS: () => (/* binding */ wakeService),
/* harmony export */   vl: () => (/* binding */ savedTagOf)
/* harmony export */ });
/* unused harmony exports TAG_SAVED, TAG_VALUE, encodeSavedState, decodeSavedState, fromEcsProviders, toEcsProviders, placementOf, sameProviders, samePlacement, scalableResourceId, registerTargetInput, restoreService, compactTime, parseCompactTime */
/* harmony import */ var _aws_sdk_client_application_auto_scaling__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1837);
/* harmony import */ var _ecs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7214);


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
        ecs: "send" in ecs ? (0,_ecs_js__WEBPACK_IMPORTED_MODULE_0__/* .ecsPort */ .bF)(ecs) : ecs,
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


/***/ }),

/***/ 7214:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Ge: () => (/* binding */ describeServices),
  bF: () => (/* binding */ ecsPort)
});

// UNUSED EXPORTS: DESCRIBE_SERVICES_MAX

// EXTERNAL MODULE: ../../node_modules/.pnpm/@aws-sdk+client-ecs@3.1164.0/node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(1234);
;// CONCATENATED MODULE: ../../packages/core/src/pool.ts
/** Runs `work` on every item with at most `limit` in flight; results keep the input order. */
async function mapPool(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next;
            next += 1;
            results[index] = await work(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
function chunks(items, size) {
    const out = [];
    for (let start = 0; start < items.length; start += size)
        out.push(items.slice(start, start + size));
    return out;
}

;// CONCATENATED MODULE: ../../packages/core/src/ecs.ts


/**
 * The adapter over a real client. `writes` sends the two calls that are not idempotent
 * (RegisterTaskDefinition, RunTask): production gives it a client without SDK retries, and the
 * caller reads back after an ambiguous failure instead of sending again (core's `exactlyOnce`).
 */
function ecsPort(client, writes = client) {
    return {
        describeClusters: (input) => client.send(new dist_cjs/* DescribeClustersCommand */._2_(input)),
        putClusterCapacityProviders: (input) => client.send(new dist_cjs/* PutClusterCapacityProvidersCommand */.t3(input)),
        listServices: (input) => client.send(new dist_cjs/* ListServicesCommand */.qde(input)),
        describeServices: (input) => client.send(new dist_cjs/* DescribeServicesCommand */.H7c(input)),
        updateService: (input) => client.send(new dist_cjs/* UpdateServiceCommand */.kZr(input)),
        describeTaskDefinition: (input) => client.send(new dist_cjs/* DescribeTaskDefinitionCommand */.Zy$(input)),
        registerTaskDefinition: (input) => writes.send(new dist_cjs/* RegisterTaskDefinitionCommand */.$Hl(input)),
        deregisterTaskDefinition: (input) => client.send(new dist_cjs/* DeregisterTaskDefinitionCommand */.sjB(input)),
        listTaskDefinitions: (input) => client.send(new dist_cjs/* ListTaskDefinitionsCommand */.Pse(input)),
        listTasks: (input) => client.send(new dist_cjs/* ListTasksCommand */.MYg(input)),
        describeTasks: (input) => client.send(new dist_cjs/* DescribeTasksCommand */.z8X(input)),
        runTask: (input) => writes.send(new dist_cjs/* RunTaskCommand */._eD(input)),
        stopTask: (input) => client.send(new dist_cjs/* StopTaskCommand */.PP1(input)),
        tagResource: (input) => client.send(new dist_cjs/* TagResourceCommand */.eqU(input)),
        untagResource: (input) => client.send(new dist_cjs/* UntagResourceCommand */.RP$(input)),
        listServiceDeployments: (input) => client.send(new dist_cjs/* ListServiceDeploymentsCommand */.jz8(input)),
        describeServiceDeployments: (input) => client.send(new dist_cjs/* DescribeServiceDeploymentsCommand */.A6p(input)),
        stopServiceDeployment: (input) => client.send(new dist_cjs/* StopServiceDeploymentCommand */.a8L(input)),
        continueServiceDeployment: (input) => client.send(new dist_cjs/* ContinueServiceDeploymentCommand */.LrH(input)),
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
    const pages = await mapPool(chunks(unique, DESCRIBE_SERVICES_MAX), options.concurrency ?? 1, (batch) => ecs.describeServices({
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


/***/ })

};

//# sourceMappingURL=361.index.js.map