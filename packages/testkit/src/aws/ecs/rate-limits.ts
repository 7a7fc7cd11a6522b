/**
 * ECS's request throttling: a token bucket per operation per account and region. The bucket
 * holds `burst` tokens, each request takes one, and tokens come back at `perSecond` (the
 * sustained rate); a request that finds the bucket empty gets ThrottlingException "Rate exceeded".
 */
export interface RateLimit {
  burst: number;
  perSecond: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, { limit: RateLimit; tokens: number; at: number }>();

  set(operation: string, limit: RateLimit, now: number): void {
    this.buckets.set(operation, { limit, tokens: limit.burst, at: now });
  }

  /** Takes a token for `operation`; false when the bucket is empty (the request is throttled). */
  take(operation: string, now: number): boolean {
    const bucket = this.buckets.get(operation);
    if (bucket === undefined) return true;
    const refill = ((now - bucket.at) / 1000) * bucket.limit.perSecond;
    bucket.tokens = Math.min(bucket.limit.burst, bucket.tokens + refill);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
