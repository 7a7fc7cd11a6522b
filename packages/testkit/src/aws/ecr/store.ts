import { createHash } from "node:crypto";

export interface ImageRecord {
  digest: string;
  tags: string[];
  pushedAt: number;
  sizeInBytes: number;
}

export interface ImageSeed {
  /** Tags of the image (none: an untagged image). */
  tags?: string[];
  /** Default: a digest derived from the repository and tags. */
  digest?: string;
  /** Push time in epoch ms (default: the fake's clock now). */
  pushedAt?: number;
}

/** ECR repositories of one registry (the fake's account), each a list of images. */
export class EcrStore {
  readonly repositories = new Map<string, ImageRecord[]>();

  constructor(readonly accountId: string) {}

  ensureRepository(name: string): ImageRecord[] {
    let images = this.repositories.get(name);
    if (images === undefined) {
      images = [];
      this.repositories.set(name, images);
    }
    return images;
  }

  /** Pushes an image; a tag moves from the image that had it, as `docker push` does. */
  push(repository: string, seed: ImageSeed, now: number): ImageRecord {
    const images = this.ensureRepository(repository);
    const tags = seed.tags ?? [];
    const digest =
      seed.digest ??
      `sha256:${createHash("sha256")
        .update(`${repository}:${tags.join(",")}:${now}`)
        .digest("hex")}`;
    for (const image of images) image.tags = image.tags.filter((tag) => !tags.includes(tag));
    let image = images.find((candidate) => candidate.digest === digest);
    if (image === undefined) {
      image = { digest, tags: [], pushedAt: seed.pushedAt ?? now, sizeInBytes: 50_000_000 };
      images.push(image);
    }
    image.tags.push(...tags);
    return image;
  }
}
