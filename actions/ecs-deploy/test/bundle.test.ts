import path from "node:path";
import { ScaledClock } from "@sre-actions/testkit";
import { AwsFake, awsFakeEnv } from "@sre-actions/testkit/aws";
import { describeBundle, leakedSecrets, runBundledAction, stopAfterTest } from "@sre-actions/testkit/harness";
import { expect, it } from "vitest";
import { ECR, NETWORK, REGION, railsDefinition, seedRailsImages } from "./fixtures/scenario.js";

const actionDir = path.resolve(import.meta.dirname, "..");

/** The fake follows real time sped up 30×, since the bundled action sleeps for real. */
async function fakeAws(): Promise<AwsFake> {
  const fake = await new AwsFake({ clock: new ScaledClock(30) }).start();
  fake.setTiming({ provisioningMs: 3_000, taskStartMs: 9_000, stableMs: 6_000, drainMs: 6_000, stopMs: 3_000 });
  fake.seedCluster("qa");
  seedRailsImages(fake, Date.now());
  const arn = fake.seedTaskDefinition(railsDefinition("qa3-web"));
  fake.seedService({
    cluster: "qa",
    serviceName: "qa3-web",
    taskDefinition: arn,
    desiredCount: 2,
    launchType: "FARGATE",
    networkConfiguration: NETWORK,
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
  });
  return stopAfterTest(fake);
}

const awsEnv = (fake: AwsFake) => awsFakeEnv(fake, REGION);

