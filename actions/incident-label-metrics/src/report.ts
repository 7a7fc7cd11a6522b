import path from "node:path";
import { ActionError, type Clock, humanDuration, type Logger, logText, type RunContext } from "@sre-actions/core";
import type { DatadogPort } from "@sre-actions/core/datadog";
import type { BucketSize } from "./buckets.js";
import { type CollectedRepo, collectRepo } from "./collect.js";
import { type IncidentView, renderIncidentComment, upsertIncidentComment } from "./comment.js";
import {
  type DatadogEvent,
  type DatadogOutcome,
  type DatadogPlan,
  deploymentEventsOf,
  type FailureMark,
  failureEventOf,
  sendToDatadog,
} from "./datadog.js";
import { type ReportFiles, writeReports } from "./files.js";
import { isIncident } from "./filters.js";
import type { ApiUsage, GitHubPort } from "./github.js";
import { type IncidentPull, incidentView, readIncidentPull } from "./incident.js";
import { type IncidentLabelMetricsInputs, type Mode, resolveWindow } from "./inputs.js";
import { mergeReports } from "./merge.js";
import { computeMetrics, type IncidentResult, type MetricOptions, type Metrics } from "./metrics.js";
import { type DeploymentRecord, type DeploymentSource, type PullRecord, type RepoRef, repoName } from "./model.js";
import { resolveRepositories } from "./repositories.js";
import { DAY } from "./stats.js";
import type { DoraReport } from "./tiers.js";

export interface IncidentLabelMetricsDeps {
  github: GitHubPort;
  clock: Clock;
  log: Logger;
  context: RunContext;
  /** Where `output-dir` defaults to (the runner's temp directory). */
  tempDir: string;
  /** Datadog DORA events, when datadog-api-key is set. */
  datadog?: DatadogPort | undefined;
  /** The README's Definitions section of the action version that runs. */
  definitionsUrl?: string | undefined;
}

export interface RepositoryReport {
  repo: string;
  base: string;
  metrics: Metrics;
}

/** The one shape of a report: what the summary, the JSON file and the outputs are rendered from. */
export interface Report {
  repositories: RepositoryReport[];
  /** All repositories together, computed from their records (never averaged). */
  combined: Metrics;
  doraReport: DoraReport;
  timeZone: string;
  bucket: BucketSize;
  source: DeploymentSource;
  usage: ApiUsage;
}

export interface IncidentOutcome {
  view: IncidentView;
  comment: { action: "created" | "updated"; id: number } | undefined;
}

export interface IncidentLabelMetricsResult {
  mode: Mode;
  /** Set when incident mode had nothing to do (e.g. the PR has no incident label). */
  skipped: string | undefined;
  report: Report | undefined;
  files: ReportFiles | undefined;
  incident: IncidentOutcome | undefined;
  usage: ApiUsage;
  /** What went to Datadog's DORA Metrics (failure event, backfill); undefined when not configured. */
  datadog?: DatadogOutcome | undefined;
}

/** A window that ended within the last week may hold merges the search index does not have yet. */
const HISTORICAL_MS = 7 * DAY;

