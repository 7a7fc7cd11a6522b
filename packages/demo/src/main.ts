/**
 * `pnpm demo`: a day of the team's workflow, run by the bundled actions exactly as the GitHub
 * runner runs them (Node 24), against loopback fakes of ECS, Notion and GitHub. Writes each job
 * summary to demo-output/<step>.md and all of them to demo-output/index.html.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { webhookExample } from "@sre-actions/testkit/harness";
import { NOTION_FAKE_TOKEN } from "@sre-actions/testkit/notion";
import { CREDENTIALS, ECR, REGION, startAws } from "./aws-world.js";
import { OWNER, REPO, startGitHub } from "./github-world.js";
import { startNotion } from "./notion-world.js";
import { writeReport } from "./report.js";
import { runStep, type StepRecord } from "./step.js";

const root = path.resolve(import.meta.dirname, "../../..");
const outputDir = path.join(root, "demo-output");
const action = (name: string) => path.join(root, "actions", name);
const SPEED = 60; // ECS time: one real second is one virtual minute

async function main(): Promise<void> {
  const startedAt = new Date();
  await rm(outputDir, { recursive: true, force: true });
  console.log("sre-actions demo: starting loopback fakes of ECS, Notion and GitHub, seeding a day at the team…");
  const aws = await startAws(SPEED, "2026-11-25T01:00:00Z");
  const { github, searchPr, pdfPr, incidentPr } = await startGitHub();
  const { notion, databaseUrl } = await startNotion();
  const awsEnv = { AWS_ENDPOINT_URL: aws.url, AWS_REGION: REGION, ...CREDENTIALS };
  const githubEnv = {
    GITHUB_API_URL: github.url,
    GITHUB_GRAPHQL_URL: `${github.url}/graphql`,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
  };
  const dispatch = (branch: string, actor: string) => ({
    event: {
      name: "workflow_dispatch",
      payload: { ...webhookExample("workflow_dispatch"), ref: `refs/heads/${branch}` },
    },
    env: { ...githubEnv, GITHUB_ACTOR: actor },
  });
  const notionEnv = { NOTION_API_BASE_URL: notion.url };
  const notionInputs = {
    "notion-token": NOTION_FAKE_TOKEN,
    database: databaseUrl,
    "github-token": github.token,
    "user-map": "okenak=okenak@example.com",
    timezone: "Asia/Tokyo",
  };
  const steps: StepRecord[] = [];
  const step = async (...args: Parameters<typeof runStep>) => {
    const record = await runStep(...args);
    steps.push(record);
    return record;
  };
  try {
    const search = dispatch("feature/search", "okenak");
    await step(
      outputDir,
      {
        id: "1-deploy-qa3",
        title: "1. ecs-deploy: feature/search to qa3 (web + worker, migration first)",
        action: action("ecs-deploy"),
      },
      {
        ...search,
        inputs: {
          cluster: "qa",
          service: "qa3-web,qa3-worker",
          image: `${ECR}/kanna-api:feature-search-7c2d9e4`,
          "run-task": "bin/rails db:migrate",
          "environment-variables": "rails:FEATURE_SEARCH=on",
          "poll-interval": "1s",
        },
        env: { ...search.env, ...awsEnv },
      },
    );
    await step(
      outputDir,
      {
        id: "2a-notion-qa3",
        title: `2a. notion-env-status: qa3 reserved for PR #${searchPr}`,
        action: action("notion-env-status"),
      },
      {
        ...search,
        inputs: { ...notionInputs, environment: "qa3", "reserve-for": "3d" },
        env: { ...search.env, ...notionEnv },
      },
    );
    const pdf = dispatch("feature/pdf-export", "shun");
    await step(
      outputDir,
      {
        id: "2b-notion-conflict",
        title: `2b. notion-env-status: PR #${pdfPr} deploys over qa3 and is warned`,
        action: action("notion-env-status"),
      },
      { ...pdf, inputs: { ...notionInputs, environment: "qa3" }, env: { ...pdf.env, ...notionEnv } },
    );
    await step(
      outputDir,
      {
        id: "3-deploy-qa4-broken",
        title: "3. ecs-deploy: a broken image to qa4 — the circuit breaker rolls back, the action says why",
        action: action("ecs-deploy"),
        expectFailure: true,
      },
      {
        ...pdf,
        inputs: {
          cluster: "qa",
          service: "qa4-web",
          image: `${ECR}/kanna-api:feature-pdf-export-9b7e1d0`,
          "poll-interval": "1s",
        },
        env: { ...pdf.env, ...awsEnv },
      },
    );
    await step(
      outputDir,
      {
        id: "4a-dora-report",
        title: "4a. incident-label-metrics: 90 days of DORA metrics",
        action: action("incident-label-metrics"),
      },
      {
        event: { name: "schedule", payload: { schedule: "23 0 * * 1" } },
        inputs: { "github-token": github.token, mode: "report", window: "90d", timezone: "Asia/Tokyo" },
        env: githubEnv,
      },
    );
    const labeled = webhookExample("pull_request", "labeled") as Record<string, Record<string, unknown>>;
    await step(
      outputDir,
      {
        id: "4b-incident-comment",
        title: `4b. incident-label-metrics: comment on incident PR #${incidentPr}`,
        action: action("incident-label-metrics"),
      },
      {
        event: {
          name: "pull_request",
          payload: {
            ...labeled,
            number: incidentPr,
            label: { name: "incident" },
            pull_request: { ...labeled.pull_request, number: incidentPr, merged: true, labels: [{ name: "incident" }] },
            repository: { ...labeled.repository, name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER } },
          },
        },
        inputs: { "github-token": github.token, window: "90d", timezone: "Asia/Tokyo" },
        env: githubEnv,
      },
    );
    const toggle = (now: string) => ({
      mode: "schedule",
      cluster: "qa",
      services: "qa*",
      "working-hours": "Mon-Fri 09:00-20:00",
      timezone: "Asia/Tokyo",
      holidays: "jp",
      now,
    });
    await step(
      outputDir,
      {
        id: "5a-night-stop",
        title: "5a. fargate-spot-toggle: 21:00 Asia/Tokyo — QA stops for the night",
        action: action("fargate-spot-toggle"),
      },
      { inputs: toggle("2026-11-25T21:00:00+09:00"), env: awsEnv },
    );
    await step(
      outputDir,
      {
        id: "5b-morning-start",
        title: "5b. fargate-spot-toggle: 09:00 the next working day — everything restored",
        action: action("fargate-spot-toggle"),
      },
      { inputs: toggle("2026-11-26T09:00:00+09:00"), env: awsEnv },
    );
    await step(
      outputDir,
      {
        id: "5c-spot",
        title: "5c. fargate-spot-toggle: QA moves to Fargate Spot",
        action: action("fargate-spot-toggle"),
      },
      { inputs: { mode: "spot", cluster: "qa", services: "qa*", "spot-strategy": "FARGATE_SPOT:1" }, env: awsEnv },
    );
  } finally {
    await Promise.all([aws.stop(), github.stop(), notion.stop()]);
  }
  const report = await writeReport(root, outputDir, steps, startedAt);
  recap(steps, report, Date.now() - startedAt.getTime());
  const unexpected = steps.filter((record) => (record.exitCode === 0) === record.expectFailure);
  if (unexpected.length > 0) process.exitCode = 1;
}

function recap(steps: StepRecord[], report: string, durationMs: number): void {
  console.log("\n━━ Recap");
  for (const record of steps) {
    const ok = (record.exitCode === 0) !== record.expectFailure;
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
    console.log(`  ${ok ? "✓" : "✗"} ${record.title}${highlights ? `\n      ${highlights}` : ""}`);
  }
  console.log(
    `\n  ${steps.length} steps in ${(durationMs / 1000).toFixed(1)} s. Open ${path.relative(process.cwd(), report)} to see every job summary.`,
  );
}

await main();
