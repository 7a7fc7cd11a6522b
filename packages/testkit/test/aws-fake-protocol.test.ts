import { CloudWatchLogsClient, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateClusterCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  type DescribeServicesCommandInput,
  ECSClient,
  InvalidParameterException,
  ListClustersCommand,
} from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsFake } from "../src/aws/index.js";
import { VirtualClock } from "../src/clock.js";
import { credentials, network, webDefinition } from "./aws-fixtures.js";

const AUTHORIZATION =
  "AWS4-HMAC-SHA256 Credential=AKIDTEST/20261125/ap-northeast-1/ecs/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0";

describe("AwsFake: the AWS JSON 1.1 contract", () => {
  let fake: AwsFake;
  let ecs: ECSClient;

  /** A request the way the SDK would send it, but with a body we choose. */
  const raw = async (operation: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(fake.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `AmazonEC2ContainerServiceV20141113.${operation}`,
        authorization: AUTHORIZATION,
        ...headers,
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      json: (await response.json()) as unknown,
    };
  };

  beforeEach(async () => {
    fake = await new AwsFake({ clock: new VirtualClock() }).start();
    ecs = new ECSClient({ region: "ap-northeast-1", endpoint: fake.url, credentials, maxAttempts: 1 });
    fake.seedCluster("prod");
    fake.seedTaskDefinition(webDefinition("repo/web:1"));
    fake.seedService({
      cluster: "prod",
      serviceName: "web",
      taskDefinition: "web",
      desiredCount: 1,
      launchType: "FARGATE",
      networkConfiguration: network,
    });
  });

  afterEach(async () => {
    ecs.destroy();
    await fake.stop();
  });

  it("answers in application/x-amz-json-1.1", async () => {
    const answer = await raw("DescribeClusters", { clusters: ["prod"] });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe("application/x-amz-json-1.1");
    // Timestamps travel as epoch seconds.
    const ok = await raw("DescribeServices", { cluster: "prod", services: ["web"] });
    const service = (ok.json as { services: { createdAt: unknown }[] }).services[0];
    expect(typeof service?.createdAt).toBe("number");
  });

  it("rejects a request with an unknown member (SerializationException) and changes nothing", async () => {
    const answer = await raw("UpdateService", { cluster: "prod", service: "web", forceNewDeploy: true });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      __type: "SerializationException",
      message: "Unknown member 'forceNewDeploy' in UpdateServiceRequest.",
    });
    expect(fake.describeService("prod", "web").deployments).toHaveLength(1);
    expect(fake.mutatingRequests().map((request) => [request.operation, request.status])).toEqual([
      ["UpdateService", 400],
    ]);
  });

  it("rejects members of the wrong type, deep inside too", async () => {
    const wrongType = await raw("DescribeServices", { cluster: "prod", services: "web" });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json).toMatchObject({
      __type: "SerializationException",
      message: "Member 'services' must be a list; got a string.",
    });

    const nested = await raw("UpdateService", {
      cluster: "prod",
      service: "web",
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: "yes", rollback: true } },
    });
    expect(nested.json).toMatchObject({
      __type: "SerializationException",
      message: "Member 'deploymentConfiguration.deploymentCircuitBreaker.enable' must be a boolean; got a string.",
    });

    const notJson = await raw("DescribeServices", "{not json");
    expect(notJson.json).toMatchObject({ __type: "SerializationException" });
  });

  it("rejects a request missing a required member, through the real SDK too", async () => {
    const answer = await raw("DescribeServices", { cluster: "prod" });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      __type: "InvalidParameterException",
      message:
        "1 validation error detected: Value null at 'services' failed to satisfy constraint: Member must not be null",
    });

    const nested = await raw("RegisterTaskDefinition", {
      family: "web",
      containerDefinitions: [{ name: "app", image: "x", memory: 512, logConfiguration: { options: {} } }],
    });
    expect(nested.json).toMatchObject({
      message:
        "1 validation error detected: Value null at 'containerDefinitions.1.member.logConfiguration.logDriver' failed to satisfy constraint: Member must not be null",
    });

    // The SDK does not check required members itself: the service does.
    const error = await ecs
      .send(new DescribeServicesCommand({ cluster: "prod" } as DescribeServicesCommandInput))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400);
  });

  it("answers UnknownOperationException for operations it does not know or implement", async () => {
    const unknown = await raw("LaunchRocket", {});
    expect(unknown).toMatchObject({ status: 400, json: { __type: "UnknownOperationException" } });
    const notImplemented = await ecs.send(new ListClustersCommand({})).catch((caught: unknown) => caught);
    expect(notImplemented).toMatchObject({ name: "UnknownOperationException" });
  });

  it("checks the SigV4 scope: signed, for its region, for the right service", async () => {
    const unsigned = await raw("DescribeClusters", {}, { authorization: "" });
    expect(unsigned).toMatchObject({ status: 403, json: { __type: "IncompleteSignatureException" } });

    const elsewhere = new ECSClient({ region: "us-east-1", endpoint: fake.url, credentials, maxAttempts: 1 });
    await expect(elsewhere.send(new DescribeClustersCommand({}))).rejects.toMatchObject({
      name: "InvalidSignatureException",
      message: "Credential should be scoped to a valid region.",
    });
    elsewhere.destroy();

    const wrongService = await raw("DescribeClusters", {}, { authorization: AUTHORIZATION.replace("/ecs/", "/logs/") });
    expect(wrongService).toMatchObject({
      status: 403,
      json: { message: "Credential should be scoped to correct service: 'ecs'." },
    });
  });

  it("throttles like ECS: HTTP 400 ThrottlingException 'Rate exceeded', seen by the SDK", async () => {
    fake.throttle("DescribeServices", 1);
    const error = await ecs
      .send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: "ThrottlingException",
      message: "Rate exceeded",
      $metadata: { httpStatusCode: 400 },
    });
    const next = await ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }));
    expect(next.services).toHaveLength(1);
    expect(fake.operationCounts()["DescribeServices"]).toBe(2);
  });

  it("routes by X-Amz-Target: ECS and CloudWatch Logs on one endpoint, reached through AWS_ENDPOINT_URL", async () => {
    fake.seedLogEvents("/app", "main", ["hello"]);
    const saved = process.env["AWS_ENDPOINT_URL"];
    process.env["AWS_ENDPOINT_URL"] = fake.url;
    try {
      const viaEnvEcs = new ECSClient({ region: "ap-northeast-1", credentials });
      const viaEnvLogs = new CloudWatchLogsClient({ region: "ap-northeast-1", credentials });
      const created = await viaEnvEcs.send(new CreateClusterCommand({ clusterName: "from-env" }));
      expect(created.cluster?.clusterName).toBe("from-env");
      const read = await viaEnvLogs.send(new GetLogEventsCommand({ logGroupName: "/app", logStreamName: "main" }));
      expect(read.events?.map((event) => event.message)).toEqual(["hello"]);
      viaEnvEcs.destroy();
      viaEnvLogs.destroy();
    } finally {
      if (saved === undefined) delete process.env["AWS_ENDPOINT_URL"];
      else process.env["AWS_ENDPOINT_URL"] = saved;
    }
    expect(fake.operationCounts()).toMatchObject({ CreateCluster: 1, GetLogEvents: 1 });
  });
});
