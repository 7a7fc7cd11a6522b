import type { CapacityProviderStrategyItem, LaunchType, NetworkConfiguration } from "@aws-sdk/client-ecs";
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
