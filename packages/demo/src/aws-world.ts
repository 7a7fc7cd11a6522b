import type { ContainerDefinition } from "@aws-sdk/client-ecs";
import { AwsFake } from "@sre-actions/testkit/aws";
import type { StoryClock } from "./time.js";

export const ECR = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com";
export const REGION = "ap-northeast-1";
export const CREDENTIALS = { AWS_ACCESS_KEY_ID: "AKIDDEMO", AWS_SECRET_ACCESS_KEY: "demo-secret" };
const NETWORK = {
  awsvpcConfiguration: {
    subnets: ["subnet-0qa0a1b2"],
    securityGroups: ["sg-0qa0a1b2"],
    assignPublicIp: "DISABLED" as const,
  },
};

function railsTask(family: string, image: string, command?: string[]) {
  const log = (prefix: string): ContainerDefinition["logConfiguration"] => ({
    logDriver: "awslogs",
    options: { "awslogs-group": `/ecs/${family}`, "awslogs-region": REGION, "awslogs-stream-prefix": prefix },
  });
  return {
    family,
    networkMode: "awsvpc" as const,
    requiresCompatibilities: ["FARGATE" as const],
    runtimePlatform: { cpuArchitecture: "X86_64" as const, operatingSystemFamily: "LINUX" as const },
    cpu: "1024",
    memory: "2048",
    executionRoleArn: "arn:aws:iam::123456789012:role/ecs-task-execution-tansu",
    taskRoleArn: "arn:aws:iam::123456789012:role/ecs-task-tansu-api",
    containerDefinitions: [
      {
        name: "rails",
        image,
        essential: true,
        ...(command ? { command } : {}),
        environment: [
          { name: "RAILS_ENV", value: "production" },
          { name: "RAILS_LOG_TO_STDOUT", value: "1" },
        ],
        logConfiguration: log("rails"),
      },
      { name: "datadog-agent", image: "public.ecr.aws/datadog/agent:7", essential: false },
      { name: "log-router", image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", essential: true },
    ],
  };
}

/** The load balancer of production's web: blue/green target groups, the production and test listeners' rules. */
const ELB = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012";
export const PROD_WEB_LB = {
  targetGroupArn: `${ELB}:targetgroup/prod-web-blue/6d0ecf831eec9f09`,
  containerName: "rails",
  containerPort: 3000,
  advancedConfiguration: {
    alternateTargetGroupArn: `${ELB}:targetgroup/prod-web-green/9f1cd3a2b40e6c55`,
    productionListenerRule: `${ELB}:listener-rule/app/prod-web/50dc6c495c0c9188/f2f7dc8efc522ab2/9ac2a0b1c8d4e5f6`,
    testListenerRule: `${ELB}:listener-rule/app/prod-web/50dc6c495c0c9188/1f0e3d5c7b9a2468/0b1c2d3e4f5a6b7c`,
    roleArn: "arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers",
  },
};

/**
 * The release path: pre-prod (web + worker, rolling with the circuit breaker, built close to
 * production) and production's web: BLUE_GREEN whose deployment pauses after the test traffic
 * shift until the smoke tests let it go on (or an hour passes: then ECS rolls it back).
 */
function seedRelease(aws: AwsFake): void {
  const running = `${ECR}/tansu-api@${aws.seedEcrImage("tansu-api", { tags: ["main-1b9e07c"] })}`;
  aws.seedCluster("pre-prod");
  aws.seedCluster("prod");
  const service = (cluster: string, role: "web" | "worker") => {
    const task = railsTask(
      `${cluster}-${role}`,
      running,
      role === "worker" ? ["bundle", "exec", "sidekiq"] : undefined,
    );
    // Puma listens on 3000 behind the load balancer.
    if (role === "web") Object.assign(task.containerDefinitions[0] ?? {}, { portMappings: [{ containerPort: 3000 }] });
    return {
      cluster,
      serviceName: role,
      taskDefinition: aws.seedTaskDefinition(task),
      desiredCount: 2,
      capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }],
      platformVersion: "1.4.0",
      networkConfiguration: NETWORK,
      tags: [
        { key: "env", value: cluster },
        { key: "team", value: "tansu" },
      ],
      propagateTags: "SERVICE" as const,
    };
  };
  for (const role of ["web", "worker"] as const) {
    aws.seedService({
      ...service("pre-prod", role),
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    });
  }
  aws.seedService({
    ...service("prod", "web"),
    loadBalancers: [PROD_WEB_LB],
    deploymentConfiguration: {
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 0,
      lifecycleHooks: [
        {
          targetType: "PAUSE",
          lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"],
          timeoutConfiguration: { timeoutInMinutes: 60, action: "ROLLBACK" },
        },
      ],
    },
  });
}

