/**
 * ECS's request throttling: a token bucket per operation (or per group of operations that share
 * one, like DescribeServices and ListServices) per account and region. The bucket holds `burst`
 * tokens, each request takes one, and tokens come back at `perSecond` (the sustained rate); a
 * request that finds the bucket empty gets ThrottlingException "Rate exceeded" and takes none.
 */
export interface RateLimit {
  burst: number;
  perSecond: number;
}

/**
 * ECS's documented buckets ("Request throttling for the Amazon ECS API", per account and Region):
 * the operations that share each bucket, its maximum capacity (burst) and refill rate (per second).
 * Taken from that page, independently of any action's pacing table, so a test against them fails
 * when an action stops pacing.
 */
export const ECS_RATE_LIMITS: readonly { name: string; operations: readonly string[]; limit: RateLimit }[] = [
  { name: "cluster read", operations: ["DescribeClusters", "ListClusters"], limit: { burst: 50, perSecond: 20 } },
  {
    name: "service read",
    operations: ["DescribeServices", "ListServices", "ListServicesByNamespace"],
    limit: { burst: 100, perSecond: 20 },
  },
  {
    name: "service modify",
    operations: ["CreateService", "UpdateService", "DeleteService"],
    limit: { burst: 50, perSecond: 5 },
  },
  {
    name: "task definition read",
    operations: ["DescribeTaskDefinition", "ListTaskDefinitions", "ListTaskDefinitionFamilies"],
    limit: { burst: 50, perSecond: 20 },
  },
  {
    name: "task definition modify",
    operations: ["RegisterTaskDefinition", "DeregisterTaskDefinition"],
    limit: { burst: 20, perSecond: 1 },
  },
  { name: "cluster resource read", operations: ["DescribeTasks", "ListTasks"], limit: { burst: 100, perSecond: 20 } },
  { name: "tagging", operations: ["TagResource", "UntagResource"], limit: { burst: 20, perSecond: 10 } },
];

interface Bucket {
  limit: RateLimit;
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  /** One bucket for `operation`, or one shared by every operation in the list. */
  set(operation: string | string[], limit: RateLimit, now: number): void {
    const bucket: Bucket = { limit, tokens: limit.burst, at: now };
    for (const name of typeof operation === "string" ? [operation] : operation) this.buckets.set(name, bucket);
  }

  /** Takes a token for `operation`; false when the bucket is empty (the request is throttled). */
  take(operation: string, now: number): boolean {
    const bucket = this.buckets.get(operation);
    if (bucket === undefined) return true;
    this.refill(bucket, now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Tokens in the operation's bucket now; undefined when it is not limited. */
  tokens(operation: string, now: number): number | undefined {
    const bucket = this.buckets.get(operation);
    if (bucket === undefined) return undefined;
    this.refill(bucket, now);
    return bucket.tokens;
  }

  private refill(bucket: Bucket, now: number): void {
    bucket.tokens = Math.min(
      bucket.limit.burst,
      bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * bucket.limit.perSecond,
    );
    bucket.at = Math.max(bucket.at, now);
  }
}
