import path from "node:path";
import { ScaledClock } from "@sre-actions/testkit";
import { AwsFake, awsFakeEnv } from "@sre-actions/testkit/aws";
import { DATADOG_FAKE_API_KEY, DATADOG_FAKE_APP_KEY, DatadogFake } from "@sre-actions/testkit/datadog";
import { describeBundle, leakedSecrets, runBundledAction, stopAfterTest } from "@sre-actions/testkit/harness";
import { expect, it } from "vitest";
import { ECR, NETWORK, REGION, railsDefinition, seedRailsImages } from "./fixtures/scenario.js";

const actionDir = path.resolve(import.meta.dirname, "..");

describeBundle((node) => {
  it("sends the deployment event to DATADOG_API_URL, gates on a monitor and masks both keys", async () => {
    const clock = new ScaledClock(30);
    const aws = stopAfterTest(await new AwsFake({ clock }).start());
    aws.setTiming({ provisioningMs: 3_000, taskStartMs: 9_000, stableMs: 6_000, drainMs: 6_000, stopMs: 3_000 });
    aws.seedCluster("qa");
    seedRailsImages(aws, Date.now());
    aws.seedService({
      cluster: "qa",
      serviceName: "qa3-web",
      taskDefinition: aws.seedTaskDefinition(railsDefinition("qa3-web")),
      desiredCount: 2,
      launchType: "FARGATE",
      networkConfiguration: NETWORK,
    });
    const datadog = stopAfterTest(await new DatadogFake({ clock }).start());
    const monitor = datadog.addMonitor({ name: "qa3-web 5xx", tags: ["service:qa3-web"] });
    const result = await runBundledAction(actionDir, {
      node,
      inputs: {
        cluster: "qa",
        service: "qa3-web",
        image: `${ECR}/rails:v2`,
        "poll-interval": "1s",
        "datadog-api-key": DATADOG_FAKE_API_KEY,
        "datadog-app-key": DATADOG_FAKE_APP_KEY,
        "verify-monitors": "service:qa3-web",
        bake: "3s",
      },
      env: {
        ...awsFakeEnv(aws, REGION),
        DATADOG_API_URL: datadog.url,
      },
      timeoutMs: 60_000,
    });
    expect(result.annotations).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(datadog.deployments()).toMatchObject([{ attributes: { service: "qa3-web", version: "v2" } }]);
    expect(datadog.operationCounts()["monitors.list"]).toBeGreaterThanOrEqual(2);
    expect(result.log).toMatch(/Bake \d+s\/3s: 1 monitor\(s\): 1 OK/);
    expect(result.summary).toContain(`https://app.datadoghq.com/monitors/${monitor}`);
    expect(result.masked).toEqual(expect.arrayContaining([DATADOG_FAKE_API_KEY, DATADOG_FAKE_APP_KEY]));
    expect(leakedSecrets(result, [DATADOG_FAKE_API_KEY, DATADOG_FAKE_APP_KEY])).toEqual([]);
  }, 90_000);
});
