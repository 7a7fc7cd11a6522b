import { describeError, type Logger, logText, mapPool } from "@sre-actions/core";
import {
  encodeSavedState,
  registerTargetInput,
  restoreService,
  TAG_SAVED,
  TAG_VALUE,
  toEcsProviders,
} from "@sre-actions/core/ecs-sleep";
import {
  type PlanEntry,
  type ProviderItem,
  type SavedState,
  type ScalingTarget,
  type ServiceInfo,
  TAG_SPOT_FALLBACK,
} from "./model.js";
import type { Clients, ClusterInfo } from "./select.js";
import { encodeFallback } from "./spot-fallback.js";

export type OutcomeStatus = "changed" | "unchanged" | "skipped" | "failed";

export interface Outcome {
  entry: PlanEntry;
  status: OutcomeStatus;
  error: string | undefined;
}

export interface ApplyDeps extends Clients {
  log: Logger;
  now: number;
}

/** Applies the plan with at most `concurrency` services in flight; one failure never stops the others. */
export async function applyPlan(
  entries: PlanEntry[],
  clusters: ClusterInfo[],
  concurrency: number,
  deps: ApplyDeps,
): Promise<Outcome[]> {
  const clusterProblems = await ensureCapacityProviders(entries, clusters, deps);
  return mapPool(entries, concurrency, async (entry): Promise<Outcome> => {
    const { change, service } = entry;
    if (change.kind === "skip") return { entry, status: "skipped", error: undefined };
    if (change.kind === "none") return { entry, status: "unchanged", error: undefined };
    const clusterProblem = clusterProblems.get(service.cluster);
    if (clusterProblem !== undefined) return { entry, status: "failed", error: clusterProblem };
    try {
      if (change.kind === "stop") await stop(service, deps, change.why);
      else if (change.kind === "start") await restoreService(deps, service, change.saved);
      else if (change.kind === "spot-fallback") await fallBack(service, change.items, change.from, deps);
      else if (change.kind === "spot-retry") await retrySpot(service, change.items, deps);
      else await switchProviders(service, change.items, deps);
      deps.log.info(`${logText(`${service.cluster}/${service.name}`)}: ${entry.from} → ${entry.to}`);
      return { entry, status: "changed", error: undefined };
    } catch (error) {
      const message = describeError(error);
      deps.log.error(`${logText(`${service.cluster}/${service.name}`)}: ${logText(message)}`);
      return { entry, status: "failed", error: message };
    }
  });
}

/** Stop: save the state (unless already saved: never overwritten), then the target's min/max to 0, then desired 0. */
async function stop(service: ServiceInfo, deps: ApplyDeps, why: "idle" | undefined): Promise<void> {
  if (service.saved === undefined) {
    const state: SavedState = {
      desired: service.desired,
      target: service.target,
      placement: service.placement,
      savedAt: new Date(deps.now),
      ...(why === undefined ? {} : { reason: why }),
    };
    await saveState(service, state, deps);
  }
  const target = service.target;
  if (target !== undefined && (target.min !== 0 || target.max !== 0 || !target.suspended.scheduled)) {
    // Scheduled scaling suspended too, so a scheduled action cannot wake the service at night;
    // the saved state restores all three flags exactly.
    await registerTarget(service, { min: 0, max: 0, suspended: { ...target.suspended, scheduled: true } }, deps);
  }
  await deps.ecs.updateService({ cluster: service.cluster, service: service.name, desiredCount: 0 });
}

/** A capacity provider change needs a new deployment; a stopped service keeps the new providers in its saved state too. */
async function switchProviders(service: ServiceInfo, items: ProviderItem[], deps: ApplyDeps): Promise<void> {
  await deps.ecs.updateService({
    cluster: service.cluster,
    service: service.name,
    capacityProviderStrategy: toEcsProviders(items),
    forceNewDeployment: true,
  });
  if (service.saved !== undefined)
    await saveState(service, { ...service.saved, placement: { kind: "providers", items } }, deps);
}

/** Spot ran out: tag first (so a failure midway still records where to return), then on-demand. */
async function fallBack(service: ServiceInfo, items: ProviderItem[], from: ProviderItem[], deps: ApplyDeps) {
  const value = encodeFallback({ at: new Date(deps.now), from });
  await deps.ecs.tagResource({ resourceArn: service.arn, tags: [{ key: TAG_SPOT_FALLBACK, value }] });
  await switchProviders(service, items, deps);
  deps.log.warning(
    `${service.cluster}/${service.name}: Spot capacity unavailable; moved to ${items.map((item) => item.provider).join(", ")} until spot-retry-after`,
  );
}

async function retrySpot(service: ServiceInfo, items: ProviderItem[], deps: ApplyDeps) {
  await switchProviders(service, items, deps);
  await deps.ecs.untagResource({ resourceArn: service.arn, tagKeys: [TAG_SPOT_FALLBACK] });
}

async function saveState(service: ServiceInfo, state: SavedState, deps: ApplyDeps): Promise<void> {
  const value = encodeSavedState(state);
  if (!TAG_VALUE.test(value))
    throw new Error(`the saved state does not fit in a tag value (${value.length} characters)`);
  await deps.ecs.tagResource({ resourceArn: service.arn, tags: [{ key: TAG_SAVED, value }] });
}

async function registerTarget(service: ServiceInfo, target: ScalingTarget, deps: ApplyDeps): Promise<void> {
  await deps.scaling.registerScalableTarget(registerTargetInput(service.cluster, service.name, target));
}

/**
 * PutClusterCapacityProviders replaces the whole list and default strategy, so write the union
 * with what DescribeClusters returned, and only for clusters that miss a provider the plan uses.
 * Returns the clusters that could not be prepared, with why.
 */
async function ensureCapacityProviders(
  entries: PlanEntry[],
  clusters: ClusterInfo[],
  deps: ApplyDeps,
): Promise<Map<string, string>> {
  const problems = new Map<string, string>();
  for (const cluster of clusters) {
    const needed = new Set<string>();
    for (const entry of entries) {
      if (entry.service.cluster !== cluster.name) continue;
      const change = entry.change;
      if (change.kind === "switch" || change.kind === "spot-fallback" || change.kind === "spot-retry") {
        for (const item of change.items) needed.add(item.provider);
      }
      if (entry.change.kind === "start" && entry.change.saved.placement.kind === "providers") {
        for (const item of entry.change.saved.placement.items) needed.add(item.provider);
      }
    }
    const missing = [...needed].filter((provider) => !cluster.capacityProviders.includes(provider));
    if (missing.length === 0) continue;
    try {
      const union = [...cluster.capacityProviders, ...missing];
      await deps.ecs.putClusterCapacityProviders({
        cluster: cluster.arn,
        capacityProviders: union,
        defaultCapacityProviderStrategy: cluster.defaultProviders,
      });
      cluster.capacityProviders = union;
      deps.log.info(`${logText(cluster.name)}: added ${missing.join(", ")} to the cluster's capacity providers`);
    } catch (error) {
      problems.set(
        cluster.name,
        `could not add ${missing.join(", ")} to cluster ${cluster.name}: ${describeError(error)}`,
      );
    }
  }
  return problems;
}
