import type { DeploymentLifecycleHook } from "@aws-sdk/client-ecs";
import { asyncInputErrorOf } from "@sre-actions/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { ECR, NETWORK, railsDefinition, type Scenario, scenario } from "./fixtures/scenario.js";
import { BROKEN, ecsScenario, SLOW } from "./fixtures/strategies.js";

// Issue 23: pre-prod first, the same bits to production, and pause hooks driven from GitHub.
let s: Scenario;
afterEach(async () => {
  await s?.stop();
});

const MINUTE = 60_000;
const mutations = () => s.aws.mutatingRequests().map((request) => request.operation);
const pauseAt = (
  stage: NonNullable<DeploymentLifecycleHook["lifecycleStages"]>[number],
  minutes = 60,
  action: "ROLLBACK" | "CONTINUE" = "ROLLBACK",
): DeploymentLifecycleHook => ({
  targetType: "PAUSE",
  lifecycleStages: [stage],
  timeoutConfiguration: { timeoutInMinutes: minutes, action },
});

/** A pre-prod cluster whose service `web` runs rails:v3 (steady), beside qa's qa3-web on rails:v1. */
async function withPreProd(options: Parameters<typeof scenario>[0] = {}) {
  const next = await scenario({ breaker: { enable: true, rollback: true }, ...options });
  next.aws.seedCluster("pre-prod");
  const arn = next.aws.seedTaskDefinition(railsDefinition("pre-prod-web", `${ECR}/rails:v3`));
  next.aws.seedService({
    cluster: "pre-prod",
    serviceName: "web",
    taskDefinition: arn,
    desiredCount: 2,
    launchType: "FARGATE",
    networkConfiguration: NETWORK,
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
  });
  next.aws.imageBehaviour(BROKEN, { kind: "fail-to-start", reason: "CannotPullContainerError: not found" });
  next.aws.imageBehaviour(SLOW, { kind: "healthy", startMs: 3_600_000 });
  return next;
}

/** pre-prod deploys another image (by UpdateService, as its own workflow would). */
async function deployPreProd(image: string) {
  const registered = await s.ecs.registerTaskDefinition(railsDefinition("pre-prod-web", image));
  await s.ecs.updateService({
    cluster: "pre-prod",
    service: "web",
    taskDefinition: registered.taskDefinition?.taskDefinitionArn,
  });
}

describe("promote-from: what pre-prod ran, by digest", () => {
  it("deploys pre-prod's running image by digest, per container by repository; sidecars stay", async () => {
    s = await withPreProd();
    const digest = s.aws.seedEcrImage("rails", { tags: ["v3"] });
    const execution = await s.execute({ "promote-from": "pre-prod/web" });
    expect(execution.result.status).toBe("succeeded");
    const app = `${ECR}/rails@${digest}`;
    expect(execution.outputs["promoted-images"]).toEqual({ app });
    const running = s.aws.describeService("qa", "qa3-web").taskDefinition ?? "";
    const registered = await s.ecs.describeTaskDefinition({ taskDefinition: running });
    const images = Object.fromEntries(
      (registered.taskDefinition?.containerDefinitions ?? []).map((container) => [container.name, container.image]),
    );
    expect(images).toEqual({
      app,
      "datadog-agent": "public.ecr.aws/datadog/agent:7",
      "log-router": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
    });
    expect(execution.summary).toContain("Promoted from pre-prod/web (pre-prod-web:1)");
    expect(execution.summary).toContain(digest);
  });

  it.each([
    ["still in progress", SLOW, "is still in progress"],
    ["failed and rolled back", BROKEN, "rolled back"],
  ])("refuses when pre-prod's latest deployment is %s, and changes nothing", async (_, image, words) => {
    s = await withPreProd();
    await deployPreProd(image);
    if (image === BROKEN) await s.clock.sleep(10 * MINUTE); // the breaker trips and ECS rolls back
    s.aws.requests.length = 0;
    const error = await s.execute({ "promote-from": "pre-prod/web" }).catch((caught: Error) => caught);
    expect((error as Error).message).toContain("promote-from pre-prod/web: its latest deployment");
    expect((error as Error).message).toContain(words);
    expect(mutations()).toEqual([]);
  });

  it("cannot be combined with image, images or task-definition-arn", async () => {
    s = await withPreProd();
    const error = await asyncInputErrorOf(() =>
      s.execute({ "promote-from": "pre-prod/web", image: `${ECR}/rails:v2` }),
    );
    expect(error.input).toBe("promote-from");
    expect(error.message).toContain('cannot be combined with "image"');
    expect(s.aws.requests).toEqual([]);
  });
});

