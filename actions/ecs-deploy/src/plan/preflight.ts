import type { ImageDetail } from "@aws-sdk/client-ecr";
import type { Service } from "@aws-sdk/client-ecs";
import { ActionError, describeError, type Logger, paginate } from "@sre-actions/core";
import type { PlanRequest } from "../model.js";
import type { EcrPort } from "../ports.js";
import { byDigest } from "./image.js";
import type { RenderRequest } from "./render.js";
import type { RegisterInput } from "./taskdef.js";

/** The partition and account of a service, from its ARN: where its roles and images live. */
export function accountOf(service: Service): { partition: string; account: string } | undefined {
  const match = /^arn:(aws[\w-]*):ecs:[\w-]+:(\d{12}):/.exec(service.serviceArn ?? "");
  return match?.[1] && match[2] ? { partition: match[1], account: match[2] } : undefined;
}

/** A role given by name becomes the ARN of that role in the service's account; an ARN stays as it is. */
export function roleArn(value: string | undefined, owner: { partition: string; account: string } | undefined) {
  if (value === undefined || value.startsWith("arn:")) return value;
  if (owner === undefined) throw new ActionError(`Cannot resolve role ${value}: the service ARN names no account`);
  return `arn:${owner.partition}:iam::${owner.account}:role/${value}`;
}

/** What render() gets: the inputs, with role names resolved in the service's account. */
export function renderRequestOf(inputs: PlanRequest, service: Service): RenderRequest {
  const owner = inputs.taskRole === undefined && inputs.executionRole === undefined ? undefined : accountOf(service);
  return {
    ...inputs,
    taskRoleArn: roleArn(inputs.taskRole, owner),
    executionRoleArn: roleArn(inputs.executionRole, owner),
  };
}

