import { compactTime, parseCompactTime } from "@sre-actions/core/ecs-sleep";
import type { ProviderItem, SpotFallback } from "./model.js";

/**
 * The `sre-actions:spot-fallback` tag: when the service left Spot and the strategy it left, so
 * spot-retry-after can move it back exactly: `at=20261125T1200Z cp=FARGATE:1:1/FARGATE_SPOT:4:0`.
 */
export function encodeFallback(fallback: SpotFallback): string {
  const providers = fallback.from.map((item) => `${item.provider}:${item.weight}:${item.base}`).join("/");
  return `at=${compactTime(fallback.at)} cp=${providers}`;
}

export function decodeFallback(value: string): SpotFallback | undefined {
  const match = /^at=(\S+) cp=(\S+)$/.exec(value.trim());
  const at = parseCompactTime(match?.[1] ?? "");
  if (match === null || at === undefined) return undefined;
  const from: ProviderItem[] = [];
  for (const part of (match[2] ?? "").split("/")) {
    const item = /^([A-Za-z0-9_-]+):(\d+):(\d+)$/.exec(part);
    if (item === null) return undefined;
    from.push({ provider: item[1] ?? "", weight: Number(item[2]), base: Number(item[3]) });
  }
  return { at, from };
}

// ECS: "(service web) was unable to place a task. Reason: Capacity is unavailable at this time. …"
const SHORTAGE = /unable to place a task.*capacity is unavailable/i;
const STEADY = /has reached a steady state/i;

/**
 * Since when the service has been short of Spot capacity: the oldest "capacity is unavailable"
 * event after its last steady state (events come newest first); undefined when it is not short.
 */
export function spotShortageSince(events: readonly { at: number; message: string }[]): number | undefined {
  let since: number | undefined;
  for (const event of events) {
    if (STEADY.test(event.message)) break;
    if (SHORTAGE.test(event.message)) since = event.at;
  }
  return since;
}
