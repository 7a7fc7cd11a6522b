import { inputErrorOf } from "@sre-actions/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { parseMonitors } from "../src/inputs/datadog.js";
import { routeOf } from "../src/observe/datadog-logs.js";
import { deploymentEventOf } from "../src/report/datadog-events.js";
import {
  DATADOG_KEYS,
  type DatadogWorld,
  datadogWorld,
  firelensPipeline,
  seedFirelensService,
} from "./fixtures/datadog.js";
import { ECR, inputsOf, RUN, type Scenario, scenario } from "./fixtures/scenario.js";

let s: Scenario;
let dd: DatadogWorld;
afterEach(async () => {
  await s?.stop();
  await dd?.fake.stop();
});

const mutations = () => s.aws.mutatingRequests().map((request) => request.operation);

describe("Datadog deployment events", () => {
  it("sends one DORA event per service at the verdict, and a re-run of the run does not double them", async () => {
    s = await scenario();
    dd = await datadogWorld(s);
    const started = s.clock.now();
    const values = { ...DATADOG_KEYS, service: "qa3-web,qa3-worker", image: `${ECR}/rails:v2`, "datadog-env": "qa3" };
    const result = await s.run(values, dd.deps());
    expect(result.status).toBe("succeeded");
    const events = dd.fake.deployments();
    expect(events.map((event) => event.attributes.service).sort()).toEqual(["qa3-web", "qa3-worker"]);
    const web = events.find((event) => event.attributes.service === "qa3-web");
    expect(web?.attributes).toMatchObject({
      id: "ecs-deploy:acme-app:1:qa:qa3-web",
      env: "qa3",
      version: "v2",
      git: { commit_sha: "main", repository_url: "https://github.com/acme/app" },
      custom_tags: ["ecs_cluster:qa", "ecs_service:qa3-web", "deploy_status:succeeded"],
    });
    expect(web?.startedAtNs).toBe(started * 1e6);
    expect(web?.finishedAtNs).toBeGreaterThan(started * 1e6);
    expect(result.datadog?.events.every((event) => event.sent)).toBe(true);

    // The same workflow run again (a re-run) with a newer image: Datadog updates the same two events.
    await s.run({ ...values, image: `${ECR}/rails:v3` }, dd.deps());
    expect(dd.fake.deployments()).toHaveLength(2);
    expect(dd.fake.deployments().map((event) => [event.submissions, event.attributes.version])).toEqual([
      [2, "v3"],
      [2, "v3"],
    ]);
  });

  it("takes service and env from DD_SERVICE/DD_ENV or the docker labels, datadog-service over both", () => {
    const window = { startedAt: 1_764_000_000_000, finishedAt: 1_764_000_060_000 };
    const containers = [
      {
        name: "app",
        image: `${ECR}/rails:1f2e3d4`,
        environment: [{ name: "DD_ENV", value: "qa3" }],
        dockerLabels: { "com.datadoghq.tags.service": "kanna-api" },
      },
      { name: "datadog-agent", image: "public.ecr.aws/datadog/agent:7", essential: false },
    ];
    const event = deploymentEventOf(
      { name: "qa3-web", status: "succeeded", containers },
      { service: undefined, env: "ignored" },
      RUN,
      "qa",
      window,
    );
    expect(event).toMatchObject({
      service: "kanna-api",
      env: "qa3",
      version: "1f2e3d4",
      started_at: window.startedAt * 1e6,
    });
    expect(
      deploymentEventOf(
        { name: "qa3-web", status: "succeeded", containers },
        { service: "api", env: undefined },
        RUN,
        "qa",
        window,
      ).service,
    ).toBe("api");
  });

  it("treats a Datadog outage as a warning: the deploy still succeeds", async () => {
    s = await scenario();
    dd = await datadogWorld(s);
    dd.fake.outage({ status: 503 });
    const execution = await s.execute({ ...DATADOG_KEYS, image: `${ECR}/rails:v2` }, dd.deps());
    expect(execution.result.status).toBe("succeeded");
    expect(execution.failure).toBeUndefined();
    expect(dd.fake.deployments()).toEqual([]);
    expect(s.log.text("warning")).toContain("could not send the Datadog deployment event (the deploy is not affected)");
    expect(execution.result.datadog?.events[0]).toMatchObject({ sent: false, error: expect.stringContaining("503") });
    expect(execution.summary).toContain("Datadog deployment events");
  });

  it("sends nothing on a dry run", async () => {
    s = await scenario();
    dd = await datadogWorld(s);
    await s.run({ ...DATADOG_KEYS, image: `${ECR}/rails:v2`, "dry-run": "true" }, dd.deps());
    expect(dd.fake.mutatingRequests()).toEqual([]);
  });
});