const ECR_IMAGE =
  /^(?<registry>\d{12})\.dkr\.ecr\.(?<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(?<repository>[^:@]+)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/;

export interface EcrImage {
  image: string;
  registry: string;
  region: string;
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

/** `<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>` or `@sha256:…`; undefined for other registries. */
export function parseEcrImage(image: string): EcrImage | undefined {
  const groups = ECR_IMAGE.exec(image)?.groups;
  if (groups?.["registry"] === undefined || groups["region"] === undefined || groups["repository"] === undefined)
    return undefined;
  return {
    image,
    registry: groups["registry"],
    region: groups["region"],
    repository: groups["repository"],
    tag: groups["digest"] === undefined ? (groups["tag"] ?? "latest") : groups["tag"],
    digest: groups["digest"],
  };
}

/** What ECR says of an image: its tags and its digest (for the plan, the summary and pin-digest). */
export interface ImageFacts {
  tags: string[];
  digest: string | undefined;
}

/**
 * Every ECR image about to be deployed exists (DescribeImages, read-only). A missing tag is an
 * error naming the image and the repository's newest tags; other registries, and ECR in another
 * region than the deployment's, are not checked. Returns each checked image's tags and digest.
 */
export async function checkImages(
  ecr: EcrPort | undefined,
  images: readonly string[],
  region: string,
  log: Logger,
): Promise<Map<string, ImageFacts>> {
  const facts = new Map<string, ImageFacts>();
  if (ecr === undefined) return facts;
  for (const image of [...new Set(images)]) {
    const parsed = parseEcrImage(image);
    if (parsed === undefined) continue;
    if (parsed.region !== region) {
      log.info(`Image ${image} is in ECR ${parsed.region}; only ${region} is checked before deploying`);
      continue;
    }
    const detail = await describeEcrImage(ecr, parsed);
    facts.set(image, { tags: detail?.imageTags ?? [], digest: detail?.imageDigest ?? parsed.digest });
  }
  return facts;
}

/**
 * pin-digest: each image given by tag becomes `repo@sha256:…`, the digest ECR has for the tag now,
 * so what was planned is what runs even if the tag moves. Only ECR can be asked; a digest stays.
 */
export async function pinDigests(ecr: EcrPort | undefined, images: readonly string[]): Promise<Map<string, string>> {
  const pinned = new Map<string, string>();
  for (const image of [...new Set(images)]) {
    const parsed = parseEcrImage(image);
    if (parsed?.digest !== undefined) continue;
    if (parsed === undefined || ecr === undefined)
      throw new ActionError(`pin-digest cannot resolve ${image}: only ECR images can be resolved to a digest here`, {
        hint: "Give the image by digest (repo@sha256:…, e.g. docker/build-push-action's digest output), or set pin-digest: false.",
      });
    const digest = (await describeEcrImage(ecr, parsed))?.imageDigest;
    if (digest === undefined) throw new ActionError(`ECR returned no digest for ${image}`);
    pinned.set(image, byDigest(image, digest));
  }
  return pinned;
}

async function describeEcrImage(ecr: EcrPort, parsed: EcrImage): Promise<ImageDetail | undefined> {
  try {
    const described = await ecr.describeImages({
      registryId: parsed.registry,
      repositoryName: parsed.repository,
      imageIds: [parsed.digest !== undefined ? { imageDigest: parsed.digest } : { imageTag: parsed.tag ?? "latest" }],
    });
    return described.imageDetails?.[0];
  } catch (error) {
    throw await imageError(ecr, parsed, error);
  }
}

async function imageError(ecr: EcrPort, image: EcrImage, error: unknown): Promise<ActionError> {
  const name = error instanceof Error ? error.name : "";
  if (name === "RepositoryNotFoundException") {
    return new ActionError(
      `Image ${image.image} cannot be deployed: ECR repository ${image.repository} does not exist in registry ${image.registry}`,
      { hint: "Check the repository name in image/images (and that the image was pushed to this account)." },
    );
  }
  if (name !== "ImageNotFoundException") {
    return new ActionError(`Could not check image ${image.image} in ECR: ${describeError(error)}`, {
      hint: "The deploy role needs ecr:DescribeImages on the repository.",
    });
  }
  const newest = await newestTags(ecr, image).catch(() => []);
  return new ActionError(
    `Image ${image.image} is not in ECR: repository ${image.repository} has no ${image.digest ? `digest ${image.digest}` : `tag ${image.tag}`}. ` +
      (newest.length > 0 ? `Newest tags: ${newest.join(", ")}` : "The repository has no tagged images."),
    { hint: "Push the image first (does the build job tag it with this commit?), or deploy one of the tags above." },
  );
}

/** The five most recently pushed tags of a repository. */
async function newestTags(ecr: EcrPort, image: EcrImage): Promise<string[]> {
  const details = await paginate<ImageDetail>(
    async (cursor) => {
      const page = await ecr.describeImages({
        registryId: image.registry,
        repositoryName: image.repository,
        filter: { tagStatus: "TAGGED" },
        maxResults: 1000,
        ...(cursor ? { nextToken: cursor } : {}),
      });
      return { items: page.imageDetails ?? [], next: page.nextToken };
    },
    { maxPages: 10 },
  );
  const pushed = (detail: ImageDetail) => new Date(detail.imagePushedAt ?? 0).getTime();
  return details
    .sort((a, b) => pushed(b) - pushed(a))
    .flatMap((detail) => detail.imageTags ?? [])
    .slice(0, 5);
}

// Fargate's task sizes: CPU units → allowed memory (MiB) as [min, max, step].
const FARGATE_SIZES: Record<number, [number, number, number]> = {
  256: [512, 2048, 512],
  512: [1024, 4096, 1024],
  1024: [2048, 8192, 1024],
  2048: [4096, 16384, 1024],
  4096: [8192, 30720, 1024],
  8192: [16384, 61440, 4096],
  16384: [32768, 122880, 8192],
};

/** `1 vCPU` → 1024, `2 GB` → 2048, `512` → 512. */
function units(value: string, per: number): number {
  const number = Number.parseFloat(value);
  return /[a-z]/i.test(value) ? Math.round(number * per) : number;
}

/**
 * What RegisterTaskDefinition would refuse, said before anything changes: a Fargate size that is
 * not a valid CPU/memory pair, and secrets without an execution role to read them.
 */
export function checkRendered(definition: RegisterInput, service: string, inputs: PlanRequest): void {
  const fargate = definition.requiresCompatibilities?.includes("FARGATE") === true;
  if (fargate && (inputs.cpu !== undefined || inputs.memory !== undefined)) {
    const cpu = units(definition.cpu ?? "0", 1024);
    const memory = units(definition.memory ?? "0", 1024);
    const size = FARGATE_SIZES[cpu];
    const valid = size !== undefined && memory >= size[0] && memory <= size[1] && (memory - size[0]) % size[2] === 0;
    if (!valid) {
      const allowed =
        size === undefined ? Object.keys(FARGATE_SIZES).join(", ") : `${size[0]}–${size[1]} in steps of ${size[2]}`;
      throw new ActionError(
        `cpu ${definition.cpu} with memory ${definition.memory} is not a Fargate task size (service ${service}); ${size === undefined ? `cpu must be one of ${allowed}` : `with cpu ${cpu}, memory must be ${allowed} MiB`}`,
        { hint: "e.g. cpu: 1024 with memory: 2048; see the Fargate task sizes in the ECS developer guide." },
      );
    }
  }
  if (inputs.secrets.length > 0 && definition.executionRoleArn === undefined) {
    throw new ActionError(
      `secrets needs an execution role to read them, and the task definition of ${service} has none`,
      {
        hint: "Set execution-role-arn (e.g. ecs-task-execution) with ssm:GetParameters / secretsmanager:GetSecretValue.",
      },
    );
  }
}
