import type { DeploymentConfiguration, Service } from "@aws-sdk/client-ecs";
import { ActionError, humanDuration } from "@sre-actions/core";

/** How a service deploys: ECS's own strategies, or CodeDeploy blue/green. */
export type Strategy = "ROLLING" | "BLUE_GREEN" | "LINEAR" | "CANARY" | "CODE_DEPLOY";

/**
 * The lifecycle stages ECS reports for BLUE_GREEN, LINEAR and CANARY deployments, in order (the
 * SDK's `ServiceDeploymentLifecycleStage`). `wait-until` takes one of them, or `stable`.
 */
export const LIFECYCLE_STAGES = [
  "RECONCILE_SERVICE",
  "PRE_SCALE_UP",
  "SCALE_UP",
  "POST_SCALE_UP",
  "TEST_TRAFFIC_SHIFT",
  "POST_TEST_TRAFFIC_SHIFT",
  "PRODUCTION_TRAFFIC_SHIFT",
  "POST_PRODUCTION_TRAFFIC_SHIFT",
  "BAKE_TIME",
  "CLEAN_UP",
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** `stable` (the end, bake included), `paused` (a PAUSE lifecycle hook waits for ContinueServiceDeployment), or a stage. */
export const WAIT_UNTIL = ["stable", "paused", ...LIFECYCLE_STAGES] as const;
export type WaitUntil = (typeof WAIT_UNTIL)[number];

/** The strategy of a described service; EXTERNAL (task sets managed by someone else) is refused. */
export function strategyOf(service: Service): Strategy {
  const controller = service.deploymentController?.type ?? "ECS";
  if (controller === "CODE_DEPLOY") return "CODE_DEPLOY";
  if (controller !== "ECS") {
    throw new ActionError(
      `Service ${service.serviceName} uses the ${controller} deployment controller: its task sets are managed outside ECS and CodeDeploy, so this action cannot deploy it`,
      {
        hint: "Deploy it with the tool that manages its task sets, or recreate the service with the ECS or CODE_DEPLOY controller.",
      },
    );
  }
  return service.deploymentConfiguration?.strategy ?? "ROLLING";
}

const MINUTE = 60_000;

/** Time ECS spends baking after traffic moved: the bake plus the waits between linear/canary steps. */
export function bakeMsOf(config: DeploymentConfiguration | undefined, strategy: Strategy): number {
  if (config === undefined || strategy === "ROLLING" || strategy === "CODE_DEPLOY") return 0;
  const bake = (config.bakeTimeInMinutes ?? 0) * MINUTE;
  if (strategy === "LINEAR") {
    const step = config.linearConfiguration?.stepPercent ?? 10;
    const steps = Math.ceil(100 / step);
    return bake + (steps - 1) * (config.linearConfiguration?.stepBakeTimeInMinutes ?? 6) * MINUTE;
  }
  if (strategy === "CANARY") return bake + (config.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10) * MINUTE;
  return bake;
}

/** The plan's lines about how a service deploys: strategy, traffic steps, bake, hooks, alarms. */
export function strategyLines(service: Service, strategy: Strategy, codeDeployBakeMs = 0): string[] {
  const config = service.deploymentConfiguration;
  const lines: string[] = [];
  const bake = strategy === "CODE_DEPLOY" ? codeDeployBakeMs : (config?.bakeTimeInMinutes ?? 0) * MINUTE;
  const parts: string[] = [`strategy ${strategy}`];
  if (strategy === "LINEAR") {
    const linear = config?.linearConfiguration;
    parts.push(`${linear?.stepPercent ?? 10}% every ${linear?.stepBakeTimeInMinutes ?? 6}m`);
  }
  if (strategy === "CANARY") {
    const canary = config?.canaryConfiguration;
    parts.push(`canary ${canary?.canaryPercent ?? 5}% for ${canary?.canaryBakeTimeInMinutes ?? 10}m`);
  }
  if (strategy !== "ROLLING") parts.push(`bake ${humanDuration(bake)}`);
  lines.push(parts.join(", "));
  for (const hook of config?.lifecycleHooks ?? []) {
    lines.push(
      `hook ${hook.hookTargetArn ?? hook.targetType ?? "PAUSE"} at ${(hook.lifecycleStages ?? []).join(", ")}`,
    );
  }
  const alarms = config?.alarms;
  if (alarms?.enable === true && (alarms.alarmNames ?? []).length > 0) {
    lines.push(
      `alarms ${(alarms.alarmNames ?? []).join(", ")} (${alarms.rollback === true ? "ECS rolls back on ALARM" : "ECS stops on ALARM"})`,
    );
  }
  return lines;
}

/** `wait-until` a stage only means something for a strategy that has stages. */
export function checkWaitUntil(waitUntil: WaitUntil, strategy: Strategy, service: Service): void {
  const name = service.serviceName ?? "?";
  if (waitUntil === "stable") return;
  if (waitUntil === "paused") {
    const hooks = service.deploymentConfiguration?.lifecycleHooks ?? [];
    if (strategy !== "CODE_DEPLOY" && hooks.some((hook) => hook.targetType === "PAUSE")) return;
    const named = hooks.map(
      (hook) => `${hook.targetType ?? "AWS_LAMBDA"} at ${(hook.lifecycleStages ?? []).join(", ")}`,
    );
    throw new ActionError(
      `wait-until is paused, but service ${name} has no PAUSE lifecycle hook in its deployment configuration (${named.length > 0 ? `its hooks: ${named.join("; ")}` : "it has no lifecycle hooks"})`,
      {
        hint: 'Add a hook with targetType PAUSE at the stage to stop at (e.g. lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"]) to the service\'s deploymentConfiguration, or use wait-until: stable.',
      },
    );
  }
  if (strategy === "ROLLING" || strategy === "CODE_DEPLOY") {
    throw new ActionError(
      `wait-until is ${waitUntil}, but service ${name} deploys with ${strategy}, which has no lifecycle stages`,
      { hint: "Use wait-until: stable, or give the service the BLUE_GREEN, LINEAR or CANARY strategy." },
    );
  }
}

/** A pre-flight warning when the timeout cannot cover the service's bake. */
export function bakeWarning(
  service: string,
  timeoutMs: number,
  bakeMs: number,
  waitUntil: WaitUntil,
): string | undefined {
  if (bakeMs === 0 || timeoutMs > bakeMs || waitUntil !== "stable") return undefined;
  return `timeout ${humanDuration(timeoutMs)} is shorter than the bake of service ${service} (${humanDuration(bakeMs)}): the deploy will time out while ECS is still baking. Raise timeout above ${humanDuration(bakeMs)} or set wait-until: POST_PRODUCTION_TRAFFIC_SHIFT.`;
}
