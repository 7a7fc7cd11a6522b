import type { Metrics } from "./metrics.js";
import { hours, round } from "./stats.js";
import { type DoraReport, type Tier, type TieredMetric, tierGap, tierOf } from "./tiers.js";

export interface TierResult {
  tier: Tier | undefined;
  /** Why the tier is empty. */
  why: string | undefined;
}

export type Tiers = Record<TieredMetric, TierResult>;

/** The headline numbers in output units: per day, hours, 0–1 rates. */
export interface Headline {
  deployments: number;
  deploymentFrequency: number;
  leadTimeHours: number | undefined;
  changeFailureRate: number | undefined;
  timeToRestoreHours: number | undefined;
  reworkRate: number | undefined;
  incidents: number;
}

export function headline(metrics: Metrics): Headline {
  return {
    deployments: metrics.deployments.length,
    deploymentFrequency: round(metrics.deploymentFrequency) ?? 0,
    leadTimeHours: hours(metrics.leadTime.median),
    changeFailureRate: round(metrics.changeFailureRate),
    timeToRestoreHours: hours(metrics.timeToRestore.median),
    reworkRate: round(metrics.reworkRate),
    incidents: metrics.incidents.length,
  };
}

export function tiersOf(report: DoraReport, numbers: Headline): Tiers {
  const values: Record<TieredMetric, number | undefined> = {
    "deployment-frequency": numbers.deploymentFrequency,
    "lead-time": numbers.leadTimeHours,
    "change-failure-rate": numbers.changeFailureRate,
    "time-to-restore": numbers.timeToRestoreHours,
    "rework-rate": numbers.reworkRate,
  };
  const entries = Object.entries(values).map(([metric, value]) => {
    const name = metric as TieredMetric;
    return [name, { tier: tierOf(report, name, value), why: tierGap(report, name, value) }];
  });
  return Object.fromEntries(entries) as Tiers;
}
