import type { RegisterScalableTargetCommandInput } from "@aws-sdk/client-application-auto-scaling";
import {
  type ApplicationAutoScalingClient,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import type { CapacityProviderStrategyItem, ECSClient, Service } from "@aws-sdk/client-ecs";
import { type EcsPort, ecsPort } from "./ecs.js";

/**
 * A stopped ("sleeping") ECS service: fargate-spot-toggle's `stop` saves what it changes in the
 * `sre-actions:saved` tag, and whoever wakes the service (the toggle's `start`, or ecs-deploy before
 * a deploy) restores it through `restoreService`, so there is one implementation of the restore.
 */
export const TAG_SAVED = "sre-actions:saved";

/** One capacity provider strategy item, with ECS's defaults (weight 0, base 0) filled in. */
export interface ProviderItem {
  provider: string;
  weight: number;
  base: number;
}

/** Where a service's tasks run: a launch type or capacity providers (ECS's "capacity provider strategy"). */
export type Placement = { kind: "launch-type"; launchType: string } | { kind: "providers"; items: ProviderItem[] };

/** An Application Auto Scaling target on the service's desired count. */
export interface ScalingTarget {
  min: number;
  max: number;
  suspended: { scaleIn: boolean; scaleOut: boolean; scheduled: boolean };
}

/** What `stop` saves in the service's tag and a wake restores. */
export interface SavedState {
  desired: number;
  target: ScalingTarget | undefined;
  placement: Placement;
  /** When it was saved (minute precision). */
  savedAt: Date;
  /**
   * Why it was stopped, when not by a schedule or by hand: `idle` (no traffic for idle-after), so a
   * schedule leaves it asleep until a deploy or a reservation wakes it. Written as `why=idle`.
   */
  reason?: "idle" | undefined;
}

// ---- the tag value ----

/**
 * Tag values allow only letters, digits, spaces and `+ - = . _ : / @` (at most 256), so no JSON:
 * space-separated `key=value` fields.
 *
 *   v1 desired=3 min=1 max=6 suspend=- cp=FARGATE:1:0/FARGATE_SPOT:4:0 at=20261125T1900Z
 *   v1 desired=2 min=- max=- suspend=- lt=FARGATE at=20261125T1900Z
 *   v1 desired=1 min=- max=- suspend=- lt=FARGATE at=20261125T0300Z why=idle
 *
 * `suspend` lists the suspended scaling directions: i (dynamic in), o (dynamic out), s (scheduled).
 */
const VERSION = "v1";
export const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

export function encodeSavedState(state: SavedState): string {
  const fields = [
    VERSION,
    `desired=${state.desired}`,
    `min=${state.target?.min ?? "-"}`,
    `max=${state.target?.max ?? "-"}`,
    `suspend=${suspendCode(state.target)}`,
    placementField(state.placement),
    `at=${compactTime(state.savedAt)}`,
    ...(state.reason === undefined ? [] : [`why=${state.reason}`]),
  ];
  return fields.join(" ");
}

/** The state, or a problem saying why the value is not one this action wrote. */
export function decodeSavedState(value: string): { state: SavedState } | { problem: string } {
  const [version, ...rest] = value.trim().split(/ +/);
  if (version !== VERSION) return { problem: `unknown format "${value.slice(0, 40)}"` };
  const fields = new Map<string, string>();
  for (const field of rest) {
    const eq = field.indexOf("=");
    if (eq <= 0) return { problem: `field "${field}" is not key=value` };
    fields.set(field.slice(0, eq), field.slice(eq + 1));
  }
  const desired = count(fields.get("desired"));
  if (desired === undefined) return { problem: "no desired count" };
  const min = fields.get("min");
  const max = fields.get("max");
  let target: ScalingTarget | undefined;
  if (min !== "-" || max !== "-") {
    const minCount = count(min);
    const maxCount = count(max);
    if (minCount === undefined || maxCount === undefined) return { problem: "min/max are not whole numbers" };
    const code = fields.get("suspend") ?? "-";
    if (!/^(-|[ios]{1,3})$/.test(code)) return { problem: `suspend "${code}" is not - or i/o/s` };
    target = {
      min: minCount,
      max: maxCount,
      suspended: { scaleIn: code.includes("i"), scaleOut: code.includes("o"), scheduled: code.includes("s") },
    };
  }
  const placement = parsePlacement(fields);
  if (placement === undefined) return { problem: "no capacity strategy or launch type" };
  const savedAt = parseCompactTime(fields.get("at") ?? "");
  if (savedAt === undefined) return { problem: "no saved-at time" };
  const why = fields.get("why");
  if (why !== undefined && why !== "idle") return { problem: `why "${why}" is not idle` };
  return { state: { desired, target, placement, savedAt, ...(why === "idle" ? { reason: why } : {}) } };
}

/** The saved state in a tag list: absent, readable, or unreadable with why. */
export type SavedTag =
  | { kind: "none" }
  | { kind: "saved"; state: SavedState }
  | { kind: "unreadable"; problem: string };

export function savedTagOf(tags: ReadonlyMap<string, string>): SavedTag {
  const value = tags.get(TAG_SAVED);
  if (value === undefined) return { kind: "none" };
  const decoded = decodeSavedState(value);
  return "state" in decoded
    ? { kind: "saved", state: decoded.state }
    : { kind: "unreadable", problem: `tag ${TAG_SAVED} is unreadable: ${decoded.problem}` };
}

// ---- placements ----

export function fromEcsProviders(items: CapacityProviderStrategyItem[]): ProviderItem[] {
  return items.map((item) => ({
    provider: item.capacityProvider ?? "",
    weight: item.weight ?? 0,
    base: item.base ?? 0,
  }));
}

export function toEcsProviders(items: ProviderItem[]): CapacityProviderStrategyItem[] {
  return items.map((item) => ({ capacityProvider: item.provider, weight: item.weight, base: item.base }));
}

/** A described service's placement: its capacity provider strategy, else its launch type. */
export function placementOf(service: Pick<Service, "capacityProviderStrategy" | "launchType">): Placement {
  return service.capacityProviderStrategy !== undefined && service.capacityProviderStrategy.length > 0
    ? { kind: "providers", items: fromEcsProviders(service.capacityProviderStrategy) }
    : { kind: "launch-type", launchType: service.launchType ?? "EC2" };
}

/** Same providers, weights and bases, whatever the order. */
export function sameProviders(placement: Placement, items: ProviderItem[]): boolean {
  if (placement.kind !== "providers") return false;
  const key = (list: ProviderItem[]) =>
    list
      .map((item) => `${item.provider}:${item.weight}:${item.base}`)
      .sort()
      .join(",");
  return key(placement.items) === key(items);
}

export function samePlacement(a: Placement, b: Placement): boolean {
  if (a.kind === "launch-type") return b.kind === "launch-type" && a.launchType === b.launchType;
  return sameProviders(b, a.items);
}

// ---- the restore ----

/** The two ECS calls a restore makes: a slice of core's one ECS port. */
export type RestoreEcsPort = Pick<EcsPort, "updateService" | "untagResource">;

/** The Application Auto Scaling call a restore (and a stop) makes. */
export interface RestoreScalingPort {
  registerScalableTarget(input: RegisterScalableTargetCommandInput): Promise<unknown>;
}

/** What restoring a stopped service calls (`restorePorts` builds them over real clients). */
export interface RestorePorts {
  ecs: RestoreEcsPort;
  scaling: RestoreScalingPort;
}

/** What a restore needs to know about the service now. */
export interface StoppedService {
  /** Cluster name (not ARN): Application Auto Scaling's resource id is `service/<cluster>/<service>`. */
  cluster: string;
  name: string;
  arn: string;
  placement: Placement;
  /** Deployment controller type; only ECS can change the capacity providers with a forced deployment. */
  controller: string;
}

export function scalableResourceId(cluster: string, service: string): string {
  return `service/${cluster}/${service}`;
}

/** RegisterScalableTarget setting min, max and all three suspended flags exactly. */
export function registerTargetInput(
  cluster: string,
  service: string,
  target: ScalingTarget,
): RegisterScalableTargetCommandInput {
  return {
    ServiceNamespace: "ecs",
    ScalableDimension: "ecs:service:DesiredCount",
    ResourceId: scalableResourceId(cluster, service),
    MinCapacity: target.min,
    MaxCapacity: target.max,
    SuspendedState: {
      DynamicScalingInSuspended: target.suspended.scaleIn,
      DynamicScalingOutSuspended: target.suspended.scaleOut,
      ScheduledScalingSuspended: target.suspended.scheduled,
    },
  };
}

/**
 * Restores a stopped service exactly: the scalable target (min, max, suspended dynamic and
 * scheduled scaling) first, so scaling cannot fight the restore; then the desired count (and the
 * saved capacity providers with a new deployment when they differ); then removes the tag, last, so a failure
 * midway leaves the state for a retry.
 */
export async function restoreService(ports: RestorePorts, service: StoppedService, saved: SavedState): Promise<void> {
  if (saved.target !== undefined) {
    await ports.scaling.registerScalableTarget(registerTargetInput(service.cluster, service.name, saved.target));
  }
  const providers =
    saved.placement.kind === "providers" &&
    !samePlacement(saved.placement, service.placement) &&
    service.controller === "ECS"
      ? saved.placement.items
      : undefined;
  await ports.ecs.updateService({
    cluster: service.cluster,
    service: service.name,
    desiredCount: saved.desired,
    ...(providers === undefined
      ? {}
      : { capacityProviderStrategy: toEcsProviders(providers), forceNewDeployment: true }),
  });
  await ports.ecs.untagResource({ resourceArn: service.arn, tagKeys: [TAG_SAVED] });
}

export type WakeResult =
  | { status: "woken"; saved: SavedState }
  | { status: "awake" }
  | { status: "unreadable"; problem: string };

/**
 * Wakes a service described with `include: ["TAGS"]` if it was stopped by fargate-spot-toggle:
 * restores its saved state (see `restoreService`). "awake" when it has no saved state.
 */
export async function wakeService(ports: RestorePorts, service: Service): Promise<WakeResult> {
  const tags = new Map((service.tags ?? []).map((tag) => [tag.key ?? "", tag.value ?? ""]));
  const saved = savedTagOf(tags);
  if (saved.kind === "none") return { status: "awake" };
  if (saved.kind === "unreadable") return { status: "unreadable", problem: saved.problem };
  await restoreService(
    ports,
    {
      cluster: service.clusterArn?.split("/").at(-1) ?? "",
      name: service.serviceName ?? "",
      arn: service.serviceArn ?? "",
      placement: placementOf(service),
      controller: service.deploymentController?.type ?? "ECS",
    },
    saved.state,
  );
  return { status: "woken", saved: saved.state };
}

/** The restore ports over real SDK clients (the ECS side is core's `ecsPort`). */
export function restorePorts(ecs: ECSClient | EcsPort, scaling: ApplicationAutoScalingClient): RestorePorts {
  return {
    ecs: "send" in ecs ? ecsPort(ecs) : ecs,
    scaling: { registerScalableTarget: (input) => scaling.send(new RegisterScalableTargetCommand(input)) },
  };
}

// ---- helpers ----

function suspendCode(target: ScalingTarget | undefined): string {
  if (target === undefined) return "-";
  const code = `${target.suspended.scaleIn ? "i" : ""}${target.suspended.scaleOut ? "o" : ""}${target.suspended.scheduled ? "s" : ""}`;
  return code === "" ? "-" : code;
}

function placementField(placement: Placement): string {
  if (placement.kind === "launch-type") return `lt=${placement.launchType}`;
  return `cp=${placement.items.map((item) => `${item.provider}:${item.weight}:${item.base}`).join("/")}`;
}

function parsePlacement(fields: Map<string, string>): Placement | undefined {
  const launchType = fields.get("lt");
  if (launchType !== undefined && /^[A-Z0-9_]+$/.test(launchType)) return { kind: "launch-type", launchType };
  const providers = fields.get("cp");
  if (providers === undefined || providers === "") return undefined;
  const items = [];
  for (const part of providers.split("/")) {
    const match = /^([A-Za-z0-9_-]+):(\d+):(\d+)$/.exec(part);
    if (match === null) return undefined;
    items.push({ provider: match[1] ?? "", weight: Number(match[2]), base: Number(match[3]) });
  }
  return { kind: "providers", items };
}

function count(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/** `20261125T1900Z`: minute precision, only allowed characters. */
export function compactTime(date: Date): string {
  return date.toISOString().slice(0, 16).replace(/[-:]/g, "").concat("Z");
}

export function parseCompactTime(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z$/.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi] = match;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
