import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
// csvCell quotes per RFC 4180 and defuses formulas (a PR titled "=HYPERLINK(…)" stays text in a spreadsheet).
import { isoInZone } from "@sre-actions/core";
import { csvCell } from "./csv.js";
import { headline, tiersOf } from "./headline.js";
import type { MetricRecords, Metrics, PullResult } from "./metrics.js";
import type { PullRecord } from "./model.js";
import type { Report } from "./report.js";
import { hours, round } from "./stats.js";
import { TIER_TABLES } from "./tiers.js";

/** The version of the records block `mode: merge` reads. */
export const MERGE_FORMAT = "incident-label-metrics/records@2";

/** Records without PR bodies and file lists (the numbers never read them; the file stays small). */
function recordsForMerge(records: MetricRecords): MetricRecords {
  const slim = (pull: PullRecord): PullRecord => ({ ...pull, body: "", files: undefined });
  return {
    deployments: records.deployments,
    pulls: records.pulls.map((result) => ({ ...result, pull: slim(result.pull) })),
    reworkDeployments: records.reworkDeployments,
    incidents: records.incidents.map((incident) => ({ ...incident, pull: slim(incident.pull) })),
    excluded: records.excluded.map((entry) => ({ ...entry, pull: slim(entry.pull) })),
    negative: records.negative.map((flag) => ({ ...flag, pull: slim(flag.pull) })),
    undeployed: records.undeployed.map(slim),
  };
}

export interface ReportFiles {
  json: string;
  csv: string;
}

/** Writes `dora-report.json` and `dora-pull-requests.csv` into `dir`. */
export async function writeReports(dir: string, report: Report): Promise<ReportFiles> {
  await mkdir(dir, { recursive: true });
  const files = { json: path.join(dir, "dora-report.json"), csv: path.join(dir, "dora-pull-requests.csv") };
  await writeFile(files.json, renderJson(report));
  await writeFile(files.csv, renderCsv(report.combined, report.timeZone));
  return files;
}

const CSV_COLUMNS = [
  "repository",
  "number",
  "title",
  "author",
  "labels",
  "counted",
  "excluded_reason",
  "incident",
  "first_commit_at",
  "created_at",
  "first_review_at",
  "merged_at",
  "deployment",
  "deployed_at",
  "lead_time_hours",
  "incident_start",
  "start_source",
  "culprit",
  "restore_hours",
  "problem",
] as const;

/** One row per PR merged in the window (counted or excluded) with every timestamp used. */
export function renderCsv(metrics: Metrics, timeZone: string): string {
  const at = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? "" : isoInZone(ms, timeZone));
  const incidents = new Map(
    metrics.incidents.map((incident) => [`${incident.pull.repo}#${incident.pull.number}`, incident]),
  );
  const negative = new Map(metrics.negative.map((flag) => [`${flag.pull.repo}#${flag.pull.number}`, flag]));
  const row = (result: PullResult | undefined, pull: PullResult["pull"], excluded: string | undefined) => {
    const key = `${pull.repo}#${pull.number}`;
    const incident = incidents.get(key);
    const flag = negative.get(key);
    return [
      pull.repo,
      pull.number,
      pull.title,
      pull.author,
      pull.labels.join(";"),
      excluded === undefined,
      excluded,
      result?.incident ?? false,
      at(pull.firstCommitAt),
      at(pull.createdAt),
      at(pull.firstReviewAt),
      at(pull.mergedAt),
      result?.deployment?.label,
      at(result?.deployment?.at),
      hours(result?.leadTimeMs),
      at(incident?.attribution.start),
      incident?.attribution.source,
      incident?.attribution.culprit?.label,
      hours(incident?.restoreMs),
      incident?.problem ?? (flag === undefined ? undefined : `negative ${flag.what}`),
    ]
      .map(csvCell)
      .join(",");
  };
  const rows = [
    ...metrics.pulls.map((result) => ({ merged: result.pull.mergedAt, line: row(result, result.pull, undefined) })),
    ...metrics.excluded.map(({ pull, reason }) => ({ merged: pull.mergedAt, line: row(undefined, pull, reason) })),
  ].sort((a, b) => a.merged - b.merged);
  return `${[CSV_COLUMNS.join(","), ...rows.map((entry) => entry.line)].join("\n")}\n`;
}

