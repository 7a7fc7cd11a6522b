import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inputErrorOf } from "@sre-actions/testkit";
import { describe, expect, it } from "vitest";
import { parseCommand, parseEnvironment } from "../src/inputs.js";
import { inputsOf } from "./fixtures/scenario.js";

const workspace = mkdtempSync(path.join(tmpdir(), "ecs-deploy-inputs-"));
writeFileSync(
  path.join(workspace, "described.json"),
  JSON.stringify({
    taskDefinition: {
      family: "web",
      taskDefinitionArn: "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:3",
      revision: 3,
      status: "ACTIVE",
      requiresAttributes: [{ name: "ecs.capability.execution-role-awslogs" }],
      compatibilities: ["EC2", "FARGATE"],
      registeredAt: "2026-01-01T00:00:00Z",
      registeredBy: "arn:aws:iam::123456789012:user/x",
      containerDefinitions: [{ name: "web", image: "app:1" }],
      cpu: "256",
      memory: "512",
    },
  }),
);
writeFileSync(path.join(workspace, "typo.yaml"), "family: web\ncontainerDefinitions: []\ncpus: '256'\n");

const parse = (values: Record<string, string>) => inputsOf({ service: "web", ...values }, workspace);

describe("parseInputs", () => {
  it("applies the documented defaults", () => {
    const inputs = parse({});
    expect(inputs).toMatchObject({
      cluster: "qa",
      services: ["web"],
      wait: true,
      timeoutMs: 1_800_000,
      pollIntervalMs: 10_000,
      rollback: true,
      forceNewDeployment: false,
      dryRun: false,
      desiredCount: undefined,
      keepRevisions: undefined,
    });
  });

  it("reads several services and a described task definition file, stripping describe-only fields", () => {
    expect(parse({ service: "web,\nworker" }).services).toEqual(["web", "worker"]);
    const file = parse({ "task-definition": "described.json" }).taskDefinitionFile;
    expect(file?.definition).toEqual({
      family: "web",
      containerDefinitions: [{ name: "web", image: "app:1" }],
      cpu: "256",
      memory: "512",
    });
  });

  it.each([
    [{ cluster: "" }, "cluster", 'Input "cluster" is required'],
    [{ service: "web,bad name" }, "service", 'has "bad name", which is not a service name'],
    [{ "task-definition": "typo.yaml" }, "task-definition", '"cpus", which is not a RegisterTaskDefinition field'],
    [{ "task-definition": "missing.json" }, "task-definition", "does not exist"],
    [
      { "task-definition": "described.json", service: "web,worker" },
      "task-definition",
      "only be used with a single service",
    ],
    [{ image: "Not An Image" }, "image", "must be an image URI"],
    [{ images: "web" }, "images", "line 1 must be key=value"],
    [{ images: "we b=app:1" }, "images", "is not a container name"],
    [{ "environment-variables": "1BAD=x" }, "environment-variables", "must be KEY=value or container:KEY=value"],
    [{ "run-task-container": "web" }, "run-task-container", "run-task is not"],
    [{ "run-task": "bin/rails db:migrate && echo done" }, "run-task", "shell operator"],
    [{ wait: "yes" }, "wait", "must be true or false"],
    [{ timeout: "thirty" }, "timeout", "must be a duration"],
    [{ "poll-interval": "500ms" }, "poll-interval", "must be a duration"],
    [{ "poll-interval": "1h", timeout: "10m" }, "poll-interval", "must not be longer than timeout"],
    [{ "desired-count": "-1" }, "desired-count", "must be from 0 to 5000"],
    [{ "keep-revisions": "0" }, "keep-revisions", "from 1 to 1000"],
    [{ "github-environment": "qa3" }, "github-token", "is required when github-environment is set"],
  ])("rejects %j naming %s", (values, input, message) => {
    const error = inputErrorOf(() => parse(values));
    expect(error.input).toBe(input);
    expect(error.message).toContain(message);
  });
});

describe("parseCommand", () => {
  it("splits shell-style, keeps quotes and variables", () => {
    expect(parseCommand('bin/rails runner "puts 1" $RAILS_ENV')).toEqual([
      "bin/rails",
      "runner",
      "puts 1",
      "$RAILS_ENV",
    ]);
    expect(parseCommand('["sh", "-c", "a && b"]')).toEqual(["sh", "-c", "a && b"]);
    expect(parseCommand(undefined)).toBeUndefined();
  });
});

describe("parseEnvironment", () => {
  it("reads KEY=value and container:KEY=value, values may hold = and :", () => {
    expect(parseEnvironment("RAILS_ENV=production\nworker:QUEUES=a,b\nURL=http://x?a=b")).toEqual([
      { container: undefined, name: "RAILS_ENV", value: "production" },
      { container: "worker", name: "QUEUES", value: "a,b" },
      { container: undefined, name: "URL", value: "http://x?a=b" },
    ]);
  });
  it("rejects a variable set twice for the same target", () => {
    expect(() => parseEnvironment("A=1\nA=2")).toThrow("sets A twice");
  });
});
