/**
 * ecs-deploy benchmarks (run with `pnpm bench -- ecs-deploy`):
 * 1. verdict delay: from the moment ECS marks the deployment COMPLETED/FAILED to the moment the
 *    waiter returns, for our loop (poll-interval 10 s) and the AWS SDK `waitUntilServicesStable`
 *    with the official action's settings (min delay 15 s, max delay 600 s), on the same fake rollout;
 * 2. API calls per successful deploy;
 * 3. bundle size and cold start against a bare `node -e 0` in the same run.
 */
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import { type ECSClient, UpdateServiceCommand, waitUntilServicesStable } from "@aws-sdk/client-ecs";
import { type Clock, MemoryLogger } from "@sre-actions/core";
import { createEcsClient } from "@sre-actions/core/aws";
import { ScaledClock } from "@sre-actions/testkit";
import { AwsFake, awsClientOverrides } from "@sre-actions/testkit/aws";
import { ecsPort } from "../src/ports.js";
import { waitForDeployment } from "../src/wait.js";
import { ECR, NETWORK, REGION, railsDefinition, scenario } from "../test/fixtures/scenario.js";

const WARP = 400; // virtual seconds per real second: a 15 s SDK delay takes 37.5 ms
const RUNS = 7;

/** Every timer in this process runs WARP times faster, so the SDK waiter's own sleeps follow virtual time. */
function warpTimers(): void {
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((callback: () => void, ms?: number) =>
    realSetTimeout(callback, (ms ?? 0) / WARP)) as typeof setTimeout;
}

