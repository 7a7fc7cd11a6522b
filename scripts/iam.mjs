#!/usr/bin/env node
// Generates the IAM roles as code from the policies the READMEs show, so the docs and the templates
// cannot drift apart:
//
//   examples/iam/cloudformation.yml        one stack per environment tier (qa, prod): the GitHub OIDC
//                                          provider (optional) and one role per use
//   examples/iam/terraform/main.tf.json    the same roles as a Terraform module (JSON syntax)
//
// Sources: the ```json block under "## IAM policy" in each action README that ROLES names, and the
// build (image push) policy in examples/iam/README.md. Each README statement becomes one statement of
// its role; a `*` resource is narrowed to the stack's cluster, services and task families where AWS
// supports resource-level permissions for every action in it (RESOURCES below), otherwise kept as the
// README has it (STAR_ONLY: AWS accepts only `*`). Account 123456789012, the README regions and the
// `aws` partition become the stack's own.
//
// Usage: node scripts/iam.mjs          write both files
//        node scripts/iam.mjs --check  fail if a file is not what the READMEs generate
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

/** Which README policy each role carries. An action README with an IAM policy must appear here. */
export const ROLES = [
  {
    id: "Build",
    tf: "build",
    name: "github-build-${Environment}",
    use: "Push images to ECR (deploy-qa.yml, deploy-prod.yml build job)",
    source: "examples/iam/README.md",
    subjects: "BuildSubjects",
    condition: "WithBuildRole",
  },
  {
    id: "Deploy",
    tf: "deploy",
    name: "github-deploy-${Environment}",
    use: "ecs-deploy to the cluster of this environment tier",
    source: "actions/ecs-deploy/README.md",
    subjects: "DeploySubjects",
  },
  {
    id: "Cost",
    tf: "cost",
    name: "github-cost-${Environment}",
    use: "fargate-spot-toggle on the cluster of this environment tier",
    source: "actions/fargate-spot-toggle/README.md",
    subjects: "CostSubjects",
    condition: "WithCostRole",
    tagScoped: true,
  },
];

/** Actions AWS authorises only on `*` (no resource types in the Service Authorization Reference). */
export const STAR_ONLY = new Set([
  "ecs:DescribeTaskDefinition",
  "ecs:RegisterTaskDefinition",
  "ecs:DeregisterTaskDefinition",
  "ecs:ListTaskDefinitions",
  "ecs:ListClusters",
  "ecs:DescribeCapacityProviders",
  "ecr:GetAuthorizationToken",
  "application-autoscaling:DescribeScalableTargets",
  "application-autoscaling:DescribeScalingPolicies",
  "application-autoscaling:DescribeScheduledActions",
  "application-autoscaling:RegisterScalableTarget",
  "sts:GetCallerIdentity",
  "cloudwatch:GetMetricData",
  "cloudwatch:PutMetricData",
  "scheduler:ListSchedules",
  "events:ListRules",
  "codedeploy:ListApplications",
  "codedeploy:ListDeploymentGroups",
]);

// Resource ARNs by kind, as `${...}` templates over the stack's parameters (CloudFormation names).
const ARN = {
  cluster: "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/${ClusterName}",
  service: "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:service/${ClusterName}/${ServicePattern}",
  task: "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/${ClusterName}/*",
  taskDefinition: "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/${TaskFamilyPattern}:*",
  serviceDeployment:
    "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:service-deployment/${ClusterName}/${ServicePattern}/*",
  repository: "arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/${EcrRepositoryPattern}",
  // Services without a parameter here: scoped to this account and region.
  dbCluster: "arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster:*",
  dbInstance: "arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:db:*",
  alarm: "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*",
  schedule: "arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/*",
  rule: "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/*",
  deploymentGroup: "arn:${AWS::Partition}:codedeploy:${AWS::Region}:${AWS::AccountId}:deploymentgroup:*",
  deploymentConfig: "arn:${AWS::Partition}:codedeploy:${AWS::Region}:${AWS::AccountId}:deploymentconfig:*",
  application: "arn:${AWS::Partition}:codedeploy:${AWS::Region}:${AWS::AccountId}:application:*",
  scalableTarget: "arn:${AWS::Partition}:application-autoscaling:${AWS::Region}:${AWS::AccountId}:scalable-target/*",
  logGroup: "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*",
};

