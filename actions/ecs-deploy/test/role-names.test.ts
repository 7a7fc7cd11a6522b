import { inputErrorOf } from "@sre-actions/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { ECR, inputsOf, type Scenario, scenario } from "./fixtures/scenario.js";

// A role given by name becomes the ARN of that role in the service's account; a role that lives
// under an IAM path (service-role/…) keeps its path, or ECS could not assume it.
let s: Scenario | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const registered = (fake: Scenario) =>
  fake.aws.requests.find((request) => request.operation === "RegisterTaskDefinition")?.body as {
    taskRoleArn?: string;
    executionRoleArn?: string;
  };

describe("task-role-arn / execution-role-arn by name", () => {
  it("registers path-qualified names with their path, in the service's account", async () => {
    s = await scenario();
    const result = await s.run({
      image: `${ECR}/rails:v2`,
      "task-role-arn": "service-role/kanna-batch",
      "execution-role-arn": "/ecs/ecs-task-execution-qa",
    });
    expect(result.status).toBe("succeeded");
    expect(registered(s)).toMatchObject({
      taskRoleArn: "arn:aws:iam::123456789012:role/service-role/kanna-batch",
      executionRoleArn: "arn:aws:iam::123456789012:role/ecs/ecs-task-execution-qa",
    });
  });

  it("parses names, path/name and ARNs with paths", () => {
    expect(inputsOf({ "task-role-arn": "kanna-batch" }).taskRole).toBe("kanna-batch");
    expect(inputsOf({ "task-role-arn": "service-role/kanna-batch" }).taskRole).toBe("service-role/kanna-batch");
    expect(inputsOf({ "task-role-arn": "/service-role/kanna-batch" }).taskRole).toBe("service-role/kanna-batch");
    const arn = "arn:aws:iam::123456789012:role/service-role/kanna-batch";
    expect(inputsOf({ "execution-role-arn": arn }).executionRole).toBe(arn);
  });

  it.each([
    ["task-role-arn", "service-role/"],
    ["task-role-arn", "service role/kanna"],
    ["execution-role-arn", "arn:aws:iam::12:role/x"],
    ["execution-role-arn", `${"a".repeat(65)}`],
  ])("%s %j is refused, saying when the path or a full ARN is needed", (input, value) => {
    const error = inputErrorOf(() => inputsOf({ [input]: value }));
    expect(error.input).toBe(input);
    expect(error.message).toContain("IAM role ARN or role name (path/name for a role under a path");
    expect(error.message).toContain("give the role's path with it, or its full ARN");
  });
});
