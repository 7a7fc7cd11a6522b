import type { Deployment, DeploymentStatus, Label, PullRequest } from "@octokit/graphql-schema";
import { codeSpan, describeError, explainGitHubError, type Logger, logText, markdownText } from "@sre-actions/core";
import type { Octokit } from "@sre-actions/core/github";

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
export const DEPLOYMENTS_SEARCHED = 50;
/** How many statuses per deployment are read to see whether it ever succeeded (ours write 2–3). */
export const STATUSES_READ = 20;
/** GitHub's compare answer without paging: the newest 250 commits of the range. */
export const COMPARE_COMMIT_CAP = 250;
/** Pull requests read per commit (a commit usually belongs to one merged pull request). */
export const PULLS_PER_COMMIT = 5;
/** Labels read per pull request. */
export const LABELS_PER_PULL = 50;

/** A deployment as the first query reads it (GitHub's GraphQL types). */
export type DeploymentNode = Pick<Deployment, "databaseId" | "commitOid" | "createdAt"> & {
  latestStatus: Pick<DeploymentStatus, "state"> | null;
  statuses: { nodes: (Pick<DeploymentStatus, "state" | "createdAt" | "logUrl"> | null)[] | null } | null;
};

/** A pull request as the third query reads it (GitHub's GraphQL types). */
export type PullNode = Pick<PullRequest, "number" | "title" | "url" | "mergedAt" | "state"> & {
  author: { login: string } | null;
  labels: { nodes: (Pick<Label, "name"> | null)[] | null } | null;
};

type CompareData = Awaited<ReturnType<Octokit["rest"]["repos"]["compareCommitsWithBasehead"]>>["data"];

/** The part of the REST compare answer the notes read (Octokit's types). */
export type Comparison = Pick<CompareData, "status" | "ahead_by" | "behind_by" | "total_commits" | "html_url"> & {
  commits: Pick<CompareData["commits"][number], "sha">[];
};

/** The three GitHub calls, in the repository the run belongs to. Each is one request. */
export interface ReleaseNotesPort {
  /** GraphQL `repository.deployments(environments: [environment], first: count)`, newest first. */
  deployments(environment: string, count: number): Promise<DeploymentNode[]>;
  /** REST `GET /repos/{owner}/{repo}/compare/{base}...{head}`, not paged. */
  compare(base: string, head: string): Promise<Comparison>;
  /** GraphQL `associatedPullRequests` of each commit (full SHAs), in one query; by SHA. */
  associatedPullRequests(shas: readonly string[]): Promise<Map<string, PullNode[]>>;
}

export interface ReleasePull {
  number: number;
  title: string;
  url: string;
  /** The author's login (GraphQL spells bots without `[bot]`); "ghost" for a deleted account, as GitHub shows it. */
  author: string;
  labels: string[];
  incident: boolean;
  /** ISO time; null for an open pull request (a branch deployed before its merge). */
  mergedAt: string | null;
}

export interface ReleaseBase {
  sha: string;
  deploymentId: number | undefined;
  /** The log URL of the run that deployed it (its SUCCESS status), when it gave one. */
  url: string | undefined;
  /** When it succeeded (ISO time). */
  deployedAt: string | undefined;
}

export interface ReleaseNotes {
  environment: string;
  /** What the environment ran before; undefined when no earlier successful deployment was found. */
  base: ReleaseBase | undefined;
  head: string;
  /** Oldest merge first; each pull request once. */
  pulls: ReleasePull[];
  /** Commits in the range (GitHub's `total_commits`); 0 without a base. */
  commits: number;
  /** Commits in the range that no pull request brought in (pushed straight to the branch). */
  commitsWithoutPull: number;
  /** Commits the environment runs that the deployed commit lacks (a rollback, or another branch). */
  behindBy: number;
  compareUrl: string | undefined;
  /** Markdown for the summary, the `release-notes` output and the GitHub deployment. */
  markdown: string;
  /** One line, at most 140 characters, for a GitHub deployment status description. */
  summary: string;
  /** GitHub requests made (1 to 3; Octokit's own retries not counted). */
  requests: number;
  /** Some pull requests may be missing: the range holds more commits than GitHub lists, or no base was found among the deployments searched. */
  truncated: boolean;
}

export interface ReleaseNotesRequest {
  /** The GitHub environment, e.g. `production`. */
  environment: string;
  /** The commit being deployed. */
  sha: string;
  /** Labels that mark an incident fix (case-insensitive); default `incident`. */
  incidentLabels?: readonly string[];
  /** Our own deployment for this run, when already created: never its own base. */
  currentDeploymentId?: number;
}

/** The status description limit GitHub documents for deployment statuses. */
export const SUMMARY_LIMIT = 140;

