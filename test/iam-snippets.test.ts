// Every workflow and README snippet that assumes a role uses one its documented stack trusts and
// allows: the job's OIDC subject against the role's trust, and the clusters, services, roles,
// schedules and Aurora clusters it names against the role's policy (policy simulator), with the
// stacks of the one-account recipe in examples/iam/README.md.
import { readdirSync } from "node:fs";
import path from "node:path";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cfnTags, cfnTemplate, read, recipes, resolveCloudFormation, root, type Stack, trusts } from "./iam-stacks.js";

const REGION = "ap-northeast-1";
const ACCOUNT = "123456789012";
const REPO = "repo:acme/shop-api";

/** The repository variables of examples/iam/README.md: which stack's which role. */
const VARIABLES: Record<string, { tier: string; role: string }> = {
  AWS_BUILD_ROLE_ARN: { tier: "qa", role: "Build" },
  AWS_BUILD_ROLE_ARN_PROD: { tier: "prod", role: "Build" },
  AWS_DEPLOY_ROLE_ARN_QA: { tier: "qa", role: "Deploy" },
  AWS_DEPLOY_ROLE_ARN_PRE_PROD: { tier: "pre-prod", role: "Deploy" },
  AWS_DEPLOY_ROLE_ARN_PROD: { tier: "prod", role: "Deploy" },
  AWS_COST_ROLE_ARN: { tier: "qa", role: "Cost" },
};

const stacks: Record<string, Stack> = Object.fromEntries(
  (recipes("examples/iam/README.md")[0]?.commands ?? []).map((command) => {
    const stack = resolveCloudFormation(cfnTemplate(), command.parameters, { account: ACCOUNT, region: REGION });
    return [stack.environment, stack];
  }),
);

// ── GitHub expressions, the part the snippets use ────────────────────────────────────────────────

/** `${{ … }}` with vars unset, inputs as given, anything else an opaque placeholder. */
function evaluate(source: string, inputs: Record<string, string>): string {
  const tokens = [...source.matchAll(/'(?:[^']|'')*'|\|\||&&|==|!=|[(),]|[\w.-]+/g)].map((match) => match[0]);
  let position = 0;
  const next = () => tokens[position++] ?? "";
  const peek = () => tokens[position] ?? "";
  function primary(): string {
    const token = next();
    if (token === "(") {
      const value = or();
      next();
      return value;
    }
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (peek() === "(") {
      next();
      const args: string[] = [];
      while (peek() !== ")") {
        args.push(or());
        if (peek() === ",") next();
      }
      next();
      if (token === "format")
        return (args[0] ?? "").replace(/\{(\d+)\}/g, (_, index: string) => args[Number(index) + 1] ?? "");
      return `<${token}()>`;
    }
    if (token.startsWith("vars.")) return "";
    if (token.startsWith("inputs.")) return inputs[token.slice("inputs.".length)] ?? "";
    return `<${token}>`;
  }
  function equality(): string {
    let left = primary();
    while (peek() === "==" || peek() === "!=") {
      const operator = next();
      const right = primary();
      left = (left === right) === (operator === "==") ? "true" : "";
    }
    return left;
  }
  function and(): string {
    let left = equality();
    while (peek() === "&&") {
      next();
      const right = equality();
      left = left ? right : left;
    }
    return left;
  }
  function or(): string {
    let left = and();
    while (peek() === "||") {
      next();
      const right = and();
      left = left || right;
    }
    return left;
  }
  return or();
}

const expand = (value: unknown, inputs: Record<string, string>) =>
  String(value ?? "").replace(/\$\{\{\s*([\s\S]*?)\s*\}\}/g, (_, expression: string) => evaluate(expression, inputs));

// ── Snippets ─────────────────────────────────────────────────────────────────────────────────────

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  environment?: string | { name: string };
  steps?: Step[];
}
interface Workflow {
  on?: Record<
    string,
    { branches?: string[]; inputs?: Record<string, { options?: string[]; default?: string }> } | null
  >;
  jobs?: Record<string, Job>;
}
interface Snippet {
  where: string;
  workflow: Workflow | undefined;
  jobs: [string, Job][];
}

function snippetsOf(where: string, text: string): Snippet[] {
  let parsed: unknown;
  try {
    // README blocks include CloudFormation (!Ref, !GetAtt): parse its short forms too, quietly.
    parsed = parse(text, { customTags: cfnTags });
  } catch {
    return [];
  }
  if (parsed !== null && typeof parsed === "object" && "jobs" in parsed) {
    const workflow = parsed as Workflow;
    return [{ where, workflow, jobs: Object.entries(workflow.jobs ?? {}) }];
  }
  const steps = Array.isArray(parsed) ? parsed : [parsed];
  if (!steps.every((step) => step !== null && typeof step === "object" && "uses" in step)) return [];
  return [{ where, workflow: undefined, jobs: [["(steps)", { steps: steps as Step[] }]] }];
}

