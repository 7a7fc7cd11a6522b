import {
  actionsLogger,
  type Clock,
  type Logger,
  lazyPort,
  maskValue,
  type RunContext,
  type RunJournal,
  systemClock,
} from "@sre-actions/core";
import { type awsClientConfig, createAutoScalingClient, createAwsClient, createEcsClient } from "@sre-actions/core/aws";
import { createDatadogClient } from "@sre-actions/core/datadog";
import { ecsPort } from "@sre-actions/core/ecs";
import { restorePorts } from "@sre-actions/core/ecs-sleep";
import { createOctokit, currentRunContext, type OctokitOptions } from "@sre-actions/core/github";
import type { EcsDeployInputs } from "./inputs.js";
import type { EcsDeployDeps } from "./model.js";
import type { CloudWatchPort, CodeDeployPort, EcrPort, EventsPort, LogsPort, SchedulerPort } from "./ports.js";
import { octokitDeployments } from "./report/github-deployment.js";
import { octokitReleaseNotes } from "./report/release-notes-github.js";

/** What a caller may put in place of the runner's: the tests' fakes, clock and log. */
export interface Wiring {
  /** SDK settings every AWS client gets on top of core's (tests: the fake's endpoint, credentials, no-delay retry). */
  aws?: Record<string, unknown> | undefined;
  /** Octokit settings (tests: the GitHub fake's URL, no throttling waits); GITHUB_API_URL otherwise. */
  octokit?: Partial<OctokitOptions> | undefined;
  /** Datadog's API (tests: the Datadog fake); DATADOG_API_URL or the site otherwise. */
  datadogApiUrl?: string | undefined;
  clock?: Clock;
  log?: Logger;
  context?: RunContext;
  mask?: (value: string) => void;
  signal?: AbortSignal | undefined;
  /** What the run changed and has in flight, for the summary of a cancelled run (core's runAction). */
  journal?: RunJournal | undefined;
}

/** The non-idempotent writes (RegisterTaskDefinition, RunTask, CreateDeployment) go without SDK retries: they read back instead. */
const NO_RETRY = { maxAttempts: 1, retryStrategy: undefined };

/**
 * The composition root, the only one: production calls it with nothing, tests with the fakes'
 * endpoints, a clock and a logger. The SDKs a run may not need (CodeDeploy, CloudWatch, Scheduler,
 * EventBridge, ECR, Logs) are loaded on first use.
 */
export function productionDeps(inputs: EcsDeployInputs, wiring: Wiring = {}): EcsDeployDeps {
  const { region } = inputs;
  const log = wiring.log ?? actionsLogger;
  const clock = wiring.clock ?? systemClock;
  const context = wiring.context ?? currentRunContext();
  const options = (extra: Record<string, unknown> = {}) => ({ region, overrides: { ...wiring.aws, ...extra } });
  const aws = <C extends { middlewareStack: unknown }>(
    Client: new (config: ReturnType<typeof awsClientConfig>) => C,
    extra: Record<string, unknown> = {},
  ) => createAwsClient(Client, options(extra));
  const ecsClient = createEcsClient(options());
  return {
    // RegisterTaskDefinition and RunTask through a client without SDK retries (before/exactly-once.ts reads back instead).
    ecs: ecsPort(ecsClient, createEcsClient(options(NO_RETRY))),
    // if-stopped start: the restore fargate-spot-toggle's start uses (core's ecs-sleep).
    restore: restorePorts(ecsClient, createAutoScalingClient(options())),
    logs: lazyPort<LogsPort>(async () => {
      const { CloudWatchLogsClient, logsPort } = await import("./adapters/logs.js");
      return logsPort(aws(CloudWatchLogsClient));
    }),
    ecr: lazyPort<EcrPort>(async () => {
      const { ECRClient, ecrPort } = await import("./adapters/ecr.js");
      return ecrPort(aws(ECRClient));
    }),
    codeDeploy: lazyPort<CodeDeployPort>(async () => {
      const { CodeDeployClient, codeDeployPort } = await import("./adapters/codedeploy.js");
      return codeDeployPort(aws(CodeDeployClient), aws(CodeDeployClient, NO_RETRY));
    }),
    cloudWatch: lazyPort<CloudWatchPort>(async () => {
      const { CloudWatchClient, cloudWatchPort } = await import("./adapters/cloudwatch.js");
      return cloudWatchPort(aws(CloudWatchClient));
    }),
    scheduler: lazyPort<SchedulerPort>(async () => {
      const { SchedulerClient, schedulerPort } = await import("./adapters/scheduler.js");
      return schedulerPort(aws(SchedulerClient));
    }),
    events: lazyPort<EventsPort>(async () => {
      const { EventBridgeClient, eventsPort } = await import("./adapters/scheduler.js");
      return eventsPort(aws(EventBridgeClient));
    }),
    ...githubPorts(inputs, log, context, wiring),
    datadog:
      inputs.datadog.apiKey === undefined
        ? undefined
        : createDatadogClient({
            apiKey: inputs.datadog.apiKey,
            appKey: inputs.datadog.appKey,
            site: inputs.datadog.site,
            // DATADOG_API_URL is read (and held to loopback) by core's factory.
            ...(wiring.datadogApiUrl === undefined ? {} : { baseUrl: wiring.datadogApiUrl }),
            sleep: (ms) => clock.sleep(ms),
          }),
    clock,
    log,
    region,
    context,
    mask: wiring.mask ?? maskValue,
    signal: wiring.signal,
    journal: wiring.journal,
  };
}

/** GitHub deployments and release notes, with github-environment (and the token, github.token by default). */
function githubPorts(
  inputs: EcsDeployInputs,
  log: Logger,
  context: RunContext,
  wiring: Wiring,
): Partial<EcsDeployDeps> {
  if (inputs.githubEnvironment === undefined || inputs.githubToken === undefined) return {};
  const octokit = createOctokit({ token: inputs.githubToken, log, ...wiring.octokit });
  return { github: octokitDeployments(octokit, context), releaseNotes: octokitReleaseNotes(octokit, context) };
}
