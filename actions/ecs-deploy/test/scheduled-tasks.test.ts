import { afterEach, describe, expect, it } from "vitest";
import { familyOf, scheduleUpdate } from "../src/after/scheduled.js";
import { DATADOG_KEYS, type DatadogWorld, datadogWorld } from "./fixtures/datadog.js";
import { ECR, type Scenario, scenario } from "./fixtures/scenario.js";

let s: Scenario | undefined;
let dd: DatadogWorld | undefined;
afterEach(async () => {
  await s?.stop();
  await dd?.fake.stop();
  s = undefined;
  dd = undefined;
});

const TD = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition";
const CLUSTER = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/qa";
const ROLE = "arn:aws:iam::123456789012:role/ecs-events";
const network = { awsvpcConfiguration: { Subnets: ["subnet-0a1b2c3d"], AssignPublicIp: "DISABLED" as const } };
const ecsTarget = (taskDefinitionArn: string) => ({
  Arn: CLUSTER,
  RoleArn: ROLE,
  Input: '{"containerOverrides":[{"name":"app","command":["bin/rails","reports:nightly"]}]}',
  EcsParameters: {
    TaskDefinitionArn: taskDefinitionArn,
    TaskCount: 1,
    LaunchType: "FARGATE" as const,
    NetworkConfiguration: network,
  },
});

/** qa3's cron jobs: two schedules and a rule on qa3-web, one schedule of another family, one unpinned. */
function seedSchedules(fake: Scenario): void {
  fake.aws.seedSchedule({
    name: "qa3-nightly-report",
    expression: "cron(0 3 * * ? *)",
    timezone: "Asia/Tokyo",
    description: "Nightly report",
    state: "DISABLED",
    target: ecsTarget(`${TD}/qa3-web:1`),
  });
  fake.aws.seedSchedule({ name: "qa3-weekly", group: "reports", target: ecsTarget(`${TD}/qa3-web:1`) });
  fake.aws.seedSchedule({ name: "qa3-batch", target: ecsTarget(`${TD}/qa3-batch:7`) });
  fake.aws.seedSchedule({ name: "qa3-latest", target: ecsTarget(`${TD}/qa3-web`) });
  fake.aws.seedRule({
    name: "qa3-cleanup",
    targets: [
      { Id: "cleanup", ...ecsTarget(`${TD}/qa3-web:1`) },
      { Id: "notify", Arn: "arn:aws:sns:ap-northeast-1:123456789012:qa3" },
    ],
  });
}

const PATTERNS = "qa3-*\nreports/qa3-weekly";
const mutations = (fake: Scenario) => fake.aws.mutatingRequests().map((request) => request.operation);

