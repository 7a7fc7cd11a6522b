import { reportedFailure } from "@sre-actions/testkit";
import { awsErrorResponse } from "@sre-actions/testkit/aws";
import { leakedSecrets } from "@sre-actions/testkit/harness";
import { afterEach, describe, expect, it } from "vitest";
import { ECR, type Scenario, scenario } from "./fixtures/scenario.js";

// Every failure a user can fix reaches them as one explained ::error::, never "Unexpected error".
let s: Scenario;
afterEach(async () => {
  await s?.stop();
});

async function failureOf(run: Promise<unknown>) {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, "the run should have failed").toBeDefined();
  const reported = reportedFailure(error);
  expect(reported.exitCode).toBe(1);
  expect(reported.errors).toHaveLength(1);
  expect(reported.output).not.toContain("Unexpected error");
  return reported.errors[0] ?? "";
}

describe("always explained", () => {
  it("a missing cluster names the cluster input", async () => {
    s = await scenario();
    const error = await failureOf(s.execute({ cluster: "nope", image: `${ECR}/rails:v2` }));
    expect(error).toContain("Cluster nope not found in ap-northeast-1");
    expect(error).toContain("Check the cluster name and the region");
    expect(s.aws.mutatingRequests()).toEqual([]);
  });

  it("a service still deploying when the timeout ran out", async () => {
    s = await scenario();
    await s.run({ image: `${ECR}/rails:v2`, wait: "false" });
    const error = await failureOf(s.execute({ image: `${ECR}/rails:v3`, timeout: "10s", "poll-interval": "5s" }));
    expect(error).toContain("Service qa3-web was still deploying when the timeout ran out");
    expect(error).toContain("Hint:");
  });

  it.each([
    [
      "environment-variables",
      { "environment-variables": "sidekiq:QUEUES=default", image: `${ECR}/rails:v2` },
      "environment-variables: app:NAME=value",
    ],
    ["secrets", { secrets: "sidekiq:DB=/qa3/db", image: `${ECR}/rails:v2` }, "secrets: app:NAME=value"],
    ["images", { images: "sidekiq=123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/rails:v2" }, "images: app=<image>"],
  ])(
    "%s naming a container no task definition has lists the containers and shows a right value",
    async (_, values, example) => {
      s = await scenario();
      const error = await failureOf(s.execute(values));
      expect(error).toContain(
        'names container "sidekiq", which no task definition has. Containers: app, datadog-agent, log-router',
      );
      expect(error).toContain(example);
    },
  );

  it("missing credentials point to configure-aws-credentials and id-token: write", async () => {
    s = await scenario();
    // The runner without configure-aws-credentials: every client's credential chain comes up empty.
    const noCredentials = async () => {
      throw Object.assign(new Error("Could not load credentials from any providers"), {
        name: "CredentialsProviderError",
      });
    };
    const error = await failureOf(s.execute({ image: `${ECR}/rails:v2` }, { aws: { credentials: noCredentials } }));
    expect(error).toContain("No AWS credentials found for ecs:");
    expect(error).toContain("aws-actions/configure-aws-credentials");
    expect(error).toContain("id-token: write");
  });

  it("expired credentials say so", async () => {
    s = await scenario();
    s.aws.fault({
      times: Number.POSITIVE_INFINITY,
      action: {
        kind: "respond",
        response: awsErrorResponse("ExpiredTokenException", "The security token included in the request is expired"),
      },
    });
    const error = await failureOf(s.execute({ image: `${ECR}/rails:v2` }));
    expect(error).toContain("AWS rejected the credentials for ecs:");
    expect(error).toContain("role-duration-seconds");
  });

  it("AccessDenied names the IAM action and the README's policy", async () => {
    s = await scenario();
    s.aws.fault({
      operation: "RegisterTaskDefinition",
      action: {
        kind: "respond",
        response: awsErrorResponse(
          "AccessDeniedException",
          "User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: ecs:RegisterTaskDefinition on resource: * because no identity-based policy allows the ecs:RegisterTaskDefinition action",
        ),
      },
    });
    const error = await failureOf(s.execute({ image: `${ECR}/rails:v2` }));
    expect(error).toContain("Access denied: the AWS role may not call ecs:RegisterTaskDefinition");
    expect(error).toContain('"IAM policy"');
  });
});

describe("never leaked", () => {
  const PLANTED = {
    RAILS_MASTER_KEY: "planted-master-key-0001",
    JWT_SIGNING_KEY: "planted-jwt-signing-0002",
    SENTRY_DSN: "https://planted-dsn-0003@sentry.example/1",
  };

  it("keeps task-definition secrets out of the log, summary and outputs, and masks them first", async () => {
    s = await scenario();
    const maskLine = (value: string) => s.log.info(`::add-mask::${value}`);
    const env = Object.entries(PLANTED)
      .map(([name, value]) => `${name}=${value}`)
      .join("\n");
    // Run 1 writes the values into the task definition; run 2 changes them, so the old ones come from ECS.
    await s.run({ image: `${ECR}/rails:v2`, "environment-variables": env }, { mask: maskLine });
    const changed = Object.entries(PLANTED)
      .map(([name, value]) => `${name}=${value}-rotated`)
      .join("\n");
    const second = await s.execute(
      {
        image: `${ECR}/rails:v3`,
        "environment-variables": `${changed}\nGREETING=planted-shown-0004`,
        "show-values": "true",
      },
      { mask: maskLine },
    );
    const haystack = {
      stdout: s.log.text(),
      stderr: "",
      summary: second.summary,
      outputs: Object.fromEntries(Object.entries(second.outputs).map(([key, value]) => [key, String(value ?? "")])),
    };
    const secrets = [...Object.values(PLANTED), ...Object.values(PLANTED).map((value) => `${value}-rotated`)];
    expect(leakedSecrets(haystack, secrets)).toEqual([]);
    // show-values prints GREETING's value: it was masked before the first line that shows it.
    const lines = s.log.text().split("\n");
    const maskedAt = lines.indexOf("::add-mask::planted-shown-0004");
    const shownAt = lines.findIndex((line) => !line.startsWith("::add-mask::") && line.includes("planted-shown-0004"));
    expect(maskedAt).toBeGreaterThanOrEqual(0);
    expect(shownAt).toBeGreaterThan(maskedAt);
    for (const value of secrets) expect(lines).toContain(`::add-mask::${value}`);
  });
});
