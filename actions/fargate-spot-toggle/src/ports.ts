import {
  type ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  type DescribeScalableTargetsCommandInput,
  type DescribeScalableTargetsCommandOutput,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import type { GetMetricDataCommandInput, GetMetricDataCommandOutput } from "@aws-sdk/client-cloudwatch";
import type {
  AddTagsToResourceCommandInput,
  DescribeDBClustersCommandInput,
  DescribeDBClustersCommandOutput,
  DescribeDBInstancesCommandInput,
  DescribeDBInstancesCommandOutput,
  RemoveTagsFromResourceCommandInput,
} from "@aws-sdk/client-rds";
import { type AwsClientOptions, createAwsClient } from "@sre-actions/core/aws";
import type { RestoreScalingPort } from "@sre-actions/core/ecs-sleep";

/** ECS goes through core's one port (`@sre-actions/core/ecs`). */
export type { EcsPort } from "@sre-actions/core/ecs";

/** The Application Auto Scaling calls on ECS services' desired count. */
export interface AutoScalingPort extends RestoreScalingPort {
  describeScalableTargets(input: DescribeScalableTargetsCommandInput): Promise<DescribeScalableTargetsCommandOutput>;
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

type Wrap = <C extends { middlewareStack: object }>(client: C) => C;

/**
 * A client built on first use from an SDK module loaded on first use (the bundle keeps it in a
 * separate chunk), through core's factory so its errors name the IAM action.
 */
function lazyClient<M, C extends { middlewareStack: object; destroy(): void }>(
  load: () => Promise<M>,
  make: (sdk: M) => C,
) {
  let loaded: Promise<{ sdk: M; client: C }> | undefined;
  let built: C | undefined;
  const get = () => {
    loaded ??= load().then((sdk) => {
      built = make(sdk);
      return { sdk, client: built };
    });
    return loaded;
  };
  return { get, close: () => built?.destroy() };
}

type RdsSdk = typeof import("@aws-sdk/client-rds");

/** RDS over a client loaded when the first DB cluster call is made (only runs with db-clusters). */
export function lazyRdsPort(options: AwsClientOptions, wrap: Wrap): { port: RdsPort; close(): void } {
  const lazy = lazyClient(
    (): Promise<RdsSdk> => import("@aws-sdk/client-rds"),
    (sdk) => wrap(createAwsClient(sdk.RDSClient, options)),
  );
  return {
    close: lazy.close,
    port: {
      describeDBClusters: async (input) => {
        const { sdk, client } = await lazy.get();
        return client.send(new sdk.DescribeDBClustersCommand(input));
      },
      describeDBInstances: async (input) => {
        const { sdk, client } = await lazy.get();
        return client.send(new sdk.DescribeDBInstancesCommand(input));
      },
      stopDBCluster: async (id) => {
        const { sdk, client } = await lazy.get();
        return client.send(new sdk.StopDBClusterCommand({ DBClusterIdentifier: id }));
      },
      startDBCluster: async (id) => {
        const { sdk, client } = await lazy.get();
        return client.send(new sdk.StartDBClusterCommand({ DBClusterIdentifier: id }));
      },
      addTagsToResource: async (input) => {
        const { sdk, client } = await lazy.get();
        return client.send(new sdk.AddTagsToResourceCommand(input));
      },
      removeTagsFromResource: async (input) => {
        const { sdk, client } = await lazy.get();
        return client.send(new sdk.RemoveTagsFromResourceCommand(input));
      },
    },
  };
}

/** CloudWatch metrics: the traffic of the target groups the services register (mode idle). */
export interface CloudWatchPort {
  getMetricData(input: GetMetricDataCommandInput): Promise<GetMetricDataCommandOutput>;
}

type CloudWatchSdk = typeof import("@aws-sdk/client-cloudwatch");

export function lazyCloudWatchPort(options: AwsClientOptions, wrap: Wrap): { port: CloudWatchPort; close(): void } {
  const lazy = lazyClient(
    (): Promise<CloudWatchSdk> => import("@aws-sdk/client-cloudwatch"),
    (sdk) => wrap(createAwsClient(sdk.CloudWatchClient, options)),
  );
  return {
    close: lazy.close,
    port: {
      getMetricData: async (input) => {
        const { sdk, client } = await lazy.get();
        return client.send(new sdk.GetMetricDataCommand(input));
      },
    },
  };
}
