/**
 * DORA performance tiers per metric, from the Accelerate State of DevOps reports' software delivery
 * performance tables. Each report publishes bands per cluster; we keep them verbatim in `published`
 * and turn them into ordered limits in `limits`. Where a report's bands overlap or leave gaps the
 * rule is stated next to the numbers, and where a report gives no usable band the tier is empty.
 */

export type DoraReport = "2024" | "2023" | "2021";
export type Tier = "elite" | "high" | "medium" | "low";
export type TieredMetric =
  | "deployment-frequency"
  | "lead-time"
  | "change-failure-rate"
  | "time-to-restore"
  | "rework-rate";

const DAY_HOURS = 24;
const WEEK_HOURS = 7 * DAY_HOURS;
const MONTH_HOURS = 30 * DAY_HOURS;
const HALF_YEAR_HOURS = 182 * DAY_HOURS;

/**
 * `better: "higher"`: a value reaches a tier when value >= limit; `"lower"`: when value <= limit.
 * Tiers are tried from elite down; the first one reached wins; below all limits is `low`.
 */
interface TierRule {
  better: "higher" | "lower";
  limits: Partial<Record<Exclude<Tier, "low">, number>>;
  /** The report's own words per tier, shown in the summary. */
  published: Record<Tier, string>;
  note?: string;
}

export interface TierTable {
  report: DoraReport;
  source: string;
  url: string;
  metrics: Partial<Record<TieredMetric, TierRule>>;
  /** Why a metric has no tier in this report. */
  missing: Partial<Record<TieredMetric, string>>;
}

const NO_REWORK = "this report publishes no rework-rate bands";

export const TIER_TABLES: Record<DoraReport, TierTable> = {
  "2024": {
    report: "2024",
    source: "DORA, Accelerate State of DevOps Report 2024, software delivery performance clusters",
    url: "https://dora.dev/research/2024/dora-report/",
    metrics: {
      "deployment-frequency": {
        better: "higher",
        limits: { elite: 1, high: 1 / 7, medium: 1 / 30 },
        published: {
          elite: "On demand (multiple deploys per day)",
          high: "Between once per day and once per week",
          medium: "Between once per week and once per month",
          low: "Between once per month and once every six months",
        },
      },
      "lead-time": {
        better: "lower",
        limits: { elite: DAY_HOURS, high: WEEK_HOURS, medium: MONTH_HOURS },
        published: {
          elite: "Less than one day",
          high: "Between one day and one week",
          medium: "Between one week and one month",
          low: "Between one month and six months",
        },
      },
      "time-to-restore": {
        better: "lower",
        limits: { elite: 1, high: DAY_HOURS },
        published: {
          elite: "Less than one hour",
          high: "Less than one day",
          medium: "Less than one day",
          low: "Between one week and one month",
        },
        note: "High and Medium share 'less than one day' (reported as high); 1 day to 1 week falls in no band (reported as low).",
      },
    },
    missing: {
      "change-failure-rate":
        "the 2024 clusters publish a typical rate per cluster (Elite 5%, High 20%, Medium 10%, Low 40%) that is not ordered by cluster, so no threshold can be drawn",
      "rework-rate": "the 2024 report introduces rework rate but publishes no bands for it",
    },
  },
  "2023": {
    report: "2023",
    source: "DORA, Accelerate State of DevOps Report 2023, software delivery performance clusters",
    url: "https://dora.dev/research/2023/dora-report/",
    metrics: {
      "deployment-frequency": {
        better: "higher",
        limits: { elite: 1, high: 1 / 7, medium: 1 / 30 },
        published: {
          elite: "On demand",
          high: "Between once per day and once per week",
          medium: "Between once per week and once per month",
          low: "Between once per week and once per month",
        },
        note: "Medium and Low share a band (reported as medium); less than monthly falls in no band (reported as low).",
      },
      "lead-time": {
        better: "lower",
        limits: { elite: DAY_HOURS, high: WEEK_HOURS, medium: MONTH_HOURS },
        published: {
          elite: "Less than one day",
          high: "Between one day and one week",
          medium: "Between one week and one month",
          low: "Between one week and one month",
        },
        note: "Medium and Low share a band (reported as medium); over a month falls in no band (reported as low).",
      },
      "change-failure-rate": {
        better: "lower",
        limits: { elite: 0.05, high: 0.1, medium: 0.15 },
        published: { elite: "5%", high: "10%", medium: "15%", low: "64%" },
        note: "The report gives one typical rate per cluster; we use Elite/High/Medium's as upper limits.",
      },
      "time-to-restore": {
        better: "lower",
        limits: { elite: 1, high: DAY_HOURS, medium: WEEK_HOURS },
        published: {
          elite: "Less than one hour",
          high: "Less than one day",
          medium: "Between one day and one week",
          low: "Between one month and six months",
        },
      },
    },
    missing: { "rework-rate": NO_REWORK },
  },
  "2021": {
    report: "2021",
    source: "DORA, Accelerate State of DevOps Report 2021, software delivery performance table",
    url: "https://dora.dev/research/2021/dora-report/",
    metrics: {
      "deployment-frequency": {
        better: "higher",
        limits: { elite: 1, high: 1 / 30, medium: 1 / 182 },
        published: {
          elite: "On-demand (multiple deploys per day)",
          high: "Between once per week and once per month",
          medium: "Between once per month and once every 6 months",
          low: "Fewer than once per six months",
        },
        note: "Between daily and weekly falls in no band (reported as high).",
      },
      "lead-time": {
        better: "lower",
        limits: { elite: 1, high: WEEK_HOURS, medium: HALF_YEAR_HOURS },
        published: {
          elite: "Less than one hour",
          high: "Between one day and one week",
          medium: "Between one month and six months",
          low: "More than six months",
        },
        note: "1 hour to 1 day is reported as high, 1 week to 1 month as medium (gaps in the table).",
      },
      "change-failure-rate": {
        better: "lower",
        limits: { elite: 0.15, high: 0.3 },
        published: { elite: "0%–15%", high: "16%–30%", medium: "16%–30%", low: "16%–30%" },
        note: "High, Medium and Low share 16–30% (reported as high); over 30% falls in no band (reported as low).",
      },
      "time-to-restore": {
        better: "lower",
        limits: { elite: 1, high: DAY_HOURS, medium: WEEK_HOURS },
        published: {
          elite: "Less than one hour",
          high: "Less than one day",
          medium: "Between one day and one week",
          low: "More than six months",
        },
        note: "1 week to 6 months falls in no band (reported as low).",
      },
    },
    missing: { "rework-rate": NO_REWORK },
  },
};

const ORDER: Exclude<Tier, "low">[] = ["elite", "high", "medium"];

/**
 * The tier of a value (deployments per day, hours, or a 0–1 rate) in the chosen report; undefined
 * when the value is unknown or the report has no band for the metric.
 */
export function tierOf(report: DoraReport, metric: TieredMetric, value: number | undefined): Tier | undefined {
  const rule = TIER_TABLES[report].metrics[metric];
  if (rule === undefined || value === undefined || Number.isNaN(value)) return undefined;
  for (const tier of ORDER) {
    const limit = rule.limits[tier];
    if (limit === undefined) continue;
    if (rule.better === "higher" ? value >= limit : value <= limit) return tier;
  }
  return "low";
}

/** Why the tier is empty, for the summary and the JSON report. */
export function tierGap(report: DoraReport, metric: TieredMetric, value: number | undefined): string | undefined {
  const missing = TIER_TABLES[report].missing[metric];
  if (missing !== undefined) return missing;
  return value === undefined ? "no data in the window" : undefined;
}
