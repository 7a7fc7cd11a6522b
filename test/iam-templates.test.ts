import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, type Tags, type YAMLMap, type YAMLSeq } from "yaml";
import { RESOURCES, ROLES, STAR_ONLY } from "../scripts/iam.mjs";

const root = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Statement {
  Sid: string;
  Effect: string;
  Action: string | string[];
  Resource: Json;
  Condition?: Json;
}

// CloudFormation's short-form tags, parsed into their long form ({ "Fn::Sub": … }, { Ref: … }).
const FUNCTIONS = ["Sub", "If", "Equals", "Not", "And", "Or", "GetAtt", "Join", "Select", "Split", "FindInMap"];
const cfnTags: Tags = [
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

const template = parse(read("examples/iam/cloudformation.yml"), { customTags: cfnTags }) as {
  AWSTemplateFormatVersion: string;
  Parameters: Record<string, { Type: string; Default?: string; AllowedValues?: string[] }>;
  Conditions: Record<string, Json>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, Json> }>;
  Outputs: Record<string, { Condition?: string; Value: Json }>;
};

/** Every value under `node` for which `pick` returns something. */
function collect<T>(node: Json, pick: (value: Json) => T | undefined): T[] {
  const found = pick(node);
  const here = found === undefined ? [] : [found];
  if (Array.isArray(node)) return [...here, ...node.flatMap((entry) => collect(entry, pick))];
  if (node !== null && typeof node === "object")
    return [...here, ...Object.values(node).flatMap((entry) => collect(entry, pick))];
  return here;
}
const field = (key: string) => (value: Json) =>
  value !== null && typeof value === "object" && !Array.isArray(value) && key in value ? value[key] : undefined;
const list = (value: Json | undefined): Json[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** README placeholders → the stack's own (the rule scripts/iam.mjs documents). */
function localise(arn: string): string {
  if (arn === "*") return arn;
  const parts = arn.split(":");
  if (parts[0] !== "arn") return arn;
  parts[1] = "${AWS::Partition}";
  if (parts[3] !== "" && parts[3] !== "*") parts[3] = "${AWS::Region}";
  if (parts[4] === "123456789012") parts[4] = "${AWS::AccountId}";
  return parts.join(":");
}
const iamMatch = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  ).test(value);
const subText = (value: Json): string =>
  typeof value === "string" ? value : String((value as Record<string, Json>)["Fn::Sub"] ?? JSON.stringify(value));

function readmePolicy(file: string): { Statement: Statement[] } {
  const text = read(file);
  const section = text.includes("## IAM policy") ? text.slice(text.indexOf("## IAM policy")) : text;
  return JSON.parse(/```json\n([\s\S]*?)```/.exec(section)?.[1] ?? "{}");
}

