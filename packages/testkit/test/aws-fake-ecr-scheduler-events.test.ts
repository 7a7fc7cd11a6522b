import { DescribeImagesCommand, ECRClient, paginateDescribeImages } from "@aws-sdk/client-ecr";
import {
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutTargetsCommand,
} from "@aws-sdk/client-eventbridge";
import {
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
  UpdateScheduleCommand,
} from "@aws-sdk/client-scheduler";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsFake } from "../src/aws/index.js";
import { VirtualClock } from "../src/clock.js";
import { credentials } from "./aws-fixtures.js";

const TD = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition";
const CLUSTER = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/qa";
const ecsTarget = (revision: number) => ({
  Arn: CLUSTER,
  RoleArn: "arn:aws:iam::123456789012:role/ecs-events",
  EcsParameters: {
    TaskDefinitionArn: `${TD}/web:${revision}`,
    LaunchType: "FARGATE" as const,
    NetworkConfiguration: { awsvpcConfiguration: { Subnets: ["subnet-0a1b2c3d"] } },
  },
});

let clock: VirtualClock;
let fake: AwsFake;
let options: { region: string; endpoint: string; credentials: typeof credentials; maxAttempts: number };
beforeEach(async () => {
  clock = new VirtualClock("2026-11-25T09:00:00Z");
  fake = await new AwsFake({ clock }).start();
  options = { region: "ap-northeast-1", endpoint: fake.url, credentials, maxAttempts: 1 };
});
afterEach(() => fake.stop());

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected an error");
    },
    (error: Error & { $metadata?: { httpStatusCode?: number } }) => error,
  );

describe("AwsFake: ECR DescribeImages over the real SDK", () => {
  it("finds an image by tag or digest; a tag that moved is gone from the old image", async () => {
    const ecr = new ECRClient(options);
    const first = fake.seedEcrImage("rails", { tags: ["v1", "latest"] });
    const second = fake.seedEcrImage("rails", { tags: ["v2", "latest"] });
    const byTag = await ecr.send(
      new DescribeImagesCommand({ repositoryName: "rails", imageIds: [{ imageTag: "latest" }] }),
    );
    expect(byTag.imageDetails?.map((image) => image.imageDigest)).toEqual([second]);
    const byDigest = await ecr.send(
      new DescribeImagesCommand({ repositoryName: "rails", imageIds: [{ imageDigest: first }] }),
    );
    expect(byDigest.imageDetails?.[0]?.imageTags).toEqual(["v1"]);
    expect(byDigest.imageDetails?.[0]?.imagePushedAt).toBeInstanceOf(Date);
  });

  it("ImageNotFoundException and RepositoryNotFoundException as the API reference documents", async () => {
    const ecr = new ECRClient(options);
    fake.seedEcrImage("rails", { tags: ["v1"] });
    const missingTag = await errorOf(
      ecr.send(new DescribeImagesCommand({ repositoryName: "rails", imageIds: [{ imageTag: "v9" }] })),
    );
    expect(missingTag.name).toBe("ImageNotFoundException");
    expect(missingTag.message).toContain("imageTag:'v9'");
    const missingRepo = await errorOf(ecr.send(new DescribeImagesCommand({ repositoryName: "railz" })));
    expect(missingRepo.name).toBe("RepositoryNotFoundException");
    const otherRegistry = await errorOf(
      ecr.send(new DescribeImagesCommand({ registryId: "210987654321", repositoryName: "rails" })),
    );
    expect(otherRegistry.name).toBe("RepositoryNotFoundException");
    const mixed = await errorOf(
      ecr.send(new DescribeImagesCommand({ repositoryName: "rails", imageIds: [{ imageTag: "v1" }], maxResults: 5 })),
    );
    expect(mixed.name).toBe("InvalidParameterException");
  });

  it("lists tagged images page by page", async () => {
    const ecr = new ECRClient(options);
    for (let index = 0; index < 7; index += 1) fake.seedEcrImage("rails", { tags: [`v${index}`] });
    fake.seedEcrImage("rails", {});
    const pages = [];
    for await (const page of paginateDescribeImages(
      { client: ecr, pageSize: 3 },
      { repositoryName: "rails", filter: { tagStatus: "TAGGED" } },
    ))
      pages.push(page.imageDetails?.length);
    expect(pages).toEqual([3, 3, 1]);
  });
});

