import type { ContainerDefinition, CreateServiceRequest } from "@aws-sdk/client-ecs";
import { Inputs, MemoryLogger } from "@sre-actions/core";
import { createEcsClient, createLogsClient } from "@sre-actions/core/aws";
import { VirtualClock } from "@sre-actions/testkit";
import { AwsFake, awsClientOverrides } from "@sre-actions/testkit/aws";
import { type DeployResult, deploy } from "../src/deploy.js";
import type { DeploymentTracker } from "../src/github-deployment.js";
import { parseInputs } from "../src/inputs.js";

export const ECR = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com";
export const REGION = "ap-northeast-1";

const logging = (family: string, container: string): ContainerDefinition["logConfiguration"] => ({
  logDriver: "awslogs",
  options: { "awslogs-group": `/ecs/${family}`, "awslogs-region": REGION, "awslogs-stream-prefix": container },
});

/** The team's Rails task: app container plus Datadog and fluent-bit sidecars from other repositories. */
export function railsDefinition(family: string, image = `${ECR}/rails:v1`, command?: string[]) {
  return {
    family,
    networkMode: "awsvpc" as const,
    requiresCompatibilities: ["FARGATE" as const],
    cpu: "512",
    memory: "1024",
    executionRoleArn: "arn:aws:iam::123456789012:role/ecs-task-execution",
    containerDefinitions: [
      {
        name: "app",
        image,
        essential: true,
        ...(command ? { command } : {}),
        environment: [{ name: "RAILS_ENV", value: "production" }],
        logConfiguration: logging(family, "rails"),
      },
      { name: "datadog-agent", image: "public.ecr.aws/datadog/agent:7", essential: false },
      { name: "log-router", image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", essential: true },
    ],
  };
}

export const NETWORK = {
  awsvpcConfiguration: {
    subnets: ["subnet-0a1b2c3d"],
    securityGroups: ["sg-0a1b2c3d"],
    assignPublicIp: "DISABLED" as const,
  },
};

export interface Scenario {
  clock: VirtualClock;
  aws: AwsFake;
  log: MemoryLogger;
  run(values: Record<string, string>, tracker?: DeploymentTracker): Promise<DeployResult>;
  stop(): Promise<void>;
}

/** A fake AWS with cluster `qa` and services `qa3-web` and `qa3-worker` running rails:v1. */
export async function scenario(
  options: { breaker?: { enable: boolean; rollback: boolean }; desiredCount?: number } = {},
): Promise<Scenario> {
  const clock = new VirtualClock("2026-11-25T09:00:00Z");
  const aws = await new AwsFake({ clock }).start();
  aws.seedCluster("qa");
  for (const [service, command] of [
    ["qa3-web", undefined],
    ["qa3-worker", ["bundle", "exec", "sidekiq"]],
  ] as const) {
    const arn = aws.seedTaskDefinition(railsDefinition(service, `${ECR}/rails:v1`, command ? [...command] : undefined));
    const input: CreateServiceRequest = {
      cluster: "qa",
      serviceName: service,
      taskDefinition: arn,
      desiredCount: options.desiredCount ?? 2,
      capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
      platformVersion: "1.4.0",
      networkConfiguration: NETWORK,
      ...(options.breaker ? { deploymentConfiguration: { deploymentCircuitBreaker: options.breaker } } : {}),
    };
    aws.seedService(input);
  }
  const overrides = awsClientOverrides(aws);
  const ecs = createEcsClient({ region: REGION, overrides });
  const logs = createLogsClient({ region: REGION, overrides });
  const log = new MemoryLogger();
  return {
    clock,
    aws,
    log,
    run: async (values, tracker) => {
      const inputs = parseInputs(new Inputs((name) => ({ cluster: "qa", service: "qa3-web", ...values })[name]));
      return deploy(inputs, { ecs, logs, clock, log, region: REGION, tracker });
    },
    stop: () => aws.stop(),
  };
}