function rolePolicy(id: string): Statement[] {
  const policies = template.Resources[`${id}Role`]?.Properties.Policies as unknown as {
    PolicyDocument: { Statement: Statement[] };
  }[];
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

describe("IAM templates are generated from the README policies", () => {
  it("node scripts/iam.mjs --check: both templates are current and every README policy has a role", () => {
    const run = spawnSync(process.execPath, ["scripts/iam.mjs", "--check"], { cwd: root, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});

describe("examples/iam/cloudformation.yml", () => {
  const names = {
    parameters: new Set(Object.keys(template.Parameters)),
    resources: new Set(Object.keys(template.Resources)),
    conditions: new Set(Object.keys(template.Conditions)),
  };
  const everything = template as unknown as Json;

  it("is a template of IAM roles and the OIDC provider", () => {
    expect(template.AWSTemplateFormatVersion).toBe("2010-09-09");
    expect(new Set(Object.values(template.Resources).map((resource) => resource.Type))).toEqual(
      new Set(["AWS::IAM::OIDCProvider", "AWS::IAM::Role"]),
    );
    expect(template.Resources.GitHubOidcProvider?.Properties).toEqual({
      Url: "https://token.actions.githubusercontent.com",
      ClientIdList: ["sts.amazonaws.com"],
    });
  });

  it("refers only to parameters, resources, conditions and pseudo parameters it has", () => {
    const refs = collect(everything, field("Ref")) as string[];
    const subs = (collect(everything, field("Fn::Sub")) as string[]).flatMap((text) =>
      [...text.matchAll(/\$\{([^}]+)\}/g)].map((match) => match[1] ?? ""),
    );
    const known = (name: string) =>
      name.startsWith("AWS::")
        ? ["AWS::Partition", "AWS::Region", "AWS::AccountId", "AWS::NoValue"].includes(name)
        : names.parameters.has(name) || names.resources.has(name);
    expect([...refs, ...subs].filter((name) => !known(name))).toEqual([]);
    const usedConditions = [
      ...Object.values(template.Resources).flatMap((resource) => list(resource.Condition)),
      ...Object.values(template.Outputs).flatMap((output) => list(output.Condition)),
      ...(collect(everything, field("Fn::If")) as Json[][]).map((args) => args[0]),
    ];
    expect(usedConditions.filter((name) => !names.conditions.has(String(name)))).toEqual([]);
    const getAtts = collect(everything, field("Fn::GetAtt")) as string[][];
    expect(getAtts.filter(([resource]) => !names.resources.has(resource ?? ""))).toEqual([]);
    for (const parameter of Object.values(template.Parameters)) {
      if (parameter.AllowedValues) expect(parameter.AllowedValues).toContain(parameter.Default);
    }
  });

  it.each(ROLES.map((role) => [role.id, role] as const))(
    "%s role: trusts GitHub OIDC for its subjects only",
    (id, role) => {
      const document = template.Resources[`${id}Role`]?.Properties.AssumeRolePolicyDocument as unknown as {
        Statement: Statement[];
      };
      const trust = document.Statement;
      expect(trust).toHaveLength(1);
      expect(trust[0]?.Action).toBe("sts:AssumeRoleWithWebIdentity");
      expect(trust[0]?.Condition).toEqual({
        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
        StringLike: { "token.actions.githubusercontent.com:sub": { Ref: role.subjects } },
      });
      expect(template.Parameters[role.subjects]?.Type).toBe("CommaDelimitedList");
    },
  );

  it.each(ROLES.map((role) => [`${role.id} = ${role.source}`, role] as const))(
    "%s: the same statements, narrowed only where AWS allows",
    (_, role) => {
      const generated = rolePolicy(role.id);
      const readme = readmePolicy(role.source).Statement;
      // Every generated statement descends from one README statement (its Sid is a prefix).
      const parentOf = (statement: Statement) =>
        readme
          .filter((candidate) => statement.Sid.startsWith(candidate.Sid))
          .sort((a, b) => b.Sid.length - a.Sid.length)[0];
      expect(generated.filter((statement) => parentOf(statement) === undefined).map((s) => s.Sid)).toEqual([]);
      for (const parent of readme) {
        const children = generated.filter((statement) => parentOf(statement) === parent);
        expect(children.flatMap((child) => list(child.Action)).sort(), parent.Sid).toEqual(list(parent.Action).sort());
        const patterns = list(parent.Resource).map((arn) => localise(String(arn)));
        for (const child of children) {
          expect(child.Effect).toBe(parent.Effect);
          const resources = list(child.Resource).map(subText);
          // Narrower or equal: each resource is inside what the README grants.
          for (const resource of resources) {
            expect(
              patterns.some((pattern) => iamMatch(pattern, resource)),
              `${child.Sid}: ${resource} not within ${patterns}`,
            ).toBe(true);
          }
          // The README's conditions are kept.
          for (const [operator, entries] of Object.entries((parent.Condition ?? {}) as Record<string, Json>)) {
            const kept = (child.Condition as Record<string, Json> | undefined)?.[operator];
            expect(kept, `${child.Sid} keeps ${operator}`).toEqual(entries);
          }
          // Scoped where AWS allows: an action with resource-level permissions never gets "*"
          // (only those that honour ecs:cluster, and then with that condition).
          if (resources.includes("*")) {
            const scopable = list(child.Action).filter((action) => Array.isArray(RESOURCES[String(action)]));
            expect(scopable, `${child.Sid} grants on *`).toEqual([]);
            const clusterScoped = list(child.Action).filter(
              (action) => RESOURCES[String(action)] === "clusterCondition",
            );
            if (clusterScoped.length > 0) {
              expect(child.Condition).toMatchObject({ ArnEquals: { "ecs:cluster": expect.anything() } });
            } else {
              const others = list(child.Action).filter((action) => !STAR_ONLY.has(String(action)));
              expect(patterns.includes("*") ? others : [], `${child.Sid}: unclassified actions on *`).toEqual([]);
            }
          }
        }
      }
    },
  );

  it("gives deploy and cost ECS access to the stack's cluster only", () => {
    for (const id of ["Deploy", "Cost"]) {
      const ecsResources = rolePolicy(id)
        .filter((statement) => list(statement.Action).some((action) => String(action).startsWith("ecs:")))
        .flatMap((statement) => list(statement.Resource).map(subText))
        .filter((resource) => resource !== "*");
      expect(ecsResources.length).toBeGreaterThan(0);
      for (const resource of ecsResources)
        expect(resource).toMatch(
          /:(cluster|service|service-deployment|task)\/\$\{ClusterName\}|task-definition\/\$\{TaskFamilyPattern\}/,
        );
    }
  });
});

describe("examples/iam/terraform/main.tf.json", () => {
  const module = JSON.parse(read("examples/iam/terraform/main.tf.json")) as {
    variable: Record<string, { type: string; default: Json }>;
    data: { aws_iam_policy_document: Record<string, { statement: Record<string, Json>[] }> };
    resource: Record<string, Record<string, Record<string, Json>>>;
  };
  const TF_OF: Record<string, string> = {
    "AWS::Partition": "data.aws_partition.current.partition",
    "AWS::Region": "data.aws_region.current.region",
    "AWS::AccountId": "data.aws_caller_identity.current.account_id",
  };

  it("declares every variable it uses, with the CloudFormation parameters' defaults", () => {
    const text = JSON.stringify(module);
    const used = new Set([...text.matchAll(/var\.([a-z_]+)/g)].map((match) => match[1] ?? ""));
    expect([...used].filter((name) => !(name in module.variable))).toEqual([]);
    const camel = (name: string) => name.replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
    for (const [name, variable] of Object.entries(module.variable)) {
      const parameter = template.Parameters[camel(name)];
      expect(parameter, name).toBeDefined();
      const expected =
        variable.type === "bool"
          ? parameter?.Default === "true"
          : variable.type === "list(string)"
            ? parameter?.Default?.split(",")
            : parameter?.Default;
      expect(variable.default, name).toEqual(expected);
    }
  });

  it.each(ROLES.map((role) => [role.id, role] as const))("%s role: the CloudFormation statements", (id, role) => {
    const toTf = (text: string) =>
      text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
        if (TF_OF[name]) return `\${${TF_OF[name]}}`;
        return `\${var.${name.replace(/[A-Z]/g, (letter, index: number) => (index > 0 ? "_" : "") + letter.toLowerCase())}}`;
      });
    const expected = rolePolicy(id).map((statement) => ({
      sid: statement.Sid,
      actions: list(statement.Action),
      resources: list(statement.Resource).map((resource) => toTf(subText(resource))),
    }));
    const actual = module.data.aws_iam_policy_document[role.tf]?.statement.map((statement) => ({
      sid: statement.sid,
      actions: statement.actions,
      resources: statement.resources,
    }));
    expect(actual).toEqual(expected);
    expect(module.resource.aws_iam_role?.[role.tf]).toMatchObject({
      assume_role_policy: `\${data.aws_iam_policy_document.${role.tf}_trust.json}`,
    });
  });
});
