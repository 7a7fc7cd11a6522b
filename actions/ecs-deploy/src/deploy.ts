import { registerAll } from "./before/register.js";
import { type OneOffRequest, runOneOff } from "./before/run-task.js";
import { wakeAll } from "./before/wake.js";
import type { EcsDeployInputs } from "./inputs.js";
import type { EcsDeployDeps, EcsDeployResult, Plan } from "./model.js";
import { containerLogs } from "./observe/datadog-logs.js";
import { planDeploy } from "./plan/plan.js";
import { beginRun, deploymentDetails, land, rollOutAll, runLog, type ServiceRun } from "./run.js";

/**
 * The whole deployment, as the pipeline it is: plan (read-only) → register → one-off task → wake
 * → roll out → after (scheduled tasks, bake, prune, events) → finish. Each step gets only what it
 * needs from the inputs; each service's roll-out was chosen once, in the plan.
 */
export async function deploy(inputs: EcsDeployInputs, deps: EcsDeployDeps): Promise<EcsDeployResult> {
  const run = runLog(deps, inputs.timeoutMs);
  const plan = await planDeploy(inputs, deps, run.deadline);
  run.mark("planned", `${plan.services.length} service(s)`);
  const { services, releaseNotes, tracker, finish, dryRun } = await beginRun(plan, inputs, deps, run);
  if (dryRun !== undefined) return dryRun;
  await tracker?.start(
    inputs.githubEnvironment ?? "",
    releaseNotes?.summary ?? `Deploying ${inputs.services.join(", ")}`,
    services[0]?.result.consoleUrl ?? "",
    deploymentDetails(releaseNotes, plan.images),
  );

  await deps.log.group("Register task definitions", () => registerAll(services, deps, run.mark));

  const logs = containerLogs(inputs.datadog.logSource, inputs.datadog.site, deps);
  const runTask = await runOneOff(oneOffRequest(inputs, plan, services), { ...deps, containerLogs: logs }, run);
  if (runTask !== undefined && !runTask.ok) {
    const reasonCode = deps.signal?.aborted ? "cancelled" : "run-task-exit";
    const reason = `one-off task failed, no service was updated: ${runTask.reason}`;
    for (const { result } of services) Object.assign(result, { status: "failed", reason, reasonCode });
    await tracker?.finish("failure", reason);
    return finish({ status: "failed", reason, reasonCode, runTask });
  }

  const woken = await wakeAll(
    plan.asleep,
    { keepRunningForMs: inputs.keepRunningForMs, desiredCount: inputs.desiredCount },
    deps,
    run.mark,
  );

  const launch = (service: ServiceRun) => service.rollout.start(service.result.taskDefinitionArn);
  await rollOutAll("Roll out", services, launch, inputs, { ...deps, containerLogs: logs }, run);
  return finish({
    runTask,
    woken,
    ...(await land(services, plan, inputs, { ...deps, containerLogs: logs }, run, tracker)),
  });
}

function oneOffRequest(
  inputs: EcsDeployInputs,
  plan: Plan,
  services: readonly ServiceRun[],
): OneOffRequest | undefined {
  const first = services[0];
  if (inputs.runTask === undefined || plan.runTaskContainer === undefined || first === undefined) return undefined;
  return {
    cluster: inputs.cluster,
    taskDefinitionArn: first.result.taskDefinitionArn,
    service: first.plan.service,
    container: plan.runTaskContainer,
    command: inputs.runTask,
    containers: first.plan.rendered.definition.containerDefinitions ?? [],
    pollIntervalMs: inputs.pollIntervalMs,
  };
}