describe("pin-digest", () => {
  it("registers the tag's digest, so what was planned is what runs; the summary shows tag and digest", async () => {
    s = await scenario({ breaker: { enable: true, rollback: true } });
    const digest = s.aws.seedEcrImage("rails", { tags: ["v2"] });
    const execution = await s.execute({ image: `${ECR}/rails:v2`, "pin-digest": "true" });
    expect(execution.result.status).toBe("succeeded");
    const running = s.aws.describeService("qa", "qa3-web").taskDefinition ?? "";
    const registered = await s.ecs.describeTaskDefinition({ taskDefinition: running });
    expect(registered.taskDefinition?.containerDefinitions?.[0]?.image).toBe(`${ECR}/rails@${digest}`);
    expect(execution.summary).toContain(`tag v2, ${digest.slice(0, 19)}`);
  });

  it("without pin-digest, a digest given in image is checked in ECR and shown with its tag", async () => {
    s = await scenario({ breaker: { enable: true, rollback: true } });
    const digest = s.aws.seedEcrImage("rails", { tags: ["v2"] });
    const execution = await s.execute({ image: `${ECR}/rails@${digest}` });
    expect(execution.result.status).toBe("succeeded");
    expect(execution.summary).toContain(`tag v2, ${digest.slice(0, 19)}`);
  });
});

