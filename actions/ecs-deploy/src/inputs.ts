import { InputError, Inputs } from "@sre-actions/core";
import { parse as parseShell } from "shell-quote";
import { parseImage } from "./image.js";
import { type RegisterInput, toRegisterInput } from "./taskdef.js";

/** The public contract: input names, required flags and defaults exactly as in action.yml. */
export const INPUTS = {
  cluster: { required: true },
  service: { required: true },
  "task-definition": {},
  image: {},
  images: {},
  "environment-variables": {},
  "run-task": {},
  "run-task-container": {},
  wait: { default: "true" },
  timeout: { default: "30m" },
  "poll-interval": { default: "10s" },
  rollback: { default: "true" },
  "desired-count": {},
  "force-new-deployment": { default: "false" },
  "keep-revisions": {},
  "dry-run": { default: "false" },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as action.yml spells it
  "github-token": { default: "${{ github.token }}" },
  "github-environment": {},
  region: {},
} as const satisfies Record<string, { required?: boolean; default?: string }>;

export const OUTPUTS = [
  "task-definition-arn",
  "task-definition-arns",
  "previous-task-definition-arn",
  "deployment-id",
  "status",
  "reason",
  "run-task-arn",
  "run-task-exit-code",
  "duration-seconds",
  "console-url",
] as const;

export type OutputName = (typeof OUTPUTS)[number];

/** One environment variable change: for every replaced container, or for the named one. */
export interface EnvironmentChange {
  container: string | undefined;
  name: string;
  value: string;
}

export interface DeployInputs {
  cluster: string;
  services: string[];
  taskDefinitionFile: { path: string; definition: RegisterInput } | undefined;
  image: string | undefined;
  images: Map<string, string>;
  environment: EnvironmentChange[];
  runTask: string[] | undefined;
  runTaskContainer: string | undefined;
  wait: boolean;
  timeoutMs: number;
  pollIntervalMs: number;
  rollback: boolean;
  desiredCount: number | undefined;
  forceNewDeployment: boolean;
  keepRevisions: number | undefined;
  dryRun: boolean;
  githubToken: string | undefined;
  githubEnvironment: string | undefined;
  region: string | undefined;
}

const IMAGE_EXAMPLE = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1f2e3d4";
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/;
// ECS service names: letters, digits, hyphens, underscores, 1–255 (ARNs accepted too).
const SERVICE_NAME = /^(?:arn:aws[\w-]*:ecs:[\w-]+:\d{12}:service\/[\w-]+\/)?[A-Za-z0-9_-]{1,255}$/;
const CLUSTER_NAME = /^(?:arn:aws[\w-]*:ecs:[\w-]+:\d{12}:cluster\/)?[A-Za-z0-9_-]{1,255}$/;

/** Reads and validates every input; throws an InputError before anything touches AWS. */
export function parseInputs(inputs = new Inputs()): DeployInputs {
  const cluster = inputs.required("cluster", "qa");
  if (!CLUSTER_NAME.test(cluster))
    throw new InputError("cluster", `must be a cluster name or ARN; got "${cluster}"`, "qa");

  const services = inputs.list("service");
  if (services.length === 0) throw new InputError("service", "is required", "web or web,worker");
  for (const service of services) {
    if (!SERVICE_NAME.test(service)) {
      throw new InputError("service", `has "${service}", which is not a service name`, "web,worker");
    }
  }

  const file = inputs.file("task-definition");
  if (file !== undefined && services.length > 1) {
    throw new InputError(
      "task-definition",
      `can only be used with a single service; "service" names ${services.length}`,
      "service: web",
    );
  }

  const image = inputs.string("image");
  if (image !== undefined && parseImage(image) === undefined) {
    throw new InputError("image", `must be an image URI; got "${image}"`, IMAGE_EXAMPLE);
  }
  const images = inputs.map("images", {
    example: `web=${IMAGE_EXAMPLE}`,
    checkKey: (key) => (CONTAINER_NAME.test(key) ? undefined : `"${key}" is not a container name`),
  });
  for (const [container, uri] of images) {
    if (parseImage(uri) === undefined) {
      throw new InputError(
        "images",
        `has "${uri}" for ${container}, which is not an image URI`,
        `web=${IMAGE_EXAMPLE}`,
      );
    }
  }

  const runTask = parseCommand(inputs.string("run-task"));
  const runTaskContainer = inputs.string("run-task-container");
  if (runTaskContainer !== undefined && runTask === undefined) {
    throw new InputError("run-task-container", "is set but run-task is not", "run-task: bin/rails db:migrate");
  }

  const timeoutMs = inputs.duration("timeout", "30m");
  const pollIntervalMs = inputs.duration("poll-interval", "10s");
  if (pollIntervalMs < 1_000) throw new InputError("poll-interval", "must be at least 1s", "10s");
  if (pollIntervalMs > timeoutMs) throw new InputError("poll-interval", "must not be longer than timeout", "10s");

  const githubEnvironment = inputs.string("github-environment");
  const githubToken = inputs.secret("github-token", { required: false });
  if (githubEnvironment !== undefined && githubToken === undefined) {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression shown as the example
    throw new InputError("github-token", "is required when github-environment is set", "${{ github.token }}");
  }

  return {
    cluster,
    services,
    taskDefinitionFile: file === undefined ? undefined : { path: file.path, definition: fileDefinition(file.content) },
    image,
    images,
    environment: parseEnvironment(inputs.string("environment-variables")),
    runTask,
    runTaskContainer,
    wait: inputs.boolean("wait", true),
    timeoutMs,
    pollIntervalMs,
    rollback: inputs.boolean("rollback", true),
    desiredCount: inputs.integer("desired-count", { min: 0, max: 5000 }),
    forceNewDeployment: inputs.boolean("force-new-deployment", false),
    keepRevisions: inputs.integer("keep-revisions", { min: 1, max: 1000 }),
    dryRun: inputs.boolean("dry-run", false),
    githubToken,
    githubEnvironment,
    region: inputs.string("region"),
  };
}

