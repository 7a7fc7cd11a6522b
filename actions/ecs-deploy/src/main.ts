import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import {
  ActionError,
  actionsLogger,
  type Execution,
  maskValue,
  publish,
  type RunContext,
  runAction,
  secretInputsOf,
  systemClock,
} from "@sre-actions/core";
import {
  createAutoScalingClient,
  createAwsClient,
  createEcrClient,
  createEcsClient,
  createEventBridgeClient,
  createLogsClient,
  createSchedulerClient,
  resolveRegion,
} from "@sre-actions/core/aws";
import { createDatadogClient } from "@sre-actions/core/datadog";
import { sleepPorts } from "@sre-actions/core/ecs-sleep";
import { createOctokit, currentRunContext } from "@sre-actions/core/github";
import { type DeployDeps, type DeployResult, deploy } from "./deploy.js";
import { octokitDeployments } from "./github-deployment.js";
import { type DeployInputs, INPUTS, type OutputName, parseInputs } from "./inputs.js";
import { outputsOf } from "./outputs.js";
import { cloudWatchPort, codeDeployPort, ecrPort, ecsPort, eventsPort, logsPort, schedulerPort } from "./ports.js";
import { looksSecret } from "./render.js";
import { renderSummary } from "./summary.js";

/** The whole run: deploy, then what the step publishes (outputs, summary, and the failure to fail with). */
export async function execute(inputs: DeployInputs, deps: DeployDeps): Promise<Execution<DeployResult, OutputName>> {
  // Secret-looking environment values are shown as *** in the summary; mask them in the log too.
  for (const change of inputs.environment) if (looksSecret(change.name)) deps.mask(change.value);
  const result = await deploy(inputs, deps);
  return {
    result,
    outputs: outputsOf(result),
    summary: renderSummary(result, { showValues: inputs.showValues }),
    failure: failureOf(result),
  };
}

function failureOf(result: DeployResult): ActionError | undefined {
  const stuck = result.scheduled.filter((target) => target.status === "failed");
  if (result.status === "succeeded" && stuck.length > 0) {
    return new ActionError(
      `The services were deployed, but ${stuck.map((target) => `${target.kind} ${target.name} (${target.note})`).join("; ")}`,
      {
        hint: "The deploy role needs scheduler:UpdateSchedule / events:PutTargets and iam:PassRole on the targets' roles; re-run to retry.",
      },
    );
  }
  if (result.status === "succeeded" || result.status === "dry-run") return undefined;
  return new ActionError(`Deployment ${result.status}: ${result.reason ?? "see the log"}`, {
    hint:
      result.status === "rolled-back"
        ? "The service runs the previous revision again; the job summary says why tasks stopped."
        : "The job summary lists the service events and why tasks stopped.",
  });
}

export async function main(): Promise<void> {
  const inputs = parseInputs();
  await publish(await execute(inputs, productionDeps(inputs)));
}

/** The composition root: real clients, the runner's clock, log, masking and GitHub context. */
export function productionDeps(inputs: DeployInputs, context: RunContext = currentRunContext()): DeployDeps {
  const region = resolveRegion(inputs.region);
  const log = actionsLogger;
  const github =
    inputs.githubEnvironment !== undefined && inputs.githubToken !== undefined
      ? octokitDeployments(createOctokit({ token: inputs.githubToken, log }), context)
      : undefined;
  const ecs = createEcsClient({ region });
  return {
    // RegisterTaskDefinition and RunTask go through a client without SDK retries (exactly-once.ts reads back instead).
    ecs: ecsPort(ecs, createEcsClient({ region, overrides: { maxAttempts: 1 } })),
    // if-stopped start: the restore fargate-spot-toggle's start uses (core's ecs-sleep).
    sleep: sleepPorts(ecs, createAutoScalingClient({ region })),
    logs: logsPort(createLogsClient({ region })),
    clock: systemClock,
    log,
    region,
    context,
    github,
    mask: maskValue,
    // CreateDeployment goes through a client without SDK retries (codedeploy.ts reads back instead).
    codeDeploy: codeDeployPort(
      createAwsClient(CodeDeployClient, { region }),
      createAwsClient(CodeDeployClient, { region, overrides: { maxAttempts: 1 } }),
    ),
    ...(inputs.strategy.alarms.length > 0
      ? { cloudWatch: cloudWatchPort(createAwsClient(CloudWatchClient, { region })) }
      : {}),
    ecr: ecrPort(createEcrClient({ region })),
    ...(inputs.scheduledTasks.length > 0
      ? {
          scheduler: schedulerPort(createSchedulerClient({ region })),
          events: eventsPort(createEventBridgeClient({ region })),
        }
      : {}),
    datadog:
      inputs.datadog.apiKey === undefined
        ? undefined
        : createDatadogClient({
            apiKey: inputs.datadog.apiKey,
            appKey: inputs.datadog.appKey,
            site: inputs.datadog.site,
            baseUrl: process.env.DATADOG_API_URL || undefined,
            sleep: systemClock.sleep,
          }),
  };
}

/**
 * The action as `npx @github/local-action . src/main.ts .env` runs it on a laptop (the entry
 * GitHub's actions/typescript-action exports); src/index.ts runs the same for the bundle.
 */
export function run(): Promise<void> {
  return runAction(main, { secretInputs: secretInputsOf(INPUTS) });
}
