import {
  type ActionError,
  codeSpan,
  details,
  formatInZone,
  heading,
  humanDuration,
  link,
  markdownText,
  sections,
  table,
} from "@sre-actions/core";
import { type Point, trendChart } from "./chart.js";
import type { DatadogOutcome } from "./datadog.js";
import type { ReportFiles } from "./files.js";
import { type Headline, headline, type Tiers, tiersOf } from "./headline.js";
import type { BucketMetrics, IncidentResult, Metrics } from "./metrics.js";
import type { PullRecord } from "./model.js";
import type { IncidentLabelMetricsResult, Report } from "./report.js";
import { HOUR } from "./stats.js";
import { TIER_TABLES, type TieredMetric } from "./tiers.js";

export interface SummaryLinks {
  /** The README's Definitions section of the action version that runs. */
  definitionsUrl: string | undefined;
  files: ReportFiles;
  /** What went to Datadog, when it was used. */
  datadog?: DatadogOutcome | undefined;
}

const percent = (value: number | undefined) => (value === undefined ? "–" : `${(value * 100).toFixed(1)}%`);
const duration = (ms: number | undefined) => (ms === undefined ? "–" : humanDuration(ms));
const SOURCE_LABEL: Record<IncidentResult["attribution"]["source"], string> = {
  "incident-start": "Incident-Start line",
  "caused-by": "Caused-by culprit",
  revert: "reverted PR",
  "last-deployment": "last deployment before the fix PR",
  estimate: "fix PR opened (estimate)",
};

function tierCell(tiers: Tiers, metric: TieredMetric): string {
  const result = tiers[metric];
  return result.tier ?? `– (${result.why ?? "no band"})`;
}

export function metricsTable(metrics: Metrics, numbers: Headline, tiers: Tiers): string {
  const lead = metrics.leadTime;
  const restore = metrics.timeToRestore;
  const phases = (["coding", "pickup", "review", "deploy"] as const)
    .map((phase) => `${phase} ${duration(metrics.phases[phase].median)}`)
    .join(" · ");
  return table(
    ["Metric", "Value", "Tier", "Detail"],
    [
      [
        "Deployment frequency",
        `${numbers.deploymentFrequency.toFixed(2)}/day`,
        tierCell(tiers, "deployment-frequency"),
        `${numbers.deployments} deployments in ${metrics.days.toFixed(1)} days; median deploy-days per ISO week ${metrics.deployDaysPerWeekMedian ?? "–"}`,
      ],
      [
        "Lead time for changes",
        duration(lead.median),
        tierCell(tiers, "lead-time"),
        `p75 ${duration(lead.p75)} · p90 ${duration(lead.p90)} · mean ${duration(lead.mean)} (${lead.count} PRs); median phases: ${phases}`,
      ],
      [
        "Change failure rate",
        percent(numbers.changeFailureRate),
        tierCell(tiers, "change-failure-rate"),
        `${metrics.failedDeployments.length} of ${numbers.deployments} deployments (${metrics.rollbacks.length} rolled back); ${metrics.incidentsPerDeployment?.toFixed(3) ?? "–"} incidents per deployment`,
      ],
      [
        "Failed deployment recovery time (time to restore)",
        duration(restore.median),
        tierCell(tiers, "time-to-restore"),
        `mean ${duration(restore.mean)} · p90 ${duration(restore.p90)} (${restore.count} incidents)`,
      ],
      [
        "Rework rate",
        percent(numbers.reworkRate),
        tierCell(tiers, "rework-rate"),
        `${metrics.reworkDeployments.length} deployments shipped a rework-labelled PR or a revert`,
      ],
      ["Incidents", String(numbers.incidents), "", `${metrics.unattributed.length} without a culprit deployment`],
    ],
  );
}

/**
 * One chart per metric over the whole buckets of the window: a bucket the window clips (the current
 * week so far) would read as a drop in frequency and a jump in lead time, so it is left out and
 * named under the charts; a bucket without data for a metric is left out of that chart.
 */
