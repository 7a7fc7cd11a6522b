import { createHash } from "node:crypto";
import { CloudWatchClient, DescribeAlarmsCommand, type DescribeAlarmsOutput } from "@aws-sdk/client-cloudwatch";
import { BatchGetImageCommand, DescribeImagesCommand, ECRClient } from "@aws-sdk/client-ecr";
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { childrenOf, evaluateAlarmRule, parseAlarmRule } from "../src/aws/cloudwatch/alarm-rule.js";
import { AwsFake, parseImageReference } from "../src/aws/index.js";
import { VirtualClock } from "../src/clock.js";
import { credentials, network, webDefinition } from "./aws-fixtures.js";

const ECR = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com";
const options = (fake: AwsFake) => ({ region: "ap-northeast-1", endpoint: fake.url, credentials, maxAttempts: 1 });

describe("AlarmRule (composite alarms)", () => {
  it("follows the documented grammar: NOT binds tighter than AND, AND than OR; names quoted or not, or ARNs", () => {
    const rule = parseAlarmRule(
      'ALARM("web 5xx") OR ALARM(arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:latency) AND NOT OK(db)',
    );
    expect(childrenOf(rule)).toEqual(["web 5xx", "latency", "db"]);
    const states = (values: Record<string, string>) => (name: string) => values[name] as never;
    expect(evaluateAlarmRule(rule, states({ "web 5xx": "ALARM", latency: "OK", db: "OK" }))).toBe(true);
    expect(evaluateAlarmRule(rule, states({ "web 5xx": "OK", latency: "ALARM", db: "OK" }))).toBe(false);
    expect(evaluateAlarmRule(rule, states({ "web 5xx": "OK", latency: "ALARM", db: "ALARM" }))).toBe(true);
    const grouped = parseAlarmRule("(ALARM(a) OR ALARM(b)) AND OK(c)");
    expect(evaluateAlarmRule(grouped, states({ a: "ALARM", b: "OK", c: "ALARM" }))).toBe(false);
    expect(evaluateAlarmRule(parseAlarmRule("TRUE AND NOT FALSE"), () => undefined)).toBe(true);
    // A child that does not exist is in no state at all.
    expect(evaluateAlarmRule(parseAlarmRule("INSUFFICIENT_DATA(ghost) OR OK(ghost)"), () => undefined)).toBe(false);
  });

  it("refuses malformed rules and rules over the documented limits", () => {
    expect(() => parseAlarmRule("ALARM(a) AND")).toThrow("ends too early");
    expect(() => parseAlarmRule("ALARM(a")).toThrow("Expected ')'");
    expect(() => parseAlarmRule("BROKEN(a)")).toThrow("Unknown function BROKEN");
    expect(() => parseAlarmRule('ALARM("a)')).toThrow("Unterminated quote");
    expect(() => parseAlarmRule("ALARM(a) ALARM(b)")).toThrow("Unexpected text");
    const many = Array.from({ length: 101 }, (_, index) => `ALARM(a${index})`).join(" OR ");
    expect(() => parseAlarmRule(many)).toThrow("more than 100 child alarms");
    const deep = `${"(".repeat(250)}TRUE${")".repeat(250)}`;
    expect(() => parseAlarmRule(deep)).toThrow("more than 500 elements");
  });
});

