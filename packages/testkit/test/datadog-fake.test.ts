import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  DATADOG_SITES,
  DatadogApiError,
  DatadogClient,
  type DatadogSite,
  type DoraDeploymentAttributes,
  datadogApiUrl,
  monitorUrl,
  toNanoseconds,
} from "@sre-actions/core/datadog";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DATADOG_FAKE_API_KEY,
  DATADOG_FAKE_APP_KEY,
  DatadogFake,
  DOCUMENTED_DORA_ID,
  modelProblems,
  officialDatadogModule,
} from "../src/datadog/index.js";
import { VirtualClock } from "../src/index.js";

const START = "2026-11-25T00:00:00Z";

interface RequestContext {
  getUrl(): string;
  getHttpMethod(): string;
  getBody(): unknown;
  getHeaders(): Record<string, string>;
}
type Factory = Record<string, (...args: unknown[]) => Promise<RequestContext>>;

/** A request built by the official client's request factory for the same call. */
function officialFactory(version: "v1" | "v2", api: string, site: DatadogSite = "datadoghq.com"): Factory {
  const { client } = officialDatadogModule() as {
    client: {
      createConfiguration(c: unknown): {
        setServerVariables(v: Record<string, string>): void;
        unstableOperations: Record<string, boolean>;
      };
    };
  };
  const configuration = client.createConfiguration({
    authMethods: { apiKeyAuth: DATADOG_FAKE_API_KEY, appKeyAuth: DATADOG_FAKE_APP_KEY },
  });
  configuration.setServerVariables({ site });
  // Marking by version is a preview endpoint: the official client sends it only when enabled.
  configuration.unstableOperations["v2.patchDORADeploymentByVersion"] = true;
  const module = officialDatadogModule(`dist/packages/datadog-api-client-${version}/apis/${api}.js`);
  const Factory = module[`${api}RequestFactory`] as new (c: unknown) => Factory;
  return new Factory(configuration);
}

async function failure(promise: Promise<unknown>): Promise<DatadogApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DatadogApiError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

const deployment = (overrides: Partial<DoraDeploymentAttributes> = {}): DoraDeploymentAttributes => ({
  id: "ecs-deploy:acme-shop:12345:1:api",
  service: "api",
  env: "qa3",
  version: "v1.2.3",
  started_at: toNanoseconds(Date.parse(START) - 300_000),
  finished_at: toNanoseconds(Date.parse(START)),
  git: { commit_sha: "66adc9350f2cc9b250b69abddab733dd55e1a588", repository_url: "https://github.com/acme/shop" },
  ...overrides,
});

describe("Datadog sites", () => {
  it("map to the documented API hosts and app URLs", () => {
    expect(DATADOG_SITES.map((site) => datadogApiUrl(site))).toEqual([
      "https://api.datadoghq.com",
      "https://api.datadoghq.eu",
      "https://api.us3.datadoghq.com",
      "https://api.us5.datadoghq.com",
      "https://api.ap1.datadoghq.com",
      "https://api.ap2.datadoghq.com",
      "https://api.ddog-gov.com",
    ]);
    expect(monitorUrl("datadoghq.com", 7)).toBe("https://app.datadoghq.com/monitors/7");
    expect(monitorUrl("ap1.datadoghq.com", 7)).toBe("https://ap1.datadoghq.com/monitors/7");
  });

  it("agree with the official client's server table", async () => {
    for (const site of DATADOG_SITES) {
      const request = await officialFactory("v1", "MonitorsApi", site)["getMonitor"]?.(1);
      expect(new URL(request?.getUrl() ?? "").origin).toBe(datadogApiUrl(site));
    }
  });
});