/**
 * The team's QA cluster: qa1…qa10, each a Rails web + Sidekiq worker pair on Fargate Spot with the
 * circuit breaker on, plus pre-prod and production (seedRelease). Its clock runs faster than the wall clock and jumps to each
 * story step's time (main.ts), so what AWS records follows the story.
 */
export async function startAws(clock: StoryClock, keepRunningUntil: string): Promise<AwsFake> {
  const aws = await new AwsFake({ clock }).start();
  aws.setTiming({ provisioningMs: 5_000, taskStartMs: 25_000, stableMs: 10_000, drainMs: 15_000, stopMs: 5_000 });
  aws.seedCluster("qa");
  // What deploy-qa.yml's build job pushed (the demo skips the build): today's images of the three branches.
  for (const tag of [
    "main-4f1c2aa",
    "feature-search-7c2d9e4",
    "feature-pdf-export-9b7e1d0",
    "feature-csv-import-3e8a51f",
  ]) {
    aws.seedEcrImage("tansu-api", { tags: [tag] });
  }
  for (let n = 1; n <= 10; n += 1) {
    for (const [role, command] of [
      ["web", undefined],
      ["worker", ["bundle", "exec", "sidekiq"]],
    ] as const) {
      const family = `qa${n}-${role}`;
      const arn = aws.seedTaskDefinition(
        railsTask(family, `${ECR}/tansu-api:main-4f1c2aa`, command ? [...command] : undefined),
      );
      aws.seedService({
        cluster: "qa",
        serviceName: family,
        taskDefinition: arn,
        desiredCount: role === "web" ? 2 : 1,
        capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }],
        platformVersion: "1.4.0",
        networkConfiguration: NETWORK,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
        tags: [
          { key: "env", value: `qa${n}` },
          { key: "team", value: "tansu" },
          // qa3 hosts tomorrow morning's client demo; qa10 runs the nightly load test.
          ...(n === 3 ? [{ key: "sre-actions:keep-running-until", value: keepRunningUntil }] : []),
          ...(n === 10 ? [{ key: "sre-actions:schedule", value: "off" }] : []),
        ],
        propagateTags: "SERVICE",
      });
    }
  }
  seedRelease(aws);
  // qa5's web scales 2–6 tasks: the night stop saves and zeroes that range, a wake restores it.
  aws.seedScalableTarget("qa", "qa5-web", { min: 2, max: 6 });
  // Each QA environment's Aurora cluster (qa3's is the bigger one) stops and starts with its services;
  // qa3's carries the same keep-running-until, so tonight's stop keeps it up for the client demo.
  // The clock jumps over the night between steps and the bundled action polls every 30 s of real
  // time: stopped by the morning run, and available at the start's first poll.
  aws.setRdsTiming({ startMs: 0, stopMs: 0 });
  for (let n = 1; n <= 3; n += 1) {
    aws.seedDbCluster({
      id: `qa${n}-aurora`,
      instances: [{ id: `qa${n}-aurora-1`, instanceClass: n === 3 ? "db.r6g.large" : "db.t4g.medium" }],
      tags: { env: `qa${n}`, ...(n === 3 ? { "sre-actions:keep-running-until": keepRunningUntil } : {}) },
    });
  }
  aws.runTaskBehaviour((context) =>
    context.commands["rails"]?.join(" ") === "bin/rails db:migrate"
      ? {
          kind: "exit",
          exitCode: 0,
          afterMs: 20_000,
          logLines: [
            "== 20261125090000 CreateSearchIndexes: migrating =============================",
            "-- add_index(:reports, [:project_id, :created_at])",
            "   -> 0.8123s",
            "== 20261125090000 CreateSearchIndexes: migrated (0.8125s) ====================",
          ],
        }
      : undefined,
  );
  aws.imageBehaviour(`${ECR}/tansu-api:feature-pdf-export-9b7e1d0`, {
    kind: "exit",
    exitCode: 1,
    afterMs: 8_000,
    logLines: [
      "=> Booting Puma",
      "=> Rails 7.1.3 application starting in production",
      "/app/config/initializers/pdf.rb:4:in `<main>': uninitialized constant Prawn::Fonts (NameError)",
    ],
  });
  return aws;
}
