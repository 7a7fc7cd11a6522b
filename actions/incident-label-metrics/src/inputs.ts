import os from "node:os";
import path from "node:path";
import { InputError, type Inputs, parseDuration } from "@sre-actions/core";
import picomatch from "picomatch";
import type { BucketSize } from "./buckets.js";
import type { Exclusions } from "./filters.js";
import type { DeploymentSource, RepoRef } from "./model.js";
import type { DoraReport } from "./tiers.js";

/** The public contract: input names, required flags and defaults exactly as in action.yml. */
export const INPUTS = {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as action.yml spells it
  "github-token": { default: "${{ github.token }}" },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as action.yml spells it
  repository: { default: "${{ github.repository }}" },
  mode: {},
  "incident-labels": { default: "incident" },
  "deployment-source": { default: "merged-prs" },
  "base-branch": {},
  environment: { default: "^prod" },
  workflow: {},
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
  comment: { default: "true" },
} as const satisfies Record<string, { required?: boolean; default?: string }>;

export const OUTPUTS = [
  "deployments",
  "deployment-frequency",
  "lead-time-hours",
  "change-failure-rate",
  "time-to-restore-hours",
  "rework-rate",
  "incidents",
  "deployment-frequency-tier",
  "lead-time-tier",
  "change-failure-rate-tier",
  "time-to-restore-tier",
  "rework-rate-tier",
  "report-json",
  "report-csv",
] as const;

export type OutputName = (typeof OUTPUTS)[number];

export type Mode = "incident" | "report";
export const MODES: readonly Mode[] = ["incident", "report"];
export const SOURCES: readonly DeploymentSource[] = ["merged-prs", "deployments", "workflow-runs", "releases"];
export const REPORTS: readonly DoraReport[] = ["2024", "2023", "2021"];

export interface MetricsInputs {
  githubToken: string;
  repositories: RepoRef[];
  mode: Mode;
  incidentLabels: string[];
  deploymentSource: DeploymentSource;
  baseBranch: string | undefined;
  environment: RegExp;
  workflow: string | undefined;
  since: number;
  until: number;
  bucket: BucketSize;
  timeZone: string;
  exclusions: Exclusions;
  doraReport: DoraReport;
  outputDir: string;
  comment: boolean;
}

/** What the runner tells us besides the inputs. */
export interface RunContext {
  eventName: string;
  /** `owner/name` of the workflow's repository. */
  repository: string;
  runnerTemp: string | undefined;
  now: number;
}

const REPOSITORY = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/;

/** Reads and validates every input; nothing is fetched before this succeeds. */
export function parseInputs(inputs: Inputs, context: RunContext): MetricsInputs {
  const githubToken = inputs.secret("github-token", { required: true }) ?? "";
  const repositories = (inputs.list("repository").length > 0 ? inputs.list("repository") : [context.repository])
    .filter((name) => name !== "")
    .map((name) => {
      const match = REPOSITORY.exec(name);
      if (match === null) throw new InputError("repository", `must be owner/name; got "${name}"`, "acme/shop");
      return { owner: match[1] ?? "", repo: match[2] ?? "" };
    });
  if (repositories.length === 0) throw new InputError("repository", "is required", "acme/shop");

  const mode = inputs.enum("mode", MODES, context.eventName.startsWith("pull_request") ? "incident" : "report");
  const deploymentSource = inputs.enum("deployment-source", SOURCES, "merged-prs");
  const workflow = inputs.string("workflow");
  if (deploymentSource === "workflow-runs" && workflow === undefined) {
    throw new InputError("workflow", 'is required when deployment-source is "workflow-runs"', "deploy.yml");
  }

  const timeZone = inputs.timeZone("timezone");
  const { since, until } = parseWindow(inputs, timeZone, context.now);

  const paths = inputs.list("paths");
  for (const glob of paths) {
    try {
      picomatch.makeRe(glob);
    } catch {
      throw new InputError("paths", `has an invalid glob "${glob}"`, "services/api/**");
    }
  }

  return {
    githubToken,
    repositories,
    mode,
    incidentLabels: lowerList(inputs, "incident-labels", ["incident"]),
    deploymentSource,
    baseBranch: inputs.string("base-branch"),
    environment: parseRegex(inputs.string("environment") ?? "^prod"),
    workflow,
    since,
    until,
    bucket: inputs.enum("bucket", ["week", "month"] as const, "week"),
    timeZone,
    exclusions: {
      excludeBots: inputs.boolean("exclude-bots", true),
      excludeLabels: lowerList(inputs, "exclude-labels", []),
      excludeAuthors: lowerList(inputs, "exclude-authors", []),
      paths,
    },
    doraReport: inputs.enum("dora-report", REPORTS, "2024"),
    outputDir: path.resolve(inputs.string("output-dir") ?? path.join(context.runnerTemp ?? os.tmpdir(), "dora")),
    comment: inputs.boolean("comment", true),
  };
}

function lowerList(inputs: Inputs, name: string, fallback: string[]): string[] {
  const list = inputs.list(name).map((item) => item.toLowerCase());
  return list.length > 0 ? list : fallback;
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
function parseWindow(inputs: Inputs, timeZone: string, now: number): { since: number; until: number } {
  const until = inputs.dateTime("until", timeZone)?.getTime() ?? now;
  const since = inputs.dateTime("since", timeZone)?.getTime();
  const windowText = inputs.string("window");
  if (since !== undefined && windowText !== undefined && windowText !== INPUTS.window.default) {
    throw new InputError("window", "cannot be combined with since; set since/until or window", "28d");
  }
  let start = since;
  if (start === undefined) {
    const windowMs = parseDuration(windowText ?? INPUTS.window.default);
    if (windowMs === undefined) {
      throw new InputError("window", `must be a duration like 7d, 4w or 90d; got "${windowText}"`, "28d");
    }
    start = until - windowMs;
  }
  if (start >= until) {
    throw new InputError("since", "must be before until", "2026-10-01 with until 2026-11-01");
  }
  return { since: start, until };
}