describe("pause hooks from GitHub", () => {
  const blueGreenWithPause = (minutes = 60, action: "ROLLBACK" | "CONTINUE" = "ROLLBACK") =>
    ecsScenario("BLUE_GREEN", {
      bakeTimeInMinutes: 2,
      lifecycleHooks: [pauseAt("POST_TEST_TRAFFIC_SHIFT", minutes, action)],
    });

  it("wait-until paused exits 0 at the hook with the paused output and the time left", async () => {
    s = await blueGreenWithPause();
    const execution = await s.execute({ image: `${ECR}/rails:v2`, "wait-until": "paused", timeout: "1h" });
    expect(execution.result.status).toBe("paused");
    expect(execution.failure).toBeUndefined();
    const paused = execution.outputs.paused as Record<string, Record<string, unknown>>;
    expect(paused["qa3-web"]).toMatchObject({
      serviceDeploymentArn: expect.stringMatching(/:service-deployment\/qa\/qa3-web\//),
      hookId: expect.stringMatching(/^ecs-pause-/),
      stage: "POST_TEST_TRAFFIC_SHIFT",
      timeoutAction: "ROLLBACK",
    });
    expect(execution.summary).toContain("Paused at a lifecycle hook");
    expect(execution.summary).toMatch(/\| qa3-web \| POST_TEST_TRAFFIC_SHIFT \| .* \| ROLLBACK \| (59m|1h 00m)/);
    // Nothing after the roll-out runs while paused: no bake, no events, no prune.
    expect(mutations()).toEqual(["RegisterTaskDefinition", "UpdateService"]);
  });

  it("refuses wait-until paused at plan time when the service has no PAUSE hook, naming its hooks", async () => {
    s = await ecsScenario("BLUE_GREEN", {
      lifecycleHooks: [
        {
          targetType: "AWS_LAMBDA",
          hookTargetArn: "arn:aws:lambda:ap-northeast-1:123456789012:function:smoke",
          roleArn: "arn:aws:iam::123456789012:role/ecs-hooks",
          lifecycleStages: ["POST_SCALE_UP"],
        },
      ],
    });
    const error = await s.execute({ image: `${ECR}/rails:v2`, "wait-until": "paused" }).catch((e: Error) => e);
    expect((error as Error).message).toContain("has no PAUSE lifecycle hook");
    expect((error as Error).message).toContain("AWS_LAMBDA at POST_SCALE_UP");
    expect(mutations()).toEqual([]);
  });

  it("mode continue continues the paused deployment and follows it to success like a deploy", async () => {
    s = await blueGreenWithPause();
    const paused = await s.execute({ image: `${ECR}/rails:v2`, "wait-until": "paused", timeout: "1h" });
    await s.clock.sleep(5 * MINUTE); // smoke tests against the test listener
    s.aws.requests.length = 0;
    const execution = await s.execute({
      mode: "continue",
      "service-deployment": JSON.stringify(paused.outputs.paused),
      timeout: "1h",
    });
    expect(execution.result.status).toBe("succeeded");
    expect(mutations()).toEqual(["ContinueServiceDeployment"]);
    const stages = execution.result.services[0]?.stages.map((stage) => stage.stage);
    expect(stages).toEqual(expect.arrayContaining(["BAKE_TIME"]));
    // The verdict follows ECS's decision (the record's finishedAt) within one fast poll.
    const arn = execution.result.services[0]?.serviceDeploymentArn ?? "";
    const record = (await s.ecs.describeServiceDeployments({ serviceDeploymentArns: [arn] })).serviceDeployments?.[0];
    expect(record?.status).toBe("SUCCESSFUL");
    const verdictAt = execution.result.timeline.find((entry) => entry.step === "rollout")?.at ?? 0;
    const decidedAt = record?.finishedAt?.getTime() ?? 0;
    expect(verdictAt - decidedAt).toBeGreaterThanOrEqual(0);
    expect(verdictAt - decidedAt).toBeLessThanOrEqual(2_500);
  });

  it("mode continue finds the paused deployment by itself, and reports a second pause like the first", async () => {
    s = await ecsScenario("BLUE_GREEN", {
      bakeTimeInMinutes: 2,
      lifecycleHooks: [pauseAt("POST_TEST_TRAFFIC_SHIFT"), pauseAt("POST_PRODUCTION_TRAFFIC_SHIFT")],
    });
    await s.execute({ image: `${ECR}/rails:v2`, "wait-until": "paused", timeout: "1h" });
    const second = await s.execute({ mode: "continue", "wait-until": "paused", timeout: "1h" });
    expect(second.result.status).toBe("paused");
    expect((second.outputs.paused as Record<string, { stage: string }>)["qa3-web"]?.stage).toBe(
      "POST_PRODUCTION_TRAFFIC_SHIFT",
    );
    const done = await s.execute({ mode: "continue", timeout: "1h" });
    expect(done.result.status).toBe("succeeded");
  });

  it("mode rollback rolls back at the pause and exits 0 with the service on its previous revision", async () => {
    s = await blueGreenWithPause();
    const before = s.aws.describeService("qa", "qa3-web").taskDefinition;
    await s.execute({ image: `${ECR}/rails:v2`, "wait-until": "paused", timeout: "1h" });
    const execution = await s.execute({ mode: "rollback", timeout: "1h" });
    expect(execution.result.status).toBe("rolled-back");
    expect(execution.failure).toBeUndefined();
    expect(execution.outputs["reason-code"]).toBe("hook");
    expect(execution.result.reason).toContain("rolled back at POST_TEST_TRAFFIC_SHIFT (mode: rollback)");
    expect(s.aws.describeService("qa", "qa3-web").taskDefinition).toBe(before);
  });

  it("a hook that expired before mode continue is named with the timeout action ECS took", async () => {
    s = await blueGreenWithPause(30, "ROLLBACK");
    await s.execute({ image: `${ECR}/rails:v2`, "wait-until": "paused", timeout: "1h" });
    await s.clock.sleep(45 * MINUTE); // nobody continued: the hook timed out and ECS rolled back
    const execution = await s.execute({ mode: "continue", timeout: "1h" }).catch((e: Error) => e);
    const message = execution instanceof Error ? execution.message : execution.result.reason;
    expect(message).toMatch(/timed out|expired/);
    expect(message).toContain("ROLLBACK");
    expect(mutations().filter((operation) => operation === "ContinueServiceDeployment")).toEqual([]);
  });

  it("a hook someone else already continued is not an error when the deployment then succeeds", async () => {
    s = await blueGreenWithPause();
    const paused = await s.execute({ image: `${ECR}/rails:v2`, "wait-until": "paused", timeout: "1h" });
    const { serviceDeploymentArn, hookId } = (
      paused.outputs.paused as Record<string, { serviceDeploymentArn: string; hookId: string }>
    )["qa3-web"] ?? {
      serviceDeploymentArn: "",
      hookId: "",
    };
    await s.ecs.continueServiceDeployment({ serviceDeploymentArn, hookId, action: "CONTINUE" });
    const execution = await s.execute({
      mode: "continue",
      "service-deployment": JSON.stringify(paused.outputs.paused),
      timeout: "1h",
    });
    expect(execution.result.status).toBe("succeeded");
    expect(execution.failure).toBeUndefined();
  });

  it.each([
    ["image", { image: `${ECR}/rails:v2` }],
    ["promote-from", { "promote-from": "pre-prod/web" }],
  ])("mode continue with %s is refused before any call", async (name, values) => {
    s = await blueGreenWithPause();
    const error = await asyncInputErrorOf(() => s.execute({ mode: "continue", ...values }));
    expect(error.input).toBe("mode");
    expect(error.message).toContain(`"${name}"`);
    expect(s.aws.requests).toEqual([]);
  });
});

describe("verdicts that stay true", () => {
  it("an ECS rollback that fails too is reported failed, with what runs now", async () => {
    s = await scenario({ breaker: { enable: true, rollback: true }, desiredCount: 2 });
    // The new image cannot start, and neither can the old one any more (its tag was deleted).
    s.aws.imageBehaviour(BROKEN, { kind: "fail-to-start", reason: "CannotPullContainerError: not found" });
    s.aws.imageBehaviour(`${ECR}/rails:v1`, { kind: "fail-to-start", reason: "CannotPullContainerError: v1 deleted" });
    const result = await s.run({ image: BROKEN, timeout: "1h" });
    expect(result.status).toBe("failed");
    expect(result.services[0]?.reason).toContain("ECS's rollback to qa3-web:1 failed too");
    expect(result.services[0]?.reason).toMatch(/now running|running\)/);
    expect(result.reasonCode).toBe("circuit-breaker");
  });

  it("a composite alarm can gate a deploy (DescribeAlarms asks for both alarm types)", async () => {
    s = await scenario({ breaker: { enable: true, rollback: true } });
    s.aws.setAlarmState("qa3-web-5xx", "OK");
    s.aws.seedCompositeAlarm("qa3-web-health", 'ALARM("qa3-web-5xx")');
    s.aws.setAlarmState("qa3-web-5xx", "ALARM", { at: s.clock.now() + 20_000 });
    const result = await s.run({ image: `${ECR}/rails:v2`, alarms: "qa3-web-health", timeout: "1h" });
    expect(result.status).toBe("rolled-back");
    expect(result.reasonCode).toBe("alarm");
    expect(result.services[0]?.reason).toContain("alarm qa3-web-health in ALARM (alarms input)");
  });

  it("a service deployment that ECS shows late is waited for, never stopped or called disappeared", async () => {
    s = await ecsScenario("BLUE_GREEN", { bakeTimeInMinutes: 1 });
    s.aws.ecsConsistency({ serviceDeploymentMs: 7_000, currentServiceDeploymentMs: 7_000 });
    const result = await s.run({ image: `${ECR}/rails:v2`, timeout: "1h" });
    expect(result.status).toBe("succeeded");
    expect(mutations()).toEqual(["RegisterTaskDefinition", "UpdateService"]);
    expect(s.log.text()).not.toContain("disappeared");
  });

  it("an HTML error page instead of the service-deployment API falls back to deployments[]", async () => {
    s = await ecsScenario("ROLLING");
    s.aws.injectHtmlError(/ServiceDeployments$/, { status: 501 });
    const execution = await s.execute({ image: `${ECR}/rails:v2`, timeout: "1h" });
    expect(execution.result.status).toBe("succeeded");
    expect(s.log.text("info")).toContain("judging the deployment from DescribeServices deployments[] instead");
  });

  it("an HTML error page once the deployment runs is named, with outputs and summary, not Unexpected error", async () => {
    s = await ecsScenario("BLUE_GREEN", { bakeTimeInMinutes: 1 });
    // A proxy answers the third and later reads with its own HTML page.
    s.aws.fault({
      operation: "DescribeServiceDeployments",
      skip: 2,
      times: Number.POSITIVE_INFINITY,
      action: {
        kind: "respond",
        response: {
          status: 502,
          headers: { "content-type": "text/html" },
          body: "<html><body>502 Bad Gateway</body></html>",
        },
      },
    });
    const execution = await s.execute({ image: `${ECR}/rails:v2`, timeout: "1h" }).catch((e: Error) => e);
    expect(execution).not.toBeInstanceOf(Error);
    if (execution instanceof Error) return;
    expect(execution.outputs.status).toBeDefined();
    expect(execution.summary).toContain("ecs-deploy qa");
    expect(execution.failure?.message ?? "").not.toContain("Unexpected error");
  });
});
