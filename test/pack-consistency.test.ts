import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { readActionYaml } from "@sre-actions/testkit";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = path.resolve(import.meta.dirname, "..");
const actions = readdirSync(path.join(root, "actions")).filter((name) =>
  existsSync(path.join(root, "actions", name, "action.yml")),
);

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

function workflowSteps(file: string): Step[] {
  const workflow = parse(readFileSync(file, "utf8")) as { jobs?: Record<string, { steps?: Step[] }> };
  return Object.values(workflow.jobs ?? {}).flatMap((job) => job.steps ?? []);
}

/** `./actions/<name>` or `<owner>/sre-actions/actions/<name>@<ref>` → `<name>`. */
function packAction(uses: string | undefined): string | undefined {
  return /^(?:\.\/|[\w.-]+\/sre-actions\/)actions\/([\w-]+)(?:@.+)?$/.exec(uses ?? "")?.[1];
}

const workflowFiles = ["examples/workflows", ".github/workflows"].flatMap((folder) =>
  readdirSync(path.join(root, folder))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => path.join(folder, name)),
);

describe("example workflows use the pack as its action.yml files declare", () => {
  it.each(workflowFiles)("%s", (file) => {
    const problems: string[] = [];
    for (const step of workflowSteps(path.join(root, file))) {
      const name = packAction(step.uses);
      if (name === undefined) continue;
      if (!actions.includes(name)) {
        problems.push(`${step.uses}: no such action in actions/`);
        continue;
      }
      const declared = readActionYaml(path.join(root, "actions", name)).inputs ?? {};
      const given = Object.keys(step.with ?? {});
      for (const input of given) if (!(input in declared)) problems.push(`${name}: undeclared input "${input}"`);
      for (const [input, spec] of Object.entries(declared)) {
        const required = spec.required === true || spec.required === "true";
        if (required && spec.default === undefined && !given.includes(input))
          problems.push(`${name}: required input "${input}" missing`);
      }
    }
    expect(problems).toEqual([]);
  });
});

const SDK_PREFIX: Record<string, string> = {
  "@aws-sdk/client-ecs": "ecs",
  "@aws-sdk/client-cloudwatch-logs": "logs",
  "@aws-sdk/client-application-auto-scaling": "application-autoscaling",
  "@aws-sdk/client-rds": "rds",
  "@aws-sdk/client-ecr": "ecr",
  "@aws-sdk/client-scheduler": "scheduler",
  "@aws-sdk/client-eventbridge": "events",
  "@aws-sdk/client-codedeploy": "codedeploy",
  "@aws-sdk/client-cloudwatch": "cloudwatch",
};

/** Permissions IAM asks for beyond the operations called, each with the reason. */
const IMPLIED: Record<string, string> = {
  "ecs:TagResource": "RegisterTaskDefinition / UpdateService with tags needs it (tag-on-create authorization)",
  "codedeploy:GetDeploymentConfig":
    "CreateDeployment reads the deployment group's configuration with the caller's rights",
  "codedeploy:RegisterApplicationRevision": "CreateDeployment registers the AppSpec revision with the caller's rights",
};

const readSources = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((name) => name.endsWith(".ts"))
        .map((file) => readFileSync(path.join(dir, file), "utf8"))
    : [];

/** The SDK module that exports `<command>Command`, among those the package depends on. */
function commandModule(packageDir: string, command: string): string | undefined {
  const require = createRequire(path.join(packageDir, "package.json"));
  for (const module of Object.keys(SDK_PREFIX)) {
    let entry: string;
    try {
      entry = require.resolve(`${module}/package.json`);
    } catch {
      continue;
    }
    if (existsSync(path.join(path.dirname(entry), "dist-types", "commands", `${command}Command.d.ts`))) return module;
  }
  return undefined;
}

/**
 * Port methods → IAM actions, read from the adapters (`describeServices: (input) => client.send(new
 * DescribeServicesCommand(input))`, also `new sdk.XCommand(` for a lazily loaded SDK) in core and in
 * the actions: the one place where a method meets the SDK command it sends.
 */
