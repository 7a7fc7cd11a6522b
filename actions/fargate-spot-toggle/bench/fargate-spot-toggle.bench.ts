/**
 * fargate-spot-toggle benchmark (run with `pnpm bench -- fargate-spot-toggle`): 200 services in
 * 5 clusters (half with an auto scaling target) on the testkit fake with ECS's documented token
 * buckets and 50 ms per request, in virtual time: an event clock that moves only when every call is
 * asleep (latency, pacing), so the figures do not depend on the machine's load. The SDK retries a
 * throttled call at once (the tests' retry strategy), which flatters throttling approaches, not ours.
 *
 * Three runs: stop; a start right after the stop (buckets drained); a morning start (buckets full).
 * Each reports ours (median / p90 of RUNS), the analytic floor (per bucket: calls beyond the tokens
 * the bucket held at the start, at its refill rate; the slowest bucket), and a sequential baseline
 * that describes and updates services one by one (what the team's Lambda did).
 */
import {
  type ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import {
  DescribeServicesCommand,
  type ECSClient,
  ListServicesCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { createAutoScalingClient, createEcsClient } from "@sre-actions/core/aws";
import { AwsFake, awsClientOverrides } from "@sre-actions/testkit/aws";
import { ECS_PACING } from "../src/pacing.js";
import { EventClock } from "../test/fixtures/event-clock.js";
import { REGION, runToggle, seed, stateOf } from "../test/fixtures/scenario.js";

const CLUSTERS = ["qa", "dev", "stg", "perf", "demo"];
const PER_CLUSTER = 40;
const LATENCY_MS = 50;
const RUNS = 5;

/** The fake's buckets: every one ECS documents (the testkit's table, not the action's pacing table). */
function limitBuckets(aws: AwsFake): void {
  aws.useEcsRateLimits();
}

async function world() {
  const clock = new EventClock();
  const aws = await new AwsFake({ clock }).start();
  seed(
    aws,
    CLUSTERS.map((name) => ({
      name,
      services: Array.from({ length: PER_CLUSTER }, (_, i) => ({
        name: `${name}-svc-${i}`,
        desired: 1 + (i % 3),
        ...(i % 2 === 0 ? { target: { min: 1, max: 4 } } : {}),
      })),
    })),
  );
  limitBuckets(aws);
  const overrides = awsClientOverrides(aws);
  return { aws, clock, overrides };
}

type World = Awaited<ReturnType<typeof world>>;
type Mode = "stop" | "start";

async function ours(w: World, mode: Mode): Promise<void> {
  const { result } = await runToggle({ mode, cluster: CLUSTERS.join(","), concurrency: "5" }, w.aws, w.clock, {
    aws: { retryStrategy: w.overrides["retryStrategy"] },
    client: (client) => w.clock.onTheWire(client, LATENCY_MS),
  });
  if (result.failed > 0 || result.changed !== CLUSTERS.length * PER_CLUSTER)
    throw new Error(`${mode}: ${result.failed} failed`);
}

async function sequential(w: World, mode: Mode): Promise<void> {
  const ecs = w.clock.onTheWire(createEcsClient({ region: REGION, overrides: w.overrides }), LATENCY_MS);
  const scaling = w.clock.onTheWire(createAutoScalingClient({ region: REGION, overrides: w.overrides }), LATENCY_MS);
  for (const cluster of CLUSTERS) {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(new ListServicesCommand({ cluster, nextToken }));
      arns.push(...(page.serviceArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    for (const arn of arns) {
      const service = (await ecs.send(new DescribeServicesCommand({ cluster, services: [arn], include: ["TAGS"] })))
        .services?.[0];
      const resource = `service/${cluster}/${service?.serviceName ?? ""}`;
      const target = (
        await scaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: "ecs", ResourceIds: [resource] }))
      ).ScalableTargets?.[0];
      if (mode === "stop") {
        const saved = `${service?.desiredCount ?? 0} ${target?.MinCapacity ?? "-"} ${target?.MaxCapacity ?? "-"}`;
        await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "baseline:saved", value: saved }] }));
        if (target !== undefined) await register(scaling, resource, 0, 0);
        await ecs.send(new UpdateServiceCommand({ cluster, service: arn, desiredCount: 0 }));
      } else {
        const tag = service?.tags?.find((item) => item.key === "baseline:saved")?.value ?? "";
        const [desired = "0", min = "-", max = "-"] = tag.split(" ");
        if (min !== "-") await register(scaling, resource, Number(min), Number(max));
        await ecs.send(new UpdateServiceCommand({ cluster, service: arn, desiredCount: Number(desired) }));
        await ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["baseline:saved"] }));
      }
    }
  }
  destroyAll(ecs, scaling);
}