describe("AwsFake: CloudWatch composite alarms", () => {
  let clock: VirtualClock;
  let fake: AwsFake;
  let cloudWatch: CloudWatchClient;

  beforeEach(async () => {
    clock = new VirtualClock();
    fake = await new AwsFake({ clock }).start();
    cloudWatch = new CloudWatchClient(options(fake));
    fake.setAlarmState("web-5xx", "OK");
    fake.setAlarmState("web-latency", "OK");
    fake.seedCompositeAlarm("web-health", 'ALARM("web-5xx") OR ALARM(web-latency)', { description: "web is sick" });
  });

  afterEach(async () => {
    cloudWatch.destroy();
    await fake.stop();
  });

  const names = (output: DescribeAlarmsOutput) => ({
    metric: output.MetricAlarms?.map((alarm) => alarm.AlarmName),
    composite: output.CompositeAlarms?.map((alarm) => alarm.AlarmName),
  });

  it("DescribeAlarms with AlarmNames and no AlarmTypes returns metric alarms only, as documented", async () => {
    const plain = await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: ["web-health", "web-5xx"] }));
    expect(names(plain)).toEqual({ metric: ["web-5xx"], composite: [] });
    const both = await cloudWatch.send(
      new DescribeAlarmsCommand({
        AlarmNames: ["web-health", "web-5xx"],
        AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
      }),
    );
    expect(names(both)).toEqual({ metric: ["web-5xx"], composite: ["web-health"] });
    expect(both.CompositeAlarms?.[0]).toMatchObject({
      AlarmName: "web-health",
      AlarmArn: "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:web-health",
      AlarmRule: 'ALARM("web-5xx") OR ALARM(web-latency)',
      AlarmDescription: "web is sick",
      StateValue: "OK",
    });
    const compositeOnly = await cloudWatch.send(new DescribeAlarmsCommand({ AlarmTypes: ["CompositeAlarm"] }));
    expect(names(compositeOnly)).toEqual({ metric: [], composite: ["web-health"] });
  });

  it("a composite alarm follows its children at the instant they change", async () => {
    await clock.sleep(90_000);
    fake.setAlarmState("web-latency", "ALARM");
    const { CompositeAlarms } = await cloudWatch.send(
      new DescribeAlarmsCommand({ AlarmNames: ["web-health"], AlarmTypes: ["CompositeAlarm"], StateValue: "ALARM" }),
    );
    expect(CompositeAlarms?.[0]).toMatchObject({ StateValue: "ALARM", StateUpdatedTimestamp: new Date(clock.now()) });
    fake.setAlarmState("web-latency", "OK", { at: clock.now() + 60_000 });
    await clock.sleep(60_000);
    const later = await cloudWatch.send(
      new DescribeAlarmsCommand({ AlarmNames: ["web-health"], AlarmTypes: ["CompositeAlarm"] }),
    );
    expect(later.CompositeAlarms?.[0]?.StateValue).toBe("OK");
    expect(() => fake.setAlarmState("web-health", "ALARM")).toThrow("composite alarm");
  });

  it("walks rules with ChildrenOfAlarmName and ParentsOfAlarmName, which take no other filter", async () => {
    const children = await cloudWatch.send(new DescribeAlarmsCommand({ ChildrenOfAlarmName: "web-health" }));
    expect(names(children)).toEqual({ metric: ["web-5xx", "web-latency"], composite: [] });
    expect(children.MetricAlarms?.[0]).toEqual({
      AlarmName: "web-5xx",
      AlarmArn: "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:web-5xx",
      StateValue: "OK",
      StateUpdatedTimestamp: new Date(clock.now()),
    });
    const parents = await cloudWatch.send(new DescribeAlarmsCommand({ ParentsOfAlarmName: "web-latency" }));
    expect(names(parents)).toEqual({ metric: [], composite: ["web-health"] });
    await expect(
      cloudWatch.send(new DescribeAlarmsCommand({ ChildrenOfAlarmName: "web-health", StateValue: "OK" })),
    ).rejects.toMatchObject({ name: "InvalidParameterCombinationException" });
  });

  it("an ECS deployment watching a composite alarm rolls back when a child fires", async () => {
    const ecs = new ECSClient(options(fake));
    fake.seedCluster("prod");
    fake.seedTaskDefinition(webDefinition("repo/web:1"));
    fake.seedService({
      cluster: "prod",
      serviceName: "web",
      taskDefinition: "web:1",
      desiredCount: 2,
      launchType: "FARGATE",
      networkConfiguration: network,
      deploymentConfiguration: { alarms: { enable: true, rollback: true, alarmNames: ["web-health"] } },
    });
    await clock.sleep(60_000);
    await ecs.send(new RegisterTaskDefinitionCommand(webDefinition("repo/web:2")));
    const { service } = await ecs.send(
      new UpdateServiceCommand({ cluster: "prod", service: "web", taskDefinition: "web:2" }),
    );
    await clock.sleep(20_000);
    fake.setAlarmState("web-5xx", "ALARM");
    const { serviceDeployments } = await ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [service?.currentServiceDeployment ?? ""] }),
    );
    expect(serviceDeployments?.[0]).toMatchObject({
      status: "ROLLBACK_IN_PROGRESS",
      alarms: { status: "TRIGGERED", triggeredAlarmNames: ["web-health"] },
    });
    ecs.destroy();
  });
});

