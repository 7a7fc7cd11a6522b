import { cell, details, formatInZone, heading, markdownText, sections, table } from "@sre-actions/core";
import type { Outcome } from "./apply.js";
import type { DbOutcome } from "./db.js";
import { roundUsd } from "./savings.js";
import type { FargateSpotToggleResult } from "./toggle.js";

/** The job summary: a table per cluster, totals, skipped services and failures with reasons. */
export function renderSummary(result: FargateSpotToggleResult): string {
  // The header and the Totals table count the same things: services and, when there are any, DB clusters.
  const dbChanged = result.dbOutcomes.filter((outcome) => outcome.status === "changed").length;
  const split =
    result.dbOutcomes.length === 0
      ? ""
      : ` (${count(result.changed - dbChanged, "service", "services")}, ${count(dbChanged, "DB cluster", "DB clusters")})`;
  const title = `fargate-spot-toggle ${result.mode}${result.dryRun ? " (dry run)" : ""}: ${result.changed} ${result.dryRun ? "would change" : "changed"}${split}, ${result.skipped} skipped, ${result.failed} failed`;
  const clusters = [...new Set(result.outcomes.map((outcome) => outcome.entry.service.cluster))];
  const perCluster = clusters.map((cluster) => {
    const rows = result.outcomes
      .filter((outcome) => outcome.entry.service.cluster === cluster && outcome.status !== "skipped")
      .map(row);
    return sections(
      heading(markdownText(cluster), 4),
      rows.length === 0 ? "No service to act on." : table(HEADERS, rows),
    );
  });
  const skipped = result.outcomes.filter((outcome) => outcome.status === "skipped");
  const failed = result.outcomes.filter((outcome) => outcome.status === "failed");
  const dbFailed = result.dbOutcomes.filter((outcome) => outcome.status === "failed");
  return sections(
    heading(title),
    `At ${formatInZone(result.now, result.timeZone)} · ${headline(result)}`,
    environmentsSection(result),
    ...perCluster,
    result.dbOutcomes.length > 0 &&
      sections(heading("Aurora DB clusters", 4), table(DB_HEADERS, result.dbOutcomes.map(dbRow))),
    savingsSection(result),
    clusters.length + result.dbOutcomes.length > 0 && sections(heading("Totals", 4), totalsTable(result, clusters)),
    failed.length + dbFailed.length > 0 &&
      sections(
        heading("Failed", 4),
        table(
          ["service", "error"],
          [
            ...failed.map((outcome) => [name(outcome), markdownText(outcome.error ?? "")]),
            ...dbFailed.map((outcome) => [
              `${markdownText(outcome.entry.db.id)} (DB cluster)`,
              markdownText(outcome.error ?? ""),
            ]),
          ],
        ),
      ),
    skipped.length > 0 &&
      details(
        `Skipped (${skipped.length})`,
        table(
          ["service", "reason"],
          skipped.map((outcome) => [name(outcome), markdownText(outcome.entry.reason)]),
        ),
      ),
  );
}

const HEADERS = ["service", "from → to", "result", "tasks", "vCPU / memory", "est. monthly saving", "reason"] as const;

function row(outcome: Outcome): string[] {
  const { entry } = outcome;
  const { service } = entry;
  const tasks = service.saved?.desired ?? service.desired;
  return [
    markdownText(service.name),
    entry.from === entry.to ? entry.from : `${entry.from} → ${entry.to}`,
    outcome.status,
    String(tasks),
    service.vcpu === 0 ? "–" : `${service.vcpu} vCPU / ${service.memoryGb} GB`,
    saving(outcome.status, entry.monthlySaving),
    cell(markdownText(entry.reason)),
  ];
}

/** Only a change this run makes saves; unchanged, skipped and failed rows show none. */
function saving(status: Outcome["status"], usd: number): string {
  return status !== "changed" || usd === 0 ? "–" : `$${roundUsd(usd).toFixed(2)}`;
}

const TOTAL_HEADERS = ["cluster", "changed", "unchanged", "skipped", "failed", "est. monthly saving"] as const;

/** A row per ECS cluster, one for the Aurora DB clusters, and their sum when there are several rows. */
function totalsTable(result: FargateSpotToggleResult, clusters: string[]): string {
  const groups = [
    ...clusters.map((cluster) => ({
      label: cluster,
      outcomes: result.outcomes.filter((outcome) => outcome.entry.service.cluster === cluster) as {
        status: Outcome["status"];
        entry: { monthlySaving: number };
      }[],
    })),
    ...(result.dbOutcomes.length === 0 ? [] : [{ label: "Aurora DB clusters", outcomes: result.dbOutcomes }]),
  ];
  const rows = groups.map((group) => totals(group.label, group.outcomes));
  if (rows.length > 1) {
    rows.push(
      totals(
        "**Total**",
        groups.flatMap((group) => group.outcomes),
      ).map((value, i) => (i === 0 ? value : `**${value}**`)),
    );
  }
  return table(TOTAL_HEADERS, rows);
}

