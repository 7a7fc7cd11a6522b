import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asyncInputErrorOf } from "@sre-actions/testkit";
import { GitHubFake } from "@sre-actions/testkit/github";
import { afterEach, describe, expect, it } from "vitest";
import type { EcsPort } from "../src/ports.js";
import { serviceDeploymentRollout } from "../src/rollout/service-deployment.js";
import { ECR, RUN, railsDefinition, type Scenario, scenario } from "./fixtures/scenario.js";
import { BROKEN, ecsScenario, HOOK, LB, SLOW } from "./fixtures/strategies.js";

let s: Scenario;
afterEach(async () => {
  await s?.stop();
});

const mutations = () => s.aws.mutatingRequests().map((request) => request.operation);
const describes = () =>
  s.aws.requests.filter((request) => /^Describe(Services|ServiceDeployments)$/.test(request.operation));

describe.each(["ROLLING", "BLUE_GREEN", "LINEAR", "CANARY"] as const)("%s service (ECS controller)", (strategy) => {
  const staged = strategy !== "ROLLING";

  it("succeeds from ECS's service deployment record, one progress line per poll, stages in the summary", async () => {
    s = await ecsScenario(strategy);
    const execution = await s.execute({ image: `${ECR}/rails:v2`, timeout: "1h" });
    const { result } = execution;
    expect(result.status).toBe("succeeded");
    const [web] = result.services;
    expect(web?.strategy).toBe(strategy);
    expect(web?.serviceDeploymentArn).toMatch(/:service-deployment\/qa\/qa3-web\//);
    expect(s.aws.describeService("qa", "qa3-web").taskDefinition).toBe(web?.taskDefinitionArn);
    expect(mutations()).toEqual(["RegisterTaskDefinition", "UpdateService"]);
    const info = s.log.text("info");
    expect(info).toContain(`qa3-web: strategy ${strategy}`);
    expect(info).toMatch(/\[qa3-web\] \d\/2 running.*, \d pending, (IN_PROGRESS|SUCCESSFUL)/);
    if (staged) {
      expect(web?.stages.map((stage) => stage.stage)).toEqual(
        expect.arrayContaining(["SCALE_UP", "BAKE_TIME", "CLEAN_UP"]),
      );
      expect(info).toMatch(/bake \d+m \d+s left/);
      expect(execution.summary).toContain("BAKE_TIME");
    }
    // ≤ 1 describe-class call per 2 s for the service, however long the bake.
    const calls = describes();
    const span = (calls.at(-1)?.at ?? 0) - (calls[0]?.at ?? 0);
    expect(calls.length - 1).toBeLessThanOrEqual(span / 2_000 + 1);
    expect(s.clock.sleeps.every((ms) => ms >= 2_000 || ms === 0)).toBe(true);
  });

  it("reports a circuit-breaker rollback with ECS's reason and the stopped task", async () => {
    s = await ecsScenario(strategy, { deploymentCircuitBreaker: { enable: true, rollback: true } });
    const result = await s.run({ image: BROKEN, timeout: "1h" });
    expect(result.status).toBe("rolled-back");
    expect(result.services[0]?.reason).toMatch(/circuit breaker/);
    expect(result.services[0]?.stoppedTasks[0]?.stoppedReason).toContain("CannotPullContainerError");
    expect(mutations()).toEqual(["RegisterTaskDefinition", "UpdateService"]);
  });

  it("names the alarm that made ECS roll back", async () => {
    s = await ecsScenario(strategy, { alarms: { enable: true, rollback: true, alarmNames: ["qa3-web-5xx"] } });
    s.aws.setAlarmState("qa3-web-5xx", "OK");
    s.aws.setAlarmState("qa3-web-5xx", "ALARM", { at: s.clock.now() + 30_000 });
    const result = await s.run({ image: `${ECR}/rails:v2`, timeout: "1h" });
    expect(result.status).toBe("rolled-back");
    expect(result.services[0]?.reason).toContain("alarm qa3-web-5xx in ALARM");
    expect(s.log.text("info")).toContain("alarms qa3-web-5xx (ECS rolls back on ALARM)");
  });

  it("an alarm of the alarms input fails the deploy and rolls back with StopServiceDeployment", async () => {
    s = await ecsScenario(strategy);
    s.aws.setAlarmState("qa3-web-latency", "ALARM");
    const result = await s.run({ image: `${ECR}/rails:v2`, alarms: "qa3-web-latency", timeout: "1h" });
    expect(result.status).toBe("rolled-back");
    expect(result.services[0]?.reason).toContain("alarm qa3-web-latency in ALARM (alarms input)");
    expect(mutations()).toEqual(["RegisterTaskDefinition", "UpdateService", "StopServiceDeployment"]);
    expect(s.aws.describeService("qa", "qa3-web").taskDefinition).toMatch(/qa3-web:1$/);
  });

  it("an alarm of the alarms input that fires during the bake fails the deploy and rolls back", async () => {
    s = await ecsScenario(strategy, strategy === "ROLLING" ? {} : { bakeTimeInMinutes: 30 });
    s.aws.setAlarmState("qa3-web-latency", "OK");
    // Rolling: mid-rollout; staged strategies: well inside the 30-minute bake.
    s.aws.setAlarmState("qa3-web-latency", "ALARM", { at: s.clock.now() + (staged ? 20 * 60_000 : 20_000) });
    const result = await s.run({ image: `${ECR}/rails:v2`, alarms: "qa3-web-latency", timeout: "2h" });
    expect(result.status).toBe("rolled-back");
    expect(result.services[0]?.reason).toContain("alarm qa3-web-latency in ALARM (alarms input)");
    if (staged) expect(result.services[0]?.stages.at(-1)?.stage).toBe("BAKE_TIME");
    expect(mutations()).toEqual(["RegisterTaskDefinition", "UpdateService", "StopServiceDeployment"]);
    expect(s.aws.describeService("qa", "qa3-web").taskDefinition).toMatch(/qa3-web:1$/);
  });

  it("times out, then rolls back with StopServiceDeployment ROLLBACK and waits for ROLLBACK_SUCCESSFUL", async () => {
    s = await ecsScenario(strategy);
    const result = await s.run({ image: SLOW, timeout: "5m" });
    expect(result.status).toBe("rolled-back");
    expect(result.services[0]?.reason).toContain("did not finish within");
    expect(result.services[0]?.rollback?.outcome).toBe("succeeded");
    expect(mutations()).toEqual(["RegisterTaskDefinition", "UpdateService", "StopServiceDeployment"]);
    expect(s.aws.describeService("qa", "qa3-web").taskDefinition).toMatch(/qa3-web:1$/);
  });

  it("falls back to deployments[] without the service-deployment API, and says so once", async () => {
    s = await ecsScenario(strategy);
    s.aws.serviceDeploymentApi("access-denied");
    const result = await s.run({ service: "qa3-web,qa3-worker", image: `${ECR}/rails:v2`, timeout: "1h" });
    expect(result.status).toBe("succeeded");
    expect(result.services[0]?.serviceDeploymentArn).toBeUndefined();
    expect(s.log.text("info").match(/service-deployment API .* is not available here/g)).toHaveLength(1);
  });

  if (staged) {
    it("fails on a lifecycle hook and reports ECS's rollback", async () => {
      s = await ecsScenario(strategy, {
        lifecycleHooks: [
          {
            hookTargetArn: HOOK,
            roleArn: "arn:aws:iam::123456789012:role/hooks",
            lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"],
          },
        ],
      });
      s.aws.lifecycleHookBehaviour(HOOK, { result: "FAILED" });
      const result = await s.run({ image: `${ECR}/rails:v2`, timeout: "1h" });
      expect(result.status).toBe("rolled-back");
      expect(result.services[0]?.reason).toContain(`lifecycle hook ${HOOK} failed at POST_TEST_TRAFFIC_SHIFT`);
      expect(s.log.text("info")).toContain(`hook ${HOOK} at POST_TEST_TRAFFIC_SHIFT`);
    });

    it("wait-until POST_PRODUCTION_TRAFFIC_SHIFT stops waiting once traffic moved, during the bake", async () => {
      s = await ecsScenario(strategy, { bakeTimeInMinutes: 60 });
      const execution = await s.execute({
        image: `${ECR}/rails:v2`,
        "wait-until": "POST_PRODUCTION_TRAFFIC_SHIFT",
        timeout: "30m",
      });
      const { result } = execution;
      expect(result.status).toBe("succeeded");
      expect(result.services[0]?.stageReached).toMatch(/POST_PRODUCTION_TRAFFIC_SHIFT|BAKE_TIME/);
      // The verdict names the stage reached.
      expect(execution.summary).toMatch(/stopped waiting at (POST_PRODUCTION_TRAFFIC_SHIFT|BAKE_TIME) \(wait-until\)/);
      expect(s.log.text("warning")).not.toContain("shorter than the bake");
      expect(result.durationMs).toBeLessThan(30 * 60_000);
    });

    it("warns in the pre-flight when the timeout is shorter than the bake", async () => {
      s = await ecsScenario(strategy, { bakeTimeInMinutes: 45 });
      await s.run({ image: `${ECR}/rails:v2`, timeout: "30m", "dry-run": "true" });
      expect(s.log.text("warning")).toMatch(/timeout 30m.* is shorter than the bake of service qa3-web/);
    });
  } else {
    it("refuses wait-until a stage before any change: rolling deployments have no stages", async () => {
      s = await ecsScenario(strategy);
      const result = await s
        .run({ image: `${ECR}/rails:v2`, "wait-until": "BAKE_TIME" })
        .catch((error: Error) => error);
      expect(result).toBeInstanceOf(Error);
      expect((result as Error).message).toContain("has no lifecycle stages");
      expect(mutations()).toEqual([]);
    });
  }
});

describe("EXTERNAL and inputs", () => {
  it("refuses an EXTERNAL service in the pre-flight", async () => {
    s = await scenario({ controller: "EXTERNAL" });
    const error = await s.run({ image: `${ECR}/rails:v2` }).catch((caught: Error) => caught);
    expect((error as Error).message).toMatch(/uses the EXTERNAL deployment controller/);
    expect(mutations()).toEqual([]);
  });

  it("rejects a wait-until that is not a stage, and alarms that do not exist", async () => {
    s = await scenario();
    const error = await asyncInputErrorOf(() => s.run({ "wait-until": "BAKE" }));
    expect(error.message).toContain("wait-until");
    const missing = await s.run({ image: `${ECR}/rails:v2`, alarms: "qa3-nope" }).catch((caught: Error) => caught);
    expect((missing as Error).message).toContain("do not exist in this region: qa3-nope");
    expect(mutations()).toEqual([]);
  });
});

describe("CODE_DEPLOY service (CodeDeploy blue/green)", () => {
  const cdScenario = async (
    seed: { terminationWaitMinutes?: number; alarms?: string[]; deploymentConfigName?: string } = {},
  ) => {
    const next = await scenario({
      controller: "CODE_DEPLOY",
      loadBalancers: [{ targetGroupArn: LB.targetGroupArn, containerName: "app", containerPort: 3000 }],
    });
    next.aws.seedCodeDeployGroup({ cluster: "qa", service: "qa3-web", ...seed });
    next.aws.imageBehaviour(BROKEN, { kind: "fail-to-start", reason: "CannotPullContainerError: pull access denied" });
    return next;
  };

  it("registers, creates one CodeDeploy deployment from the service's load balancer, follows it to Succeeded", async () => {
    s = await cdScenario({
      terminationWaitMinutes: 10,
      deploymentConfigName: "CodeDeployDefault.ECSCanary10Percent5Minutes",
    });
    const result = await s.run({ image: `${ECR}/rails:v2`, timeout: "1h" });
    expect(result.status).toBe("succeeded");
    const [web] = result.services;
    expect(web?.strategy).toBe("CODE_DEPLOY");
    expect(web?.deploymentId).toMatch(/^d-/);
    expect(web?.bakeMs).toBe(10 * 60_000);
    expect(web?.stages.map((stage) => stage.stage)).toEqual(
      expect.arrayContaining(["Install", "AllowTraffic", "TerminationWait"]),
    );
    expect(mutations()).toEqual(["RegisterTaskDefinition", "CreateDeployment"]);
    const create = s.aws.requests.find((request) => request.operation === "CreateDeployment")?.body as {
      applicationName: string;
      deploymentGroupName: string;
      revision: { appSpecContent: { content: string } };
    };
    expect(create.applicationName).toBe("AppECS-qa-qa3-web");
    expect(create.deploymentGroupName).toBe("DgpECS-qa-qa3-web");
    expect(JSON.parse(create.revision.appSpecContent.content).Resources[0].TargetService.Properties).toEqual({
      TaskDefinition: web?.taskDefinitionArn,
      LoadBalancerInfo: { ContainerName: "app", ContainerPort: 3000 },
    });
    expect(s.log.text("info")).toMatch(
      /\[qa3-web\] CodeDeploy d-\w+ InProgress AllowTraffic, green 2\/2 running \(10% of traffic\)/,
    );
    expect(s.aws.describeService("qa", "qa3-web").taskDefinition).toBe(web?.taskDefinitionArn);
  });

  it("tasks that cannot start fail Install; CodeDeploy rolls back; the reason is CodeDeploy's", async () => {
    s = await cdScenario();
    const result = await s.run({ image: BROKEN, timeout: "1h" });
    expect(result.status).toBe("rolled-back");
    expect(result.services[0]?.reason).toMatch(/ECS_UPDATE_ERROR: .*CannotPullContainerError/);
  });

  it("a failing AppSpec hook from codedeploy-appspec fails with HOOK_EXECUTION_FAILURE", async () => {
    s = await cdScenario();
    s.aws.codeDeployHookBehaviour("qa3-smoke", { result: "Failed" });
    const dir = mkdtempSync(path.join(tmpdir(), "appspec-"));
    writeFileSync(
      path.join(dir, "appspec.yaml"),
      [
        "version: 0.0",
        "Resources:",
        "  - TargetService:",
        "      Type: AWS::ECS::Service",
        "      Properties:",
        "        TaskDefinition: placeholder",
        "        LoadBalancerInfo:",
        "          ContainerName: app",
        "          ContainerPort: 3000",
        "Hooks:",
        "  - AfterAllowTestTraffic: qa3-smoke",
      ].join("\n"),
    );
    const result = await s.run({ image: `${ECR}/rails:v2`, "codedeploy-appspec": path.join(dir, "appspec.yaml") });
    expect(result.status).toBe("rolled-back");
    expect(result.services[0]?.reason).toContain("HOOK_EXECUTION_FAILURE");
  });

  it("an alarm of the alarms input stops the deployment with rollback (StopDeployment)", async () => {
    s = await cdScenario({ terminationWaitMinutes: 5 });
    s.aws.setAlarmState("qa3-web-5xx", "ALARM");
    const result = await s.run({ image: `${ECR}/rails:v2`, alarms: "qa3-web-5xx" });
    expect(result.status).toBe("rolled-back");
    expect(result.services[0]?.reason).toContain("alarm qa3-web-5xx in ALARM");
    expect(mutations()).toEqual(["RegisterTaskDefinition", "CreateDeployment", "StopDeployment"]);
  });

  it("an alarm of the deployment group stops it (ALARM_ACTIVE); the reason names the alarm", async () => {
    s = await cdScenario({ terminationWaitMinutes: 30, alarms: ["qa3-web-5xx"] });
    s.aws.setAlarmState("qa3-web-5xx", "OK");
    s.aws.setAlarmState("qa3-web-5xx", "ALARM", { at: s.clock.now() + 20 * 60_000 });
    const result = await s.run({ image: `${ECR}/rails:v2`, timeout: "1h" });
    expect(result.status).toBe("rolled-back");
    expect(result.services[0]?.reason).toMatch(/ALARM_ACTIVE: .*qa3-web-5xx/);
    expect(s.log.text("info")).toContain("alarms qa3-web-5xx (CodeDeploy rolls back on ALARM)");
    expect(mutations()).toEqual(["RegisterTaskDefinition", "CreateDeployment"]);
    expect(s.aws.describeService("qa", "qa3-web").taskDefinition).toMatch(/qa3-web:1$/);
  });

  it("times out during the termination wait and stops with rollback", async () => {
    s = await cdScenario({ terminationWaitMinutes: 60 });
    const result = await s.run({ image: `${ECR}/rails:v2`, timeout: "10m" });
    expect(s.log.text("warning")).toContain("shorter than the bake");
    expect(result.status).toBe("rolled-back");
    expect(result.services[0]?.rollback?.outcome).toBe("succeeded");
    expect(s.aws.describeService("qa", "qa3-web").taskDefinition).toMatch(/qa3-web:1$/);
  });

  it.each(["500", "reset"] as const)(
    "does not start a second deployment when CreateDeployment's answer is lost (%s): reads back, then follows",
    async (how) => {
      s = await cdScenario();
      s.aws.loseResponse("CreateDeployment", how === "reset" ? "reset" : undefined);
      const result = await s.run({ image: `${ECR}/rails:v2` });
      expect(result.status).toBe("succeeded");
      expect(s.aws.requests.filter((request) => request.operation === "CreateDeployment")).toHaveLength(1);
      expect(s.log.text("info")).toContain('The answer to "create the CodeDeploy deployment of qa3-web" was lost');
    },
  );

  it("names the codedeploy inputs when the group does not exist, before any change", async () => {
    s = await cdScenario();
    const error = await s
      .run({ image: `${ECR}/rails:v2`, "codedeploy-deployment-group": "qa3-web-dg" })
      .catch((caught: Error) => caught);
    expect((error as Error).message).toContain("deployment group qa3-web-dg does not exist");
    expect(mutations()).toEqual([]);
  });

  it("refuses wait-until a stage for CodeDeploy", async () => {
    s = await cdScenario();
    const error = await s.run({ image: `${ECR}/rails:v2`, "wait-until": "BAKE_TIME" }).catch((caught: Error) => caught);
    expect((error as Error).message).toContain("has no lifecycle stages");
    expect(mutations()).toEqual([]);
  });
});

describe("service deployment lookup and the GitHub status", () => {
  it("finds our service deployment with ListServiceDeployments when the service does not name it", async () => {
    s = await ecsScenario("ROLLING");
    const world = s;
    const registered = await world.ecs.registerTaskDefinition(railsDefinition("qa3-web", `${ECR}/rails:v2`));
    // An UpdateService answer without currentServiceDeployment (older API versions, some emulators).
    const ecs: EcsPort = {
      ...world.ecs,
      updateService: async (input) => {
        const answer = await world.ecs.updateService(input);
        return { ...answer, service: { ...answer.service, currentServiceDeployment: undefined } };
      },
    };
    const rolloutOf = async () => {
      const [service] = (await ecs.describeServices({ cluster: "qa", services: ["qa3-web"] })).services ?? [];
      return serviceDeploymentRollout({
        cluster: "qa",
        service: service ?? {},
        name: "qa3-web",
        previousTaskDefinitionArn: service?.taskDefinition ?? "",
        strategy: {
          strategy: "ROLLING",
          bakeMs: 0,
          lines: [],
          warnings: [],
          codeDeploy: undefined,
          serviceDeployments: true,
        },
        waitUntil: "stable",
        alarms: [],
        pollIntervalMs: 10_000,
        rollbackBudgetMs: 1_800_000,
        update: { forceNewDeployment: true },
        trace: { events: [], stages: [], seen: new Set() },
        deps: { ecs, clock: world.clock, log: world.log, runUrl: RUN.runUrl },
      });
    };
    const rollout = await rolloutOf();
    await rollout.start(registered.taskDefinition?.taskDefinitionArn ?? "");
    const [current] = (await ecs.describeServices({ cluster: "qa", services: ["qa3-web"] })).services ?? [];
    expect(rollout.serviceDeploymentArn).toBe(current?.currentServiceDeployment);
    expect(rollout.serviceDeploymentArn).toMatch(/service-deployment/);
  });

  it("puts the strategy and bake in the GitHub deployment status", async () => {
    s = await ecsScenario("BLUE_GREEN");
    const github = await new GitHubFake({ clock: s.clock }).start();
    try {
      github.seedRepository({ owner: "acme", name: "app" });
      const result = await s.run(
        { image: `${ECR}/rails:v2`, "github-environment": "qa3", "github-token": github.token, timeout: "1h" },
        { octokit: { baseUrl: github.url, throttle: { enabled: false } } },
      );
      expect(result.status).toBe("succeeded");
      const statuses = (github.deployments("acme", "app")[0]?.["statuses"] ?? []) as {
        state: string;
        description: string;
      }[];
      expect(statuses.find((status) => status.state === "success")?.description).toBe(
        "Deployed (BLUE_GREEN, bake 10m 00s)",
      );
    } finally {
      await github.stop();
    }
  });
});
