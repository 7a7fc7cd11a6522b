// The generated IAM templates as AWS would deploy them: CloudFormation with its intrinsic functions
// evaluated for a set of parameters, Terraform with its expressions evaluated for the same values,
// each turned into plain IAM policy documents for a policy simulator. Also the stack commands the
// READMEs give (the recipes for one account and for two).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse, type Tags, type YAMLMap, type YAMLSeq } from "yaml";
import { ROLES } from "../scripts/iam.mjs";

export const root = path.resolve(import.meta.dirname, "..");
export const read = (file: string) => readFileSync(path.join(root, file), "utf8");

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}
export interface Policy {
  Version: string;
  Statement: Statement[];
}
/** One deployed stack: its roles' policies and trust, by role id (Build, Deploy, Cost). */
export interface Stack {
  account: string;
  region: string;
  environment: string;
  roles: Record<string, { name: string; arn: string; policy: Policy; trust: Policy }>;
}

// ── CloudFormation ────────────────────────────────────────────────────────────────────────────────

const FUNCTIONS = ["Sub", "If", "Equals", "Not", "And", "Or", "GetAtt", "Join", "Select", "Split", "FindInMap"];
/** CloudFormation's short-form tags, parsed into their long form ({ "Fn::Sub": … }, { Ref: … }). */
export const cfnTags: Tags = [
  { tag: "!Ref", resolve: (value: string) => ({ Ref: value }) },
  { tag: "!Condition", resolve: (value: string) => ({ Condition: value }) },
  ...FUNCTIONS.flatMap((name) => [
    { tag: `!${name}`, resolve: (value: string) => ({ [`Fn::${name}`]: value }) },
    {
      tag: `!${name}`,
      collection: "seq" as const,
      resolve: (value: unknown) => ({ [`Fn::${name}`]: (value as YAMLSeq).toJSON() }),
    },
    {
      tag: `!${name}`,
      collection: "map" as const,
      resolve: (value: unknown) => ({ [`Fn::${name}`]: (value as YAMLMap).toJSON() }),
    },
  ]),
];

export interface Template {
  AWSTemplateFormatVersion: string;
  Parameters: Record<string, { Type: string; Default?: string; AllowedValues?: string[]; AllowedPattern?: string }>;
  Conditions: Record<string, Json>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, Json> }>;
  Outputs: Record<string, { Condition?: string; Value: Json }>;
}

export const cfnTemplate = () => parse(read("examples/iam/cloudformation.yml"), { customTags: cfnTags }) as Template;

const NO_VALUE = Symbol("AWS::NoValue");

