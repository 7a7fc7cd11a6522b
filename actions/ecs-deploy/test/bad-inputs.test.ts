import path from "node:path";
import { AwsFake, awsFakeEnv } from "@sre-actions/testkit/aws";
import {
  describeBadInputs,
  describeBundle,
  expectRejectedInput,
  runBundledAction,
  stopAfterTest,
} from "@sre-actions/testkit/harness";
import { describe, expect, it } from "vitest";
import { ECR, inputsOf, type Scenario, scenario } from "./fixtures/scenario.js";

// Odd values a workflow can pass: each is rejected by parseInputs (before any AWS call) with one
// `::error::` that names the input, no stack trace and no "Unexpected error".
const KB10 = "a".repeat(10_240);
export const BAD_INPUTS: [input: string, value: string][] = [
  ["cluster", " "],
  ["cluster", "qa\r\nprod"],
  ["cluster", "qa cluster"],
  ["cluster", "クラスター"],
  ["cluster", KB10],
  ["cluster", "arn:aws:ecs:ap-northeast-1:123:cluster/qa"],
  ["service", "\t"],
  ["service", "web;rm -rf /"],
  ["service", "web,bad name"],
  ["service", "arn:aws:ecs:ap-northeast-1:123456789012:service/"],
  ["image", "app:"],
  ["image", "app:1:2"],
  ["image", "app:tag with space"],
  ["image", "app@sha256:123"],
  ["image", `${ECR}/rails:${"v".repeat(200)}`],
  ["images", "web"],
  ["images", "=app:1"],
  ["environment-variables", "RAILS_ENV"],
  ["environment-variables", "1BAD=x"],
  ["environment-variables", "A=1\nA=2"],
  ["environment-variables", "bad container:KEY=v"],
  ["secrets", "DATABASE_URL"],
  ["docker-labels", "=value"],
  ["cpu", "lots"],
  ["cpu", "99999999999999999999"],
  ["memory", "-1"],
  ["memory", "1.5"],
  ["task-role-arn", "arn:aws:iam::12:role/x"],
  ["execution-role-arn", "role with space"],
  ["task-definition-arn", "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web"],
  ["task-definition-arn", "web:abc"],
  ["show-values", "tRUE"],
  ["show-values", "yes"],
  ["if-stopped", "st art"],
  ["if-stopped", "wake"],
  ["keep-running-for", "forever"],
  ["keep-running-for", "99999999999999999999w"],
  ["run-task", "bin/rails 'db:migrate"],
  ["run-task", 'bin/rails "db:migrate'],
  ["run-task", "bin/rails db:migrate && bin/rails db:seed"],
  ["run-task", '["bin/rails", 1]'],
  ["run-task", "[not json"],
  ["run-task", "[]"],
  ["command", "puma |"],
  ["wait", "ture"],
  ["wait", "1"],
  ["timeout", "thirty"],
  ["timeout", "99999999999999999999w"],
  ["timeout", "-5m"],
  ["poll-interval", "0s"],
  ["poll-interval", "2h"],
  ["rollback", "fAlSe"],
  ["desired-count", "-1"],
  ["desired-count", "1e3"],
  ["desired-count", "99999999999999999999"],
  ["desired-count", "２"],
  ["force-new-deployment", "on"],
  ["keep-revisions", "0"],
  ["dry-run", "no"],
  ["region", "tokyo"],
  ["region", "ap-northeast-1\nus-east-1"],
  ["wait-until", "forever"],
  ["bake", "soon"],
  ["log-source", "splunk"],
];

describeBadInputs(
  BAD_INPUTS,
  // parseInputs, as main() calls it: the region rows included (it resolves the region, AWS_REGION as fallback).
  (input, value) => inputsOf({ [input]: value }),
  { withExample: ["environment-variables", "run-task"] },
);

describe("rejected before anything is registered", () => {
  let s: Scenario | undefined;
  it("run-task with an unterminated quote makes no AWS call at all", async () => {
    s = await scenario();
    await expect(s.run({ image: `${ECR}/rails:v2`, "run-task": "bin/rails 'db:migrate" })).rejects.toThrow(
      'Input "run-task" has an unterminated single quote',
    );
    expect(s.aws.requests).toEqual([]);
    await s.stop();
  });
});

describeBundle((node) => {
  it.each([
    ["run-task", "bin/rails 'db:migrate"],
    ["desired-count", "99999999999999999999"],
    ["wait", "tRUE"],
  ])("the bundled dist rejects %s=%j with one ::error:: and no AWS call", async (input, value) => {
    const aws = stopAfterTest(await new AwsFake().start());
    const result = await runBundledAction(path.resolve(import.meta.dirname, ".."), {
      node,
      inputs: { cluster: "qa", service: "qa3-web", image: `${ECR}/rails:v2`, [input]: value },
      env: awsFakeEnv(aws),
    });
    expectRejectedInput(result, input, aws.requests);
  });
});