/**
 * Actions AWS can scope, with the resources the stack scopes them to (ECS: service, task, task
 * definition, cluster; ECR: repository). `clusterCondition`: the action takes no ARN but honours the
 * `ecs:cluster` condition key, so `*` is narrowed by it.
 */
export const RESOURCES = {
  "ecs:DescribeServices": ["service"],
  "ecs:UpdateService": ["service"],
  "ecs:ListServiceDeployments": ["service"],
  "ecs:DescribeServiceDeployments": ["serviceDeployment"],
  "ecs:StopServiceDeployment": ["serviceDeployment"],
  "ecs:RunTask": ["taskDefinition"],
  "ecs:DescribeTasks": ["task"],
  "ecs:StopTask": ["task"],
  "ecs:TagResource": ["service", "taskDefinition", "task"],
  "ecs:UntagResource": ["service", "taskDefinition", "task"],
  "ecs:DescribeClusters": ["cluster"],
  "ecs:PutClusterCapacityProviders": ["cluster"],
  "ecs:ListServices": "clusterCondition",
  "ecs:ListTasks": "clusterCondition",
  "ecr:BatchCheckLayerAvailability": ["repository"],
  "ecr:BatchGetImage": ["repository"],
  "ecr:DescribeImages": ["repository"],
  "ecr:CompleteLayerUpload": ["repository"],
  "ecr:InitiateLayerUpload": ["repository"],
  "ecr:PutImage": ["repository"],
  "ecr:UploadLayerPart": ["repository"],
  "rds:DescribeDBClusters": ["dbCluster"],
  "rds:StartDBCluster": ["dbCluster"],
  "rds:StopDBCluster": ["dbCluster"],
  "rds:DescribeDBInstances": ["dbInstance"],
  "rds:StartDBInstance": ["dbInstance"],
  "rds:StopDBInstance": ["dbInstance"],
  "rds:AddTagsToResource": ["dbCluster", "dbInstance"],
  "rds:RemoveTagsFromResource": ["dbCluster", "dbInstance"],
  "rds:ListTagsForResource": ["dbCluster", "dbInstance"],
  "cloudwatch:DescribeAlarms": ["alarm"],
  "scheduler:GetSchedule": ["schedule"],
  "scheduler:UpdateSchedule": ["schedule"],
  "events:DescribeRule": ["rule"],
  "events:EnableRule": ["rule"],
  "events:DisableRule": ["rule"],
  "events:ListTargetsByRule": ["rule"],
  "events:PutTargets": ["rule"],
  "events:RemoveTargets": ["rule"],
  "codedeploy:CreateDeployment": ["deploymentGroup"],
  "codedeploy:GetDeployment": ["deploymentGroup"],
  "codedeploy:GetDeploymentGroup": ["deploymentGroup"],
  "codedeploy:StopDeployment": ["deploymentGroup"],
  "codedeploy:GetDeploymentConfig": ["deploymentConfig"],
  "codedeploy:RegisterApplicationRevision": ["application"],
  "codedeploy:GetApplicationRevision": ["application"],
  "application-autoscaling:PutScheduledAction": ["scalableTarget"],
  "application-autoscaling:DeleteScheduledAction": ["scalableTarget"],
  "logs:GetLogEvents": ["logGroup"],
  "logs:FilterLogEvents": ["logGroup"],
};

const README_ACCOUNT = "123456789012";

