import { existsSync, readFileSync } from "node:fs";
import { ActionError } from "./errors.js";

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
  /**
   * Runner variables that were not set (a local runner, another CI): the fields built from them
   * are empty. Code that needs one calls `requireRunVariables`, which names what is missing.
   */
  missing?: readonly RunVariable[];
}

/** The runner variables a run context is built from. */
export const RUN_VARIABLES = [
  "GITHUB_REPOSITORY",
  "GITHUB_REF",
  "GITHUB_SHA",
  "GITHUB_RUN_ID",
  "GITHUB_ACTOR",
  "GITHUB_EVENT_NAME",
  "GITHUB_EVENT_PATH",
] as const;
export type RunVariable = (typeof RUN_VARIABLES)[number];

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
  const pull = record(payload["pull_request"]);
  let branch = refBranch(context.ref);
  let sha = context.sha;
  let pullRequest: PullRequestRef | undefined;
  if (PULL_REQUEST_EVENTS.has(context.eventName) && pull !== undefined) {
    const head = record(pull["head"]);
    branch = text(head?.["ref"]) ?? branch;
    sha = text(head?.["sha"]) ?? sha;
    const number = typeof pull["number"] === "number" ? pull["number"] : Number(payload["number"]);
    pullRequest = {
      number,
      url: text(pull["html_url"]) ?? `${repoUrl}/pull/${number}`,
      labels: labelNames(pull["labels"]),
      merged: pull["merged"] === true,
      ...(text(pull["state"]) === undefined ? {} : { state: text(pull["state"]) as string }),
    };
  } else if (context.eventName === "issue_comment") {
    const issue = record(payload["issue"]);
    if (issue !== undefined && record(issue["pull_request"]) !== undefined && typeof issue["number"] === "number") {
      pullRequest = {
        number: issue["number"],
        url: text(issue["html_url"]) ?? `${repoUrl}/pull/${issue["number"]}`,
        labels: labelNames(issue["labels"]),
        ...(text(issue["state"]) === undefined ? {} : { state: text(issue["state"]) as string }),
      };
    }
  } else if (context.eventName === "push") {
    sha = text(payload["after"]) ?? sha;
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

/**
 * The run context from the runner's variables and event file, as `@actions/github` reads them but
 * without throwing: what is not set is listed in `missing` and its fields stay empty, so a run
 * that does not need them (a dry run, a status read) works anywhere.
 */
export function environmentRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const value = (name: string) => {
    const text = env[name]?.trim();
    return text === undefined || text === "" ? undefined : text;
  };
  const missing = RUN_VARIABLES.filter((name) => value(name) === undefined);
  let payload: Record<string, unknown> = {};
  const eventPath = value("GITHUB_EVENT_PATH");
  if (eventPath !== undefined && existsSync(eventPath)) {
    payload = record(JSON.parse(readFileSync(eventPath, "utf8")) as unknown) ?? {};
  }
  const fromPayload = record(payload["repository"]);
  const [owner = "", repo = ""] =
    value("GITHUB_REPOSITORY")?.split("/") ??
    [text(record(fromPayload?.["owner"])?.["login"]), text(fromPayload?.["name"])].map((part) => part ?? "");
  const context = runContext({
    eventName: value("GITHUB_EVENT_NAME") ?? "",
    payload,
    ref: value("GITHUB_REF") ?? "",
    sha: value("GITHUB_SHA") ?? "",
    actor: value("GITHUB_ACTOR") ?? "",
    runId: Number(value("GITHUB_RUN_ID") ?? 0),
    serverUrl: value("GITHUB_SERVER_URL") ?? "https://github.com",
    repo: { owner, repo },
  });
  // The payload may name the repository when the variable is missing: then it is not missing.
  const found = owner !== "" && repo !== "";
  return { ...context, missing: missing.filter((name) => !(name === "GITHUB_REPOSITORY" && found)) };
}

/**
 * Fails with a message naming the runner variables a step needs and does not have, and why it
 * needs them: `GITHUB_REF is not set: needed to know the branch to record.`
 */
export function requireRunVariables(context: RunContext, names: readonly RunVariable[], purpose: string): void {
  const absent = names.filter((name) => context.missing?.includes(name));
  if (absent.length === 0) return;
  const list = absent.join(", ");
  throw new ActionError(`${list} ${absent.length === 1 ? "is" : "are"} not set: needed ${purpose}.`, {
    hint: `The GitHub Actions runner sets ${absent.length === 1 ? "it" : "them"}; outside it, set ${absent.map(exampleOf).join(" ")} in the step's environment.`,
  });
}

function exampleOf(name: RunVariable): string {
  const examples: Record<RunVariable, string> = {
    GITHUB_REPOSITORY: "acme/app",
    GITHUB_REF: "refs/heads/main",
    GITHUB_SHA: "<40-hex commit>",
    GITHUB_RUN_ID: "1234567890",
    GITHUB_ACTOR: "<login>",
    GITHUB_EVENT_NAME: "workflow_dispatch",
    GITHUB_EVENT_PATH: "<path to the event JSON>",
  };
  return `${name}=${examples[name]}`;
}

/** `refs/heads/feature/x` → `feature/x`; `refs/tags/v1` → `v1`; a PR merge ref (or none) has no branch. */
function refBranch(ref: string | undefined): string | undefined {
  if (ref === undefined || ref.startsWith("refs/pull/")) return undefined;
  const name = ref.replace(/^refs\/(heads|tags)\//, "");
  return name === "" ? undefined : name;
}

function labelNames(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((label) => {
    const name = typeof label === "string" ? label : text(record(label)?.["name"]);
    return name === undefined ? [] : [name];
  });
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
