import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collect, iamMatch, type Json, parseTemplate } from "./cfn-yaml.js";
import { cfnTemplate, resolveCloudFormation, wildcard } from "./iam-stacks.js";

// examples/qa-service/cloudformation.yml: the prerequisites of a first deploy (cluster, a service with
// the circuit breaker, awslogs, roles), checked for shape and for names the qa deploy role allows.
const root = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const template = parseTemplate(read("examples/qa-service/cloudformation.yml"));
const everything = template as unknown as Json;

const PSEUDO = new Set(["AWS::Region", "AWS::AccountId", "AWS::Partition", "AWS::StackName", "AWS::URLSuffix"]);
const defaults: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(template.Parameters).flatMap(([name, parameter]) =>
      parameter.Default === undefined ? [] : [[name, String(parameter.Default)]],
    ),
  ),
  "AWS::Region": "ap-northeast-1",
  "AWS::AccountId": "123456789012",
  "AWS::Partition": "aws",
};

/** A property value with the parameters at their defaults (Ref, Sub, GetAtt of a named resource). */
function resolve(value: Json): string {
  if (typeof value === "string" || typeof value === "number") return String(value);
  const object = value as Record<string, Json>;
  if (typeof object["Ref"] === "string") {
    const resource = template.Resources[object["Ref"]];
    if (resource !== undefined) return resolveName(object["Ref"]);
    return defaults[object["Ref"]] ?? `<${object["Ref"]}>`;
  }
  if (typeof object["Fn::Sub"] === "string") {
    return object["Fn::Sub"].replace(/\$\{([\w:]+)\}/g, (_, name: string) => defaults[name] ?? `<${name}>`);
  }
  if (Array.isArray(object["Fn::GetAtt"])) return resolveName(String(object["Fn::GetAtt"][0]));
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

/** What a resource's Ref or Arn names: its name property, resolved. */
function resolveName(logicalId: string): string {
  const resource = template.Resources[logicalId];
  const properties = resource?.Properties ?? {};
  const name =
    properties["RoleName"] ??
    properties["LogGroupName"] ??
    properties["ClusterName"] ??
    properties["Family"] ??
    properties["ServiceName"];
  if (name === undefined) throw new Error(`${logicalId} has no name`);
  const resolved = resolve(name);
  return resource?.Type === "AWS::IAM::Role" ? `arn:aws:iam::123456789012:role/${resolved}` : resolved;
}

const props = (logicalId: string) => template.Resources[logicalId]?.Properties ?? {};
const container = () => (props("TaskDefinition")["ContainerDefinitions"] as Record<string, Json>[])[0] ?? {};

describe("examples/qa-service/cloudformation.yml", () => {
  it("declares the cluster, log group, roles, task definition, security group and service", () => {
    expect(template.AWSTemplateFormatVersion).toBe("2010-09-09");
    expect(Object.fromEntries(Object.entries(template.Resources).map(([id, resource]) => [id, resource.Type]))).toEqual(
      {
        Cluster: "AWS::ECS::Cluster",
        LogGroup: "AWS::Logs::LogGroup",
        TaskRole: "AWS::IAM::Role",
        ExecutionRole: "AWS::IAM::Role",
        TaskDefinition: "AWS::ECS::TaskDefinition",
        SecurityGroup: "AWS::EC2::SecurityGroup",
        Service: "AWS::ECS::Service",
      },
    );
  });

  it("refers only to its own parameters, resources, conditions and AWS's pseudo parameters", () => {
    const names = new Set([...Object.keys(template.Parameters), ...Object.keys(template.Resources), ...PSEUDO]);
    const refs = collect(everything, (value) =>
      value !== null && typeof value === "object" && !Array.isArray(value) && typeof value["Ref"] === "string"
        ? value["Ref"]
        : undefined,
    );
    const subs = collect(everything, (value) =>
      value !== null && typeof value === "object" && !Array.isArray(value) && typeof value["Fn::Sub"] === "string"
        ? value["Fn::Sub"]
        : undefined,
    ).flatMap((text) => [...text.matchAll(/\$\{([\w:]+)(?:\.\w+)?\}/g)].map((match) => match[1] ?? ""));
    const atts = collect(everything, (value) =>
      value !== null && typeof value === "object" && !Array.isArray(value) && Array.isArray(value["Fn::GetAtt"])
        ? String(value["Fn::GetAtt"][0])
        : undefined,
    );
    expect([...refs, ...subs, ...atts].filter((name) => !names.has(name))).toEqual([]);
    const conditions = [
      ...Object.values(template.Resources).flatMap((resource) => (resource.Condition ? [resource.Condition] : [])),
      ...collect(everything, (value) =>
        value !== null && typeof value === "object" && !Array.isArray(value) && Array.isArray(value["Fn::If"])
          ? String(value["Fn::If"][0])
          : undefined,
      ),
    ];
    expect(conditions.filter((name) => !(name in (template.Conditions ?? {})))).toEqual([]);
    expect(template.Parameters["Image"]?.Default).toBeUndefined(); // an image of the team's ECR repository
  });

  it("names everything as deploy-qa.yml expects for qa3: cluster qa, service and family qa3-web, log group /ecs/qa3-web", () => {
    expect(resolve(props("Service")["ServiceName"] ?? "")).toBe("qa3-web");
    expect(resolve(props("TaskDefinition")["Family"] ?? "")).toBe("qa3-web");
    expect(resolve(props("LogGroup")["LogGroupName"] ?? "")).toBe("/ecs/qa3-web");
    expect(resolve(props("Cluster")["ClusterName"] ?? "")).toBe("qa");
    // deploy-qa.yml: cluster vars.QA_CLUSTER || 'qa', services format(vars.QA_SERVICES, env) with QA_SERVICES={0}-web.
    const workflow = read("examples/workflows/deploy-qa.yml");
    expect(workflow).toContain("cluster: ${{ vars.QA_CLUSTER || 'qa' }}");
    expect(workflow).toContain("format(vars.QA_SERVICES || '{0}-web,{0}-worker', inputs.environment)");
  });

  it("rolls back with the circuit breaker and logs with awslogs to its log group", () => {
    const service = props("Service");
    expect(service["DeploymentConfiguration"]).toMatchObject({
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
    });
    expect(service["DeploymentController"]).toEqual({ Type: "ECS" });
    expect(service["Tags"]).toContainEqual({ Key: "sre-actions:managed", Value: "true" });
    const logs = container()["LogConfiguration"] as { LogDriver: string; Options: Record<string, Json> };
    expect(logs.LogDriver).toBe("awslogs");
    expect(logs.Options["awslogs-group"]).toEqual({ Ref: "LogGroup" });
    expect(logs.Options["awslogs-region"]).toEqual({ Ref: "AWS::Region" });
    expect(logs.Options["awslogs-stream-prefix"]).toBe("web");
    expect(container()["Image"]).toEqual({ Ref: "Image" });
    expect(props("TaskDefinition")["RequiresCompatibilities"]).toEqual(["FARGATE"]);
  });

  it("fits the qa deploy role: task roles ecs-task-qa-*, cluster qa, log groups /ecs/*", () => {
    const taskRole = resolve(props("TaskDefinition")["TaskRoleArn"] ?? "");
    const executionRole = resolve(props("TaskDefinition")["ExecutionRoleArn"] ?? "");
    for (const role of [taskRole, executionRole]) {
      expect(role, "the qa tier's task role pattern").toSatisfy((arn: string) =>
        iamMatch("arn:aws:iam::123456789012:role/ecs-task-qa-*", arn),
      );
    }
    // And what the qa stack of examples/iam allows, evaluated as CloudFormation would deploy it.
    const qa = resolveCloudFormation(
      cfnTemplate(),
      { Environment: "qa", DeploySubjects: "repo:acme/shop-api:environment:qa*" },
      { account: "123456789012", region: "ap-northeast-1" },
    );
    const statements = qa.roles["Deploy"]?.policy.Statement ?? [];
    const allows = (action: string, resource: string) =>
      statements.some(
        (statement) =>
          statement.Effect === "Allow" &&
          [statement.Action].flat().includes(action) &&
          [statement.Resource].flat().some((pattern) => wildcard(pattern).test(resource)),
      );
    for (const role of [taskRole, executionRole]) expect(allows("iam:PassRole", role), role).toBe(true);
    const logGroup = `arn:aws:logs:ap-northeast-1:123456789012:log-group:${resolve(props("LogGroup")["LogGroupName"] ?? "")}:log-stream:web/web/0123`;
    expect(allows("logs:GetLogEvents", logGroup)).toBe(true);
    const service = `arn:aws:ecs:ap-northeast-1:123456789012:service/${resolve(props("Cluster")["ClusterName"] ?? "")}/qa3-web`;
    expect(allows("ecs:UpdateService", service)).toBe(true);
  });

  const cfnLint = spawnSync("cfn-lint", ["--version"], { encoding: "utf8" }).status === 0;
  it.skipIf(!cfnLint)(
    "passes cfn-lint against the CloudFormation resource specification (where cfn-lint is installed)",
    () => {
      expect(() =>
        execFileSync("cfn-lint", [path.join(root, "examples/qa-service/cloudformation.yml")], { encoding: "utf8" }),
      ).not.toThrow();
    },
  );
});
