import * as github from "@actions/github";
import { actionsLogger, Inputs, setOutputs, writeJobSummary } from "@sre-actions/core";
import { createOctokit } from "@sre-actions/core/github";
import { GitHubApi } from "./api.js";
import { type OutputName, parseInputs } from "./inputs.js";
import { headline, tiersOf } from "./report.js";
import { type RunResult, run } from "./run.js";
import { renderSummary } from "./summary.js";

export async function main(): Promise<void> {
  const context = github.context;
  const now = Date.now();
  const inputs = parseInputs(new Inputs(), {
    eventName: context.eventName ?? "",
    repository: process.env.GITHUB_REPOSITORY ?? "",
    runnerTemp: process.env.RUNNER_TEMP,
    now,
  });
  const log = actionsLogger;
  const api = new GitHubApi(createOctokit({ token: inputs.githubToken, log }));
  const pullNumber = (context.payload.pull_request as { number?: number } | undefined)?.number;
  const result = await run(inputs, { api, log, now, pullRequestNumber: pullNumber });

  setOutputs(outputsOf(result, inputs.doraReport));
  if (result.combined === undefined || result.files === undefined) {
    await writeJobSummary(`incident-label-metrics: ${result.skipped ?? "nothing to report"}\n`);
    return;
  }
  await writeJobSummary(
    renderSummary({
      repositories: result.repositories,
      combined: result.combined,
      doraReport: inputs.doraReport,
      timeZone: inputs.timeZone,
      source: inputs.deploymentSource,
      usage: result.usage,
      definitionsUrl: definitionsUrl(),
      files: result.files,
    }),
  );
}

export function outputsOf(result: RunResult, report: Parameters<typeof tiersOf>[0]): Record<OutputName, unknown> {
  if (result.combined === undefined) {
    return {
      deployments: undefined,
      "deployment-frequency": undefined,
      "lead-time-hours": undefined,
      "change-failure-rate": undefined,
      "time-to-restore-hours": undefined,
      "rework-rate": undefined,
      incidents: undefined,
      "deployment-frequency-tier": undefined,
      "lead-time-tier": undefined,
      "change-failure-rate-tier": undefined,
      "time-to-restore-tier": undefined,
      "rework-rate-tier": undefined,
      "report-json": undefined,
      "report-csv": undefined,
    };
  }
  const numbers = headline(result.combined);
  const tiers = tiersOf(report, numbers);
  return {
    deployments: numbers.deployments,
    "deployment-frequency": numbers.deploymentFrequency,
    "lead-time-hours": numbers.leadTimeHours,
    "change-failure-rate": numbers.changeFailureRate,
    "time-to-restore-hours": numbers.timeToRestoreHours,
    "rework-rate": numbers.reworkRate,
    incidents: numbers.incidents,
    "deployment-frequency-tier": tiers["deployment-frequency"].tier,
    "lead-time-tier": tiers["lead-time"].tier,
    "change-failure-rate-tier": tiers["change-failure-rate"].tier,
    "time-to-restore-tier": tiers["time-to-restore"].tier,
    "rework-rate-tier": tiers["rework-rate"].tier,
    "report-json": result.files?.json,
    "report-csv": result.files?.csv,
  };
}

/** The README's Definitions section of the action version that runs. */
function definitionsUrl(): string | undefined {
  const repository = process.env.GITHUB_ACTION_REPOSITORY;
  const ref = process.env.GITHUB_ACTION_REF;
  if (!repository || !ref) return undefined;
  return `https://github.com/${repository}/blob/${ref}/actions/incident-label-metrics/README.md#definitions`;
}