/** Evaluates the template's intrinsic functions for these parameters, as CloudFormation does. */
export function resolveCloudFormation(
  template: Template,
  overrides: Record<string, string>,
  where: { account: string; region: string },
): Stack {
  const parameters: Record<string, string | string[]> = {};
  for (const [name, spec] of Object.entries(template.Parameters)) {
    const value = overrides[name] ?? spec.Default;
    if (value === undefined) throw new Error(`Parameters: [${name}] must have values`);
    if (spec.AllowedValues && !spec.AllowedValues.includes(value)) throw new Error(`${name}=${value} is not allowed`);
    if (spec.AllowedPattern && !new RegExp(spec.AllowedPattern).test(value))
      throw new Error(`${name}=${value} does not match ${spec.AllowedPattern}`);
    parameters[name] = spec.Type === "CommaDelimitedList" ? value.split(",") : value;
  }
  for (const name of Object.keys(overrides))
    if (!(name in template.Parameters)) throw new Error(`the template has no parameter ${name}`);
  const pseudo: Record<string, string> = {
    "AWS::Partition": "aws",
    "AWS::Region": where.region,
    "AWS::AccountId": where.account,
  };
  const conditions: Record<string, boolean> = {};
  const condition = (name: string): boolean => {
    if (!(name in conditions)) conditions[name] = Boolean(evaluate(template.Conditions[name] ?? null));
    return conditions[name] as boolean;
  };
  const substitute = (text: string, variables: Record<string, unknown>) =>
    text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      const value = name in variables ? variables[name] : (pseudo[name] ?? parameters[name]);
      if (typeof value !== "string") throw new Error(`Fn::Sub: \${${name}} is not a string`);
      return value;
    });
  function evaluate(node: Json): unknown {
    if (Array.isArray(node)) return node.map(evaluate).filter((value) => value !== NO_VALUE);
    if (node === null || typeof node !== "object") return node;
    const [key] = Object.keys(node);
    const argument = node[key ?? ""] as Json;
    if (Object.keys(node).length === 1 && key === "Ref") {
      const name = String(argument);
      if (name === "AWS::NoValue") return NO_VALUE;
      if (name in pseudo) return pseudo[name];
      if (name in parameters) return parameters[name];
      return `<${name}>`; // a resource's physical id
    }
    if (Object.keys(node).length === 1 && key?.startsWith("Fn::")) {
      const args = argument as Json[];
      switch (key) {
        case "Fn::Sub":
          if (typeof argument === "string") return substitute(argument, {});
          return substitute(String(args[0]), evaluate(args[1] ?? {}) as Record<string, unknown>);
        case "Fn::If":
          return condition(String(args[0])) ? evaluate(args[1] ?? null) : evaluate(args[2] ?? null);
        case "Fn::Equals":
          return JSON.stringify(evaluate(args[0] ?? null)) === JSON.stringify(evaluate(args[1] ?? null));
        case "Fn::Not":
          return !evaluate(args[0] ?? null);
        case "Fn::GetAtt":
          return `<${args.join(".")}>`;
        default:
          throw new Error(`unsupported ${key}`);
      }
    }
    return Object.fromEntries(
      Object.entries(node)
        .map(([name, value]) => [name, evaluate(value)] as const)
        .filter(([, value]) => value !== NO_VALUE),
    );
  }
  const environment = String(parameters["Environment"]);
  const roles: Stack["roles"] = {};
  for (const role of ROLES) {
    const resource = template.Resources[`${role.id}Role`];
    if (resource === undefined || (resource.Condition && !condition(resource.Condition))) continue;
    const properties = evaluate(resource.Properties) as {
      RoleName: string;
      AssumeRolePolicyDocument: Policy;
      Policies: { PolicyDocument: Policy }[];
    };
    roles[role.id] = {
      name: properties.RoleName,
      arn: `arn:aws:iam::${where.account}:role/${properties.RoleName}`,
      policy: {
        Version: "2012-10-17",
        Statement: properties.Policies.flatMap((policy) => policy.PolicyDocument.Statement),
      },
      trust: properties.AssumeRolePolicyDocument,
    };
  }
  return { account: where.account, region: where.region, environment, roles };
}

// ── Terraform ────────────────────────────────────────────────────────────────────────────────────

interface TfModule {
  variable: Record<string, { type: string; default?: Json }>;
  locals: Record<string, string>;
  data: { aws_iam_policy_document: Record<string, TfDocument> };
  resource: { aws_iam_role: Record<string, { count?: string; name: string }> };
}
interface TfBlock {
  sid?: string;
  effect: string;
  actions: string[];
  resources: string[];
  principals?: Json;
  condition?: { test: string; variable: string; values: string[] | string }[];
  dynamic?: {
    condition?: { for_each: string; content: TfBlock["condition"] extends (infer C)[] | undefined ? C : never }[];
  };
}
interface TfDocument {
  statement: TfBlock[];
  dynamic?: { statement: { for_each: string; content: TfBlock }[] };
}

export const tfModule = () => JSON.parse(read("examples/iam/terraform/main.tf.json")) as TfModule;

/**
 * Terraform's expression language, the part the module uses: references (var., local., data.),
 * string templates with nested interpolations, coalesce(), ==/!=, ?:, list literals and numbers.
 */