describe("the monitor-gated bake", () => {
  it("fails when a monitor enters Alert, names it with a link and rolls back like a failed rollout", async () => {
    s = await scenario();
    dd = await datadogWorld(s);
    const monitor = dd.fake.addMonitor({ name: "kanna-api 5xx rate", tags: ["service:kanna-api", "env:qa3"] });
    dd.fake.addMonitor({ name: "prod only", tags: ["service:kanna-api", "env:prod"], state: "Alert" });
    dd.fake.scheduleMonitorState(monitor, "Alert", s.clock.now() + 20 * 60_000);
    const execution = await s.execute(
      {
        ...DATADOG_KEYS,
        image: `${ECR}/rails:v2`,
        "verify-monitors": "service:kanna-api env:qa3",
        bake: "30m",
        "poll-interval": "1m",
      },
      dd.deps(),
    );
    const { result } = execution;
    expect(result.status).toBe("rolled-back");
    const url = `https://app.datadoghq.com/monitors/${monitor}`;
    expect(result.services[0]?.reason).toContain(`monitor "kanna-api 5xx rate" entered Alert`);
    expect(result.services[0]?.reason).toContain(url);
    expect(result.services[0]?.rollback?.outcome).toBe("succeeded");
    expect(s.aws.describeService("qa", "qa3-web").taskDefinition).toMatch(/qa3-web:1$/);
    expect(mutations()).toEqual(["RegisterTaskDefinition", "UpdateService", "UpdateService"]);
    expect(execution.failure?.message).toContain("kanna-api 5xx rate");
    // One progress line per poll, then the verdict.
    const progress = s.log.lines.filter((line) => line.message.startsWith("Bake "));
    expect(progress.length).toBeGreaterThan(5);
    expect(progress[0]?.message).toMatch(/^Bake 0s\/30m( 00s)?: 1 monitor\(s\): 1 OK$/);
    expect(s.log.text("error")).toContain(url);
    expect(result.datadog?.bake).toMatchObject({ ok: false, alerted: { id: monitor } });
    expect(execution.summary).toContain("Bake timeline");
    // The event Datadog gets says how it ended.
    expect(dd.fake.deployments()[0]?.attributes.custom_tags).toContain("deploy_status:rolled-back");
  });

  it("passes when the monitors stay out of Alert for the whole bake", async () => {
    s = await scenario();
    dd = await datadogWorld(s);
    const monitor = dd.fake.addMonitor({ name: "kanna-api 5xx rate", tags: ["service:kanna-api"] });
    dd.fake.scheduleMonitorState(monitor, "Warn", s.clock.now() + 5 * 60_000);
    const result = await s.run(
      {
        ...DATADOG_KEYS,
        image: `${ECR}/rails:v2`,
        "verify-monitors": String(monitor),
        bake: "10m",
        "poll-interval": "1m",
      },
      dd.deps(),
    );
    expect(result.status).toBe("succeeded");
    expect(result.datadog?.bake).toMatchObject({ ok: true });
    expect(result.datadog?.bake?.polls.length).toBe(11);
    expect(mutations()).toEqual(["RegisterTaskDefinition", "UpdateService"]);
  });

  it("checks the monitors exist before anything is deployed", async () => {
    s = await scenario();
    dd = await datadogWorld(s);
    await expect(
      s.run({ ...DATADOG_KEYS, image: `${ECR}/rails:v2`, "verify-monitors": "service:nothing-here" }, dd.deps()),
    ).rejects.toThrow(/No Datadog monitor matches verify-monitors/);
    await expect(
      s.run({ ...DATADOG_KEYS, image: `${ECR}/rails:v2`, "verify-monitors": "424242" }, dd.deps()),
    ).rejects.toThrow(/Could not read the monitor ids 424242/);
    expect(mutations()).toEqual([]);
  });
});

