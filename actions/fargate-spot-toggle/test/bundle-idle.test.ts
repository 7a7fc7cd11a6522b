import path from "node:path";
import { ECSClient, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { VirtualClock } from "@sre-actions/testkit";
import { AwsFake, awsFakeEnv, FAKE_CREDENTIALS } from "@sre-actions/testkit/aws";
import { describeBundle, runBundledAction, stopAfterTest } from "@sre-actions/testkit/harness";
import { expect, it } from "vitest";
import { type ClusterSeed, REGION, requestsAt, seed, stateOf } from "./fixtures/scenario.js";

const actionDir = path.resolve(import.meta.dirname, "..");
const T0 = Date.parse("2026-11-25T00:00:00Z"); // Wed 09:00 in Tokyo
const HOUR = 3_600_000;

async function fakeAws(clusters: ClusterSeed[]) {
  const clock = new VirtualClock(T0);
  const aws = stopAfterTest(await new AwsFake({ clock }).start());
  seed(aws, clusters);
  return { aws, clock };
}

const iso = (at: number) => new Date(at).toISOString();
/** Lines the runner would run as a command planted by the data: `::warning::pwned`, `::stop-commands::`. */
const plantedCommands = (stdout: string) =>
  stdout.split("\n").filter((line) => /^\s*::(warning::pwned|stop-commands)/.test(line));

describeBundle((node) => {
  it("mode idle: sleeps the idle environment only, in one GetMetricData call, and /env reserve's start wakes it", async () => {
    const { aws, clock } = await fakeAws([
      {
        name: "qa",
        services: [
          { name: "qa1-web", environment: "qa1", targetGroup: "qa1-web" },
          { name: "qa2-web", environment: "qa2", targetGroup: "qa2-web" },
          { name: "qa3-worker", environment: "qa3" },
          {
            name: "qa4-web",
            environment: "qa4",
            targetGroup: "qa4-web",
            tags: { "sre-actions:keep-running-until": "2026-11-25T12:00:00Z" },
          },
          { name: "qa5-web", environment: "qa5", targetGroup: "qa5-web" },
        ],
      },
    ]);
    clock.set(T0 + 3 * HOUR);
    requestsAt(aws, "qa1-web", T0 + 2.5 * HOUR);
    const ecs = new ECSClient({ region: REGION, endpoint: aws.url, credentials: FAKE_CREDENTIALS });
    await ecs.send(new UpdateServiceCommand({ cluster: "qa", service: "qa5-web", forceNewDeployment: true }));
    ecs.destroy();
    aws.requests.length = 0;

    const idle = await runBundledAction(actionDir, {
      node,
      inputs: {
        mode: "idle",
        cluster: "qa",
        environments: "qa*",
        "idle-after": "2h",
        timezone: "Asia/Tokyo",
        now: iso(T0 + 3.5 * HOUR),
      },
      env: awsFakeEnv(aws, REGION),
      timeoutMs: 30_000,
    });
    expect(idle.exitCode).toBe(0);
    expect(idle.annotations).toEqual([]);
    const report = JSON.parse(idle.outputs["environments"] ?? "{}");
    expect(
      Object.fromEntries(Object.entries(report).map(([name, value]) => [name, (value as { status: string }).status])),
    ).toEqual({
      qa1: "awake", // busy
      qa2: "slept", // idle
      qa3: "awake", // no load balancer
      qa4: "kept", // keep-running-until
      qa5: "awake", // deployed within the window
    });
    expect(stateOf(aws, "qa", "qa2-web").saved).toMatch(/ why=idle$/);
    expect(aws.requests.filter((request) => request.operation === "GetMetricData")).toHaveLength(1);
    expect(idle.summary).toContain("#### Environments");
    expect(idle.summary).toMatch(/\| qa2 \| slept \(now\) \|/);

    // The reservation wakes it: mode start with the environments filter touches qa2 only.
    const reserve = await runBundledAction(actionDir, {
      node,
      inputs: { mode: "start", cluster: "qa", environments: "qa2" },
      env: awsFakeEnv(aws, REGION),
      timeoutMs: 30_000,
    });
    expect(reserve.exitCode).toBe(0);
    expect(JSON.parse(reserve.outputs["plan"] ?? "[]")).toEqual([
      expect.objectContaining({ service: "qa2-web", action: "start", status: "changed" }),
    ]);
    expect(stateOf(aws, "qa", "qa2-web")).toMatchObject({ desired: 2, saved: undefined });
  }, 90_000);

  it("schedule + idle-after: sleeps the idle environment at noon and does not start it the next morning", async () => {
    const { aws, clock } = await fakeAws([
      {
        name: "qa",
        services: [
          { name: "qa1-web", environment: "qa1", targetGroup: "qa1-web" },
          { name: "qa2-web", environment: "qa2", targetGroup: "qa2-web" },
        ],
      },
    ]);
    const run = async (at: number) => {
      clock.set(at);
      return runBundledAction(actionDir, {
        node,
        inputs: {
          mode: "schedule",
          cluster: "qa",
          "working-hours": "Mon-Fri 09:00-20:00",
          timezone: "Asia/Tokyo",
          environments: "qa*",
          "idle-after": "2h",
          now: iso(at),
        },
        env: awsFakeEnv(aws, REGION),
        timeoutMs: 30_000,
      });
    };
    requestsAt(aws, "qa1-web", T0 + 2.8 * HOUR);
    const noon = await run(T0 + 3 * HOUR);
    expect(noon.exitCode).toBe(0);
    const statuses = (outputs: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(JSON.parse(outputs["environments"] ?? "{}")).map(([name, value]) => [
          name,
          (value as { status: string }).status,
        ]),
      );
    expect(statuses(noon.outputs)).toEqual({ qa1: "awake", qa2: "slept" });
    await run(T0 + 12 * HOUR); // 21:00: out of hours, qa1 stops for the night
    expect(stateOf(aws, "qa", "qa1-web").desired).toBe(0);
    const morning = await run(T0 + 24 * HOUR + 5 * 60_000); // Thu 09:05
    expect(morning.exitCode).toBe(0);
    expect(stateOf(aws, "qa", "qa1-web")).toMatchObject({ desired: 2, saved: undefined });
    expect(stateOf(aws, "qa", "qa2-web")).toMatchObject({ desired: 0 });
    expect(stateOf(aws, "qa", "qa2-web").saved).toMatch(/ why=idle$/);
    expect(statuses(morning.outputs)["qa2"]).toBe("slept");
  }, 120_000);

  it("moves an ARM64 service to Spot, refuses Windows, and prices a stop with savings-plan-coverage and Serverless v2", async () => {
    const { aws } = await fakeAws([
      { name: "qa", services: [{ name: "arm", arm64: true }, { name: "win", windows: true }, { name: "web" }] },
    ]);
    aws.seedDbCluster({ id: "qa-paused", engine: "aurora-mysql", serverlessV2: { min: 0, max: 4 } });
    const spot = await runBundledAction(actionDir, {
      node,
      inputs: { mode: "spot", cluster: "qa", services: "arm,win" },
      env: awsFakeEnv(aws, REGION),
      timeoutMs: 30_000,
    });
    expect(JSON.parse(spot.outputs["plan"] ?? "[]")).toEqual([
      expect.objectContaining({ service: "arm", action: "switch", status: "changed" }),
      expect.objectContaining({ service: "win", action: "skip" }),
    ]);
    expect(stateOf(aws, "qa", "arm").providers).toEqual(["FARGATE_SPOT:1:0"]);

    const price = async (coverage: string) => {
      const run = await runBundledAction(actionDir, {
        node,
        inputs: {
          mode: "stop",
          cluster: "qa",
          services: "web",
          "dry-run": "true",
          "db-clusters": "qa-paused",
          "savings-plan-coverage": coverage,
        },
        env: awsFakeEnv(aws, REGION),
        timeoutMs: 30_000,
      });
      return run;
    };
    const full = await price("0");
    const covered = await price("0.75");
    expect(Number(covered.outputs["estimated-monthly-savings"])).toBeCloseTo(
      Number(full.outputs["estimated-monthly-savings"]) * 0.25,
      1,
    );
    expect(covered.summary).toContain("A Compute Savings Plan covers 75% of the on-demand Fargate hours");
    expect(JSON.parse(covered.outputs["db-clusters"] ?? "[]")[0]).toMatchObject({
      cluster: "qa-paused",
      action: "skip",
      reason: "pauses when idle (Aurora Serverless v2 with a 0 ACU minimum); not stopped",
    });
  }, 120_000);

  it("prints a tag value planted with workflow commands as data, never as a command", async () => {
    const { aws } = await fakeAws([
      {
        name: "qa",
        services: [{ name: "web", tags: { "sre-actions:schedule": "x\n::warning::pwned\n::stop-commands::x" } }],
      },
    ]);
    const run = await runBundledAction(actionDir, {
      node,
      inputs: { mode: "schedule", cluster: "qa", "working-hours": "Mon-Fri 09:00-20:00", now: iso(T0) },
      env: awsFakeEnv(aws, REGION),
      timeoutMs: 30_000,
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("pwned"); // printed, as data
    expect(plantedCommands(run.stdout)).toEqual([]);
    expect(run.annotations.map((annotation) => annotation.message)).toEqual([
      "qa/web: tag sre-actions:schedule=x\\n::warning::pwned\\n::stop-commands::x names no schedule (known: none; define them in the schedules input); left alone",
    ]);
    expect(run.summary).not.toMatch(/^::/m);
    expect(run.summary).not.toContain("x\n::warning"); // one line, escaped, in the Markdown too
  }, 60_000);

  it("matches a pathological glob in linear time through a whole run", async () => {
    const name = `${"a".repeat(39)}c`;
    const { aws } = await fakeAws([{ name: "qa", services: [{ name }, { name: `${"a".repeat(39)}b` }] }]);
    const started = Date.now();
    const run = await runBundledAction(actionDir, {
      node,
      inputs: { mode: "status", cluster: "qa", services: "*a*a*a*a*a*a*a*a*a*a*a*a*b" },
      env: awsFakeEnv(aws, REGION),
      timeoutMs: 30_000,
    });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs["services"] ?? "[]").map((service: { service: string }) => service.service)).toEqual([
      `${"a".repeat(39)}b`,
    ]);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 60_000);
});
