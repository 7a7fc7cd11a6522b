import type { RegisterTaskDefinitionCommandInput, TaskDefinition } from "@aws-sdk/client-ecs";

/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition does not accept. */
export const DESCRIBE_ONLY_FIELDS = [
  "taskDefinitionArn",
  "revision",
  "status",
  "requiresAttributes",
  "compatibilities",
  "registeredAt",
  "registeredBy",
  "deregisteredAt",
] as const;

/** Top-level members of the RegisterTaskDefinition request (ECS API reference). */
export const REGISTER_FIELDS = [
  "family",
  "taskRoleArn",
  "executionRoleArn",
  "networkMode",
  "containerDefinitions",
  "volumes",
  "placementConstraints",
  "requiresCompatibilities",
  "cpu",
  "memory",
  "tags",
  "pidMode",
  "ipcMode",
  "proxyConfiguration",
  "inferenceAccelerators",
  "ephemeralStorage",
  "runtimePlatform",
  "enableFaultInjection",
] as const satisfies readonly (keyof RegisterTaskDefinitionCommandInput)[];

export type RegisterInput = RegisterTaskDefinitionCommandInput;

/**
 * Turns a described (or file) task definition into a register request: describe-only fields are
 * dropped, and any other key not in the API is returned as a problem (a typo would otherwise be
 * silently ignored by the SDK).
 */
export function toRegisterInput(definition: Record<string, unknown>): { input: RegisterInput; unknownKeys: string[] } {
  const input: Record<string, unknown> = {};
  const unknownKeys: string[] = [];
  for (const [key, value] of Object.entries(definition)) {
    if ((DESCRIBE_ONLY_FIELDS as readonly string[]).includes(key)) continue;
    if (!(REGISTER_FIELDS as readonly string[]).includes(key)) {
      unknownKeys.push(key);
      continue;
    }
    if (value === null || value === undefined) continue;
    input[key] = value;
  }
  return { input: input as unknown as RegisterInput, unknownKeys };
}

/** The tag that marks which run registered a revision (exactly-once.ts reads it back after a lost answer). */
export const RUN_MARKER_TAG = "sre-actions:run";

/**
 * A described task definition as a register request (describe responses never carry unknown keys).
 * The run marker is left out: it differs per run and must not make two revisions look different.
 */
export function registerInputOf(definition: TaskDefinition, tags?: RegisterInput["tags"]): RegisterInput {
  const { input } = toRegisterInput(definition as Record<string, unknown>);
  const kept = (tags ?? []).filter((tag) => tag.key !== RUN_MARKER_TAG);
  return kept.length > 0 ? { ...input, tags: kept } : input;
}
