import type { Service, ServiceDeployment } from "@aws-sdk/client-ecs";
import { ActionError, describeError } from "@sre-actions/core";
import type { Promotion } from "../model.js";
import { apiUnavailable } from "../observe/api.js";
import { describeServices, revisionOf, time } from "../observe/ecs.js";
import type { EcrPort, EcsPort } from "../ports.js";
import { byDigest } from "./image.js";
import { parseEcrImage } from "./preflight.js";

/**
 * promote-from: what the source service (pre-prod) runs, by digest — read-only, in the plan.
 * Its latest deployment must have completed: a deployment that failed, rolled back or is still
 * in progress is refused, with nothing changed. The digest is the one ECS pulled (its running
 * tasks report `imageDigest`); a source at zero tasks falls back to ECR's digest of the tag.
 * Images of the account's own ECR repositories are promoted; public images (sidecars) are not.
 */
export async function readPromotion(
  source: { cluster: string; service: string },
  deps: { ecs: EcsPort; ecr?: EcrPort | undefined },
): Promise<Promotion> {
  const name = `${source.cluster}/${source.service}`;
  const { services, missing } = await describeServices(deps.ecs, source.cluster, [source.service]).catch((error) => {
    throw new ActionError(`promote-from ${name}: ${describeError(error)}`, {
      hint: "Check the cluster name in promote-from; the role needs ecs:DescribeServices on the pre-prod service.",
    });
  });
  const service = services[0];
  if (service === undefined || missing.length > 0)
    throw new ActionError(`promote-from ${name}: service ${source.service} not found in cluster ${source.cluster}`, {
      hint: "promote-from names the service whose images are promoted, e.g. promote-from: pre-prod/web",
    });
  await requireCompleted(service, name, deps.ecs);
  const taskDefinition = service.taskDefinition ?? "";
  const described = await deps.ecs.describeTaskDefinition({ taskDefinition });
  const containers = described.taskDefinition?.containerDefinitions ?? [];
  const pulled = await runningDigests(deps.ecs, source.cluster, source.service, taskDefinition);
  const images: Promotion["images"] = [];
  const skipped: string[] = [];
  for (const container of containers) {
    const named = container.image ?? "";
    const ecr = parseEcrImage(named);
    if (ecr === undefined || container.name === undefined) {
      skipped.push(container.name ?? "?");
      continue;
    }
    const digest = ecr.digest ?? pulled.get(container.name) ?? (await ecrDigest(deps.ecr, ecr, name));
    images.push({ container: container.name, image: byDigest(named, digest), named });
  }
  if (images.length === 0)
    throw new ActionError(
      `promote-from ${name}: its task definition ${revisionOf(taskDefinition)} runs no image of an ECR repository`,
      {
        hint: "promote-from promotes the images your build pushed to ECR; use image or images for other registries.",
      },
    );
  return { source: name, revision: revisionOf(taskDefinition), images, skipped };
}

/** The latest deployment of the source must have completed (service deployment record, else deployments[]). */
async function requireCompleted(service: Service, name: string, ecs: EcsPort): Promise<void> {
  let latest: ServiceDeployment | undefined;
  try {
    const listed = await ecs.listServiceDeployments({
      cluster: service.clusterArn,
      service: service.serviceName,
      maxResults: 20,
    });
    // None listed: not deployed since ECS keeps records; deployments[] below decides.
    latest = [...(listed.serviceDeployments ?? [])].sort((a, b) => time(b.createdAt) - time(a.createdAt))[0];
  } catch (error) {
    if (!apiUnavailable(error)) throw error;
  }
  const refuse = (state: string) =>
    new ActionError(`promote-from ${name}: its latest deployment ${state}; nothing was promoted or changed`, {
      hint: "Promote only what pre-prod runs after a completed deployment: fix or finish pre-prod's deployment first.",
    });
  if (latest !== undefined) {
    switch (latest.status) {
      case "SUCCESSFUL":
        return;
      case "PENDING":
      case "IN_PROGRESS":
        throw refuse("is still in progress");
      case "ROLLBACK_REQUESTED":
      case "ROLLBACK_IN_PROGRESS":
      case "ROLLBACK_SUCCESSFUL":
        throw refuse(`failed and was rolled back (${latest.status})`);
      default:
        throw refuse(`did not complete (${latest.status})`);
    }
  }
  const deployments = service.deployments ?? [];
  const primary = deployments.find((deployment) => deployment.status === "PRIMARY");
  if (primary?.rolloutState === "FAILED") throw refuse("failed");
  if (deployments.length > 1 || primary?.rolloutState === "IN_PROGRESS") throw refuse("is still in progress");
}

/** Container → the digest ECS pulled for the running tasks of that revision. */
async function runningDigests(
  ecs: EcsPort,
  cluster: string,
  service: string,
  taskDefinition: string,
): Promise<Map<string, string>> {
  const listed = await ecs.listTasks({ cluster, serviceName: service, desiredStatus: "RUNNING", maxResults: 10 });
  const arns = listed.taskArns ?? [];
  const digests = new Map<string, string>();
  if (arns.length === 0) return digests;
  const described = await ecs.describeTasks({ cluster, tasks: arns });
  for (const task of described.tasks ?? []) {
    if (task.taskDefinitionArn !== taskDefinition) continue;
    for (const container of task.containers ?? [])
      if (container.name !== undefined && container.imageDigest !== undefined && !digests.has(container.name))
        digests.set(container.name, container.imageDigest);
  }
  return digests;
}

async function ecrDigest(
  ecr: EcrPort | undefined,
  image: { registry: string; repository: string; tag: string | undefined; image: string },
  name: string,
): Promise<string> {
  const detail = await ecr
    ?.describeImages({
      registryId: image.registry,
      repositoryName: image.repository,
      imageIds: [{ imageTag: image.tag ?? "latest" }],
    })
    .catch((error: unknown) => {
      throw new ActionError(
        `promote-from ${name}: could not read the digest of ${image.image}: ${describeError(error)}`,
        {
          hint: "The role needs ecr:DescribeImages on the repository.",
        },
      );
    });
  const digest = detail?.imageDetails?.[0]?.imageDigest;
  if (digest === undefined)
    throw new ActionError(`promote-from ${name}: ECR has no digest for ${image.image}`, {
      hint: "Was the tag pushed again or deleted? Redeploy pre-prod, then promote.",
    });
  return digest;
}
