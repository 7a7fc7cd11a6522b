import {
  InputError,
  Inputs,
  type InputTable,
  isEcsName,
  isEcsResource,
  resolveRegion,
  splitList,
} from "@sre-actions/core";
import { parse as parseShell } from "shell-quote";
import { type ContainerEntry, parseContainerMap } from "./inputs/container-map.js";
import { DATADOG_INPUTS, type DatadogInputs, parseDatadogInputs } from "./inputs/datadog.js";
import { parseStrategyInputs, STRATEGY_INPUTS, type StrategyInputs } from "./inputs/strategy.js";
import { parseImage } from "./plan/image.js";
import { type RegisterInput, toRegisterInput } from "./plan/taskdef.js";

const IMAGE_EXAMPLE = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1f2e3d4";

/**
 * The public contract: input names, required flags and defaults exactly as in action.yml (a test
 * checks that); `example` is what errors show, `secret` inputs are masked before anything runs.
 */
export const INPUTS = {
  cluster: { required: true, example: "qa" },
  service: { required: true, example: "web or web,worker" },
  "task-definition": { example: "deploy/task-definition.json" },
  image: { example: IMAGE_EXAMPLE },
  images: { example: `web=${IMAGE_EXAMPLE}` },
  "environment-variables": { example: "RAILS_ENV=production or worker:QUEUES=default" },
  secrets: { example: "DATABASE_URL=arn:aws:ssm:ap-northeast-1:123456789012:parameter/qa3/database-url" },
  "docker-labels": { example: "com.datadoghq.tags.version=1f2e3d4 or app:team=payments" },
  command: { example: "bundle exec puma -C config/puma.rb" },
  cpu: { example: "512" },
  memory: { example: "1024" },
  "task-role-arn": {
    example: "arn:aws:iam::123456789012:role/ecs-task-qa3-web, ecs-task-qa3-web or service-role/ecs-task-qa3-web",
  },
  "execution-role-arn": { example: "arn:aws:iam::123456789012:role/ecs-task-execution-qa or ecs-task-execution-qa" },
  mode: { default: "deploy", example: "continue" },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as a workflow spells it
  "service-deployment": { example: "${{ needs.production.outputs.paused }}" },
  "promote-from": { example: "pre-prod/web" },
  "pin-digest": { default: "false" },
  "task-definition-arn": { example: "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/qa3-web:42" },
  "show-values": { default: "false" },
  "scheduled-tasks": { example: "qa3-nightly-report, qa3-cleanup-*" },
  "if-stopped": { default: "start" },
  "keep-running-for": { default: "2h", example: "2h" },
  "run-task": { example: "bin/rails db:migrate" },
  "run-task-container": { example: "web" },
  wait: { default: "true" },
  timeout: { default: "30m", example: "30m" },
  "poll-interval": { default: "10s", example: "10s" },
  rollback: { default: "true" },
  "desired-count": { example: "2" },
  "force-new-deployment": { default: "false" },
  "keep-revisions": { example: "20" },
  "dry-run": { default: "false" },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as action.yml spells it
  "github-token": { default: "${{ github.token }}", secret: true, example: "${{ github.token }}" },
  "github-environment": { example: "qa3" },
  region: { example: "ap-northeast-1" },
  ...DATADOG_INPUTS,
  ...STRATEGY_INPUTS,
} as const satisfies InputTable;

export const OUTPUTS = [
  "task-definition-arn",
  "task-definition-arns",
  "previous-task-definition-arn",
  "deployment-id",
  "status",
  "reason",
  "reason-code",
  "run-task-arn",
  "run-task-exit-code",
  "duration-seconds",
  "console-url",
  "paused",
  "promoted-images",
  "release-notes",
  "woken",
] as const;

export type OutputName = (typeof OUTPUTS)[number];

/** One environment variable change: for every replaced container, or for the named one. */
export interface EnvironmentChange {
  container: string | undefined;
  name: string;
  value: string;
}

export const IF_STOPPED = ["start", "fail", "ignore"] as const;
export type IfStopped = (typeof IF_STOPPED)[number];

/** deploy renders and rolls out; continue / rollback act on deployments paused at a PAUSE hook. */
export const MODES = ["deploy", "continue", "rollback"] as const;
export type Mode = (typeof MODES)[number];

