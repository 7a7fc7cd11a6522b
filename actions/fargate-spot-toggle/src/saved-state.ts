import type { Placement, SavedState, ScalingTarget } from "./model.js";

/**
 * The saved state as a tag value. Tag values allow only letters, digits, spaces and
 * `+ - = . _ : / @` (at most 256), so no JSON: space-separated `key=value` fields.
 *
 *   v1 desired=3 min=1 max=6 suspend=- cp=FARGATE:1:0/FARGATE_SPOT:4:0 at=20261125T1900Z
 *   v1 desired=2 min=- max=- suspend=- lt=FARGATE at=20261125T1900Z
 *
 * `suspend` lists the suspended dynamic scaling directions: i (in), o (out), s (scheduled).
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
  return { state: { desired, target, placement, savedAt } };
}

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
  const strategy = fields.get("cp");
  if (strategy === undefined || strategy === "") return undefined;
  const items = [];
  for (const part of strategy.split("/")) {
    const match = /^([A-Za-z0-9_-]+):(\d+):(\d+)$/.exec(part);
    if (match === null) return undefined;
    items.push({ provider: match[1] ?? "", weight: Number(match[2]), base: Number(match[3]) });
  }
  return { kind: "strategy", items };
}

function count(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/** `20261125T1900Z`: minute precision, only allowed characters. */
function compactTime(date: Date): string {
  return date.toISOString().slice(0, 16).replace(/[-:]/g, "").concat("Z");
}

function parseCompactTime(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z$/.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi] = match;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