function portMethods(): Map<string, string> {
  const methods = new Map<string, string>();
  const dirs = [path.join(root, "packages", "core"), ...actions.map((name) => path.join(root, "actions", name))];
  for (const dir of dirs) {
    for (const text of readSources(path.join(dir, "src"))) {
      const adapters = text.matchAll(
        /(\w+):\s*(?:async\s*)?\([^)]*\)\s*=>(?:(?!\w+:\s*(?:async\s*)?\()[\s\S]){0,200}?\.send\(\s*new\s+(?:\w+\.)?(\w+)Command\(/g,
      );
      for (const [, method, command] of adapters) {
        const module = commandModule(dir, command ?? "");
        if (method === undefined || command === undefined || module === undefined) continue;
        methods.set(method, `${SDK_PREFIX[module]}:${command}`);
      }
    }
  }
  return methods;
}

const PORT_METHODS = portMethods();

/**
 * Every AWS operation the action calls, as IAM action names (`ecs:UpdateService`): the port
 * methods its own source calls (`.updateService(`), and those of the core modules it imports
 * (`@sre-actions/core/ecs-sleep`'s restore).
 */
function operationsCalled(actionDir: string): Set<string> {
  const sources = readSources(path.join(actionDir, "src"));
  const coreModules = new Set(
    sources.flatMap((text) => [...text.matchAll(/from\s*"@sre-actions\/core\/([\w-]+)"/g)].map((m) => m[1])),
  );
  for (const module of coreModules) {
    const file = path.join(root, "packages", "core", "src", `${module}.ts`);
    if (existsSync(file)) sources.push(readFileSync(file, "utf8"));
  }
  const calls = new Set<string>();
  for (const text of sources) {
    for (const [, method] of text.matchAll(/\.(\w+)\(/g)) {
      const operation = PORT_METHODS.get(method ?? "");
      if (operation !== undefined) calls.add(operation);
    }
  }
  return calls;
}

/** AWS actions named in the README's IAM policy JSON (other services, like iam:PassRole, are left out). */
function policyActions(readme: string): Set<string> {
  const names = new Set<string>();
  for (const [, block] of readme.matchAll(/```json\n([\s\S]*?)```/g)) {
    const policy = JSON.parse(block ?? "{}") as { Statement?: { Action?: string | string[] }[] };
    for (const statement of policy.Statement ?? []) {
      for (const action of [statement.Action ?? []].flat()) {
        if (Object.values(SDK_PREFIX).some((prefix) => action.startsWith(`${prefix}:`))) names.add(action);
      }
    }
  }
  return names;
}

const awsActions = actions.filter((name) => {
  const pkg = JSON.parse(readFileSync(path.join(root, "actions", name, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(pkg.dependencies ?? {}).some((dependency) => dependency in SDK_PREFIX);
});

describe("port methods are found where they meet the SDK", () => {
  it("maps each method of core's ECS port to its ECS operation", () => {
    expect(PORT_METHODS.get("updateService")).toBe("ecs:UpdateService");
    expect(PORT_METHODS.get("continueServiceDeployment")).toBe("ecs:ContinueServiceDeployment");
    expect(PORT_METHODS.get("registerScalableTarget")).toBe("application-autoscaling:RegisterScalableTarget");
  });
});

describe("IAM policies in the READMEs name exactly what the code calls", () => {
  it.each(awsActions)("%s", (name) => {
    const dir = path.join(root, "actions", name);
    const called = operationsCalled(dir);
    const documented = policyActions(readFileSync(path.join(dir, "README.md"), "utf8"));
    const expected = new Set([...called, ...Object.keys(IMPLIED).filter((permission) => documented.has(permission))]);
    expect([...documented].sort()).toEqual([...expected].sort());
    expect(called.size).toBeGreaterThan(0);
  });
});
