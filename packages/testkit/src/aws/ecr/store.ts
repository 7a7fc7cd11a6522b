import { createHash } from "node:crypto";

export interface ImageRecord {
  /** `sha256:` and the hex SHA-256 of `manifest`, as ECR computes it (unless a seed fixed it). */
  digest: string;
  tags: string[];
  pushedAt: number;
  sizeInBytes: number;
  /** The image manifest (Docker schema 2) BatchGetImage returns. */
  manifest: string;
}

export interface ImageSeed {
  /** Tags of the image (none: an untagged image). */
  tags?: string[];
  /**
   * What the image is built from: the same content always gives the same manifest and digest, so
   * pushing it again under another tag only adds the tag. Default: the repository, the tags and
   * the push time (every push a new image).
   */
  content?: string;
  /** A fixed digest instead of the manifest's (the manifest then does not hash to it). */
  digest?: string;
  /** Push time in epoch ms (default: the fake's clock now). */
  pushedAt?: number;
}

/** An image reference split the way Docker reads `[registry/]repository[:tag][@digest]`. */
export interface ImageReference {
  registry: string | undefined;
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

export const MANIFEST_MEDIA_TYPE = "application/vnd.docker.distribution.manifest.v2+json";

export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf("@");
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const named = at === -1 ? image : image.slice(0, at);
  const slash = named.indexOf("/");
  const first = slash === -1 ? "" : named.slice(0, slash);
  // The first component is a registry host when it has a dot or a port, or is localhost.
  const registry = slash !== -1 && (/[.:]/.test(first) || first === "localhost") ? first : undefined;
  const path = registry === undefined ? named : named.slice(slash + 1);
  const colon = path.lastIndexOf(":");
  const tagged = colon > path.lastIndexOf("/");
  return {
    registry,
    repository: tagged ? path.slice(0, colon) : path,
    tag: tagged ? path.slice(colon + 1) : undefined,
    digest,
  };
}

/** ECR repositories of one registry (the fake's account and region), each a list of images. */
export class EcrStore {
  readonly repositories = new Map<string, ImageRecord[]>();
  /** `<account>.dkr.ecr.<region>.amazonaws.com`: image references with this host are ours. */
  readonly host: string;

  constructor(
    readonly accountId: string,
    region = "ap-northeast-1",
  ) {
    this.host = `${accountId}.dkr.ecr.${region}.amazonaws.com`;
  }

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
    const manifest = manifestOf(seed.content ?? `${repository}:${tags.join(",")}:${now}`);
    const digest = seed.digest ?? `sha256:${sha256(manifest)}`;
    for (const image of images) image.tags = image.tags.filter((tag) => !tags.includes(tag));
    let image = images.find((candidate) => candidate.digest === digest);
    if (image === undefined) {
      image = { digest, tags: [], pushedAt: seed.pushedAt ?? now, sizeInBytes: 50_000_000, manifest };
      images.push(image);
    }
    image.tags.push(...tags.filter((tag) => !image.tags.includes(tag)));
    return image;
  }

  /**
   * The image a reference names in this registry: ours when its host is this registry's or it has
   * no host (a bare `repository:tag`); found by digest when it has one, else by tag.
   */
  find(image: string): { reference: ImageReference; record: ImageRecord } | undefined {
    const reference = parseImageReference(image);
    if (reference.registry !== undefined && reference.registry !== this.host) return undefined;
    const images = this.repositories.get(reference.repository) ?? [];
    const record =
      reference.digest !== undefined
        ? images.find((candidate) => candidate.digest === reference.digest)
        : reference.tag !== undefined
          ? images.find((candidate) => candidate.tags.includes(reference.tag ?? ""))
          : undefined;
    return record === undefined ? undefined : { reference, record };
  }

  /** The digest an image reference resolves to now (as ECS records it), if this registry has it. */
  digestOf(image: string): string | undefined {
    return this.find(image)?.record.digest;
  }

  /**
   * Every way to name the image a reference points at now: the reference itself, the same
   * repository with each tag the image carries, and by digest. Scenario rules keyed on a tag
   * therefore also match a task definition that names the image by digest, and the reverse.
   */
  aliases(image: string): string[] {
    const found = this.find(image);
    if (found === undefined) return [image];
    const { reference, record } = found;
    const name =
      reference.registry === undefined ? reference.repository : `${reference.registry}/${reference.repository}`;
    const all = [image, ...record.tags.map((tag) => `${name}:${tag}`), `${name}@${record.digest}`];
    return all.filter((alias, index) => all.indexOf(alias) === index);
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A Docker schema 2 manifest whose config and layer digests follow from `content`. */
function manifestOf(content: string): string {
  return JSON.stringify(
    {
      schemaVersion: 2,
      mediaType: MANIFEST_MEDIA_TYPE,
      config: {
        mediaType: "application/vnd.docker.container.image.v1+json",
        size: 1_472,
        digest: `sha256:${sha256(`config:${content}`)}`,
      },
      layers: [
        {
          mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip",
          size: 49_998_528,
          digest: `sha256:${sha256(`layer:${content}`)}`,
        },
      ],
    },
    null,
    3,
  );
}
