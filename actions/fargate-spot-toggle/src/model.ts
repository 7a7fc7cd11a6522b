import type { Placement, SavedState, ScalingTarget, StrategyItem } from "@sre-actions/core/ecs-sleep";

export { TAG_SAVED } from "@sre-actions/core/ecs-sleep";
export type { Placement, SavedState, ScalingTarget, StrategyItem };

/** Everything the plan needs to know about one service, read before any change. */
export interface ServiceInfo {
  cluster: string;
  name: string;
  arn: string;
  /** Pre-2018 `service/<name>` ARN: ECS refuses to tag it. */
  shortArn: boolean;
  desired: number;
  running: number;
  placement: Placement;
  controller: string;
  /** Whether tasks run on Fargate (launch type or FARGATE* providers). */
  fargate: boolean;
  tags: Map<string, string>;
  saved: SavedState | undefined;
  /** Set when the saved-state tag exists but cannot be read. */
  savedProblem: string | undefined;
  target: ScalingTarget | undefined;
  taskDefinition: string;
  vcpu: number;
  memoryGb: number;
  cpuArchitecture: string;
  osFamily: string;
}

export type Mode = "spot" | "on-demand" | "stop" | "start" | "schedule" | "status";
export const MODES: readonly Mode[] = ["spot", "on-demand", "stop", "start", "schedule", "status"];

/** What the plan does to one service. */
export type Change =
  | { kind: "stop" }
  | { kind: "start"; saved: SavedState }
  | { kind: "strategy"; items: StrategyItem[] }
  | { kind: "none" }
  | { kind: "skip" };

export interface PlanEntry {
  service: ServiceInfo;
  change: Change;
  from: string;
  to: string;
  reason: string;
  /** Estimated monthly saving in USD (negative: a cost). */
  monthlySaving: number;
}

export const TAG_KEEP_RUNNING_UNTIL = "sre-actions:keep-running-until";
export const TAG_SCHEDULE = "sre-actions:schedule";
