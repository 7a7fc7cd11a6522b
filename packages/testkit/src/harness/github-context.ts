/** The event a workflow run was triggered by: its name and the webhook payload. */
export interface WorkflowEvent {
  name: string;
  payload: unknown;
}

export const DEFAULT_REPOSITORY = "acme/app";
export const DEFAULT_SHA = "7c1e2b1d9a4f3e6b8c0d5a2f1e9b7c3d4a6f8e0b";
const DEFAULT_ACTOR = "octocat";

/** The event used when a test gives none: a manual run on the default branch. */
export function defaultEvent(repository: string, ref: string): WorkflowEvent {
  const [owner = "", name = ""] = repository.split("/");
  return {
    name: "workflow_dispatch",
    payload: {
      inputs: {},
      ref,
      repository: { full_name: repository, name, owner: { login: owner }, default_branch: "main" },
      sender: { login: DEFAULT_ACTOR },
      workflow: ".github/workflows/ci.yml",
    },
  };
}

interface Refs {
  ref: string;
  sha: string;
  headRef: string;
  baseRef: string;
}

/**
 * GITHUB_REF/SHA/HEAD_REF/BASE_REF as the runner derives them from the event
 * ("Events that trigger workflows" in the GitHub docs lists the ref and sha per event).
 */
export function refsFromEvent(event: WorkflowEvent): Refs {
  const p = event.payload;
  const defaultBranchRef = `refs/heads/${str(p, "repository", "default_branch") ?? "main"}`;
  const pr = (n: number | undefined) => (n === undefined ? defaultBranchRef : `refs/pull/${n}/merge`);
  const prNumber = num(p, "number") ?? num(p, "pull_request", "number");
  const none = { headRef: "", baseRef: "" };

  switch (event.name) {
    case "pull_request":
      return {
        ref: pr(prNumber),
        // The merge commit of refs/pull/<n>/merge; examples often have it null, then the head.
        sha: str(p, "pull_request", "merge_commit_sha") ?? str(p, "pull_request", "head", "sha") ?? DEFAULT_SHA,
        headRef: str(p, "pull_request", "head", "ref") ?? "",
        baseRef: str(p, "pull_request", "base", "ref") ?? "",
      };
    case "pull_request_target": {
      const base = str(p, "pull_request", "base", "ref");
      return {
        ref: base === undefined ? defaultBranchRef : `refs/heads/${base}`,
        sha: str(p, "pull_request", "base", "sha") ?? DEFAULT_SHA,
        headRef: str(p, "pull_request", "head", "ref") ?? "",
        baseRef: base ?? "",
      };
    }
    case "pull_request_review":
    case "pull_request_review_comment":
      return {
        ref: pr(prNumber),
        sha: str(p, "pull_request", "merge_commit_sha") ?? str(p, "pull_request", "head", "sha") ?? DEFAULT_SHA,
        ...none,
      };
    case "push":
      return { ref: str(p, "ref") ?? defaultBranchRef, sha: str(p, "after") ?? DEFAULT_SHA, ...none };
    case "create":
    case "delete": {
      const name = str(p, "ref");
      const kind = str(p, "ref_type") === "tag" ? "tags" : "heads";
      return { ref: name === undefined ? defaultBranchRef : `refs/${kind}/${name}`, sha: DEFAULT_SHA, ...none };
    }
    case "release": {
      const tag = str(p, "release", "tag_name");
      return { ref: tag === undefined ? defaultBranchRef : `refs/tags/${tag}`, sha: DEFAULT_SHA, ...none };
    }
    case "merge_group":
      return {
        ref: str(p, "merge_group", "head_ref") ?? defaultBranchRef,
        sha: str(p, "merge_group", "head_sha") ?? DEFAULT_SHA,
        ...none,
      };
    case "workflow_dispatch":
      return { ref: str(p, "ref") ?? defaultBranchRef, sha: DEFAULT_SHA, ...none };
    default:
      return { ref: defaultBranchRef, sha: DEFAULT_SHA, ...none };
  }
}

/** `refs/heads/main` → main, `refs/pull/7/merge` → 7/merge, `refs/tags/v1` → v1. */
export function refName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags|pull)\//, "");
}

/**
 * The GITHUB_* and RUNNER_* variables a hosted runner sets for a step, derived from the event.
 * `overrides` (the test's env) win; GITHUB_REPOSITORY and GITHUB_REF given there also feed
 * the variables derived from them (owner, ref name, ref type).
 */
export function githubEnvironment(event: WorkflowEvent, overrides: Record<string, string>): Record<string, string> {
  const p = event.payload;
  const repository = overrides["GITHUB_REPOSITORY"] ?? str(p, "repository", "full_name") ?? DEFAULT_REPOSITORY;
  const refs = refsFromEvent(event);
  const ref = overrides["GITHUB_REF"] ?? refs.ref;
  const sha = overrides["GITHUB_SHA"] ?? refs.sha;
  const actor = str(p, "sender", "login") ?? DEFAULT_ACTOR;
  return {
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_ACTION: "__self",
    GITHUB_ACTOR: actor,
    GITHUB_ACTOR_ID: String(num(p, "sender", "id") ?? 583231),
    GITHUB_TRIGGERING_ACTOR: actor,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_ID: String(num(p, "repository", "id") ?? 123456789),
    GITHUB_REPOSITORY_OWNER: repository.split("/")[0] ?? "",
    GITHUB_REPOSITORY_OWNER_ID: String(num(p, "repository", "owner", "id") ?? 1234567),
    GITHUB_REF: ref,
    GITHUB_REF_NAME: refName(ref),
    GITHUB_REF_TYPE: ref.startsWith("refs/tags/") ? "tag" : "branch",
    GITHUB_REF_PROTECTED: "false",
    GITHUB_SHA: sha,
    GITHUB_HEAD_REF: refs.headRef,
    GITHUB_BASE_REF: refs.baseRef,
    GITHUB_RUN_ID: "9876543210",
    GITHUB_RUN_NUMBER: "42",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_RETENTION_DAYS: "90",
    GITHUB_WORKFLOW: "CI",
    GITHUB_WORKFLOW_REF: `${repository}/.github/workflows/ci.yml@${ref}`,
    GITHUB_WORKFLOW_SHA: sha,
    GITHUB_JOB: "run",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_API_URL: "https://api.github.com",
    GITHUB_GRAPHQL_URL: "https://api.github.com/graphql",
    RUNNER_OS: "Linux",
    RUNNER_ARCH: "X64",
    RUNNER_NAME: "GitHub Actions 1",
    RUNNER_ENVIRONMENT: "github-hosted",
  };
}

function at(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function str(value: unknown, ...path: string[]): string | undefined {
  const found = at(value, path);
  return typeof found === "string" && found !== "" ? found : undefined;
}

function num(value: unknown, ...path: string[]): number | undefined {
  const found = at(value, path);
  return typeof found === "number" ? found : undefined;
}
