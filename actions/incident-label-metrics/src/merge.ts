import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { ActionError, type Logger } from "@sre-actions/core";
import type { BucketSize } from "./buckets.js";
import { MERGE_FORMAT } from "./files.js";
import type { ApiUsage } from "./github.js";
import type { IncidentLabelMetricsInputs } from "./inputs.js";
import { type MetricOptions, type MetricRecords, mergeRecords, summarise } from "./metrics.js";
import type { DeploymentSource } from "./model.js";
import type { Report, RepositoryReport } from "./report.js";

interface ReportFile {
  file: string;
  deploymentSource: DeploymentSource;
  merge: { format: string; since: number; until: number; bucket: BucketSize };
  repositories: { repo: string; base: string; records: MetricRecords }[];
}

/**
 * `mode: merge`: the `dora-report.json` files of a matrix of report jobs (found anywhere under
 * `folder`, as download-artifact lays them out) become one report. Every number is recomputed from
 * the per-deployment and per-incident records, so org medians are true medians, never averages.
 */
export async function mergeReports(
  folder: string,
  inputs: IncidentLabelMetricsInputs,
  usage: ApiUsage,
  log: Logger,
): Promise<Report> {
  const files = await reportFiles(path.resolve(folder));
  if (files.length === 0) {
    throw new ActionError(`No dora-report.json under ${folder}`, {
      hint: "Download the report jobs' artifacts into that folder first (actions/download-artifact with a pattern).",
    });
  }
  const reports = await Promise.all(files.map(readReport));
  const [first] = reports as [ReportFile, ...ReportFile[]];
  const different = reports.filter(
    (report) => report.merge.since !== first.merge.since || report.merge.until !== first.merge.until,
  );
  if (different.length > 0) {
    throw new ActionError(
      `The reports cover different windows: ${first.file} and ${different.map((report) => report.file).join(", ")}`,
      { hint: "Give every matrix job the same since/until (a window ends at the job's own now otherwise)." },
    );
  }
  const options: MetricOptions = {
    since: first.merge.since,
    until: first.merge.until,
    timeZone: inputs.timeZone,
    bucket: first.merge.bucket,
    // Records already carry every judgement (incident, rework, restore): only the window is applied again.
    incidentLabels: inputs.incidentLabels,
    reworkLabels: inputs.reworkLabels,
    exclusions: inputs.exclusions,
    restoreOnRollback: inputs.restoreOnRollback,
    incidentSource: inputs.incidentSource,
  };
  const seen = new Map<string, string>();
  const repositories: RepositoryReport[] = [];
  for (const report of reports) {
    for (const entry of report.repositories) {
      const earlier = seen.get(entry.repo);
      if (earlier !== undefined) {
        throw new ActionError(`${entry.repo} is in two reports: ${earlier} and ${report.file}`, {
          hint: "Give each matrix job its own repositories.",
        });
      }
      seen.set(entry.repo, report.file);
      repositories.push({ repo: entry.repo, base: entry.base, metrics: summarise(entry.records, options) });
    }
  }
  const sources = [...new Set(reports.map((report) => report.deploymentSource))];
  log.info(`Merged ${repositories.length} repositories from ${files.length} reports`);
  return {
    repositories,
    combined: summarise(mergeRecords(repositories.map((entry) => entry.metrics.records)), options),
    doraReport: inputs.doraReport,
    timeZone: inputs.timeZone,
    bucket: first.merge.bucket,
    source: (sources.length === 1 ? sources[0] : sources.join("+")) as DeploymentSource,
    usage,
  };
}

async function reportFiles(folder: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(folder, { recursive: true });
  } catch {
    throw new ActionError(`The reports folder ${folder} does not exist`, {
      hint: "Set reports to the path actions/download-artifact wrote to.",
    });
  }
  return entries
    .filter((entry) => path.basename(entry) === "dora-report.json")
    .map((entry) => path.join(folder, entry))
    .sort();
}

async function readReport(file: string): Promise<ReportFile> {
  const data = JSON.parse(await readFile(file, "utf8")) as Partial<ReportFile>;
  if (data.merge?.format !== MERGE_FORMAT || !Array.isArray(data.repositories)) {
    throw new ActionError(`${file} is not a report this version can merge (format ${data.merge?.format ?? "none"})`, {
      hint: `Run the report jobs with the same version of incident-label-metrics (format ${MERGE_FORMAT}).`,
    });
  }
  return { ...(data as ReportFile), file };
}
