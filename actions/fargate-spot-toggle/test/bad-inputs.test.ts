import path from "node:path";
import { AwsFake, awsFakeEnv } from "@sre-actions/testkit/aws";
import {
  describeBadInputs,
  describeBundle,
  expectRejectedInput,
  runBundledAction,
  stopAfterTest,
} from "@sre-actions/testkit/harness";
import { expect, it } from "vitest";
import { inputsFrom } from "./fixtures/scenario.js";

// Odd values a workflow can pass: each is rejected by parseInputs (before any AWS call) with one
// `::error::` that names the input, no stack trace and no "Unexpected error".
const KB10 = "z".repeat(10_240);
const BAD_INPUTS: [input: string, value: string][] = [
  ["mode", "Spot instances"],
  ["mode", "hibernate"],
  ["mode", "spot\r\nstop"],
  ["mode", "スポット"],
  ["cluster", "qa prod"],
  ["cluster", "qa;prod"],
  ["cluster", KB10],
  ["cluster", "arn:aws:ecs:ap-northeast-1:123:cluster/qa"],
  ["services", "api web"],
  ["include-tags", "env"],
  ["include-tags", "=qa"],
  ["exclude-tags", "env=qa\nenv=qa"],
  ["spot-strategy", "FARGATE_SPOT"],
  ["spot-strategy", "FARGATE_SPOT:-1"],
  ["spot-strategy", "FARGATE_SPOT:99999999999999999999"],
  ["spot-strategy", "FARGATE_SPOT:1:base=x"],
  ["spot-strategy", "EC2:1"],
  ["on-demand-strategy", "FARGATE:0"],
  ["on-demand-strategy", ":1"],
  ["working-hours", "Mon-Fri 9-5"],
  ["working-hours", "Mon-Fri 09:00-25:00"],
  ["working-hours", "Someday 09:00-18:00"],
  ["schedules", "late"],
  ["schedules", "late=Mon-Fri 10:00"],
  ["timezone", "Asia/Tokio"],
  ["timezone", "GMT+25"],
  ["holidays", "atlantis"],
  ["dry-run", "tRUE"],
  ["dry-run", "y"],
  ["concurrency", "0"],
  ["concurrency", "1.5"],
  ["concurrency", "99999999999999999999"],
  ["concurrency", "five"],
  ["vcpu-hour-price", "-0.05"],
  ["vcpu-hour-price", "$0.05"],
  ["gb-hour-price", "NaN"],
  ["spot-discount", "1.5"],
  ["spot-discount", "70%"],
  ["db-instance-prices", "db.t4g.medium"],
  ["db-instance-prices", "db.t4g.medium=cheap"],
  ["db-start-timeout", "later"],
  ["db-start-timeout", "99999999999999999999w"],
  ["spot-fallback-after", "0s"],
  ["spot-retry-after", "soon"],
  ["now", "yesterday"],
  ["now", "2026-11-31T08:59:00+09:00"],
  ["region", "tokyo"],
  ["region", "AP-NORTHEAST-1"],
  ["services", "qa-[web"],
  ["services", "qa-{web,api"],
  ["db-clusters", "qa*-aurora;drop"],
  ["environments", "qa 3"],
  ["environments", "qa[3"],
  ["environment-from", "label"],
  ["idle-after", "soon"],
  ["idle-after", "1m"],
  ["idle-after", "30d"],
  ["idle-without-traffic-metric", "yes"],
  ["savings-plan-coverage", "1.2"],
  ["savings-plan-coverage", "60%"],
];

// Every row goes through the action's own parsing (the region included), before any client exists.
describeBadInputs(BAD_INPUTS, (input, value) => inputsFrom({ mode: "status", cluster: "qa", [input]: value }));

it.each([
  [{ mode: "idle", environments: "qa*" }, 'Input "idle-after" is required when mode is idle, e.g. 2h'],
  [
    { mode: "idle", "idle-after": "2h" },
    'Input "environments" is required with idle-after: idleness is judged per environment, e.g. qa*',
  ],
  [
    { mode: "stop", "idle-after": "2h", environments: "qa*" },
    'Input "idle-after" is read by modes idle and schedule only; mode is stop, e.g. 2h',
  ],
])("refuses idle inputs that do not go together: %j", (values, message) => {
  expect(() => inputsFrom({ cluster: "qa", ...values })).toThrow(message);
});

describeBundle((node) => {
  it.each([
    ["mode", "hibernate"],
    ["concurrency", "99999999999999999999"],
    ["dry-run", "tRUE"],
  ])("the bundled dist rejects %s=%j with one ::error:: and no AWS call", async (input, value) => {
    const aws = stopAfterTest(await new AwsFake().start());
    const result = await runBundledAction(path.resolve(import.meta.dirname, ".."), {
      node,
      inputs: { mode: "status", cluster: "qa", [input]: value },
      env: awsFakeEnv(aws),
    });
    expectRejectedInput(result, input, aws.requests);
  });

  it("the bundled dist names the region when neither the input nor AWS_REGION gives one, before any call", async () => {
    const aws = stopAfterTest(await new AwsFake().start());
    const { AWS_REGION: _region, ...env } = awsFakeEnv(aws);
    const result = await runBundledAction(path.resolve(import.meta.dirname, ".."), {
      node,
      inputs: { mode: "status", cluster: "qa" },
      env: { ...env, AWS_DEFAULT_REGION: "" },
    });
    expectRejectedInput(result, "region", aws.requests);
  });
});
