import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { KINDS, kindsOf, NAMES, ROLES, readmePolicy, roleIntents, UNSCOPED } from "../scripts/iam.mjs";
import { cfnTemplate, type Json, root, type Statement, tfModule } from "./iam-stacks.js";

const template = cfnTemplate();

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

/** A role's statements as written in the template (a statement under a stack condition unwrapped). */
function rolePolicy(id: string): Statement[] {
  const policies = template.Resources[`${id}Role`]?.Properties["Policies"] as unknown as {
    PolicyDocument: { Statement: Json[] };
  }[];
  return policies
    .flatMap((policy) => policy.PolicyDocument.Statement)
    .map((statement) => {
      const wrapped = field("Fn::If")(statement) as Json[] | undefined;
      return (wrapped?.[1] ?? statement) as unknown as Statement;
    });
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
    expect(template.Resources["GitHubOidcProvider"]?.Properties).toEqual({
      Url: "https://token.actions.githubusercontent.com",
      ClientIdList: ["sts.amazonaws.com"],
    });
  });

  it("refers only to parameters, resources, conditions and pseudo parameters it has", () => {
    const refs = collect(everything, field("Ref")) as string[];
    // Fn::Sub: a string over parameters, or [string, variables] whose own names are the variables.
    const subs = (collect(everything, field("Fn::Sub")) as Json[]).flatMap((sub) => {
      const [text, variables] = Array.isArray(sub)
        ? [String(sub[0]), sub[1] as Record<string, Json>]
        : [String(sub), {}];
      return [...text.matchAll(/\$\{([^}]+)\}/g)].map((match) => match[1] ?? "").filter((name) => !(name in variables));
    });
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
      if (parameter.AllowedValues && parameter.Default !== undefined)
        expect(parameter.AllowedValues).toContain(parameter.Default);
    }
  });

  it.each(ROLES.map((role) => [role.id, role] as const))(
    "%s role: trusts GitHub OIDC for its subjects only",
    (id, role) => {
      const document = template.Resources[`${id}Role`]?.Properties["AssumeRolePolicyDocument"] as unknown as {
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
    "%s: the README's statements, each split by how AWS scopes its actions, resources of the README's types",
    (_, role) => {
      const generated = rolePolicy(role.id);
      const readme = readmePolicy(role.source).Statement;
      const intents = roleIntents(role);
      expect(generated.map((statement) => statement.Sid)).toEqual(intents.map((intent) => intent.sid));
      for (const parent of readme) {
        const children = intents.filter((intent) => intent.parent === parent.Sid);
        expect(children.flatMap((child) => child.actions).sort(), parent.Sid).toEqual(
          list(parent.Action as Json).sort(),
        );
        const types = new Set(list(parent.Resource as Json).flatMap((resource) => kindsOf(String(resource))));
        for (const child of children) {
          expect(child.effect).toBe(parent.Effect ?? "Allow");
          for (const kind of child.kinds)
            expect(types.has(kind), `${child.sid}: ${kind} not in ${parent.Sid}`).toBe(true);
          // On "*" only what AWS cannot scope, or what a condition key holds to the cluster.
          if (child.kinds.length === 0)
            for (const action of child.actions)
              expect(action in UNSCOPED || child.inCluster, `${child.sid}: ${action}`).toBe(true);
          const statement = generated.find((candidate) => candidate.Sid === child.sid);
          for (const [operator, entries] of Object.entries(parent.Condition ?? {}))
            expect(statement?.Condition?.[operator], `${child.sid} keeps ${operator}`).toEqual(entries);
          if (child.inCluster) expect(Object.keys(statement?.Condition?.["ArnEquals"] ?? {})).toContain("ecs:cluster");
        }
      }
    },
  );

  it("gives deploy and cost ECS access to the stack's cluster and task families only", () => {
    const subText = (value: Json): string => {
      const sub = field("Fn::Sub")(value);
      return typeof value === "string" ? value : Array.isArray(sub) ? String(sub[0]) : String(sub);
    };
    for (const id of ["Deploy", "Cost"]) {
      const ecsResources = rolePolicy(id)
        .filter((statement) => !statement.Sid?.startsWith("ReadPromotionSource"))
        .filter((statement) => list(statement.Action as Json).some((action) => String(action).startsWith("ecs:")))
        .flatMap((statement) => list(statement.Resource as Json).map(subText))
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
  const module = tfModule() as unknown as {
    variable: Record<string, { type: string; default?: Json }>;
    locals: Record<string, string>;
    resource: Record<string, Record<string, Record<string, Json>>>;
  };

  it("declares every variable it uses, with the CloudFormation parameters' defaults", () => {
    const text = JSON.stringify(module);
    const used = new Set([...text.matchAll(/var\.([a-z_]+)/g)].map((match) => match[1] ?? ""));
    expect([...used].filter((name) => !(name in module.variable))).toEqual([]);
    const camel = (name: string) => name.replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
    const parameterOf = (name: string) =>
      template.Parameters[camel(name)] ??
      template.Parameters[Object.keys(NAMES).find((key) => NAMES[key]?.tf === name) ?? ""];
    for (const [name, variable] of Object.entries(module.variable)) {
      const parameter = parameterOf(name);
      expect(parameter, name).toBeDefined();
      const expected =
        parameter?.Default === undefined
          ? undefined
          : variable.type === "bool"
            ? parameter.Default === "true"
            : variable.type === "list(string)"
              ? parameter.Default === ""
                ? []
                : parameter.Default.split(",")
              : parameter.Default;
      expect(variable.default, name).toEqual(expected);
    }
  });

  it("derives every empty name from var.environment as the CloudFormation conditions do", () => {
    for (const [name, spec] of Object.entries(NAMES)) {
      const local = module.locals[spec.tf];
      if (spec.derived === undefined) expect(local).toBe(`\${var.${spec.tf}}`);
      else {
        expect(local).toMatch(new RegExp(`^\\$\\{coalesce\\(var\\.${spec.tf}, "`));
        expect(template.Conditions[`Default${name}`]).toEqual({ "Fn::Equals": [{ Ref: name }, ""] });
      }
    }
  });

  it.each(ROLES.map((role) => [role.id, role] as const))("%s role: trust and policy documents wired", (_, role) => {
    expect(module.resource["aws_iam_role"]?.[role.tf]).toMatchObject({
      assume_role_policy: `\${data.aws_iam_policy_document.${role.tf}_trust.json}`,
    });
    expect(module.resource["aws_iam_role_policy"]?.[role.tf]).toMatchObject({
      policy: `\${data.aws_iam_policy_document.${role.tf}.json}`,
    });
  });
});

describe("KINDS", () => {
  it("every kind's ARNs are over the stack's names only", () => {
    const known = new Set(["AWS::Partition", "AWS::Region", "AWS::AccountId", ...Object.keys(NAMES)]);
    const used = Object.values(KINDS).flatMap((kind) =>
      kind.arns.flatMap((arn) => [...arn.matchAll(/\$\{([^}]+)\}/g)].map((match) => match[1] ?? "")),
    );
    expect(used.filter((name) => !known.has(name))).toEqual([]);
  });
});
