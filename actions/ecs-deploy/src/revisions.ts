import {
  DeregisterTaskDefinitionCommand,
  type ECSClient,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
} from "@aws-sdk/client-ecs";
import type { Logger } from "@sre-actions/core";
import { describeServices } from "./ecs.js";

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
export async function taskDefinitionsInUse(ecs: ECSClient, cluster: string): Promise<Set<string>> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs.send(
      new ListServicesCommand({ cluster, maxResults: 100, ...(nextToken ? { nextToken } : {}) }),
    );
    names.push(...(page.serviceArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
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
  deps: { ecs: ECSClient; log: Logger },
  cluster: string,
  family: string,
  keep: number,
): Promise<string[]> {
  const active: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await deps.ecs.send(
      new ListTaskDefinitionsCommand({
        familyPrefix: family,
        status: "ACTIVE",
        sort: "DESC",
        maxResults: 100,
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    // familyPrefix matches by prefix: keep this family only.
    active.push(...(page.taskDefinitionArns ?? []).filter((arn) => parseTaskDefinitionArn(arn)?.family === family));
    nextToken = page.nextToken;
  } while (nextToken);
  const doomed = revisionsToDeregister(active, keep, await taskDefinitionsInUse(deps.ecs, cluster));
  for (const arn of doomed) {
    await deps.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }));
    deps.log.info(`Deregistered ${arn}`);
  }
  return doomed;
}