/** README ARN → the stack's: partition, region and account substituted. `*` regions stay `*`. */
export function localise(arn) {
  if (arn === "*") return arn;
  const parts = arn.split(":");
  if (parts[0] !== "arn" || parts.length < 6) return arn;
  parts[1] = "${AWS::Partition}";
  if (parts[3] !== "" && parts[3] !== "*") parts[3] = "${AWS::Region}";
  if (parts[4] === README_ACCOUNT) parts[4] = "${AWS::AccountId}";
  return parts.join(":");
}

/** The JSON policy under "## IAM policy" (action READMEs) or the first ```json block (examples/iam). */
export function readmePolicy(file) {
  const text = readFileSync(path.join(root, file), "utf8");
  const section = text.includes("## IAM policy") ? text.slice(text.indexOf("## IAM policy")) : text;
  const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error(`${file}: no \`\`\`json IAM policy block`);
  return JSON.parse(block);
}

const list = (value) => [value ?? []].flat();

/** `*` in an IAM pattern matches any run of characters; everything else is literal. */
export function iamMatch(pattern, value) {
  const regex = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${regex}$`).test(value);
}

const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** The optional tag the cost role requires on what it changes (CloudFormation keys cannot be parameters). */
export const COST_TAG = { key: "sre-actions:managed", value: "true" };

/**
 * One role's statements: each README statement, split by what AWS lets us scope. Actions with ARN
 * kinds get the stack's ARNs of those kinds that the README's resource allows (Sid + the kinds);
 * actions that only honour the `ecs:cluster` key get `*` with that condition (Sid + "InCluster");
 * the rest keep the README's resource (Sid unchanged, or + "AnyResource" when split).
 */
export function roleStatements(role) {
  const policy = readmePolicy(role.source);
  return policy.Statement.flatMap((statement, index) => {
    const actions = list(statement.Action);
    const sid = statement.Sid ?? `${role.id}${index + 1}`;
    const readmeResources = list(statement.Resource).map(localise);
    const wildcard = readmeResources.some((arn) => arn.includes("*"));
    const unknown = actions.filter(
      (action) => !(action in RESOURCES) && !STAR_ONLY.has(action) && readmeResources.includes("*"),
    );
    if (unknown.length > 0) {
      throw new Error(
        `${role.source} (${sid}): ${unknown.join(", ")} on "*": classify in scripts/iam.mjs (RESOURCES with the ARN kind AWS authorises, or STAR_ONLY)`,
      );
    }
    const groups = new Map();
    const add = (key, action) => groups.set(key, [...(groups.get(key) ?? []), action]);
    for (const action of actions) {
      const rule = wildcard ? RESOURCES[action] : undefined;
      if (rule === "clusterCondition") add("InCluster", action);
      else if (Array.isArray(rule)) {
        const kinds = rule.filter((kind) => readmeResources.some((pattern) => iamMatch(pattern, ARN[kind])));
        add(kinds.length > 0 ? kinds.join("+") : "", action);
      } else add("", action);
    }
    const split = groups.size > 1;
    const tagged = role.tagScoped === true;
    return [...groups].map(([key, groupActions]) => {
      const condition = structuredClone(statement.Condition ?? {});
      let resources = readmeResources;
      let suffix = split ? "AnyResource" : "";
      if (key === "InCluster") {
        resources = ["*"];
        condition.ArnEquals = { ...condition.ArnEquals, "ecs:cluster": ARN.cluster };
        suffix = "InCluster";
      } else if (key !== "") {
        resources = key.split("+").map((kind) => ARN[kind]);
        suffix = split ? `On${key.split("+").map(capital).join("")}` : "";
      }
      const mutating = groupActions.some((action) => /:(UpdateService|TagResource|UntagResource)$/.test(action));
      return {
        Sid: `${sid}${suffix}`,
        Effect: statement.Effect ?? "Allow",
        Action: groupActions,
        Resource: resources,
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
        ...(tagged && mutating && key !== "" ? { TagScoped: true } : {}),
      };
    });
  });
}

// ── CloudFormation ────────────────────────────────────────────────────────────────────────────────

const PARAMETERS = {
  Environment: {
    Type: "String",
    Default: "qa",
    AllowedPattern: "^[a-z][a-z0-9-]*$",
    Description: "Environment tier in the role names (github-deploy-<Environment>), e.g. qa or prod",
  },
  ClusterName: { Type: "String", Default: "qa", Description: "ECS cluster these roles may deploy to and schedule" },
  ServicePattern: {
    Type: "String",
    Default: "*",
    Description: "Services in the cluster (IAM wildcard), e.g. qa* or web",
  },
  TaskFamilyPattern: {
    Type: "String",
    Default: "*",
    Description: "Task definition families ecs-deploy may register and run (IAM wildcard), e.g. qa*",
  },
  EcrRepositoryPattern: {
    Type: "String",
    Default: "*",
    Description: "ECR repositories the build role may push to (IAM wildcard), e.g. shop-api",
  },
  DeploySubjects: {
    Type: "CommaDelimitedList",
    Default: "repo:acme/shop-api:environment:qa*",
    Description:
      "OIDC sub values allowed to deploy: repo:<org>/<repo>:environment:qa* for QA (the deploy job has environment: qaN), repo:<org>/<repo>:environment:production for prod; add one per product repo",
  },
  BuildSubjects: {
    Type: "CommaDelimitedList",
    Default: "repo:acme/shop-api:ref:refs/heads/*",
    Description: "OIDC sub values allowed to push images: any branch of the product repos",
  },
  CostSubjects: {
    Type: "CommaDelimitedList",
    Default: "repo:acme/platform-schedules:ref:refs/heads/main",
    Description: "OIDC sub values allowed to stop/start and toggle Spot (the repo with cost-schedule.yml)",
  },
  ScopeCostByTag: {
    Type: "String",
    Default: "false",
    AllowedValues: ["true", "false"],
    Description: "true: the cost role changes only services tagged sre-actions:managed=true",
  },
  CreateBuildRole: {
    Type: "String",
    Default: "true",
    AllowedValues: ["true", "false"],
    Description: "Create the image push role (once per account is enough)",
  },
  CreateCostRole: {
    Type: "String",
    Default: "true",
    AllowedValues: ["true", "false"],
    Description: "Create the fargate-spot-toggle role (QA tiers; false for prod)",
  },
  CreateOidcProvider: {
    Type: "String",
    Default: "false",
    AllowedValues: ["true", "false"],
    Description: "true if the account has no GitHub OIDC provider yet (one per account)",
  },
};

const CONDITIONS = {
  WithOidcProvider: { "!Equals": [{ "!Ref": "CreateOidcProvider" }, "true"] },
  WithBuildRole: { "!Equals": [{ "!Ref": "CreateBuildRole" }, "true"] },
  WithCostRole: { "!Equals": [{ "!Ref": "CreateCostRole" }, "true"] },
  CostScopedByTag: { "!Equals": [{ "!Ref": "ScopeCostByTag" }, "true"] },
};

const GITHUB_OIDC = "token.actions.githubusercontent.com";

function cfnStatement(statement) {
  const sub = (value) => (value.includes("${") ? { "!Sub": value } : value);
  const condition = {};
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    condition[operator] = Object.fromEntries(
      Object.entries(entries).map(([key, value]) => [key, Array.isArray(value) ? value.map(sub) : sub(value)]),
    );
  }
  let rendered = Object.keys(condition).length > 0 ? condition : undefined;
  if (statement.TagScoped) {
    const tagged = {
      ...condition,
      StringEquals: { ...condition.StringEquals, [`aws:ResourceTag/${COST_TAG.key}`]: COST_TAG.value },
    };
    rendered = { "!If": ["CostScopedByTag", tagged, rendered ?? { "!Ref": "AWS::NoValue" }] };
  }
  return {
    Sid: statement.Sid,
    Effect: statement.Effect,
    Action: statement.Action,
    Resource: statement.Resource.map(sub),
    ...(rendered !== undefined ? { Condition: rendered } : {}),
  };
}

export function cloudFormation() {
  const resources = {
    GitHubOidcProvider: {
      Type: "AWS::IAM::OIDCProvider",
      Condition: "WithOidcProvider",
      Properties: { Url: `https://${GITHUB_OIDC}`, ClientIdList: ["sts.amazonaws.com"] },
    },
  };
  const outputs = {};
  for (const role of ROLES) {
    resources[`${role.id}Role`] = {
      Type: "AWS::IAM::Role",
      ...(role.condition ? { Condition: role.condition } : {}),
      Properties: {
        RoleName: { "!Sub": role.name },
        Description: role.use,
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: {
                Federated: {
                  "!If": [
                    "WithOidcProvider",
                    { "!Ref": "GitHubOidcProvider" },
                    { "!Sub": `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:oidc-provider/${GITHUB_OIDC}` },
                  ],
                },
              },
              Action: "sts:AssumeRoleWithWebIdentity",
              Condition: {
                StringEquals: { [`${GITHUB_OIDC}:aud`]: "sts.amazonaws.com" },
                StringLike: { [`${GITHUB_OIDC}:sub`]: { "!Ref": role.subjects } },
              },
            },
          ],
        },
        Policies: [
          {
            PolicyName: role.tf,
            PolicyDocument: { Version: "2012-10-17", Statement: roleStatements(role).map(cfnStatement) },
          },
        ],
      },
    };
    outputs[`${role.id}RoleArn`] = {
      ...(role.condition ? { Condition: role.condition } : {}),
      Description: `Repository variable AWS_${role.tf.toUpperCase()}_ROLE_ARN${role.tf === "deploy" ? "_<ENVIRONMENT> (AWS_DEPLOY_ROLE_ARN_QA / _PROD)" : ""}`,
      Value: { "!GetAtt": [`${role.id}Role`, "Arn"] },
    };
  }
  const template = {
    AWSTemplateFormatVersion: "2010-09-09",
    Description:
      "GitHub OIDC roles for sre-actions (generated by scripts/iam.mjs from the README policies; do not edit)",
    Parameters: PARAMETERS,
    Conditions: CONDITIONS,
    Resources: resources,
    Outputs: outputs,
  };
  return `# Generated by \`node scripts/iam.mjs\` from the IAM policies in the READMEs; do not edit by hand.
# Deploy once per environment tier, e.g.
#   aws cloudformation deploy --stack-name github-roles-qa --template-file examples/iam/cloudformation.yml \\
#     --capabilities CAPABILITY_NAMED_IAM --parameter-overrides Environment=qa ClusterName=qa CreateOidcProvider=true \\
#     DeploySubjects=repo:acme/shop-api:environment:qa*
#   aws cloudformation deploy --stack-name github-roles-prod ... Environment=prod ClusterName=prod \\
#     CreateBuildRole=false CreateCostRole=false DeploySubjects=repo:acme/shop-api:environment:production
${yaml(template, 0)}`;
}

