import type { Outcome } from "./apply.js";
import { formatPlacement } from "./capacity.js";
import type { OutputName } from "./inputs.js";
import type { FargateSpotToggleResult } from "./toggle.js";

/** The plan as the `plan` output: one object per service. */
export function planOutput(outcomes: Outcome[]) {
  return outcomes.map(({ entry, status, error }) => ({
    cluster: entry.service.cluster,
    service: entry.service.name,
    action: entry.change.kind,
    ...(entry.warn === true ? { warning: true } : {}),
    from: entry.from,
    to: entry.to,
    reason: entry.reason,
    status,
    ...(error === undefined ? {} : { error }),
  }));
}

/** The `services` output for `status` (empty otherwise). */
export function servicesOutput(result: FargateSpotToggleResult) {
  if (result.mode !== "status") return [];
  return result.outcomes.map(({ entry: { service } }) => ({
    cluster: service.cluster,
    service: service.name,
    desiredCount: service.desired,
    runningCount: service.running,
    placement: formatPlacement(service.placement),
    scalableTarget: service.target === undefined ? null : { min: service.target.min, max: service.target.max },
    stopped: service.saved !== undefined,
    saved:
      service.saved === undefined
        ? null
        : {
            desiredCount: service.saved.desired,
            min: service.saved.target?.min ?? null,
            max: service.saved.target?.max ?? null,
            placement: formatPlacement(service.saved.placement),
            savedAt: service.saved.savedAt.toISOString(),
          },
    vcpu: service.vcpu,
    memoryGb: service.memoryGb,
  }));
}

/** The `db-clusters` output: one object per selected Aurora cluster. */
export function dbClustersOutput(result: FargateSpotToggleResult) {
  return result.dbOutcomes.map(({ entry, status, error }) => ({
    cluster: entry.db.id,
    action: entry.change.kind,
    status,
    reason: entry.reason,
    ...(error === undefined ? {} : { error }),
  }));
}

/** The `environments` output: environment → status, reason, idle minutes (mode idle, or schedule with idle-after). */
export function environmentsOutput(result: FargateSpotToggleResult) {
  const iso = (at: number | undefined) => (at === undefined ? null : new Date(at).toISOString());
  return Object.fromEntries(
    result.environments.map((report) => [
      report.name,
      {
        status: report.status,
        changed: report.changed,
        reason: report.reason,
        idleMinutes: report.idleMinutes,
        lastRequest: iso(report.lastRequestAt),
        lastDeploy: iso(report.lastDeployAt),
        savedTodayUsd: report.savedTodayUsd,
      },
    ]),
  );
}

export function outputsOf(result: FargateSpotToggleResult): Record<OutputName, unknown> {
  return {
    environments: environmentsOutput(result),
    "db-clusters": dbClustersOutput(result),
    changed: result.changed,
    skipped: result.skipped,
    failed: result.failed,
    plan: planOutput(result.outcomes),
    "estimated-monthly-savings": result.estimatedMonthlySavings,
    services: servicesOutput(result),
  };
}
