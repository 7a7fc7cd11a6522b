/**
 * ecs-deploy benchmarks (run with `pnpm bench -- ecs-deploy`), all in virtual time on the testkit fake:
 * 1. verdict delay: from the instant ECS decides (the service deployment's `finishedAt`: COMPLETED /
 *    SUCCESSFUL, or, after a circuit-breaker rollback, ROLLBACK_SUCCESSFUL: the verdict follows
 *    ECS's rollback to its end) to the instant the waiter returns, for ecs-deploy's execute() (the
 *    scenario the tests use) and for the official aws-actions/amazon-ecs-deploy-task-definition
 *    v2.6.3 with `wait-for-service-stability: true` (the SDK's waitUntilServicesStable with minDelay
 *    15 s and maxDelay 600 s, or `wait-max-delay-seconds: 15`), replayed on the same virtual clock
 *    with the SDK's own backoff formula, then its v2.6.2+ check that the service still runs the
 *    revision it registered (exit 1 after a rollback). Its real default (`wait-for-service-stability`
 *    unset) does not wait at all. Each run draws the task start and stabilisation times, so ECS
 *    decides at a random phase against every poll grid; median, p90 and worst of RUNS runs, and how
 *    long after UpdateService ECS decided (the SDK waiter's delay grows with that length). Cases:
 *    ROLLING (completed, breaker rollback), BLUE_GREEN, LINEAR and CANARY with bakes, and CodeDeploy
 *    blue/green (timed from CodeDeploy's completeTime; ecs-deploy only, the official CodeDeploy
 *    waiter is not replayed);
 * 2. continue → verdict: BLUE_GREEN with a PAUSE hook after the test traffic shift; ecs-deploy
 *    `wait-until: paused`, a smoke test of random length, then `mode: continue`; the delay from
 *    ContinueServiceDeployment to the verdict and from ECS's decision to the verdict. The official
 *    action cannot continue a hook: its row is its waiter (`wait-max-delay-seconds: 15`, started at
 *    UpdateService) after someone continued the hook in the console at the same moment;
 * 3. describe-class calls per service while waiting (DescribeServices + DescribeServiceDeployments,
 *    and CodeDeploy's GetDeployment / ListDeploymentTargets / GetDeploymentTarget).
 * Cold start (all four actions beside the official one) is `pnpm bench -- cold-start`.
 */
import { CodeDeployClient, GetDeploymentCommand } from "@aws-sdk/client-codedeploy";
import type { DeploymentConfiguration } from "@aws-sdk/client-ecs";
import { createAwsClient } from "@sre-actions/core/aws";
import type { EcsPort } from "@sre-actions/core/ecs";
import { awsClientOverrides } from "@sre-actions/testkit/aws";
import { ECR, REGION, railsDefinition, type Scenario, scenario } from "../test/fixtures/scenario.js";
import { LB } from "../test/fixtures/strategies.js";

const RUNS = Number(process.env["BENCH_RUNS"] ?? 30);
type Case = "rolling" | "breaker" | "blue-green" | "linear" | "canary" | "code-deploy";
type Waiter = "ecs-deploy" | "official (wait-for-service-stability: true)" | "official (+ wait-max-delay-seconds: 15)";
const OFFICIAL_MAX_DELAY_S: Record<Exclude<Waiter, "ecs-deploy">, number> = {
  "official (wait-for-service-stability: true)": 600,
  "official (+ wait-max-delay-seconds: 15)": 15,
};

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

/** The ECS strategies' load balancer without the blue/green listener settings (as the tests' CodeDeploy service has). */
const PLAIN_LB = {
  targetGroupArn: LB.targetGroupArn,
  containerName: LB.containerName,
  containerPort: LB.containerPort,
};

/** One run's draws, shared by every waiter measured in that run (a paired comparison). */
interface Draw {
  timing: { taskStartMs: number; stableMs: number; drainMs: number; stopMs: number };
  /** How long the smoke tests against the test listener take (the continue case). */
  smokeMs: number;
}