/** Minimal YAML emitter: block mappings and sequences, double-quoted scalars, `!Tag` short forms. */
function yaml(value, indent) {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return value
      .map((entry) => {
        const rendered = yaml(entry, indent + 2);
        return isBlock(entry) ? `${pad}- ${rendered.trimStart()}` : `${pad}- ${rendered}`;
      })
      .join("\n");
  }
  if (value !== null && typeof value === "object") {
    const tag = tagOf(value);
    if (tag !== undefined) return `!${tag} ${flow(value[`!${tag}`])}`;
    return Object.entries(value)
      .map(([key, entry]) => {
        const name = /^[A-Za-z0-9_]+$/.test(key) ? key : JSON.stringify(key);
        return isBlock(entry)
          ? `${pad}${name}:\n${yaml(entry, indent + 2)}`
          : `${pad}${name}: ${yaml(entry, indent + 2)}`;
      })
      .join("\n");
  }
  return flow(value);
}

function tagOf(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0].startsWith("!") ? keys[0].slice(1) : undefined;
}

function isBlock(value) {
  if (Array.isArray(value)) return value.length > 0;
  return value !== null && typeof value === "object" && tagOf(value) === undefined && Object.keys(value).length > 0;
}

function flow(value) {
  if (Array.isArray(value)) return `[${value.map(flow).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const tag = tagOf(value);
    if (tag !== undefined) return `!${tag} ${flow(value[`!${tag}`])}`;
    return `{${Object.entries(value)
      .map(([key, entry]) => `${JSON.stringify(key)}: ${flow(entry)}`)
      .join(", ")}}`;
  }
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

// ── Terraform (JSON syntax) ──────────────────────────────────────────────────────────────────────

const TF_NAMES = {
  "AWS::Partition": "data.aws_partition.current.partition",
  "AWS::Region": "data.aws_region.current.region",
  "AWS::AccountId": "data.aws_caller_identity.current.account_id",
  Environment: "var.environment",
  ClusterName: "var.cluster_name",
  ServicePattern: "var.service_pattern",
  TaskFamilyPattern: "var.task_family_pattern",
  EcrRepositoryPattern: "var.ecr_repository_pattern",
};

/** A CloudFormation `${Name}` template as a Terraform interpolation. */
export function tfString(template) {
  return template.replace(/\$\{([^}]+)\}/g, (_, name) => {
    const reference = TF_NAMES[name];
    if (reference === undefined) throw new Error(`no Terraform name for \${${name}}`);
    return `\${${reference}}`;
  });
}

const TF_VARIABLES = {
  environment: ["Environment", "string"],
  cluster_name: ["ClusterName", "string"],
  service_pattern: ["ServicePattern", "string"],
  task_family_pattern: ["TaskFamilyPattern", "string"],
  ecr_repository_pattern: ["EcrRepositoryPattern", "string"],
  deploy_subjects: ["DeploySubjects", "list(string)"],
  build_subjects: ["BuildSubjects", "list(string)"],
  cost_subjects: ["CostSubjects", "list(string)"],
  scope_cost_by_tag: ["ScopeCostByTag", "bool"],
  create_build_role: ["CreateBuildRole", "bool"],
  create_cost_role: ["CreateCostRole", "bool"],
  create_oidc_provider: ["CreateOidcProvider", "bool"],
};

function tfDefault(parameter, type) {
  if (type === "bool") return parameter.Default === "true";
  if (type === "list(string)") return parameter.Default.split(",");
  return parameter.Default;
}

function tfStatement(statement) {
  const conditions = Object.entries(statement.Condition ?? {}).flatMap(([test, entries]) =>
    Object.entries(entries).map(([variable, values]) => ({ test, variable, values: list(values).map(tfString) })),
  );
  return {
    sid: statement.Sid,
    effect: statement.Effect,
    actions: statement.Action,
    resources: statement.Resource.map(tfString),
    ...(conditions.length > 0 ? { condition: conditions } : {}),
    ...(statement.TagScoped
      ? {
          dynamic: {
            condition: {
              for_each: "${var.scope_cost_by_tag ? [1] : []}",
              content: { test: "StringEquals", variable: `aws:ResourceTag/${COST_TAG.key}`, values: [COST_TAG.value] },
            },
          },
        }
      : {}),
  };
}

export function terraform() {
  const variable = {};
  for (const [name, [cfn, type]] of Object.entries(TF_VARIABLES)) {
    const parameter = PARAMETERS[cfn];
    variable[name] = { type, default: tfDefault(parameter, type), description: parameter.Description };
  }
  const oidcArn = `\${coalesce(one(aws_iam_openid_connect_provider.github[*].arn), "arn:\${data.aws_partition.current.partition}:iam::\${data.aws_caller_identity.current.account_id}:oidc-provider/${GITHUB_OIDC}")}`;
  const documents = {};
  const roles = {};
  const policies = {};
  const output = {};
  for (const role of ROLES) {
    const count = role.condition ? { count: `\${var.create_${role.tf}_role ? 1 : 0}` } : {};
    const index = role.condition ? "[0]" : "";
    documents[`${role.tf}_trust`] = {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: ["${local.oidc_provider_arn}"] }],
          condition: [
            { test: "StringEquals", variable: `${GITHUB_OIDC}:aud`, values: ["sts.amazonaws.com"] },
            { test: "StringLike", variable: `${GITHUB_OIDC}:sub`, values: `\${var.${role.tf}_subjects}` },
          ],
        },
      ],
    };
    documents[role.tf] = { statement: roleStatements(role).map(tfStatement) };
    roles[role.tf] = {
      ...count,
      name: tfString(role.name),
      description: role.use,
      max_session_duration: 3600,
      assume_role_policy: `\${data.aws_iam_policy_document.${role.tf}_trust.json}`,
    };
    policies[role.tf] = {
      ...count,
      name: role.tf,
      role: `\${aws_iam_role.${role.tf}${index}.id}`,
      policy: `\${data.aws_iam_policy_document.${role.tf}.json}`,
    };
    output[`${role.tf}_role_arn`] = {
      description: role.use,
      value: role.condition ? `\${one(aws_iam_role.${role.tf}[*].arn)}` : `\${aws_iam_role.${role.tf}.arn}`,
    };
  }
  const module = {
    "//": "Generated by `node scripts/iam.mjs` from the IAM policies in the READMEs; do not edit by hand.",
    terraform: { required_providers: { aws: { source: "hashicorp/aws", version: ">= 6.0" } } },
    variable,
    locals: { oidc_provider_arn: oidcArn },
    data: {
      aws_caller_identity: { current: {} },
      aws_partition: { current: {} },
      aws_region: { current: {} },
      aws_iam_policy_document: documents,
    },
    resource: {
      aws_iam_openid_connect_provider: {
        github: {
          count: "${var.create_oidc_provider ? 1 : 0}",
          url: `https://${GITHUB_OIDC}`,
          client_id_list: ["sts.amazonaws.com"],
        },
      },
      aws_iam_role: roles,
      aws_iam_role_policy: policies,
    },
    output,
  };
  return `${JSON.stringify(module, null, 2)}\n`;
}

