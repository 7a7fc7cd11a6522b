import type {
  Dimension,
  GetMetricDataInput,
  GetMetricDataOutput,
  MetricDataQuery,
  MetricDataResult,
} from "@aws-sdk/client-cloudwatch";
import { AwsError } from "../protocol.js";
import type { OperationHandler } from "../service.js";

/** One raw data point as a service publishes it (ELB every 60 s while requests flow). */
export interface MetricPoint {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  /** Epoch milliseconds. */
  at: number;
  value: number;
}

/**
 * The GetMetricData limits of the CloudWatch API reference: at most 500 MetricDataQuery structures
 * a call, and at most 100,800 data points returned before the answer is paginated (MaxDatapoints).
 */
export const GET_METRIC_DATA_LIMITS = { queries: 500, datapoints: 100_800 } as const;

const ID = /^[a-z][A-Za-z0-9_]*$/;
const STATS = new Set(["Sum", "Average", "Minimum", "Maximum", "SampleCount"]);
const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * CloudWatch metric data as GetMetricData reads it: raw points aggregated into `Period` buckets
 * aligned on the (rounded) StartTime, dimensions matched exactly (a metric is its namespace, name
 * and full dimension set), buckets without data left out, newest first unless ScanBy says
 * otherwise. `metricsRequested` counts what CloudWatch bills (one per MetricStat query per call).
 */
export class MetricStore {
  readonly points: MetricPoint[] = [];
  /** Metrics requested over all calls (CloudWatch bills GetMetricData per 1,000 of them). */
  metricsRequested = 0;

  put(point: MetricPoint): void {
    this.points.push(point);
  }

  operations(): Record<string, OperationHandler> {
    return { GetMetricData: (input: GetMetricDataInput, now: number) => this.getMetricData(input, now) };
  }

  private getMetricData(input: GetMetricDataInput, now: number): GetMetricDataOutput {
    const queries = input.MetricDataQueries ?? [];
    if (queries.length === 0) {
      throw new AwsError("ValidationError", "1 validation error detected: MetricDataQueries must not be empty.");
    }
    if (queries.length > GET_METRIC_DATA_LIMITS.queries) {
      throw new AwsError(
        "ValidationError",
        `1 validation error detected: Value at 'metricDataQueries' failed to satisfy constraint: Member must have length less than or equal to ${GET_METRIC_DATA_LIMITS.queries}`,
      );
    }
    const start = roundStart(epochMs(input.StartTime), now);
    const end = epochMs(input.EndTime);
    if (!(start < end)) {
      throw new AwsError("InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime.");
    }
    const maxDatapoints = input.MaxDatapoints ?? GET_METRIC_DATA_LIMITS.datapoints;
    if (maxDatapoints < 1) throw new AwsError("InvalidParameterValue", "The parameter MaxDatapoints must be positive.");
    const ids = new Set<string>();
    queries.forEach((query, index) => {
      checkQuery(query, index + 1);
      if (ids.has(query.Id ?? "")) {
        throw new AwsError("InvalidParameterValue", `The value ${query.Id} for parameter Id is duplicated.`);
      }
      ids.add(query.Id ?? "");
    });
    this.metricsRequested += queries.length;

    const series = queries.map((query) => ({ query, points: this.series(query, start, end, now, input.ScanBy) }));
    const offset = input.NextToken === undefined ? 0 : decodeToken(input.NextToken);
    const results: MetricDataResult[] = [];
    let skipped = 0;
    let taken = 0;
    let truncated = false;
    for (const { query, points } of series) {
      const from = Math.min(points.length, Math.max(0, offset - skipped));
      skipped += points.length;
      const room = maxDatapoints - taken;
      const page = points.slice(from, from + room);
      taken += page.length;
      const partial = from + page.length < points.length;
      truncated ||= partial;
      if (query.ReturnData === false) continue;
      results.push({
        Id: query.Id,
        Label: query.Label ?? query.MetricStat?.Metric?.MetricName,
        Timestamps: page.map((point) => new Date(point.at)),
        Values: page.map((point) => point.value),
        StatusCode: partial ? "PartialData" : "Complete",
        Messages: [],
      });
    }
    return {
      MetricDataResults: results,
      ...(truncated ? { NextToken: encodeToken(offset + taken) } : {}),
      Messages: [],
    };
  }

