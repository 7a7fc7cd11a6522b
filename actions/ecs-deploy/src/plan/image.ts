/**
 * Image references as Docker reads them: `[registry/]path[:tag][@digest]`. Two images belong to
 * the same repository when their registry and path match, whatever their tags or digests.
 */
const REFERENCE_PATTERN =
  /^(?:(?<registry>[a-zA-Z0-9.-]+(?::\d+)?|localhost(?::\d+)?)\/)?(?<path>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}))?$/;

export interface ImageReference {
  registry: string;
  path: string;
  tag: string | undefined;
  digest: string | undefined;
}

export function parseImage(text: string): ImageReference | undefined {
  const match = REFERENCE_PATTERN.exec(text.trim());
  const groups = match?.groups;
  if (groups === undefined || groups["path"] === undefined) return undefined;
  let registry = groups["registry"];
  let path = groups["path"];
  // "name/x:tag" has no registry: a first component is a registry only with a dot, a port or "localhost".
  if (registry !== undefined && !/[.:]/.test(registry) && registry !== "localhost") {
    path = `${registry}/${path}`;
    registry = undefined;
  }
  if (registry === undefined) {
    registry = "docker.io";
    if (!path.includes("/")) path = `library/${path}`;
  }
  return { registry: registry.toLowerCase(), path, tag: groups["tag"], digest: groups["digest"] };
}

/** `registry/path` without tag or digest, normalised so `nginx` equals `docker.io/library/nginx`. */
export function repositoryOf(image: string): string | undefined {
  const reference = parseImage(image);
  return reference === undefined ? undefined : `${reference.registry}/${reference.path}`;
}

/** The same image named by digest: `…/rails:v2` → `…/rails@sha256:…` (what runs can no longer move). */
export function byDigest(image: string, digest: string): string {
  const [name = image] = image.split("@");
  const slash = name.lastIndexOf("/");
  const colon = name.indexOf(":", slash + 1);
  return `${colon === -1 ? name : name.slice(0, colon)}@${digest}`;
}
