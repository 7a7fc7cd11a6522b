import { describeError, type Logger } from "@sre-actions/core";
import {
  encodeSavedState,
  registerTargetInput,
  restoreService,
  TAG_SAVED,
  TAG_VALUE,
  toEcsStrategy,
} from "@sre-actions/core/ecs-sleep";
import type { PlanEntry, SavedState, ScalingTarget, ServiceInfo, StrategyItem } from "./model.js";
import { mapPool } from "./pool.js";
import type { Clients, ClusterInfo } from "./select.js";

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
      if (change.kind === "stop") await stop(service, deps);
      else if (change.kind === "start") await restoreService(deps, service, change.saved);
      else await switchStrategy(service, change.items, deps);
      deps.log.info(`${service.cluster}/${service.name}: ${entry.from} → ${entry.to}`);
      return { entry, status: "changed", error: undefined };
    } catch (error) {
      const message = describeError(error);
      deps.log.error(`${service.cluster}/${service.name}: ${message}`);
      return { entry, status: "failed", error: message };
    }
  });
}

/** Stop: save the state (unless already saved: never overwritten), then the target's min/max to 0, then desired 0. */
async function stop(service: ServiceInfo, deps: ApplyDeps): Promise<void> {
  if (service.saved === undefined) {
    const state: SavedState = {
      desired: service.desired,
      target: service.target,
      placement: service.placement,
      savedAt: new Date(deps.now),
    };
    await saveState(service, state, deps);
  }
  if (service.target !== undefined && (service.target.min !== 0 || service.target.max !== 0)) {
    await registerTarget(service, { ...service.target, min: 0, max: 0 }, deps);
  }
  await deps.ecs.updateService({ cluster: service.cluster, service: service.name, desiredCount: 0 });
}

/** A strategy change needs a new deployment; a stopped service keeps the new strategy in its saved state too. */
async function switchStrategy(service: ServiceInfo, items: StrategyItem[], deps: ApplyDeps): Promise<void> {
  await deps.ecs.updateService({
    cluster: service.cluster,
    service: service.name,
    capacityProviderStrategy: toEcsStrategy(items),
    forceNewDeployment: true,
  });
  if (service.saved !== undefined)
    await saveState(service, { ...service.saved, placement: { kind: "strategy", items } }, deps);
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
      if (entry.change.kind === "strategy") for (const item of entry.change.items) needed.add(item.provider);
      if (entry.change.kind === "start" && entry.change.saved.placement.kind === "strategy") {
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
        defaultCapacityProviderStrategy: cluster.defaultStrategy,
      });
      cluster.capacityProviders = union;
      deps.log.info(`${cluster.name}: added ${missing.join(", ")} to the cluster's capacity providers`);
    } catch (error) {
      problems.set(
        cluster.name,
        `could not add ${missing.join(", ")} to cluster ${cluster.name}: ${describeError(error)}`,
      );
    }
  }
  return problems;
}