function totals(label: string, outcomes: { status: Outcome["status"]; entry: { monthlySaving: number } }[]): string[] {
  const count = (status: Outcome["status"]) => String(outcomes.filter((outcome) => outcome.status === status).length);
  const saving = outcomes
    .filter((outcome) => outcome.status === "changed")
    .reduce((sum, outcome) => sum + outcome.entry.monthlySaving, 0);
  return [
    label,
    count("changed"),
    count("unchanged"),
    count("skipped"),
    count("failed"),
    `$${roundUsd(saving).toFixed(2)}`,
  ];
}

function name(outcome: Outcome): string {
  return markdownText(`${outcome.entry.service.cluster}/${outcome.entry.service.name}`);
}

const DB_HEADERS = [
  "DB cluster",
  "status now",
  "action",
  "result",
  "instances",
  "est. monthly saving",
  "reason",
] as const;

function dbRow(outcome: DbOutcome): string[] {
  const { entry } = outcome;
  return [
    markdownText(entry.db.id),
    entry.db.status,
    entry.change.kind,
    outcome.status,
    entry.db.instanceClasses.join(", ") || "–",
    saving(outcome.status, entry.monthlySaving),
    cell(markdownText(entry.reason)),
  ];
}

/** A start saves nothing by itself: say so instead of a saving; otherwise the saving of this run's changes. */
function headline(result: FargateSpotToggleResult): string {
  const usd = result.estimatedMonthlySavings;
  const { started } = result.savings;
  if (usd === 0 && started > 0) {
    const what = `${count(started, "service or DB cluster", "services and DB clusters")} ${result.dryRun ? "to start" : "started"}`;
    return `${what}: a start saves nothing (its saving is counted by the run that stops them)`;
  }
  return `estimated monthly saving of this run's changes **$${usd.toFixed(2)}**`;
}

/** One total without double counting, its parts, tonight's figure and every assumption behind them. */
function savingsSection(result: FargateSpotToggleResult): string {
  const { savings } = result;
  const usd = (value: number) => `$${roundUsd(value).toFixed(2)}`;
  const rows = [
    ["Schedule (ECS services off out of hours)", usd(savings.schedule)],
    ["Fargate Spot (hours the services run)", usd(savings.spot)],
    ["Aurora (instance-hours off out of hours)", usd(savings.aurora)],
    ["**Total**", `**${usd(savings.total)}**`],
  ];
  const tonight = savings.tonight;
  const tonightLine =
    tonight === undefined
      ? undefined
      : `Tonight, until ${formatInZone(tonight.until, result.timeZone)}: **${usd(tonight.usd)}** from ${count(tonight.services, "service")} and ${count(tonight.clusters, "DB cluster")} stopped${keptText(tonight.keptRunning, tonight.keptRunningClusters)}.`;
  return sections(
    heading("Estimated savings a month of this run's changes", 4),
    table(["part", "USD a month"], rows),
    tonightLine,
    details("Assumptions", savings.assumptions.map((line) => `- ${line}`).join("\n")),
  );
}

const ENV_HEADERS = ["environment", "status", "last request", "last deploy", "saved today", "reason"] as const;

/** Per environment (idle): whether it sleeps and why, when it was last used and deployed, what sleeping saved today. */
function environmentsSection(result: FargateSpotToggleResult): string | false {
  if (result.environments.length === 0) return false;
  const at = (time: number | undefined) => (time === undefined ? "–" : formatInZone(time, result.timeZone));
  const rows = result.environments.map((report) => [
    markdownText(report.name),
    `${report.status}${report.changed ? " (now)" : ""}`,
    at(report.lastRequestAt),
    at(report.lastDeployAt),
    `$${report.savedTodayUsd.toFixed(2)}`,
    cell(markdownText(report.reason)),
  ]);
  const cost = result.traffic;
  const costLine =
    cost === undefined
      ? "No traffic metric was read (no awake service behind a load balancer)."
      : `Traffic read in ${cost.calls} GetMetricData ${cost.calls === 1 ? "call" : "calls"} for ${cost.metrics} target groups: about $${cost.usd.toFixed(4)} at $0.01 per 1,000 metrics.`;
  return sections(heading("Environments", 4), table(ENV_HEADERS, rows), costLine);
}

function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

function keptText(services: number, clusters: number): string {
  if (services + clusters === 0) return "";
  const what = [services > 0 && count(services, "service"), clusters > 0 && count(clusters, "DB cluster")]
    .filter(Boolean)
    .join(" and ");
  return `; ${what} kept running by keep-running-until not counted`;
}