function fileDefinition(content: unknown): RegisterInput {
  if (content === null || typeof content !== "object" || Array.isArray(content)) {
    throw new InputError("task-definition", "must contain a task definition object", '{"family": "web", ...}');
  }
  // Accept the DescribeTaskDefinition output as saved by `aws ecs describe-task-definition`.
  const body = "taskDefinition" in content ? (content as { taskDefinition: unknown }).taskDefinition : content;
  const { input, unknownKeys } = toRegisterInput(body as Record<string, unknown>);
  if (unknownKeys.length > 0) {
    throw new InputError(
      "task-definition",
      `has ${unknownKeys.map((key) => `"${key}"`).join(", ")}, which ${unknownKeys.length === 1 ? "is not a" : "are not"} RegisterTaskDefinition field${unknownKeys.length === 1 ? "" : "s"}`,
      "family, containerDefinitions, cpu, memory, networkMode",
    );
  }
  if (typeof input.family !== "string" || !Array.isArray(input.containerDefinitions)) {
    throw new InputError(
      "task-definition",
      "must have a family and containerDefinitions",
      '{"family": "web", "containerDefinitions": [...]}',
    );
  }
  return input;
}

/** `bin/rails db:migrate` (shell-style quoting) or a JSON array of strings. */
export function parseCommand(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const example = "bin/rails db:migrate";
  if (text.startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new InputError("run-task", "looks like a JSON array but is not valid JSON", '["bin/rails", "db:migrate"]');
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((part) => typeof part === "string")) {
      throw new InputError("run-task", "must be a non-empty JSON array of strings", '["bin/rails", "db:migrate"]');
    }
    return parsed;
  }
  // Variables are kept literally: the container's shell (if any) expands them, not the runner.
  const parts = parseShell(text.replace(/\n/g, " "), (name) => `$${name}`);
  const words: string[] = [];
  for (const part of parts) {
    if (typeof part !== "string") {
      throw new InputError(
        "run-task",
        "contains a shell operator; ECS runs the command without a shell, so wrap it",
        `sh -c "${example} && bin/rails db:seed"`,
      );
    }
    words.push(part);
  }
  if (words.length === 0) throw new InputError("run-task", "is empty", example);
  return words;
}

/** `KEY=value` for every replaced container, or `container:KEY=value` for one. */
export function parseEnvironment(text: string | undefined): EnvironmentChange[] {
  if (text === undefined) return [];
  const example = "RAILS_ENV=production or worker:QUEUES=default";
  const changes: EnvironmentChange[] = [];
  const seen = new Set<string>();
  for (const [index, rawLine] of text.split("\n").entries()) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    const separator = line.indexOf("=");
    const target = separator === -1 ? "" : line.slice(0, separator).trim();
    const colon = target.indexOf(":");
    const container = colon === -1 ? undefined : target.slice(0, colon);
    const name = colon === -1 ? target : target.slice(colon + 1);
    if (!ENV_NAME.test(name) || (container !== undefined && !CONTAINER_NAME.test(container))) {
      throw new InputError(
        "environment-variables",
        `line ${index + 1} must be KEY=value or container:KEY=value`,
        example,
      );
    }
    const key = `${container ?? "*"}:${name}`;
    if (seen.has(key)) throw new InputError("environment-variables", `sets ${target} twice`, example);
    seen.add(key);
    changes.push({ container, name, value: line.slice(separator + 1) });
  }
  return changes;
}