  /** One query's buckets: period-aligned on `start`, only those with data. */
  private series(query: MetricDataQuery, start: number, end: number, now: number, scanBy: string | undefined) {
    const stat = query.MetricStat;
    const metric = stat?.Metric;
    const periodMs = (stat?.Period ?? 60) * 1000;
    if (!periodAnswers(stat?.Period ?? 60, start, now)) return [];
    const wanted = dimensionKey(metric?.Dimensions ?? []);
    const buckets = new Map<number, number[]>();
    for (const point of this.points) {
      if (point.namespace !== metric?.Namespace || point.metricName !== metric.MetricName) continue;
      if (dimensionKey(Object.entries(point.dimensions).map(([Name, Value]) => ({ Name, Value }))) !== wanted) continue;
      if (point.at < start || point.at >= end) continue;
      const bucket = start + Math.floor((point.at - start) / periodMs) * periodMs;
      buckets.set(bucket, [...(buckets.get(bucket) ?? []), point.value]);
    }
    const points = [...buckets].map(([at, values]) => ({ at, value: aggregate(stat?.Stat ?? "", values) }));
    return points.sort((a, b) => (scanBy === "TimestampAscending" ? a.at - b.at : b.at - a.at));
  }
}

function checkQuery(query: MetricDataQuery, index: number): void {
  const where = `MetricDataQueries.member.${index}`;
  if (!ID.test(query.Id ?? "")) {
    throw new AwsError(
      "InvalidParameterValue",
      `The value ${query.Id} for parameter ${where}.Id is invalid: it must start with a lowercase letter and contain only letters, numbers and underscores.`,
    );
  }
  if ((query.MetricStat === undefined) === (query.Expression === undefined)) {
    throw new AwsError(
      "InvalidParameterCombination",
      `Exactly one of ${where}.MetricStat and ${where}.Expression must be specified.`,
    );
  }
  if (query.Expression !== undefined) {
    throw new AwsError("InvalidParameterValue", "AwsFake models MetricStat queries only, not math expressions.");
  }
  const stat = query.MetricStat;
  if (!STATS.has(stat?.Stat ?? "") && !/^p\d{1,2}(\.\d+)?$/.test(stat?.Stat ?? "")) {
    throw new AwsError(
      "InvalidParameterValue",
      `The value ${stat?.Stat} for parameter ${where}.MetricStat.Stat is invalid.`,
    );
  }
  const period = stat?.Period ?? 0;
  const highResolution = [1, 5, 10, 20, 30].includes(period);
  if (period < 1 || (!highResolution && period % 60 !== 0)) {
    throw new AwsError(
      "InvalidParameterValue",
      `The parameter ${where}.MetricStat.Period must be 1, 5, 10, 20, 30, or a multiple of 60.`,
    );
  }
}

/** Older data is kept at coarser resolution: a finer period returns no data points there (documented). */
function periodAnswers(periodSeconds: number, start: number, now: number): boolean {
  const age = now - start;
  const needed = age > 63 * DAY ? 3600 : age > 15 * DAY ? 300 : age > 3 * 3_600_000 ? 60 : 1;
  return periodSeconds % needed === 0;
}

/** CloudWatch rounds StartTime down: to the minute (< 15 days ago), 5 minutes (< 63 days), else the hour. */
function roundStart(start: number, now: number): number {
  const age = now - start;
  const unit = age > 63 * DAY ? 60 * MINUTE : age > 15 * DAY ? 5 * MINUTE : MINUTE;
  return Math.floor(start / unit) * unit;
}

function aggregate(stat: string, values: number[]): number {
  switch (stat) {
    case "Sum":
      return values.reduce((sum, value) => sum + value, 0);
    case "Average":
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    case "Minimum":
      return Math.min(...values);
    case "Maximum":
      return Math.max(...values);
    case "SampleCount":
      return values.length;
    default:
      return Math.max(...values);
  }
}

function dimensionKey(dimensions: readonly Dimension[]): string {
  return dimensions
    .map((dimension) => `${dimension.Name}=${dimension.Value}`)
    .sort()
    .join(",");
}

/** A timestamp as it arrives on the wire (epoch seconds in AWS JSON) or as a Date. */
function epochMs(value: unknown): number {
  if (typeof value === "number") return value * 1000;
  if (value instanceof Date) return value.getTime();
  return typeof value === "string" ? Date.parse(value) : Number.NaN;
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), "utf8").toString("base64");
}

function decodeToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { offset?: unknown };
    if (typeof parsed.offset === "number" && Number.isInteger(parsed.offset) && parsed.offset >= 0)
      return parsed.offset;
  } catch {
    // fall through
  }
  throw new AwsError("InvalidNextToken", "The service couldn't process the provided NextToken.");
}
