/**
 * `pnpm demo`: a day of the team's workflow, run by the bundled actions exactly as the GitHub
 * runner runs them (Node 24), against loopback fakes of AWS (ECS, Aurora), Notion, GitHub and Datadog. The QA deploys follow
 * examples/workflows/deploy-qa.yml step by step (its build job skipped: the images are in the
 * registry already); the morning release goes pre-prod → paused production → smoke → continue
 * (morning-release.ts). Every fake and every step reads one clock, the story's: the real one until
 * tonight's stop, then each later step's time (the action's `now` input or story-clock.mjs, and the
 * AWS fake's clock jumped there). Writes each job
 * summary to demo-output/<step>.md and all of them to demo-output/index.html.
 */
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ScaledClock } from "@sre-actions/testkit";
import type { AwsFake } from "@sre-actions/testkit/aws";
import { DATADOG_FAKE_API_KEY, DATADOG_FAKE_APP_KEY, DatadogFake } from "@sre-actions/testkit/datadog";
import { node24Unavailable, webhookExample } from "@sre-actions/testkit/harness";
import { NOTION_FAKE_TOKEN } from "@sre-actions/testkit/notion";
import { CREDENTIALS, ECR, REGION, startAws } from "./aws-world.js";
import { deployQaInputs } from "./deploy-qa.js";
import { OWNER, REPO, startGitHub } from "./github-world.js";
import { morningRelease } from "./morning-release.js";
import { startNotion, TEAM } from "./notion-world.js";
import { writeReport } from "./report.js";
import { runStep, type StepRecord, skippedStep } from "./step.js";
import { StoryClock, tokyo, tokyoTime, workingDayAt } from "./time.js";

const root = path.resolve(import.meta.dirname, "../../..");
const outputDir = path.join(root, "demo-output");
const action = (name: string) => path.join(root, "actions", name);
const SPEED = 60; // ECS time: one real second is one minute of rollout
const TIMEZONE = "Asia/Tokyo";
const STORY_CLOCK = pathToFileURL(path.join(import.meta.dirname, "story-clock.mjs")).href;

