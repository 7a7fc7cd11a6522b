import { existsSync, readdirSync, readFileSync } from "node:fs";
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

/**
 * Every AWS operation the action's source sends, as IAM action names (`ecs:UpdateService`),
 * including those sent by the core modules it imports (`@sre-actions/core/ecs-sleep`'s restore).
 */
function operationsCalled(actionDir: string): Set<string> {
  const calls = new Set<string>();
  const srcDir = path.join(actionDir, "src");
  const sources = readdirSync(srcDir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((file) => readFileSync(path.join(srcDir, file), "utf8"));
  const coreModules = new Set(
    sources.flatMap((text) => [...text.matchAll(/from\s*"@sre-actions\/core\/([\w-]+)"/g)].map((m) => m[1])),
  );
  for (const module of coreModules) {
    const file = path.join(root, "packages", "core", "src", `${module}.ts`);
    if (existsSync(file)) sources.push(readFileSync(file, "utf8"));
  }
  for (const text of sources) {
    for (const [, names, module] of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*"(@aws-sdk\/client-[\w-]+)"/g)) {
      const prefix = SDK_PREFIX[module ?? ""];
      if (prefix === undefined) continue;
      for (const imported of (names ?? "").split(",")) {
        const command = /^\s*(?:type\s+)?(\w+)Command\s*$/.exec(imported)?.[1];
        if (command && new RegExp(`new ${command}Command\\(`).test(text)) calls.add(`${prefix}:${command}`);
      }
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
