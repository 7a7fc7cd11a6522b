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
import {
  AddTagsToResourceCommand,
  type AddTagsToResourceCommandInput,
  DescribeDBClustersCommand,
  type DescribeDBClustersCommandInput,
  type DescribeDBClustersCommandOutput,
  DescribeDBInstancesCommand,
  type DescribeDBInstancesCommandInput,
  type DescribeDBInstancesCommandOutput,
  type RDSClient,
  RemoveTagsFromResourceCommand,
  type RemoveTagsFromResourceCommandInput,
  StartDBClusterCommand,
  StopDBClusterCommand,
} from "@aws-sdk/client-rds";
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

/** The RDS calls for Aurora clusters. */
export interface RdsPort {
  describeDBClusters(input: DescribeDBClustersCommandInput): Promise<DescribeDBClustersCommandOutput>;
  describeDBInstances(input: DescribeDBInstancesCommandInput): Promise<DescribeDBInstancesCommandOutput>;
  stopDBCluster(id: string): Promise<unknown>;
  startDBCluster(id: string): Promise<unknown>;
  addTagsToResource(input: AddTagsToResourceCommandInput): Promise<unknown>;
  removeTagsFromResource(input: RemoveTagsFromResourceCommandInput): Promise<unknown>;
}

export function rdsPort(client: RDSClient): RdsPort {
  return {
    describeDBClusters: (input) => client.send(new DescribeDBClustersCommand(input)),
    describeDBInstances: (input) => client.send(new DescribeDBInstancesCommand(input)),
    stopDBCluster: (id) => client.send(new StopDBClusterCommand({ DBClusterIdentifier: id })),
    startDBCluster: (id) => client.send(new StartDBClusterCommand({ DBClusterIdentifier: id })),
    addTagsToResource: (input) => client.send(new AddTagsToResourceCommand(input)),
    removeTagsFromResource: (input) => client.send(new RemoveTagsFromResourceCommand(input)),
  };
}