const markdown = [
  "README.md",
  ...readdirSync(path.join(root, "actions")).map((name) => `actions/${name}/README.md`),
  "examples/iam/README.md",
].filter((file) => {
  try {
    read(file);
    return true;
  } catch {
    return false;
  }
});
const snippets: Snippet[] = [
  ...markdown.flatMap((file) =>
    [...read(file).matchAll(/```ya?ml\n([\s\S]*?)```/g)].flatMap((match, index) =>
      snippetsOf(`${file} yaml block ${index + 1}`, match[1] ?? ""),
    ),
  ),
  ...readdirSync(path.join(root, "examples/workflows"))
    .filter((name) => name.endsWith(".yml"))
    .flatMap((name) => snippetsOf(`examples/workflows/${name}`, read(`examples/workflows/${name}`))),
];

const packAction = (uses: string | undefined) =>
  /sre-actions\/actions\/([\w-]+)@|^\.\/actions\/([\w-]+)/.exec(uses ?? "");

/** The OIDC subject of the job: its environment, else the branch its trigger runs on (main). */
function subjectOf(workflow: Workflow, job: Job, inputs: Record<string, string>): string {
  const environment = typeof job.environment === "object" ? job.environment.name : job.environment;
  if (environment !== undefined) return `${REPO}:environment:${expand(environment, inputs)}`;
  if (/github\.ref\s*==\s*'refs\/heads\/main'/.test(job.if ?? "")) return `${REPO}:ref:refs/heads/main`;
  const push = workflow.on?.["push"]?.branches;
  if (push && push.length === 1) return `${REPO}:ref:refs/heads/${push[0]}`;
  if (workflow.on && ("pull_request" in workflow.on || "pull_request_target" in workflow.on))
    return `${REPO}:pull_request`;
  // schedule runs on the default branch; workflow_dispatch on the branch chosen: a branch, not main.
  // issue_comment (like schedule) runs the workflow of the default branch.
  const onDefaultBranch = "schedule" in (workflow.on ?? {}) || "issue_comment" in (workflow.on ?? {});
  return onDefaultBranch ? `${REPO}:ref:refs/heads/main` : `${REPO}:ref:refs/heads/feature/x`;
}

/** Every value of the workflow_dispatch choice input `environment` (else one sample). */
function inputSets(workflow: Workflow | undefined): Record<string, string>[] {
  const environment = workflow?.on?.["workflow_dispatch"]?.inputs?.["environment"];
  const options = environment?.options ?? ["qa3"];
  return options.map((option) => ({ environment: option, mode: "stop" }));
}

const sample = (glob: string) => glob.replace(/[*?]/g, "x");