/** Task start, stabilisation, draining and stop times, so ECS decides at a random phase against every poll grid. */
function draw(): Draw {
  return {
    timing: {
      taskStartMs: 20_000 + random() * 20_000,
      stableMs: 5_000 + random() * 10_000,
      drainMs: 10_000 + random() * 30_000,
      stopMs: 2_000 + random() * 8_000,
    },
    smokeMs: 60_000 + random() * 240_000,
  };
}

async function setup(kind: Case, { timing }: Draw): Promise<Scenario> {
  const { config, controller } = CASES[kind];
  const s = await scenario({
    desiredCount: 4,
    deploymentConfiguration: config,
    ...(config.strategy !== undefined || controller !== undefined ? { loadBalancers: [PLAIN_LB] } : {}),
    ...(controller !== undefined ? { controller } : {}),
  });
  if (controller === "CODE_DEPLOY")
    s.aws.seedCodeDeployGroup({
      cluster: "qa",
      service: "qa3-web",
      deploymentConfigName: "CodeDeployDefault.ECSCanary10Percent5Minutes",
      terminationWaitMinutes: 5,
    });
  s.aws.setTiming(timing);
  s.aws.imageBehaviour(`${ECR}/rails:broken`, { kind: "fail-to-start", reason: "CannotPullContainerError: not found" });
  return s;
}

/** When CodeDeploy marked the deployment Succeeded/Failed (its completeTime). */
async function codeDeployDecidedAt(s: Scenario, deploymentId: string | undefined): Promise<number> {
  const client = createAwsClient(CodeDeployClient, { region: REGION, overrides: awsClientOverrides(s.aws) });
  const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));
  client.destroy();
  return deploymentInfo?.completeTime?.getTime() ?? 0;
}

/**
 * When ECS decided: the `finishedAt` of the service's newest service deployment (SUCCESSFUL,
 * ROLLBACK_SUCCESSFUL…), and that deployment's start.
 */
async function ecsDecision(ecs: EcsPort): Promise<{ startedAt: number; finishedAt: number; status: string }> {
  const { serviceDeployments = [] } = await ecs.listServiceDeployments({ cluster: "qa", service: "qa3-web" });
  const newest = [...serviceDeployments].sort(
    (a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0),
  )[0];
  return {
    startedAt: newest?.startedAt?.getTime() ?? newest?.createdAt?.getTime() ?? 0,
    finishedAt: newest?.finishedAt?.getTime() ?? 0,
    status: newest?.status ?? "none",
  };
}

/** The SDK waiter's delay before attempt `attempt` (smithy `exponentialBackoffWithJitter`). */
function sdkDelay(minMs: number, maxMs: number, attempt: number): number {
  const ceiling = Math.log(maxMs / minMs) / Math.log(2) + 1;
  if (attempt > ceiling) return maxMs;
  const capped = Math.min(minMs * 2 ** (attempt - 1), maxMs);
  return minMs + random() * (capped - minMs);
}

/** Something someone else does while the waiter sleeps (a click in the console), once, when it is due. */
interface Interjection {
  /** When it is due, from what can be seen now; Infinity while that is not known yet. */
  due(): Promise<number>;
  act(): Promise<void>;
  done?: boolean;
}

/** Sleeps `ms` on the virtual clock, stopping on the way when the interjection is due to let it act. */
async function sleepAround(s: Scenario, ms: number, interjection: Interjection | undefined): Promise<void> {
  const wakeAt = s.clock.now() + ms;
  if (interjection !== undefined && interjection.done !== true) {
    const due = await interjection.due();
    if (due < wakeAt) {
      await s.clock.sleep(Math.max(0, due - s.clock.now()));
      await interjection.act();
      interjection.done = true;
    }
  }
  await s.clock.sleep(Math.max(0, wakeAt - s.clock.now()));
}

/**
 * The official action after UpdateService with `wait-for-service-stability: true`:
 * waitUntilServicesStable's acceptors polled on the virtual clock with the SDK's schedule, then
 * (v2.6.2+) a check that the service still runs the revision it registered: after ECS rolled back it
 * does not, and the step exits 1 ("not found after stabilization … likely rolled back").
 */