async function main(): Promise<void> {
  const startedAt = new Date();
  await rm(outputDir, { recursive: true, force: true });
  // One clock for the whole story: now, tonight's stop and the next working morning, all in Tokyo time.
  const evening = workingDayAt(startedAt, 21);
  const morning = workingDayAt(new Date(evening.getTime() + 60_000), 9);
  console.log(
    "sre-actions demo: starting loopback fakes of AWS (ECS, Aurora), Notion, GitHub and Datadog, seeding a day at the team…",
  );
  console.log(`  now ${tokyo(startedAt)} · tonight's stop ${tokyo(evening)} · next working morning ${tokyo(morning)}`);
  const awsClock = new StoryClock(SPEED, startedAt);
  const aws = await startAws(awsClock, morning.toISOString());
  const { github, searchPr, pdfPr, csvPr, incidentPr } = await startGitHub();
  const { notion, databaseUrl } = await startNotion();
  // Datadog: ecs-deploy sends DORA deployment events and gates each QA deploy on the API's error-rate monitor.
  const datadog = await new DatadogFake({ clock: new ScaledClock(1, startedAt) }).start();
  datadog.addMonitor({ name: "tansu-api 5xx rate (qa)", tags: ["service:tansu-api", "env:qa"] });
  const node = node24Unavailable() === undefined ? ("24" as const) : ("current" as const);
  const awsEnv = { AWS_ENDPOINT_URL: aws.url, AWS_REGION: REGION, ...CREDENTIALS };
  const githubEnv = {
    GITHUB_API_URL: github.url,
    GITHUB_GRAPHQL_URL: `${github.url}/graphql`,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
  };
  const notionInputs = {
    "notion-token": NOTION_FAKE_TOKEN,
    database: databaseUrl,
    "github-token": github.token,
    "user-map": TEAM.map((member) => `${member.login}=${member.email}`).join("\n"),
    timezone: TIMEZONE,
  };
  const steps: StepRecord[] = [];
  const step = async (...args: Parameters<typeof runStep>) => {
    const record = await runStep(args[0], args[1], { node, ...args[2] });
    steps.push(record);
    return record;
  };

  /** examples/workflows/deploy-qa.yml, job "deploy": reserve → ecs-deploy → Deployed/Failed (guarded). */
  const deployQa = async (run: {
    id: string;
    branch: string;
    actor: string;
    environment: string;
    image: string;
    story: string;
    expect?: "conflict" | "rolled-back";
    /** The environment was put to sleep by the night stop: ecs-deploy's `if-stopped: start` wakes it. */
    asleep?: boolean;
    /** When in the story the run happens, if not now: the steps' clocks start there (story-clock.mjs). */
    at?: Date;
  }) => {
    if (run.at !== undefined) awsClock.jumpTo(run.at);
    const event = {
      name: "workflow_dispatch",
      payload: {
        ...webhookExample("workflow_dispatch"),
        ref: `refs/heads/${run.branch}`,
        inputs: { environment: run.environment, "reserve-for": "3d" },
      },
    };
    const storyClock =
      run.at === undefined ? {} : { NODE_OPTIONS: `--import=${STORY_CLOCK}`, DEMO_STORY_NOW: run.at.toISOString() };
    const context = {
      event,
      env: { ...githubEnv, ...storyClock, GITHUB_ACTOR: run.actor, GITHUB_WORKFLOW: "deploy-qa" },
    };
    const title = (n: number, what: string) =>
      `${run.id}.${n} deploy-qa.yml → ${run.environment} (${run.branch}): ${what}`;
    const inputs = deployQaInputs(run, {
      notion: notionInputs,
      datadog: {
        "datadog-api-key": DATADOG_FAKE_API_KEY,
        "datadog-app-key": DATADOG_FAKE_APP_KEY,
        "verify-monitors": "service:tansu-api env:qa",
        bake: "5s",
      },
    });
    const reserve = await step(
      outputDir,
      {
        id: `${run.id}-1-reserve-${run.environment}`,
        title: title(1, `notion-env-status marks ${run.environment} Deploying — ${run.story}`),
        action: action("notion-env-status"),
        expectFailure: run.expect === "conflict",
      },
      {
        ...context,
        inputs: inputs.reserve,
        env: { ...context.env, NOTION_API_BASE_URL: notion.url },
      },
    );
    if (reserve.exitCode !== 0) {
      // `if: always() && steps.reserve.outcome == 'success'` and the failed job skip the rest.
      steps.push(
        skippedStep(
          `${run.id}-2-deploy-${run.environment}`,
          title(2, "ecs-deploy — skipped: the reservation refused"),
          "ecs-deploy",
        ),
        skippedStep(
          `${run.id}-3-record-${run.environment}`,
          title(3, "notion-env-status — skipped (guarded by the reservation step)"),
          "notion-env-status",
        ),
      );
      return;
    }
    const deploy = await step(
      outputDir,
      {
        id: `${run.id}-2-deploy-${run.environment}`,
        title: title(
          2,
          `ecs-deploy ${run.asleep ? "wakes and " : ""}rolls out ${run.environment}-web and ${run.environment}-worker`,
        ),
        action: action("ecs-deploy"),
        expectFailure: run.expect === "rolled-back",
      },
      {
        ...context,
        inputs: inputs.deploy,
        env: { ...context.env, ...awsEnv, DATADOG_API_URL: datadog.url },
      },
    );
    const outcome = deploy.exitCode === 0 ? "deployed" : "failed";
    await step(
      outputDir,
      {
        id: `${run.id}-3-record-${run.environment}`,
        title: title(
          3,
          `notion-env-status records ${run.environment} ${outcome === "deployed" ? "Deployed" : "Failed"}`,
        ),
        action: action("notion-env-status"),
      },
      {
        ...context,
        inputs: inputs.record(outcome),
        env: { ...context.env, NOTION_API_BASE_URL: notion.url },
      },
    );
  };

  try {
    await deployQa({
      id: "1",
      branch: "feature/search",
      actor: "okenak",
      environment: "qa3",
      image: `${ECR}/tansu-api:feature-search-7c2d9e4`,
      story: `qa3 is free; PR #${searchPr} reserves it for 3 days`,
    });
    await deployQa({
      id: "2",
      branch: "feature/pdf-export",
      actor: "shun",
      environment: "qa3",
      image: `${ECR}/tansu-api:feature-pdf-export-9b7e1d0`,
      story: `PR #${pdfPr} asks for qa3 too and is refused, naming the holder`,
      expect: "conflict",
    });
    await deployQa({
      id: "3",
      branch: "feature/pdf-export",
      actor: "shun",
      environment: "qa4",
      image: `${ECR}/tansu-api:feature-pdf-export-9b7e1d0`,
      story: "the same branch to the free qa4; its image crashes at boot",
      expect: "rolled-back",
    });
    // examples/workflows/release-env.yml: PR #searchPr is merged; the rows it holds are freed.
    const closed = webhookExample("pull_request", "closed") as Record<string, Record<string, unknown>>;
    const searchUrl = `https://github.com/${OWNER}/${REPO}/pull/${searchPr}`;
    const closedEvent = {
      name: "pull_request",
      payload: {
        ...closed,
        number: searchPr,
        pull_request: {
          ...closed["pull_request"],
          number: searchPr,
          html_url: searchUrl,
          merged: true,
          head: { ...(closed["pull_request"]?.["head"] as object), ref: "feature/search" },
        },
        repository: { ...closed["repository"], name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER } },
      },
    };
    const releaseContext = {
      event: closedEvent,
      env: { ...githubEnv, GITHUB_ACTOR: "okenak", NOTION_API_BASE_URL: notion.url },
    };
    const board = await step(
      outputDir,
      {
        id: "4-1-held",
        title: `4.1 release-env.yml (PR #${searchPr} merged), job held: notion-env-status reads the board`,
        action: action("notion-env-status"),
      },
      { ...releaseContext, inputs: { ...notionInputs, mode: "status" } },
    );
    const rows = JSON.parse(board.outputs["environments"] ?? "[]") as { environment: string; pullRequest?: string }[];
    for (const row of rows.filter((entry) => entry.pullRequest === searchUrl)) {
      await step(
        outputDir,
        {
          id: `4-2-release-${row.environment}`,
          title: `4.2 release-env.yml, job release (${row.environment}): notion-env-status frees ${row.environment}`,
          action: action("notion-env-status"),
        },
        { ...releaseContext, inputs: { ...notionInputs, mode: "release", environment: row.environment } },
      );
    }
    await step(
      outputDir,
      {
        id: "5a-dora-report",
        title: "5a. incident-metrics.yml (Monday): 90 days of DORA metrics",
        action: action("incident-label-metrics"),
      },
      {
        event: { name: "schedule", payload: { schedule: "23 0 * * 1" } },
        inputs: { "github-token": github.token, mode: "report", window: "90d", timezone: TIMEZONE },
        env: githubEnv,
      },
    );
    const labeled = webhookExample("pull_request", "labeled") as Record<string, Record<string, unknown>>;
    const comment = await step(
      outputDir,
      {
        id: "5b-incident-comment",
        title: `5b. incident-metrics.yml (PR labelled incident): the comment posted on PR #${incidentPr}`,
        action: action("incident-label-metrics"),
      },
      {
        event: {
          name: "pull_request",
          payload: {
            ...labeled,
            number: incidentPr,
            label: { name: "incident" },
            pull_request: {
              ...labeled["pull_request"],
              number: incidentPr,
              merged: true,
              labels: [{ name: "incident" }],
            },
            repository: {
              ...labeled["repository"],
              name: REPO,
              full_name: `${OWNER}/${REPO}`,
              owner: { login: OWNER },
            },
          },
        },
        inputs: { "github-token": github.token, mode: "incident", window: "90d", timezone: TIMEZONE },
        env: githubEnv,
      },
    );
    // What the team sees on the PR is the comment, not the job summary: show that.
    const posted = github.comments(OWNER, REPO, incidentPr).at(-1)?.["body"];
    if (posted !== undefined) {
      comment.summary = `**Comment on PR #${incidentPr}:**\n\n${String(posted)}`;
      await writeFile(path.join(outputDir, `${comment.id}.md`), comment.summary);
    }
    // A cost-schedule.yml run at `now` (the action's input), with AWS's clock moved there too.
    const toggle = (now: Date) => {
      awsClock.jumpTo(now);
      return {
        mode: "schedule",
        cluster: "qa",
        services: "qa*",
        "db-clusters": "qa*-aurora",
        "working-hours": "Mon-Fri 09:00-20:00",
        timezone: TIMEZONE,
        holidays: "jp",
        now: now.toISOString(),
      };
    };
    await step(
      outputDir,
      {
        id: "6a-night-stop",
        title: `6a. cost-schedule.yml ${tokyo(evening)}: QA stops for the night (qa3 kept for tomorrow's client demo)`,
        action: action("fargate-spot-toggle"),
      },
      { inputs: toggle(evening), env: awsEnv },
    );
    // Half an hour after the stop a developer deploys to qa5, asleep since 6a: the deploy wakes it
    // (if-stopped: start) and tags it keep-running-until, so the next hourly run leaves it up.
    const lateDeploy = new Date(evening.getTime() + 30 * 60_000);
    await deployQa({
      id: "6b",
      branch: "feature/csv-import",
      actor: "mika-t",
      environment: "qa5",
      image: `${ECR}/tansu-api:feature-csv-import-3e8a51f`,
      story: `${tokyo(lateDeploy)}, PR #${csvPr} goes to qa5, asleep since 21:00`,
      asleep: true,
      at: lateDeploy,
    });
    await appendAwsCheck(steps, "6b-2-deploy-qa5", aws, ["qa5-web", "qa5-worker"]);
    const hourly = new Date(evening.getTime() + 60 * 60_000);
    await step(
      outputDir,
      {
        id: "6b-4-hourly",
        title: `6b.4 cost-schedule.yml ${tokyo(hourly)}: the next hourly run leaves the woken qa5 running`,
        action: action("fargate-spot-toggle"),
      },
      { inputs: toggle(hourly), env: awsEnv },
    );
    await step(
      outputDir,
      {
        id: "6c-morning-start",
        title: `6c. cost-schedule.yml ${tokyo(morning)}: the next working morning, everything restored`,
        action: action("fargate-spot-toggle"),
      },
      { inputs: toggle(morning), env: awsEnv },
    );
    const spotAt = new Date(morning.getTime() + 10 * 60_000);
    awsClock.jumpTo(spotAt);
    await step(
      outputDir,
      {
        id: "6d-spot",
        title: "6d. cost-schedule.yml (dispatch: spot): QA moves to Fargate Spot",
        action: action("fargate-spot-toggle"),
      },
      {
        inputs: {
          mode: "spot",
          cluster: "qa",
          services: "qa*",
          "spot-strategy": "FARGATE_SPOT:1",
          // The Spot saving counts only the hours a service runs under its schedule.
          "working-hours": "Mon-Fri 09:00-20:00",
          holidays: "jp",
          timezone: TIMEZONE,
          now: spotAt.toISOString(),
        },
        env: awsEnv,
      },
    );
    // examples/workflows/deploy-prod.yml: the morning's merges go out, pre-prod first, then production.
    await morningRelease({
      at: new Date(morning.getTime() + 60 * 60_000),
      outputDir,
      aws,
      awsClock,
      awsEnv,
      github,
      githubEnv,
      datadog,
      storyClock: STORY_CLOCK,
      action,
      step,
      record: (played) => steps.push(played),
    });
  } finally {
    await Promise.all([aws.stop(), github.stop(), notion.stop(), datadog.stop()]);
  }
  const report = await writeReport(root, outputDir, steps, startedAt);
  recap(steps, report, Date.now() - startedAt.getTime());
  const events = datadog.deployments().map((event) => `${event.attributes.service}@${event.attributes.env}`);
  console.log(`  Datadog received ${events.length} DORA deployment event(s): ${events.join(", ")}`);
  const unexpected = steps.filter((record) => !record.skipped && (record.exitCode === 0) === record.expectFailure);
  if (unexpected.length > 0) process.exitCode = 1;
}

