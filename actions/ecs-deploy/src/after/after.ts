import type { ContainerDefinition } from "@aws-sdk/client-ecs";
import { humanDuration } from "@sre-actions/core";
import type { DatadogInputs } from "../inputs/datadog.js";
import type { DatadogReport, EcsDeployDeps, ServiceResult, Verdict } from "../model.js";
import { deploymentEventOf, sendDeploymentEvents } from "../report/datadog-events.js";
import { overallStatus } from "../rollout/verdict.js";
import { bake, type WatchedMonitor } from "./bake.js";
import { parseTaskDefinitionArn, pruneRevisions } from "./prune.js";
import { moveScheduledTargets, moveScheduledTargetsBack, type ScheduledTarget } from "./scheduled.js";

/** What the steps after the roll-out read of the inputs. */
export interface AfterRequest {
  cluster: string;
  keepRevisions: number | undefined;
  pollIntervalMs: number;
  datadog: DatadogInputs;
}

/** A rolled-out service as the after-steps see it. */
interface Deployed {
  plan: { rendered: { definition: { containerDefinitions?: ContainerDefinition[] | undefined } } };
  result: ServiceResult;
}

/**
 * After the roll-out: scheduled tasks follow the new revision; the Datadog bake (a monitor in Alert
 * is a failed roll-out: `conclude` rolls back like any failure); scheduled tasks move back if the
 * run failed; old revisions are pruned on success; a DORA deployment event per updated service.
 */
export async function afterRollout<S extends Deployed>(
  services: readonly S[],
  plan: { scheduled: ScheduledTarget[]; gate: WatchedMonitor[] | undefined },
  request: AfterRequest,
  deps: EcsDeployDeps,
  run: { started: number; mark(step: string, detail: string): void },
  conclude: (service: S, verdict: Verdict) => Promise<void>,
): Promise<{ deregistered: string[]; datadog: DatadogReport | undefined }> {
  const results = services.map(({ result }) => result);
  const succeeded = () => overallStatus(results) === "succeeded";
  const { scheduled } = plan;

  // The services run the new revision: their scheduled tasks follow (and run it during the bake too).
  if (scheduled.length > 0 && succeeded()) {
    const revisionOf = (family: string) =>
      results.find((result) => parseTaskDefinitionArn(result.taskDefinitionArn)?.family === family)?.taskDefinitionArn;
    await deps.log.group("Move scheduled tasks", () => moveScheduledTargets(scheduled, revisionOf, deps));
    const moved = scheduled.filter((target) => target.status === "moved").length;
    if (moved > 0) run.mark("scheduled tasks", `${moved} moved to the new revision`);
  }

  const datadog: DatadogReport | undefined = deps.datadog === undefined ? undefined : { events: [], bake: undefined };
  if (plan.gate !== undefined && deps.datadog !== undefined && datadog !== undefined && succeeded()) {
    const gate = deps.datadog;
    const watched = plan.gate;
    const report = await deps.log.group("Bake", () =>
      bake(
        gate,
        request.datadog.monitors ?? { kind: "ids", ids: [] },
        watched,
        { bakeMs: request.datadog.bakeMs, pollIntervalMs: request.pollIntervalMs },
        deps,
      ),
    );
    datadog.bake = report;
    run.mark(
      "bake",
      report.ok
        ? `${watched.length} monitor(s) stayed out of Alert for ${humanDuration(report.durationMs)}`
        : (report.reason ?? "failed"),
    );
    if (!report.ok) {
      const verdict: Verdict = { outcome: "failed", reason: report.reason, reasonCode: "monitor", details: {} };
      await deps.log.group("Roll back", () =>
        Promise.all(services.filter(({ result }) => result.updated).map((service) => conclude(service, verdict))),
      );
    }
  }

  if (scheduled.some((target) => target.status === "moved") && !succeeded()) {
    await deps.log.group("Move scheduled tasks back", () => moveScheduledTargetsBack(scheduled, deps));
    run.mark("scheduled tasks", "moved back to the previous revision");
  }

  let deregistered: string[] = [];
  if (succeeded() && request.keepRevisions !== undefined) {
    const keep = request.keepRevisions;
    deregistered = await deps.log.group("Prune old revisions", () => pruneAll(results, request.cluster, keep, deps));
    if (deregistered.length > 0) run.mark("pruned", `${deregistered.length} old revision(s) deregistered`);
  }

  if (deps.datadog !== undefined && datadog !== undefined) {
    const events = deps.datadog;
    const window = { startedAt: run.started, finishedAt: deps.clock.now() };
    const updated = services.filter(({ result }) => result.updated);
    const deployed = updated.map(({ plan: servicePlan, result }) => ({
      service: result.service,
      attributes: deploymentEventOf(
        {
          name: result.service,
          status: result.status,
          containers: servicePlan.rendered.definition.containerDefinitions ?? [],
        },
        request.datadog,
        deps.context,
        request.cluster,
        window,
      ),
    }));
    if (deployed.length > 0)
      datadog.events = await deps.log.group("Datadog deployment events", () =>
        sendDeploymentEvents(events, deployed, deps.log),
      );
  }
  return { deregistered, datadog };
}

async function pruneAll(
  results: readonly ServiceResult[],
  cluster: string,
  keep: number,
  deps: EcsDeployDeps,
): Promise<string[]> {
  const families = new Set(
    results
      .filter((result) => result.registered)
      .map((result) => parseTaskDefinitionArn(result.taskDefinitionArn)?.family)
      .filter((family): family is string => family !== undefined),
  );
  const deregistered: string[] = [];
  for (const family of families) deregistered.push(...(await pruneRevisions(deps, cluster, family, keep)));
  return deregistered;
}
