import type { DescribeServicesCommandInput, DescribeServicesCommandOutput } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { DESCRIBE_SERVICES_MAX, describeServices } from "../src/ecs.js";

/** A cluster of services `svc-0`…; DescribeServices as ECS answers it (unknown names as MISSING failures). */
function port(existing: number) {
  const calls: DescribeServicesCommandInput[] = [];
  return {
    calls,
    describeServices: async (input: DescribeServicesCommandInput): Promise<DescribeServicesCommandOutput> => {
      calls.push(input);
      if ((input.services?.length ?? 0) > DESCRIBE_SERVICES_MAX) throw new Error("more than 10 services");
      const names = (input.services ?? []).map((name) => name.split("/").at(-1) ?? name);
      const found = names.filter((name) => Number(name.slice(4)) < existing);
      return {
        services: found.reverse().map((name) => ({
          serviceName: name,
          serviceArn: `arn:aws:ecs:ap-northeast-1:123456789012:service/qa/${name}`,
          status: "ACTIVE",
        })),
        failures: names.filter((name) => !found.includes(name)).map((name) => ({ arn: name, reason: "MISSING" })),
        $metadata: {},
      };
    },
  };
}

describe("describeServices", () => {
  it("asks 10 at a time, answers in the order asked, each once, and reports the missing", async () => {
    const ecs = port(22);
    const names = [...Array.from({ length: 25 }, (_, i) => `svc-${i}`), "svc-3"];
    const { services, missing } = await describeServices(ecs, "qa", names, { include: ["TAGS"], concurrency: 2 });
    expect(ecs.calls.map((call) => call.services?.length)).toEqual([10, 10, 5]);
    expect(ecs.calls.every((call) => call.cluster === "qa" && call.include?.[0] === "TAGS")).toBe(true);
    expect(services.map((service) => service.serviceName)).toEqual(Array.from({ length: 22 }, (_, i) => `svc-${i}`));
    expect(missing).toEqual(["svc-22", "svc-23", "svc-24"]);
  });

  it("matches services asked by ARN", async () => {
    const ecs = port(2);
    const arn = "arn:aws:ecs:ap-northeast-1:123456789012:service/qa/svc-1";
    const { services, missing } = await describeServices(ecs, "qa", [arn, "svc-0"]);
    expect(services.map((service) => service.serviceName)).toEqual(["svc-1", "svc-0"]);
    expect(missing).toEqual([]);
  });
});
