import { createHash } from "node:crypto";
import type { ContainerDefinition } from "@aws-sdk/client-ecs";
import { looksSecret } from "./render.js";
import type { RegisterInput } from "./taskdef.js";

/** One field that differs between the running task definition and the one to deploy. */
export interface FieldChange {
  /** `task` for task-level fields, otherwise the container name. */
  scope: string;
  /** `image`, `env RAILS_ENV`, `secret DB_PASSWORD`, `label com.datadoghq.tags.version`, `cpu`, … */
  field: string;
  from: string | undefined;
  to: string | undefined;
  /** Environment values: shown only with show-values (otherwise a fingerprint). */
  value: boolean;
}

/**
 * The structured diff of a whole task definition: task-level fields, containers added or removed,
 * and per container every field (environment, secrets by reference and labels key by key).
 * Key order, empty lists and the order of environment variables do not count as changes.
 */
export function diffDefinitions(from: RegisterInput, to: RegisterInput): FieldChange[] {
  const changes: FieldChange[] = [];
  const push = (scope: string, field: string, a: unknown, b: unknown, value = false) => {
    const left = text(a);
    const right = text(b);
    if (left !== right) changes.push({ scope, field, from: left, to: right, value });
  };
  const taskKeys = new Set([...Object.keys(from), ...Object.keys(to)]);
  taskKeys.delete("containerDefinitions");
  for (const key of [...taskKeys].sort(taskOrder)) push("task", key, field(from, key), field(to, key));

  const before = new Map((from.containerDefinitions ?? []).map((container) => [container.name ?? "", container]));
  const after = new Map((to.containerDefinitions ?? []).map((container) => [container.name ?? "", container]));
  for (const [name, container] of after) {
    const old = before.get(name);
    if (old === undefined) push(name, "container", undefined, `added (${container.image ?? "no image"})`);
    else changes.push(...diffContainer(name, old, container));
  }
  for (const [name, container] of before) {
    if (!after.has(name)) push(name, "container", `${container.image ?? "no image"}`, "removed");
  }
  return changes;
}

const CONTAINER_FIRST = ["image", "command", "entryPoint", "cpu", "memory", "memoryReservation", "essential"];
const PAIRS = ["environment", "secrets", "dockerLabels"];

function diffContainer(name: string, before: ContainerDefinition, after: ContainerDefinition): FieldChange[] {
  const changes: FieldChange[] = [];
  const push = (field: string, x: unknown, y: unknown, value = false) => {
    const left = text(x);
    const right = text(y);
    if (left !== right) changes.push({ scope: name, field, from: left, to: right, value });
  };
  // ECS describes a container without a CPU reservation as cpu 0: the same as none.
  const cpu = (container: ContainerDefinition) => (container.cpu === 0 ? undefined : container.cpu);
  const a = { ...before, cpu: cpu(before) };
  const b = { ...after, cpu: cpu(after) };
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of CONTAINER_FIRST) if (keys.has(key)) push(key, field(a, key), field(b, key));
  const env = (container: ContainerDefinition) =>
    new Map((container.environment ?? []).map((pair) => [pair.name ?? "", pair.value]));
  const secrets = (container: ContainerDefinition) =>
    new Map((container.secrets ?? []).map((secret) => [secret.name ?? "", secret.valueFrom]));
  const labels = (container: ContainerDefinition) => new Map(Object.entries(container.dockerLabels ?? {}));
  pairs("env", env(a), env(b), (f, x, y) => push(f, x, y, true));
  pairs("secret", secrets(a), secrets(b), (f, x, y) => push(f, x, y));
  pairs("label", labels(a), labels(b), (f, x, y) => push(f, x, y));
  for (const key of [...keys].sort()) {
    if (key === "name" || CONTAINER_FIRST.includes(key) || PAIRS.includes(key)) continue;
    push(key, field(a, key), field(b, key));
  }
  return changes;
}

function pairs(
  kind: string,
  a: Map<string, string | undefined>,
  b: Map<string, string | undefined>,
  push: (field: string, from: string | undefined, to: string | undefined) => void,
): void {
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) push(`${kind} ${key}`, a.get(key), b.get(key));
}

// The fields people look for first, then the rest alphabetically.
const TASK_FIRST = ["cpu", "memory", "taskRoleArn", "executionRoleArn", "networkMode"];
function taskOrder(x: string, y: string): number {
  const rank = (key: string) => (TASK_FIRST.includes(key) ? TASK_FIRST.indexOf(key) : TASK_FIRST.length);
  return rank(x) - rank(y) || x.localeCompare(y);
}

function field(object: object, key: string): unknown {
  return (object as Record<string, unknown>)[key];
}

/** A value as one comparable line: strings as they are, structures as canonical JSON; empty is unset. */
function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  if (typeof value === "object" && Object.keys(value).length === 0) return undefined;
  if (typeof value === "string") return value;
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([key, item]) => [key, sorted(item)]),
    );
  }
  return value;
}

/** A short, stable stand-in for a value that is not shown: the first 6 hex digits of its SHA-256. */
export function fingerprint(value: string): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 6);
}

/** How a change reads in the plan and summary: environment values hidden unless `showValues`, secret-looking ones always. */
export function describeChange(change: FieldChange, showValues: boolean): { from: string; to: string } {
  const { from, to } = change;
  // Secret-looking names get no fingerprint either: a short hash of a weak password can be guessed.
  if (change.value && looksSecret(change.field.replace(/^env /, ""))) {
    return {
      from: from === undefined ? "(unset)" : "***",
      to: to === undefined ? "(unset)" : `*** (${from === undefined ? "set" : "changed"})`,
    };
  }
  if (!change.value || showValues) return { from: from ?? "(unset)", to: to ?? "(unset)" };
  return {
    from: from === undefined ? "(unset)" : `· ${fingerprint(from)}`,
    to: to === undefined ? "(unset)" : `${from === undefined ? "set" : "changed"} · ${fingerprint(to)}`,
  };
}
