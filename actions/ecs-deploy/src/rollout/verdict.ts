import type { DeployStatus, ReasonCode, ServiceResult, Verdict } from "../model.js";
import { revisionOf } from "../observe/ecs.js";

/**
 * The one reducer from verdicts to what a service reports: its status, reason and reason code.
 * `rollback` is the verdict of our own roll-back, when one ran (`succeeded`: the service runs the
 * previous revision again). Every wording of a failure lives here.
 */
export function settle(
  verdict: Verdict,
  rollback: Verdict | undefined,
  previousTaskDefinitionArn: string,
): { status: DeployStatus; reason: string | undefined; reasonCode: ReasonCode | undefined } {
  const code = verdict.reasonCode;
  const back = revisionOf(previousTaskDefinitionArn);
  switch (verdict.outcome) {
    case "succeeded":
      return { status: "succeeded", reason: undefined, reasonCode: undefined };
    case "paused":
      return { status: "paused", reason: undefined, reasonCode: undefined };
    case "rolled-back":
      return { status: "rolled-back", reason: verdict.reason, reasonCode: code };
  }
  if (verdict.details.rollbackState === "failed" || verdict.details.rollbackState === "in-progress")
    return { status: "failed", reason: verdict.reason, reasonCode: code };
  if (rollback === undefined) return { status: verdict.outcome, reason: verdict.reason, reasonCode: code };
  if (rollback.outcome === "succeeded")
    return { status: "rolled-back", reason: `${verdict.reason} — rolled back to ${back}`, reasonCode: code };
  return {
    status: "failed",
    reason: `${verdict.reason}; the rollback to ${back} did not finish either: ${rollback.reason ?? rollback.outcome}`,
    reasonCode: code,
  };
}

/** Whether a verdict asks for our roll-back: a failure or timeout that nobody has rolled back yet. */
export function wantsRollback(verdict: Verdict): boolean {
  if (verdict.outcome !== "failed" && verdict.outcome !== "timed-out") return false;
  if (verdict.details.rolledBackBy !== undefined) return false;
  // Cancelled, or the deployment's state is unknown: never roll back on a guess.
  return verdict.reasonCode !== "cancelled" && verdict.reasonCode !== "error";
}

/** The worst status wins: a failure not undone, then a timeout left in place, then a rollback. */
const SEVERITY: DeployStatus[] = ["failed", "timed-out", "rolled-back", "paused", "dry-run", "succeeded"];

export function overallStatus(results: readonly Pick<ServiceResult, "status">[]): DeployStatus {
  return SEVERITY.find((status) => results.some((result) => result.status === status)) ?? "succeeded";
}

/** The run's reason code: that of the first service with the run's status. */
export function overallReasonCode(results: readonly ServiceResult[]): ReasonCode | undefined {
  const status = overallStatus(results);
  return results.find((result) => result.status === status && result.reasonCode !== undefined)?.reasonCode;
}
