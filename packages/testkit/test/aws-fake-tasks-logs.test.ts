import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { DescribeTasksCommand, ECSClient, ListTasksCommand, RunTaskCommand, type Task } from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsFake } from "../src/aws/index.js";
import { VirtualClock } from "../src/clock.js";
import { credentials, network, webDefinition } from "./aws-fixtures.js";

describe("AwsFake: one-off tasks and their logs", () => {
  let clock: VirtualClock;
  let fake: AwsFake;
  let ecs: ECSClient;
  let logs: CloudWatchLogsClient;

  const runMigration = async (command: string[]): Promise<Task> => {
    const { tasks, failures } = await ecs.send(
      new RunTaskCommand({
        cluster: "prod",
        taskDefinition: "web",
        launchType: "FARGATE",
        networkConfiguration: network,
        startedBy: "sre-actions/migrate",
        overrides: { containerOverrides: [{ name: "app", command }] },
      }),
    );
    expect(failures).toEqual([]);
    const task = tasks?.[0];
    if (task === undefined) throw new Error("RunTask returned no task");
    return task;
  };
  const describeTask = async (arn: string | undefined): Promise<Task> => {
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: "prod", tasks: [arn ?? ""] }));
    const task = tasks?.[0];
    if (task === undefined) throw new Error("task not described");
    return task;
  };
  const taskId = (task: Task) => task.taskArn?.split("/").at(-1) ?? "";

  beforeEach(async () => {
    clock = new VirtualClock();
    fake = await new AwsFake({ clock }).start();
    ecs = new ECSClient({ region: "ap-northeast-1", endpoint: fake.url, credentials });
    logs = new CloudWatchLogsClient({ region: "ap-northeast-1", endpoint: fake.url, credentials });
    fake.seedCluster("prod");
    fake.seedTaskDefinition(webDefinition("repo/web:1"));
    fake.runTaskBehaviour(({ commands }) => {
      const command = commands["app"]?.join(" ") ?? "";
      if (command === "npm run migrate") {
        return { kind: "exit", exitCode: 0, afterMs: 20_000, logLines: ["Running migrations", "Applied 3 migrations"] };
      }
      if (command === "npm run migrate:broken") {
        return {
          kind: "exit",
          exitCode: 1,
          afterMs: 10_000,
          logLines: ["Running migrations", 'ERROR relation "users" does not exist', "Migration failed"],
        };
      }
      return undefined;
    });
  });

  afterEach(async () => {
    ecs.destroy();
    logs.destroy();
    await fake.stop();
  });

  it("runs a task to exit 0: PROVISIONING → PENDING → RUNNING → STOPPED, with its log lines", async () => {
    const started = await runMigration(["npm", "run", "migrate"]);
    expect(started).toMatchObject({
      lastStatus: "PROVISIONING",
      desiredStatus: "RUNNING",
      group: "family:web",
      startedBy: "sre-actions/migrate",
      launchType: "FARGATE",
      platformVersion: "1.4.0",
    });
    expect(started.overrides?.containerOverrides).toEqual([{ name: "app", command: ["npm", "run", "migrate"] }]);
    expect(started.attachments?.[0]?.type).toBe("ElasticNetworkInterface");

    clock.advance(5_000);
    expect((await describeTask(started.taskArn)).lastStatus).toBe("PENDING");
    clock.advance(25_000);
    const running = await describeTask(started.taskArn);
    expect(running.lastStatus).toBe("RUNNING");
    expect(running.startedAt?.getTime()).toBe(clock.now());

    // Halfway through, only the first line has been written.
    clock.advance(5_000);
    const stream = `ecs/app/${taskId(started)}`;
    const halfway = await logs.send(
      new GetLogEventsCommand({ logGroupName: "/ecs/web", logStreamName: stream, startFromHead: true }),
    );
    expect(halfway.events?.map((event) => event.message)).toEqual(["Running migrations"]);

    clock.advance(15_000);
    const exiting = await describeTask(started.taskArn);
    expect(exiting).toMatchObject({
      lastStatus: "DEPROVISIONING",
      desiredStatus: "STOPPED",
      stopCode: "EssentialContainerExited",
    });
    clock.advance(5_000);
    const stopped = await describeTask(started.taskArn);
    expect(stopped).toMatchObject({ lastStatus: "STOPPED", stoppedReason: "Essential container in task exited" });
    expect(stopped.containers?.[0]).toMatchObject({ name: "app", lastStatus: "STOPPED", exitCode: 0 });
    expect(stopped.executionStoppedAt?.getTime()).toBe(clock.now() - 5_000);
    expect(stopped.stoppedAt?.getTime()).toBe(clock.now());

    const all = await logs.send(
      new GetLogEventsCommand({ logGroupName: "/ecs/web", logStreamName: stream, startFromHead: true }),
    );
    expect(all.events?.map((event) => [event.timestamp, event.message])).toEqual([
      [running.startedAt?.getTime(), "Running migrations"],
      [(running.startedAt?.getTime() ?? 0) + 10_000, "Applied 3 migrations"],
    ]);

    const listed = await ecs.send(new ListTasksCommand({ cluster: "prod", family: "web", desiredStatus: "STOPPED" }));
    expect(listed.taskArns).toEqual([started.taskArn]);
    // ECS API reference: "When you specify startedBy as the filter, it must be the only filter that you use."
    await expect(
      ecs.send(new ListTasksCommand({ cluster: "prod", startedBy: "sre-actions/migrate", desiredStatus: "STOPPED" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });

  it("runs a task to exit 1 and finds the error with FilterLogEvents", async () => {
    const started = await runMigration(["npm", "run", "migrate:broken"]);
    clock.advance(45_000);
    const stopped = await describeTask(started.taskArn);
    expect(stopped).toMatchObject({ lastStatus: "STOPPED", stopCode: "EssentialContainerExited" });
    expect(stopped.containers?.[0]?.exitCode).toBe(1);

    const filtered = await logs.send(
      new FilterLogEventsCommand({ logGroupName: "/ecs/web", logStreamNamePrefix: "ecs/app/", filterPattern: "ERROR" }),
    );
    expect(filtered.events?.map((event) => event.message)).toEqual(['ERROR relation "users" does not exist']);
    expect(filtered.events?.[0]?.logStreamName).toBe(`ecs/app/${taskId(started)}`);
    expect(filtered.events?.[0]?.eventId).toMatch(/^\d{56}$/);

    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "/ecs/web" }));
    expect(streams.logStreams?.map((stream) => stream.logStreamName)).toEqual([`ecs/app/${taskId(started)}`]);
  });

  it("a task whose image cannot be pulled goes PENDING → STOPPED with TaskFailedToStart", async () => {
    const reason =
      "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref repo/web:1: not found";
    fake.imageBehaviour("repo/web:1", { kind: "fail-to-start", reason });
    const started = await ecs.send(
      new RunTaskCommand({
        cluster: "prod",
        taskDefinition: "web",
        launchType: "FARGATE",
        networkConfiguration: network,
      }),
    );
    const arn = started.tasks?.[0]?.taskArn;
    clock.advance(10_000);
    expect((await describeTask(arn)).lastStatus).toBe("PENDING");
    clock.advance(20_000);
    const stopped = await describeTask(arn);
    expect(stopped).toMatchObject({ lastStatus: "STOPPED", stopCode: "TaskFailedToStart", stoppedReason: reason });
    expect(stopped.startedAt).toBeUndefined();
    expect(stopped.containers?.[0]).toMatchObject({ lastStatus: "STOPPED", reason });
    expect(stopped.containers?.[0]?.exitCode).toBeUndefined();
  });

  it("rejects RunTask the way ECS does", async () => {
    await expect(
      ecs.send(new RunTaskCommand({ cluster: "prod", taskDefinition: "web", launchType: "FARGATE" })),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    });
    await expect(
      ecs.send(
        new RunTaskCommand({
          cluster: "prod",
          taskDefinition: "nope",
          launchType: "FARGATE",
          networkConfiguration: network,
        }),
      ),
    ).rejects.toMatchObject({ name: "ClientException", message: "TaskDefinition not found." });
    await expect(
      ecs.send(
        new RunTaskCommand({
          cluster: "prod",
          taskDefinition: "web",
          launchType: "FARGATE",
          capacityProviderStrategy: [{ capacityProvider: "FARGATE" }],
          networkConfiguration: network,
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message:
        "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.",
    });
    expect(fake.mutatingRequests().every((request) => request.status === 400)).toBe(true);
  });

  it("pages GetLogEvents with forward and backward tokens like CloudWatch Logs", async () => {
    const start = clock.now();
    fake.seedLogEvents(
      "/app",
      "main",
      ["one", "two", "three"].map((message, index) => ({ message, timestamp: start + index * 1000 })),
    );
    const first = await logs.send(
      new GetLogEventsCommand({ logGroupName: "/app", logStreamName: "main", startFromHead: true, limit: 2 }),
    );
    expect(first.events?.map((event) => event.message)).toEqual(["one", "two"]);
    expect(first.nextForwardToken).toMatch(/^f\/\d{56}\/s$/);
    expect(first.nextBackwardToken).toMatch(/^b\/\d{56}\/s$/);
    const second = await logs.send(
      new GetLogEventsCommand({
        logGroupName: "/app",
        logStreamName: "main",
        nextToken: first.nextForwardToken,
        limit: 2,
      }),
    );
    expect(second.events?.map((event) => event.message)).toEqual(["three"]);
    // At the end the same forward token comes back.
    const end = await logs.send(
      new GetLogEventsCommand({ logGroupName: "/app", logStreamName: "main", nextToken: second.nextForwardToken }),
    );
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(second.nextForwardToken);
    const back = await logs.send(
      new GetLogEventsCommand({ logGroupName: "/app", logStreamName: "main", nextToken: second.nextBackwardToken }),
    );
    expect(back.events?.map((event) => event.message)).toEqual(["one", "two"]);
    // Without startFromHead the newest events come first in the page.
    const latest = await logs.send(new GetLogEventsCommand({ logGroupName: "/app", logStreamName: "main", limit: 1 }));
    expect(latest.events?.map((event) => event.message)).toEqual(["three"]);
    const window = await logs.send(
      new GetLogEventsCommand({
        logGroupName: "/app",
        logStreamName: "main",
        startTime: start + 1000,
        endTime: start + 2000,
        startFromHead: true,
      }),
    );
    expect(window.events?.map((event) => event.message)).toEqual(["two"]);
  });

  it("pages FilterLogEvents across streams in time order", async () => {
    const start = clock.now();
    fake.seedLogEvents("/app", "a", [
      { message: "a1", timestamp: start },
      { message: "a2", timestamp: start + 2000 },
    ]);
    fake.seedLogEvents("/app", "b", [{ message: "b1", timestamp: start + 1000 }]);
    const first = await logs.send(new FilterLogEventsCommand({ logGroupName: "/app", limit: 2 }));
    expect(first.events?.map((event) => event.message)).toEqual(["a1", "b1"]);
    expect(first.nextToken).toBeDefined();
    const rest = await logs.send(
      new FilterLogEventsCommand({ logGroupName: "/app", limit: 2, nextToken: first.nextToken }),
    );
    expect(rest.events?.map((event) => event.message)).toEqual(["a2"]);
    expect(rest.nextToken).toBeUndefined();
    const onlyB = await logs.send(
      new FilterLogEventsCommand({ logGroupName: "/app", logStreamNames: ["b"], startTime: start }),
    );
    expect(onlyB.events?.map((event) => event.message)).toEqual(["b1"]);
    const timed = await logs.send(
      new FilterLogEventsCommand({ logGroupName: "/app", startTime: start + 1000, endTime: start + 2000 }),
    );
    expect(timed.events?.map((event) => event.message)).toEqual(["b1", "a2"]);
  });

  it("answers ResourceNotFoundException for unknown groups and streams", async () => {
    fake.seedLogGroup("/app");
    await expect(
      logs.send(new GetLogEventsCommand({ logGroupName: "/nope", logStreamName: "x" })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "The specified log group does not exist.",
    });
    await expect(
      logs.send(new GetLogEventsCommand({ logGroupName: "/app", logStreamName: "x" })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "The specified log stream does not exist.",
    });
    await expect(logs.send(new FilterLogEventsCommand({ logGroupName: "/nope" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });
});
