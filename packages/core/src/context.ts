/** What a run knows about itself from the GitHub context: who runs what, from where. */
export interface RunContext {
  eventName: string;
  owner: string;
  repo: string;
  /** `owner/repo`. */
  repository: string;
  ref: string;
  /** Branch (or tag) name the run is for; on pull_request events the PR's head branch. */
  branch: string | undefined;
  sha: string;
  actor: string;
  serverUrl: string;
  runUrl: string;
  commitUrl: string;
  /** The pull request the event is about: pull_request events, and issue_comment on a pull request. */
  pullRequest: PullRequestRef | undefined;
  /** The event payload as the runner wrote it, for event-specific fields (comment bodies, inputs). */
  payload: Record<string, unknown>;
}

export interface PullRequestRef {
  number: number;
  url: string;
  labels: string[];
  /** Only known from pull_request events. */
  merged?: boolean;
  /** `open` or `closed`, when the payload says. */
  state?: string;
}

/** The parts of `@actions/github`'s context we read (plain data, so tests build it by hand). */
export interface GitHubContextLike {
  eventName: string;
  payload: Record<string, unknown>;
  ref: string;
  sha: string;
  actor: string;
  runId: number;
  serverUrl: string;
  repo: { owner: string; repo: string };
}

const PULL_REQUEST_EVENTS = new Set(["pull_request", "pull_request_target", "pull_request_review"]);

/** push, pull_request, issue_comment and workflow_dispatch as the runner reports them. */
export function runContext(context: GitHubContextLike): RunContext {
  const { owner, repo } = context.repo;
  const repoUrl = `${context.serverUrl}/${owner}/${repo}`;
  const payload = context.payload ?? {};
  const pull = record(payload.pull_request);
  let branch = refBranch(context.ref);
  let sha = context.sha;
  let pullRequest: PullRequestRef | undefined;
  if (PULL_REQUEST_EVENTS.has(context.eventName) && pull !== undefined) {
    const head = record(pull.head);
    branch = text(head?.ref) ?? branch;
    sha = text(head?.sha) ?? sha;
    const number = typeof pull.number === "number" ? pull.number : Number(payload.number);
    pullRequest = {
      number,
      url: text(pull.html_url) ?? `${repoUrl}/pull/${number}`,
      labels: labelNames(pull.labels),
      merged: pull.merged === true,
      ...(text(pull.state) === undefined ? {} : { state: text(pull.state) as string }),
    };
  } else if (context.eventName === "issue_comment") {
    const issue = record(payload.issue);
    if (issue !== undefined && record(issue.pull_request) !== undefined && typeof issue.number === "number") {
      pullRequest = {
        number: issue.number,
        url: text(issue.html_url) ?? `${repoUrl}/pull/${issue.number}`,
        labels: labelNames(issue.labels),
        ...(text(issue.state) === undefined ? {} : { state: text(issue.state) as string }),
      };
    }
  } else if (context.eventName === "push") {
    sha = text(payload.after) ?? sha;
  }
  return {
    eventName: context.eventName,
    owner,
    repo,
    repository: `${owner}/${repo}`,
    ref: context.ref,
    branch,
    sha,
    actor: context.actor,
    serverUrl: context.serverUrl,
    runUrl: `${repoUrl}/actions/runs/${context.runId}`,
    commitUrl: `${repoUrl}/commit/${sha}`,
    pullRequest,
    payload,
  };
}

/** `refs/heads/feature/x` → `feature/x`; `refs/tags/v1` → `v1`; a PR merge ref has no branch. */
function refBranch(ref: string): string | undefined {
  if (ref.startsWith("refs/pull/")) return undefined;
  const name = ref.replace(/^refs\/(heads|tags)\//, "");
  return name === "" ? undefined : name;
}

function labelNames(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((label) => {
    const name = typeof label === "string" ? label : text(record(label)?.name);
    return name === undefined ? [] : [name];
  });
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
