import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsFake } from "../src/aws/index.js";
import { VirtualClock } from "../src/clock.js";
import { credentials } from "./aws-fixtures.js";

const TG = "targetgroup/qa3-web/0123456789abcdef";
const NOW = Date.parse("2026-11-25T12:00:00Z");

let clock: VirtualClock;
let fake: AwsFake;
let cloudWatch: CloudWatchClient;
beforeEach(async () => {
  clock = new VirtualClock(NOW);
  fake = await new AwsFake({ clock }).start();
  cloudWatch = new CloudWatchClient({ region: "ap-northeast-1", endpoint: fake.url, credentials, maxAttempts: 1 });
});
afterEach(async () => {
  cloudWatch.destroy();
  await fake.stop();
});

const requests = (id: string, targetGroup = TG, period = 300): MetricDataQuery => ({
  Id: id,
  MetricStat: {
    Metric: {
      Namespace: "AWS/ApplicationELB",
      MetricName: "RequestCountPerTarget",
      Dimensions: [{ Name: "TargetGroup", Value: targetGroup }],
    },
    Period: period,
    Stat: "Sum",
  },
});

const window = { StartTime: new Date(NOW - 2 * 3_600_000), EndTime: new Date(NOW) };

describe("CloudWatch GetMetricData", () => {
  it("sums raw points into period buckets aligned on the start, newest first, empty buckets left out", async () => {
    const put = (minutesAgo: number, value: number, dimensions = { TargetGroup: TG }) =>
      fake.putMetric({
        namespace: "AWS/ApplicationELB",
        metricName: "RequestCountPerTarget",
        dimensions,
        at: NOW - minutesAgo * 60_000,
        value,
      });
    put(90, 3);
    put(88, 4);
    put(10, 1);
    put(10, 7, { TargetGroup: TG, LoadBalancer: "app/qa/1" } as never); // another dimension set: another metric
    put(200, 9); // before the window
    const output = await cloudWatch.send(
      new GetMetricDataCommand({
        ...window,
        MetricDataQueries: [requests("web"), requests("none", "targetgroup/x/1")],
      }),
    );
    expect(output.MetricDataResults?.map((result) => [result.Id, result.Values, result.StatusCode])).toEqual([
      ["web", [1, 7], "Complete"],
      ["none", [], "Complete"],
    ]);
    expect(output.MetricDataResults?.[0]?.Timestamps?.map((at) => at.toISOString())).toEqual([
      "2026-11-25T11:50:00.000Z",
      "2026-11-25T10:30:00.000Z",
    ]);
    expect(fake.metrics.metricsRequested).toBe(2);
  });

  it("refuses more than 500 queries, a malformed or duplicated Id, and a period that is not a multiple of 60", async () => {
    const many = Array.from({ length: 501 }, (_, index) => requests(`m${index}`));
    await expect(cloudWatch.send(new GetMetricDataCommand({ ...window, MetricDataQueries: many }))).rejects.toThrow(
      /less than or equal to 500/,
    );
    await expect(
      cloudWatch.send(new GetMetricDataCommand({ ...window, MetricDataQueries: [requests("Web")] })),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException" });
    await expect(
      cloudWatch.send(new GetMetricDataCommand({ ...window, MetricDataQueries: [requests("a"), requests("a")] })),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException" });
    await expect(
      cloudWatch.send(new GetMetricDataCommand({ ...window, MetricDataQueries: [requests("a", TG, 90)] })),
    ).rejects.toThrow(/multiple of 60/);
    const ok = await cloudWatch.send(new GetMetricDataCommand({ ...window, MetricDataQueries: many.slice(0, 500) }));
    expect(ok.MetricDataResults).toHaveLength(500);
  });

  it("pages past MaxDatapoints with NextToken and PartialData", async () => {
    for (let minute = 1; minute <= 5; minute++)
      fake.putMetric({
        namespace: "AWS/ApplicationELB",
        metricName: "RequestCountPerTarget",
        dimensions: { TargetGroup: TG },
        at: NOW - minute * 60_000,
        value: minute,
      });
    const first = await cloudWatch.send(
      new GetMetricDataCommand({ ...window, MetricDataQueries: [requests("web", TG, 60)], MaxDatapoints: 3 }),
    );
    expect(first.MetricDataResults?.[0]).toMatchObject({ Values: [1, 2, 3], StatusCode: "PartialData" });
    const second = await cloudWatch.send(
      new GetMetricDataCommand({
        ...window,
        MetricDataQueries: [requests("web", TG, 60)],
        MaxDatapoints: 3,
        NextToken: first.NextToken,
      }),
    );
    expect(second.MetricDataResults?.[0]).toMatchObject({ Values: [4, 5], StatusCode: "Complete" });
    expect(second.NextToken).toBeUndefined();
  });
});