export function tfEvaluator(values: Record<string, unknown>) {
  function template(text: string): unknown {
    // A string that is exactly one interpolation keeps its value's type (lists, booleans).
    const whole = /^\$\{([\s\S]*)\}$/.exec(text);
    if (whole && matchingBrace(text, 1) === text.length - 1) return expression(whole[1] ?? "");
    let out = "";
    let index = 0;
    while (index < text.length) {
      const start = text.indexOf("${", index);
      if (start === -1) {
        out += text.slice(index);
        break;
      }
      out += text.slice(index, start);
      const end = matchingBrace(text, start + 1);
      out += String(expression(text.slice(start + 2, end)));
      index = end + 1;
    }
    return out;
  }
  function matchingBrace(text: string, open: number): number {
    let depth = 0;
    let quoted = false;
    for (let index = open; index < text.length; index += 1) {
      const char = text[index];
      if (char === "\\") index += 1;
      else if (char === '"') quoted = !quoted;
      else if (char === "{") depth += 1;
      else if (char === "}") {
        depth -= 1;
        if (depth === 0) return index;
      } else if (char === "$" && text[index + 1] === "{" && quoted) {
        index = matchingBrace(text, index + 1);
      }
    }
    throw new Error(`unbalanced braces in ${text}`);
  }
  function expression(source: string): unknown {
    let position = 0;
    const skip = () => {
      while (/\s/.test(source[position] ?? "")) position += 1;
    };
    const eat = (token: string) => {
      skip();
      if (source.startsWith(token, position)) {
        position += token.length;
        return true;
      }
      return false;
    };
    function primary(): unknown {
      skip();
      const char = source[position];
      if (char === '"') {
        let end = position + 1;
        let raw = "";
        while (source[end] !== '"') {
          if (source[end] === "$" && source[end + 1] === "{") {
            const close = matchingBrace(source, end + 1);
            raw += source.slice(end, close + 1);
            end = close + 1;
          } else {
            raw += source[end];
            end += 1;
          }
          if (end >= source.length) throw new Error(`unterminated string in ${source}`);
        }
        position = end + 1;
        return template(raw);
      }
      if (char === "[") {
        position += 1;
        const items: unknown[] = [];
        while (!eat("]")) {
          items.push(conditional());
          eat(",");
        }
        return items;
      }
      if (char === "(") {
        position += 1;
        const value = conditional();
        if (!eat(")")) throw new Error(`missing ) in ${source}`);
        return value;
      }
      const number = /^\d+/.exec(source.slice(position));
      if (number) {
        position += number[0].length;
        return Number(number[0]);
      }
      const name = /^[A-Za-z_][\w.]*/.exec(source.slice(position))?.[0];
      if (name === undefined) throw new Error(`cannot read "${source.slice(position)}"`);
      position += name.length;
      if (name === "true" || name === "false") return name === "true";
      if (eat("(")) {
        const args: unknown[] = [];
        while (!eat(")")) {
          args.push(conditional());
          eat(",");
        }
        if (name === "coalesce") return args.find((value) => value !== null && value !== "" && value !== undefined);
        if (name === "can") return true;
        if (name === "regex") return args[1];
        throw new Error(`unsupported function ${name}`);
      }
      if (!(name in values)) throw new Error(`unknown reference ${name}`);
      return values[name];
    }
    function comparison(): unknown {
      const left = primary();
      if (eat("==")) return JSON.stringify(left) === JSON.stringify(primary());
      if (eat("!=")) return JSON.stringify(left) !== JSON.stringify(primary());
      return left;
    }
    function conditional(): unknown {
      const test = comparison();
      if (!eat("?")) return test;
      const yes = conditional();
      if (!eat(":")) throw new Error(`missing : in ${source}`);
      const no = conditional();
      return test ? yes : no;
    }
    const value = conditional();
    skip();
    if (position !== source.length) throw new Error(`unread "${source.slice(position)}" in ${source}`);
    return value;
  }
  return { template, expression };
}

