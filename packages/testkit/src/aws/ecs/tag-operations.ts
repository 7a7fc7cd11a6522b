import type {
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  Tag,
  TagResourceRequest,
  TagResourceResponse,
  UntagResourceRequest,
  UntagResourceResponse,
} from "@aws-sdk/client-ecs";
import { AwsError } from "../protocol.js";
import type { OperationHandler } from "../service.js";
import type { EcsEngine } from "./engine.js";

/** A taggable resource, found by ARN: its tag list, to read and replace. */
interface Tagged {
  tags: Tag[];
}

export function tagOperations(engine: EcsEngine): Record<string, OperationHandler> {
  return {
    TagResource: (input: TagResourceRequest): TagResourceResponse => {
      rejectShortArn(engine, input.resourceArn ?? "");
      const resource = findResource(engine, input.resourceArn ?? "");
      const added = input.tags ?? [];
      resource.tags = [...resource.tags.filter((tag) => !added.some((other) => other.key === tag.key)), ...added];
      return {};
    },
    UntagResource: (input: UntagResourceRequest): UntagResourceResponse => {
      rejectShortArn(engine, input.resourceArn ?? "");
      const resource = findResource(engine, input.resourceArn ?? "");
      const keys = input.tagKeys ?? [];
      resource.tags = resource.tags.filter((tag) => !keys.includes(tag.key ?? ""));
      return {};
    },
    ListTagsForResource: (input: ListTagsForResourceRequest): ListTagsForResourceResponse => {
      rejectShortArn(engine, input.resourceArn ?? "");
      return { tags: findResource(engine, input.resourceArn ?? "").tags };
    },
  };
}

/** `arn:aws:ecs:<region>:<account>:<type>/<rest>` for clusters, services, task definitions and tasks. */
function findResource(engine: EcsEngine, arn: string): Tagged {
  const { state } = engine;
  const match = /^arn:aws:ecs:[^:]+:\d{12}:(cluster|service|task-definition|task)\/(.+)$/.exec(arn);
  if (match === null) throw new AwsError("InvalidParameterException", "Invalid resource ARN.");
  const [, type, rest = ""] = match;
  let found: Tagged | undefined;
  if (type === "cluster") {
    const cluster = state.clusters.get(rest);
    if (cluster === undefined) throw new AwsError("ClusterNotFoundException", "Cluster not found.");
    found = cluster;
  } else if (type === "task-definition") {
    found = rest.includes(":") ? state.findTaskDefinition(rest) : undefined;
  } else {
    const [clusterName = "", name = ""] = rest.split("/");
    const cluster = state.clusters.get(clusterName);
    if (cluster === undefined) throw new AwsError("ClusterNotFoundException", "Cluster not found.");
    found = type === "service" ? state.findService(cluster, name) : state.findTask(cluster, name);
  }
  if (found === undefined)
    throw new AwsError("ResourceNotFoundException", "The specified resource could not be found.");
  return found;
}

/**
 * Services created before the long ARN format keep a short ARN (`service/<name>`) and cannot be
 * tagged until recreated, whichever ARN form the request names them by.
 */
function rejectShortArn(engine: EcsEngine, arn: string): void {
  const match = /^arn:aws:ecs:[^:]+:\d{12}:service\/(?:([^/]+)\/)?([^/]+)$/.exec(arn);
  if (match === null) return;
  const [, cluster, name] = match;
  const short = engine.state.services.some(
    (service) =>
      service.name === name &&
      (cluster === undefined ? service.arn === arn : service.cluster.name === cluster) &&
      !service.arn.endsWith(`/${service.cluster.name}/${service.name}`),
  );
  if (short) throw new AwsError("InvalidParameterException", "Long arn format must be used for tagging operations");
}