export const OUTPUTS = {
  "examples/iam/cloudformation.yml": cloudFormation,
  "examples/iam/terraform/main.tf.json": terraform,
};

/** Action READMEs that show an IAM policy but have no role here. */
export function unassignedPolicies() {
  const assigned = new Set(ROLES.map((role) => role.source));
  const problems = [];
  for (const name of readdirNames(path.join(root, "actions"))) {
    const file = `actions/${name}/README.md`;
    let text;
    try {
      text = readFileSync(path.join(root, file), "utf8");
    } catch {
      continue;
    }
    if (/## IAM policy[\s\S]*?```json/.test(text) && !assigned.has(file)) problems.push(file);
  }
  return problems;
}

function readdirNames(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes("--check");
  const unassigned = unassignedPolicies();
  if (unassigned.length > 0) {
    console.error(`IAM policies with no role in scripts/iam.mjs ROLES: ${unassigned.join(", ")}`);
    process.exitCode = 1;
  }
  for (const [file, generate] of Object.entries(OUTPUTS)) {
    const target = path.join(root, file);
    const text = generate();
    if (check) {
      let current = "";
      try {
        current = readFileSync(target, "utf8");
      } catch {}
      if (current !== text) {
        console.error(`${file} is stale: run node scripts/iam.mjs`);
        process.exitCode = 1;
      }
    } else {
      writeFileSync(target, text);
      console.log(`wrote ${file}`);
    }
  }
}