describe("AwsFake: EventBridge Scheduler (REST JSON) over the real SDK", () => {
  beforeEach(() => {
    fake.seedSchedule({
      name: "nightly",
      expression: "cron(0 3 * * ? *)",
      description: "Nightly report",
      state: "DISABLED",
      target: ecsTarget(1),
    });
    fake.seedSchedule({ name: "weekly", group: "reports", target: ecsTarget(1) });
  });

  it("GetSchedule by group; a missing one is ResourceNotFoundException (404)", async () => {
    const scheduler = new SchedulerClient(options);
    const schedule = await scheduler.send(new GetScheduleCommand({ Name: "weekly", GroupName: "reports" }));
    expect(schedule).toMatchObject({ Name: "weekly", GroupName: "reports", State: "ENABLED" });
    expect(schedule.Target?.EcsParameters?.TaskDefinitionArn).toBe(`${TD}/web:1`);
    const missing = await errorOf(scheduler.send(new GetScheduleCommand({ Name: "weekly" })));
    expect(missing.name).toBe("ResourceNotFoundException");
    expect(missing.$metadata?.httpStatusCode).toBe(404);
  });

  it("ListSchedules across groups, by group and by prefix, with summaries only", async () => {
    const scheduler = new SchedulerClient(options);
    const all = await scheduler.send(new ListSchedulesCommand({}));
    expect(all.Schedules?.map((item) => `${item.GroupName}/${item.Name}`)).toEqual([
      "default/nightly",
      "reports/weekly",
    ]);
    expect(all.Schedules?.[0]?.Target).toEqual({ Arn: CLUSTER });
    const grouped = await scheduler.send(new ListSchedulesCommand({ GroupName: "reports", NamePrefix: "we" }));
    expect(grouped.Schedules?.map((item) => item.Name)).toEqual(["weekly"]);
  });

  it("UpdateSchedule replaces the whole schedule: what is left out is reset", async () => {
    const scheduler = new SchedulerClient(options);
    await scheduler.send(
      new UpdateScheduleCommand({
        Name: "nightly",
        ScheduleExpression: "cron(0 3 * * ? *)",
        FlexibleTimeWindow: { Mode: "OFF" },
        Target: ecsTarget(2),
      }),
    );
    const after = await scheduler.send(new GetScheduleCommand({ Name: "nightly" }));
    expect(after.Target?.EcsParameters?.TaskDefinitionArn).toBe(`${TD}/web:2`);
    expect(after.Description).toBeUndefined();
    expect(after.State).toBe("ENABLED");
  });

  it("UpdateSchedule without a required member is a ValidationException", async () => {
    const scheduler = new SchedulerClient(options);
    const error = await errorOf(
      scheduler.send(
        new UpdateScheduleCommand({
          Name: "nightly",
          ScheduleExpression: "rate(1 hour)",
          Target: ecsTarget(2),
        } as never),
      ),
    );
    expect(error.name).toBe("ValidationException");
    expect(fake.schedule("nightly")?.Target?.EcsParameters?.TaskDefinitionArn).toBe(`${TD}/web:1`);
  });
});

describe("AwsFake: EventBridge rules over the real SDK", () => {
  beforeEach(() => {
    fake.seedRule({ name: "cleanup", targets: [{ Id: "ecs", ...ecsTarget(1) }] });
    fake.seedRule({ name: "other", eventPattern: '{"source":["aws.ecs"]}', targets: [] });
  });

  it("ListRules by prefix, ListTargetsByRule, PutTargets replacing a target by Id", async () => {
    const events = new EventBridgeClient(options);
    const rules = await events.send(new ListRulesCommand({ NamePrefix: "clean" }));
    expect(rules.Rules?.map((rule) => [rule.Name, rule.ScheduleExpression])).toEqual([["cleanup", "rate(1 hour)"]]);
    const put = await events.send(
      new PutTargetsCommand({ Rule: "cleanup", Targets: [{ Id: "ecs", ...ecsTarget(2) }] }),
    );
    expect(put.FailedEntryCount).toBe(0);
    const targets = await events.send(new ListTargetsByRuleCommand({ Rule: "cleanup" }));
    expect(targets.Targets).toEqual([{ Id: "ecs", ...ecsTarget(2) }]);
  });

  it("a rule that does not exist is ResourceNotFoundException", async () => {
    const events = new EventBridgeClient(options);
    const error = await errorOf(events.send(new ListTargetsByRuleCommand({ Rule: "nope" })));
    expect(error.name).toBe("ResourceNotFoundException");
    expect(error.message).toBe("Rule nope does not exist on EventBus default.");
  });
});