export function trendCharts(metrics: Metrics): string {
  const whole = metrics.buckets.filter((bucket) => !bucket.partial);
  const partial = metrics.buckets.filter((bucket) => bucket.partial);
  const points = (value: (bucket: BucketMetrics) => number | undefined): Point[] =>
    whole.map((bucket) => ({ label: bucket.label, value: value(bucket) }));
  const hoursOf = (ms: number | undefined) => (ms === undefined ? undefined : ms / HOUR);
  const percentOf = (rate: number | undefined) => (rate === undefined ? undefined : rate * 100);
  const note =
    partial.length === 0
      ? undefined
      : `Partial ${partial.length === 1 ? "bucket" : "buckets"} left out of the trend (the window covers only part of ${partial.length === 1 ? "it" : "them"}): ${partial.map((bucket) => `${bucket.label} (${(bucketDays(bucket) || 0).toFixed(1)} days)`).join(", ")}. The table above counts them.`;
  if (whole.length === 0) return note ?? "No whole bucket in the window.";
  return sections(
    trendChart({
      title: "Deployments per day",
      unit: "per day",
      kind: "bar",
      points: points((b) => b.deploymentFrequency),
    }),
    trendChart({
      title: "Lead time (median)",
      unit: "hours",
      kind: "line",
      points: points((b) => hoursOf(b.leadTimeMedianMs)),
    }),
    trendChart({
      title: "Change failure rate",
      unit: "%",
      kind: "line",
      points: points((b) => percentOf(b.changeFailureRate)),
    }),
    trendChart({
      title: "Failed deployment recovery time (median)",
      unit: "hours",
      // Bars: incidents are sparse, and a line would draw recoveries across weeks that had none.
      kind: "bar",
      points: points((b) => hoursOf(b.timeToRestoreMedianMs)),
    }),
    trendChart({ title: "Rework rate", unit: "%", kind: "line", points: points((b) => percentOf(b.reworkRate)) }),
    note,
  );
}

const bucketDays = (bucket: Pick<BucketMetrics, "start" | "end">) => (bucket.end - bucket.start) / 86_400_000;

/** A PR or issue as a link with its number, then its title as literal text (no link, mention or markup of its own). */
const pullCell = (pull: PullRecord) => `${link(`${pull.repo}#${pull.number}`, pull.url)} ${markdownText(pull.title)}`;

export function incidentTable(incidents: readonly IncidentResult[], timeZone: string): string {
  if (incidents.length === 0) return "No incident PRs in the window.";
  return table(
    ["PR", "Start", "Source of the start", "Culprit", "Fix deployed", "Restore time", "Notes"],
    incidents.map((incident) => [
      pullCell(incident.pull),
      formatInZone(incident.attribution.start, timeZone),
      SOURCE_LABEL[incident.attribution.source],
      markdownText(incident.attribution.culprit?.label ?? "unattributed"),
      restoredCell(incident, timeZone),
      duration(incident.restoreMs),
      markdownText([incident.problem, ...incident.attribution.notes].filter(Boolean).join("; ")),
    ]),
  );
}

/** What ended the incident: the fix's deployment, a rollback of the culprit, or (an issue) its close. */
function restoredCell(incident: IncidentResult, timeZone: string): string {
  if (incident.restoredBy === "rollback" && incident.rollback !== undefined) {
    return `rollback ${markdownText(incident.rollback.label)} ${formatInZone(incident.rollback.at, timeZone)}`;
  }
  if (incident.restoredBy === "close" && incident.pull.closedAt !== undefined) {
    return `issue closed ${formatInZone(incident.pull.closedAt, timeZone)}`;
  }
  return incident.fix === undefined
    ? "not yet"
    : `${markdownText(incident.fix.label)} ${formatInZone(incident.fix.at, timeZone)}`;
}

