import { DescribeServices$, RegisterTaskDefinition$ } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { checkShape, operationShapes } from "../src/aws/shape-check.js";

describe("checkShape against the SDK's operation schemas", () => {
  const describeServices = operationShapes(DescribeServices$);
  const register = operationShapes(RegisterTaskDefinition$);

  it("accepts a well-formed request and reports nothing", () => {
    expect(
      checkShape(
        describeServices.input,
        { cluster: "prod", services: ["web"], include: ["TAGS"] },
        { requireMembers: true },
      ),
    ).toEqual([]);
  });

  it("reports unknown members, wrong types and missing required members with their paths", () => {
    const problems = checkShape(
      register.input,
      {
        family: "web",
        containerDefinitions: [{ name: "app", memory: "512", logConfiguration: { options: { a: 1 } }, extra: true }],
      },
      { requireMembers: true },
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { kind: "unknown", path: "containerDefinitions.1.member.extra", structure: "ContainerDefinition" },
        { kind: "type", path: "containerDefinitions.1.member.memory", expected: "a number", got: "a string" },
        { kind: "missing", path: "containerDefinitions.1.member.logConfiguration.logDriver" },
        {
          kind: "type",
          path: "containerDefinitions.1.member.logConfiguration.options.a",
          expected: "a string",
          got: "a number",
        },
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it("checks responses too (without required members): a misspelled output member is caught", () => {
    const problems = checkShape(
      describeServices.output,
      { services: [{ serviceName: "web", deployments: [{ rolloutStatus: "COMPLETED", createdAt: 1_700_000_000 }] }] },
      { requireMembers: false },
    );
    expect(problems).toEqual([
      { kind: "unknown", path: "services.1.member.deployments.1.member.rolloutStatus", structure: "Deployment" },
    ]);
  });
});
