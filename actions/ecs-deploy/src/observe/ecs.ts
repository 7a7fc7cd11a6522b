import type { Service, ServiceEvent, Task } from "@aws-sdk/client-ecs";
import { paginate } from "@sre-actions/core";
import { describeServices as describeAllServices } from "@sre-actions/core/ecs";
import type { EcsPort } from "../ports.js";

/** The pack's one DescribeServices batching (core), with tags: they say whether a service sleeps (if-stopped). */
export function describeServices(ecs: EcsPort, cluster: string, names: readonly string[]) {
  return describeAllServices(ecs, cluster, names, { include: ["TAGS"] });
}

export async function describeService(ecs: EcsPort, cluster: string, name: string): Promise<Service | undefined> {
  const response = await ecs.describeServices({ cluster, services: [name] });
  return response.services?.[0];
}

/**
 * The most telling stopped tasks of a deployment. ListTasks cannot combine `startedBy` with
 * `desiredStatus` (startedBy must be its only filter), so list the service's stopped tasks and keep
 * those whose startedBy is the deployment id, as ECS sets it for service tasks.
 */
export async function stoppedTasksOf(
  ecs: EcsPort,
  cluster: string,
  service: string,
  deploymentId: string,
  limit = 3,
): Promise<Task[]> {
  // ECS keeps stopped tasks for about an hour; three pages cover any rollout worth explaining.
  const arns = await paginate(
    async (cursor) => {
      const listed = await ecs.listTasks({
        cluster,
        serviceName: service,
        desiredStatus: "STOPPED",
        maxResults: 100,
        ...(cursor ? { nextToken: cursor } : {}),
      });
      return { items: listed.taskArns ?? [], next: listed.nextToken };
    },
    { maxPages: 3 },
  );
  const tasks: Task[] = [];
  for (let start = 0; start < arns.length; start += 100) {
    const described = await ecs.describeTasks({ cluster, tasks: arns.slice(start, start + 100) });
    tasks.push(...(described.tasks ?? []).filter((task) => task.startedBy === deploymentId));
  }
  // Tasks that failed say why; tasks the scheduler stopped during a rollback do not: failures first, newest first.
  return tasks
    .sort(
      (a, b) =>
        Number(failed(b)) - Number(failed(a)) || time(b.stoppedAt ?? b.createdAt) - time(a.stoppedAt ?? a.createdAt),
    )
    .slice(0, limit);
}

function failed(task: Task): boolean {
  if (task.stopCode === "TaskFailedToStart") return true;
  return (task.containers ?? []).some((container) => container.exitCode !== undefined && container.exitCode !== 0);
}

export function shortName(arn: string | undefined): string {
  if (arn === undefined) return "?";
  return arn.slice(arn.lastIndexOf("/") + 1);
}

export function time(date: Date | undefined): number {
  return date === undefined ? 0 : new Date(date).getTime();
}

export function consoleUrl(region: string, cluster: string, service: string): string {
  const clusterName = shortName(cluster);
  return `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${encodeURIComponent(clusterName)}/services/${encodeURIComponent(service)}/deployments?region=${region}`;
}

/** `qa4-web:1` for a task definition ARN: the revision a user recognises. */
export function revisionOf(taskDefinitionArn: string | undefined): string {
  return shortName(taskDefinitionArn);
}

/** Service events not seen yet, oldest first, and marks them seen. */
export function newEvents(service: Service, seen: Set<string>): ServiceEvent[] {
  const fresh = (service.events ?? []).filter((event) => event.id !== undefined && !seen.has(event.id));
  for (const event of fresh) if (event.id !== undefined) seen.add(event.id);
  return fresh.sort((a, b) => time(a.createdAt) - time(b.createdAt));
}
