import { ActionError, humanDuration, type Logger } from "@sre-actions/core";
import type { DeployDeps, ServiceResult } from "../deploy.js";
import type { DeployInputs } from "../inputs.js";
import type { ServicePlan } from "../plan/plan.js";
import type { StrategyPlan } from "../plan/strategy-plan.js";
import {
  type CodeDeployDeps,
  type CodeDeployRun,
  createDeploymentOnce,
  followCodeDeploy,
  stopCodeDeploy,
} from "./codedeploy.js";

export function codeDeployDeps(deps: DeployDeps): CodeDeployDeps {
  if (deps.codeDeploy === undefined) throw new ActionError("no CodeDeploy client was configured");
  return { codeDeploy: deps.codeDeploy, cloudWatch: deps.cloudWatch, clock: deps.clock, log: deps.log };
}

/**
 * A CODE_DEPLOY service: the new revision goes out through CodeDeploy (ECS refuses a task
 * definition change by UpdateService). Same verdict rules as the ECS path: CodeDeploy's decision,
 * its error information, and a stop-and-roll-back on failure or timeout when `rollback` is on.
 */
export async function codeDeployRollOut(
  plan: ServicePlan,
  result: ServiceResult,
  inputs: DeployInputs,
  deps: CodeDeployDeps & { log: Logger; runUrl: string },
  deadline: number,
  mark: (step: string, detail: string) => void,
  strategy: StrategyPlan,
): Promise<void> {
  const target = strategy.codeDeploy;
  if (target === undefined) throw new ActionError(`service ${plan.name} has no CodeDeploy target`);
  const content = target.appSpec(result.taskDefinitionArn);
  const description = `sre-actions/ecs-deploy ${deps.runUrl} ${plan.name} ${result.taskDefinitionArn}`.slice(0, 512);
  const deploymentId = await createDeploymentOnce(
    {
      applicationName: target.application,
      deploymentGroupName: target.group,
      revision: { revisionType: "AppSpecContent", appSpecContent: { content } },
      description,
    },
    target,
    deps,
  );
  result.updated = true;
  result.deploymentId = deploymentId;
  mark("service updated", `${plan.name}: CodeDeploy ${deploymentId}`);
  deps.log.info(`[${plan.name}] CodeDeploy deployment ${deploymentId} started on ${result.taskDefinitionArn}`);
  if (!inputs.wait) return;
  const run: CodeDeployRun = {
    cluster: inputs.cluster,
    service: plan.name,
    taskDefinitionArn: result.taskDefinitionArn,
    description,
    deadline,
    pollIntervalMs: inputs.pollIntervalMs,
    bakeMs: result.bakeMs,
    alarms: inputs.strategy.alarms,
  };
  const outcome = await followCodeDeploy(deploymentId, run, deps, result.stages);
  mark("rollout", `${plan.name}: ${outcome.outcome}`);
  if (outcome.outcome === "succeeded") return;
  result.reason = outcome.reason;
  if (outcome.outcome === "failed" && outcome.rolledBackByEcs) {
    result.status = "rolled-back";
    return;
  }
  result.status = outcome.outcome;
  if (!inputs.rollback) {
    deps.log.error(`Deployment of ${plan.name} ${outcome.outcome}: ${outcome.reason}`, {
      title: `${plan.name}: deployment ${outcome.outcome}`,
    });
    return;
  }
  deps.log.info(`[${plan.name}] stopping CodeDeploy ${deploymentId} with rollback`);
  const started = deps.clock.now();
  const stopped = await stopCodeDeploy(deploymentId, run, deps);
  const back = stopped.outcome === "failed" && stopped.rolledBackByEcs;
  const why = stopped.outcome === "succeeded" ? "CodeDeploy finished the deployment first" : stopped.reason;
  result.rollback = { deploymentId, outcome: back ? "succeeded" : stopped.outcome, reason: back ? undefined : why };
  mark(
    "rollback",
    `${plan.name}: ${back ? "succeeded" : stopped.outcome} in ${humanDuration(deps.clock.now() - started)}`,
  );
  if (back) {
    result.status = "rolled-back";
    result.reason = `${outcome.reason} — CodeDeploy rolled back to the original task set (${result.previousTaskDefinitionArn})`;
  } else {
    result.status = "failed";
    result.reason = `${outcome.reason}; stopping CodeDeploy ${deploymentId} did not roll back: ${why}`;
  }
  deps.log.error(`Deployment of ${plan.name} ${result.status}: ${result.reason}`, {
    title: `${plan.name}: deployment ${result.status}`,
  });
}
