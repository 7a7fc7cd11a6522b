import { parseDuration } from "@sre-actions/core";

/** How long a reservation asked for: an absolute end, else a length from now. */
export interface ReservationRequest {
  /** The reserved-until input: wins over everything. */
  reservedUntil: Date | undefined;
  reserveForMs: number;
}

export interface ReservationSource extends ReservationRequest {
  /** Labels of the run's pull request; `reserve:<duration>` overrides reserve-for. */
  labels: readonly string[];
}

export interface Reservation {
  until: number;
  /** Where the end came from, for the log and the summary. */
  source: string;
  /** `reserve:` labels that did not parse (reported as warnings). */
  badLabels: string[];
}

const LABEL = /^reserve:\s*(.+)$/i;

/** Rows keep dates to the second: a reservation ends on a whole second so the output equals the row. */
export function wholeSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export function reservationEnd(source: ReservationSource, now: number): Reservation {
  const labels = source.labels.flatMap((label) => {
    const match = LABEL.exec(label.trim());
    return match?.[1] === undefined ? [] : [{ label, ms: parseDuration(match[1]) }];
  });
  const badLabels = labels.filter((label) => label.ms === undefined).map((label) => label.label);
  if (source.reservedUntil !== undefined) {
    return { until: source.reservedUntil.getTime(), source: "input reserved-until", badLabels };
  }
  const fromLabel = labels.find((label) => label.ms !== undefined);
  if (fromLabel?.ms !== undefined) return { until: now + fromLabel.ms, source: `label ${fromLabel.label}`, badLabels };
  return { until: now + source.reserveForMs, source: "input reserve-for", badLabels };
}
