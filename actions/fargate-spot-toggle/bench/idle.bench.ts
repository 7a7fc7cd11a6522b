/**
 * mode idle benchmark (`pnpm bench -- idle`): 50 environments × 4 services (200 services behind 200
 * ALB target groups, 5 clusters) on the testkit fake with ECS's documented token buckets, CloudWatch's
 * GetMetricData quota (50 a second) and 50 ms per request, in virtual time (an event clock that moves
 * only when every call waits). Half the environments had requests in the last hour.
 *
 * Ours: the whole `mode: idle` run (dry run, so every repetition sees the same world), reading the
 * traffic in as few GetMetricData calls as the API allows (500 metrics a call). Baseline: the same
 * traffic read one GetMetricData call per service, 5 in flight (the action's concurrency), paced to
 * the GetMetricData quota so that it is never throttled (its best case).
 */
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { mapPool } from "@sre-actions/core";
import { createAwsClient } from "@sre-actions/core/aws";
import { AwsFake, awsClientOverrides } from "@sre-actions/testkit/aws";
import { targetGroupDimension } from "../src/idle.js";
import { Pacer, paceClient } from "../src/pacing.js";
import { EventClock } from "../test/fixtures/event-clock.js";
import { REGION, requestsAt, runToggle, seed, targetGroupArn } from "../test/fixtures/scenario.js";

const ENVIRONMENTS = 50;
const PER_ENVIRONMENT = 4;
const CLUSTERS = ["qa", "dev", "stg", "perf", "demo"];
const LATENCY_MS = 50;
const RUNS = 5;
const HOUR = 3_600_000;

async function world() {
  const clock = new EventClock("2026-11-25T03:00:00Z");
  const aws = await new AwsFake({ clock }).start();
  const envs = Array.from({ length: ENVIRONMENTS }, (_, i) => `qa${String(i + 1).padStart(2, "0")}`);
  seed(
    aws,
    CLUSTERS.map((cluster, c) => ({
      name: cluster,
      services: envs
        .filter((_, i) => i % CLUSTERS.length === c)
        .flatMap((env) =>
          Array.from({ length: PER_ENVIRONMENT }, (_, s) => ({
            name: `${env}-svc${s}`,
            environment: env,
            targetGroup: `${env}-svc${s}`,
            desired: 1,
          })),
        ),
    })),
  );
  aws.useEcsRateLimits();
  aws.rateLimit("GetMetricData", { burst: 50, perSecond: 50 });
  const start = clock.now();
  clock.set(start + 3 * HOUR);
  envs.forEach((env, i) => {
    if (i % 2 === 0) requestsAt(aws, `${env}-svc0`, start + 2.5 * HOUR);
  });
  return { aws, clock, envs };
}

type World = Awaited<ReturnType<typeof world>>;

async function ours(w: World) {
  const { result } = await runToggle(
    { mode: "idle", cluster: CLUSTERS.join(","), environments: "qa*", "idle-after": "2h", "dry-run": "true" },
    w.aws,
    w.clock,
    {
      aws: { retryStrategy: awsClientOverrides(w.aws)["retryStrategy"] },
      client: (c) => w.clock.onTheWire(c, LATENCY_MS),
    },
  );
  const slept = result.environments.filter((env) => env.status === "slept").length;
  if (slept !== ENVIRONMENTS / 2) throw new Error(`expected ${ENVIRONMENTS / 2} idle environments, got ${slept}`);
}

async function perService(w: World) {
  // At its best: paced to the GetMetricData quota, so it is never throttled.
  const pacer = new Pacer(w.clock, {
    classes: { GetMetricData: "read" },
    limits: { read: { burst: 50, perSecond: 50 } },
  });
  const client = w.clock.onTheWire(
    paceClient(createAwsClient(CloudWatchClient, { region: REGION, overrides: awsClientOverrides(w.aws) }), pacer),
    LATENCY_MS,
  );
  const groups = w.envs.flatMap((env) =>
    Array.from({ length: PER_ENVIRONMENT }, (_, s) => targetGroupArn(`${env}-svc${s}`)),
  );
  const end = Math.floor(w.clock.now() / 60_000) * 60_000;
  await mapPool(groups, 5, (arn) =>
    client.send(
      new GetMetricDataCommand({
        StartTime: new Date(end - 24 * HOUR),
        EndTime: new Date(end),
        MetricDataQueries: [
          {
            Id: "tg",
            MetricStat: {
              Metric: {
                Namespace: "AWS/ApplicationELB",
                MetricName: "RequestCountPerTarget",
                Dimensions: [{ Name: "TargetGroup", Value: targetGroupDimension(arn) }],
              },
              Period: 60,
              Stat: "Sum",
            },
          },
        ],
      }),
    ),
  );
  client.destroy();
}

interface Measure {
  seconds: number;
  calls: number;
  metrics: number;
  throttled: number;
}

async function measure(run: (w: World) => Promise<void>): Promise<{ total: Measure; reads: Measure }> {
  const w = await world();
  w.aws.requests.length = 0;
  const metricsBefore = w.aws.metrics.metricsRequested;
  const started = w.clock.now();
  await w.clock.run(run(w));
  const seconds = (w.clock.now() - started) / 1000;
  const reads = w.aws.requests.filter((request) => request.operation === "GetMetricData");
  const first = reads[0]?.at ?? started;
  const last = reads.at(-1)?.at ?? started;
  const metrics = w.aws.metrics.metricsRequested - metricsBefore;
  const throttled = w.aws.requests.filter((request) => request.status >= 400).length;
  await w.aws.stop();
  return {
    total: { seconds, calls: w.aws.requests.length, metrics, throttled },
    reads: { seconds: (last - first) / 1000 + LATENCY_MS / 1000, calls: reads.length, metrics, throttled },
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
};

const oursRuns = [];
for (let i = 0; i < RUNS; i += 1) oursRuns.push(await measure(ours));
const baselineRuns = [];
for (let i = 0; i < RUNS; i += 1) baselineRuns.push(await measure(perService));

const fmt = (runs: { seconds: number }[]) =>
  `${percentile(
    runs.map((run) => run.seconds),
    0.5,
  ).toFixed(2)} s / ${percentile(
    runs.map((run) => run.seconds),
    0.9,
  ).toFixed(2)} s`;

console.log(
  `${ENVIRONMENTS} environments × ${PER_ENVIRONMENT} services (200 target groups, 5 clusters), ${LATENCY_MS} ms per request, ` +
    `ECS's documented buckets and GetMetricData at 50 a second; virtual time (event clock); median / p90 of ${RUNS} runs.\n`,
);
console.log(
  "| traffic read | GetMetricData calls | metrics requested (billed) | time of the reads (median / p90) | whole run (median / p90) |",
);
console.log("| --- | --- | --- | --- | --- |");
const o = oursRuns[0];
const b = baselineRuns[0];
console.log(
  `| ours: 500 metrics a call | ${o?.reads.calls} | ${o?.reads.metrics} | ${fmt(oursRuns.map((run) => run.reads))} | ${fmt(oursRuns.map((run) => run.total))} |`,
);
console.log(
  `| one call per service (5 in flight, paced) | ${b?.reads.calls} | ${b?.reads.metrics} | ${fmt(baselineRuns.map((run) => run.reads))} | – |`,
);