describe("logs from Datadog", () => {
  it("reads a FireLens container's failure logs from Datadog log search", async () => {
    s = await scenario();
    dd = await datadogWorld(s);
    seedFirelensService(s);
    s.aws.imageBehaviour(`${ECR}/rails:crash`, { kind: "exit", exitCode: 1, afterMs: 5_000 });
    firelensPipeline(s, dd.fake, { [`${ECR}/rails:crash`]: ["booting", "PG::ConnectionBad: could not connect"] });
    const result = await s.run({ ...DATADOG_KEYS, service: "qa3-api", image: `${ECR}/rails:crash` }, dd.deps());
    expect(result.status).toBe("rolled-back");
    const [api] = result.services;
    expect(api?.stoppedTasks[0]?.logs).toEqual({
      container: "app",
      lines: ["booting", "PG::ConnectionBad: could not connect"],
    });
    expect(s.log.text("error")).toContain("PG::ConnectionBad");
    const search = dd.fake.requests.find((request) => request.operation === "logs.search")?.body as {
      filter: { query: string };
    };
    expect(search.filter.query).toMatch(/^@ecs_task_arn:"arn:aws:ecs:[^"]+" @container_name:"app"$/);
    // Deployment events use the container's Datadog tags.
    expect(dd.fake.deployments()[0]?.attributes).toMatchObject({ service: "kanna-api", env: "qa3" });
  });

  it("streams a FireLens one-off task's lines from Datadog", async () => {
    s = await scenario();
    dd = await datadogWorld(s);
    seedFirelensService(s);
    s.aws.runTaskBehaviour({ kind: "exit", exitCode: 0, afterMs: 30_000 });
    firelensPipeline(s, dd.fake, { [`${ECR}/rails:v2`]: ["== Migrating ==", "-> 0.0123s", "== Migrated =="] });
    const result = await s.run(
      {
        ...DATADOG_KEYS,
        service: "qa3-api",
        image: `${ECR}/rails:v2`,
        "run-task": "bin/rails db:migrate",
        "poll-interval": "5s",
      },
      dd.deps(),
    );
    expect(result.status).toBe("succeeded");
    const streamed = s.log.lines.filter((line) => line.message.startsWith("  | ")).map((line) => line.message);
    expect(streamed).toEqual(["  | == Migrating ==", "  | -> 0.0123s", "  | == Migrated =="]);
  });

  it("says once that FireLens logs are not readable without keys, and where to look", async () => {
    s = await scenario();
    seedFirelensService(s);
    s.aws.imageBehaviour(`${ECR}/rails:crash`, { kind: "exit", exitCode: 1, afterMs: 5_000 });
    const result = await s.run({ service: "qa3-api", image: `${ECR}/rails:crash` });
    expect(result.status).toBe("rolled-back");
    const notes = s.log.lines.filter((line) => line.message.includes("not readable without datadog-api-key"));
    expect(notes).toHaveLength(1);
    expect(notes[0]?.message).toContain("https://app.datadoghq.com/logs?query=");
  });

  it("routes each log driver by log-source", () => {
    const awslogs = { name: "app", logConfiguration: { logDriver: "awslogs" as const } };
    const firelens = { name: "app", logConfiguration: { logDriver: "awsfirelens" as const } };
    expect(routeOf(awslogs, "auto", true)).toBe("cloudwatch");
    expect(routeOf(firelens, "auto", true)).toBe("datadog");
    expect(routeOf(firelens, "auto", false)).toBe("firelens-without-keys");
    expect(routeOf(firelens, "cloudwatch", true)).toBe("firelens-without-keys");
    expect(routeOf(awslogs, "datadog", true)).toBe("datadog");
    expect(routeOf(awslogs, "none", true)).toBe("none");
  });
});

describe("Datadog inputs", () => {
  it("parses monitor ids or tags", () => {
    expect(parseMonitors("12345, 23456")).toEqual({ kind: "ids", ids: [12345, 23456] });
    expect(parseMonitors("service:kanna-api env:qa3")).toEqual({
      kind: "tags",
      tags: ["service:kanna-api", "env:qa3"],
    });
    expect(inputErrorOf(() => parseMonitors("service:kanna-api 12345")).message).toContain("verify-monitors");
  });

  it("refuses settings that cannot work, naming the input", () => {
    const cases: [Record<string, string>, string][] = [
      [{ "verify-monitors": "service:api" }, '"verify-monitors" is set but datadog-api-key is not'],
      [
        { "datadog-api-key": "k", "verify-monitors": "service:api" },
        '"datadog-app-key" is required when verify-monitors',
      ],
      [{ ...DATADOG_KEYS, bake: "10m" }, '"bake" needs verify-monitors'],
      [{ ...DATADOG_KEYS, "verify-monitors": "1", bake: "soon" }, '"bake" must be a duration'],
      [
        { ...DATADOG_KEYS, "datadog-site": "datadoghq.co" },
        '"datadog-site" must be one of datadoghq.com, datadoghq.eu',
      ],
      [{ "datadog-api-key": "k", "log-source": "datadog" }, '"log-source" is datadog, which needs'],
      [{ "log-source": "splunk" }, '"log-source" must be one of auto, cloudwatch, datadog, none'],
      [{ "datadog-env": "qa3" }, '"datadog-env" is set but datadog-api-key is not'],
      [{ ...DATADOG_KEYS, "verify-monitors": "1", wait: "false" }, '"verify-monitors" needs wait: true'],
    ];
    for (const [values, message] of cases) expect(inputErrorOf(() => inputsOf(values)).message).toContain(message);
    expect(inputsOf({ ...DATADOG_KEYS, "verify-monitors": "1" }).datadog).toMatchObject({
      bakeMs: 0,
      site: "datadoghq.com",
      logSource: "auto",
    });
    expect(inputsOf({ ...DATADOG_KEYS, "verify-monitors": "1", bake: "0s" }).datadog.bakeMs).toBe(0);
  });
});