export function renderSummary(input: Report, links: SummaryLinks): string {
  const { combined, timeZone } = input;
  const numbers = headline(combined);
  const tiers = tiersOf(input.doraReport, numbers);
  const tierTable = TIER_TABLES[input.doraReport];
  const repos = input.repositories.map((entry) => `${entry.repo} (${entry.base})`).join(", ");
  const window = `${formatInZone(combined.since, timeZone)} – ${formatInZone(combined.until, timeZone)}`;
  const usage = input.usage;
  return sections(
    heading(`DORA metrics: ${markdownText(repos)}`, 2),
    `${window} · deployments from \`${input.source}\` · ${link("definitions", links.definitionsUrl)} · tiers from ${link(tierTable.source, tierTable.url)} (no overall tier)`,
    metricsTable(combined, numbers, tiers),
    input.repositories.length > 1
      ? sections(
          heading("Per repository", 3),
          table(
            ["Repository", "Deployments", "Per day", "Lead time", "CFR", "Restore", "Rework", "Incidents"],
            input.repositories.map(({ repo, metrics }) => {
              const each = headline(metrics);
              return [
                markdownText(repo),
                each.deployments,
                each.deploymentFrequency.toFixed(2),
                duration(metrics.leadTime.median),
                percent(each.changeFailureRate),
                duration(metrics.timeToRestore.median),
                percent(each.reworkRate),
                each.incidents,
              ];
            }),
          ),
        )
      : undefined,
    heading("Trend per bucket", 3),
    trendCharts(combined),
    heading("Incidents", 3),
    incidentTable(combined.incidents, timeZone),
    combined.unattributed.length > 0
      ? `**Unattributable incidents** (counted in incidents and restore time, not in the change failure rate): ${combined.unattributed.map((i) => link(`#${i.pull.number}`, i.pull.url)).join(", ")}`
      : undefined,
    combined.negative.length > 0
      ? `**Negative durations, excluded:** ${combined.negative.map((flag) => `${link(`#${flag.pull.number}`, flag.pull.url)} ${flag.what} ${humanDuration(flag.ms)}`).join(", ")}`
      : undefined,
    combined.undeployed.length > 0
      ? `**Merged, not deployed yet** (no lead time): ${combined.undeployed.map((pull) => link(`#${pull.number}`, pull.url)).join(", ")}`
      : undefined,
    combined.excluded.length > 0
      ? details(
          `Excluded PRs (${combined.excluded.length})`,
          table(
            ["PR", "Why"],
            combined.excluded.map(({ pull, reason }) => [pullCell(pull), markdownText(reason)]),
          ),
        )
      : "No PR was excluded.",
    links.datadog === undefined ? undefined : datadogLine(links.datadog),
    `API cost: ${usage.graphqlRequests} GraphQL requests (${usage.graphqlPoints} points, ${usage.graphqlRemaining ?? "?"} left) and ${usage.restRequests} REST requests${usage.wallMs === undefined ? "" : ` in ${(usage.wallMs / 1000).toFixed(1)} s`}. Files: ${codeSpan(links.files.json)}, ${codeSpan(links.files.csv)}.`,
  );
}

/** What Datadog DORA Metrics got: events sent, and deployments marked failed (what its CFR and recovery time count). */
function datadogLine(outcome: DatadogOutcome): string {
  const parts = [
    `${outcome.sent} event(s) sent${outcome.failed > 0 ? `, ${outcome.failed} refused` : ""}${outcome.tooOld > 0 ? `, ${outcome.tooOld} past the 2-year retention skipped` : ""}`,
    `${outcome.marked} deployment event(s) marked failed${outcome.unmarked > 0 ? `, ${outcome.unmarked} not (see the log)` : ""}`,
    outcome.unmarkable > 0
      ? `${outcome.unmarkable} failed deployment(s) not marked: set datadog-app-key (dora_metrics_write)`
      : undefined,
  ];
  return `Datadog DORA Metrics: ${parts.filter(Boolean).join("; ")}.`;
}

/** The summary of a run that failed: what went wrong, what to do, and what it cost so far. */
export function renderFailureSummary(failure: ActionError, result: IncidentLabelMetricsResult): string {
  const usage = result.usage;
  return sections(
    heading("incident-label-metrics failed", 2),
    markdownText(failure.message),
    failure.hint === undefined ? undefined : `**What to do:** ${markdownText(failure.hint)}`,
    `Nothing was reported and no comment was written. API cost so far: ${usage.graphqlRequests} GraphQL and ${usage.restRequests} REST requests.`,
  );
}
