import type { EcsDeployInputs } from "./inputs.js";
import type { EcsDeployDeps, EcsDeployResult } from "./model.js";
import { containerLogs } from "./observe/datadog-logs.js";
import { planResume } from "./plan/resume.js";
import { beginRun, deploymentDetails, land, rollOutAll, runLog, type ServiceRun } from "./run.js";

/**
 * mode continue / rollback: the production half of a paused release. plan (read-only: each
 * service's deployment in progress and the PAUSE hook it waits at) → ContinueServiceDeployment
 * with CONTINUE or ROLLBACK → follow it to its verdict exactly like a deploy (stages, bake,
 * alarms, Datadog monitors, roll back on failure) → after-steps, GitHub status, Datadog event.
 */
export async function resume(inputs: EcsDeployInputs, deps: EcsDeployDeps): Promise<EcsDeployResult> {
  const run = runLog(deps, inputs.timeoutMs);
  const plan = await planResume(inputs, deps);
  run.mark("planned", `${plan.services.length} paused service(s)`);
  const adopted = inputs.serviceDeployments.find((target) => target.githubDeploymentId !== undefined);
  const { services, releaseNotes, tracker, finish, dryRun } = await beginRun(
    plan,
    inputs,
    deps,
    run,
    adopted?.githubDeploymentId,
  );
  if (dryRun !== undefined) return dryRun;
  if (adopted?.githubDeploymentId !== undefined)
    tracker?.adopt(adopted.githubDeploymentId, services[0]?.result.consoleUrl ?? "");
  else
    await tracker?.start(
      inputs.githubEnvironment ?? "",
      releaseNotes?.summary ?? `Continuing ${inputs.services.join(", ")}`,
      services[0]?.result.consoleUrl ?? "",
      deploymentDetails(releaseNotes),
    );

  const action = inputs.mode === "rollback" ? "ROLLBACK" : "CONTINUE";
  const targets = new Map(services.map((service, index) => [service, plan.targets[index]]));
  const launch = async (service: ServiceRun) => {
    const target = targets.get(service);
    if (target === undefined || service.rollout.resume === undefined) return;
    if (target.note !== undefined) deps.log.warning(`[${service.plan.name}] ${target.note}`);
    await service.rollout.resume(target, action);
  };
  const logs = containerLogs(inputs.datadog.logSource, inputs.datadog.site, deps);
  const group = action === "CONTINUE" ? "Continue" : "Roll back at the pause";
  await rollOutAll(group, services, launch, inputs, { ...deps, containerLogs: logs }, run);
  if (action === "ROLLBACK")
    for (const [service, target] of targets)
      if (service.result.status === "rolled-back")
        Object.assign(service.result, {
          reason: `rolled back at ${target?.pause?.stage ?? "the pause"} (mode: rollback)`,
          reasonCode: "hook",
        });
  // What did not go as asked is part of the reason (an expired hook, a pause someone else acted on).
  for (const [service, target] of targets)
    if (target?.note !== undefined && service.result.reason !== undefined)
      service.result.reason = `${target.note}; ${service.result.reason}`;
  return finish(await land(services, plan, inputs, { ...deps, containerLogs: logs }, run, tracker));
}
