import type {
  BatchGetImageRequest,
  BatchGetImageResponse,
  DescribeImagesRequest,
  DescribeImagesResponse,
  Image as EcrImage,
  ImageDetail,
  ImageFailure,
} from "@aws-sdk/client-ecr";
import { AwsError, paginate } from "../protocol.js";
import type { OperationHandler } from "../service.js";
import { type EcrStore, type ImageRecord, MANIFEST_MEDIA_TYPE } from "./store.js";

/**
 * ECR DescribeImages as the API reference documents it: `imageIds` (a tag or a digest each) or a
 * listing with `filter.tagStatus`, `maxResults` 1–1000 and `nextToken` (both refused with
 * `imageIds`); a missing repository is RepositoryNotFoundException, an id that matches no image
 * ImageNotFoundException, a registry other than the fake's account is refused.
 *
 * BatchGetImage returns each image's manifest (whose SHA-256 is the digest) by tag or digest, up
 * to 100 ids; ids it cannot serve come back in `failures` (ImageNotFound, a tag pointing at another
 * digest ImageTagDoesNotMatchDigest, neither given MissingDigestAndTag, a malformed digest
 * InvalidImageDigest) rather than as an error.
 */
export function ecrOperations(store: EcrStore): Record<string, OperationHandler> {
  const repository = (registryId: string | undefined, name: string | undefined) => {
    const registry = registryId ?? store.accountId;
    const images = store.repositories.get(name ?? "");
    if (registry !== store.accountId || images === undefined) {
      throw new AwsError(
        "RepositoryNotFoundException",
        `The repository with name '${name}' does not exist in the registry with id '${registry}'`,
      );
    }
    return { registry, images };
  };
  return {
    BatchGetImage: (input: BatchGetImageRequest): BatchGetImageResponse => {
      const { registry, images: stored } = repository(input.registryId, input.repositoryName);
      const ids = input.imageIds ?? [];
      if (ids.length < 1 || ids.length > 100) {
        throw new AwsError("InvalidParameterException", "Invalid parameter: imageIds must contain 1 to 100 items.");
      }
      const images: EcrImage[] = [];
      const failures: ImageFailure[] = [];
      for (const id of ids) {
        const fail = (failureCode: ImageFailure["failureCode"], failureReason: string) =>
          failures.push({ imageId: id, failureCode, failureReason });
        if (id.imageDigest === undefined && id.imageTag === undefined) {
          fail("MissingDigestAndTag", "Missing image digest and image tag");
          continue;
        }
        if (id.imageDigest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(id.imageDigest)) {
          fail("InvalidImageDigest", "Invalid image digest");
          continue;
        }
        const byTag =
          id.imageTag === undefined ? undefined : stored.find((image) => image.tags.includes(id.imageTag ?? ""));
        const byDigest =
          id.imageDigest === undefined ? undefined : stored.find((image) => image.digest === id.imageDigest);
        const image = byDigest ?? byTag;
        if (
          image === undefined ||
          (id.imageDigest !== undefined && byDigest === undefined) ||
          (id.imageTag !== undefined && byTag === undefined)
        ) {
          fail("ImageNotFound", "Requested image not found");
          continue;
        }
        if (byTag !== undefined && byDigest !== undefined && byTag !== byDigest) {
          fail("ImageTagDoesNotMatchDigest", "Image tag does not match digest");
          continue;
        }
        images.push({
          registryId: registry,
          repositoryName: input.repositoryName,
          imageId: { imageDigest: image.digest, ...(id.imageTag === undefined ? {} : { imageTag: id.imageTag }) },
          imageManifest: image.manifest,
          imageManifestMediaType: MANIFEST_MEDIA_TYPE,
        });
      }
      return { images, failures };
    },
    DescribeImages: (input: DescribeImagesRequest): DescribeImagesResponse => {
      const { registry, images } = repository(input.registryId, input.repositoryName);
      const detail = (image: ImageRecord): ImageDetail => ({
        registryId: registry,
        repositoryName: input.repositoryName,
        imageDigest: image.digest,
        ...(image.tags.length > 0 ? { imageTags: [...image.tags] } : {}),
        imageSizeInBytes: image.sizeInBytes,
        imagePushedAt: new Date(image.pushedAt),
        imageManifestMediaType: MANIFEST_MEDIA_TYPE,
        artifactMediaType: "application/vnd.docker.container.image.v1+json",
      });
      if (input.imageIds !== undefined) {
        if (input.nextToken !== undefined || input.maxResults !== undefined) {
          throw new AwsError(
            "InvalidParameterException",
            "Invalid parameter: maxResults and nextToken cannot be used with imageIds.",
          );
        }
        const found: ImageDetail[] = [];
        for (const id of input.imageIds) {
          const image = images.find(
            (candidate) =>
              (id.imageDigest === undefined || candidate.digest === id.imageDigest) &&
              (id.imageTag === undefined || candidate.tags.includes(id.imageTag)),
          );
          if (image === undefined) {
            throw new AwsError(
              "ImageNotFoundException",
              `The image with imageId {imageDigest:'${id.imageDigest ?? "null"}', imageTag:'${id.imageTag ?? "null"}'} does not exist within the repository with name '${input.repositoryName}' in the registry with id '${registry}'`,
            );
          }
          found.push(detail(image));
        }
        return { imageDetails: found };
      }
      const status = input.filter?.tagStatus ?? "ANY";
      const listed = images.filter((image) => status === "ANY" || (status === "TAGGED") === image.tags.length > 0);
      const { page, nextToken } = paginate(listed, input.nextToken, input.maxResults, { default: 100, max: 1000 });
      return { imageDetails: page.map(detail), ...(nextToken ? { nextToken } : {}) };
    },
  };
}