/** The whole run: check the request, read each repository, compute, write the files, comment. */
export async function report(
  inputs: IncidentLabelMetricsInputs,
  deps: IncidentLabelMetricsDeps,
): Promise<IncidentLabelMetricsResult> {
  const { github, log, context } = deps;
  const now = deps.clock.now();
  const { since, until } = resolveWindow(inputs.window, now);
  const mode = inputs.mode ?? (context.eventName.startsWith("pull_request") ? "incident" : "report");
  const pullNumber = context.pullRequest?.number;
  const none = { report: undefined, files: undefined, incident: undefined, usage: github.usage };
  if (mode === "incident" && pullNumber === undefined) {
    throw new ActionError('mode "incident" needs a pull_request event', {
      hint: 'Run it on pull_request (types: [labeled, closed]) or set mode: "report".',
    });
  }
  if (mode === "merge") {
    const merged = await mergeReports(inputs.reports ?? "", inputs, github.usage, log);
    const files = await writeReports(inputs.outputDir ?? path.join(deps.tempDir, "dora"), merged);
    return { mode, skipped: undefined, report: merged, files, incident: undefined, usage: github.usage };
  }
  const repositories = await resolveRepositories(github, inputs.repositories, context.repository);

  let incidentPull: IncidentPull | undefined;
  if (mode === "incident" && pullNumber !== undefined) {
    incidentPull = await readIncidentPull(
      github,
      repositories[0] as RepoRef,
      pullNumber,
      inputs.exclusions.paths.length > 0,
    );
    const skipped = skipReason(incidentPull, pullNumber, inputs.incidentLabels);
    if (incidentPull !== undefined) log.info(`Incident PR #${pullNumber}: "${logText(incidentPull.record.title)}"`);
    if (skipped !== undefined) {
      log.info(skipped);
      return { mode, skipped, ...none };
    }
  }

  const collected: CollectedRepo[] = [];
  for (const ref of repositories) {
    const extra =
      incidentPull !== undefined && repoName(incidentPull.ref) === repoName(ref) ? [incidentPull.record] : [];
    const options = {
      since,
      until,
      baseBranch: inputs.baseBranch,
      source: inputs.deploymentSource,
      environment: inputs.environment,
      workflow: inputs.workflow,
      incidentLabels: inputs.incidentLabels,
      incidentSource: inputs.incidentSource,
      exclusions: inputs.exclusions,
      fresh: until >= now - HISTORICAL_MS,
      extraIncidents: extra,
    };
    collected.push(await log.group(`Fetch ${repoName(ref)}`, () => collectRepo(github, ref, options, log)));
  }

  const metricOptions = metricOptionsOf(inputs, since, until);
  const perRepository = collected.map((data) => ({
    repo: data.repo,
    base: data.base,
    metrics: computeMetrics([data], metricOptions),
  }));
  const result: Report = {
    repositories: perRepository,
    // One repository: its numbers are the combined ones (computed once).
    combined:
      perRepository.length === 1 && perRepository[0] !== undefined
        ? perRepository[0].metrics
        : computeMetrics(collected, metricOptions),
    doraReport: inputs.doraReport,
    timeZone: inputs.timeZone,
    bucket: inputs.bucket,
    source: inputs.deploymentSource,
    usage: { ...github.usage, wallMs: deps.clock.now() - now },
  };
  const files = await writeReports(inputs.outputDir ?? path.join(deps.tempDir, "dora"), result);
  for (const item of result.combined.incidents) log.info(incidentLine(item));

  let incident: IncidentOutcome | undefined;
  if (incidentPull !== undefined) {
    const view = incidentView(incidentPull, collected[0] as CollectedRepo, inputs.restoreOnRollback);
    const body = renderIncidentComment(view, inputs.timeZone);
    const comment = inputs.comment
      ? await upsertIncidentComment(github, incidentPull.ref, incidentPull.record.number, body)
      : undefined;
    if (comment !== undefined) log.info(`Incident comment ${comment.action} on #${incidentPull.record.number}`);
    incident = { view, comment };
  }
  const datadog =
    deps.datadog === undefined
      ? undefined
      : await sendToDatadogOf(deps.datadog, inputs, deps, result, incident, incidentPull?.record);
  return { mode, skipped: undefined, report: result, files, incident, usage: github.usage, datadog };
}

/** The metric rules the inputs choose, over a window. */
export function metricOptionsOf(inputs: IncidentLabelMetricsInputs, since: number, until: number): MetricOptions {
  return {
    since,
    until,
    timeZone: inputs.timeZone,
    bucket: inputs.bucket,
    incidentLabels: inputs.incidentLabels,
    reworkLabels: inputs.reworkLabels,
    incidentSource: inputs.incidentSource,
    exclusions: inputs.exclusions,
    restoreOnRollback: inputs.restoreOnRollback,
  };
}

/** One log line per incident; its title and the deployment names are external text (never a workflow command). */
function incidentLine(item: IncidentResult): string {
  const culprit = item.attribution.culprit === undefined ? "unattributed" : logText(item.attribution.culprit.label);
  const recovery = item.restoreMs === undefined ? (item.problem ?? "not restored") : humanDuration(item.restoreMs);
  return `Incident ${item.pull.repo}#${item.pull.number} "${logText(item.pull.title)}": culprit ${culprit}, recovery ${recovery}`;
}

