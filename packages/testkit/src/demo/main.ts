/**
 * `pnpm demo`: a day of the team's workflow, run by the bundled actions exactly as the GitHub
 * runner runs them, against loopback fakes of ECS, Notion and GitHub. Writes each job summary to
 * demo-output/<step>.md and all of them to demo-output/index.html.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { CREDENTIALS, ECR, REGION, startAws } from "./aws-world.js";
import { writeReport } from "./report.js";
import { runStep, type StepRecord } from "./step.js";

const root = path.resolve(import.meta.dirname, "../../../..");
const outputDir = path.join(root, "demo-output");
const action = (name: string) => path.join(root, "actions", name);
const SPEED = 60; // one real second is one virtual minute

async function main(): Promise<void> {
  const startedAt = new Date();
  await rm(outputDir, { recursive: true, force: true });
  const aws = await startAws(SPEED, "2026-11-25T01:00:00Z");
  const awsEnv = { AWS_ENDPOINT_URL: aws.url, AWS_REGION: REGION, ...CREDENTIALS };
  const repo = { GITHUB_REPOSITORY: "aldagram/kanna-api", GITHUB_ACTOR: "okenak" };
  const steps: StepRecord[] = [];
  try {
    steps.push(
      await runStep(
        outputDir,
        {
          id: "1-deploy-qa3",
          title: "1. Deploy feature/search to qa3 (web + worker, migration first)",
          action: action("ecs-deploy"),
        },
        {
          inputs: {
            cluster: "qa",
            service: "qa3-web,qa3-worker",
            image: `${ECR}/kanna-api:feature-search-7c2d9e4`,
            "run-task": "bin/rails db:migrate",
            "environment-variables": "rails:FEATURE_SEARCH=on",
            "poll-interval": "1s",
          },
          env: { ...awsEnv, ...repo, GITHUB_REF: "refs/heads/feature/search" },
        },
      ),
    );
    steps.push(
      await runStep(
        outputDir,
        {
          id: "3-deploy-qa4-broken",
          title: "3. Deploy a broken image to qa4: the circuit breaker rolls back, the action says why",
          action: action("ecs-deploy"),
          expectFailure: true,
        },
        {
          inputs: {
            cluster: "qa",
            service: "qa4-web",
            image: `${ECR}/kanna-api:feature-pdf-export-9b7e1d0`,
            "poll-interval": "1s",
          },
          env: { ...awsEnv, ...repo, GITHUB_REF: "refs/heads/feature/pdf-export" },
        },
      ),
    );
  } finally {
    await aws.stop();
  }
  const report = await writeReport(outputDir, steps, startedAt);
  recap(steps, report, Date.now() - startedAt.getTime());
  const unexpected = steps.filter((step) => (step.exitCode === 0) === step.expectFailure);
  if (unexpected.length > 0) process.exitCode = 1;
}

function recap(steps: StepRecord[], report: string, durationMs: number): void {
  console.log("\n━━ Recap");
  for (const step of steps) {
    const ok = (step.exitCode === 0) !== step.expectFailure;
    const status = step.outputs.status ?? (step.exitCode === 0 ? "ok" : "failed");
    console.log(`  ${ok ? "✓" : "✗"} ${step.title} → ${status}${step.expectFailure ? " (failure was the point)" : ""}`);
  }
  console.log(
    `\n  ${steps.length} steps in ${(durationMs / 1000).toFixed(1)} s. Job summaries: ${path.relative(process.cwd(), report)}`,
  );
}

await main();
