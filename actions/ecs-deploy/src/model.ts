import type { Service, TaskDefinition } from "@aws-sdk/client-ecs";
import type { Clock, Logger, RunContext, RunJournal } from "@sre-actions/core";
import type { DatadogPort } from "@sre-actions/core/datadog";
import type { RestorePorts } from "@sre-actions/core/ecs-sleep";
import type { BakeReport, WatchedMonitor } from "./after/bake.js";
import type { ScheduledTarget } from "./after/scheduled.js";
import type { Asleep, Woken } from "./before/wake.js";
import type { EcsDeployInputs } from "./inputs.js";
import type { FieldChange } from "./plan/diff.js";
import type { ImageFacts } from "./plan/preflight.js";
import type { ContainerChange, Rendered } from "./plan/render.js";
import type { Strategy } from "./plan/strategy.js";
import type { StrategyPlan } from "./plan/strategy-plan.js";
import type { CloudWatchPort, CodeDeployPort, EcrPort, EcsPort, EventsPort, LogsPort, SchedulerPort } from "./ports.js";
import type { DeploymentEvent } from "./report/datadog-events.js";
import type { GitHubDeploymentsPort } from "./report/github-deployment.js";
import type { ReleaseNotes, ReleaseNotesPort } from "./report/release-notes.js";

/**
 * The types every part of ecs-deploy shares: what a run needs (deps), what a roll-out decides
 * (a verdict) and what the run reports (results). Kept apart so no module imports the pipeline.
 */

export interface EcsDeployDeps {
  ecs: EcsPort;
  logs: LogsPort;
  clock: Clock;
  log: Logger;
  region: string;
  context: RunContext;
  /** Hides a value in every later log line (the runner's `::add-mask::`). */
  mask: (value: string) => void;
  /** Aborted when the job is cancelled: waits end, a one-off task this run started is stopped. */
  signal?: AbortSignal | undefined;
  /** What the run changed and has in flight: the summary of a cancelled run lists it. */
  journal?: RunJournal | undefined;
  /** GitHub deployments, when github-environment is set. */
  github?: GitHubDeploymentsPort | undefined;
  /** The pull requests since the environment's last successful deployment (github-environment). */
  releaseNotes?: ReleaseNotesPort | undefined;
  /** CodeDeploy, for CODE_DEPLOY services. */
  codeDeploy?: CodeDeployPort | undefined;
  /** CloudWatch, for the `alarms` input. */
  cloudWatch?: CloudWatchPort | undefined;
  /** Datadog, when datadog-api-key is set: deployment events, the monitor gate, FireLens logs. */
  datadog?: DatadogPort | undefined;
  /** ECR, to check before deploying that the images exist (checks are skipped without it). */
  ecr?: EcrPort | undefined;
  /** fargate-spot-toggle's restore (core's ecs-sleep), for if-stopped: start. */
  restore?: RestorePorts | undefined;
  /** EventBridge Scheduler and rules, for scheduled-tasks. */
  scheduler?: SchedulerPort | undefined;
  events?: EventsPort | undefined;
}

/** How a roll-out (or its roll-back) ended, as one of the roll-outs saw it. */
export type Outcome = "succeeded" | "paused" | "failed" | "rolled-back" | "timed-out";

/**
 * Why a service did not succeed, for machines (the `reason-code` output); the README lists them.
 * The cause is kept when a roll-back follows: `status` says whether the service went back.
 */
