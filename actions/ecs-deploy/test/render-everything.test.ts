import { inputErrorOf } from "@sre-actions/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { describeChange, diffDefinitions, fingerprint } from "../src/plan/diff.js";
import { parseEcrImage } from "../src/plan/preflight.js";
import { renderSummary } from "../src/render/summary.js";
import { ECR, inputsOf, railsDefinition, type Scenario, scenario } from "./fixtures/scenario.js";

let s: Scenario | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const mutations = (fake: Scenario) => fake.aws.mutatingRequests().map((request) => request.operation);
const registered = (fake: Scenario) =>
  fake.aws.requests.find((request) => request.operation === "RegisterTaskDefinition")?.body as {
    cpu?: string;
    memory?: string;
    taskRoleArn?: string;
    executionRoleArn?: string;
    containerDefinitions: {
      name: string;
      command?: string[];
      environment?: { name: string; value: string }[];
      secrets?: { name: string; valueFrom: string }[];
      dockerLabels?: Record<string, string>;
    }[];
  };
const SSM = "arn:aws:ssm:ap-northeast-1:123456789012:parameter/qa3/database-url";
const SECRET = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:qa3/stripe-AbCdEf";

describe("render everything", () => {
  it("sets secrets (never environment), labels, command, size and roles by name", async () => {
    s = await scenario();
    const result = await s.run({
      image: `${ECR}/rails:v2`,
      "environment-variables": "DATABASE_URL=postgres://plain",
      secrets: `DATABASE_URL=${SSM}\nlog-router:STRIPE_KEY=${SECRET}`,
      "docker-labels": "com.datadoghq.tags.version=v2\ndatadog-agent:team=sre",
      command: "bundle exec puma -C config/puma.rb",
      cpu: "1024",
      memory: "2 GB",
      "task-role-arn": "qa3-web-task",
      "execution-role-arn": "arn:aws:iam::123456789012:role/ecs-task-execution-v2",
    });
    expect(result.status).toBe("succeeded");
    const body = registered(s);
    const [app, agent, router] = body.containerDefinitions;
    expect(app?.secrets).toEqual([{ name: "DATABASE_URL", valueFrom: SSM }]);
    // The secret replaces the plain variable of the same name: the value is never in clear.
    expect(app?.environment?.map((pair) => pair.name)).toEqual(["RAILS_ENV"]);
    expect(router?.secrets).toEqual([{ name: "STRIPE_KEY", valueFrom: SECRET }]);
    expect(app?.dockerLabels).toEqual({ "com.datadoghq.tags.version": "v2" });
    expect(agent?.dockerLabels).toEqual({ team: "sre" });
    expect(app?.command).toEqual(["bundle", "exec", "puma", "-C", "config/puma.rb"]);
    expect(agent?.command).toBeUndefined();
    expect(body).toMatchObject({
      cpu: "1024",
      memory: "2 GB",
      taskRoleArn: "arn:aws:iam::123456789012:role/qa3-web-task",
      executionRoleArn: "arn:aws:iam::123456789012:role/ecs-task-execution-v2",
    });
    const fields = result.services[0]?.diff.map((change) => `${change.scope} ${change.field}`);
    expect(fields).toEqual([
      "task cpu",
      "task memory",
      "task taskRoleArn",
      "task executionRoleArn",
      "app image",
      "app command",
      "app secret DATABASE_URL",
      "app label com.datadoghq.tags.version",
      "datadog-agent label team",
      "log-router secret STRIPE_KEY",
    ]);
  });

  it("a file that changes only cpu/memory is a diff, not 'No container changes'", async () => {
    s = await scenario();
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const workspace = mkdtempSync(path.join(tmpdir(), "ecs-deploy-size-"));
    writeFileSync(path.join(workspace, "td.json"), JSON.stringify({ ...railsDefinition("qa3-web"), cpu: "1024" }));
    const inputs = inputsOf({ "task-definition": "td.json", "dry-run": "true" }, workspace);
    const execution = await (await import("../src/execute.js")).execute(inputs, s.deps(inputs));
    expect(execution.result.services[0]?.diff).toEqual([
      { scope: "task", field: "cpu", from: "512", to: "1024", value: false },
    ]);
    expect(execution.summary).toContain("| qa3-web | task | cpu | 512 | 1024 |");
    expect(execution.summary).not.toContain("No changes");
    expect(s.log.text()).toContain("task: cpu: 512 → 1024");
  });

  it("task-definition-arn deploys a registered revision as it is: no render, no register", async () => {
    s = await scenario();
    const arn = s.aws.seedTaskDefinition({ ...railsDefinition("qa3-web", `${ECR}/rails:v3`), memory: "2048" });
    const result = await s.run({ "task-definition-arn": "qa3-web:2" });
    expect(result.status).toBe("succeeded");
    expect(mutations(s)).toEqual(["UpdateService"]);
    expect(result.services[0]?.taskDefinitionArn).toBe(arn);
    expect(result.services[0]?.registered).toBe(false);
    expect(result.services[0]?.diff.map((change) => `${change.scope} ${change.field} ${change.to}`)).toEqual([
      "task memory 2048",
      `app image ${ECR}/rails:v3`,
    ]);
    expect(s.aws.describeService("qa", "qa3-web").taskDefinition).toBe(arn);
  });

  it("task-definition-arn that does not exist is a named error before any change", async () => {
    s = await scenario();
    await expect(s.run({ "task-definition-arn": "qa3-web:9" })).rejects.toThrow(
      "task-definition-arn qa3-web:9 cannot be deployed",
    );
    expect(mutations(s)).toEqual([]);
  });

  it("show-values: values in clear only when asked; otherwise a fingerprint; secret names never", async () => {
    s = await scenario();
    const values = { image: `${ECR}/rails:v2`, "environment-variables": "FEATURE_X=on\nAPI_TOKEN=t0k3n" };
    const hidden = await s.execute({ ...values, "dry-run": "true" });
    expect(hidden.summary).toContain(`set · ${fingerprint("on")}`);
    expect(hidden.summary).not.toMatch(/\| on \|/);
    expect(hidden.summary).not.toContain("t0k3n");
    expect(hidden.summary).not.toContain(fingerprint("t0k3n"));
    const shown = await s.execute({ ...values, "dry-run": "true", "show-values": "true" });
    expect(shown.summary).toContain("| qa3-web | app | env FEATURE_X | (unset) | on |");
    expect(shown.summary).not.toContain("t0k3n");
    expect(s.log.text()).not.toContain("t0k3n");
  });
});