export async function releaseNotes(
  port: ReleaseNotesPort,
  request: ReleaseNotesRequest,
  deps: { log: Logger },
): Promise<ReleaseNotes> {
  const head = request.sha.trim();
  if (head === "") throw new Error("releaseNotes: the commit being deployed (sha) is empty");
  const incidentLabels = new Set((request.incidentLabels ?? ["incident"]).map((label) => label.toLowerCase()));
  const github = counting(port);

  const deployments = await github.deployments(request.environment, DEPLOYMENTS_SEARCHED);
  const base = lastRun(deployments, request.currentDeploymentId);
  const notes: Facts = {
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
  const done = (situation: Situation = "compared") =>
    finish({ ...notes, requests: github.requests }, deps.log, situation);
  if (base === undefined || sameCommit(base.sha, head)) return done();

  let comparison: Comparison;
  try {
    comparison = await github.compare(base.sha, head);
  } catch (error) {
    // 404: a commit GitHub does not have (force-pushed away, or never pushed), or no common history.
    if ((error as { status?: unknown }).status !== 404) throw error;
    deps.log.warning(
      `GitHub cannot compare ${short(base.sha)} (what ${logText(request.environment)} ran) with ${logText(short(head))}: ${describeError(error)}`,
    );
    return done("not-comparable");
  }
  notes.commits = comparison.total_commits;
  notes.behindBy = comparison.behind_by;
  notes.compareUrl = httpsUrl(comparison.html_url);
  notes.truncated = comparison.total_commits > comparison.commits.length;
  // Full SHAs only: they go into the query text as aliases' arguments.
  const shas = comparison.commits.map((commit) => commit.sha).filter((sha) => /^[0-9a-f]{40}$/i.test(sha));
  if (shas.length === 0) return done();

  const byCommit = await github.associatedPullRequests(shas);
  const pulls = new Map<number, ReleasePull>();
  for (const sha of shas) {
    // GitHub answers the merged pull request that brought the commit in (open ones too off the default branch).
    const found = (byCommit.get(sha) ?? []).filter((pull) => pull.state !== "CLOSED");
    if (found.length === 0) notes.commitsWithoutPull += 1;
    for (const pull of found) if (!pulls.has(pull.number)) pulls.set(pull.number, releasePull(pull, incidentLabels));
  }
  // Merge order, oldest first; an open pull request (a branch deployed before its merge) last.
  notes.pulls = [...pulls.values()].sort(
    (a, b) => (a.mergedAt ?? "~").localeCompare(b.mergedAt ?? "~") || a.number - b.number,
  );
  return done();
}

type Facts = Omit<ReleaseNotes, "markdown" | "summary">;

/** The port with a count of the requests sent through it (each call is one request). */
function counting(port: ReleaseNotesPort): ReleaseNotesPort & { readonly requests: number } {
  let requests = 0;
  const sent = <T>(call: () => Promise<T>) => {
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
export async function releaseNotesOrWarning(
  port: ReleaseNotesPort,
  request: ReleaseNotesRequest,
  deps: { log: Logger },
): Promise<ReleaseNotes | undefined> {
  try {
    return await releaseNotes(port, request, deps);
  } catch (error) {
    const explained = explainGitHubError(error, { permissions: RELEASE_NOTES_PERMISSIONS });
    const hint = explained?.hint === undefined ? "" : ` ${explained.hint}`;
    deps.log.warning(`No release notes: ${describeError(explained ?? error)}.${hint}`);
    return undefined;
  }
}

/** What the token needs: deployments (query 1), contents (compare), pull requests (query 3). */
export const RELEASE_NOTES_PERMISSIONS = "deployments: read, contents: read and pull-requests: read";

/** The newest deployment that ran: latest status SUCCESS, or INACTIVE after a SUCCESS. */
export function lastRun(deployments: readonly DeploymentNode[], skipId?: number): ReleaseBase | undefined {
  const newestFirst = [...deployments].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  for (const deployment of newestFirst) {
    if (skipId !== undefined && deployment.databaseId === skipId) continue;
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

function releasePull(pull: PullNode, incidentLabels: ReadonlySet<string>): ReleasePull {
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

type Situation = "compared" | "not-comparable";

function finish(notes: Facts, log: Logger, situation: Situation): ReleaseNotes {
  const full = { ...notes, markdown: "", summary: "" };
  full.markdown = renderMarkdown(full, situation);
  full.summary = summaryLine(full, situation);
  log.info(
    `Release notes for ${logText(notes.environment)}: ${logText(full.summary)} (${notes.requests} GitHub requests)`,
  );
  for (const pull of notes.pulls) {
    log.info(
      `  #${pull.number}${pull.incident ? " [incident]" : ""} ${logText(pull.title)} (@${logText(pull.author)})`,
    );
  }
  return full;
}

// ── rendering ──────────────────────────────────────────────────────────────────────────────────

/** The release notes as Markdown; every string from GitHub is escaped or in a code span. */
export function renderMarkdown(notes: ReleaseNotes, situation: Situation = "compared"): string {
  const environment = markdownText(notes.environment);
  const { base } = notes;
  if (base === undefined) {
    return notes.truncated
      ? `No successful deployment to ${environment} among the last ${DEPLOYMENTS_SEARCHED} on GitHub: nothing to compare with, so no pull requests are listed.`
      : `First recorded deployment to ${environment} on GitHub: nothing to compare with, so no pull requests are listed. The next deployment lists what changed since this one.`;
  }
  const since = `${codeSpan(short(base.sha))}${base.deploymentId === undefined ? "" : ` (deployment ${base.deploymentId}${base.deployedAt === undefined ? "" : `, ${utcMinute(base.deployedAt)}`})`}`;
  if (situation === "not-comparable") {
    return `GitHub cannot compare ${since}, which ${environment} ran last, with ${codeSpan(short(notes.head))} (one of them is not in the repository, e.g. after a force push): no pull requests are listed.`;
  }
  if (sameCommit(base.sha, notes.head)) return `No new commits: ${environment} already runs ${since}.`;
  const incidents = notes.pulls.filter((pull) => pull.incident).length;
  const compare = link("compare", notes.compareUrl);
  const heading = [
    `**${plural(notes.pulls.length, "pull request")}** deployed to ${environment} since ${since}`,
    ...(incidents > 0 ? [`**${plural(incidents, "incident")}**`] : []),
    ...(compare === undefined ? [] : [compare]),
  ].join(" · ");
  const lines = notes.pulls.map(pullLine);
  const notesBelow: string[] = [];
  if (notes.commitsWithoutPull > 0) {
    notesBelow.push(`_${plural(notes.commitsWithoutPull, "commit")} pushed without a pull request._`);
  }
  if (notes.truncated) {
    const listed = Math.min(notes.commits, COMPARE_COMMIT_CAP);
    notesBelow.push(
      `_GitHub lists the newest ${listed} of ${notes.commits.toLocaleString("en-US")} commits: pull requests of the ${(notes.commits - listed).toLocaleString("en-US")} older ones are not shown${notes.compareUrl === undefined ? "" : " (see the comparison)"}._`,
    );
  }
  if (notes.behindBy > 0) {
    notesBelow.push(
      `_${environment} runs ${plural(notes.behindBy, "commit")} that ${codeSpan(short(notes.head))} does not contain (a rollback, or a deployment from another branch): they leave with this deployment._`,
    );
  }
  return [heading, "", ...lines, ...(notesBelow.length > 0 ? ["", ...notesBelow] : [])].join("\n").trimEnd();
}

function pullLine(pull: ReleasePull): string {
  const number = link(`#${pull.number}`, pull.url) ?? `#${pull.number}`;
  const labels = pull.labels.map((label) => ` ${codeSpan(label)}`).join("");
  const open = pull.mergedAt === null ? " _(not merged)_" : "";
  return `- ${pull.incident ? "**incident** " : ""}${number} ${markdownText(pull.title)} (${markdownText(`@${pull.author}`)})${labels}${open}`;
}

/** One line for a deployment status description (≤ 140 characters): numbers only, no external text. */
export function summaryLine(notes: ReleaseNotes, situation: Situation = "compared"): string {
  const { base } = notes;
  if (base === undefined) return "First recorded deployment: no release notes";
  const since = `since ${short(base.sha)}`;
  if (situation === "not-comparable") return `Cannot compare with ${short(base.sha)}: no release notes`;
  if (sameCommit(base.sha, notes.head)) return `No new commits ${since}`;
  if (notes.pulls.length === 0) return `${plural(notes.commits, "commit")} ${since}, no pull requests`;
  const incidents = notes.pulls.filter((pull) => pull.incident).length;
  const head = `${notes.pulls.length}${notes.truncated ? "+" : ""} PR${notes.pulls.length === 1 ? "" : "s"} ${since}:`;
  const tail = incidents > 0 ? ` (${plural(incidents, "incident")})` : "";
  // Incident PRs are named first when not every number fits; the shown numbers stay in merge order.
  const ordered = [...notes.pulls.filter((pull) => pull.incident), ...notes.pulls.filter((pull) => !pull.incident)];
  const shown = new Set<number>();
  const room = SUMMARY_LIMIT - head.length - tail.length - " …".length;
  let used = 0;
  for (const pull of ordered) {
    const cost = ` #${pull.number}`.length;
    if (used + cost > room) break;
    shown.add(pull.number);
    used += cost;
  }
  const numbers = notes.pulls.filter((pull) => shown.has(pull.number)).map((pull) => ` #${pull.number}`);
  const more = shown.size < notes.pulls.length ? " …" : "";
  return `${head}${numbers.join("")}${more}${tail}`.slice(0, SUMMARY_LIMIT);
}

function short(sha: string): string {
  return /^[0-9a-f]{40}$/i.test(sha) ? sha.slice(0, 7) : sha.slice(0, 40);
}

function sameCommit(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x === y || (/^[0-9a-f]{7,40}$/.test(x) && /^[0-9a-f]{7,40}$/.test(y) && (x.startsWith(y) || y.startsWith(x)));
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;
}

function utcMinute(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? "" : `${new Date(time).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A Markdown link to a URL GitHub gave, only when it is a plain https URL that cannot break out of `(…)`. */
function link(text: string, url: string | undefined): string | undefined {
  const safe = httpsUrl(url);
  return safe === undefined ? undefined : `[${text}](${safe})`;
}

function httpsUrl(url: unknown): string | undefined {
  return typeof url === "string" && /^https:\/\/[^\s()<>[\]`"'\\]+$/.test(url) ? url : undefined;
}
