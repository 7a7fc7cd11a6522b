import type { ContainerDefinition, RunTaskCommandInput, Service, Task } from "@aws-sdk/client-ecs";
import { type Clock, humanDuration, type Logger, logText, type RunContext, type RunJournal } from "@sre-actions/core";
import type { OneOffResult } from "../model.js";
import type { ContainerLogs } from "../observe/datadog-logs.js";
import { describeStoppedTask, reportTask } from "../observe/diagnose.js";
import { shortName } from "../observe/ecs.js";
import type { EcsPort } from "../ports.js";
import { sleepUnlessCancelled } from "../rollout/poll.js";
import { runStartedBy, runTaskOnce } from "./exactly-once.js";

/** What the one-off task (run-task) needs: the first service's settings, the new revision, the command. */
export interface OneOffRequest {
  cluster: string;
  taskDefinitionArn: string;
  /** The (first) service: network configuration, capacity/launch type and platform come from it. */
  service: Service;
  container: string;
  command: string[];
  containers: readonly ContainerDefinition[];
  pollIntervalMs: number;
}

export interface OneOffTask extends OneOffRequest {
  deadline: number;
}

type OneOffDeps = {
  journal?: RunJournal | undefined;
  ecs: EcsPort;
  containerLogs: ContainerLogs;
  clock: Clock;
  log: Logger;
  context: RunContext;
  signal?: AbortSignal | undefined;
};

/** The run-task step: the one-off task before any service changes (a migration), in its own log group. */
export async function runOneOff(
  request: OneOffRequest | undefined,
  deps: OneOffDeps,
  run: { deadline: number; mark(step: string, detail: string): void },
): Promise<OneOffResult | undefined> {
  if (request === undefined) return undefined;
  const result = await deps.log.group(`One-off task: ${request.command.join(" ")}`, () =>
    runOneOffTask({ ...request, deadline: run.deadline }, deps),
  );
  run.mark(
    "one-off task",
    result.ok ? `exit ${result.exitCode} in ${humanDuration(result.durationMs)}` : (result.reason ?? "failed"),
  );
  return result;
}

/** The RunTask request for a one-off task shaped like the service's own tasks. */
export function runTaskRequest(task: OneOffTask): RunTaskCommandInput {
  const { service } = task;
  const providers = service.capacityProviderStrategy ?? [];
  return {
    cluster: task.cluster,
    taskDefinition: task.taskDefinitionArn,
    count: 1,
    startedBy: "sre-actions/ecs-deploy",
    ...(providers.length > 0
      ? { capacityProviderStrategy: providers }
      : { launchType: service.launchType ?? "FARGATE" }),
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

/**
 * The one-off task of an earlier attempt of this workflow run, still running: a re-run after a
 * cancel (or a runner that died) waits for it instead of starting the same migration twice.
 */
async function runningFromEarlierAttempt(task: OneOffTask, deps: OneOffDeps): Promise<Task | undefined> {
  const startedBy = runStartedBy(deps.context, task);
  // ListTasks lists tasks whose desired status is RUNNING unless told otherwise.
  const listed = await deps.ecs.listTasks({ cluster: task.cluster, startedBy });
  const arns = listed.taskArns ?? [];
  if (arns.length === 0) return undefined;
  const described = await deps.ecs.describeTasks({ cluster: task.cluster, tasks: arns });
  return described.tasks?.find((candidate) => candidate.lastStatus !== "STOPPED");
}

/** Runs the one-off task (or adopts the same run's still-running one), streams its log, and judges how it ended. */
export async function runOneOffTask(task: OneOffTask, deps: OneOffDeps): Promise<OneOffResult> {
  const started = deps.clock.now();
  const earlier = await runningFromEarlierAttempt(task, deps);
  if (earlier !== undefined)
    deps.log.info(
      `One-off task ${shortName(earlier.taskArn)} of an earlier attempt of this workflow run is still ${earlier.lastStatus}; waiting for it instead of starting it again`,
    );
  const response = earlier === undefined ? await runTaskOnce(runTaskRequest(task), deps) : { tasks: [earlier] };
  const launched = response.tasks?.[0];
  if (launched?.taskArn === undefined) {
    const failures = "failures" in response ? response.failures : [];
    const failure = failures?.map((item) => `${item.reason ?? ""} ${item.detail ?? ""}`.trim()).join("; ");
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
  deps.journal?.inFlight(`task:${taskArn}`, `one-off task ${taskId} (${task.command.join(" ")}) running`);
  if (earlier === undefined) deps.log.info(`Started one-off task ${taskId}: ${task.command.join(" ")}`);
  const follower = deps.containerLogs.follow(
    task.containers.find((definition) => definition.name === task.container),
    taskArn,
    started,
  );
  const printLines = async () => {
    for (const line of (await follower?.next()) ?? []) deps.log.info(`  | ${logText(line)}`);
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
    if (await sleepUnlessCancelled(deps, Math.min(task.pollIntervalMs, remaining))) {
      // Cancelled: stop the task we started, so a re-run does not find a migration half done behind its back.
      await deps.ecs.stopTask({
        cluster: task.cluster,
        task: taskArn,
        reason: `sre-actions: workflow run cancelled (${deps.context.runUrl})`.slice(0, 255),
      });
      await printLines();
      deps.journal?.settled(`task:${taskArn}`, `one-off task ${taskId} stopped (StopTask) on cancel`);
      return {
        taskArn,
        exitCode: undefined,
        ok: false,
        reason: "the job was cancelled; the one-off task was stopped (StopTask)",
        report: undefined,
        durationMs: deps.clock.now() - started,
        adopted: earlier !== undefined,
      };
    }
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
  deps.journal?.settled(`task:${taskArn}`, `one-off task ${taskId} exited ${verdict.exitCode ?? "?"}`);
  const report = verdict.ok ? undefined : await reportTask(deps.containerLogs, current, task.containers);
  if (report) deps.log.info(describeStoppedTask(report));
  return {
    taskArn,
    exitCode: verdict.exitCode,
    ok: verdict.ok,
    reason: verdict.reason,
    report,
    durationMs: deps.clock.now() - started,
    adopted: earlier !== undefined,
  };
}