describe("scheduled-tasks", () => {
  it("moves each matching ECS target to the new revision, other settings untouched, and lists what it skipped", async () => {
    s = await scenario();
    seedSchedules(s);
    const before = s.aws.schedule("qa3-nightly-report");
    const execution = await s.execute({ image: `${ECR}/rails:v2`, "scheduled-tasks": PATTERNS });
    const { result } = execution;
    expect(result.status).toBe("succeeded");
    const rows = result.scheduled.map((t) => [t.kind, t.name, t.status, t.to?.split("/").pop() ?? t.note]);
    expect(rows).toEqual([
      ["schedule", "default/qa3-batch", "skipped", "runs family qa3-batch, not deployed here"],
      [
        "schedule",
        "default/qa3-latest",
        "skipped",
        "names the family without a revision: it runs the latest ACTIVE revision already",
      ],
      ["schedule", "default/qa3-nightly-report", "moved", "qa3-web:2"],
      ["schedule", "reports/qa3-weekly", "moved", "qa3-web:2"],
      ["rule", "qa3-cleanup", "moved", "qa3-web:2"],
      ["rule", "qa3-cleanup", "skipped", "not an ECS task target"],
    ]);
    // UpdateSchedule replaces the whole schedule: everything but the revision is what it was.
    const after = s.aws.schedule("qa3-nightly-report");
    const { LastModificationDate: _a, Target: beforeTarget, ...beforeRest } = before ?? {};
    const { LastModificationDate: _b, Target: afterTarget, ...afterRest } = after ?? {};
    expect(afterRest).toEqual(beforeRest);
    expect(afterRest).toMatchObject({
      State: "DISABLED",
      Description: "Nightly report",
      ScheduleExpressionTimezone: "Asia/Tokyo",
    });
    expect(afterTarget).toEqual({
      ...beforeTarget,
      EcsParameters: { ...beforeTarget?.EcsParameters, TaskDefinitionArn: `${TD}/qa3-web:2` },
    });
    expect(s.aws.schedule("qa3-weekly", "reports")?.Target?.EcsParameters?.TaskDefinitionArn).toBe(`${TD}/qa3-web:2`);
    expect(s.aws.schedule("qa3-batch")?.Target?.EcsParameters?.TaskDefinitionArn).toBe(`${TD}/qa3-batch:7`);
    const rule = s.aws.ruleTargets("qa3-cleanup");
    expect(rule[0]).toEqual({ Id: "cleanup", ...ecsTarget(`${TD}/qa3-web:2`) });
    expect(rule[1]).toEqual({ Id: "notify", Arn: "arn:aws:sns:ap-northeast-1:123456789012:qa3" });
    // Moved only after the service rolled out.
    expect(mutations(s)).toEqual([
      "RegisterTaskDefinition",
      "UpdateService",
      "UpdateSchedule",
      "UpdateSchedule",
      "PutTargets",
    ]);
    expect(execution.summary).toContain("### Scheduled tasks");
    expect(execution.summary).toContain(
      "| Scheduler schedule | default/qa3-nightly-report | ✅ moved | qa3-web:1 | qa3-web:2 |",
    );
    expect(execution.failure).toBeUndefined();
  });

  it("the dry run shows the targets it would move and changes nothing", async () => {
    s = await scenario();
    seedSchedules(s);
    const execution = await s.execute({ image: `${ECR}/rails:v2`, "scheduled-tasks": PATTERNS, "dry-run": "true" });
    expect(execution.result.scheduled.filter((t) => t.status === "planned").map((t) => t.name)).toEqual([
      "default/qa3-nightly-report",
      "reports/qa3-weekly",
      "qa3-cleanup",
    ]);
    expect(mutations(s)).toEqual([]);
    expect(s.log.text()).toContain(`schedule default/qa3-nightly-report: ${TD}/qa3-web:1 → the new revision`);
    expect(execution.summary).toContain("📝 to move");
  });

  it("a name that matches no schedule or rule fails before any change", async () => {
    s = await scenario();
    seedSchedules(s);
    await expect(s.run({ image: `${ECR}/rails:v2`, "scheduled-tasks": "qa3-nightly-reprot" })).rejects.toThrow(
      'scheduled-tasks names "qa3-nightly-reprot", which is neither an EventBridge Scheduler schedule nor an EventBridge rule',
    );
    expect(mutations(s)).toEqual([]);
  });

  it("a failed rollout leaves the targets where they were", async () => {
    s = await scenario({ breaker: { enable: true, rollback: true } });
    seedSchedules(s);
    s.aws.imageBehaviour(`${ECR}/rails:broken`, { kind: "fail-to-start", reason: "CannotPullContainerError: x" });
    const result = await s.run({ image: `${ECR}/rails:broken`, "scheduled-tasks": PATTERNS });
    expect(result.status).toBe("rolled-back");
    expect(result.scheduled.filter((t) => t.status === "planned")).toHaveLength(3);
    expect(mutations(s)).not.toContain("UpdateSchedule");
    expect(s.aws.schedule("qa3-nightly-report")?.Target?.EcsParameters?.TaskDefinitionArn).toBe(`${TD}/qa3-web:1`);
  });

  it("moves them back when the service is rolled back after they moved (a failed bake)", async () => {
    s = await scenario();
    seedSchedules(s);
    dd = await datadogWorld(s);
    const monitor = dd.fake.addMonitor({ name: "qa3 5xx", tags: ["service:kanna-api", "env:qa3"] });
    dd.fake.scheduleMonitorState(monitor, "Alert", s.clock.now() + 20 * 60_000);
    const execution = await s.execute(
      {
        ...DATADOG_KEYS,
        image: `${ECR}/rails:v2`,
        "verify-monitors": String(monitor),
        bake: "30m",
        "poll-interval": "1m",
        "scheduled-tasks": PATTERNS,
      },
      dd.deps(),
    );
    expect(execution.result.status).toBe("rolled-back");
    expect(execution.result.scheduled.filter((t) => t.status === "moved-back").map((t) => t.name)).toEqual([
      "default/qa3-nightly-report",
      "reports/qa3-weekly",
      "qa3-cleanup",
    ]);
    expect(s.aws.schedule("qa3-nightly-report")?.Target?.EcsParameters?.TaskDefinitionArn).toBe(`${TD}/qa3-web:1`);
    expect(s.aws.schedule("qa3-nightly-report")?.State).toBe("DISABLED");
    expect(s.aws.ruleTargets("qa3-cleanup")[0]?.EcsParameters?.TaskDefinitionArn).toBe(`${TD}/qa3-web:1`);
    expect(execution.summary).toContain("↩️ moved back");
  });
});

describe("scheduled-tasks globs", () => {
  it("match with the pack's one glob, in linear time even for a pathological pattern", async () => {
    s = await scenario();
    seedSchedules(s);
    const started = performance.now();
    const execution = await s.execute({
      image: `${ECR}/rails:v2`,
      "scheduled-tasks": "*a*a*a*a*a*a*a*a*a*a*a*a*b\nqa3-?atch\nqa3-nightly-*",
      "dry-run": "true",
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    const names = execution.result.scheduled.map((target) => target.name).sort();
    expect(names).toEqual(["default/qa3-batch", "default/qa3-nightly-report"]);
  });
});

describe("scheduled-tasks (unit)", () => {
  it("families", () => {
    expect(familyOf(`${TD}/web:3`)).toEqual({ family: "web", pinned: true });
    expect(familyOf(`${TD}/web`)).toEqual({ family: "web", pinned: false });
  });

  it("UpdateSchedule gets every member GetSchedule returned except the read-only ones", () => {
    const update = scheduleUpdate(
      {
        $metadata: {},
        Arn: "arn:aws:scheduler:ap-northeast-1:123456789012:schedule/default/x",
        Name: "x",
        GroupName: "default",
        ScheduleExpression: "rate(1 hour)",
        State: "DISABLED",
        KmsKeyArn: "arn:aws:kms:ap-northeast-1:123456789012:key/1",
        FlexibleTimeWindow: { Mode: "OFF" },
        CreationDate: new Date(0),
        LastModificationDate: new Date(0),
        Target: ecsTarget(`${TD}/web:1`),
      },
      `${TD}/web:2`,
    );
    expect(Object.keys(update).sort()).toEqual(
      ["FlexibleTimeWindow", "GroupName", "KmsKeyArn", "Name", "ScheduleExpression", "State", "Target"].sort(),
    );
    expect(update.Target?.EcsParameters?.TaskDefinitionArn).toBe(`${TD}/web:2`);
  });
});
