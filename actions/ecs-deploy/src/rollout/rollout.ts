import type { Service } from "@aws-sdk/client-ecs";
import type { Clock, Logger } from "@sre-actions/core";
import type { Pause, Trace, Verdict } from "../model.js";
import type { WaitUntil } from "../plan/strategy.js";
import type { StrategyPlan } from "../plan/strategy-plan.js";
import type { CloudWatchPort, CodeDeployPort, EcsPort } from "../ports.js";

/**
 * How one service goes to a new revision, chosen once from its deployment controller and strategy
 * (like ecspresso's DeployFunc / WaitFunc / RollbackFunc): ECS service deployments (ROLLING,
 * BLUE_GREEN, LINEAR, CANARY, pause hooks), the `deployments[]` fallback where that API is missing,
 * and CodeDeploy. Each verb returns (or leads to) one `Verdict`; the pipeline only sequences them.
 */
export interface Rollout {
  readonly kind: "service-deployment" | "deployments" | "codedeploy";
  /** The deployment's id as users see it (ECS's `ecs-svc/…`, CodeDeploy's `d-…`), once started. */
  readonly deploymentId: string | undefined;
  /** ECS's service deployment being followed (service-deployment kind). */
  readonly serviceDeploymentArn: string | undefined;
  /** The `startedBy` of the new revision's tasks: how their stopped tasks are found for the diagnosis. */
  readonly taskStartedBy: string | undefined;
  /** Sends the new revision (UpdateService, or a CodeDeploy deployment). */
  start(taskDefinitionArn: string): Promise<void>;
  /** Follows what `start` (or `resume`) began until a verdict or the deadline. */
  follow(deadline: number): Promise<Verdict>;
  /** Puts the service back on the previous revision; `succeeded` means it runs it again. */
  rollBack(deadline: number): Promise<RollbackVerdict>;
  /**
   * mode continue / rollback (service-deployment kind only): takes over the deployment in progress
   * and, when it waits at a PAUSE hook, calls ContinueServiceDeployment with the action.
   */
  resume?(
    target: { serviceDeploymentArn: string; pause: Pause | undefined },
    action: "CONTINUE" | "ROLLBACK",
  ): Promise<void>;
}

export type RollbackVerdict = Verdict & { deploymentId: string | undefined };

export interface RolloutDeps {
  ecs: EcsPort;
  clock: Clock;
  log: Logger;
  cloudWatch?: CloudWatchPort | undefined;
  codeDeploy?: CodeDeployPort | undefined;
  /** Aborted when the job is cancelled: every wait ends with a `cancelled` verdict. */
  signal?: AbortSignal | undefined;
  /** Names this run in a CodeDeploy deployment's description (how a lost answer is found again). */
  runUrl: string;
}

/** Everything a roll-out of one service needs, narrowed from the inputs and the plan. */
export interface RolloutContext {
  cluster: string;
  /** The service as the plan described it. */
  service: Service;
  name: string;
  previousTaskDefinitionArn: string;
  strategy: StrategyPlan;
  waitUntil: WaitUntil;
  /** The `alarms` input: alarms watched on top of what ECS or CodeDeploy watch. */
  alarms: readonly string[];
  pollIntervalMs: number;
  /** How long a roll-back (ours, or one ECS or CodeDeploy started) is followed: see `rollbackDeadline`. */
  rollbackBudgetMs: number;
  /** UpdateService extras for the new revision (not for a roll-back). */
  update: { desiredCount?: number | undefined; forceNewDeployment: boolean };
  /** Where the roll-out records the service's events and the stages it passes. */
  trace: Trace;
  deps: RolloutDeps;
}

/**
 * The one roll-back deadline policy: a roll-back — ours, or one ECS or CodeDeploy started by
 * itself — is followed for up to the `timeout` input again, counted from the moment it starts.
 */
export function rollbackDeadline(context: Pick<RolloutContext, "rollbackBudgetMs">, now: number): number {
  return now + context.rollbackBudgetMs;
}

/** The verdict when the job is cancelled mid-wait: nothing more is changed; what runs is reported. */
export function cancelled(what: string): Verdict {
  return {
    outcome: "failed",
    reason: `the job was cancelled while ${what}; the deployment goes on in ECS without being watched`,
    reasonCode: "cancelled",
    details: { open: true },
  };
}
