import type { ContainerDefinition, RunTaskCommandInput, Service, Task } from "@aws-sdk/client-ecs";
import { type Clock, humanDuration, type Logger, type RunContext } from "@sre-actions/core";
import type { ContainerLogs } from "../observe/datadog-logs.js";
import { describeStoppedTask, reportTask, type StoppedTaskReport } from "../observe/diagnose.js";
import { shortName } from "../observe/ecs.js";
import type { EcsPort } from "../ports.js";
import { runTaskOnce } from "./exactly-once.js";

export interface OneOffTask {
  cluster: string;
  taskDefinitionArn: string;
  /** The (first) service: network configuration, capacity/launch type and platform come from it. */
  service: Service;
  container: string;
  command: string[];
  containers: readonly ContainerDefinition[];
  deadline: number;
  pollIntervalMs: number;
}

export interface OneOffResult {
  taskArn: string | undefined;
  exitCode: number | undefined;
  ok: boolean;
  reason: string | undefined;
  report: StoppedTaskReport | undefined;
  durationMs: number;
}

/** The RunTask request for a one-off task shaped like the service's own tasks. */
export function runTaskRequest(task: OneOffTask): RunTaskCommandInput {
  const { service } = task;
  const strategy = service.capacityProviderStrategy ?? [];
  return {
    cluster: task.cluster,
    taskDefinition: task.taskDefinitionArn,
    count: 1,
    startedBy: "sre-actions/ecs-deploy",
    ...(strategy.length > 0 ? { capacityProviderStrategy: strategy } : { launchType: service.launchType ?? "FARGATE" }),
    ...(service.platformVersion ? { platformVersion: service.platformVersion } : {}),
    ...(service.networkConfiguration ? { networkConfiguration: service.networkConfiguration } : {}),
    ...(service.enableECSManagedTags ? { enableECSManagedTags: true } : {}),
    overrides: { containerOverrides: [{ name: task.container, command: task.command }] },
  };
}

/**
 * Success is what a migration needs: the task stopped because its essential container exited,
 * the overridden container exited 0, and no essential container exited non-zero.
 */
export function judgeStoppedTask(task: Task, container: string, definitions: readonly ContainerDefinition[]) {
  const target = task.containers?.find((candidate) => candidate.name === container);
  const essentialFailure = task.containers?.find((candidate) => {
    const essential = definitions.find((definition) => definition.name === candidate.name)?.essential !== false;
    return essential && candidate.exitCode !== undefined && candidate.exitCode !== 0;
  });
  const exitCode = target?.exitCode;
  if (task.stopCode !== "EssentialContainerExited") {
    return {
      ok: false,
      exitCode,
      reason: `the task stopped with ${task.stopCode ?? "no stop code"}: ${task.stoppedReason ?? ""}`.trim(),
    };
  }
  if (exitCode !== 0) {
    return {
      ok: false,
      exitCode,
      reason: `container ${container} exited with ${exitCode ?? "no exit code"}${target?.reason ? ` (${target.reason})` : ""}`,
    };
  }
  if (essentialFailure) {
    return {
      ok: false,
      exitCode,
      reason: `essential container ${essentialFailure.name} exited with ${essentialFailure.exitCode}`,
    };
  }
  return { ok: true, exitCode, reason: undefined };
}

/** Runs the one-off task, streams its log while it runs, and judges how it ended. */
export async function runOneOffTask(
  task: OneOffTask,
  deps: { ecs: EcsPort; containerLogs: ContainerLogs; clock: Clock; log: Logger; context: RunContext },
): Promise<OneOffResult> {
  const started = deps.clock.now();
  const response = await runTaskOnce(runTaskRequest(task), deps);
  const launched = response.tasks?.[0];
  if (launched?.taskArn === undefined) {
    const failure = response.failures?.map((item) => `${item.reason ?? ""} ${item.detail ?? ""}`.trim()).join("; ");
    return {
      taskArn: undefined,
      exitCode: undefined,
      ok: false,
      reason: `RunTask started no task: ${failure || "no reason given"}`,
      report: undefined,
      durationMs: 0,
    };
  }
  const taskArn = launched.taskArn;
  const taskId = shortName(taskArn);
  deps.log.info(`Started one-off task ${taskId}: ${task.command.join(" ")}`);
  const follower = deps.containerLogs.follow(
    task.containers.find((definition) => definition.name === task.container),
    taskArn,
    started,
  );
  const printLines = async () => {
    for (const line of (await follower?.next()) ?? []) deps.log.info(`  | ${line}`);
  };

  let current: Task = launched;
  let lastStatus = current.lastStatus;
  while (current.lastStatus !== "STOPPED") {
    const remaining = task.deadline - deps.clock.now();
    if (remaining <= 0) {
      await deps.ecs.stopTask({ cluster: task.cluster, task: taskArn, reason: "sre-actions: run-task timed out" });
      await printLines();
      return {
        taskArn,
        exitCode: undefined,
        ok: false,
        reason: `the one-off task did not finish within ${humanDuration(deps.clock.now() - started)}; it was stopped`,
        report: undefined,
        durationMs: deps.clock.now() - started,
      };
    }
    await deps.clock.sleep(Math.min(task.pollIntervalMs, remaining));
    const described = await deps.ecs.describeTasks({ cluster: task.cluster, tasks: [taskArn] });
    current = described.tasks?.[0] ?? current;
    if (current.lastStatus !== lastStatus) {
      deps.log.info(
        `One-off task ${taskId}: ${lastStatus} → ${current.lastStatus} (${humanDuration(deps.clock.now() - started)})`,
      );
      lastStatus = current.lastStatus;
    }
    await printLines();
  }
  const verdict = judgeStoppedTask(current, task.container, task.containers);
  const report = verdict.ok ? undefined : await reportTask(deps.containerLogs, current, task.containers);
  if (report) deps.log.info(describeStoppedTask(report));
  return {
    taskArn,
    exitCode: verdict.exitCode,
    ok: verdict.ok,
    reason: verdict.reason,
    report,
    durationMs: deps.clock.now() - started,
  };
}