async function rollout(kind: "success" | "failure") {
  const scaled = new ScaledClock(WARP);
  const clock: Clock = { now: () => scaled.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
  const aws = await new AwsFake({ clock }).start();
  aws.seedCluster("qa");
  const base = aws.seedTaskDefinition(railsDefinition("qa3-web"));
  const next = aws.seedTaskDefinition(
    railsDefinition("qa3-web", `${ECR}/rails:${kind === "success" ? "v2" : "broken"}`),
  );
  aws.imageBehaviour(`${ECR}/rails:broken`, { kind: "fail-to-start", reason: "CannotPullContainerError: not found" });
  aws.seedService({
    cluster: "qa",
    serviceName: "qa3-web",
    taskDefinition: base,
    desiredCount: 4,
    launchType: "FARGATE",
    networkConfiguration: NETWORK,
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
  });
  const ecs = createEcsClient({ region: REGION, overrides: awsClientOverrides(aws) });
  return { aws, ecs, clock, next };
}

function verdictEventTime(aws: AwsFake, kind: "success" | "failure"): number {
  const pattern = kind === "success" ? /deployment completed/ : /deployment failed/;
  const events = aws.describeService("qa", "qa3-web").events ?? [];
  const event = events.find((candidate) => pattern.test(candidate.message ?? "")); // newest first
  return new Date(event?.createdAt ?? 0).getTime();
}

async function ours(kind: "success" | "failure") {
  const { aws, ecs, clock, next } = await rollout(kind);
  const response = await ecs.send(
    new UpdateServiceCommand({ cluster: "qa", service: "qa3-web", taskDefinition: next }),
  );
  const deploymentId = response.service?.deployments?.find((deployment) => deployment.status === "PRIMARY")?.id ?? "";
  const verdict = await waitForDeployment(
    {
      cluster: "qa",
      service: "qa3-web",
      deploymentId,
      taskDefinitionArn: next,
      deadline: clock.now() + 3_600_000,
      pollIntervalMs: 10_000,
    },
    { ecs: ecsPort(ecs), clock, log: new MemoryLogger() },
    new Set(),
  );
  const at = clock.now();
  await aws.stop();
  return { delay: at - verdictEventTime(aws, kind), verdict: verdict.outcome, calls: aws.requests.length };
}

async function sdkWaiter(kind: "success" | "failure") {
  const { aws, ecs, clock, next } = await rollout(kind);
  await ecs.send(new UpdateServiceCommand({ cluster: "qa", service: "qa3-web", taskDefinition: next }));
  const result = await waitUntilServicesStable(
    { client: ecs as ECSClient, minDelay: 15, maxDelay: 600, maxWaitTime: 3_600 },
    { cluster: "qa", services: ["qa3-web"] },
  ).catch((error: Error) => ({ state: `error: ${error.name}` }));
  const at = clock.now();
  await aws.stop();
  return {
    delay: at - verdictEventTime(aws, kind),
    verdict: result.state === "SUCCESS" ? "succeeded" : result.state,
    calls: aws.requests.length,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function verdictDelays(): Promise<string[]> {
  const rows: string[] = [];
  for (const kind of ["success", "failure"] as const) {
    const measured: Record<string, { delay: number; verdict: string; calls: number }[]> = { ours: [], sdk: [] };
    for (let run = 0; run < RUNS; run += 1) {
      measured.ours?.push(await ours(kind));
      measured.sdk?.push(await sdkWaiter(kind));
    }
    const baseline = median((measured.sdk ?? []).map((m) => m.delay));
    for (const [name, results] of Object.entries(measured)) {
      const delays = results.map((m) => m.delay);
      const label = name === "ours" ? "ecs-deploy loop (poll 10 s)" : "SDK waitUntilServicesStable (15–600 s)";
      rows.push(
        `| ${kind === "success" ? "COMPLETED" : "FAILED (breaker rollback)"} | ${label} | ${seconds(median(delays))} | ${seconds(Math.max(...delays))} | ${(median(delays) / baseline).toFixed(2)}× | ${results[0]?.verdict} | ${median(results.map((m) => m.calls))} |`,
      );
    }
  }
  return rows;
}

async function callsPerDeploy(): Promise<string> {
  // The same execute() the action runs, through the scenario the tests use.
  const s = await scenario({ breaker: { enable: true, rollback: true }, desiredCount: 4 });
  const result = await s.run({ image: `${ECR}/rails:v2` });
  await s.stop();
  const aws = s.aws;
  const counts = Object.entries(aws.operationCounts())
    .map(([operation, count]) => `${operation} ${count}`)
    .join(", ");
  return `| ${result.status} in ${seconds(result.durationMs)} (virtual) | ${aws.requests.length} | ${counts} |`;
}

function coldStart(): string[] {
  const bundle = path.resolve(import.meta.dirname, "../dist/index.js");
  const time = (args: string[]) => {
    const samples: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      spawnSync(process.execPath, args, { env: { PATH: process.env.PATH ?? "" } });
      samples.push(performance.now() - started);
    }
    return median(samples);
  };
  const bare = time(["-e", "0"]);
  const action = time([bundle]);
  const size = statSync(bundle).size;
  return [
    `| \`node -e 0\` (baseline) | ${bare.toFixed(0)} ms | 1.00× | |`,
    `| \`node dist/index.js\` (parse inputs, fail on the missing one) | ${action.toFixed(0)} ms | ${(action / bare).toFixed(2)}× | ${(size / 1024).toFixed(0)} KiB |`,
  ];
}

const calls = await callsPerDeploy();
const cold = coldStart();
warpTimers();
const delays = await verdictDelays();
console.log("### Verdict delay after ECS decides (same fake rollout, 4 tasks, virtual time)\n");
console.log(`Median and worst of ${RUNS} runs each; ratio against the SDK waiter's median.\n`);
console.log("| ECS marks | waiter | median delay | worst | ratio | verdict | API calls |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const row of delays) console.log(row);
console.log("\n### API calls per successful deploy (1 service, 4 tasks, poll 10 s)\n");
console.log("| result | calls | by operation |\n| --- | --- | --- |");
console.log(calls);
console.log(`\n### Bundle cold start (median of ${RUNS}, Node ${process.version})\n`);
console.log("| command | wall time | ratio | size |\n| --- | --- | --- | --- |");
for (const row of cold) console.log(row);
