import type { SuspendedState } from "@aws-sdk/client-application-auto-scaling";
import type { CreateServiceRequest, RegisterTaskDefinitionRequest } from "@aws-sdk/client-ecs";
import { Inputs, MemoryLogger, toOutputString } from "@sre-actions/core";
import { createAutoScalingClient, createEcsClient } from "@sre-actions/core/aws";
import { VirtualClock } from "@sre-actions/testkit";
import { AwsFake, awsClientOverrides } from "@sre-actions/testkit/aws";
import { parseInputs } from "../src/inputs.js";
import { outputsOf } from "../src/outputs.js";
import { renderSummary } from "../src/summary.js";
import { type ToggleResult, toggle } from "../src/toggle.js";

export const REGION = "ap-northeast-1";

export const NETWORK = {
  awsvpcConfiguration: {
    subnets: ["subnet-0a1b2c3d"],
    securityGroups: ["sg-0a1b2c3d"],
    assignPublicIp: "DISABLED" as const,
  },
};

export interface ServiceSeed {
  name: string;
  desired?: number;
  /** Default: launch type FARGATE. */
  strategy?: { capacityProvider: string; weight: number; base?: number }[];
  target?: { min: number; max: number; suspended?: SuspendedState };
  tags?: Record<string, string>;
  arm64?: boolean;
  codeDeploy?: boolean;
  shortArn?: boolean;
}

export interface ClusterSeed {
  name: string;
  capacityProviders?: string[];
  services: ServiceSeed[];
}

export function definition(family: string, arm64 = false): RegisterTaskDefinitionRequest {
  return {
    family,
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "512",
    memory: "1024",
    ...(arm64
      ? { runtimePlatform: { cpuArchitecture: "ARM64" as const, operatingSystemFamily: "LINUX" as const } }
      : {}),
    containerDefinitions: [
      { name: "app", image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:v1", essential: true },
    ],
  };
}

export function seed(aws: AwsFake, clusters: ClusterSeed[]): void {
  for (const cluster of clusters) {
    aws.seedCluster(
      cluster.name,
      cluster.capacityProviders === undefined ? {} : { capacityProviders: cluster.capacityProviders },
    );
    for (const service of cluster.services) {
      const arn = aws.seedTaskDefinition(definition(`${cluster.name}-${service.name}`, service.arm64));
      const input: CreateServiceRequest = {
        cluster: cluster.name,
        serviceName: service.name,
        taskDefinition: arn,
        desiredCount: service.desired ?? 2,
        networkConfiguration: NETWORK,
        ...(service.strategy === undefined
          ? { launchType: "FARGATE" as const }
          : { capacityProviderStrategy: service.strategy }),
        ...(service.codeDeploy === true ? { deploymentController: { type: "CODE_DEPLOY" as const } } : {}),
        ...(service.tags === undefined
          ? {}
          : { tags: Object.entries(service.tags).map(([key, value]) => ({ key, value })) }),
      };
      aws.seedService(input);
      if (service.target !== undefined) aws.seedScalableTarget(cluster.name, service.name, service.target);
      if (service.shortArn === true) aws.useShortServiceArn(cluster.name, service.name);
    }
  }
}

export interface Run {
  result: ToggleResult;
  outputs: Record<string, string>;
  summary: string;
}

export interface Scenario {
  clock: VirtualClock;
  aws: AwsFake;
  log: MemoryLogger;
  run(values: Record<string, string>): Promise<Run>;
  stop(): Promise<void>;
}

export async function scenario(clusters: ClusterSeed[], start = "2026-11-25T12:00:00Z"): Promise<Scenario> {
  const clock = new VirtualClock(start);
  const aws = await new AwsFake({ clock }).start();
  seed(aws, clusters);
  const overrides = awsClientOverrides(aws);
  const ecs = createEcsClient({ region: REGION, overrides });
  const scaling = createAutoScalingClient({ region: REGION, overrides });
  const log = new MemoryLogger();
  return {
    clock,
    aws,
    log,
    run: async (values) => {
      const inputs = parseInputs(new Inputs((name) => ({ cluster: clusters[0]?.name ?? "qa", ...values })[name]));
      const result = await toggle(inputs, { ecs, scaling, clock, log });
      const outputs = Object.fromEntries(
        Object.entries(outputsOf(result)).map(([key, value]) => [key, toOutputString(value)]),
      );
      return { result, outputs, summary: renderSummary(result) };
    },
    stop: async () => {
      ecs.destroy();
      scaling.destroy();
      await aws.stop();
    },
  };
}

/** Desired count, scalable target min/max and strategy of a service as the fake holds them now. */
export function stateOf(aws: AwsFake, cluster: string, service: string) {
  const described = aws.describeService(cluster, service);
  const target = aws.scalableTarget(cluster, service);
  return {
    desired: described.desiredCount,
    min: target?.MinCapacity,
    max: target?.MaxCapacity,
    strategy: described.capacityProviderStrategy?.map(
      (item) => `${item.capacityProvider}:${item.weight ?? 0}:${item.base ?? 0}`,
    ),
    launchType: described.launchType,
    saved: described.tags?.find((tag) => tag.key === "sre-actions:saved")?.value,
  };
}
