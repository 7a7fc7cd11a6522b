/**
 * The morning release (issue 23): a push to main builds the image once (its digest), pre-prod
 * deploys it with the Datadog monitors baked, and production promotes exactly what pre-prod runs
 * (`promote-from: pre-prod/web`) with a blue/green deployment that pauses after the test traffic
 * shift (`wait-until: paused`); the smoke tests run against the test listener, then
 * `mode: continue` lets ECS shift production traffic and ecs-deploy follows it to the verdict.
 * The build and the smoke tests are not our actions: the demo plays them (ECR gets the image, the
 * smoke test reads the paused deployment from ECS). Production runs at the wall clock's pace (AWS's
 * clock at 1×), so the time left before the hook times out is what a person would see.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { DescribeServiceDeploymentsCommand, DescribeTaskDefinitionCommand, ECSClient } from "@aws-sdk/client-ecs";
import type { AwsFake } from "@sre-actions/testkit/aws";
import { DATADOG_FAKE_API_KEY, DATADOG_FAKE_APP_KEY, type DatadogFake } from "@sre-actions/testkit/datadog";
import type { GitHubFake } from "@sre-actions/testkit/github";
import { webhookExample } from "@sre-actions/testkit/harness";
import { CREDENTIALS, ECR, REGION } from "./aws-world.js";
import { OWNER, REPO } from "./github-world.js";
import { playedStep, type runStep, type StepRecord } from "./step.js";
import { type StoryClock, tokyo } from "./time.js";

const HOUR = 3_600_000;
// The demo reads ECS over the SDK in its own process; the SDK's Node-version notice says nothing about the story.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";

export interface ReleaseWorld {
  /** When main is pushed, in the story. */
  at: Date;
  outputDir: string;
  aws: AwsFake;
  awsClock: StoryClock;
  awsEnv: Record<string, string>;
  github: GitHubFake;
  githubEnv: Record<string, string>;
  datadog: DatadogFake;
  /** file: URL of story-clock.mjs, preloaded so an action's clock reads the story's time. */
  storyClock: string;
  action: (name: string) => string;
  /** Runs a bundled action as a step and records it. */
  step: (...args: Parameters<typeof runStep>) => Promise<StepRecord>;
  /** Records a step the demo played. */
  record: (step: StepRecord) => void;
}

/** What was merged since production's last release: the pull requests the release notes must list. */
function mergeTheMorning(github: GitHubFake): { base: string; head: string } {
  const repo = { owner: OWNER, repo: REPO };
  const tip = () => github.repository(OWNER, REPO)?.branches.get("main") ?? "";
  const now = Date.now(); // GitHub's fake follows the real clock
  const base = tip();
  // Yesterday's release: what pre-prod and production last ran.
  for (const environment of ["pre-prod", "production"])
    github.seedDeployment({
      ...repo,
      ref: base,
      environment,
      createdAt: now - 20 * HOUR,
      statuses: [{ state: "in_progress" }, { state: "success" }],
    });
  const merged = [
    { title: "Cache report thumbnails", author: "aya-k", labels: ["performance"], hours: 3 },
    { title: "Fix the CSV export's time zone", author: "hiro", labels: ["incident"], hours: 2 },
    { title: "Bump puma from 6.4.2 to 6.4.3", author: "dependabot[bot]", labels: ["dependencies"], hours: 1 },
  ];
  for (const pull of merged)
    github.seedPullRequest({
      ...repo,
      title: pull.title,
      author: pull.author,
      labels: pull.labels,
      createdAt: now - (pull.hours + 1) * HOUR,
      mergedAt: now - pull.hours * HOUR,
      mergeMethod: "squash",
    });
  return { base, head: tip() };
}

/** The paused deployment as ECS shows it (what the smoke test checks before it starts). */
async function pausedDeployment(aws: AwsFake, arn: string) {
  const ecs = new ECSClient({ region: REGION, endpoint: aws.url, credentials: toCredentials() });
  try {
    const { serviceDeployments = [] } = await ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
    );
    return serviceDeployments[0];
  } finally {
    ecs.destroy();
  }
}

