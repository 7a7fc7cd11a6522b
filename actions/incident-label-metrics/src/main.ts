import { tmpdir } from "node:os";
import {
  actionsLogger,
  type Execution,
  explainGitHubError,
  publish,
  runAction,
  secretInputsOf,
  systemClock,
} from "@sre-actions/core";
import { createDatadogClient } from "@sre-actions/core/datadog";
import { createOctokit, currentRunContext } from "@sre-actions/core/github";
import { OctokitGitHub } from "./github.js";
import { INPUTS, type MetricsInputs, type OutputName, parseInputs } from "./inputs.js";
import { outputsOf } from "./outputs.js";
import { permissionsFor } from "./permissions.js";
import { type MetricsDeps, type MetricsResult, report } from "./report.js";
import { renderSummary } from "./summary.js";

export interface MetricsExecuteDeps extends MetricsDeps {
  /** The README's Definitions section of the action version that runs. */
  definitionsUrl: string | undefined;
}

/** The whole action: the report (or incident comment), its outputs and its job summary. */
export async function execute(
  inputs: MetricsInputs,
  deps: MetricsExecuteDeps,
): Promise<Execution<MetricsResult, OutputName>> {
  const result = await report(inputs, deps).catch((error: unknown) => {
    // A 401/403/404 names github-token and the permissions this mode needs.
    throw explainGitHubError(error, { permissions: permissionsFor(inputs) }) ?? error;
  });
  const summary =
    result.report === undefined || result.files === undefined
      ? `incident-label-metrics: ${result.skipped ?? "nothing to report"}\n`
      : renderSummary(result.report, { definitionsUrl: deps.definitionsUrl, files: result.files });
  return { result, outputs: outputsOf(result), summary };
}

export async function main(): Promise<void> {
  const inputs = parseInputs();
  await publish(await execute(inputs, productionDeps(inputs)));
}

/** The composition root: real clients, the runner's context, clock and environment. */
export function productionDeps(inputs: MetricsInputs): MetricsExecuteDeps {
  const log = actionsLogger;
  const { GITHUB_ACTION_REPOSITORY: repository, GITHUB_ACTION_REF: ref, RUNNER_TEMP } = process.env;
  return {
    github: new OctokitGitHub(createOctokit({ token: inputs.githubToken, log })),
    clock: systemClock,
    log,
    context: currentRunContext(),
    tempDir: RUNNER_TEMP ?? tmpdir(),
    datadog:
      inputs.datadog.apiKey === undefined
        ? undefined
        : createDatadogClient({
            apiKey: inputs.datadog.apiKey,
            site: inputs.datadog.site,
            baseUrl: process.env.DATADOG_API_URL || undefined,
            sleep: systemClock.sleep,
          }),
    definitionsUrl:
      repository && ref
        ? `https://github.com/${repository}/blob/${ref}/actions/incident-label-metrics/README.md#definitions`
        : undefined,
  };
}

/**
 * The action as `npx @github/local-action . src/main.ts .env` runs it on a laptop (the entry
 * GitHub's actions/typescript-action exports); src/index.ts runs the same for the bundle.
 */
export function run(): Promise<void> {
  return runAction(main, { secretInputs: secretInputsOf(INPUTS) });
}
