import { TZDate } from "@date-fns/tz";
import type { Outcome } from "./apply.js";
import type { DbOutcome } from "./db.js";
import type { IdleVerdict } from "./idle.js";
import type { FargateSpotToggleInputs } from "./inputs.js";
import { stoppedHourly } from "./savings.js";

/** One environment as the `environments` output and the summary show it. */
export interface EnvironmentReport {
  name: string;
  /** slept: asleep after this run (put to sleep now or before); awake; kept by keep-running-until. */
  status: "slept" | "awake" | "kept";
  /** Whether this run put it to sleep (or woke it). */
  changed: boolean;
  reason: string;
  idleMinutes: number;
  lastRequestAt: number | undefined;
  lastDeployAt: number | undefined;
  /** What its stopped services and DB clusters saved since local midnight (timezone), in USD. */
  savedTodayUsd: number;
}

const STATUS: Record<IdleVerdict["kind"], EnvironmentReport["status"]> = {
  sleep: "slept",
  asleep: "slept",
  wake: "awake",
  awake: "awake",
  kept: "kept",
};

/** Reports per environment: the verdict, and what sleeping saved today (after this run's changes). */
export function environmentReports(
  verdicts: Map<string, IdleVerdict>,
  outcomes: readonly Outcome[],
  dbOutcomes: readonly DbOutcome[],
  inputs: FargateSpotToggleInputs,
  now: number,
): EnvironmentReport[] {
  const midnight = startOfDay(now, inputs.timeZone);
  const hoursSince = (at: number) => Math.max(0, now - Math.max(at, midnight)) / 3_600_000;
  return [...verdicts.values()].map((verdict) => {
    let usd = 0;
    let changed = false;
    for (const { entry, status } of outcomes) {
      const { service } = entry;
      if (service.environment !== verdict.environment) continue;
      if (status === "changed" && (entry.change.kind === "stop" || entry.change.kind === "start")) changed = true;
      // Stopped before this run and still stopped: it saved since it stopped (or since midnight).
      const saved = service.saved;
      if (saved === undefined || entry.change.kind === "start") continue;
      usd +=
        saved.desired *
        stoppedHourly(service, saved.desired, saved.placement, inputs.prices) *
        hoursSince(saved.savedAt.getTime());
    }
    for (const { entry } of dbOutcomes) {
      const { db } = entry;
      if (db.environment !== verdict.environment || db.stoppedByUs === undefined || db.status !== "stopped") continue;
      if (entry.change.kind === "start") continue;
      usd += entry.hourly * hoursSince(db.stoppedByUs.getTime());
    }
    return {
      name: verdict.environment,
      status: STATUS[verdict.kind],
      changed,
      reason: verdict.reason,
      idleMinutes: verdict.idleMinutes,
      lastRequestAt: verdict.lastRequestAt,
      lastDeployAt: verdict.lastDeployAt,
      savedTodayUsd: Math.round(usd * 100) / 100,
    };
  });
}

function startOfDay(now: number, timeZone: string): number {
  const local = new TZDate(now, timeZone);
  local.setHours(0, 0, 0, 0);
  return local.getTime();
}
