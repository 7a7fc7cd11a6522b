import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DescribeServicesCommand, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsCallOf, createEcsClient, explainAwsError } from "../src/aws.js";
import { ActionError } from "../src/errors.js";
import { explainError } from "../src/explain.js";

// A loopback endpoint that answers every ECS call with the AWS JSON 1.1 error queued for it.
let server: Server;
let endpoint: string;
const answers: { status: number; type: string; message: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const answer = answers.shift() ?? { status: 500, type: "ServerException", message: "no answer queued" };
      res.writeHead(answer.status, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify({ __type: answer.type, message: answer.message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = (overrides: Record<string, unknown> = {}) =>
  createEcsClient({
    region: "ap-northeast-1",
    overrides: {
      endpoint,
      credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" },
      maxAttempts: 1,
      ...overrides,
    },
  });

/** The SDK's retry loop with no delay between attempts (a RetryStrategyV2), so the test does not sleep. */
function instantRetries(maxAttempts: number) {
  const token = (count: number) => ({ getRetryCount: () => count, getRetryDelay: () => 0 });
  return {
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous: ReturnType<typeof token>) => {
      if (previous.getRetryCount() + 1 >= maxAttempts) throw new Error("out of attempts");
      return token(previous.getRetryCount() + 1);
    },
    recordSuccess: () => {},
  };
}

async function failure(
  answer: { status: number; type: string; message: string },
  command: DescribeServicesCommand | RegisterTaskDefinitionCommand = new DescribeServicesCommand({
    cluster: "prod",
    services: ["web"],
  }),
): Promise<{ raw: Error; explained: ActionError | undefined }> {
  answers.push(answer);
  const raw = await client()
    .send(command as DescribeServicesCommand)
    .then(
      () => {
        throw new Error("expected the call to fail");
      },
      (error: Error) => error,
    );
  return { raw, explained: explainAwsError(raw) };
}

describe("explainAwsError", () => {
  it("tags each error with the IAM action and region, and leaves the SDK error as it is", async () => {
    const { raw } = await failure({ status: 400, type: "ClusterNotFoundException", message: "Cluster not found." });
    expect(raw.name).toBe("ClusterNotFoundException");
    expect(awsCallOf(raw)).toEqual({ operation: "ecs:DescribeServices", region: "ap-northeast-1" });
  });

  it("names the cluster input for ClusterNotFoundException", async () => {
    const { explained } = await failure({
      status: 400,
      type: "ClusterNotFoundException",
      message: "Cluster not found.",
    });
    expect(explained?.message).toBe(
      "The ECS cluster was not found (ecs:DescribeServices in ap-northeast-1): Cluster not found.",
    );
    expect(explained?.hint).toContain('Check the "cluster" input and the region (ap-northeast-1)');
  });

  it("names the service input for ServiceNotFoundException", async () => {
    const { explained } = await failure({
      status: 400,
      type: "ServiceNotFoundException",
      message: "Service not found.",
    });
    expect(explained?.hint).toContain('"service" input');
  });

  it("names the IAM action and the README policy for AccessDenied", async () => {
    const { explained } = await failure(
      {
        status: 400,
        type: "AccessDeniedException",
        message:
          "User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/task because no identity-based policy allows the iam:PassRole action",
      },
      new RegisterTaskDefinitionCommand({ family: "web", containerDefinitions: [] }),
    );
    expect(explained?.message).toBe(
      "Access denied: the AWS role may not call iam:PassRole on arn:aws:iam::123456789012:role/task",
    );
    expect(explained?.hint).toContain('Allow "iam:PassRole"');
    expect(explained?.hint).toContain('"IAM policy"');
  });

  it("falls back to the operation when the message does not name the action", async () => {
    const { explained } = await failure({ status: 400, type: "AccessDeniedException", message: "Access denied" });
    expect(explained?.message).toBe("Access denied: the AWS role may not call ecs:DescribeServices");
  });

  it.each([
    ["ExpiredTokenException", "The security token included in the request is expired"],
    ["UnrecognizedClientException", "The security token included in the request is invalid."],
    ["InvalidSignatureException", "The request signature we calculated does not match"],
  ])("explains rejected credentials (%s) with configure-aws-credentials and id-token: write", async (type, message) => {
    const { explained } = await failure({ status: 400, type, message });
    expect(explained?.message).toBe(`AWS rejected the credentials for ecs:DescribeServices (${type}: ${message})`);
    expect(explained?.hint).toContain("aws-actions/configure-aws-credentials");
    expect(explained?.hint).toContain("id-token: write");
  });

  it("explains missing credentials before any request is made", async () => {
    const missing = Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });
    const raw = await client({
      credentials: async () => {
        throw missing;
      },
    })
      .send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }))
      .catch((error: Error) => error);
    const explained = explainAwsError(raw);
    expect(explained?.message).toBe(
      "No AWS credentials found for ecs:DescribeServices: Could not load credentials from any providers",
    );
    expect(explained?.hint).toContain("id-token: write");
  });

  it("says throttling lasted past the retries, with the attempt count", async () => {
    answers.push(
      { status: 400, type: "ThrottlingException", message: "Rate exceeded" },
      { status: 400, type: "ThrottlingException", message: "Rate exceeded" },
    );
    const raw = await client({ retryStrategy: instantRetries(2) })
      .send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }))
      .catch((error: Error) => error);
    expect(explainAwsError(raw)?.message).toBe(
      "AWS kept throttling ecs:DescribeServices in ap-northeast-1 after 2 attempts (ThrottlingException: Rate exceeded)",
    );
  });

  it.each(["InvalidParameterException", "ClientException", "ValidationException", "PlatformUnknownException"])(
    "explains a rejected request (%s) with the AWS message",
    async (type) => {
      const { explained } = await failure({ status: 400, type, message: "networkConfiguration must be set" });
      expect(explained?.message).toBe(
        `AWS rejected ecs:DescribeServices in ap-northeast-1 (${type}: networkConfiguration must be set)`,
      );
    },
  );

  it("leaves server faults and plain errors to the unexpected path", async () => {
    const { explained } = await failure({ status: 500, type: "ServerException", message: "boom" });
    expect(explained).toBeUndefined();
    expect(explainAwsError(new TypeError("x is undefined"))).toBeUndefined();
    expect(explainAwsError("a string")).toBeUndefined();
  });

  it("is what explainError uses, and an ActionError passes through unchanged", async () => {
    const { raw } = await failure({ status: 400, type: "ClusterNotFoundException", message: "Cluster not found." });
    expect(explainError(raw)).toBeInstanceOf(ActionError);
    const mine = new ActionError("mine");
    expect(explainError(mine)).toBe(mine);
  });
});
