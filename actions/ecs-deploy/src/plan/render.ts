import type { ContainerDefinition, KeyValuePair, Secret } from "@aws-sdk/client-ecs";
import { ActionError } from "@sre-actions/core";
import type { ContainerEntry } from "../inputs/container-map.js";
import type { EnvironmentChange } from "../inputs.js";
import { repositoryOf } from "./image.js";
import type { RegisterInput } from "./taskdef.js";

export interface RenderRequest {
  image: string | undefined;
  images: ReadonlyMap<string, string>;
  environment: readonly EnvironmentChange[];
  /** `NAME=valueFrom`: set as `secrets`; a plain environment variable of the same name is removed. */
  secrets?: readonly ContainerEntry[];
  dockerLabels?: readonly ContainerEntry[];
  /** Command override for the replaced containers. */
  command?: readonly string[] | undefined;
  cpu?: string | undefined;
  memory?: string | undefined;
  /** Role ARNs (names are resolved to ARNs before rendering). */
  taskRoleArn?: string | undefined;
  executionRoleArn?: string | undefined;
}

export interface EnvVarChange {
  name: string;
  from: string | undefined;
  to: string;
}

export interface ContainerChange {
  container: string;
  fromImage: string | undefined;
  toImage: string | undefined;
  env: EnvVarChange[];
}

export interface Rendered {
  definition: RegisterInput;
  /** Containers whose image or environment changed, in definition order. */
  changes: ContainerChange[];
  /** Containers whose image was replaced (the default target of run-task and KEY=value lines). */
  replaced: string[];
}

/**
 * Applies images and environment variables to a task definition. Pure: the same base and request
 * always give the same result, and the base is never mutated. Containers are matched by image
 * repository (`image`) or by name (`images`); anything that matches nothing is an error that
 * lists the containers, because a silent no-op deploy is the worst outcome.
 */
export function render(base: RegisterInput, request: RenderRequest, service: string): Rendered {
  const containers: ContainerDefinition[] = structuredClone(base.containerDefinitions ?? []);
  const listing = () =>
    containers.map((container) => `${container.name ?? "?"} (${container.image ?? "no image"})`).join(", ");
  const replaced = new Set<string>();
  const fromImages = new Map(containers.map((container) => [container.name ?? "", container.image]));

  if (request.image !== undefined) {
    const repository = repositoryOf(request.image);
    const matching = containers.filter((container) => container.image && repositoryOf(container.image) === repository);
    if (matching.length === 0) {
      throw new ActionError(
        `No container of service ${service} uses the repository of image ${request.image} (${repository}). Containers: ${listing()}`,
        { hint: "Use images: <container>=<image> to set a container's image explicitly." },
      );
    }
    for (const container of matching) {
      container.image = request.image;
      replaced.add(container.name ?? "");
    }
  }
  for (const [name, image] of request.images) {
    const container = containers.find((candidate) => candidate.name === name);
    if (container === undefined) continue; // checked across all services by the caller
    container.image = image;
    replaced.add(name);
  }

  // A line without a container applies to the containers whose image was replaced.
  const targetsOf = (name: string | undefined) =>
    name === undefined
      ? containers.filter((container) => replaced.has(container.name ?? ""))
      : containers.filter((container) => container.name === name);
  const envChanges = new Map<string, EnvVarChange[]>();
  for (const change of request.environment) {
    for (const container of targetsOf(change.container)) {
      const previous = setEnvironment(container, change.name, change.value);
      if (previous === change.value) continue;
      const list = envChanges.get(container.name ?? "") ?? [];
      list.push({ name: change.name, from: previous, to: change.value });
      envChanges.set(container.name ?? "", list);
    }
  }

  for (const secret of request.secrets ?? []) {
    for (const container of targetsOf(secret.container)) setSecret(container, secret.key, secret.value);
  }
  for (const label of request.dockerLabels ?? []) {
    for (const container of targetsOf(label.container)) {
      container.dockerLabels = { ...container.dockerLabels, [label.key]: label.value };
    }
  }
  if (request.command !== undefined) {
    for (const container of targetsOf(undefined)) container.command = [...request.command];
  }

  const changes: ContainerChange[] = [];
  for (const container of containers) {
    const name = container.name ?? "";
    const fromImage = fromImages.get(name);
    const imageChanged = fromImage !== container.image;
    const env = envChanges.get(name) ?? [];
    if (imageChanged || env.length > 0) {
      changes.push({ container: name, fromImage, toImage: imageChanged ? container.image : undefined, env });
    }
  }
  const task: RegisterInput = { ...structuredClone(base), containerDefinitions: containers };
  if (request.cpu !== undefined) task.cpu = request.cpu;
  if (request.memory !== undefined) task.memory = request.memory;
  if (request.taskRoleArn !== undefined) task.taskRoleArn = request.taskRoleArn;
  if (request.executionRoleArn !== undefined) task.executionRoleArn = request.executionRoleArn;
  return {
    definition: task,
    changes,
    replaced: containers.map((container) => container.name ?? "").filter((name) => replaced.has(name)),
  };
}

function setEnvironment(container: ContainerDefinition, name: string, value: string): string | undefined {
  const environment: KeyValuePair[] = container.environment ?? [];
  const existing = environment.find((pair) => pair.name === name);
  const previous = existing?.value;
  if (existing) existing.value = value;
  else environment.push({ name, value });
  container.environment = environment;
  return previous;
}

/** Sets a secret by reference; a plain variable of the same name goes, so the value never stays in clear. */
function setSecret(container: ContainerDefinition, name: string, valueFrom: string): void {
  const secrets: Secret[] = container.secrets ?? [];
  const existing = secrets.find((secret) => secret.name === name);
  if (existing) existing.valueFrom = valueFrom;
  else secrets.push({ name, valueFrom });
  container.secrets = secrets;
  if (container.environment?.some((pair) => pair.name === name)) {
    container.environment = container.environment.filter((pair) => pair.name !== name);
  }
}

/**
 * True when two register requests describe the same task definition: key order, empty lists and
 * the order of environment variables do not matter, as ECS itself does not keep them apart.
 */
export function sameDefinition(a: RegisterInput, b: RegisterInput): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item));
    if (key === "environment" || key === "secrets" || key === "tags") {
      return items.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    }
    return items;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined && item !== null && !(Array.isArray(item) && item.length === 0))
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([name, item]) => [name, canonical(item, name)]);
    return Object.fromEntries(entries);
  }
  return value;
}

/** Whether an environment variable's value should be hidden in logs and summaries: one rule for the pack, in core. */
export { looksSecret } from "@sre-actions/core";