describe("inputs of the render", () => {
  it.each([
    [{ "task-definition-arn": "qa3-web:2", image: `${ECR}/rails:v2` }, "task-definition-arn", 'combined with "image"'],
    [{ "task-definition-arn": "qa3-web:2", cpu: "512" }, "task-definition-arn", 'combined with "cpu"'],
    [{ "task-definition-arn": "qa3-web" }, "task-definition-arn", "family:revision"],
    [{ secrets: "DB=arn:aws:ssm:ap-northeast-1:1234:parameter/x" }, "secrets", "neither an SSM parameter"],
    [{ secrets: "DB=arn:aws:s3:::bucket/key" }, "secrets", "neither an SSM parameter"],
    [{ secrets: "1DB=/qa3/db" }, "secrets", "is not a variable name"],
    [{ "docker-labels": "no-equals" }, "docker-labels", "must be key=value"],
    [{ command: "a && b" }, "command", "shell operator"],
    [{ cpu: "lots" }, "cpu", "CPU units or vCPU"],
    [{ memory: "2TB" }, "memory", "MiB or GB"],
    [{ "task-role-arn": "arn:aws:iam::123:role/x" }, "task-role-arn", "IAM role ARN or role name"],
    [{ "show-values": "yes" }, "show-values", "true or false"],
    [{ "if-stopped": "wake" }, "if-stopped", "must be one of start, fail, ignore"],
    [{ "keep-running-for": "forever" }, "keep-running-for", "must be a duration"],
    [{ "scheduled-tasks": "bad name!" }, "scheduled-tasks", "not a schedule or rule name"],
  ])("rejects %j naming %s", (values, input, message) => {
    const error = inputErrorOf(() => inputsOf(values));
    expect(error.input).toBe(input);
    expect(error.message).toContain(message);
  });

  it("accepts SSM names, SSM and Secrets Manager ARNs (with JSON key), and defaults", () => {
    const inputs = inputsOf({
      secrets: `A=/qa3/a\nB=${SSM}\nC=${SECRET}:password::\nweb:D=plain-name`,
    });
    expect(inputs.secrets.map((secret) => secret.key)).toEqual(["A", "B", "C", "D"]);
    expect(inputs).toMatchObject({ showValues: false, ifStopped: "start", keepRunningForMs: 7_200_000 });
  });
});

