import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  type ECSClient,
  ListTasksCommand,
  type Service,
  type Task,
} from "@aws-sdk/client-ecs";

/** DescribeServices takes at most 10 services per call. */
export async function describeServices(ecs: ECSClient, cluster: string, names: readonly string[]) {
  const services: Service[] = [];
  const missing: string[] = [];
  for (let start = 0; start < names.length; start += 10) {
    const response = await ecs.send(new DescribeServicesCommand({ cluster, services: names.slice(start, start + 10) }));
    services.push(...(response.services ?? []));
    for (const failure of response.failures ?? []) missing.push(`${shortName(failure.arn)} (${failure.reason})`);
  }
  return { services, missing };
}

export async function describeService(ecs: ECSClient, cluster: string, name: string): Promise<Service | undefined> {
  const response = await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }));
  return response.services?.[0];
}

/** The newest stopped tasks a deployment started (ECS sets startedBy to the deployment id). */
export async function stoppedTasksOf(
  ecs: ECSClient,
  cluster: string,
  deploymentId: string,
  limit = 3,
): Promise<Task[]> {
  const listed = await ecs.send(
    new ListTasksCommand({ cluster, startedBy: deploymentId, desiredStatus: "STOPPED", maxResults: 100 }),
  );
  const arns = listed.taskArns ?? [];
  if (arns.length === 0) return [];
  const described = await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(0, 100) }));
  // Tasks that failed say why; tasks the scheduler stopped during a rollback do not: failures first, newest first.
  return (described.tasks ?? [])
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
