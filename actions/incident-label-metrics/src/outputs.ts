import { headline, tiersOf } from "./headline.js";
import type { OutputName } from "./inputs.js";
import type { IncidentLabelMetricsResult } from "./report.js";

/** Every output; all empty when incident mode had nothing to measure. */
export function outputsOf(result: IncidentLabelMetricsResult): Record<OutputName, unknown> {
  const report = result.report;
  const numbers = report === undefined ? undefined : headline(report.combined);
  const tiers = report === undefined || numbers === undefined ? undefined : tiersOf(report.doraReport, numbers);
  return {
    deployments: numbers?.deployments,
    "deployment-frequency": numbers?.deploymentFrequency,
    "lead-time-hours": numbers?.leadTimeHours,
    "change-failure-rate": numbers?.changeFailureRate,
    "failed-deployment-recovery-time-hours": numbers?.timeToRestoreHours,
    // The name before DORA renamed the metric (2023), kept as an alias.
    "time-to-restore-hours": numbers?.timeToRestoreHours,
    "rework-rate": numbers?.reworkRate,
    incidents: numbers?.incidents,
    "deployment-frequency-tier": tiers?.["deployment-frequency"].tier,
    "lead-time-tier": tiers?.["lead-time"].tier,
    "change-failure-rate-tier": tiers?.["change-failure-rate"].tier,
    "failed-deployment-recovery-time-tier": tiers?.["time-to-restore"].tier,
    "time-to-restore-tier": tiers?.["time-to-restore"].tier,
    "rework-rate-tier": tiers?.["rework-rate"].tier,
    "report-json": result.files?.json,
    "report-csv": result.files?.csv,
  };
}