describe("AwsFake: ECR digests, and ECS images named by digest", () => {
  let clock: VirtualClock;
  let fake: AwsFake;

  beforeEach(async () => {
    clock = new VirtualClock();
    fake = await new AwsFake({ clock }).start();
  });

  afterEach(async () => {
    await fake.stop();
  });

  it("digests are the SHA-256 of the manifest and follow the content seed", async () => {
    const v1 = fake.seedEcrImage("web", { tags: ["v1"], content: "build 41" });
    const again = fake.seedEcrImage("web", { tags: ["stable"], content: "build 41" });
    expect(again).toBe(v1); // same bits, one image with two tags
    const v2 = fake.seedEcrImage("web", { tags: ["v2"], content: "build 42" });
    expect(v2).not.toBe(v1);
    expect(v2).toMatch(/^sha256:[0-9a-f]{64}$/);
    const ecr = new ECRClient(options(fake));
    const { images, failures } = await ecr.send(
      new BatchGetImageCommand({
        repositoryName: "web",
        imageIds: [
          { imageTag: "v1" },
          { imageDigest: v2 },
          { imageTag: "v1", imageDigest: v2 },
          { imageTag: "v9" },
          { imageDigest: "sha256:nothex" },
        ],
      }),
    );
    expect(images?.map((image) => image.imageId)).toEqual([{ imageDigest: v1, imageTag: "v1" }, { imageDigest: v2 }]);
    for (const image of images ?? []) {
      const hashed = `sha256:${createHash("sha256")
        .update(image.imageManifest ?? "")
        .digest("hex")}`;
      expect(hashed).toBe(image.imageId?.imageDigest);
      expect(image.imageManifestMediaType).toBe("application/vnd.docker.distribution.manifest.v2+json");
    }
    expect(failures?.map((failure) => [failure.imageId, failure.failureCode])).toEqual([
      [{ imageTag: "v1", imageDigest: v2 }, "ImageTagDoesNotMatchDigest"],
      [{ imageTag: "v9" }, "ImageNotFound"],
      [{ imageDigest: "sha256:nothex" }, "InvalidImageDigest"],
    ]);
    const { imageDetails } = await ecr.send(
      new DescribeImagesCommand({ repositoryName: "web", imageIds: [{ imageDigest: v1 }, { imageTag: "v2" }] }),
    );
    expect(imageDetails?.map((detail) => [detail.imageDigest, detail.imageTags])).toEqual([
      [v1, ["v1", "stable"]],
      [v2, ["v2"]],
    ]);
    await expect(
      ecr.send(new BatchGetImageCommand({ repositoryName: "railz", imageIds: [{ imageTag: "v1" }] })),
    ).rejects.toMatchObject({ name: "RepositoryNotFoundException" });
    ecr.destroy();
  });

  it("splits image references the way Docker does", () => {
    expect(parseImageReference(`${ECR}/team/web:v2`)).toEqual({
      registry: ECR,
      repository: "team/web",
      tag: "v2",
      digest: undefined,
    });
    expect(parseImageReference("localhost:5000/web@sha256:ab")).toEqual({
      registry: "localhost:5000",
      repository: "web",
      tag: undefined,
      digest: "sha256:ab",
    });
    expect(parseImageReference("repo/web:1@sha256:cd")).toEqual({
      registry: undefined,
      repository: "repo/web",
      tag: "1",
      digest: "sha256:cd",
    });
  });

  describe("ECS", () => {
    let ecs: ECSClient;

    beforeEach(() => {
      ecs = new ECSClient(options(fake));
      fake.seedCluster("prod");
      fake.seedEcrImage("web", { tags: ["v1"], content: "v1" });
      fake.seedTaskDefinition(webDefinition(`${ECR}/web:v1`));
      fake.seedService({
        cluster: "prod",
        serviceName: "web",
        taskDefinition: "web:1",
        desiredCount: 2,
        launchType: "FARGATE",
        networkConfiguration: network,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      });
    });

    afterEach(() => ecs.destroy());

    const deploy = async (image: string) => {
      await clock.sleep(60_000);
      await ecs.send(new RegisterTaskDefinitionCommand(webDefinition(image)));
      const { service } = await ecs.send(
        new UpdateServiceCommand({ cluster: "prod", service: "web", taskDefinition: "web" }),
      );
      return service?.currentServiceDeployment ?? "";
    };

    const statusAfter = async (arn: string, ms: number) => {
      await clock.sleep(ms);
      const { serviceDeployments } = await ecs.send(
        new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
      );
      return serviceDeployments?.[0];
    };

    it("a tag marked broken also breaks a task definition that names the image by digest", async () => {
      const digest = fake.seedEcrImage("web", { tags: ["v2"], content: "v2" });
      fake.imageBehaviour(`${ECR}/web:v2`, { kind: "fail-to-start", reason: "CannotPullContainerError: broken" });
      const arn = await deploy(`${ECR}/web@${digest}`);
      const record = await statusAfter(arn, 10 * 60_000);
      expect(record?.status).toBe("ROLLBACK_SUCCESSFUL");
      expect(record?.deploymentCircuitBreaker?.status).toBe("TRIGGERED");
    });

    it("a rule on the digest also catches a task definition that names the image by tag", async () => {
      const digest = fake.seedEcrImage("web", { tags: ["v2"], content: "v2" });
      fake.imageBehaviour(`${ECR}/web@${digest}`, { kind: "exit", exitCode: 1, afterMs: 5_000 });
      const arn = await deploy(`${ECR}/web:v2`);
      expect((await statusAfter(arn, 15 * 60_000))?.status).toBe("ROLLBACK_SUCCESSFUL");
    });

    it("service revisions and tasks report the digest the image resolved to", async () => {
      const digest = fake.seedEcrImage("web", { tags: ["v2"], content: "v2" });
      const arn = await deploy(`${ECR}/web:v2`);
      // The tag moves on after the deployment started: the revision keeps the digest it resolved.
      fake.seedEcrImage("web", { tags: ["v2"], content: "v2 rebuilt" });
      const record = await statusAfter(arn, 5 * 60_000);
      expect(record?.status).toBe("SUCCESSFUL");
      const { serviceRevisions } = await ecs.send(
        new DescribeServiceRevisionsCommand({ serviceRevisionArns: [record?.targetServiceRevision?.arn ?? ""] }),
      );
      expect(serviceRevisions?.[0]?.containerImages).toEqual([
        { containerName: "app", image: `${ECR}/web:v2`, imageDigest: digest },
      ]);
      const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: "prod", serviceName: "web" }));
      const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: "prod", tasks: taskArns ?? [] }));
      expect(tasks?.map((task) => task.containers?.[0]?.imageDigest)).toEqual([digest, digest]);
    });
  });
});