/** A paused deployment named by the `service-deployment` input (a `paused` output, or bare ARNs). */
export interface PausedTarget {
  /** The service, when the `paused` output named it; found from the ARN otherwise. */
  service: string | undefined;
  serviceDeploymentArn: string;
  hookId: string | undefined;
  githubDeploymentId: number | undefined;
}

export interface EcsDeployInputs {
  mode: Mode;
  cluster: string;
  services: string[];
  /** mode continue/rollback: the paused deployments to act on (else each service's is looked up). */
  serviceDeployments: PausedTarget[];
  /** promote-from: the service whose running images (by digest) are deployed. */
  promoteFrom: { cluster: string; service: string } | undefined;
  /** pin-digest: tags in image/images are resolved to digests in the plan. */
  pinDigest: boolean;
  taskDefinitionFile: { path: string; definition: RegisterInput } | undefined;
  /** Deploy this registered revision as it is (no render, no register). */
  taskDefinitionArn: string | undefined;
  image: string | undefined;
  images: Map<string, string>;
  environment: EnvironmentChange[];
  secrets: ContainerEntry[];
  dockerLabels: ContainerEntry[];
  command: string[] | undefined;
  cpu: string | undefined;
  memory: string | undefined;
  /** A role ARN or a role name (resolved in the service's account). */
  taskRole: string | undefined;
  executionRole: string | undefined;
  showValues: boolean;
  /** Names or globs of EventBridge Scheduler schedules and EventBridge rules to move to the new revision. */
  scheduledTasks: string[];
  ifStopped: IfStopped;
  keepRunningForMs: number;
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
  /** The region input, else AWS_REGION / AWS_DEFAULT_REGION (checked here, before any client exists). */
  region: string;
  /** Deployment events, the monitor-gated bake and FireLens logs (datadog-inputs.ts). */
  datadog: DatadogInputs;
  /** wait-until, alarms and the CodeDeploy names (strategy-inputs.ts). */
  strategy: StrategyInputs;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads and validates every input; throws an InputError before anything touches AWS. */
export function parseInputs(inputs = new Inputs(INPUTS), env: NodeJS.ProcessEnv = process.env): EcsDeployInputs {
  const cluster = inputs.string("cluster");
  if (!isEcsResource("cluster", cluster))
    throw new InputError("cluster", `must be a cluster name or ARN; got "${cluster}"`, inputs.example("cluster"));

  const services = splitList(inputs.string("service"));
  if (services.length === 0) throw new InputError("service", "is required", inputs.example("service"));
  for (const service of services) {
    if (!isEcsResource("service", service)) {
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
    throw new InputError("image", `must be an image URI; got "${image}"`, inputs.example("image"));
  }
  const images = inputs.map("images", {
    example: inputs.example("images"),
    checkKey: (key) => (isEcsName(key) ? undefined : `"${key}" is not a container name`),
  });
  for (const [container, uri] of images) {
    if (parseImage(uri) === undefined) {
      throw new InputError(
        "images",
        `has "${uri}" for ${container}, which is not an image URI`,
        inputs.example("images"),
      );
    }
  }

  const taskDefinitionArn = inputs.string("task-definition-arn");
  if (taskDefinitionArn !== undefined) {
    if (!TASK_DEFINITION.test(taskDefinitionArn)) {
      throw new InputError(
        "task-definition-arn",
        `must be a task definition ARN or family:revision; got "${taskDefinitionArn}"`,
        inputs.example("task-definition-arn"),
      );
    }
    const render = RENDER_INPUTS.find((name) => inputs.isSet(name));
    if (render !== undefined) {
      throw new InputError(
        "task-definition-arn",
        `deploys a registered revision as it is, so it cannot be combined with "${render}" (which renders a new one)`,
        `remove "${render}", or drop task-definition-arn to render from the service's current revision`,
      );
    }
  }

  const runTask = parseCommand(inputs.string("run-task"));
  const runTaskContainer = inputs.string("run-task-container");
  if (runTaskContainer !== undefined && runTask === undefined) {
    throw new InputError("run-task-container", "is set but run-task is not", "run-task: bin/rails db:migrate");
  }

  const timeoutMs = inputs.duration("timeout");
  const pollIntervalMs = inputs.duration("poll-interval");
  if (pollIntervalMs < 1_000) throw new InputError("poll-interval", "must be at least 1s", "10s");
  if (pollIntervalMs > timeoutMs) throw new InputError("poll-interval", "must not be longer than timeout", "10s");

  const githubEnvironment = inputs.string("github-environment");
  const githubToken = inputs.secret("github-token");
  if (githubEnvironment !== undefined && githubToken === undefined) {
    throw new InputError("github-token", "is required when github-environment is set", inputs.example("github-token"));
  }

  const mode = inputs.enum("mode", MODES);
  const promoteFrom = parsePromoteFrom(inputs);
  if (promoteFrom !== undefined) {
    const clash = (["image", "images", "task-definition-arn"] as const).find((name) => inputs.isSet(name));
    if (clash !== undefined)
      throw new InputError(
        "promote-from",
        `deploys exactly what ${promoteFrom.cluster}/${promoteFrom.service} runs, so it cannot be combined with "${clash}"`,
        `remove "${clash}" (promote-from: pre-prod/web takes the images from pre-prod)`,
      );
  }
  const serviceDeployments = parseServiceDeployments(inputs);
  if (mode !== "deploy") {
    const starts = [...RENDER_INPUTS, "task-definition-arn", "promote-from", "run-task", "desired-count"] as const;
    const flags = ["pin-digest", "force-new-deployment"] as const;
    const clash = starts.find((name) => inputs.isSet(name)) ?? flags.find((name) => inputs.boolean(name));
    if (clash !== undefined)
      throw new InputError(
        "mode",
        `is ${mode}: it acts on a deployment already waiting at a PAUSE hook, so "${clash}" (which starts a new one) cannot be set`,
        `run the deploy with ${clash} and wait-until: paused first, then mode: ${mode} with only cluster and service`,
      );
  } else if (serviceDeployments.length > 0) {
    throw new InputError("service-deployment", "is only read with mode: continue or mode: rollback", "mode: continue");
  }

  return {
    mode,
    cluster,
    services,
    serviceDeployments,
    promoteFrom,
    pinDigest: inputs.boolean("pin-digest"),
    taskDefinitionFile: file === undefined ? undefined : { path: file.path, definition: fileDefinition(file.content) },
    taskDefinitionArn,
    image,
    images,
    environment: parseEnvironment(inputs.string("environment-variables")),
    secrets: parseSecrets(inputs),
    dockerLabels: parseContainerMap("docker-labels", inputs.string("docker-labels") ?? "", {
      example: inputs.example("docker-labels"),
    }),
    command: parseCommand(inputs.string("command"), "command"),
    cpu: taskSize(inputs, "cpu", CPU),
    memory: taskSize(inputs, "memory", MEMORY),
    taskRole: role(inputs, "task-role-arn"),
    executionRole: role(inputs, "execution-role-arn"),
    showValues: inputs.boolean("show-values"),
    scheduledTasks: scheduledTasks(inputs),
    ifStopped: inputs.enum("if-stopped", IF_STOPPED),
    keepRunningForMs: inputs.duration("keep-running-for"),
    runTask,
    runTaskContainer,
    wait: inputs.boolean("wait"),
    timeoutMs,
    pollIntervalMs,
    rollback: inputs.boolean("rollback"),
    desiredCount: inputs.integer("desired-count", { min: 0, max: 5000 }),
    forceNewDeployment: inputs.boolean("force-new-deployment"),
    keepRevisions: inputs.integer("keep-revisions", { min: 1, max: 1000 }),
    dryRun: inputs.boolean("dry-run"),
    githubToken,
    githubEnvironment,
    region: resolveRegion(inputs.string("region"), env),
    datadog: parseDatadogInputs(inputs, inputs.boolean("wait")),
    strategy: parseStrategyInputs(inputs),
  };
}

type Reader = Inputs<typeof INPUTS>;

/** `pre-prod/web`: the cluster and the service whose running images are promoted. */
function parsePromoteFrom(inputs: Reader): EcsDeployInputs["promoteFrom"] {
  const value = inputs.string("promote-from");
  if (value === undefined) return undefined;
  const [cluster, service, ...rest] = value.split("/");
  if (cluster === undefined || service === undefined || rest.length > 0 || !isEcsName(cluster) || !isEcsName(service))
    throw new InputError(
      "promote-from",
      `must be <cluster>/<service> (names, not ARNs); got "${value}"`,
      inputs.example("promote-from"),
    );
  return { cluster, service };
}

const SERVICE_DEPLOYMENT_ARN = /^arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:service-deployment\/[\w-]+\/[\w-]+\/[\w-]+$/;

/** The `paused` output of an earlier step (JSON by service), or service deployment ARNs. */
function parseServiceDeployments(inputs: Reader): PausedTarget[] {
  const value = inputs.string("service-deployment");
  if (value === undefined) return [];
  const example = inputs.example("service-deployment");
  const checked = (arn: unknown, where: string): string => {
    if (typeof arn !== "string" || !SERVICE_DEPLOYMENT_ARN.test(arn))
      throw new InputError(
        "service-deployment",
        `has ${where} ${JSON.stringify(arn)}, which is not a service deployment ARN (arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<id>)`,
        example,
      );
    return arn;
  };
  if (value.trimStart().startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new InputError("service-deployment", "looks like JSON (the paused output) but is not valid JSON", example);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
      throw new InputError("service-deployment", "must be the paused output: an object by service", example);
    return Object.entries(parsed as Record<string, Record<string, unknown> | null>).map(([service, entry]) => ({
      service,
      serviceDeploymentArn: checked(entry?.["serviceDeploymentArn"], `for ${service} the serviceDeploymentArn`),
      hookId: typeof entry?.["hookId"] === "string" ? entry["hookId"] : undefined,
      githubDeploymentId: typeof entry?.["githubDeploymentId"] === "number" ? entry["githubDeploymentId"] : undefined,
    }));
  }
  return splitList(value).map((arn) => ({
    service: undefined,
    serviceDeploymentArn: checked(arn, "the value"),
    hookId: undefined,
    githubDeploymentId: undefined,
  }));
}

/** Inputs that render a task definition; task-definition-arn excludes them all. */
const RENDER_INPUTS = [
  "task-definition",
  "image",
  "images",
  "environment-variables",
  "secrets",
  "docker-labels",
  "command",
  "cpu",
  "memory",
  "task-role-arn",
  "execution-role-arn",
] as const;

const TASK_DEFINITION = /^(?:arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/)?[A-Za-z0-9_-]{1,255}:\d+$/;
// Task size as ECS takes it: CPU units or vCPU, MiB or GB.
const CPU = { pattern: /^(?:\d{2,6}|\d+(?:\.\d+)? ?vCPU)$/i, example: "512 or 1 vCPU" };
const MEMORY = { pattern: /^(?:\d{3,6}|\d+(?:\.\d+)? ?GB)$/i, example: "1024 or 2 GB" };
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
// A role name, under its IAM path if it has one (service-role/kanna-batch): ARNs carry the path.
const ROLE_NAME = /^\/?(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
// valueFrom: a Systems Manager parameter (ARN, or a name in the task's own region) or a Secrets Manager secret ARN.
const SSM_ARN = /^arn:aws[\w-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[\w./-]+$/;
const SECRETS_MANAGER_ARN = /^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+(?::[^:]*){0,3}$/;
const SSM_NAME = /^\/?[\w.-]+(?:\/[\w.-]+)*$/;

function parseSecrets(inputs: Reader): ContainerEntry[] {
  const example = inputs.example("secrets");
  const secrets = parseContainerMap("secrets", inputs.string("secrets") ?? "", {
    example,
    checkKey: (key) => (ENV_NAME.test(key) ? undefined : `"${key}" is not a variable name`),
  });
  for (const secret of secrets) {
    const { value } = secret;
    if (value.startsWith("arn:") ? SSM_ARN.test(value) || SECRETS_MANAGER_ARN.test(value) : SSM_NAME.test(value))
      continue;
    throw new InputError(
      "secrets",
      `has "${value}" for ${secret.key}, which is neither an SSM parameter (ARN or name) nor a Secrets Manager secret ARN`,
      example,
    );
  }
  return secrets;
}

function taskSize(inputs: Reader, name: "cpu" | "memory", rule: { pattern: RegExp; example: string }) {
  const value = inputs.string(name);
  if (value !== undefined && !rule.pattern.test(value)) {
    throw new InputError(
      name,
      `must be ${name === "cpu" ? "CPU units or vCPU" : "MiB or GB"}; got "${value}"`,
      rule.example,
    );
  }
  return value;
}

/**
 * A role ARN, or a name resolved in the service's account: `kanna-batch` → `…:role/kanna-batch`,
 * `service-role/kanna-batch` → `…:role/service-role/kanna-batch` (a role under a path needs it).
 */
function role(inputs: Reader, name: "task-role-arn" | "execution-role-arn"): string | undefined {
  const value = inputs.string(name);
  if (value !== undefined && !ROLE_ARN.test(value) && !ROLE_NAME.test(value)) {
    throw new InputError(
      name,
      `must be an IAM role ARN or role name (path/name for a role under a path, e.g. service-role/kanna-batch); got "${value}". A name resolves in the service's account: give the role's path with it, or its full ARN`,
      inputs.example(name),
    );
  }
  return value?.startsWith("/") ? value.slice(1) : value;
}

function scheduledTasks(inputs: Reader): string[] {
  const patterns = inputs.list("scheduled-tasks");
  for (const pattern of patterns) {
    if (!/^(?:[\w.-]+\/)?[\w.*?-]{1,64}$/.test(pattern)) {
      throw new InputError(
        "scheduled-tasks",
        `has "${pattern}", which is not a schedule or rule name (globs * and ? allowed, group/name for a schedule group)`,
        inputs.example("scheduled-tasks"),
      );
    }
  }
  return patterns;
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
export function parseCommand(
  text: string | undefined,
  input: "run-task" | "command" = "run-task",
): string[] | undefined {
  if (text === undefined) return undefined;
  const example = "bin/rails db:migrate";
  if (text.startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new InputError(input, "looks like a JSON array but is not valid JSON", '["bin/rails", "db:migrate"]');
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((part) => typeof part === "string")) {
      throw new InputError(input, "must be a non-empty JSON array of strings", '["bin/rails", "db:migrate"]');
    }
    return parsed;
  }
  // shell-quote reads an unterminated quote as if it were closed: `bin/rails 'db:migrate` would run.
  const open = unclosedQuote(text);
  if (open !== undefined) {
    throw new InputError(
      input,
      `has an unterminated ${open === "'" ? "single" : "double"} quote (${open})`,
      `bin/rails db:migrate or sh -c 'bin/rails db:migrate && bin/rails db:seed'`,
    );
  }
  // Variables are kept literally: the container's shell (if any) expands them, not the runner.
  const parts = parseShell(text.replace(/\n/g, " "), (name) => `$${name}`);
  const words: string[] = [];
  for (const part of parts) {
    if (typeof part !== "string") {
      throw new InputError(
        input,
        "contains a shell operator; ECS runs the command without a shell, so wrap it",
        `sh -c "${example} && bin/rails db:seed"`,
      );
    }
    words.push(part);
  }
  if (words.length === 0) throw new InputError(input, "is empty", example);
  return words;
}

/** The quote left open at the end of a shell-like command line, if any (POSIX rules: no escapes inside '…'). */
function unclosedQuote(text: string): "'" | '"' | undefined {
  let quote: "'" | '"' | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote === "'") {
      if (char === "'") quote = undefined;
    } else if (char === "\\") {
      index++;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    }
  }
  return quote;
}

/** `KEY=value` for every replaced container, or `container:KEY=value` for one. */
export function parseEnvironment(text: string | undefined): EnvironmentChange[] {
  if (text === undefined) return [];
  return parseContainerMap("environment-variables", text, {
    example: INPUTS["environment-variables"].example,
    checkKey: (key) =>
      ENV_NAME.test(key) ? undefined : `must be KEY=value or container:KEY=value; "${key}" is not a variable name`,
  }).map((entry) => ({ container: entry.container, name: entry.key, value: entry.value }));
}
