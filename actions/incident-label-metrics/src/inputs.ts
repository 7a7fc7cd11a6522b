import { compileGlob, GlobError, InputError, Inputs, parseDuration } from "@sre-actions/core";
import { branchNameProblem } from "./branch-name.js";
import type { BucketSize } from "./buckets.js";
import { DATADOG_INPUTS, type DatadogInputs, parseDatadogInputs } from "./datadog.js";
import type { Exclusions } from "./filters.js";
import type { DeploymentSource, RepoRef } from "./model.js";
import type { DoraReport } from "./tiers.js";

/** The public contract: input names, required flags and defaults exactly as in action.yml. */
export const INPUTS = {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as action.yml spells it
  "github-token": { default: "${{ github.token }}", secret: true },
  // No default: the runner would fill in `${{ github.repository }}` and then `repositories` could never be used.
  repository: { example: "acme/shop" },
  repositories: { example: "acme/*" },
  mode: {},
  "incident-labels": { default: "incident" },
  "incident-source": { default: "pull-requests" },
  "rework-labels": { default: "incident,hotfix,bug" },
  "restore-on-rollback": { default: "true" },
  "deployment-source": { default: "merged-prs" },
  "base-branch": {},
  environment: { default: "^prod" },
  workflow: { example: "deploy.yml" },
  since: {},
  until: {},
  window: { default: "28d" },
  bucket: { default: "week" },
  timezone: { default: "UTC" },
  "exclude-bots": { default: "true" },
  "exclude-labels": {},
  "exclude-authors": {},
  paths: {},
  "dora-report": { default: "2024" },
  "output-dir": {},
  reports: { example: "reports" },
  comment: { default: "true" },
  ...DATADOG_INPUTS,
} as const;

export const OUTPUTS = [
  "deployments",
  "deployment-frequency",
  "lead-time-hours",
  "change-failure-rate",
  "failed-deployment-recovery-time-hours",
  "time-to-restore-hours",
  "rework-rate",
  "incidents",
  "deployment-frequency-tier",
  "lead-time-tier",
  "change-failure-rate-tier",
  "failed-deployment-recovery-time-tier",
  "time-to-restore-tier",
  "rework-rate-tier",
  "report-json",
  "report-csv",
] as const;

export type OutputName = (typeof OUTPUTS)[number];

export type Mode = "incident" | "report" | "merge";
export const MODES: readonly Mode[] = ["incident", "report", "merge"];
export type IncidentSource = "pull-requests" | "issues" | "both";
export const INCIDENT_SOURCES: readonly IncidentSource[] = ["pull-requests", "issues", "both"];
export const SOURCES: readonly DeploymentSource[] = ["merged-prs", "deployments", "workflow-runs", "releases"];
export const REPORTS: readonly DoraReport[] = ["2024", "2023", "2021"];
const BUCKETS: readonly BucketSize[] = ["week", "month"];

/** The report window as the user wrote it; `resolveWindow` turns it into instants once the clock is known. */
export interface WindowInput {
  since: number | undefined;
  until: number | undefined;
  lengthMs: number;
}

/** `repositories`: names, or `owner/*` for every repository of an owner (listed when the run starts). */
export interface RepositorySelection {
  names: RepoRef[];
  /** Owners whose every (non-archived, non-fork) repository is included. */
  owners: string[];
}

export interface IncidentLabelMetricsInputs {
  githubToken: string;
  /** Empty: the workflow's own repository. */
  repositories: RepositorySelection;
  /** Undefined: incident on pull_request events, report otherwise. */
  mode: Mode | undefined;
  incidentLabels: string[];
  incidentSource: IncidentSource;
  reworkLabels: string[];
  restoreOnRollback: boolean;
  deploymentSource: DeploymentSource;
  baseBranch: string | undefined;
  environment: RegExp;
  workflow: string | undefined;
  window: WindowInput;
  bucket: BucketSize;
  timeZone: string;
  exclusions: Exclusions;
  doraReport: DoraReport;
  /** Undefined: `$RUNNER_TEMP/dora`. */
  outputDir: string | undefined;
  /** merge mode: the folder holding the matrix jobs' `dora-report.json` files (searched recursively). */
  reports: string | undefined;
  comment: boolean;
  /** DORA events and failed-deployment marks (incident mode, backfill), when datadog-api-key is set. */
  datadog: DatadogInputs;
}

const REPOSITORY = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/;

