import { randomUUID } from "node:crypto";
import type {
  AddTagsToResourceMessage,
  DescribeDBClustersMessage,
  DescribeDBInstancesMessage,
  ListTagsForResourceMessage,
  RemoveTagsFromResourceMessage,
  StartDBClusterMessage,
  StopDBClusterMessage,
} from "@aws-sdk/client-rds";
import * as rdsSdk from "@aws-sdk/client-rds";
import type { FakeRequest, FakeResponse } from "../../fake/server.js";
import { operationShapes } from "../shape-check.js";
import { DbClusterStore, RdsError } from "./clusters.js";
import { decodeQuery, encodeQueryResponse, QueryInputError, queryErrorXml } from "./query.js";

export {
  AUTO_START_MS,
  type DbClusterSeed,
  DbClusterStore,
  DEFAULT_RDS_TIMING,
  RdsError,
  type RdsTiming,
} from "./clusters.js";

const XML = "text/xml";

/** A form-encoded AWS Query request (RDS), told apart from AWS JSON by its body. */
export function queryAction(request: FakeRequest): string | undefined {
  if (request.headers["x-amz-target"] !== undefined) return undefined;
  const type = String(request.headers["content-type"] ?? "");
  if (!type.startsWith("application/x-www-form-urlencoded")) return undefined;
  return new URLSearchParams(request.body).get("Action") ?? undefined;
}

/** Marker pagination (MaxRecords 20–100, default 100) as RDS describe calls do. */
function page<T>(
  items: T[],
  marker: string | undefined,
  maxRecords: number | undefined,
): { items: T[]; marker?: string } {
  if (maxRecords !== undefined && (maxRecords < 20 || maxRecords > 100)) {
    throw new RdsError("InvalidParameterValue", "Invalid value for MaxRecords. Must be between 20 and 100");
  }
  const start = marker === undefined ? 0 : Number(/^m(\d+)$/.exec(marker)?.[1] ?? Number.NaN);
  if (Number.isNaN(start)) throw new RdsError("InvalidParameterValue", "Invalid marker");
  const size = maxRecords ?? 100;
  const slice = items.slice(start, start + size);
  return start + size < items.length ? { items: slice, marker: `m${start + size}` } : { items: slice };
}

type Handler = (input: never, now: number) => object;

/** RDS's DB cluster life cycle over the AWS Query protocol, each request decoded with the SDK's model. */
export class RdsService {
  readonly store: DbClusterStore;
  private readonly operations: Record<string, Handler>;

  constructor(region: string, accountId: string) {
    this.store = new DbClusterStore(region, accountId);
    const store = this.store;
    this.operations = {
      DescribeDBClusters: (input: DescribeDBClustersMessage) => {
        const found = page(store.describe(input.DBClusterIdentifier, input.Filters), input.Marker, input.MaxRecords);
        return { DBClusters: found.items.map((cluster) => store.toDBCluster(cluster)), Marker: found.marker };
      },
      DescribeDBInstances: (input: DescribeDBInstancesMessage) => {
        const found = page(store.instances(input.Filters), input.Marker, input.MaxRecords);
        return {
          DBInstances: found.items.map(({ cluster, instance }) => store.toDBInstance(cluster, instance)),
          Marker: found.marker,
        };
      },
      StopDBCluster: (input: StopDBClusterMessage, now: number) => ({
        DBCluster: store.toDBCluster(store.stop(input.DBClusterIdentifier ?? "", now)),
      }),
      StartDBCluster: (input: StartDBClusterMessage, now: number) => ({
        DBCluster: store.toDBCluster(store.start(input.DBClusterIdentifier ?? "", now)),
      }),
      ListTagsForResource: (input: ListTagsForResourceMessage) => ({
        TagList: store.tagsOf(input.ResourceName ?? "").map((tag) => ({ ...tag })),
      }),
      AddTagsToResource: (input: AddTagsToResourceMessage) => {
        store.addTags(input.ResourceName ?? "", input.Tags ?? []);
        return {};
      },
      RemoveTagsFromResource: (input: RemoveTagsFromResourceMessage) => {
        store.removeTags(input.ResourceName ?? "", input.TagKeys ?? []);
        return {};
      },
    };
  }

  /** Answers one query request (signature and throttling are checked by the caller). */
  handle(action: string, body: string, now: number): FakeResponse {
    const requestId = randomUUID();
    try {
      const schema = (rdsSdk as unknown as Record<string, unknown>)[`${action}$`];
      const handler = this.operations[action];
      if (schema === undefined)
        throw new RdsError("InvalidAction", `The action ${action} is not valid for this web service.`);
      if (handler === undefined) throw new RdsError("InvalidAction", `RDS ${action} is not implemented by AwsFake.`);
      const params = new URLSearchParams(body);
      if (params.get("Version") !== "2014-10-31")
        throw new RdsError("InvalidParameterValue", "Version must be 2014-10-31");
      const shapes = operationShapes(schema);
      const input = decodeQuery(shapes.input, params);
      this.store.advance(now);
      const output = handler(input as never, now);
      return {
        status: 200,
        headers: { "content-type": XML, "x-amzn-requestid": requestId },
        body: encodeQueryResponse(action, shapes.output, output, requestId),
      };
    } catch (error) {
      return rdsErrorResponse(error, requestId);
    }
  }
}

export function rdsErrorResponse(error: unknown, requestId = randomUUID()): FakeResponse {
  const { code, message, status } =
    error instanceof RdsError
      ? error
      : error instanceof QueryInputError
        ? { code: error.code, message: error.message, status: 400 }
        : error instanceof Error && "code" in error && typeof error.code === "string"
          ? { code: error.code, message: error.message, status: (error as { status?: number }).status ?? 400 }
          : { code: "InternalFailure", message: String(error), status: 500 };
  return {
    status,
    headers: { "content-type": XML, "x-amzn-requestid": requestId },
    body: queryErrorXml(code, message, requestId, status >= 500 ? "Receiver" : "Sender"),
  };
}
