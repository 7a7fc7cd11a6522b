import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  type Service,
  StopTaskCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsFake } from "../src/aws/index.js";
import { VirtualClock } from "../src/clock.js";
import { credentials, network, webDefinition } from "./aws-fixtures.js";

const PULL_ERROR =
  "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:bad: not found";

describe("AwsFake: rolling deployments", () => {
  let clock: VirtualClock;
  let fake: AwsFake;
  let ecs: ECSClient;

  const describeWeb = async (): Promise<Service> => {
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }));
    const service = services?.[0];
    if (service === undefined) throw new Error("service web not described");
    return service;
  };
  const messages = (service: Service) => (service.events ?? []).map((event) => event.message ?? "");
  const shape = (service: Service) =>
    (service.deployments ?? []).map((d) => ({
      status: d.status,
      taskDefinition: d.taskDefinition?.split("/").at(-1),
      rolloutState: d.rolloutState,
      running: d.runningCount,
      pending: d.pendingCount,
    }));

  const seedWeb = (breaker?: { enable: boolean; rollback: boolean }) => {
    fake.seedCluster("prod");
    fake.seedTaskDefinition(webDefinition("repo/web:1"));
    fake.seedService({
      cluster: "prod",
      serviceName: "web",
      taskDefinition: "web:1",
      desiredCount: 2,
      launchType: "FARGATE",
      networkConfiguration: network,
      ...(breaker === undefined ? {} : { deploymentConfiguration: { deploymentCircuitBreaker: breaker } }),
    });
  };

  const deploy = async (image: string) => {
    const registered = await ecs.send(new RegisterTaskDefinitionCommand(webDefinition(image)));
    return ecs.send(
      new UpdateServiceCommand({
        cluster: "prod",
        service: "web",
        taskDefinition: registered.taskDefinition?.taskDefinitionArn,
      }),
    );
  };

  beforeEach(async () => {
    clock = new VirtualClock();
    fake = await new AwsFake({ clock }).start();
    ecs = new ECSClient({ region: "ap-northeast-1", endpoint: fake.url, credentials });
  });

  afterEach(async () => {
    ecs.destroy();
    await fake.stop();
  });

  it("seeds a steady service", async () => {
    seedWeb();
    const service = await describeWeb();
    expect(shape(service)).toEqual([
      { status: "PRIMARY", taskDefinition: "web:1", rolloutState: "COMPLETED", running: 2, pending: 0 },
    ]);
    expect(service.taskDefinition).toBe("arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:1");
    expect(messages(service)[0]).toBe("(service web) has reached a steady state.");
    expect(service.deploymentConfiguration).toEqual({
      deploymentCircuitBreaker: { enable: false, rollback: false },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    });
  });

  it("rolls out a new task definition: PRIMARY and ACTIVE, then COMPLETED with the old deployment gone", async () => {
    seedWeb();
    const updated = await deploy("repo/web:2");
    const primaryId = updated.service?.deployments?.[0]?.id ?? "";
    expect(updated.service?.deployments?.[0]?.rolloutStateReason).toBe(`ECS deployment ${primaryId} in progress.`);
    expect(shape(updated.service ?? {})).toEqual([
      { status: "PRIMARY", taskDefinition: "web:2", rolloutState: "IN_PROGRESS", running: 0, pending: 2 },
      { status: "ACTIVE", taskDefinition: "web:1", rolloutState: "COMPLETED", running: 2, pending: 0 },
    ]);
    expect(updated.service?.taskDefinition).toMatch(/web:2$/);

    // New tasks run after 30 s; the old ones are told to stop and drain.
    clock.advance(30_000);
    let service = await describeWeb();
    expect(shape(service)).toEqual([
      { status: "PRIMARY", taskDefinition: "web:2", rolloutState: "IN_PROGRESS", running: 2, pending: 0 },
      { status: "ACTIVE", taskDefinition: "web:1", rolloutState: "COMPLETED", running: 0, pending: 0 },
    ]);
    expect(messages(service)[0]).toMatch(
      /^\(service web\) has stopped 2 running tasks: \(task \w{32}\) \(task \w{32}\)\.$/,
    );

    // Draining (30 s) and stopping (5 s) later, the rollout is over.
    clock.advance(35_000);
    service = await describeWeb();
    expect(shape(service)).toEqual([
      { status: "PRIMARY", taskDefinition: "web:2", rolloutState: "COMPLETED", running: 2, pending: 0 },
    ]);
    expect(service.deployments?.[0]?.rolloutStateReason).toBe(`ECS deployment ${primaryId} completed.`);
    expect(messages(service).slice(0, 4)).toEqual([
      "(service web) has reached a steady state.",
      `(service web) (deployment ${primaryId}) deployment completed.`,
      expect.stringMatching(/has stopped 2 running tasks/),
      expect.stringMatching(/has started 2 tasks/),
    ]);

    // The replaced tasks stay describable as STOPPED by the scheduler.
    const stopped = await ecs.send(
      new ListTasksCommand({ cluster: "prod", serviceName: "web", desiredStatus: "STOPPED" }),
    );
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: "prod", tasks: stopped.taskArns }));
    expect(tasks).toHaveLength(2);
    for (const task of tasks ?? []) {
      expect(task).toMatchObject({
        lastStatus: "STOPPED",
        desiredStatus: "STOPPED",
        stopCode: "ServiceSchedulerInitiated",
        group: "service:web",
      });
      expect(task.stoppedReason).toBe(`Scaling activity initiated by (deployment ${primaryId})`);
      expect(task.taskDefinitionArn).toMatch(/web:1$/);
      expect(task.startedBy).toMatch(/^ecs-svc\/\d{19}$/);
    }
  });

  it("forceNewDeployment redeploys the same task definition; a desired count change alone does not", async () => {
    seedWeb();
    const scaled = await ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", desiredCount: 3 }));
    expect(scaled.service?.deployments).toHaveLength(1);
    expect(scaled.service?.deployments?.[0]?.desiredCount).toBe(3);
    clock.advance(30_000);
    expect((await describeWeb()).runningCount).toBe(3);

    const forced = await ecs.send(
      new UpdateServiceCommand({ cluster: "prod", service: "web", forceNewDeployment: true }),
    );
    expect(shape(forced.service ?? {}).map((d) => [d.status, d.taskDefinition])).toEqual([
      ["PRIMARY", "web:1"],
      ["ACTIVE", "web:1"],
    ]);
  });

  it("a failing image with circuit breaker and rollback: FAILED, then back to the last completed deployment", async () => {
    seedWeb({ enable: true, rollback: true });
    const before = await describeWeb();
    const completedId = before.deployments?.[0]?.id ?? "";
    fake.imageBehaviour("repo/web:bad", { kind: "fail-to-start", reason: PULL_ERROR });
    const updated = await deploy("repo/web:bad");
    const failedId = updated.service?.deployments?.[0]?.id ?? "";

    // Two failures after 30 s (threshold is max(3, 2/2) = 3): still in progress, failed tasks replaced.
    clock.advance(30_000);
    let service = await describeWeb();
    expect(service.deployments?.[0]).toMatchObject({
      id: failedId,
      rolloutState: "IN_PROGRESS",
      failedTasks: 2,
      pendingCount: 2,
    });

    // Two more failures: the breaker trips and ECS rolls back.
    clock.advance(30_000);
    service = await describeWeb();
    expect(shape(service)).toEqual([
      { status: "PRIMARY", taskDefinition: "web:1", rolloutState: "IN_PROGRESS", running: 0, pending: 2 },
      { status: "ACTIVE", taskDefinition: "web:2", rolloutState: "FAILED", running: 0, pending: 0 },
      { status: "ACTIVE", taskDefinition: "web:1", rolloutState: "COMPLETED", running: 2, pending: 0 },
    ]);
    expect(service.deployments?.[1]).toMatchObject({
      failedTasks: 4,
      rolloutStateReason: "ECS deployment circuit breaker: tasks failed to start.",
    });
    expect(service.deployments?.[0]?.rolloutStateReason).toBe(
      `ECS deployment circuit breaker: rolling back to deploymentId ${completedId}.`,
    );
    expect(messages(service).slice(0, 3)).toEqual([
      expect.stringMatching(/^\(service web\) has started 2 tasks/),
      `(service web) rolling back to deployment ${completedId}.`,
      `(service web) (deployment ${failedId}) deployment failed: tasks failed to start.`,
    ]);
    expect(service.taskDefinition).toMatch(/web:1$/);

    // The failed tasks stay describable with the pull error.
    const stopped = await ecs.send(
      new ListTasksCommand({ cluster: "prod", serviceName: "web", desiredStatus: "STOPPED" }),
    );
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: "prod", tasks: stopped.taskArns }));
    expect(tasks).toHaveLength(4);
    expect(tasks?.[0]).toMatchObject({ stopCode: "TaskFailedToStart", stoppedReason: PULL_ERROR, startedBy: failedId });
    expect(tasks?.[0]?.containers?.[0]).toMatchObject({ lastStatus: "STOPPED", reason: PULL_ERROR });
    expect(tasks?.[0]?.startedAt).toBeUndefined();

    // The rollback completes like any deployment.
    clock.advance(30_000 + 35_000);
    service = await describeWeb();
    expect(shape(service)).toEqual([
      { status: "PRIMARY", taskDefinition: "web:1", rolloutState: "COMPLETED", running: 2, pending: 0 },
    ]);
    expect(messages(service)[0]).toBe("(service web) has reached a steady state.");
  });

  it("a crashing image with the breaker but no rollback: the FAILED deployment stays PRIMARY", async () => {
    seedWeb({ enable: true, rollback: false });
    // The container starts, then exits 1 after 5 s: RUNNING long enough for ECS to retire the old
    // tasks (no health check), never long enough to count as stable.
    fake.imageBehaviour(/:bad$/, { kind: "exit", exitCode: 1, afterMs: 5_000 });
    const updated = await deploy("repo/web:bad");
    clock.advance(10 * 60_000);
    const service = await describeWeb();
    expect(shape(service)).toEqual([
      { status: "PRIMARY", taskDefinition: "web:2", rolloutState: "FAILED", running: 0, pending: 0 },
      { status: "ACTIVE", taskDefinition: "web:1", rolloutState: "COMPLETED", running: 0, pending: 0 },
    ]);
    // Replacements launch as soon as a container exits, so the batch in flight when the breaker
    // trips (at 4 failures) fails too: 6 in all, and nothing is launched after that.
    expect(service.deployments?.[0]).toMatchObject({ id: updated.service?.deployments?.[0]?.id, failedTasks: 6 });
    expect(service.taskDefinition).toMatch(/web:2$/);
    expect(messages(service)).not.toContainEqual(expect.stringMatching(/rolling back/));
    const stopped = await ecs.send(new ListTasksCommand({ cluster: "prod", desiredStatus: "STOPPED" }));
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: "prod", tasks: stopped.taskArns }));
    const crashed = tasks?.filter((task) => task.stopCode === "EssentialContainerExited") ?? [];
    expect(crashed).toHaveLength(6);
    expect(crashed[0]).toMatchObject({ stoppedReason: "Essential container in task exited", lastStatus: "STOPPED" });
    expect(crashed[0]?.containers?.[0]?.exitCode).toBe(1);
    expect(crashed[0]?.startedAt).toBeInstanceOf(Date);
  });

  it("a failing image with the breaker but no rollback keeps the old tasks serving when new ones never start", async () => {
    seedWeb({ enable: true, rollback: false });
    fake.imageBehaviour("repo/web:bad", { kind: "fail-to-start", reason: PULL_ERROR });
    await deploy("repo/web:bad");
    clock.advance(10 * 60_000);
    const service = await describeWeb();
    expect(shape(service)).toEqual([
      { status: "PRIMARY", taskDefinition: "web:2", rolloutState: "FAILED", running: 0, pending: 0 },
      { status: "ACTIVE", taskDefinition: "web:1", rolloutState: "COMPLETED", running: 2, pending: 0 },
    ]);
  });

  it("without a circuit breaker failing tasks are replaced forever and failedTasks keeps growing", async () => {
    seedWeb();
    fake.imageBehaviour((image) => image.endsWith(":bad"), { kind: "fail-to-start", reason: PULL_ERROR });
    await deploy("repo/web:bad");
    clock.advance(5 * 60_000);
    const early = await describeWeb();
    clock.advance(25 * 60_000);
    const late = await describeWeb();
    expect(early.deployments?.[0]?.rolloutState).toBe("IN_PROGRESS");
    expect(late.deployments?.[0]?.rolloutState).toBe("IN_PROGRESS");
    expect(early.deployments?.[0]?.failedTasks).toBe(20);
    expect(late.deployments?.[0]?.failedTasks).toBe(120);
    // The old tasks keep serving.
    expect(late.deployments?.[1]?.runningCount).toBe(2);
  });

  it("StopTask on a service task: stopped as UserInitiated and replaced by the scheduler", async () => {
    seedWeb();
    const running = await ecs.send(new ListTasksCommand({ cluster: "prod", serviceName: "web" }));
    const victim = running.taskArns?.[0] ?? "";
    const stopped = await ecs.send(new StopTaskCommand({ cluster: "prod", task: victim, reason: "debugging" }));
    expect(stopped.task).toMatchObject({
      desiredStatus: "STOPPED",
      stopCode: "UserInitiated",
      stoppedReason: "debugging",
    });
    clock.advance(30_000);
    const service = await describeWeb();
    expect(service.runningCount).toBe(2);
    const after = await ecs.send(new ListTasksCommand({ cluster: "prod", serviceName: "web" }));
    expect(after.taskArns).not.toContain(victim);
    await expect(ecs.send(new StopTaskCommand({ cluster: "prod", task: "0".repeat(32) }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
  });
});
