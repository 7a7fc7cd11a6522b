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
