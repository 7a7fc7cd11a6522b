import type { ContainerDefinition, Task } from "@aws-sdk/client-ecs";
import { describeError } from "@sre-actions/core";
import type { EcsPort } from "../ports.js";
import type { ContainerLogs } from "./datadog-logs.js";
import { shortName, stoppedTasksOf } from "./ecs.js";

export interface StoppedTaskReport {
  taskId: string;
  stopCode: string | undefined;
  stoppedReason: string | undefined;
  containers: { name: string; exitCode: number | undefined; reason: string | undefined }[];
  /** The last log lines of the container that failed (CloudWatch for awslogs, Datadog for FireLens). */
  logs: { container: string; lines: string[] } | undefined;
}

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

/** Reads why a deployment's tasks stopped: stop codes, exit codes and the failing container's last log lines. */
export async function diagnoseDeployment(
  deps: { ecs: EcsPort; containerLogs: ContainerLogs },
  cluster: string,
  service: string,
  deploymentId: string,
  containers: readonly ContainerDefinition[],
): Promise<{ tasks: StoppedTaskReport[]; note: string | undefined }> {
  try {
    const tasks = await stoppedTasksOf(deps.ecs, cluster, service, deploymentId);
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