describe("DatadogFake with the pack's DatadogClient", () => {
  let clock: VirtualClock;
  let fake: DatadogFake;
  let datadog: DatadogClient;

  beforeEach(async () => {
    clock = new VirtualClock(START);
    fake = await new DatadogFake({ clock }).start();
    datadog = new DatadogClient({
      apiKey: DATADOG_FAKE_API_KEY,
      appKey: DATADOG_FAKE_APP_KEY,
      site: "datadoghq.com",
      baseUrl: fake.url,
      sleep: (ms) => clock.sleep(ms),
    });
  });
  afterEach(() => fake.stop());

  describe("DORA events", () => {
    it("keeps one event per id however often it is sent, like Datadog", async () => {
      const first = await datadog.sendDeployment(deployment());
      await datadog.sendDeployment(deployment({ version: "v1.2.4" }));
      expect(first.data.id).toBe("ecs-deploy:acme-shop:12345:1:api");
      expect(fake.deployments()).toHaveLength(1);
      expect(fake.deployments()[0]).toMatchObject({ submissions: 2, attributes: { version: "v1.2.4" } });
      expect(fake.deployments()[0]?.finishedAtNs).toBe(Date.parse(START) * 1e6);
    });

    it("sends the body the official client would send", async () => {
      await datadog.sendDeployment(deployment());
      const official = await officialFactory("v2", "DORAMetricsApi")["createDORADeployment"]?.({
        data: {
          attributes: {
            id: "ecs-deploy:acme-shop:12345:1:api",
            service: "api",
            env: "qa3",
            version: "v1.2.3",
            startedAt: toNanoseconds(Date.parse(START) - 300_000),
            finishedAt: toNanoseconds(Date.parse(START)),
            git: {
              commitSha: "66adc9350f2cc9b250b69abddab733dd55e1a588",
              repositoryUrl: "https://github.com/acme/shop",
            },
          },
        },
      });
      expect(new URL(official?.getUrl() ?? "").pathname).toBe(fake.requests[0]?.path);
      expect(official?.getHttpMethod()).toBe(fake.requests[0]?.method);
      expect(JSON.parse(String(official?.getBody()))).toEqual(fake.requests[0]?.body);
    });

    it("sends failure events matching the official model", async () => {
      const attributes = {
        id: "incident-label-metrics:acme-shop:pr-42",
        services: ["api"],
        env: "production",
        name: "Checkout 500s",
        severity: "sev2",
        started_at: toNanoseconds(Date.parse(START) - 3_600_000),
        finished_at: toNanoseconds(Date.parse(START)),
        git: { commit_sha: "66adc9350f2cc9b250b69abddab733dd55e1a588", repository_url: "https://github.com/acme/shop" },
      };
      await datadog.sendFailure(attributes);
      expect(modelProblems({ data: { attributes } }, "DORAFailureRequest", "v2")).toEqual([]);
      expect(fake.failures()).toMatchObject([{ id: attributes.id, attributes: { severity: "sev2" } }]);
    });

    it("refuses bodies the way the API documents them", async () => {
      const post = (body: unknown) =>
        fetch(`${fake.url}/api/v2/dora/deployment`, {
          method: "POST",
          headers: { "dd-api-key": DATADOG_FAKE_API_KEY, "content-type": "application/json" },
          body: JSON.stringify(body),
        }).then(async (r) => ({ status: r.status, text: await r.text() }));
      const { service: _, ...noService } = deployment();
      expect(await post({ data: { attributes: noService } })).toMatchObject({
        status: 400,
        text: expect.stringContaining("body.data.attributes.service is required"),
      });
      expect(await post({ data: { attributes: { ...deployment(), startedAt: 1 } } })).toMatchObject({
        status: 400,
        text: expect.stringContaining('does not have: \\"startedAt\\"'),
      });
      expect(await post({ data: { attributes: deployment({ id: "short" }) } })).toMatchObject({
        status: 400,
        text: expect.stringContaining("16-128 characters"),
      });
      expect(await post({ data: { attributes: deployment({ custom_tags: ["nocolon"] }) } })).toMatchObject({
        status: 400,
        text: expect.stringContaining("key:value"),
      });
      expect(await post({ data: { attributes: deployment({ finished_at: 1.5 }) } })).toMatchObject({ status: 400 });
      const failure = await datadog.sendFailure({ started_at: toNanoseconds(clock.now()) }).catch((e: unknown) => e);
      expect(String(failure)).toContain("services or team is required");
      expect(fake.deployments()).toEqual([]);
    });

    it("accepts seconds, milliseconds and nanoseconds and refuses events past the retention", async () => {
      const now = clock.now();
      await datadog.sendDeployment(
        deployment({ id: "seconds-0000000001", started_at: now / 1000, finished_at: now / 1000 }),
      );
      await datadog.sendDeployment(deployment({ id: "millis-00000000001", started_at: now, finished_at: now }));
      expect(fake.deployments().map((event) => event.finishedAtNs)).toEqual([now * 1e6, now * 1e6]);
      const old = toNanoseconds(now - 3 * 365 * 86_400_000);
      const error = await failure(datadog.sendDeployment(deployment({ started_at: old, finished_at: old })));
      expect(error.message).toContain("retention");
    });
  });

  describe("marking deployments failed (PATCH /api/v2/dora/deployments)", () => {
    const patches = () => fake.requests.filter((request) => request.method === "PATCH");

    it("marks a deployment failed by id, with the body the official client sends, valid against its model", async () => {
      await datadog.sendDeployment(deployment());
      await datadog.sendDeployment(deployment({ id: "ecs-deploy:acme-shop:12346:1:api", version: "v1.2.4" }));
      await datadog.patchDeployment("ecs-deploy:acme-shop:12345:1:api", {
        change_failure: true,
        remediation: { id: "ecs-deploy:acme-shop:12346:1:api", type: "rollforward" },
      });
      const [sent] = patches();
      expect(sent?.status).toBe(202);
      expect(modelProblems(sent?.body, "DORADeploymentPatchRequest", "v2")).toEqual([]);
      const official = await officialFactory("v2", "DORAMetricsApi")["patchDORADeployment"]?.(
        "ecs-deploy:acme-shop:12345:1:api",
        {
          data: {
            id: "ecs-deploy:acme-shop:12345:1:api",
            type: "dora_deployment_patch_request",
            attributes: {
              changeFailure: true,
              remediation: { id: "ecs-deploy:acme-shop:12346:1:api", type: "rollforward" },
            },
          },
        },
      );
      expect(official?.getHttpMethod()).toBe("PATCH");
      expect(decodeURIComponent(new URL(official?.getUrl() ?? "").pathname)).toBe(decodeURIComponent(sent?.path ?? ""));
      expect(JSON.parse(String(official?.getBody()))).toEqual(sent?.body);
      expect(fake.deployments()[0]).toMatchObject({
        changeFailure: true,
        remediation: { id: "ecs-deploy:acme-shop:12346:1:api", type: "rollforward" },
        patches: 1,
      });
      // Re-sending the event (a second backfill) keeps what was marked on it.
      await datadog.sendDeployment(deployment());
      expect(fake.deployments()[0]).toMatchObject({ submissions: 2, changeFailure: true });
    });

    it("marks by service, env and version (the most recently finished match), as the official client would", async () => {
      const now = Date.parse(START);
      await datadog.sendDeployment(
        deployment({ id: "first-deployment-0001", finished_at: toNanoseconds(now - 60_000) }),
      );
      await datadog.sendDeployment(deployment({ id: "second-deployment-001" }));
      const attributes = {
        service: "api",
        env: "qa3",
        version: "v1.2.3",
        change_failure: true,
        remediation: { version: "v1.2.2", type: "rollback" as const },
      };
      await datadog.patchDeploymentByVersion(attributes);
      const [sent] = patches();
      expect(modelProblems(sent?.body, "DORADeploymentPatchByVersionRequest", "v2")).toEqual([]);
      const official = await officialFactory("v2", "DORAMetricsApi")["patchDORADeploymentByVersion"]?.({
        data: {
          type: "dora_deployment_patch_request",
          attributes: { ...attributes, changeFailure: true, change_failure: undefined },
        },
      });
      expect(new URL(official?.getUrl() ?? "").pathname).toBe(sent?.path);
      expect(JSON.parse(String(official?.getBody()))).toEqual(sent?.body);
      expect(fake.deployments().map((record) => [record.id, record.changeFailure])).toEqual([
        ["first-deployment-0001", undefined],
        ["second-deployment-001", true],
      ]);
    });

    it("refuses what the reference rules out: unknown ids and versions, id and version together, a bad type, no scope", async () => {
      await datadog.sendDeployment(deployment());
      expect((await failure(datadog.patchDeployment("no-such-deployment-01", { change_failure: true }))).status).toBe(
        404,
      );
      expect(
        (
          await failure(
            datadog.patchDeploymentByVersion({ service: "api", env: "qa3", version: "v9", change_failure: true }),
          )
        ).status,
      ).toBe(404);
      const both = { id: "x-000000000000000001", version: "v1", type: "rollback" } as never;
      const error = await failure(
        datadog.patchDeployment("ecs-deploy:acme-shop:12345:1:api", { change_failure: true, remediation: both }),
      );
      expect(error.message).toContain("not both");
      const raw = await fetch(`${fake.url}/api/v2/dora/deployments`, {
        method: "PATCH",
        headers: {
          "dd-api-key": DATADOG_FAKE_API_KEY,
          "dd-application-key": DATADOG_FAKE_APP_KEY,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          data: {
            type: "dora_deployment_patch_request",
            attributes: {
              service: "api",
              env: "qa3",
              version: "v1.2.3",
              change_failure: true,
              remediation: { type: "undo" },
            },
          },
        }),
      });
      expect(raw.status).toBe(400);
      expect(await raw.text()).toContain("matches none of the members of DORADeploymentPatchByVersionRemediation");
      const noWrite = await new DatadogFake({ clock, appKeys: { readonly: ["monitors_read"] } }).start();
      try {
        const client = new DatadogClient({
          apiKey: DATADOG_FAKE_API_KEY,
          appKey: "readonly",
          site: "datadoghq.com",
          baseUrl: noWrite.url,
          sleep: clock.sleep.bind(clock),
        });
        const denied = await failure(
          client.patchDeployment("ecs-deploy:acme-shop:12345:1:api", { change_failure: true }),
        );
        expect(denied.status).toBe(403);
        expect(denied.message).toContain("dora_metrics_write");
      } finally {
        await noWrite.stop();
      }
      expect(fake.deployments()[0]?.changeFailure).toBeUndefined();
    });

    it("needs an application key before anything is sent", async () => {
      const apiKeyOnly = new DatadogClient({
        apiKey: DATADOG_FAKE_API_KEY,
        site: "datadoghq.com",
        baseUrl: fake.url,
        sleep: clock.sleep.bind(clock),
      });
      const error = await failure(
        apiKeyOnly.patchDeployment("ecs-deploy:acme-shop:12345:1:api", { change_failure: true }),
      );
      expect(error.message).toContain("datadog-app-key");
      expect(fake.requests).toEqual([]);
    });
  });

  describe("the fake's limits come from Datadog's documentation", () => {
    it("event ids: 16-128 characters of a-z A-Z 0-9 - _ . :, as the official model documents them", () => {
      const require = createRequire(import.meta.url);
      const model = readFileSync(
        require.resolve(
          "@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/models/DORADeploymentRequestAttributes.d.ts",
        ),
        "utf8",
      );
      expect(model).toContain(
        "Must be 16-128 characters and contain only alphanumeric characters, hyphens, underscores, periods, and colons (a-z, A-Z, 0-9, -, _, ., :)",
      );
      for (const good of ["a".repeat(16), "x".repeat(128), "ecs-deploy:acme_shop.1"])
        expect(DOCUMENTED_DORA_ID.test(good)).toBe(true);
      for (const bad of ["a".repeat(15), "x".repeat(129), "ecs deploy:acme-shop", "acme/shop:run-1234"])
        expect(DOCUMENTED_DORA_ID.test(bad)).toBe(false);
    });
  });

  describe("auth", () => {
    it("answers 403 to an unknown API key", async () => {
      const stranger = new DatadogClient({
        apiKey: "nope",
        site: "datadoghq.eu",
        baseUrl: fake.url,
        sleep: clock.sleep.bind(clock),
      });
      const error = await failure(stranger.sendDeployment(deployment()));
      expect(error.status).toBe(403);
      expect(error.message).toContain("datadog-api-key");
      expect(error.message).toContain("datadoghq.eu");
    });

    it("needs an application key with the right scope for monitors and logs", async () => {
      const noAppKey = new DatadogClient({
        apiKey: DATADOG_FAKE_API_KEY,
        site: "datadoghq.com",
        baseUrl: fake.url,
        sleep: clock.sleep.bind(clock),
      });
      expect((await failure(noAppKey.getMonitor(1))).message).toContain("datadog-app-key");
      expect(fake.requests).toEqual([]);

      const scoped = await new DatadogFake({ clock, appKeys: { logsonly: ["logs_read_data"] } }).start();
      try {
        const client = new DatadogClient({
          apiKey: DATADOG_FAKE_API_KEY,
          appKey: "logsonly",
          site: "datadoghq.com",
          baseUrl: scoped.url,
          sleep: clock.sleep.bind(clock),
        });
        const error = await failure(client.listMonitors(["service:api"]));
        expect(error.status).toBe(403);
        expect(error.message).toContain("monitors_read");
      } finally {
        await scoped.stop();
      }
    });
  });

  describe("monitors", () => {
    it("change state on the fake's clock", async () => {
      const id = fake.addMonitor({ name: "api 5xx", tags: ["service:api", "env:qa3"] });
      fake.scheduleMonitorState(id, "Alert", clock.now() + 120_000);
      expect((await datadog.getMonitor(id)).overall_state).toBe("OK");
      clock.advance(120_000);
      const monitor = await datadog.getMonitor(id);
      expect(monitor).toMatchObject({ id, name: "api 5xx", overall_state: "Alert" });
      const raw = await fetch(`${fake.url}/api/v1/monitor/${id}`, {
        headers: { "dd-api-key": DATADOG_FAKE_API_KEY, "dd-application-key": DATADOG_FAKE_APP_KEY },
      }).then((r) => r.json());
      expect(modelProblems(raw, "Monitor", "v1")).toEqual([]);
      expect((await failure(datadog.getMonitor(424242))).status).toBe(404);
    });

    it("lists by monitor_tags (all must match), page by page", async () => {
      for (let i = 0; i < 150; i++) fake.addMonitor({ name: `m${i}`, tags: ["service:api", "env:qa3"] });
      fake.addMonitor({ name: "other env", tags: ["service:api", "env:prod"] });
      const monitors = await datadog.listMonitors(["service:api", "env:qa3"]);
      expect(monitors).toHaveLength(150);
      expect(fake.operationCounts()).toEqual({ "monitors.list": 2 });
      const official = await officialFactory("v1", "MonitorsApi")["listMonitors"]?.(
        undefined,
        undefined,
        undefined,
        "service:api,env:qa3",
        undefined,
        undefined,
        0,
        100,
      );
      const ours = new URL(
        `${fake.url}${fake.requests[0]?.path}?monitor_tags=service:api,env:qa3&page=0&page_size=100`,
      );
      const theirs = new URL(official?.getUrl() ?? "");
      expect(theirs.pathname).toBe(ours.pathname);
      expect(Object.fromEntries(theirs.searchParams)).toEqual(Object.fromEntries(ours.searchParams));
      const raw = await fetch(`${fake.url}/api/v1/monitor?monitor_tags=env:prod`, {
        headers: { "dd-api-key": DATADOG_FAKE_API_KEY, "dd-application-key": DATADOG_FAKE_APP_KEY },
      }).then((r) => r.json());
      expect(modelProblems(raw, "Array<Monitor>", "v1")).toEqual([]);
    });

    it("waits out 429 for the seconds X-RateLimit-Reset says", async () => {
      const id = fake.addMonitor({ name: "api 5xx" });
      fake.rateLimit("monitors.get", 1, 10);
      clock.advance(3_000);
      await datadog.getMonitor(id);
      await datadog.getMonitor(id);
      expect(fake.requests.map((r) => r.status)).toEqual([200, 429, 200]);
      expect(clock.sleeps).toEqual([7_250]);
    });

    it("sends the headers the official client sends", async () => {
      const official = await officialFactory("v1", "MonitorsApi")["getMonitor"]?.(5);
      const headers = Object.keys(official?.getHeaders() ?? {}).map((name) => name.toLowerCase());
      expect(headers).toEqual(expect.arrayContaining(["dd-api-key", "dd-application-key"]));
    });
  });

  describe("log search", () => {
    const task = "arn:aws:ecs:ap-northeast-1:123456789012:task/qa3/0123456789abcdef";
    beforeEach(() => {
      const t0 = Date.parse(START) - 60_000;
      fake.addLogs(
        {
          timestamp: t0,
          message: "booting",
          service: "api",
          attributes: { ecs_task_arn: task, container_name: "app" },
        },
        {
          timestamp: t0 + 1000,
          message: "Error: DATABASE_URL is not set",
          service: "api",
          status: "error",
          attributes: { ecs_task_arn: task, container_name: "app" },
        },
        {
          timestamp: t0 + 2000,
          message: "sidecar up",
          attributes: { ecs_task_arn: task, container_name: "datadog-agent" },
        },
        {
          timestamp: t0 + 3000,
          message: "other task",
          attributes: { ecs_task_arn: `${task}ff`, container_name: "app" },
        },
        { timestamp: t0 - 3_600_000, message: "too early", attributes: { ecs_task_arn: task, container_name: "app" } },
      );
    });

    it("finds a task's container lines in its lifetime, across pages", async () => {
      const query = `@ecs_task_arn:"${task}" @container_name:app`;
      const request = {
        filter: { query, from: new Date(Date.parse(START) - 600_000).toISOString(), to: START },
        page: { limit: 1 },
      };
      const logs = await datadog.searchAllLogs(request);
      expect(logs.map((log) => log.attributes?.message)).toEqual(["booting", "Error: DATABASE_URL is not set"]);
      expect(fake.operationCounts()).toEqual({ "logs.search": 2 });
      const official = await officialFactory("v2", "LogsApi")["listLogs"]?.({
        filter: request.filter,
        page: { limit: 1 },
        sort: "timestamp",
      });
      expect(JSON.parse(String(official?.getBody()))).toEqual(fake.requests[0]?.body);
      const raw = await fetch(`${fake.url}/api/v2/logs/events/search`, {
        method: "POST",
        headers: {
          "dd-api-key": DATADOG_FAKE_API_KEY,
          "dd-application-key": DATADOG_FAKE_APP_KEY,
          "content-type": "application/json",
        },
        body: JSON.stringify({ ...request, page: { limit: 1 } }),
      }).then((r) => r.json());
      expect(modelProblems(raw, "LogsListResponse", "v2")).toEqual([]);
    });

    it("refuses queries and limits it does not model", async () => {
      const bad = await failure(datadog.searchLogs({ filter: { query: "(a OR b)", from: "now-1h", to: "now" } }));
      expect(bad.status).toBe(400);
      const big = await failure(
        datadog.searchLogs({ filter: { query: "*", from: "now-1h", to: "now" }, page: { limit: 6000 } }),
      );
      expect(big.message).toContain("page.limit");
    });
  });

  describe("outages", () => {
    it("retries idempotent calls, then fails with the status", async () => {
      fake.outage({ status: 503 });
      const error = await failure(datadog.sendDeployment(deployment()));
      expect(error.status).toBe(503);
      expect(fake.requests).toHaveLength(5);
      expect(clock.sleeps).toEqual([1000, 2000, 4000, 8000]);
    });
  });
});
