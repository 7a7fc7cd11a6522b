import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { ActionError, type Logger } from "@sre-actions/core";
import type { ApiUsage, GitHubApi } from "./api.js";
import { attributeIncident } from "./attribution.js";
import { type CollectedRepo, collectRepo } from "./collect.js";
import { type IncidentView, renderIncidentComment, upsertIncidentComment } from "./comment.js";
import { isIncident } from "./filters.js";
import type { MetricsInputs } from "./inputs.js";
import { computeMetrics, type MetricOptions, type Metrics } from "./metrics.js";
import { type PullRecord, type RepoRef, repoName } from "./model.js";
import { toPullRecord } from "./pulls.js";
import { PULL_QUERY, type PullData } from "./queries.js";
import { renderCsv, renderJson } from "./report.js";
import { DAY } from "./stats.js";

export interface RunDependencies {
  api: GitHubApi;
  log: Logger;
  now: number;
  /** The pull request of a pull_request event (incident mode). */
  pullRequestNumber: number | undefined;
}

export interface IncidentOutcome {
  view: IncidentView;
  comment: { action: "created" | "updated"; id: number } | undefined;
}

export interface RunResult {
  mode: "report" | "incident";
  /** Set when incident mode had nothing to do (e.g. the PR has no incident label). */
  skipped: string | undefined;
  repositories: { repo: string; base: string; metrics: Metrics }[];
  combined: Metrics | undefined;
  files: { json: string; csv: string } | undefined;
  incident: IncidentOutcome | undefined;
  usage: ApiUsage;
}

/** A window that ended over a week ago is fetched by a narrow search instead of the whole PR list. */
const HISTORICAL_MS = 7 * DAY;

export async function run(inputs: MetricsInputs, deps: RunDependencies): Promise<RunResult> {
  const { api, log } = deps;
  const empty = { repositories: [], combined: undefined, files: undefined, incident: undefined, usage: api.usage };
  let incidentPull: IncidentPull | undefined;
  if (inputs.mode === "incident") {
    if (deps.pullRequestNumber === undefined) {
      throw new ActionError('mode "incident" needs a pull_request event', {
        hint: 'Run it on pull_request (types: [labeled, closed]) or set mode: "report".',
      });
    }
    const ref = inputs.repositories[0] as RepoRef;
    incidentPull = await readPull(api, ref, deps.pullRequestNumber, inputs.exclusions.paths.length > 0);
    const skipped =
      incidentPull === undefined || !isIncident(incidentPull.record, inputs.incidentLabels)
        ? `PR #${deps.pullRequestNumber} has no incident label (${inputs.incidentLabels.join(", ")}): nothing to measure`
        : incidentPull.closedUnmerged
          ? `PR #${deps.pullRequestNumber} was closed without merging: nothing to measure`
          : undefined;
    if (skipped !== undefined) {
      log.info(skipped);
      return { mode: "incident", skipped, ...empty };
    }
  }

  const options: MetricOptions = {
    since: inputs.since,
    until: inputs.until,
    timeZone: inputs.timeZone,
    bucket: inputs.bucket,
    incidentLabels: inputs.incidentLabels,
    exclusions: inputs.exclusions,
  };
  const collected: CollectedRepo[] = [];
  for (const ref of inputs.repositories) {
    const extra =
      incidentPull !== undefined && repoName(incidentPull.ref) === repoName(ref) ? [incidentPull.record] : [];
    collected.push(
      await log.group(`Fetch ${repoName(ref)}`, () =>
        collectRepo(
          api,
          ref,
          {
            since: inputs.since,
            until: inputs.until,
            baseBranch: inputs.baseBranch,
            source: inputs.deploymentSource,
            environment: inputs.environment,
            workflow: inputs.workflow,
            incidentLabels: inputs.incidentLabels,
            exclusions: inputs.exclusions,
            strategy: inputs.until < deps.now - HISTORICAL_MS ? "search" : "list",
            extraIncidents: extra,
          },
          log,
        ),
      ),
    );
  }
  const repositories = collected.map((data) => ({
    repo: data.repo,
    base: data.base,
    metrics: computeMetrics([data], options),
  }));
  const combined = computeMetrics(collected, options);
  const files = await writeReports(inputs, repositories, combined, api.usage);

  let incident: IncidentOutcome | undefined;
  if (incidentPull !== undefined) {
    const view = incidentView(incidentPull, collected[0] as CollectedRepo);
    const body = renderIncidentComment(view, inputs.timeZone);
    const comment = inputs.comment
      ? await upsertIncidentComment(api, incidentPull.ref, incidentPull.record.number, body)
      : undefined;
    if (comment !== undefined) log.info(`Incident comment ${comment.action} on #${incidentPull.record.number}`);
    incident = { view, comment };
  }
  return { mode: inputs.mode, skipped: undefined, repositories, combined, files, incident, usage: api.usage };
}

interface IncidentPull {
  ref: RepoRef;
  record: PullRecord;
  merged: boolean;
  closedUnmerged: boolean;
}

async function readPull(
  api: GitHubApi,
  ref: RepoRef,
  number: number,
  withFiles: boolean,
): Promise<IncidentPull | undefined> {
  const data = await api.queryPartial<PullData>(PULL_QUERY, { owner: ref.owner, name: ref.repo, number, withFiles });
  const node = data.repository?.pullRequest;
  if (node === null || node === undefined) return undefined;
  const merged = node.mergedAt !== null;
  // An open PR is read as if merged now, so its attribution can be shown before it merges.
  const record = toPullRecord(repoName(ref), merged ? node : { ...node, mergedAt: node.updatedAt });
  if (record === undefined) return undefined;
  return {
    ref,
    record: merged ? record : { ...record, mergedAt: Number.NaN },
    merged,
    closedUnmerged: node.state === "CLOSED",
  };
}

function incidentView(pull: { record: PullRecord; merged: boolean }, data: CollectedRepo): IncidentView {
  const attribution = attributeIncident(pull.record, {
    deployments: data.deployments,
    deploymentOfPull: (number) => data.shipped.get(number),
    deploymentOfSha: (sha) => data.deploymentOfSha(sha),
  });
  const fix = pull.merged ? data.shipped.get(pull.record.number) : undefined;
  const restoreMs = fix === undefined ? undefined : fix.at - attribution.start;
  const negative = restoreMs !== undefined && restoreMs < 0;
  return {
    repo: pull.record.repo,
    number: pull.record.number,
    url: pull.record.url,
    body: pull.record.body,
    headRefName: pull.record.headRefName,
    merged: pull.merged,
    attribution,
    fix,
    restoreMs: negative ? undefined : restoreMs,
    problem: negative ? "negative: the start is after the fix deployed (excluded)" : undefined,
  };
}

async function writeReports(
  inputs: MetricsInputs,
  repositories: { repo: string; base: string; metrics: Metrics }[],
  combined: Metrics,
  usage: ApiUsage,
): Promise<{ json: string; csv: string }> {
  await mkdir(inputs.outputDir, { recursive: true });
  const json = path.join(inputs.outputDir, "dora-report.json");
  const csv = path.join(inputs.outputDir, "dora-pull-requests.csv");
  await writeFile(
    json,
    renderJson({
      repositories,
      combined,
      doraReport: inputs.doraReport,
      timeZone: inputs.timeZone,
      source: inputs.deploymentSource,
      usage,
    }),
  );
  await writeFile(csv, renderCsv(combined, inputs.timeZone));
  return { json, csv };
}
