/**
 * ecs-deploy benchmarks (run with `pnpm bench -- ecs-deploy`), all in virtual time on the testkit fake:
 * 1. verdict delay: from the instant ECS decides (the "deployment completed/failed" event) to the
 *    instant the waiter returns, for ecs-deploy's execute() (the scenario the tests use) and for
 *    the official aws-actions/amazon-ecs-deploy-task-definition v2.6.3 wait (the SDK's
 *    waitUntilServicesStable with minDelay 15 s and maxDelay 600 s, its default, or
 *    `wait-max-delay-seconds: 15`), replayed on the same virtual clock with the SDK's own backoff
 *    formula. Each run draws the task start and stabilisation times, so ECS decides at a random
 *    phase against every poll grid; median, p90 and worst of RUNS runs. Cases: ROLLING (completed,
 *    breaker rollback), BLUE_GREEN, LINEAR and CANARY with bakes, and CodeDeploy blue/green (timed
 *    from CodeDeploy's completeTime; ecs-deploy only, the official CodeDeploy waiter is not replayed);
 * 2. describe-class calls per service while waiting (DescribeServices + DescribeServiceDeployments,
 *    and CodeDeploy's GetDeployment / ListDeploymentTargets / GetDeploymentTarget);
 * 3. bundle size and cold start against a bare `node -e 0` in the same run.
 */
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import type { DeploymentConfiguration } from "@aws-sdk/client-ecs";
import { createAwsClient } from "@sre-actions/core/aws";
import { awsClientOverrides } from "@sre-actions/testkit/aws";
import { CodeDeployClient, codeDeployPort } from "../src/adapters/codedeploy.js";
import type { EcsPort } from "../src/ports.js";
import { ECR, REGION, railsDefinition, type Scenario, scenario } from "../test/fixtures/scenario.js";

const RUNS = Number(process.env["BENCH_RUNS"] ?? 30);
type Case = "rolling" | "breaker" | "blue-green" | "linear" | "canary" | "code-deploy";
type Waiter = "ecs-deploy" | "official (default)" | "official (wait-max-delay-seconds: 15)";

const CASES: Record<
  Case,
  { label: string; image: string; config: DeploymentConfiguration; controller?: "CODE_DEPLOY"; official?: false }
> = {
  rolling: { label: "ROLLING → COMPLETED", image: `${ECR}/rails:v2`, config: {} },
  breaker: {
    label: "ROLLING → FAILED (breaker rollback)",
    image: `${ECR}/rails:broken`,
    config: { deploymentCircuitBreaker: { enable: true, rollback: true } },
  },
  "blue-green": {
    label: "BLUE_GREEN, 10 min bake → SUCCESSFUL",
    image: `${ECR}/rails:v2`,
    config: { strategy: "BLUE_GREEN", bakeTimeInMinutes: 10 },
  },
  linear: {
    label: "LINEAR, 10% steps 1 min apart, 2 min bake → SUCCESSFUL",
    image: `${ECR}/rails:v2`,
    config: {
      strategy: "LINEAR",
      linearConfiguration: { stepPercent: 10, stepBakeTimeInMinutes: 1 },
      bakeTimeInMinutes: 2,
    },
  },
  canary: {
    label: "CANARY, 10% for 2 min, 2 min bake → SUCCESSFUL",
    image: `${ECR}/rails:v2`,
    config: {
      strategy: "CANARY",
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 2 },
      bakeTimeInMinutes: 2,
    },
  },
  // The official action creates the CodeDeploy deployment and waits with CodeDeploy's own
  // waitUntilDeploymentSuccessful, which the replay below (ECS's waitUntilServicesStable) does not model.
  "code-deploy": {
    label: "CODE_DEPLOY, ECSCanary10Percent5Minutes, 5 min termination wait → Succeeded",
    image: `${ECR}/rails:v2`,
    config: {},
    controller: "CODE_DEPLOY",
    official: false,
  },
};

const LB = {
  targetGroupArn: "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/qa3-web-blue/0123456789abcdef",
  containerName: "app",
  containerPort: 3000,
};

