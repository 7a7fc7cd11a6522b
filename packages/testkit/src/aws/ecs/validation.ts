import type {
  CapacityProviderStrategyItem,
  DeploymentConfiguration,
  LaunchType,
  NetworkConfiguration,
} from "@aws-sdk/client-ecs";
import { AwsError } from "../protocol.js";
import type { ClusterRecord, TaskDefinitionRecord } from "./state.js";

/** The checks CreateService, UpdateService and RunTask share, with ECS's own messages. */

export function checkLaunchChoice(
  launchType: LaunchType | undefined,
  strategy: CapacityProviderStrategyItem[] | undefined,
): void {
  if (launchType !== undefined && strategy !== undefined && strategy.length > 0) {
    throw new AwsError(
      "InvalidParameterException",
      "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.",
    );
  }
}

export function checkStrategyOnCluster(
  cluster: ClusterRecord,
  strategy: CapacityProviderStrategyItem[] | undefined,
): void {
  for (const item of strategy ?? []) {
    if (!cluster.capacityProviders.includes(item.capacityProvider ?? "")) {
      throw new AwsError(
        "InvalidParameterException",
        "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.",
      );
    }
  }
}

/** A task definition ECS accepts for new tasks: it exists and is ACTIVE. */
export function usableTaskDefinition(record: TaskDefinitionRecord | undefined): TaskDefinitionRecord {
  if (record === undefined) throw new AwsError("ClientException", "TaskDefinition not found.");
  if (record.status !== "ACTIVE") throw new AwsError("ClientException", "TaskDefinition is inactive");
  return record;
}

export function checkTaskPlacement(
  taskDefinition: TaskDefinitionRecord,
  fargate: boolean,
  networkConfiguration: NetworkConfiguration | undefined,
): void {
  const input = taskDefinition.input;
  const fargateReady = input.networkMode === "awsvpc" && input.cpu !== undefined && input.memory !== undefined;
  if (fargate && !fargateReady) {
    throw new AwsError("InvalidParameterException", "Task definition does not support launch_type FARGATE.");
  }
  if (input.networkMode === "awsvpc" && networkConfiguration?.awsvpcConfiguration === undefined) {
    throw new AwsError(
      "InvalidParameterException",
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    );
  }
}

/** Whether tasks placed this way run on Fargate. */
export function usesFargate(
  launchType: LaunchType | undefined,
  strategy: CapacityProviderStrategyItem[] | undefined,
  cluster: ClusterRecord,
): boolean {
  if (launchType !== undefined) return launchType === "FARGATE";
  const effective = strategy ?? cluster.defaultCapacityProviderStrategy;
  return effective.length > 0 && effective.every((item) => (item.capacityProvider ?? "").startsWith("FARGATE"));
}

/** Stages where a PAUSE hook may not sit (the model: "only valid for AWS_LAMBDA hooks"). */
const LAMBDA_ONLY_STAGES: ReadonlySet<string> = new Set(["TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT"]);

/**
 * The lifecycle hook rules of the DeploymentLifecycleHook reference: stages are required, an
 * AWS_LAMBDA hook (the default type) needs `hookTargetArn`, a PAUSE hook cannot sit at
 * TEST_TRAFFIC_SHIFT or PRODUCTION_TRAFFIC_SHIFT, `timeoutInMinutes` is 1 to 20160.
 */
export function checkLifecycleHooks(configuration: DeploymentConfiguration | undefined): void {
  for (const [index, hook] of (configuration?.lifecycleHooks ?? []).entries()) {
    const where = `deploymentConfiguration.lifecycleHooks[${index}]`;
    const stages = hook.lifecycleStages ?? [];
    if (stages.length === 0) {
      throw new AwsError("InvalidParameterException", `${where}.lifecycleStages must contain at least one stage.`);
    }
    const type = hook.targetType ?? "AWS_LAMBDA";
    if (type === "AWS_LAMBDA" && (hook.hookTargetArn ?? "") === "") {
      throw new AwsError("InvalidParameterException", `${where}.hookTargetArn is required for an AWS_LAMBDA hook.`);
    }
    const misplaced = stages.find((stage) => LAMBDA_ONLY_STAGES.has(stage));
    if (type === "PAUSE" && misplaced !== undefined) {
      throw new AwsError(
        "InvalidParameterException",
        `${where}: PAUSE hooks cannot be configured at ${misplaced}; TEST_TRAFFIC_SHIFT and PRODUCTION_TRAFFIC_SHIFT are only valid for AWS_LAMBDA hooks.`,
      );
    }
    const minutes = hook.timeoutConfiguration?.timeoutInMinutes;
    if (minutes !== undefined && (!Number.isInteger(minutes) || minutes < 1 || minutes > 20_160)) {
      throw new AwsError(
        "InvalidParameterException",
        `${where}.timeoutConfiguration.timeoutInMinutes must be between 1 and 20160; got ${minutes}.`,
      );
    }
  }
}
