import type { Service } from "@aws-sdk/client-ecs";
import { ActionError, type Logger } from "@sre-actions/core";
import { type RestorePorts, type SavedState, savedTagOf, wakeService } from "@sre-actions/core/ecs-sleep";
import type { IfStopped } from "../inputs.js";
import type { EcsPort } from "../ports.js";

/** The tag fargate-spot-toggle's schedule reads: a service running until then is not stopped. */
export const TAG_KEEP_RUNNING_UNTIL = "sre-actions:keep-running-until";

/** An asleep service the deployment found, and what it does about it. */
export interface Asleep {
  service: string;
  /** Why it counts as asleep. */
  why: "saved" | "zero";
  saved: SavedState | undefined;
  action: "start" | "ignore";
  /** The service as described with its tags (what the restore reads). */
  described: Service;
}

export interface Woken {
  service: string;
  desiredCount: number;
  /** Saved auto-scaling min/max, restored with it. */
  scaling: { min: number; max: number } | undefined;
  until: Date;
}

/**
 * Pre-flight (read-only): which services are asleep — stopped by fargate-spot-toggle (its
 * `sre-actions:saved` tag) or at desired count 0 — and whether `if-stopped` lets the deploy go on.
 * `fail` and a state that cannot be restored stop the run here, before anything changes.
 */
export function checkAsleep(
  services: readonly Service[],
  ifStopped: IfStopped,
  desiredCount: number | undefined,
): Asleep[] {
  const asleep: Asleep[] = [];
  for (const service of services) {
    const name = service.serviceName ?? "?";
    const tags = new Map((service.tags ?? []).map((tag) => [tag.key ?? "", tag.value ?? ""]));
    const saved = savedTagOf(tags);
    if (saved.kind === "none" && (service.desiredCount ?? 0) > 0) continue;
    const why = saved.kind === "none" ? "zero" : "saved";
    const stopped =
      why === "saved"
        ? `${name} was stopped by fargate-spot-toggle (tag sre-actions:saved)`
        : `${name} is at desired count 0`;
    if (ifStopped === "fail") {
      throw new ActionError(`${stopped}, and if-stopped is fail: nothing was changed`, {
        hint: "Start it first (fargate-spot-toggle mode: start), or set if-stopped: start to wake it with this deploy.",
      });
    }
    if (ifStopped === "ignore") {
      asleep.push({
        service: name,
        why,
        saved: saved.kind === "saved" ? saved.state : undefined,
        action: "ignore",
        described: service,
      });
      continue;
    }
    if (saved.kind === "unreadable") {
      throw new ActionError(`${stopped}, but the saved state cannot be read: ${saved.problem}`, {
        hint: "Start it with fargate-spot-toggle, or set desired-count, or if-stopped: ignore.",
      });
    }
    // desired-count wins over a saved count; with neither there is nothing to start it with.
    if (saved.kind === "none" && desiredCount === undefined) {
      throw new ActionError(`${stopped} and has no saved state to restore, so there is no count to start it with`, {
        hint: "Set desired-count (e.g. 1), or if-stopped: ignore to deploy it at 0 tasks.",
      });
    }
    asleep.push({
      service: name,
      why,
      saved: saved.kind === "saved" ? saved.state : undefined,
      action: "start",
      described: service,
    });
  }
  return asleep;
}

/** ISO 8601 without milliseconds: tag values allow digits, `-`, `:`, `T` and `Z`. */
export function keepRunningValue(until: Date): string {
  return until.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Wakes a service stopped by fargate-spot-toggle with the same restore its `start` uses (core's
 * `wakeService`: auto-scaling min/max and suspension, desired count, strategy, then the saved tag
 * removed), then tags it keep-running-until so the hourly schedule leaves it up for the developer.
 */
export async function wake(
  asleep: Asleep,
  request: { keepRunningUntil: Date; desiredCount: number | undefined },
  deps: { ecs: EcsPort; restore?: RestorePorts | undefined; log: Logger },
): Promise<Woken | undefined> {
  if (asleep.action === "ignore") {
    deps.log.warning(
      `${asleep.service} is asleep (${asleep.why === "saved" ? "stopped by fargate-spot-toggle" : "desired count 0"}); if-stopped is ignore, so it is deployed at 0 tasks and nothing runs the new revision yet`,
      { title: `${asleep.service}: deployed asleep` },
    );
    return undefined;
  }
  const service = asleep.described;
  let desiredCount = request.desiredCount ?? service.desiredCount ?? 0;
  let scaling: Woken["scaling"];
  if (asleep.why === "saved") {
    if (deps.restore === undefined)
      throw new Error("waking a stopped service needs the restore ports (ECS and Auto Scaling)");
    const result = await wakeService(deps.restore, service);
    if (result.status === "woken") {
      desiredCount = request.desiredCount ?? result.saved.desired;
      scaling = result.saved.target && { min: result.saved.target.min, max: result.saved.target.max };
    }
  }
  await deps.ecs.tagResource({
    resourceArn: service.serviceArn,
    tags: [{ key: TAG_KEEP_RUNNING_UNTIL, value: keepRunningValue(request.keepRunningUntil) }],
  });
  deps.log.info(
    `Woke ${asleep.service}: desired ${desiredCount}${scaling ? `, auto-scaling ${scaling.min}–${scaling.max}` : ""}; kept running until ${keepRunningValue(request.keepRunningUntil)}`,
  );
  return { service: asleep.service, desiredCount, scaling, until: request.keepRunningUntil };
}

/** The wake step: every asleep service if-stopped lets us wake, kept running for keep-running-for. */
export async function wakeAll(
  asleep: readonly Asleep[],
  request: { keepRunningForMs: number; desiredCount: number | undefined },
  deps: { ecs: EcsPort; restore?: RestorePorts | undefined; log: Logger; clock: { now(): number } },
  mark: (step: string, detail: string) => void,
): Promise<Woken[]> {
  if (asleep.length === 0) return [];
  return deps.log.group("Wake", async () => {
    const woken: Woken[] = [];
    for (const service of asleep) {
      const until = new Date(deps.clock.now() + request.keepRunningForMs);
      const done = await wake(service, { keepRunningUntil: until, desiredCount: request.desiredCount }, deps);
      if (done === undefined) continue;
      woken.push(done);
      mark(
        "woken",
        `${done.service}: ${done.desiredCount} task(s), kept running until ${keepRunningValue(done.until)}`,
      );
    }
    return woken;
  });
}