/** The machine-readable report: inputs that shaped it, numbers, tiers with their source, every list. */
export function renderJson(report: Report): string {
  const tiers = tiersOf(report.doraReport, headline(report.combined));
  const at = (ms: number) => isoInZone(ms, report.timeZone);
  const describe = (metrics: Metrics) => ({
    window: { since: at(metrics.since), until: at(metrics.until), days: round(metrics.days, 3) },
    headline: headline(metrics),
    deployDaysPerWeekMedian: metrics.deployDaysPerWeekMedian,
    leadTimeHours: mapHours(metrics.leadTime),
    phasesHours: Object.fromEntries(Object.entries(metrics.phases).map(([phase, dist]) => [phase, mapHours(dist)])),
    timeToRestoreHours: mapHours(metrics.timeToRestore),
    incidentsPerDeployment: round(metrics.incidentsPerDeployment),
    failedDeployments: metrics.failedDeployments.map((d) => ({ repo: d.repo, deployment: d.label, at: at(d.at) })),
    reworkDeployments: metrics.reworkDeployments.map((d) => ({ repo: d.repo, deployment: d.label, at: at(d.at) })),
    rollbacks: metrics.rollbacks.map((r) => ({
      repo: r.deployment.repo,
      deployment: r.deployment.label,
      at: at(r.deployment.at),
      target: r.target.label,
      undid: r.undid.map((d) => d.label),
    })),
    incidents: metrics.incidents.map((incident) => ({
      repo: incident.pull.repo,
      pull: incident.pull.number,
      url: incident.pull.url,
      start: at(incident.attribution.start),
      startSource: incident.attribution.source,
      culprit: incident.attribution.culprit?.label ?? null,
      fix: incident.fix?.label ?? null,
      fixDeployedAt: incident.fix === undefined ? null : at(incident.fix.at),
      restoreHours: hours(incident.restoreMs) ?? null,
      restoredBy: incident.restoredBy ?? null,
      rollback:
        incident.rollback === undefined ? null : { deployment: incident.rollback.label, at: at(incident.rollback.at) },
      problem: incident.problem ?? null,
      notes: incident.attribution.notes,
    })),
    excluded: metrics.excluded.map(({ pull, reason }) => ({ repo: pull.repo, pull: pull.number, reason })),
    negative: metrics.negative.map((flag) => ({
      repo: flag.pull.repo,
      pull: flag.pull.number,
      what: flag.what,
      hours: hours(flag.ms),
    })),
    undeployed: metrics.undeployed.map((pull) => ({ repo: pull.repo, pull: pull.number })),
    buckets: metrics.buckets.map((bucket) => ({
      label: bucket.label,
      start: at(bucket.start),
      partial: bucket.partial,
      deployments: bucket.deployments,
      deploymentFrequency: round(bucket.deploymentFrequency),
      leadTimeHours: hours(bucket.leadTimeMedianMs) ?? null,
      changeFailureRate: round(bucket.changeFailureRate) ?? null,
      timeToRestoreHours: hours(bucket.timeToRestoreMedianMs) ?? null,
      reworkRate: round(bucket.reworkRate) ?? null,
      incidents: bucket.incidents,
    })),
  });
  const table = TIER_TABLES[report.doraReport];
  return `${JSON.stringify(
    {
      deploymentSource: report.source,
      timeZone: report.timeZone,
      dora: { report: table.report, source: table.source, url: table.url, tiers },
      combined: describe(report.combined),
      repositories: report.repositories.map((entry) => ({
        repo: entry.repo,
        base: entry.base,
        ...describe(entry.metrics),
        records: recordsForMerge(entry.metrics.records),
      })),
      apiUsage: report.usage,
      // What `mode: merge` reads back: the window in epoch ms and each repository's records.
      merge: {
        format: MERGE_FORMAT,
        since: report.combined.since,
        until: report.combined.until,
        bucket: report.bucket,
      },
    },
    null,
    2,
  )}\n`;
}

function mapHours(dist: Metrics["leadTime"]) {
  return {
    count: dist.count,
    median: hours(dist.median) ?? null,
    p75: hours(dist.p75) ?? null,
    p90: hours(dist.p90) ?? null,
    mean: hours(dist.mean) ?? null,
  };
}