/** mulberry32: the same draws every run of the bench. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(0x5eed);

async function setup(kind: Case): Promise<Scenario> {
  const { config, controller } = CASES[kind];
  const s = await scenario({
    desiredCount: 4,
    deploymentConfiguration: config,
    ...(config.strategy !== undefined || controller !== undefined ? { loadBalancers: [LB] } : {}),
    ...(controller !== undefined ? { controller } : {}),
  });
  if (controller === "CODE_DEPLOY")
    s.aws.seedCodeDeployGroup({
      cluster: "qa",
      service: "qa3-web",
      deploymentConfigName: "CodeDeployDefault.ECSCanary10Percent5Minutes",
      terminationWaitMinutes: 5,
    });
  // A random phase: ECS's decision lands anywhere against the poll grids.
  s.aws.setTiming({ taskStartMs: 20_000 + random() * 20_000, stableMs: 5_000 + random() * 10_000 });
  s.aws.imageBehaviour(`${ECR}/rails:broken`, { kind: "fail-to-start", reason: "CannotPullContainerError: not found" });
  return s;
}

/** When CodeDeploy marked the deployment Succeeded/Failed (its completeTime). */
async function codeDeployDecidedAt(s: Scenario, deploymentId: string | undefined): Promise<number> {
  const codeDeploy = codeDeployPort(
    createAwsClient(CodeDeployClient, { region: REGION, overrides: awsClientOverrides(s.aws) }),
  );
  const deployment = await codeDeploy.getDeployment({ deploymentId });
  return deployment?.deploymentInfo?.completeTime?.getTime() ?? 0;
}

function decidedAt(s: Scenario, kind: Case): number {
  const pattern = kind === "breaker" ? /deployment failed/ : /deployment completed/;
  const events = s.aws.describeService("qa", "qa3-web").events ?? []; // newest first
  const event = events.find((candidate) => pattern.test(candidate.message ?? ""));
  return new Date(event?.createdAt ?? 0).getTime();
}

/** The SDK waiter's delay before attempt `attempt` (smithy `exponentialBackoffWithJitter`). */
function sdkDelay(minMs: number, maxMs: number, attempt: number): number {
  const ceiling = Math.log(maxMs / minMs) / Math.log(2) + 1;
  if (attempt > ceiling) return maxMs;
  const capped = Math.min(minMs * 2 ** (attempt - 1), maxMs);
  return minMs + random() * (capped - minMs);
}

/** waitUntilServicesStable's acceptor, polled on the virtual clock with the SDK's schedule. */
async function officialWait(ecs: EcsPort, s: Scenario, maxDelayS: number): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const { services = [], failures = [] } = await ecs.describeServices({ cluster: "qa", services: ["qa3-web"] });
    if (failures.some((failure) => failure.reason === "MISSING")) return "failure";
    if (services.some((service) => service.status === "DRAINING" || service.status === "INACTIVE")) return "failure";
    if (services.every((service) => service.deployments?.length === 1 && service.runningCount === service.desiredCount))
      return "stable";
    await s.clock.sleep(sdkDelay(15_000, maxDelayS * 1_000, attempt));
  }
}

interface Measured {
  delay: number;
  verdict: string;
  /** Describe-class calls per 2 s while waiting. */
  describesPer2s: number;
}

/** ECS describe calls, and for CodeDeploy the calls that follow its deployment. */
const POLLS = new Set([
  "DescribeServices",
  "DescribeServiceDeployments",
  "GetDeployment",
  "ListDeploymentTargets",
  "GetDeploymentTarget",
]);

/** Describe-class calls per 2 s after UpdateService / CreateDeployment (requests in order: the pre-flight ones come before). */
function describeRate(s: Scenario, from: number, to: number): number {
  const update = s.aws.requests.findIndex(
    (request) => request.operation === "UpdateService" || request.operation === "CreateDeployment",
  );
  const calls = s.aws.requests
    .slice(update + 1)
    .filter((request) => request.at >= from && request.at <= to && POLLS.has(request.operation)).length;
  return (calls / Math.max(1, to - from)) * 2_000;
}