/** Reads and validates every input; nothing is fetched before this succeeds. */
export function parseInputs(inputs = new Inputs(INPUTS)): IncidentLabelMetricsInputs {
  const githubToken = inputs.secret("github-token");
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the example is a GitHub expression
  if (githubToken === undefined) throw new InputError("github-token", "is required", "${{ secrets.GITHUB_TOKEN }}");
  const repositories = parseRepositories(inputs);
  const mode = inputs.enum("mode", MODES);
  const reports = inputs.string("reports");
  if (mode === "merge" && reports === undefined) {
    throw new InputError(
      "reports",
      'is required when mode is "merge" (the folder the report artifacts were downloaded to)',
      "reports",
    );
  }

  const deploymentSource = inputs.enum("deployment-source", SOURCES);
  const workflow = inputs.string("workflow");
  if (deploymentSource === "workflow-runs" && workflow === undefined) {
    throw new InputError("workflow", 'is required when deployment-source is "workflow-runs"', "deploy.yml");
  }

  const timeZone = inputs.timeZone("timezone");
  const paths = inputs.list("paths");
  for (const glob of paths) {
    try {
      compileGlob(glob, { path: true });
    } catch (error) {
      if (!(error instanceof GlobError)) throw error;
      throw new InputError("paths", `has an invalid glob ${JSON.stringify(glob)}: ${error.message}`, "services/api/**");
    }
  }

  return {
    githubToken,
    repositories,
    mode,
    incidentLabels: lowerList(inputs, "incident-labels"),
    incidentSource: inputs.enum("incident-source", INCIDENT_SOURCES),
    reworkLabels: lowerList(inputs, "rework-labels"),
    restoreOnRollback: inputs.boolean("restore-on-rollback"),
    deploymentSource,
    baseBranch: branchName(inputs.string("base-branch")),
    environment: parseRegex(inputs.string("environment")),
    workflow,
    window: parseWindow(inputs, timeZone),
    bucket: inputs.enum("bucket", BUCKETS),
    timeZone,
    exclusions: {
      excludeBots: inputs.boolean("exclude-bots"),
      excludeLabels: lowerList(inputs, "exclude-labels"),
      excludeAuthors: lowerList(inputs, "exclude-authors"),
      paths,
    },
    doraReport: parseDoraReport(inputs),
    outputDir: inputs.string("output-dir"),
    reports,
    comment: inputs.boolean("comment"),
    datadog: parseDatadogInputs(inputs),
  };
}

/**
 * DORA's 2025 report has no per-metric bands to place a team in: it replaced the performance
 * clusters with seven team profiles built from measures GitHub does not hold (README, DORA tiers).
 */
function parseDoraReport(inputs: Inputs<typeof INPUTS>): DoraReport {
  if (inputs.string("dora-report") === "2025")
    throw new InputError(
      "dora-report",
      "cannot be 2025: DORA's 2025 report publishes no per-metric tiers (it replaced the performance clusters with seven team profiles that need survey measures GitHub does not hold); 2024 has DORA's latest per-metric bands",
      "2024",
    );
  return inputs.enum("dora-report", REPORTS);
}

function parseRepositories(inputs: Inputs<typeof INPUTS>): RepositorySelection {
  const listed = inputs.list("repositories");
  if (listed.length > 0 && inputs.isSet("repository")) {
    throw new InputError(
      "repositories",
      "cannot be combined with repository; list them all in repositories",
      "acme/shop, acme/payments",
    );
  }
  const selection: RepositorySelection = { names: [], owners: [] };
  for (const name of listed) {
    const owner = /^([A-Za-z0-9-]+)\/\*$/.exec(name)?.[1];
    if (owner !== undefined) selection.owners.push(owner);
    else selection.names.push(repoRef("repositories", name, "acme/shop or acme/*"));
  }
  if (listed.length === 0) selection.names = inputs.list("repository").map((name) => repoRef("repository", name));
  return selection;
}

export function repoRef(input: string, name: string, example = "acme/shop"): RepoRef {
  // GitHub owner names are at most 39 characters and repository names at most 100.
  const match = name.length > 140 ? null : REPOSITORY.exec(name);
  if (match === null) throw new InputError(input, `must be owner/name; got "${name}"`, example);
  return { owner: match[1] ?? "", repo: match[2] ?? "" };
}

/** A branch name as git accepts it: a newline or `..` would change the GraphQL search it goes into. */
function branchName(text: string | undefined): string | undefined {
  const problem = text === undefined ? undefined : branchNameProblem(text);
  if (problem !== undefined) throw new InputError("base-branch", `${problem}; it must be a branch name`, "main");
  return text;
}

function lowerList(inputs: Inputs<typeof INPUTS>, name: keyof typeof INPUTS): string[] {
  return inputs.list(name).map((item) => item.toLowerCase());
}

function parseRegex(text: string): RegExp {
  try {
    return new RegExp(text, "i");
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InputError("environment", `must be a regular expression (${detail}); got "${text}"`, "^prod");
  }
}

/** `since`/`until` dates (read in the time zone) or a `window` ending at `until` (default now). */
function parseWindow(inputs: Inputs<typeof INPUTS>, timeZone: string): WindowInput {
  const until = inputs.dateTime("until", timeZone)?.getTime();
  const since = inputs.dateTime("since", timeZone)?.getTime();
  if (since !== undefined && inputs.isSet("window")) {
    throw new InputError("window", "cannot be combined with since; set since/until or window", "28d");
  }
  const text = inputs.string("window");
  const lengthMs = parseDuration(text);
  if (lengthMs === undefined) {
    throw new InputError("window", `must be a duration like 7d, 4w or 90d; got "${text}"`, "28d");
  }
  const window = { since, until, lengthMs };
  if (since !== undefined && until !== undefined) resolveWindow(window, until);
  return window;
}

/** The window's instants, `until` defaulting to now. */
export function resolveWindow(window: WindowInput, now: number): { since: number; until: number } {
  const until = window.until ?? now;
  const since = window.since ?? until - window.lengthMs;
  if (since >= until) throw new InputError("since", "must be before until", "2026-10-01 with until 2026-11-01");
  return { since, until };
}
