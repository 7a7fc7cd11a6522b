import type { DescribeImagesRequest, DescribeImagesResponse, ImageDetail } from "@aws-sdk/client-ecr";
import { AwsError, paginate } from "../protocol.js";
import type { OperationHandler } from "../service.js";
import type { EcrStore, ImageRecord } from "./store.js";

/**
 * ECR DescribeImages as the API reference documents it: `imageIds` (a tag or a digest each) or a
 * listing with `filter.tagStatus`, `maxResults` 1–1000 and `nextToken` (both refused with
 * `imageIds`); a missing repository is RepositoryNotFoundException, an id that matches no image
 * ImageNotFoundException, a registry other than the fake's account is refused.
 */
export function ecrOperations(store: EcrStore): Record<string, OperationHandler> {
  return {
    DescribeImages: (input: DescribeImagesRequest): DescribeImagesResponse => {
      const registry = input.registryId ?? store.accountId;
      const images = store.repositories.get(input.repositoryName ?? "");
      if (registry !== store.accountId || images === undefined) {
        throw new AwsError(
          "RepositoryNotFoundException",
          `The repository with name '${input.repositoryName}' does not exist in the registry with id '${registry}'`,
        );
      }
      const detail = (image: ImageRecord): ImageDetail => ({
        registryId: registry,
        repositoryName: input.repositoryName,
        imageDigest: image.digest,
        ...(image.tags.length > 0 ? { imageTags: [...image.tags] } : {}),
        imageSizeInBytes: image.sizeInBytes,
        imagePushedAt: new Date(image.pushedAt),
        imageManifestMediaType: "application/vnd.docker.distribution.manifest.v2+json",
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
