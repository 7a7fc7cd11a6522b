/**
 * fargate-spot-toggle benchmark (run with `pnpm bench -- fargate-spot-toggle`): `stop` then `start`
 * of 200 services in 5 clusters (half with an auto scaling target) on the testkit fake with 50 ms
 * latency per request and token-bucket rate limits per operation, against a baseline that
 * describes services one by one and updates them sequentially (what the team's Lambda did), with
 * the same save/restore so both end in the same state. Real time, production SDK retry (adaptive).
 */
import {
  type ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import {
  DescribeServicesCommand,
  ListServicesCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { MemoryLogger, systemClock } from "@sre-actions/core";
import { createAutoScalingClient, createEcsClient } from "@sre-actions/core/aws";
import { AwsFake, FAKE_CREDENTIALS, type RateLimit } from "@sre-actions/testkit/aws";
import { fakeDeps, REGION, runToggle, seed, stateOf } from "../test/fixtures/scenario.js";

const CLUSTERS = ["qa", "dev", "stg", "perf", "demo"];
const PER_CLUSTER = 40;
const LATENCY_MS = 50;

/**
 * Token buckets (burst, sustained per second): UpdateService sustains about 5 per second (ECS's
 * "Request throttling"); the other buckets are assumptions of the same order.
 */
const RATES: Record<string, RateLimit> = {
  ListServices: { burst: 100, perSecond: 20 },
  DescribeServices: { burst: 100, perSecond: 20 },
  DescribeClusters: { burst: 50, perSecond: 20 },
  DescribeTaskDefinition: { burst: 100, perSecond: 20 },
  UpdateService: { burst: 50, perSecond: 5 },
  TagResource: { burst: 50, perSecond: 10 },
  UntagResource: { burst: 50, perSecond: 10 },
  DescribeScalableTargets: { burst: 50, perSecond: 10 },
  RegisterScalableTarget: { burst: 50, perSecond: 5 },
};

async function world() {
  const aws = await new AwsFake({ clock: systemClock, latencyMs: LATENCY_MS }).start();
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
  for (const [operation, limit] of Object.entries(RATES)) aws.rateLimit(operation, limit);
  const overrides = { endpoint: aws.url, credentials: FAKE_CREDENTIALS };
  const ecs = createEcsClient({ region: REGION, overrides });
  const scaling = createAutoScalingClient({ region: REGION, overrides });
  return { aws, ecs, scaling, overrides };
}

type World = Awaited<ReturnType<typeof world>>;

async function ours(w: World, mode: "stop" | "start") {
  const { deps, destroy } = fakeDeps(w.aws, systemClock, new MemoryLogger(), w.overrides);
  const { result } = await runToggle({ mode, cluster: CLUSTERS.join(","), concurrency: "5" }, deps);
  destroy();
  if (result.failed > 0 || result.changed !== CLUSTERS.length * PER_CLUSTER)
    throw new Error(`${mode}: ${result.failed} failed`);
}

async function baseline(w: World, mode: "stop" | "start") {
  for (const cluster of CLUSTERS) {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await w.ecs.send(new ListServicesCommand({ cluster, nextToken }));
      arns.push(...(page.serviceArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    for (const arn of arns) {
      const service = (await w.ecs.send(new DescribeServicesCommand({ cluster, services: [arn], include: ["TAGS"] })))
        .services?.[0];
      const name = service?.serviceName ?? "";
      const resource = `service/${cluster}/${name}`;
      const target = (
        await w.scaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: "ecs", ResourceIds: [resource] }))
      ).ScalableTargets?.[0];
      if (mode === "stop") await stopOne(w, cluster, arn, resource, service?.desiredCount ?? 0, target);
      else await startOne(w, cluster, arn, resource, service?.tags?.find((tag) => tag.key === "baseline:saved")?.value);
    }
  }
}

async function stopOne(
  w: World,
  cluster: string,
  arn: string,
  resource: string,
  desired: number,
  target: { MinCapacity?: number | undefined; MaxCapacity?: number | undefined } | undefined,
) {
  const saved = `${desired} ${target?.MinCapacity ?? "-"} ${target?.MaxCapacity ?? "-"}`;
  await w.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "baseline:saved", value: saved }] }));
  if (target !== undefined) await register(w.scaling, resource, 0, 0);
  await w.ecs.send(new UpdateServiceCommand({ cluster, service: arn, desiredCount: 0 }));
}

async function startOne(w: World, cluster: string, arn: string, resource: string, saved: string | undefined) {
  const [desired = "0", min = "-", max = "-"] = (saved ?? "").split(" ");
  if (min !== "-") await register(w.scaling, resource, Number(min), Number(max));
  await w.ecs.send(new UpdateServiceCommand({ cluster, service: arn, desiredCount: Number(desired) }));
  await w.ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["baseline:saved"] }));
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
  mode: string;
  approach: string;
  ms: number;
  calls: Record<string, number>;
  throttled: number;
}

async function measure(approach: string, run: (w: World, mode: "stop" | "start") => Promise<void>): Promise<Measure[]> {
  const w = await world();
  const out: Measure[] = [];
  for (const mode of ["stop", "start"] as const) {
    w.aws.requests.length = 0;
    const started = performance.now();
    await run(w, mode);
    const ms = performance.now() - started;
    // Every failed request here is a ThrottlingException that the SDK retried.
    const throttled = w.aws.requests.filter((request) => request.status >= 400).length;
    out.push({ mode, approach, ms, calls: w.aws.operationCounts(), throttled });
  }
  // Both approaches must end where they began.
  for (const cluster of CLUSTERS) {
    const state = stateOf(w.aws, cluster, `${cluster}-svc-0`);
    if (state.desired !== 1 || state.min !== 1 || state.max !== 4)
      throw new Error(`${approach} did not restore ${cluster}`);
  }
  w.ecs.destroy();
  w.scaling.destroy();
  await w.aws.stop();
  return out;
}

const SHORT: Record<string, string> = {
  ListServices: "List",
  DescribeClusters: "DescClusters",
  DescribeServices: "DescSvc",
  DescribeTaskDefinition: "DescTD",
  DescribeScalableTargets: "DescTargets",
  UpdateService: "Update",
  TagResource: "Tag",
  UntagResource: "Untag",
  RegisterScalableTarget: "Register",
};

const results = [
  ...(await measure("fargate-spot-toggle (concurrency 5)", ours)),
  ...(await measure("baseline: one by one, sequential", baseline)),
];
console.log(
  `200 services in 5 clusters (100 with a scalable target), ${LATENCY_MS} ms per request, token buckets per operation` +
    ` (UpdateService 50 burst, 5/s); real time, adaptive SDK retry; one run each.\n`,
);
console.log("| mode | approach | wall time | ratio | API calls | throttled (retried) | calls by operation |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const result of results) {
  const base = results.find((other) => other.mode === result.mode && other.approach.startsWith("baseline"));
  const total = Object.values(result.calls).reduce((sum, count) => sum + count, 0);
  const byOperation = Object.entries(result.calls)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([operation, count]) => `${SHORT[operation] ?? operation} ${count}`)
    .join(", ");
  console.log(
    `| ${result.mode} | ${result.approach} | ${(result.ms / 1000).toFixed(1)} s | ${(result.ms / (base?.ms ?? result.ms)).toFixed(2)}× | ${total} | ${result.throttled} | ${byOperation} |`,
  );
}
