import type { RunContext } from "@sre-actions/core";
import type { EnvRow } from "./rows.js";

/** Who claims a row: the branch and, when known, the pull request. */
export interface Claimant {
  branch: string | undefined;
  pullRequest: string | undefined;
  actor: string | undefined;
}

export function claimantOf(context: RunContext): Claimant {
  return { branch: context.branch, pullRequest: context.pullRequest?.url, actor: context.actor };
}

export function rowClaimant(row: EnvRow): Claimant | undefined {
  if (row.branch === undefined && row.pullRequest === undefined) return undefined;
  return { branch: row.branch, pullRequest: row.pullRequest, actor: row.deployedBy };
}

/** Same pull request when both name one, else the same branch. */
export function sameClaimant(a: Claimant, b: Claimant): boolean {
  if (a.pullRequest !== undefined && b.pullRequest !== undefined) return a.pullRequest === b.pullRequest;
  return a.branch !== undefined && a.branch === b.branch;
}

export function isFree(row: EnvRow, freeName: string): boolean {
  return row.status === undefined || row.status.toLowerCase() === freeName.toLowerCase();
}

export function isExpired(row: EnvRow, now: number): boolean {
  return row.reservedUntil === undefined || row.reservedUntil <= now;
}

/** The row's holder when it is reserved (not free, claimed, unexpired); undefined otherwise. */
export function activeHolder(row: EnvRow, freeName: string, now: number): Claimant | undefined {
  if (isFree(row, freeName) || isExpired(row, now)) return undefined;
  return rowClaimant(row);
}

/** A conflict: reserved, unexpired, by someone else. The current holder is never blocked. */
export function conflictingHolder(row: EnvRow, me: Claimant, freeName: string, now: number): Claimant | undefined {
  const holder = activeHolder(row, freeName, now);
  return holder !== undefined && !sameClaimant(holder, me) ? holder : undefined;
}

/** `Alice (feature/login, https://github.com/acme/app/pull/7)`, or `feature/login (…/pull/7)` without a name. */
export function describeClaimant(claimant: Claimant): string {
  const parts = [claimant.actor, claimant.branch, claimant.pullRequest].filter((part) => part !== undefined);
  const [who = "someone", ...rest] = parts;
  return rest.length === 0 ? who : `${who} (${rest.join(", ")})`;
}
