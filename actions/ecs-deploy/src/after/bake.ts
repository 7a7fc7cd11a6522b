import { ActionError, type Clock, describeError, humanDuration, type Logger } from "@sre-actions/core";
import {
  DatadogApiError,
  type DatadogMonitor,
  type DatadogPort,
  type MonitorOverallState,
  monitorUrl,
} from "@sre-actions/core/datadog";
import type { MonitorSelector } from "../inputs/datadog.js";

export interface WatchedMonitor {
  id: number;
  name: string;
  url: string;
  /** The state before the deploy: a monitor already in Alert does not fail the bake until it recovers and alerts again. */
  baseline: MonitorOverallState | undefined;
}

export interface BakePoll {
  at: number;
  states: Record<number, MonitorOverallState | undefined>;
  /** Why this poll could not read the monitors (Datadog down, rate limit). */
  error?: string;
}

export interface BakeReport {
  ok: boolean;
  durationMs: number;
  monitors: WatchedMonitor[];
  polls: BakePoll[];
  /** The monitor that entered Alert. */
  alerted: WatchedMonitor | undefined;
  reason: string | undefined;
}

function describeSelector(selector: MonitorSelector): string {
  return selector.kind === "ids"
    ? `monitor ids ${selector.ids.join(", ")}`
    : `monitors tagged ${selector.tags.join(" ")}`;
}

/**
 * The read-only pre-flight for the gate: the monitors exist and the keys can read them. A wrong id
 * or a tag query that matches nothing fails the run before anything is deployed.
 */
export async function resolveMonitors(datadog: DatadogPort, selector: MonitorSelector): Promise<WatchedMonitor[]> {
  let monitors: DatadogMonitor[];
  try {
    monitors =
      selector.kind === "ids"
        ? await Promise.all(selector.ids.map((id) => datadog.getMonitor(id)))
        : await datadog.listMonitors(selector.tags);
  } catch (error) {
    const hint =
      error instanceof DatadogApiError && error.status === 404
        ? "Check the ids in verify-monitors (the number at the end of the monitor's URL)."
        : "verify-monitors needs datadog-app-key with the monitors_read scope, on the site in datadog-site.";
    throw new ActionError(`Could not read the ${describeSelector(selector)} from Datadog: ${describeError(error)}`, {
      hint,
    });
  }
  if (monitors.length === 0)
    throw new ActionError(`No Datadog monitor matches verify-monitors (${describeSelector(selector)})`, {
      hint: "verify-monitors takes the monitors' own tags (Manage Monitors → tags), e.g. service:kanna-api env:qa3.",
    });
  return monitors.map((monitor) => ({
    id: monitor.id,
    name: monitor.name,
    url: monitorUrl(datadog.site, monitor.id),
    baseline: monitor.overall_state,
  }));
}

async function readStates(datadog: DatadogPort, selector: MonitorSelector, watched: readonly WatchedMonitor[]) {
  const ids = new Set(watched.map((monitor) => monitor.id));
  const monitors =
    selector.kind === "ids"
      ? await Promise.all(selector.ids.map((id) => datadog.getMonitor(id)))
      : await datadog.listMonitors(selector.tags);
  const states: Record<number, MonitorOverallState | undefined> = {};
  for (const monitor of monitors) if (ids.has(monitor.id)) states[monitor.id] = monitor.overall_state;
  return states;
}

/**
 * Watches the monitors for `bakeMs` after a successful rollout (once when 0): any monitor entering
 * Alert fails the bake. A poll Datadog cannot answer is a warning; the next poll tries again.
 */
export async function bake(
  datadog: DatadogPort,
  selector: MonitorSelector,
  watched: WatchedMonitor[],
  options: { bakeMs: number; pollIntervalMs: number },
  deps: { clock: Clock; log: Logger },
): Promise<BakeReport> {
  const started = deps.clock.now();
  const polls: BakePoll[] = [];
  const previous = new Map(watched.map((monitor) => [monitor.id, monitor.baseline]));
  for (const monitor of watched)
    if (monitor.baseline === "Alert")
      deps.log.warning(
        `Monitor "${monitor.name}" was already in Alert before the deploy; the bake fails only if it recovers and alerts again (${monitor.url})`,
      );
  const report = (alerted: WatchedMonitor | undefined, reason: string | undefined): BakeReport => ({
    ok: alerted === undefined,
    durationMs: deps.clock.now() - started,
    monitors: watched,
    polls,
    alerted,
    reason,
  });
  for (;;) {
    const elapsed = deps.clock.now() - started;
    const at = deps.clock.now();
    try {
      const states = await readStates(datadog, selector, watched);
      polls.push({ at, states });
      deps.log.info(`Bake ${humanDuration(elapsed)}/${humanDuration(options.bakeMs)}: ${summarize(watched, states)}`);
      for (const monitor of watched) {
        const state = states[monitor.id];
        const before = previous.get(monitor.id);
        previous.set(monitor.id, state);
        if (state === "Alert" && before !== "Alert") {
          const reason = `monitor "${monitor.name}" entered Alert ${humanDuration(elapsed)} into the bake: ${monitor.url}`;
          deps.log.error(`Bake failed: ${reason}`, { title: `Datadog monitor alerting: ${monitor.name}` });
          return report(monitor, reason);
        }
      }
    } catch (error) {
      polls.push({ at, states: {}, error: describeError(error) });
      deps.log.warning(
        `Bake ${humanDuration(elapsed)}: could not read the monitors from Datadog: ${describeError(error)}`,
      );
    }
    const remaining = options.bakeMs - (deps.clock.now() - started);
    if (remaining <= 0) break;
    await deps.clock.sleep(Math.min(options.pollIntervalMs, remaining));
  }
  if (polls.every((poll) => poll.error !== undefined))
    deps.log.warning("The bake could not read any monitor state from Datadog; the deploy was not verified by monitors");
  return report(undefined, undefined);
}

function summarize(
  watched: readonly WatchedMonitor[],
  states: Record<number, MonitorOverallState | undefined>,
): string {
  const counts = new Map<string, number>();
  for (const monitor of watched) {
    const state = states[monitor.id] ?? "missing";
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  const parts = [...counts].map(([state, count]) => `${count} ${state}`);
  const notOk = watched
    .filter((monitor) => states[monitor.id] !== "OK")
    .map((m) => `${m.name}: ${states[m.id] ?? "missing"}`);
  return `${watched.length} monitor(s): ${parts.join(", ")}${notOk.length > 0 && notOk.length <= 5 ? ` (${notOk.join("; ")})` : ""}`;
}

/** The gate's monitors, read before the first mutating call; undefined when verify-monitors is not set. */
export async function resolveGate(
  settings: { monitors: MonitorSelector | undefined },
  datadog: DatadogPort | undefined,
): Promise<WatchedMonitor[] | undefined> {
  if (settings.monitors === undefined) return undefined;
  if (datadog === undefined) throw new ActionError("verify-monitors is set but no Datadog client was configured");
  return resolveMonitors(datadog, settings.monitors);
}