describe("read-only pre-flight", () => {
  it("a tag that is not in ECR names the image and the newest tags; nothing changes", async () => {
    s = await scenario();
    await expect(s.run({ image: `${ECR}/rails:v9` })).rejects.toThrow(
      `Image ${ECR}/rails:v9 is not in ECR: repository rails has no tag v9. Newest tags: slow, crash, broken, v5, v4`,
    );
    expect(mutations(s)).toEqual([]);
  });

  it("a missing repository is named", async () => {
    s = await scenario();
    await expect(s.run({ images: `app=${ECR}/railz:v2` })).rejects.toThrow(
      "ECR repository railz does not exist in registry 123456789012",
    );
    expect(mutations(s)).toEqual([]);
  });

  it("digests are checked too; other registries are not", async () => {
    s = await scenario();
    const digest = s.aws.seedEcrImage("rails", { tags: ["v6"] });
    const result = await s.run({
      images: `app=${ECR}/rails@${digest}\ndatadog-agent=public.ecr.aws/datadog/agent:7.60`,
    });
    expect(result.status).toBe("succeeded");
    const checked = s.aws.requests.filter((request) => request.operation === "DescribeImages").map((r) => r.body);
    expect(checked).toEqual([
      { registryId: "123456789012", repositoryName: "rails", imageIds: [{ imageDigest: digest }] },
    ]);
  });

  it("secrets without an execution role are refused before any change", async () => {
    s = await scenario();
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const workspace = mkdtempSync(path.join(tmpdir(), "ecs-deploy-role-"));
    const { executionRoleArn: _role, ...withoutRole } = railsDefinition("qa3-web");
    writeFileSync(path.join(workspace, "td.json"), JSON.stringify(withoutRole));
    const { execute } = await import("../src/execute.js");
    const inputs = inputsOf(
      { "task-definition": "td.json", image: `${ECR}/rails:v2`, secrets: "DB=/qa3/db" },
      workspace,
    );
    await expect(execute(inputs, s.deps(inputs))).rejects.toThrow("secrets needs an execution role");
    expect(mutations(s)).toEqual([]);
  });

  it("a missing cluster is a named error, not ClusterNotFoundException", async () => {
    s = await scenario();
    await expect(s.run({ cluster: "qa9", image: `${ECR}/rails:v2` })).rejects.toThrow(
      "Cluster qa9 not found in ap-northeast-1",
    );
    expect(mutations(s)).toEqual([]);
  });

  it.each([
    [{ secrets: "sidekiq:DB=/qa3/db", image: `${ECR}/rails:v2` }, 'secrets names container "sidekiq"'],
    [{ "docker-labels": "sidekiq:team=x", image: `${ECR}/rails:v2` }, 'docker-labels names container "sidekiq"'],
    [{ secrets: "DB=/qa3/db" }, "secrets has KEY=value lines"],
    [{ command: "bin/jobs" }, "command applies to the containers whose image is replaced"],
    [
      { image: `${ECR}/rails:v2`, cpu: "1024", memory: "512" },
      "with cpu 1024, memory must be 2048–8192 in steps of 1024 MiB",
    ],
    [{ image: `${ECR}/rails:v2`, cpu: "3 vCPU" }, "cpu must be one of 256, 512, 1024"],
  ])("%j", async (values, message) => {
    s = await scenario();
    await expect(s.run(values)).rejects.toThrow(message);
    expect(mutations(s)).toEqual([]);
  });
});

describe("diff (unit)", () => {
  it("ignores order and empties; reports containers added and removed", () => {
    const base = railsDefinition("web");
    const reordered = {
      ...base,
      containerDefinitions: [
        ...base.containerDefinitions.slice(1).reverse(),
        { ...base.containerDefinitions[0], mountPoints: [] },
      ],
    };
    expect(diffDefinitions(base, reordered as typeof base)).toEqual([]);
    const changed = {
      ...base,
      containerDefinitions: [
        { ...base.containerDefinitions[0], portMappings: [{ containerPort: 3000 }] },
        base.containerDefinitions[1],
        { name: "otel", image: "otel/collector:1" },
      ],
    };
    expect(diffDefinitions(base, changed as typeof base).map((c) => `${c.scope} ${c.field} ${c.to}`)).toEqual([
      'app portMappings [{"containerPort":3000}]',
      "otel container added (otel/collector:1)",
      "log-router container removed",
    ]);
  });

  it("hides values as a fingerprint unless shown", () => {
    const change = { scope: "app", field: "env X", from: "a", to: "b", value: true };
    expect(describeChange(change, false)).toEqual({
      from: `· ${fingerprint("a")}`,
      to: `changed · ${fingerprint("b")}`,
    });
    expect(describeChange(change, true)).toEqual({ from: "a", to: "b" });
    expect(fingerprint("b")).toMatch(/^[0-9a-f]{6}$/);
  });

  it("reads ECR image references", () => {
    expect(parseEcrImage(`${ECR}/team/rails:v2`)).toMatchObject({ repository: "team/rails", tag: "v2" });
    expect(parseEcrImage(`${ECR}/rails`)).toMatchObject({ tag: "latest" });
    expect(parseEcrImage("public.ecr.aws/datadog/agent:7")).toBeUndefined();
  });

  it("the summary without a diff says so", () => {
    expect(
      renderSummary({
        status: "succeeded",
        reason: undefined,
        services: [],
        runTask: undefined,
        deregistered: [],
        timeline: [],
        durationMs: 0,
        cluster: "qa",
        scheduled: [],
        asleep: [],
        woken: [],
      } as never),
    ).toContain("No changes");
  });
});
