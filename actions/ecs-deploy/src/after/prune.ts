import { type Logger, paginate } from "@sre-actions/core";
import { describeServices } from "../observe/ecs.js";
import type { EcsPort } from "../ports.js";

/** `arn:…:task-definition/web:42` → { family: "web", revision: 42 }. */
export function parseTaskDefinitionArn(arn: string): { family: string; revision: number } | undefined {
  const match = /task-definition\/([^:]+):(\d+)$/.exec(arn);
  return match?.[1] && match[2] ? { family: match[1], revision: Number(match[2]) } : undefined;
}

/** Which revisions to deregister: all ACTIVE ones beyond the newest `keep`, minus those in use. */
export function revisionsToDeregister(active: readonly string[], keep: number, inUse: ReadonlySet<string>): string[] {
  const sorted = [...active].sort(
    (a, b) => (parseTaskDefinitionArn(b)?.revision ?? 0) - (parseTaskDefinitionArn(a)?.revision ?? 0),
  );
  return sorted.slice(keep).filter((arn) => !inUse.has(arn));
}

/** Every task definition any deployment of any service in the cluster runs (all pages). */
export async function taskDefinitionsInUse(ecs: EcsPort, cluster: string): Promise<Set<string>> {
  const names = await paginate(async (cursor) => {
    const page = await ecs.listServices({ cluster, maxResults: 100, ...(cursor ? { nextToken: cursor } : {}) });
    return { items: page.serviceArns ?? [], next: page.nextToken };
  });
  const { services } = await describeServices(ecs, cluster, names);
  const inUse = new Set<string>();
  for (const service of services) {
    if (service.taskDefinition) inUse.add(service.taskDefinition);
    for (const deployment of service.deployments ?? [])
      if (deployment.taskDefinition) inUse.add(deployment.taskDefinition);
  }
  return inUse;
}

/** Deregisters old revisions of `family` beyond the newest `keep`; returns the ARNs deregistered. */
export async function pruneRevisions(
  deps: { ecs: EcsPort; log: Logger },
  cluster: string,
  family: string,
  keep: number,
): Promise<string[]> {
  const active = await paginate(async (cursor) => {
    const page = await deps.ecs.listTaskDefinitions({
      familyPrefix: family,
      status: "ACTIVE",
      sort: "DESC",
      maxResults: 100,
      ...(cursor ? { nextToken: cursor } : {}),
    });
    // familyPrefix matches by prefix: keep this family only.
    const items = (page.taskDefinitionArns ?? []).filter((arn) => parseTaskDefinitionArn(arn)?.family === family);
    return { items, next: page.nextToken };
  });
  const doomed = revisionsToDeregister(active, keep, await taskDefinitionsInUse(deps.ecs, cluster));
  for (const arn of doomed) {
    await deps.ecs.deregisterTaskDefinition({ taskDefinition: arn });
    deps.log.info(`Deregistered ${arn}`);
  }
  return doomed;
}