export const REASON_CODES = [
  "circuit-breaker",
  "alarm",
  "monitor",
  "tasks-failed",
  "hook",
  "timeout",
  "run-task-exit",
  "preflight",
  "rolled-back-by-ecs",
  "codedeploy",
  "stopped",
  "cancelled",
  "error",
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** A PAUSE lifecycle hook a service deployment waits at (`wait-until: paused`, `mode: continue`). */
export interface Pause {
  serviceDeploymentArn: string;
  hookId: string;
  stage: string;
  expiresAt: string | undefined;
  timeoutAction: string | undefined;
}

/** What a roll-out decided: one type for every kind of roll-out and for roll-backs. */
export interface Verdict {
  outcome: Outcome;
  /** Undefined when it succeeded. */
  reason: string | undefined;
  reasonCode: ReasonCode | undefined;
  /** The lifecycle stage reached (wait-until) or paused at. */
  stage?: string | undefined;
  details: {
    /** ECS or CodeDeploy already rolled back by itself, and how far it got. */
    rolledBackBy?: "ecs" | "codedeploy";
    rollbackState?: "succeeded" | "failed" | "in-progress";
    /** The service deployment or CodeDeploy deployment is still running (we stopped watching it). */
    open?: boolean;
    pause?: Pause | undefined;
  };
}

export type DeployStatus = "succeeded" | "paused" | "failed" | "rolled-back" | "timed-out" | "dry-run";

/** When each lifecycle stage (or CodeDeploy event) was first seen. */
export interface StageTime {
  stage: string;
  at: number;
}

/** What a roll-out records as it goes: the service's events and the stages it passed. */
export interface Trace {
  events: string[];
  stages: StageTime[];
  /** Service event ids already reported. */
  seen: Set<string>;
}

export interface ServiceResult {
  service: string;
  previousTaskDefinitionArn: string;
  taskDefinitionArn: string;
  registered: boolean;
  updated: boolean;
  deploymentId: string | undefined;
  status: DeployStatus;
  reason: string | undefined;
  reasonCode: ReasonCode | undefined;
  changes: ContainerChange[];
  /** The structured diff of the whole task definition (see plan/diff.ts). */
  diff: FieldChange[];
  events: string[];
  stoppedTasks: StoppedTaskReport[];
  rollback: { deploymentId: string | undefined; outcome: Outcome; reason: string | undefined } | undefined;
  consoleUrl: string;
  /** How the service deploys, each lifecycle stage (or CodeDeploy event) with when it began, and the bake. */
  strategy: Strategy;
  stages: StageTime[];
  bakeMs: number;
  /** The stage `wait-until` stopped at, when it stopped before the end. */
  stageReached: string | undefined;
  /** ECS's service deployment we followed; undefined on the deployments[] fallback and CodeDeploy. */
  serviceDeploymentArn: string | undefined;
  /** The PAUSE hook the deployment waits at (`wait-until: paused`). */
  paused: Pause | undefined;
}

export interface TimelineEntry {
  at: number;
  step: string;
  detail: string;
}

export interface DatadogReport {
  events: DeploymentEvent[];
  bake: BakeReport | undefined;
}

export interface OneOffResult {
  taskArn: string | undefined;
  exitCode: number | undefined;
  ok: boolean;
  reason: string | undefined;
  report: StoppedTaskReport | undefined;
  durationMs: number;
  /** The task was started by an earlier attempt of this workflow run and followed, not started again. */
  adopted?: boolean;
}

export interface EcsDeployResult {
  status: DeployStatus;
  reason: string | undefined;
  reasonCode: ReasonCode | undefined;
  services: ServiceResult[];
  runTask: OneOffResult | undefined;
  deregistered: string[];
  timeline: TimelineEntry[];
  durationMs: number;
  cluster: string;
  /** Deployment events and the bake, when Datadog is configured. */
  datadog: DatadogReport | undefined;
  /** scheduled-tasks: each schedule/rule target found, and whether it moved (or was skipped, and why). */
  scheduled: ScheduledTarget[];
  /** Services found asleep and what if-stopped did; those woken, and until when they are kept running. */
  asleep: Pick<Asleep, "service" | "why" | "action">[];
  woken: Woken[];
  /** promote-from: what the source service runs, by digest. */
  promoted: Promotion | undefined;
  /** Each new ECR image's tags and digest, as the plan found them. */
  images: Record<string, ImageFacts>;
  /** github-environment: the pull requests this deployment ships, since the environment's last successful one. */
  releaseNotes: ReleaseNotes | undefined;
  /** The GitHub deployment this run created or adopted (github-environment). */
  githubDeploymentId: number | undefined;
}

/** promote-from: the images a service runs, by digest, and where they were read. */
export interface Promotion {
  source: string;
  /** The task definition revision the source runs, e.g. `pre-prod-web:42`. */
  revision: string;
  /** Each promoted container of the source: its image by digest, and as its task definition names it. */
  images: { container: string; image: string; named: string }[];
  /** Source containers left alone (public images such as sidecars). */
  skipped: string[];
}

// ---- the plan

export interface ServicePlan {
  service: Service;
  name: string;
  current: TaskDefinition;
  rendered: Rendered;
  /** Whether a new revision must be registered (the rendered definition differs from the current one). */
  register: boolean;
  /** Whether UpdateService is needed at all (new revision, forced, or a new desired count). */
  update: boolean;
  changes: ContainerChange[];
  /** Every field of the task definition that changes (task level and per container). */
  diff: FieldChange[];
  /** task-definition-arn: the registered revision to deploy as it is. */
  existing: string | undefined;
}

export interface Plan {
  services: ServicePlan[];
  /** How each service deploys (same order as `services`). */
  strategies: StrategyPlan[];
  /** run-task: the container whose command is overridden. */
  runTaskContainer: string | undefined;
  /** Services found asleep (stopped by fargate-spot-toggle, or at 0) and what if-stopped does. */
  asleep: Asleep[];
  /** scheduled-tasks: the schedule and rule targets that run a deployed family. */
  scheduled: ScheduledTarget[];
  /** verify-monitors: the Datadog monitors the bake watches (they exist, the keys read them). */
  gate: WatchedMonitor[] | undefined;
  /** promote-from: what the source runs, by digest. */
  promoted: Promotion | undefined;
  /** Each new ECR image: its tags and digest as ECR reports them (the plan and summary show both). */
  images: Map<string, ImageFacts>;
}

/** What the plan reads of the inputs: everything that shapes the new revision and the pre-flight. */
export type PlanRequest = Pick<
  EcsDeployInputs,
  | "cluster"
  | "services"
  | "taskDefinitionFile"
  | "taskDefinitionArn"
  | "image"
  | "images"
  | "environment"
  | "secrets"
  | "dockerLabels"
  | "command"
  | "cpu"
  | "memory"
  | "taskRole"
  | "executionRole"
  | "ifStopped"
  | "desiredCount"
  | "forceNewDeployment"
  | "runTask"
  | "runTaskContainer"
  | "pollIntervalMs"
  | "promoteFrom"
  | "pinDigest"
>;

export interface StoppedTaskReport {
  taskId: string;
  stopCode: string | undefined;
  stoppedReason: string | undefined;
  containers: { name: string; exitCode: number | undefined; reason: string | undefined }[];
  /** The last log lines of the container that failed (CloudWatch for awslogs, Datadog for FireLens). */
  logs: { container: string; lines: string[] } | undefined;
}
