import { tmpdir } from "node:os";
import {
  ActionError,
  actionsLogger,
  type Clock,
  type Execution,
  explainGitHubError,
  type Logger,
  type RunContext,
  systemClock,
} from "@sre-actions/core";
import { createDatadogClient } from "@sre-actions/core/datadog";
import { createOctokit, currentRunContext } from "@sre-actions/core/github";
import { OctokitGitHub } from "./github.js";
import type { IncidentLabelMetricsInputs, OutputName } from "./inputs.js";
import { outputsOf } from "./outputs.js";
import { permissionsFor } from "./permissions.js";
import { type IncidentLabelMetricsDeps, type IncidentLabelMetricsResult, report } from "./report.js";
import { renderFailureSummary, renderSummary } from "./summary.js";

export type { IncidentLabelMetricsDeps } from "./report.js";

/**
 * The whole action: the report (or incident comment), its outputs and its job summary. A failure
 * the user can act on comes back as `failure`, so the outputs and the summary are still written.
 */
export async function execute(
  inputs: IncidentLabelMetricsInputs,
  deps: IncidentLabelMetricsDeps,
): Promise<Execution<IncidentLabelMetricsResult, OutputName>> {
  let result: IncidentLabelMetricsResult;
  try {
    result = await report(inputs, deps);
  } catch (error) {
    // A 401/403/404 names github-token and the permissions this mode needs.
    const failure = explainGitHubError(error, { permissions: permissionsFor(inputs) }) ?? error;
    if (!(failure instanceof ActionError)) throw failure;
    const failed: IncidentLabelMetricsResult = {
      mode: inputs.mode ?? "report",
      skipped: undefined,
      report: undefined,
      files: undefined,
      incident: undefined,
      usage: deps.github.usage,
    };
    return { result: failed, outputs: outputsOf(failed), summary: renderFailureSummary(failure, failed), failure };
  }
  const summary =
    result.report === undefined || result.files === undefined
      ? `incident-label-metrics: ${result.skipped ?? "nothing to report"}\n`
      : renderSummary(result.report, {
          definitionsUrl: deps.definitionsUrl,
          files: result.files,
          datadog: result.datadog,
        });
  return { result, outputs: outputsOf(result), summary };
}

/** What a test (or the demo) may replace in the composition root; everything else is built as in production. */
export interface ProductionOverrides {
  clock?: Clock;
  log?: Logger;
  context?: RunContext;
}

/**
 * The composition root, the only wiring: real clients from the inputs and the environment
 * (`GITHUB_API_URL`, `DATADOG_API_URL`, `RUNNER_TEMP`, `GITHUB_ACTION_REPOSITORY`/`_REF`). Tests call
 * it with the fakes' endpoints in `env` and their clock, a memory logger and a run context as overrides.
 */
export function productionDeps(
  inputs: IncidentLabelMetricsInputs,
  env: Readonly<Record<string, string | undefined>> = process.env,
  overrides: ProductionOverrides = {},
): IncidentLabelMetricsDeps {
  const log = overrides.log ?? actionsLogger;
  const clock = overrides.clock ?? systemClock;
  const { GITHUB_ACTION_REPOSITORY: repository, GITHUB_ACTION_REF: ref, RUNNER_TEMP } = env;
  const { apiKey, appKey, site } = inputs.datadog;
  return {
    github: new OctokitGitHub(
      createOctokit({ token: inputs.githubToken, log, baseUrl: env["GITHUB_API_URL"] || undefined }),
    ),
    clock,
    log,
    context: overrides.context ?? currentRunContext(),
    tempDir: RUNNER_TEMP || tmpdir(),
    // Built only when a key is set; DATADOG_API_URL is read (and held to loopback) by core's factory.
    datadog:
      apiKey === undefined
        ? undefined
        : createDatadogClient({ apiKey, appKey, site, sleep: (ms) => clock.sleep(ms), env }),
    definitionsUrl:
      repository && ref
        ? `https://github.com/${repository}/blob/${ref}/actions/incident-label-metrics/README.md#definitions`
        : undefined,
  };
}