function destroyAll(ecs: ECSClient, scaling: ApplicationAutoScalingClient) {
  ecs.destroy();
  scaling.destroy();
}

function register(scaling: ApplicationAutoScalingClient, resource: string, min: number, max: number) {
  return scaling.send(
    new RegisterScalableTargetCommand({
      ServiceNamespace: "ecs",
      ResourceId: resource,
      ScalableDimension: "ecs:service:DesiredCount",
      MinCapacity: min,
      MaxCapacity: max,
    }),
  );
}

interface Measure {
  seconds: number;
  floor: number;
  calls: number;
  throttled: number;
}

/** Runs one mode and measures it in virtual seconds, with the floor for the buckets it started from. */
async function measure(w: World, mode: Mode, run: (w: World, mode: Mode) => Promise<void>): Promise<Measure> {
  const classes = Object.entries(ECS_PACING.classes);
  const tokens = new Map(classes.map(([operation, name]) => [name, w.aws.rateLimitTokens(operation) ?? 0]));
  w.aws.requests.length = 0;
  const started = w.clock.now();
  await w.clock.run(run(w, mode));
  const seconds = (w.clock.now() - started) / 1000;
  const ok = w.aws.requests.filter((request) => request.status < 400);
  const floor = Math.max(
    0,
    ...Object.entries(ECS_PACING.limits).map(([name, limit]) => {
      const needed = ok.filter((request) => ECS_PACING.classes[request.operation] === name).length;
      return Math.max(0, needed - (tokens.get(name) ?? 0)) / limit.perSecond;
    }),
  );
  // Every failed request here is a ThrottlingException that the SDK retried.
  const throttled = w.aws.requests.filter((request) => request.status >= 400).length;
  return { seconds, floor, calls: w.aws.requests.length, throttled };
}

const SCENARIOS = ["stop", "start right after the stop", "morning start (full buckets)"] as const;

/** One cycle: stop, start at once, stop again, refill the buckets, start. */
async function cycle(run: (w: World, mode: Mode) => Promise<void>): Promise<Measure[]> {
  const w = await world();
  const stop = await measure(w, "stop", run);
  const startAfter = await measure(w, "start", run);
  await w.clock.run(run(w, "stop"));
  limitBuckets(w.aws); // a night later: every bucket is full again
  const morning = await measure(w, "start", run);
  for (const cluster of CLUSTERS) {
    const state = stateOf(w.aws, cluster, `${cluster}-svc-0`);
    if (state.desired !== 1 || state.min !== 1 || state.max !== 4) throw new Error(`did not restore ${cluster}`);
  }
  await w.aws.stop();
  return [stop, startAfter, morning];
}

const oursRuns: Measure[][] = [];
for (let i = 0; i < RUNS; i += 1) oursRuns.push(await cycle(ours));
const baseline = await cycle(sequential);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
};

console.log(
  `200 services in 5 clusters (100 with a scalable target), ${LATENCY_MS} ms per request, ECS's token buckets ` +
    `(UpdateService 50 then 5/s; TagResource/UntagResource 20 then 10/s; DescribeServices/ListServices 100 then 20/s; ` +
    `DescribeTaskDefinition and DescribeClusters 50 then 20/s); ` +
    `virtual time (event clock); ours: median / p90 of ${RUNS} runs.\n`,
);
console.log(
  "| run | ours (median / p90) | floor | ours ÷ floor | sequential | throttled calls (ours, of all) | throttled (sequential) |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- |");
SCENARIOS.forEach((name, index) => {
  const runs = oursRuns.map((cycleRuns) => cycleRuns[index] as Measure);
  const median = percentile(
    runs.map((run) => run.seconds),
    0.5,
  );
  const p90 = percentile(
    runs.map((run) => run.seconds),
    0.9,
  );
  const floor = percentile(
    runs.map((run) => run.floor),
    0.5,
  );
  const throttled = runs.map((run) => `${run.throttled}/${run.calls}`).join(", ");
  const base = baseline[index] as Measure;
  console.log(
    `| ${name} | ${median.toFixed(1)} s / ${p90.toFixed(1)} s | ${floor.toFixed(1)} s | ${(median / floor).toFixed(2)}× | ${base.seconds.toFixed(1)} s | ${throttled} | ${base.throttled}/${base.calls} |`,
  );
});
