import { keepRunningValue } from "./before/wake.js";
import type { OutputName } from "./inputs.js";
import type { EcsDeployResult } from "./model.js";

/** The step's outputs; structured values go out as JSON (core's setOutputs). */
export function outputsOf(result: EcsDeployResult): Record<OutputName, unknown> {
  const first = result.services[0];
  return {
    "task-definition-arn": first?.taskDefinitionArn,
    "task-definition-arns": Object.fromEntries(
      result.services.map((service) => [service.service, service.taskDefinitionArn]),
    ),
    "previous-task-definition-arn": first?.previousTaskDefinitionArn,
    "deployment-id": first?.deploymentId,
    status: result.status,
    reason: result.reason,
    "reason-code": result.reasonCode,
    "run-task-arn": result.runTask?.taskArn,
    "run-task-exit-code": result.runTask?.exitCode,
    "duration-seconds": Math.round(result.durationMs / 1000),
    "console-url": first?.consoleUrl,
    paused: Object.fromEntries(
      result.services.flatMap((service) =>
        service.paused === undefined
          ? []
          : [[service.service, { ...service.paused, githubDeploymentId: result.githubDeploymentId }]],
      ),
    ),
    "release-notes": result.releaseNotes?.markdown,
    "promoted-images": Object.fromEntries(
      (result.promoted?.images ?? []).map((image) => [image.container, image.image]),
    ),
    woken: Object.fromEntries(result.woken.map((woken) => [woken.service, keepRunningValue(woken.until)])),
  };
}
