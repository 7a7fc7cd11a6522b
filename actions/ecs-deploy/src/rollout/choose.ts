import { codeDeployRollout } from "./codedeploy.js";
import { deploymentsRollout } from "./deployments.js";
import type { Rollout, RolloutContext } from "./rollout.js";
import { serviceDeploymentRollout } from "./service-deployment.js";

/** The one decision of how a service rolls out, made once, from what the plan found. */
export function chooseRollout(context: RolloutContext): Rollout {
  if (context.strategy.codeDeploy !== undefined) return codeDeployRollout(context, context.strategy.codeDeploy);
  if (context.strategy.serviceDeployments) return serviceDeploymentRollout(context);
  return deploymentsRollout(context);
}