/** The app container's image of a revision. */
async function imageOf(aws: AwsFake, taskDefinition: string | undefined): Promise<string | undefined> {
  const ecs = new ECSClient({ region: REGION, endpoint: aws.url, credentials: toCredentials() });
  try {
    const described = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition }));
    return described.taskDefinition?.containerDefinitions?.find((container) => container.name === "rails")?.image;
  } finally {
    ecs.destroy();
  }
}

const toCredentials = () => ({
  accessKeyId: CREDENTIALS.AWS_ACCESS_KEY_ID,
  secretAccessKey: CREDENTIALS.AWS_SECRET_ACCESS_KEY,
});

export async function morningRelease(world: ReleaseWorld): Promise<void> {
  const { aws, awsClock, github, outputDir } = world;
  const { base, head } = mergeTheMorning(github);
  awsClock.jumpTo(world.at);
  const title = (n: number, what: string) => `7.${n} deploy-prod.yml (push to main, ${head.slice(0, 7)}): ${what}`;
  const push = webhookExample("push") as Record<string, unknown>;
  const event = {
    name: "push",
    payload: {
      ...push,
      ref: "refs/heads/main",
      before: base,
      after: head,
      repository: {
        ...(push["repository"] as object),
        name: REPO,
        full_name: `${OWNER}/${REPO}`,
        owner: { login: OWNER },
        default_branch: "main",
      },
    },
  };
  /** The step's environment: the run's, AWS and GitHub, and the story's time (AWS's clock) for the action. */
  const env = (extra: Record<string, string> = {}) => ({
    ...world.githubEnv,
    ...world.awsEnv,
    GITHUB_ACTOR: "okenak",
    GITHUB_WORKFLOW: "deploy-prod",
    NODE_OPTIONS: `--import=${world.storyClock}`,
    DEMO_STORY_NOW: new Date(awsClock.now()).toISOString(),
    ...extra,
  });

  // 7.1 build: the image of this commit, pushed once; its digest is what every environment runs.
  const digest = aws.seedEcrImage("tansu-api", { tags: [head] });
  const image = `${ECR}/tansu-api@${digest}`;
  world.record(
    await playedStep(outputDir, {
      id: "7-1-build",
      title: title(1, `job build pushes the image of ${head.slice(0, 7)} (${tokyo(world.at)})`),
      uses: "docker/build-push-action",
      log: [`pushed ${ECR}/tansu-api:${head}`, `digest ${digest}`],
      summary: [
        "### Image pushed (played by the demo: ECR now holds it)",
        "",
        "| Image | Digest |",
        "| --- | --- |",
        `| ${ECR}/tansu-api:${head} | \`${digest}\` |`,
        "",
        `Job output \`image\` = \`${image}\`: pre-prod deploys these bytes, and production promotes what pre-prod runs.`,
      ].join("\n"),
    }),
  );

  // 7.2 pre-prod: automatic, with the error-rate monitor baked after the rollout.
  world.datadog.addMonitor({ name: "tansu-api 5xx rate (pre-prod)", tags: ["service:tansu-api", "env:pre-prod"] });
  await world.step(
    outputDir,
    {
      id: "7-2-pre-prod",
      title: title(2, "job pre-prod: ecs-deploy rolls out pre-prod web and worker by digest, monitors baked"),
      action: world.action("ecs-deploy"),
    },
    {
      event,
      inputs: {
        cluster: "pre-prod",
        service: "web,worker",
        image,
        "run-task": "bin/rails db:migrate",
        "github-token": github.token,
        "github-environment": "pre-prod",
        "datadog-api-key": DATADOG_FAKE_API_KEY,
        "datadog-app-key": DATADOG_FAKE_APP_KEY,
        "datadog-env": "pre-prod",
        "verify-monitors": "service:tansu-api env:pre-prod",
        bake: "5s",
        "poll-interval": "1s",
      },
      env: env({ DATADOG_API_URL: world.datadog.url }),
    },
  );

  // 7.3 production, after the environment's reviewers approved: from here AWS keeps the wall clock's pace.
  awsClock.jumpTo(new Date(awsClock.now()), 1);
  aws.setTiming({ provisioningMs: 1_000, taskStartMs: 3_000, stableMs: 2_000, drainMs: 2_000, stopMs: 1_000 });
  const production = {
    cluster: "prod",
    service: "web",
    "github-token": github.token,
    "github-environment": "production",
    timeout: "45m",
    "poll-interval": "1s",
  };
  const paused = await world.step(
    outputDir,
    {
      id: "7-3-production-paused",
      title: title(3, "job production: ecs-deploy promotes pre-prod/web, blue/green, waits at the pause"),
      action: world.action("ecs-deploy"),
    },
    { event, inputs: { ...production, "promote-from": "pre-prod/web", "wait-until": "paused" }, env: env() },
  );
  const pause = (JSON.parse(paused.outputs["paused"] ?? "{}") as Record<string, { serviceDeploymentArn?: string }>)[
    "web"
  ];
  if (paused.exitCode !== 0 || pause?.serviceDeploymentArn === undefined) {
    console.error("  ✗ production did not stop at the pause hook: no smoke test, no continue");
    process.exitCode = 1;
    return;
  }

  // 7.4 smoke tests against the test listener: green serves the test traffic while production stays on blue.
  const record = await pausedDeployment(aws, pause.serviceDeploymentArn);
  const hook = record?.lifecycleHookDetails?.find((detail) => detail.status === "AWAITING_ACTION");
  const checks = ["GET /healthz", "GET /api/reports?limit=1", "POST /api/session (smoke user)"];
  world.record(
    await playedStep(outputDir, {
      id: "7-4-smoke",
      title: title(4, "smoke tests against the test listener (vars.PROD_TEST_URL)"),
      uses: "run: bin/smoke",
      log: checks.map((check) => `${check} → 200 (played)`),
      summary: [
        "### ECS, read before the smoke tests",
        "",
        `- Service deployment \`${record?.serviceDeploymentArn?.split("/").at(-1)}\`: ${record?.status} at ${record?.lifecycleStage}`,
        `- Hook \`${hook?.hookId}\`: ${hook?.status} until ${hook?.expiresAt?.toISOString()}, then ${hook?.timeoutAction}`,
        "- The test listener sends its traffic to the new (green) tasks; production traffic stays on blue until the hook is continued.",
        "",
        "### Smoke tests (played by the demo: no application listens behind the fake listener)",
        "",
        "| Check | Result |",
        "| --- | --- |",
        ...checks.map((check) => `| \`${check}\` against the test listener | ✅ 200 |`),
      ].join("\n"),
    }),
  );

  // 7.5 the smoke tests passed: continue; ECS shifts production traffic and cleans up blue.
  const continued = await world.step(
    outputDir,
    {
      id: "7-5-production-continue",
      title: title(5, "job production: the smoke tests passed, ecs-deploy mode: continue → verdict"),
      action: world.action("ecs-deploy"),
    },
    {
      event,
      inputs: { ...production, mode: "continue", "service-deployment": paused.outputs["paused"] ?? "" },
      env: env(),
    },
  );
  await appendPromotionCheck(world, continued);
}

/** Checked in (fake) AWS after the release: production's web runs the very digest pre-prod ran. */
async function appendPromotionCheck(world: ReleaseWorld, continued: StepRecord): Promise<void> {
  const { aws } = world;
  const preProd = await imageOf(aws, aws.describeService("pre-prod", "web").taskDefinition);
  const prod = await imageOf(aws, aws.describeService("prod", "web").taskDefinition);
  const same = preProd !== undefined && preProd === prod;
  if (!same || continued.exitCode !== 0) {
    console.error(`  ✗ production runs ${prod}, pre-prod ${preProd}`);
    process.exitCode = 1;
  }
  continued.summary += [
    "",
    "---",
    "",
    "_Checked by the demo in (fake) AWS after this job:_",
    "",
    "| Service | Image (rails) |",
    "| --- | --- |",
    `| pre-prod/web | \`${preProd}\` |`,
    `| prod/web | \`${prod}\` ${same ? "✅ the same digest" : "❌ differs"} |`,
    "",
  ].join("\n");
  await writeFile(path.join(world.outputDir, `${continued.id}.md`), continued.summary);
  console.log(`    (demo) prod/web runs ${prod}${same ? ", the digest pre-prod runs" : ""}`);
}
