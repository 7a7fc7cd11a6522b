import type { ContainerDefinition, Task } from "@aws-sdk/client-ecs";
import { describeError, type Logger, logLines, logText } from "@sre-actions/core";
import type { ServiceResult, StoppedTaskReport } from "../model.js";
import type { EcsPort } from "../ports.js";
import type { ContainerLogs } from "./datadog-logs.js";
import { shortName, stoppedTasksOf } from "./ecs.js";

/** A stopped task in one line: why ECS stopped it and how each container ended. */
export function describeStoppedTask(report: StoppedTaskReport): string {
  const containers = report.containers
    .filter((container) => container.exitCode !== undefined || container.reason !== undefined)
    .map((container) => {
      const exit = container.exitCode === undefined ? "" : ` exit ${container.exitCode}`;
      return `${container.name}${exit}${container.reason ? `: ${container.reason}` : ""}`;
    });
  const stop = [report.stopCode, report.stoppedReason].filter(Boolean).join(": ");
  return `task ${report.taskId} stopped (${stop || "no reason given"})${containers.length > 0 ? `; ${containers.join("; ")}` : ""}`;
}

/**
 * Reads why a deployment's tasks stopped: stop codes, exit codes and the failing container's last
 * log lines. `startedBy` is what ECS stamps on the deployment's tasks (a deployment id, or a
 * CodeDeploy task set id), so every roll-out kind is diagnosed the same way.
 */
export async function diagnoseDeployment(
  deps: { ecs: EcsPort; containerLogs: ContainerLogs },
  cluster: string,
  service: string,
  startedBy: string,
  containers: readonly ContainerDefinition[],
): Promise<{ tasks: StoppedTaskReport[]; note: string | undefined }> {
  try {
    const tasks = await stoppedTasksOf(deps.ecs, cluster, service, startedBy);
    const reports = await Promise.all(tasks.map((task) => reportTask(deps.containerLogs, task, containers)));
    return { tasks: withoutRepeatedLogs(reports), note: undefined };
  } catch (error) {
    return { tasks: [], note: `could not read the stopped tasks: ${describeError(error)}` };
  }
}

export async function reportTask(
  logs: ContainerLogs,
  task: Task,
  definitions: readonly ContainerDefinition[],
): Promise<StoppedTaskReport> {
  const taskId = shortName(task.taskArn);
  const containers = (task.containers ?? []).map((container) => ({
    name: container.name ?? "?",
    exitCode: container.exitCode,
    reason: container.reason,
  }));
  const failing =
    containers.find((container) => container.exitCode !== undefined && container.exitCode !== 0) ??
    containers.find((container) => {
      const definition = definitions.find((candidate) => candidate.name === container.name);
      return definition?.essential !== false;
    });
  const lines = failing
    ? await logs.tail(
        definitions.find((definition) => definition.name === failing.name),
        task,
      )
    : [];
  return {
    taskId,
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    containers,
    logs: failing && lines.length > 0 ? { container: failing.name, lines } : undefined,
  };
}

/** Tasks of a crash loop usually print the same lines: show each distinct tail once. */
function withoutRepeatedLogs(reports: StoppedTaskReport[]): StoppedTaskReport[] {
  const shown = new Set<string>();
  return reports.map((report) => {
    if (report.logs === undefined) return report;
    const key = `${report.logs.container}\n${report.logs.lines.join("\n")}`;
    if (shown.has(key)) return { ...report, logs: undefined };
    shown.add(key);
    return report;
  });
}

/** One `::error` annotation per failed service: the reason, why tasks stopped, their last log lines, the console. */
export function explainFailure(result: ServiceResult, note: string | undefined, log: Logger): void {
  const what = result.status === "timed-out" ? "timed out" : "failed";
  const lines = [`Deployment of ${result.service} ${what}: ${result.reason}`];
  for (const task of result.stoppedTasks) {
    lines.push(logText(describeStoppedTask(task)));
    if (task.logs)
      lines.push(
        `last log lines of ${task.logs.container}:`,
        ...task.logs.lines.flatMap((line) => logLines(line)).map((line) => `  | ${line}`),
      );
  }
  if (note) lines.push(note);
  lines.push(`Console: ${result.consoleUrl}`);
  log.error(lines.join("\n"), { title: `${result.service}: deployment ${what}` });
}