function skipReason(pull: IncidentPull | undefined, number: number, labels: readonly string[]): string | undefined {
  if (pull === undefined || !isIncident(pull.record, labels)) {
    return `PR #${number} has no incident label (${labels.join(", ")}): nothing to measure`;
  }
  if (pull.closedUnmerged) return `PR #${number} was closed without merging: nothing to measure`;
  return undefined;
}

/**
 * Incident mode: the merged incident PR as a DORA failure event (restored when its fix deployed) and
 * its culprit marked failed with the remediation. Report mode with datadog-backfill: the window's
 * deployments and incidents, idempotent by id, and every failed deployment marked.
 */
async function sendToDatadogOf(
  datadog: DatadogPort,
  inputs: IncidentLabelMetricsInputs,
  deps: IncidentLabelMetricsDeps,
  result: Report,
  incident: IncidentOutcome | undefined,
  incidentRecord: PullRecord | undefined,
): Promise<DatadogOutcome | undefined> {
  let plan: DatadogPlan;
  if (incident !== undefined && incidentRecord !== undefined) {
    if (!incident.view.merged) return undefined;
    plan = incidentPlan(incident.view, incidentRecord, inputs, deps.context);
  } else if (inputs.datadog.backfill) plan = backfillPlan(result, inputs, deps.context);
  else return undefined;
  return deps.log.group("Datadog DORA Metrics", () =>
    sendToDatadog(datadog, plan, inputs.datadog, deps.clock.now(), deps.log),
  );
}

function incidentPlan(
  view: IncidentView,
  pull: PullRecord,
  inputs: IncidentLabelMetricsInputs,
  context: RunContext,
): DatadogPlan {
  const { culprit } = view.attribution;
  const remediation =
    view.restoredBy === "rollback" && view.rollback !== undefined
      ? { deployment: view.rollback, type: "rollback" as const }
      : view.restoredBy === "fix" && view.fix !== undefined
        ? { deployment: view.fix, type: "rollforward" as const }
        : undefined;
  const failure = failureEventOf(
    {
      pull,
      start: view.attribution.start,
      restoredAt: view.restoreMs === undefined ? undefined : view.attribution.start + view.restoreMs,
      environment: (remediation?.deployment ?? culprit)?.environment,
    },
    inputs.datadog,
    context,
  );
  return {
    events: [{ kind: "failure", attributes: failure }],
    marks: culprit === undefined ? [] : [{ failed: culprit, remediation }],
  };
}

function backfillPlan(result: Report, inputs: IncidentLabelMetricsInputs, context: RunContext): DatadogPlan {
  const events: DatadogEvent[] = [];
  const marks: FailureMark[] = [];
  for (const repository of result.repositories) {
    const { metrics } = repository;
    for (const deployment of metrics.deployments)
      for (const attributes of deploymentEventsOf(deployment, inputs.datadog, context))
        events.push({ kind: "deployment", attributes });
    for (const item of metrics.incidents)
      events.push({
        kind: "failure",
        attributes: failureEventOf(
          {
            pull: item.pull,
            start: item.attribution.start,
            restoredAt: item.restoreMs === undefined ? undefined : item.attribution.start + item.restoreMs,
            environment: (item.restoredBy === "rollback" ? item.rollback : item.fix)?.environment,
          },
          inputs.datadog,
          context,
        ),
      });
    for (const failed of metrics.failedDeployments) marks.push({ failed, remediation: remediationOf(failed, metrics) });
  }
  return { events, marks };
}

/** What remediated a failed deployment: its incident's rollback or fix (whichever ended it), or the rollback that undid it. */
function remediationOf(failed: DeploymentRecord, metrics: Metrics): FailureMark["remediation"] {
  const same = (other: DeploymentRecord | undefined) => other?.repo === failed.repo && other.id === failed.id;
  const incident = metrics.incidents.find((item) => same(item.attribution.culprit) && item.restoredBy !== undefined);
  if (incident?.restoredBy === "rollback" && incident.rollback !== undefined)
    return { deployment: incident.rollback, type: "rollback" };
  if (incident?.restoredBy === "fix" && incident.fix !== undefined)
    return { deployment: incident.fix, type: "rollforward" };
  const rollback = metrics.rollbacks.find((item) => same(item.undid[0]));
  return rollback === undefined ? undefined : { deployment: rollback.deployment, type: "rollback" };
}
