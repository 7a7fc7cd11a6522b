import type { Placement, ProviderItem, SavedState, ScalingTarget } from "@sre-actions/core/ecs-sleep";

export { TAG_SAVED } from "@sre-actions/core/ecs-sleep";
export type { Placement, ProviderItem, SavedState, ScalingTarget };

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
  /** Recent service events, newest first (ECS keeps the last 100). */
  events: { at: number; message: string }[];
  /** Set when this action moved the service off Spot after capacity ran out (tag sre-actions:spot-fallback). */
  fallback: SpotFallback | undefined;
  /** Target groups the service registers with its load balancers (ARNs); empty when behind none. */
  targetGroups: string[];
  /** A Classic Load Balancer the service registers with (no per-service request metric). */
  classicLoadBalancers: string[];
  /** When its newest deployment started (DescribeServices `deployments[].createdAt`). */
  lastDeployAt: number | undefined;
  /** When ECS last started tasks for it (newest "has started N tasks" event): a wake, a deploy, a scale-out. */
  lastStartAt: number | undefined;
  /** The environment it belongs to (`environment-from`), when `environments` selects by environment. */
  environment: string | undefined;
  taskDefinition: string;
  vcpu: number;
  memoryGb: number;
  cpuArchitecture: string;
  osFamily: string;
}

export type Mode = "spot" | "on-demand" | "stop" | "start" | "schedule" | "idle" | "status";
export const MODES: readonly Mode[] = ["spot", "on-demand", "stop", "start", "schedule", "idle", "status"];

/** When and from which strategy a service fell back to on-demand. */
export interface SpotFallback {
  at: Date;
  from: ProviderItem[];
}

/** What the plan does to one service. */
export type Change =
  /** `idle`: the saved state remembers it slept for lack of traffic (a schedule leaves it asleep). */
  | { kind: "stop"; why?: "idle" }
  | { kind: "start"; saved: SavedState }
  | { kind: "switch"; items: ProviderItem[] }
  /** Spot capacity ran out: on-demand with a new deployment, and the fallback tag. */
  | { kind: "spot-fallback"; items: ProviderItem[]; from: ProviderItem[] }
  /** Back to Spot after spot-retry-after: the strategy, then the fallback tag removed. */
  | { kind: "spot-retry"; items: ProviderItem[] }
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
  /** Also said as a warning (e.g. a tag naming an unknown schedule). */
  warn?: boolean;
}

export const TAG_SPOT_FALLBACK = "sre-actions:spot-fallback";
/** On an Aurora cluster this action stopped: when (so a start by Aurora after 7 days is recognised). */
export const TAG_DB_STOPPED = "sre-actions:stopped-at";
export const TAG_KEEP_RUNNING_UNTIL = "sre-actions:keep-running-until";
export const TAG_SCHEDULE = "sre-actions:schedule";
/** The environment a service or DB cluster belongs to (`environment-from: tag`). */
export const TAG_ENVIRONMENT = "sre-actions:environment";
