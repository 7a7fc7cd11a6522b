import * as github from "@actions/github";
import { ActionError, actionsLogger, maskValue, setOutputs, systemClock, writeJobSummary } from "@sre-actions/core";
import { createEcsClient, createLogsClient, resolveRegion } from "@sre-actions/core/aws";
import { createOctokit } from "@sre-actions/core/github";
import { type DeployResult, deploy } from "./deploy.js";
import { githubDeploymentTracker } from "./github-deployment.js";
import { type OutputName, parseInputs } from "./inputs.js";
import { looksSecret } from "./render.js";
import { renderSummary } from "./summary.js";

export async function main(): Promise<void> {
  const inputs = parseInputs();
  // Secret-looking environment values are shown as *** in the summary; mask them in the log too.
  for (const change of inputs.environment) if (looksSecret(change.name)) maskValue(change.value);
  const region = resolveRegion(inputs.region);
  const log = actionsLogger;
  const tracker =
    inputs.githubEnvironment !== undefined && inputs.githubToken !== undefined && !inputs.dryRun
      ? githubDeploymentTracker(createOctokit({ token: inputs.githubToken, log }), runOf(github.context), log)
      : undefined;

  const result = await deploy(inputs, {
    ecs: createEcsClient({ region }),
    logs: createLogsClient({ region }),
    clock: systemClock,
    log,
    region,
    tracker,
  });

  setOutputs(outputsOf(result));
  await writeJobSummary(renderSummary(result));
  if (result.status !== "succeeded" && result.status !== "dry-run") {
    throw new ActionError(`Deployment ${result.status}: ${result.reason ?? "see the log"}`, {
      hint:
        result.status === "rolled-back"
          ? "The service runs the previous revision again; the job summary says why tasks stopped."
          : "The job summary lists the service events and why tasks stopped.",
    });
  }
}

export function outputsOf(result: DeployResult): Record<OutputName, unknown> {
  const first = result.services[0];
  return {
    "task-definition-arn": first?.taskDefinitionArn,
    "task-definition-arns": Object.fromEntries(
      result.services.map((service) => [service.service, service.taskDefinitionArn]),
    ),
    "previous-task-definition-arn": first?.previousTaskDefinitionArn,
    "deployment-id": first?.deploymentId,
    status: result.status,
    reason: result.reason,
    "run-task-arn": result.runTask?.taskArn,
    "run-task-exit-code": result.runTask?.exitCode,
    "duration-seconds": Math.round(result.durationMs / 1000),
    "console-url": first?.consoleUrl,
  };
}

function runOf(context: typeof github.context) {
  const server = context.serverUrl;
  const { owner, repo } = context.repo;
  return {
    owner,
    repo,
    ref: context.ref,
    sha: context.sha,
    runUrl: `${server}/${owner}/${repo}/actions/runs/${context.runId}`,
  };
}