/**
 * What AWS holds right after a wake, read from the fake and added under the step's card (and checked):
 * tasks really running, the restored auto-scaling range, the tags ecs-deploy left.
 */
async function appendAwsCheck(steps: StepRecord[], id: string, aws: AwsFake, services: string[]): Promise<void> {
  const record = steps.find((entry) => entry.id === id);
  if (record === undefined || record.exitCode !== 0) return;
  const rows = services.map((name) => {
    const service = aws.describeService("qa", name);
    const scaling = aws.scalableTarget("qa", name);
    const tags = (service.tags ?? []).filter((tag) => tag.key?.startsWith("sre-actions:"));
    if ((service.runningCount ?? 0) === 0 || tags.some((tag) => tag.key === "sre-actions:saved")) {
      console.error(`  ✗ ${name} is not awake after ${id}: ${service.runningCount}/${service.desiredCount} running`);
      process.exitCode = 1;
    }
    const range = scaling === undefined ? "–" : `${scaling.MinCapacity}–${scaling.MaxCapacity}`;
    // Tag values are UTC as ecs-deploy wrote them; the page's zone follows for the reader.
    const local = (value = "") => (Number.isNaN(Date.parse(value)) ? "" : ` (${tokyoTime(new Date(value))})`);
    const shown = tags.map((tag) => `\`${tag.key}=${tag.value}\`${local(tag.value)}`).join(", ") || "–";
    return `| ${name} | ${service.runningCount}/${service.desiredCount} | ${range} | ${shown} |`;
  });
  const check = [
    "",
    "---",
    "",
    "_Checked by the demo in (fake) AWS after this job:_",
    "",
    "| Service | Running/desired | Auto-scaling min–max | sre-actions tags |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
  record.summary += check;
  await writeFile(path.join(outputDir, `${id}.md`), record.summary);
  console.log(`    (demo) AWS after the wake:\n${rows.map((row) => `      ${row}`).join("\n")}`);
}

function recap(steps: StepRecord[], report: string, durationMs: number): void {
  console.log("\n━━ Recap");
  for (const record of steps) {
    const ok = record.skipped || (record.exitCode === 0) !== record.expectFailure;
    const highlights = [
      "status",
      "conflict",
      "holder",
      "change-failure-rate",
      "time-to-restore-hours",
      "changed",
      "estimated-monthly-savings",
    ]
      .filter((name) => (record.outputs[name] ?? "") !== "")
      .map((name) => `${name}=${record.outputs[name]}`)
      .join(" ");
    const mark = record.skipped ? "–" : ok ? "✓" : "✗";
    console.log(`  ${mark} ${record.title}${highlights ? `\n      ${highlights}` : ""}`);
  }
  console.log(
    `\n  ${steps.length} steps in ${(durationMs / 1000).toFixed(1)} s. Open ${path.relative(process.cwd(), report)} to see every job summary.`,
  );
}

await main();