describeBundle((node) => {
  it("fails a missing input with the named error and makes no call", async () => {
    const aws = await fakeAws();
    const result = await runBundledAction(actionDir, { node, inputs: { service: "qa3-web" }, env: awsEnv(aws) });
    expect(result.exitCode).toBe(1);
    expect(result.annotations).toEqual([
      { level: "error", message: 'Input "cluster" is required, e.g. qa', properties: {} },
    ]);
    expect(result.log).not.toMatch(/\n\s+at /);
    expect(aws.requests).toEqual([]);
  });

  it("runs a dry run without GITHUB_REF and the other runner variables (a local runner, another CI)", async () => {
    const aws = await fakeAws();
    const unset = { GITHUB_REF: "", GITHUB_SHA: "", GITHUB_RUN_ID: "", GITHUB_EVENT_NAME: "", GITHUB_EVENT_PATH: "" };
    const result = await runBundledAction(actionDir, {
      node,
      inputs: { cluster: "qa", service: "qa3-web", image: `${ECR}/rails:v2`, "dry-run": "true" },
      env: { ...awsEnv(aws), ...unset },
    });
    expect(result.log).not.toContain("Unexpected error");
    expect(result.exitCode).toBe(0);
    expect(result.outputs["status"]).toBe("dry-run");
    expect(aws.mutatingRequests()).toEqual([]);
  });

  it("names an image tag that is not in ECR, with the newest tags, and changes nothing", async () => {
    const aws = await fakeAws();
    const result = await runBundledAction(actionDir, {
      node,
      inputs: { cluster: "qa", service: "qa3-web", image: `${ECR}/rails:v9` },
      env: awsEnv(aws),
    });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((annotation) => annotation.level === "error").map((a) => a.message);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^Image .*rails:v9 is not in ECR: repository rails has no tag v9\. Newest tags: slow, crash/,
    );
    expect(errors[0]).not.toContain("Unexpected error");
    expect(aws.mutatingRequests()).toEqual([]);
  });

  it("dry run: reads the scheduled tasks through EventBridge Scheduler and rules, changes nothing", async () => {
    const aws = await fakeAws();
    const target = (revision: string) => ({
      Arn: "arn:aws:ecs:ap-northeast-1:123456789012:cluster/qa",
      RoleArn: "arn:aws:iam::123456789012:role/ecs-events",
      EcsParameters: { TaskDefinitionArn: `arn:aws:ecs:ap-northeast-1:123456789012:task-definition/${revision}` },
    });
    aws.seedSchedule({ name: "qa3-nightly", target: target("qa3-web:1") });
    aws.seedRule({ name: "qa3-cleanup", targets: [{ Id: "ecs", ...target("qa3-batch:3") }] });
    const result = await runBundledAction(actionDir, {
      node,
      inputs: {
        cluster: "qa",
        service: "qa3-web",
        image: `${ECR}/rails:v2`,
        "scheduled-tasks": "qa3-*",
        "dry-run": "true",
      },
      env: awsEnv(aws),
    });
    expect(result.annotations).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain("| Scheduler schedule | default/qa3-nightly | 📝 to move | qa3-web:1 |");
    expect(result.summary).toContain("runs family qa3-batch, not deployed here");
    expect(aws.mutatingRequests()).toEqual([]);
  });

  it("rejects an invalid duration naming the input", async () => {
    const result = await runBundledAction(actionDir, {
      node,
      inputs: { cluster: "qa", service: "qa3-web", timeout: "thirty" },
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations[0]?.message).toBe(
      'Input "timeout" must be a duration like 90s, 30m or 1h30m (at most a year); got "thirty", e.g. 30m',
    );
  });

  it("deploys and writes outputs and the job summary", async () => {
    const aws = await fakeAws();
    const result = await runBundledAction(actionDir, {
      node,
      inputs: {
        cluster: "qa",
        service: "qa3-web",
        image: `${ECR}/rails:v2`,
        "environment-variables": "SECRET_KEY_BASE=5ecr3t-base-value\nFEATURE_X=on",
        "poll-interval": "1s",
      },
      env: awsEnv(aws),
      timeoutMs: 60_000,
    });
    expect(result.annotations).toEqual([]);
    expect(result.masked).toContain("5ecr3t-base-value");
    expect(leakedSecrets(result, ["5ecr3t-base-value"])).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs["status"]).toBe("succeeded");
    expect(result.outputs["task-definition-arn"]).toMatch(/task-definition\/qa3-web:2$/);
    expect(JSON.parse(result.outputs["task-definition-arns"] ?? "{}")).toEqual({
      "qa3-web": result.outputs["task-definition-arn"],
    });
    expect(result.outputs["previous-task-definition-arn"]).toMatch(/qa3-web:1$/);
    expect(result.outputs["deployment-id"]).toMatch(/^ecs-svc\/\d+$/);
    expect(result.outputs["console-url"]).toContain(
      "ap-northeast-1.console.aws.amazon.com/ecs/v2/clusters/qa/services/qa3-web",
    );
    expect(result.summary).toContain("ecs-deploy qa: succeeded");
    expect(result.summary).toContain(`${ECR}/rails:v2`);
    expect(result.groups).toEqual(expect.arrayContaining(["Plan", "Roll out"]));
  }, 60_000);

  it("fails with the reason when the circuit breaker rolls back", async () => {
    const aws = await fakeAws();
    aws.imageBehaviour(`${ECR}/rails:broken`, {
      kind: "fail-to-start",
      reason: "CannotPullContainerError: rails:broken not found",
    });
    const result = await runBundledAction(actionDir, {
      node,
      inputs: { cluster: "qa", service: "qa3-web", image: `${ECR}/rails:broken`, "poll-interval": "1s" },
      env: awsEnv(aws),
      timeoutMs: 60_000,
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs["status"]).toBe("rolled-back");
    expect(result.outputs["reason"]).toContain("circuit breaker");
    const errors = result.annotations.filter((annotation) => annotation.level === "error").map((a) => a.message);
    expect(errors.some((message) => message.includes("CannotPullContainerError"))).toBe(true);
    expect(errors.at(-1)).toMatch(/^Deployment rolled-back: /);
    expect(result.summary).toContain("CannotPullContainerError");
  }, 60_000);
});
