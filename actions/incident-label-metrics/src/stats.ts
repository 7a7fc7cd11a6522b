/** Small, exact statistics on plain numbers. */

/** Percentile by linear interpolation between closest ranks (NumPy's default); undefined for no values. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lower = sorted[low] ?? 0;
  const upper = sorted[high] ?? lower;
  return lower + (upper - lower) * (rank - low);
}

export const median = (values: readonly number[]): number | undefined => percentile(values, 50);

export function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length;
}

export interface Distribution {
  count: number;
  median: number | undefined;
  p75: number | undefined;
  p90: number | undefined;
  mean: number | undefined;
}

export function distribution(values: readonly number[]): Distribution {
  return {
    count: values.length,
    median: median(values),
    p75: percentile(values, 75),
    p90: percentile(values, 90),
    mean: mean(values),
  };
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Hours rounded to two decimals, for outputs and files. */
export function hours(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round((ms / HOUR) * 100) / 100;
}

export function round(value: number | undefined, digits = 4): number | undefined {
  if (value === undefined) return undefined;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
