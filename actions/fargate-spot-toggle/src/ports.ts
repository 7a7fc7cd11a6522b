import {
  type ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  type DescribeScalableTargetsCommandInput,
  type DescribeScalableTargetsCommandOutput,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import {
  DescribeClustersCommand,
  type DescribeClustersCommandInput,
  type DescribeClustersCommandOutput,
  DescribeServicesCommand,
  type DescribeServicesCommandInput,
  type DescribeServicesCommandOutput,
  DescribeTaskDefinitionCommand,
  type DescribeTaskDefinitionCommandInput,
  type DescribeTaskDefinitionCommandOutput,
  type ECSClient,
  ListServicesCommand,
  type ListServicesCommandInput,
  type ListServicesCommandOutput,
  PutClusterCapacityProvidersCommand,
  type PutClusterCapacityProvidersCommandInput,
  TagResourceCommand,
  type TagResourceCommandInput,
  UntagResourceCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import type { SleepEcsPort, SleepScalingPort } from "@sre-actions/core/ecs-sleep";

/** The ECS calls the toggle makes (the restore's two come from core's sleep port). */
export interface EcsPort extends SleepEcsPort {
  describeClusters(input: DescribeClustersCommandInput): Promise<DescribeClustersCommandOutput>;
  listServices(input: ListServicesCommandInput): Promise<ListServicesCommandOutput>;
  describeServices(input: DescribeServicesCommandInput): Promise<DescribeServicesCommandOutput>;
  describeTaskDefinition(input: DescribeTaskDefinitionCommandInput): Promise<DescribeTaskDefinitionCommandOutput>;
  tagResource(input: TagResourceCommandInput): Promise<unknown>;
  putClusterCapacityProviders(input: PutClusterCapacityProvidersCommandInput): Promise<unknown>;
}

/** The Application Auto Scaling calls on ECS services' desired count. */
export interface AutoScalingPort extends SleepScalingPort {
  describeScalableTargets(input: DescribeScalableTargetsCommandInput): Promise<DescribeScalableTargetsCommandOutput>;
}

export function ecsPort(client: ECSClient): EcsPort {
  return {
    describeClusters: (input) => client.send(new DescribeClustersCommand(input)),
    listServices: (input) => client.send(new ListServicesCommand(input)),
    describeServices: (input) => client.send(new DescribeServicesCommand(input)),
    describeTaskDefinition: (input) => client.send(new DescribeTaskDefinitionCommand(input)),
    updateService: (input) => client.send(new UpdateServiceCommand(input)),
    tagResource: (input) => client.send(new TagResourceCommand(input)),
    untagResource: (input) => client.send(new UntagResourceCommand(input)),
    putClusterCapacityProviders: (input) => client.send(new PutClusterCapacityProvidersCommand(input)),
  };
}

export function autoScalingPort(client: ApplicationAutoScalingClient): AutoScalingPort {
  return {
    describeScalableTargets: (input) => client.send(new DescribeScalableTargetsCommand(input)),
    registerScalableTarget: (input) => client.send(new RegisterScalableTargetCommand(input)),
  };
}