async function officialWait(
  ecs: EcsPort,
  s: Scenario,
  maxDelayS: number,
  registered: string | undefined,
  interjection?: Interjection,
): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const { services = [], failures = [] } = await ecs.describeServices({ cluster: "qa", services: ["qa3-web"] });
    if (failures.some((failure) => failure.reason === "MISSING")) return "failure";
    if (services.some((service) => service.status === "DRAINING" || service.status === "INACTIVE")) return "failure";
    if (services.every((service) => service.deployments?.length === 1 && service.runningCount === service.desiredCount))
      return services[0]?.taskDefinition === registered ? "stable" : "exit 1 (rolled back)";
    await sleepAround(s, sdkDelay(15_000, maxDelayS * 1_000, attempt), interjection);
  }
}

interface Measured {
  delay: number;
  verdict: string;
  /** From UpdateService (or ContinueServiceDeployment) to ECS's decision. */
  length: number;
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

async function measure(kind: Case, waiter: Waiter, run: Draw): Promise<Measured> {
  const s = await setup(kind, run);
  try {
    if (waiter === "ecs-deploy") {
      const result = await s.run({ image: CASES[kind].image, timeout: "1h" });
      const updated = result.timeline.find((entry) => entry.step === "service updated")?.at ?? 0;
      const verdictAt = result.timeline.find((entry) => entry.step === "rollout")?.at ?? 0;
      const decided =
        CASES[kind].controller === "CODE_DEPLOY"
          ? await codeDeployDecidedAt(s, result.services[0]?.deploymentId)
          : (await ecsDecision(s.ecs)).finishedAt;
      return {
        delay: verdictAt - decided,
        verdict: result.status,
        length: decided - updated,
        describesPer2s: describeRate(s, updated, verdictAt),
      };
    }
    const ecs = s.ecs;
    const registered = await ecs.registerTaskDefinition(railsDefinition("qa3-web", CASES[kind].image));
    const arn = registered.taskDefinition?.taskDefinitionArn;
    const updated = s.clock.now();
    await ecs.updateService({ cluster: "qa", service: "qa3-web", taskDefinition: arn });
    const verdict = await officialWait(ecs, s, OFFICIAL_MAX_DELAY_S[waiter], arn);
    const verdictAt = s.clock.now();
    const decided = (await ecsDecision(ecs)).finishedAt;
    return {
      delay: verdictAt - decided,
      verdict,
      length: decided - updated,
      describesPer2s: describeRate(s, updated, verdictAt),
    };
  } finally {
    await s.stop();
  }
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const minutes = (ms: number) => (ms >= 120_000 ? `${(ms / 60_000).toFixed(1)} min` : seconds(ms));

async function verdictDelays(): Promise<string[]> {
  const rows: string[] = [];
  for (const kind of Object.keys(CASES) as Case[]) {
    const waiters: Waiter[] =
      CASES[kind].official === false
        ? ["ecs-deploy"]
        : ["ecs-deploy", "official (wait-for-service-stability: true)", "official (+ wait-max-delay-seconds: 15)"];
    const results = new Map<Waiter, Measured[]>(waiters.map((waiter) => [waiter, []]));
    for (let run = 0; run < RUNS; run += 1) {
      const drawn = draw();
      for (const waiter of waiters) results.get(waiter)?.push(await measure(kind, waiter, drawn));
    }
    for (const waiter of waiters) {
      const measured = results.get(waiter) ?? [];
      const delays = measured.map((m) => m.delay);
      const verdicts = [...new Set(measured.map((m) => m.verdict))].join(", ");
      rows.push(
        `| ${CASES[kind].label} | ${minutes(
          quantile(
            measured.map((m) => m.length),
            0.5,
          ),
        )} | ${waiter} | ${seconds(quantile(delays, 0.5))} | ${seconds(quantile(delays, 0.9))} | ${seconds(Math.max(...delays))} | ${verdicts} | ${quantile(
          measured.map((m) => m.describesPer2s),
          0.5,
        ).toFixed(2)} |`,
      );
    }
  }
  return rows;
}

// ── 2. ContinueServiceDeployment → verdict ───────────────────────────────────────────────────────

const PAUSE_TIMEOUT_MS = 60 * 60_000;
const PAUSE_CONFIG: DeploymentConfiguration = {
  strategy: "BLUE_GREEN",
  bakeTimeInMinutes: 10,
  lifecycleHooks: [
    {
      targetType: "PAUSE",
      lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"],
      timeoutConfiguration: { timeoutInMinutes: PAUSE_TIMEOUT_MS / 60_000, action: "ROLLBACK" },
    },
  ],
};

async function pausedSetup({ timing }: Draw): Promise<Scenario> {
  const s = await scenario({ desiredCount: 4, deploymentConfiguration: PAUSE_CONFIG, loadBalancers: [LB] });
  s.aws.setTiming(timing);
  return s;
}

interface Continued {
  /** ECS's decision after the ContinueServiceDeployment call. */
  length: number;
  /** From the ContinueServiceDeployment call to the verdict. */
  toVerdict: number;
  /** From ECS's decision to the verdict. */
  delay: number;
  verdict: string;
}

/** ecs-deploy: `wait-until: paused`, the smoke test, then `mode: continue` with the paused output. */
async function continueWithEcsDeploy(run: Draw): Promise<Continued> {
  const { smokeMs } = run;
  const s = await pausedSetup(run);
  try {
    const paused = await s.execute({ image: `${ECR}/rails:v2`, "wait-until": "paused", timeout: "1h" });
    if (paused.result.status !== "paused") throw new Error(`expected a pause, got ${paused.result.status}`);
    await s.clock.sleep(smokeMs);
    const execution = await s.execute({
      mode: "continue",
      "service-deployment": JSON.stringify(paused.outputs.paused),
      timeout: "1h",
    });
    const continuedAt = s.aws.requests.find((request) => request.operation === "ContinueServiceDeployment")?.at ?? 0;
    const verdictAt = execution.result.timeline.find((entry) => entry.step === "rollout")?.at ?? 0;
    const decided = (await ecsDecision(s.ecs)).finishedAt;
    return {
      length: decided - continuedAt,
      toVerdict: verdictAt - continuedAt,
      delay: verdictAt - decided,
      verdict: execution.result.status,
    };
  } finally {
    await s.stop();
  }
}

/**
 * The official action cannot continue a hook: its waiter (started at UpdateService, best setting)
 * keeps polling through the pause, and someone continues the hook in the console once the smoke
 * test passed (as long after the pause began as the smoke test takes; the pause's start is its
 * hook's `expiresAt` less the timeout).
 */
async function continueInConsoleBesideOfficial(run: Draw): Promise<Continued> {
  const { smokeMs } = run;
  const s = await pausedSetup(run);
  try {
    const ecs = s.ecs;
    const registered = await ecs.registerTaskDefinition(railsDefinition("qa3-web", `${ECR}/rails:v2`));
    const arn = registered.taskDefinition?.taskDefinitionArn;
    await ecs.updateService({ cluster: "qa", service: "qa3-web", taskDefinition: arn });
    let continuedAt = 0;
    const paused = async () => {
      const { serviceDeployments = [] } = await ecs.listServiceDeployments({ cluster: "qa", service: "qa3-web" });
      const serviceDeploymentArn = serviceDeployments[0]?.serviceDeploymentArn;
      if (serviceDeploymentArn === undefined) return undefined;
      const { serviceDeployments: records = [] } = await ecs.describeServiceDeployments({
        serviceDeploymentArns: [serviceDeploymentArn],
      });
      const hook = records[0]?.lifecycleHookDetails?.find((detail) => detail.status === "AWAITING_ACTION");
      return hook === undefined ? undefined : { serviceDeploymentArn, hook };
    };
    // The person watching the console sees the pause, runs the smoke test, then clicks Continue.
    const person: Interjection = {
      due: async () => {
        const expiresAt = (await paused())?.hook.expiresAt?.getTime();
        return expiresAt === undefined ? Number.POSITIVE_INFINITY : expiresAt - PAUSE_TIMEOUT_MS + smokeMs;
      },
      act: async () => {
        const { serviceDeploymentArn, hook } = (await paused()) ?? {};
        if (hook === undefined) throw new Error("the deployment is not paused when the console continues it");
        continuedAt = s.clock.now();
        await ecs.continueServiceDeployment({ serviceDeploymentArn, hookId: hook.hookId, action: "CONTINUE" });
      },
    };
    const verdict = await officialWait(ecs, s, 15, arn, person);
    const verdictAt = s.clock.now();
    const decided = (await ecsDecision(ecs)).finishedAt;
    return { length: decided - continuedAt, toVerdict: verdictAt - continuedAt, delay: verdictAt - decided, verdict };
  } finally {
    await s.stop();
  }
}

async function continueDelays(): Promise<string[]> {
  const rows: string[] = [];
  const waiters = [
    { label: "ecs-deploy (`wait-until: paused`, then `mode: continue`)", measure: continueWithEcsDeploy },
    {
      label: "official (+ wait-max-delay-seconds: 15), continued in the console",
      measure: continueInConsoleBesideOfficial,
    },
  ];
  const results = waiters.map(() => [] as Continued[]);
  for (let run = 0; run < RUNS; run += 1) {
    const drawn = draw();
    for (const [index, waiter] of waiters.entries()) results[index]?.push(await waiter.measure(drawn));
  }
  for (const [index, waiter] of waiters.entries()) {
    const measured = results[index] ?? [];
    const delays = measured.map((m) => m.delay);
    const toVerdict = measured.map((m) => m.toVerdict);
    rows.push(
      `| ${waiter.label} | ${minutes(
        quantile(
          measured.map((m) => m.length),
          0.5,
        ),
      )} | ${seconds(quantile(toVerdict, 0.5))} / ${seconds(quantile(toVerdict, 0.9))} | ${seconds(quantile(delays, 0.5))} | ${seconds(quantile(delays, 0.9))} | ${seconds(Math.max(...delays))} | ${[...new Set(measured.map((m) => m.verdict))].join(", ")} |`,
    );
  }
  return rows;
}

const delays = await verdictDelays();
console.log("### Verdict delay after ECS decides (4 tasks, virtual time, random phase per run)\n");
console.log(
  `Median, p90 and worst of ${RUNS} runs each. ECS decides = the service deployment's \`finishedAt\` (after a breaker rollback: ROLLBACK_SUCCESSFUL, the end of ECS's rollback); "ECS decides after" is the median time from UpdateService to that moment. "official" is aws-actions/amazon-ecs-deploy-task-definition v2.6.3 with \`wait-for-service-stability: true\` (SDK waitUntilServicesStable, minDelay 15 s, maxDelay 600 s; or capped by \`wait-max-delay-seconds: 15\`) on the same virtual clock, then its v2.6.2+ check of the running revision; with its real default (\`wait-for-service-stability\` unset) it does not wait at all. Describe calls: DescribeServices + DescribeServiceDeployments per 2 s while waiting (median).\n`,
);
console.log(
  "| ECS decides | ECS decides after | waiter | median delay | p90 | worst | verdict | describe calls / 2 s |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const row of delays) console.log(row);
console.log(
  "\nCODE_DEPLOY: ECS's service events carry no CodeDeploy verdict, so the delay there is measured from CodeDeploy's `completeTime`, and the calls counted are CodeDeploy's GetDeployment / ListDeploymentTargets / GetDeploymentTarget plus any DescribeServices. It has no official rows: the official action follows CodeDeploy with its own `wait-for-deployment` (CodeDeploy's waitUntilDeploymentSuccessful, not `wait-max-delay-seconds`), which this replay of the ECS waiter does not model.",
);

const continued = await continueDelays();
console.log(
  "\n### ContinueServiceDeployment → verdict (BLUE_GREEN, PAUSE hook at POST_TEST_TRAFFIC_SHIFT, 10 min bake, 4 tasks, virtual time)\n",
);
console.log(
  `Median and p90 of ${RUNS} runs each; each run draws the task timings and a 1–5 minute smoke test. "ECS decides after" is the median time from the ContinueServiceDeployment call to the service deployment's \`finishedAt\` (production traffic shift, bake, clean-up). The official action cannot continue a hook at all: its row is its waiter (started at UpdateService, best setting) while someone continues the hook in the ECS console after the same smoke test.\n`,
);
console.log(
  "| waiter | ECS decides after | continue → verdict (median / p90) | delay after ECS decides | p90 | worst | verdict |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const row of continued) console.log(row);