async function allowed(
  stack: Stack,
  role: string,
  action: string,
  resource: string,
  context: Record<string, string | string[]>,
) {
  const subject = stack.roles[role];
  if (subject === undefined) return false;
  const result = await runSimulation(
    {
      request: {
        principal: subject.arn,
        action,
        resource: { resource, accountId: ACCOUNT },
        contextVariables: context,
      },
      identityPolicies: [{ name: "role", policy: subject.policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === "error") throw new Error(JSON.stringify(result.errors));
  return result.overallResult === "Allowed";
}

/** What the step needs from its role, each as a problem when the role's policy refuses it. */
async function stepProblems(action: string, inputs: Record<string, string>, stack: Stack, role: string) {
  const problems: string[] = [];
  const ecs = (rest: string) => `arn:aws:ecs:${REGION}:${ACCOUNT}:${rest}`;
  const need = async (
    what: string,
    iamAction: string,
    resource: string,
    context: Record<string, string | string[]> = {},
  ) => {
    if (!(await allowed(stack, role, iamAction, resource, context)))
      problems.push(
        `${what}: ${iamAction} on ${resource} refused by github-${role.toLowerCase()}-${stack.environment}`,
      );
  };
  const clusters = (inputs["cluster"] ?? "").split(",").map((name) => name.trim());
  for (const cluster of clusters) {
    const clusterArn = ecs(`cluster/${cluster}`);
    const services = (inputs["service"] ?? inputs["services"] ?? "")
      .split(/[,\n]/)
      .map((name) => name.trim())
      .filter(Boolean);
    if (action === "fargate-spot-toggle") {
      await need(`cluster ${cluster}`, "ecs:ListServices", "*", { "ecs:cluster": clusterArn });
      for (const glob of services.length > 0 ? services : ["*"])
        await need(`services ${glob}`, "ecs:UpdateService", ecs(`service/${cluster}/${sample(glob)}`), {
          "ecs:cluster": clusterArn,
        });
      for (const glob of (inputs["db-clusters"] ?? "")
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean))
        await need(
          `db-clusters ${glob}`,
          "rds:StopDBCluster",
          `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:${sample(glob)}`,
        );
      continue;
    }
    for (const service of services)
      await need(`service ${service}`, "ecs:UpdateService", ecs(`service/${cluster}/${service}`), {
        "ecs:cluster": clusterArn,
      });
    for (const input of ["task-role-arn", "execution-role-arn"]) {
      const name = inputs[input];
      if (name)
        await need(input, "iam:PassRole", name.startsWith("arn:") ? name : `arn:aws:iam::${ACCOUNT}:role/${name}`, {
          "iam:PassedToService": "ecs-tasks.amazonaws.com",
        });
    }
    for (const glob of (inputs["scheduled-tasks"] ?? "")
      .split(/[,\n]/)
      .map((name) => name.trim())
      .filter(Boolean)) {
      const schedule = glob.includes("/") ? sample(glob) : `default/${sample(glob)}`;
      await need(
        `scheduled-tasks ${glob}`,
        "scheduler:UpdateSchedule",
        `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${schedule}`,
      );
      if (!glob.includes("/"))
        await need(
          `scheduled-tasks ${glob}`,
          "events:PutTargets",
          `arn:aws:events:${REGION}:${ACCOUNT}:rule/${sample(glob)}`,
          {
            "events:TargetArn": [clusterArn],
          },
        );
    }
  }
  return problems;
}

/** The tier whose stack owns a cluster (its ClusterName is the Environment by default). */
const tierOfCluster = (cluster: string) => Object.keys(stacks).find((tier) => tier === cluster);

describe("workflow and README snippets use a role their stack trusts and allows", () => {
  it("finds the snippets that deploy or toggle", () => {
    const using = snippets.filter((snippet) =>
      snippet.jobs.some(([, job]) =>
        (job.steps ?? []).some((step) =>
          packAction(step.uses)
            ?.slice(1)
            .some((name) => name === "ecs-deploy" || name === "fargate-spot-toggle"),
        ),
      ),
    );
    expect(using.length).toBeGreaterThan(10);
    expect(Object.keys(stacks).sort()).toEqual(["pre-prod", "prod", "qa"]);
  });

  it.each(snippets.map((snippet) => [snippet.where, snippet] as const))("%s", async (_, snippet) => {
    const problems: string[] = [];
    for (const inputs of inputSets(snippet.workflow)) {
      for (const [name, job] of snippet.jobs) {
        let assumed: { tier: string; role: string; variable: string } | undefined;
        for (const step of job.steps ?? []) {
          if (step.uses?.startsWith("aws-actions/configure-aws-credentials@")) {
            const variable = /vars\.(\w+)/.exec(String(step.with?.["role-to-assume"] ?? ""))?.[1] ?? "";
            const known = VARIABLES[variable];
            if (known === undefined) {
              problems.push(`${name}: role-to-assume ${variable || "?"} is no stack output`);
              continue;
            }
            assumed = { ...known, variable };
            if (snippet.workflow) {
              const subject = subjectOf(snippet.workflow, job, inputs);
              const trust = stacks[known.tier]?.roles[known.role]?.trust;
              if (trust === undefined || !trusts(trust, subject))
                problems.push(`${name} (${inputs["environment"]}): ${variable} does not trust ${subject}`);
            }
            continue;
          }
          const action = packAction(step.uses)?.slice(1).find(Boolean);
          if (action !== "ecs-deploy" && action !== "fargate-spot-toggle") continue;
          const values = Object.fromEntries(
            Object.entries(step.with ?? {}).map(([key, value]) => [key, expand(value, inputs)]),
          );
          const cluster = (values["cluster"] ?? "").split(",")[0]?.trim() ?? "";
          const role = action === "ecs-deploy" ? "Deploy" : "Cost";
          // A fragment without a configure step uses the role its cluster's stack has for the action.
          const tier = assumed?.tier ?? tierOfCluster(cluster);
          if (assumed !== undefined && assumed.role !== role) {
            problems.push(`${name}: ${action} with ${assumed.variable}, not a ${role.toLowerCase()} role`);
            continue;
          }
          const stack = tier === undefined ? undefined : stacks[tier];
          if (stack === undefined) {
            problems.push(`${name}: ${action} on cluster "${cluster}", which no documented stack owns`);
            continue;
          }
          for (const problem of await stepProblems(action, values, stack, role))
            problems.push(`${name} (${inputs["environment"]}): ${problem}`);
        }
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });
});