async function measure(kind: Case, waiter: Waiter): Promise<Measured> {
  const s = await setup(kind);
  try {
    if (waiter === "ecs-deploy") {
      const result = await s.run({ image: CASES[kind].image, timeout: "1h" });
      const updated = result.timeline.find((entry) => entry.step === "service updated")?.at ?? 0;
      const verdictAt = result.timeline.find((entry) => entry.step === "rollout")?.at ?? 0;
      const decided =
        CASES[kind].controller === "CODE_DEPLOY"
          ? await codeDeployDecidedAt(s, result.services[0]?.deploymentId)
          : decidedAt(s, kind);
      return {
        delay: verdictAt - decided,
        verdict: result.status,
        describesPer2s: describeRate(s, updated, verdictAt),
      };
    }
    const ecs = s.ecs;
    const registered = await ecs.registerTaskDefinition(railsDefinition("qa3-web", CASES[kind].image));
    const updated = s.clock.now();
    await ecs.updateService({
      cluster: "qa",
      service: "qa3-web",
      taskDefinition: registered.taskDefinition?.taskDefinitionArn,
    });
    const verdict = await officialWait(ecs, s, waiter === "official (default)" ? 600 : 15);
    const verdictAt = s.clock.now();
    return { delay: verdictAt - decidedAt(s, kind), verdict, describesPer2s: describeRate(s, updated, verdictAt) };
  } finally {
    await s.stop();
  }
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function verdictDelays(): Promise<string[]> {
  const rows: string[] = [];
  for (const kind of Object.keys(CASES) as Case[]) {
    const waiters: Waiter[] =
      CASES[kind].official === false
        ? ["ecs-deploy"]
        : ["ecs-deploy", "official (default)", "official (wait-max-delay-seconds: 15)"];
    const results = new Map<Waiter, Measured[]>(waiters.map((waiter) => [waiter, []]));
    for (let run = 0; run < RUNS; run += 1)
      for (const waiter of waiters) results.get(waiter)?.push(await measure(kind, waiter));
    for (const waiter of waiters) {
      const measured = results.get(waiter) ?? [];
      const delays = measured.map((m) => m.delay);
      const verdicts = [...new Set(measured.map((m) => m.verdict))].join(", ");
      rows.push(
        `| ${CASES[kind].label} | ${waiter} | ${seconds(quantile(delays, 0.5))} | ${seconds(quantile(delays, 0.9))} | ${seconds(Math.max(...delays))} | ${verdicts} | ${quantile(
          measured.map((m) => m.describesPer2s),
          0.5,
        ).toFixed(2)} |`,
      );
    }
  }
  return rows;
}

function coldStart(): string[] {
  const bundle = path.resolve(import.meta.dirname, "../dist/index.js");
  const time = (args: string[]) => {
    const samples: number[] = [];
    for (let run = 0; run < 7; run += 1) {
      const started = performance.now();
      spawnSync(process.execPath, args, { env: { PATH: process.env["PATH"] ?? "" } });
      samples.push(performance.now() - started);
    }
    return quantile(samples, 0.5);
  };
  const bare = time(["-e", "0"]);
  const action = time([bundle]);
  const size = statSync(bundle).size;
  return [
    `| \`node -e 0\` (baseline) | ${bare.toFixed(0)} ms | 1.00× | |`,
    `| \`node dist/index.js\` (parse inputs, fail on the missing one) | ${action.toFixed(0)} ms | ${(action / bare).toFixed(2)}× | ${(size / 1024).toFixed(0)} KiB |`,
  ];
}

const cold = coldStart();
const delays = await verdictDelays();
console.log("### Verdict delay after ECS decides (4 tasks, virtual time, random phase per run)\n");
console.log(
  `Median, p90 and worst of ${RUNS} runs each. "official" is aws-actions/amazon-ecs-deploy-task-definition v2.6.3's wait (SDK waitUntilServicesStable, minDelay 15 s; maxDelay 600 s by default) on the same virtual clock. Describe calls: DescribeServices + DescribeServiceDeployments per 2 s while waiting (median).\n`,
);
console.log("| ECS decides | waiter | median delay | p90 | worst | verdict | describe calls / 2 s |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const row of delays) console.log(row);
console.log(
  "\nCODE_DEPLOY: ECS's service events carry no CodeDeploy verdict, so the delay there is measured from CodeDeploy's `completeTime`, and the calls counted are CodeDeploy's GetDeployment / ListDeploymentTargets / GetDeploymentTarget plus any DescribeServices. It has no official rows: the official action follows CodeDeploy with its own `wait-for-deployment` (CodeDeploy's waitUntilDeploymentSuccessful, not `wait-max-delay-seconds`), which this replay of the ECS waiter does not model.",
);
console.log(`\n### Bundle cold start (median of 7, Node ${process.version})\n`);
console.log("| command | wall time | ratio | size |\n| --- | --- | --- | --- |");
for (const row of cold) console.log(row);