/** The module's policies for these variables, as `terraform apply` would attach them. */
export function resolveTerraform(
  module: TfModule,
  variables: Record<string, unknown>,
  where: { account: string; region: string },
): Stack {
  const values: Record<string, unknown> = {
    "data.aws_partition.current.partition": "aws",
    "data.aws_region.current.region": where.region,
    "data.aws_caller_identity.current.account_id": where.account,
  };
  for (const [name, spec] of Object.entries(module.variable)) {
    const value = variables[name] ?? spec.default;
    if (value === undefined) throw new Error(`No value for required variable "${name}"`);
    values[`var.${name}`] = value;
  }
  for (const name of Object.keys(variables))
    if (!(name in module.variable)) throw new Error(`the module has no variable ${name}`);
  const { template } = tfEvaluator(values);
  values["local.oidc_provider_arn"] = `arn:aws:iam::${where.account}:oidc-provider/token.actions.githubusercontent.com`;
  for (const [name, expression] of Object.entries(module.locals)) {
    if (name !== "oidc_provider_arn") values[`local.${name}`] = template(expression);
  }
  const block = (statement: TfBlock): Statement => {
    const conditions = [
      ...(statement.condition ?? []),
      ...(statement.dynamic?.condition ?? []).flatMap((entry) =>
        (template(entry.for_each) as unknown[]).length > 0 ? [entry.content] : [],
      ),
    ];
    const Condition: Statement["Condition"] = {};
    for (const { test, variable, values: raw } of conditions) {
      const resolved =
        typeof raw === "string" ? (template(raw) as string[]) : raw.map((value) => String(template(value)));
      Condition[test] = { ...Condition[test], [variable]: resolved.length === 1 ? (resolved[0] as string) : resolved };
    }
    return {
      ...(statement.sid ? { Sid: statement.sid } : {}),
      Effect: statement.effect,
      Action: statement.actions,
      Resource: (statement.resources ?? []).map((resource) => String(template(resource))),
      ...(Object.keys(Condition).length > 0 ? { Condition } : {}),
    };
  };
  const document = (doc: TfDocument): Policy => ({
    Version: "2012-10-17",
    Statement: [
      ...doc.statement.map(block),
      ...(doc.dynamic?.statement ?? []).flatMap((entry) =>
        (template(entry.for_each) as unknown[]).length > 0 ? [block(entry.content)] : [],
      ),
    ],
  });
  const roles: Stack["roles"] = {};
  for (const role of ROLES) {
    const resource = module.resource.aws_iam_role[role.tf];
    if (resource === undefined || (resource.count !== undefined && template(resource.count) === 0)) continue;
    const name = String(template(resource.name));
    const policy = module.data.aws_iam_policy_document[role.tf];
    const trust = module.data.aws_iam_policy_document[`${role.tf}_trust`];
    if (policy === undefined || trust === undefined) throw new Error(`no policy documents for ${role.tf}`);
    roles[role.id] = {
      name,
      arn: `arn:aws:iam::${where.account}:role/${name}`,
      policy: document(policy),
      trust: {
        ...document(trust),
        Statement: document(trust).Statement.map((statement) => ({
          ...statement,
          Principal: { Federated: String(values["local.oidc_provider_arn"]) },
        })),
      },
    };
  }
  return { account: where.account, region: where.region, environment: String(values["var.environment"]), roles };
}

// ── The recipes the READMEs give ─────────────────────────────────────────────────────────────────

/** Shell words of a command: quotes removed (a word may mix quoted and bare parts), continuations joined. */
function words(command: string): string[] {
  return [...command.replace(/\\\n/g, " ").matchAll(/(?:'[^']*'|"[^"]*"|[^\s'"])+/g)].map(([word]) =>
    word.replace(/'([^']*)'|"([^"]*)"/g, (_, single?: string, double?: string) => single ?? double ?? ""),
  );
}

export interface StackCommand {
  stack: string;
  profile: string | undefined;
  parameters: Record<string, string>;
}

/** Every `aws cloudformation deploy` in one fenced block, in order. */
export function stackCommands(block: string): StackCommand[] {
  const commands: StackCommand[] = [];
  for (const [command] of block.matchAll(/aws cloudformation deploy(?:[^\n]*\\\n)*[^\n]*/g)) {
    const argv = words(command);
    const parameters: Record<string, string> = {};
    const at = argv.indexOf("--parameter-overrides");
    for (const word of at === -1 ? [] : argv.slice(at + 1)) {
      if (word.startsWith("--")) break;
      const eq = word.indexOf("=");
      parameters[word.slice(0, eq)] = word.slice(eq + 1);
    }
    const option = (name: string) => {
      const index = argv.indexOf(name);
      return index === -1 ? undefined : argv[index + 1];
    };
    commands.push({ stack: option("--stack-name") ?? "", profile: option("--profile"), parameters });
  }
  return commands;
}

