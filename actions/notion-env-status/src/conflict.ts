import { isoInZone, type Logger, logText } from "@sre-actions/core";
import { type Claimant, conflictingHolder, describeClaimant } from "./holder.js";
import type { ConflictPolicy } from "./inputs.js";
import type { EnvRow } from "./rows.js";

export interface ConflictReport {
  holder: Claimant;
  since: number | undefined;
  until: number | undefined;
  rowUrl: string;
  policy: ConflictPolicy;
  /** on-conflict: fail — nothing was written. */
  blocked: boolean;
}

/** The rule: a row reserved, unexpired, by someone else is a conflict; the policy says whether it blocks. */
export function conflictOf(
  row: EnvRow,
  me: Claimant,
  freeName: string,
  now: number,
  policy: ConflictPolicy,
): ConflictReport | undefined {
  const holder = conflictingHolder(row, me, freeName, now);
  if (holder === undefined) return undefined;
  return {
    holder,
    since: row.deployedAt,
    until: row.reservedUntil,
    rowUrl: row.url,
    policy,
    blocked: policy === "fail",
  };
}

/** Tells the log about a conflict as loudly as its policy says. */
export function logConflict(log: Logger, environment: string, report: ConflictReport, timeZone: string): void {
  const when = [
    report.since === undefined ? undefined : `since ${isoInZone(report.since, timeZone)}`,
    report.until === undefined ? undefined : `until ${isoInZone(report.until, timeZone)}`,
  ]
    .filter(Boolean)
    .join(" ");
  // Holder, branch and PR are Notion cells: one line of inert text, never a workflow command.
  const message = logText(`${environment} is reserved by ${describeClaimant(report.holder)} ${when}: ${report.rowUrl}`);
  if (report.policy === "fail") log.error(message, { title: "Environment reserved" });
  else if (report.policy === "warn")
    log.warning(`${message}. Deploying over it (on-conflict: warn).`, { title: "Environment reserved" });
  else log.info(`${message}. Taking it over (on-conflict: override); the note records the previous holder.`);
}