/** The ```sh blocks of a Markdown file that deploy the stacks: each one recipe. */
export function recipes(file: string): { file: string; commands: StackCommand[] }[] {
  return [...read(file).matchAll(/```sh\n([\s\S]*?)```/g)]
    .map((match) => stackCommands(match[1] ?? ""))
    .filter((commands) => commands.length > 0)
    .map((commands) => ({ file, commands }));
}

/** The `module "…" { … }` blocks of a Markdown file's ```hcl blocks: variables by module. */
export function terraformModules(file: string): { name: string; variables: Record<string, unknown> }[] {
  const modules: { name: string; variables: Record<string, unknown> }[] = [];
  for (const [, block = ""] of read(file).matchAll(/```hcl\n([\s\S]*?)```/g)) {
    for (const [, name = "", body = ""] of block.matchAll(/module "([^"]+)" \{\n([\s\S]*?)\n\}/g)) {
      const variables: Record<string, unknown> = {};
      for (const [, key = "", value = ""] of body.matchAll(/^\s*(\w+)\s*=\s*(.+?)\s*$/gm)) {
        if (key === "source" || key === "providers") continue;
        variables[key] = JSON.parse(value);
      }
      modules.push({ name, variables });
    }
  }
  return modules;
}

/** GitHub's OIDC trust: `aud` must equal, `sub` must match one StringLike pattern (IAM wildcards). */
export function trusts(trust: Policy, subject: string): boolean {
  return trust.Statement.some((statement) => {
    const conditions = statement.Condition ?? {};
    const aud = conditions["StringEquals"]?.["token.actions.githubusercontent.com:aud"];
    const patterns = [conditions["StringLike"]?.["token.actions.githubusercontent.com:sub"] ?? []].flat();
    return (
      statement.Effect === "Allow" &&
      aud === "sts.amazonaws.com" &&
      patterns.some((pattern) => wildcard(pattern).test(subject))
    );
  });
}

/** IAM's StringLike: `*` any run of characters, `?` one character. */
export function wildcard(pattern: string): RegExp {
  const body = pattern
    .split("")
    .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}

/** A resource of each kind per tier, named as the stacks expect by default (examples/iam/README.md). */
export const SAMPLES: Record<string, Record<string, string>> = {
  qa: {
    cluster: "qa",
    service: "qa3-web",
    family: "qa3-web",
    taskRole: "ecs-task-qa3-web",
    executionRole: "ecs-task-execution-qa",
    eventsRole: "ecs-events-qa",
    logGroup: "/ecs/qa3-web",
    extraLogGroup: "/aws/ecs/qa3-web",
    dbCluster: "qa3-aurora",
    schedule: "default/qa3-nightly",
    rule: "qa3-nightly",
    application: "AppECS-qa-qa3-web",
    group: "DgpECS-qa-qa3-web",
    repository: "shop-api",
    alarm: "qa3-web-5xx",
  },
  "pre-prod": {
    cluster: "pre-prod",
    service: "web",
    family: "pre-prod-web",
    taskRole: "ecs-task-pre-prod-web",
    executionRole: "ecs-task-execution-pre-prod",
    eventsRole: "ecs-events-pre-prod",
    logGroup: "/ecs/pre-prod-web",
    extraLogGroup: "/aws/ecs/pre-prod-web",
    dbCluster: "pre-prod-aurora",
    schedule: "default/pre-prod-nightly",
    rule: "pre-prod-nightly",
    application: "AppECS-pre-prod-web",
    group: "DgpECS-pre-prod-web",
    repository: "shop-api",
    alarm: "pre-prod-web-5xx",
  },
  prod: {
    cluster: "prod",
    service: "web",
    family: "prod-web",
    taskRole: "ecs-task-prod-web",
    executionRole: "ecs-task-execution-prod",
    eventsRole: "ecs-events-prod",
    logGroup: "/ecs/prod-web",
    extraLogGroup: "/aws/ecs/prod-web",
    dbCluster: "prod-aurora",
    schedule: "default/prod-nightly",
    rule: "prod-nightly",
    application: "AppECS-prod-web",
    group: "DgpECS-prod-web",
    repository: "shop-api",
    alarm: "prod-web-5xx",
  },
};
