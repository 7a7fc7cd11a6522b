import type { Clock } from "@sre-actions/core";

/** REST calls count against `core`, GraphQL points against `graphql` (documented resource names). */
export type RateLimitResource = "core" | "graphql";

export interface RateWindow {
  limit: number;
  used: number;
  /** Epoch seconds at which the window resets. */
  reset: number;
}

const WINDOW_SECONDS = 3600;

/** GitHub's primary rate limits: points per hour per resource, on the fake's clock. */
export class RateLimits {
  private readonly windows = new Map<RateLimitResource, RateWindow>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: Record<RateLimitResource, number>,
  ) {}

  window(resource: RateLimitResource): RateWindow {
    const now = Math.floor(this.clock.now() / 1000);
    const current = this.windows.get(resource);
    if (current !== undefined && now < current.reset) return current;
    const fresh = { limit: this.limits[resource], used: 0, reset: now + WINDOW_SECONDS };
    this.windows.set(resource, fresh);
    return fresh;
  }

  remaining(resource: RateLimitResource): number {
    const window = this.window(resource);
    return Math.max(0, window.limit - window.used);
  }

  /** Charges `points` if they fit; false when the request must be refused. */
  charge(resource: RateLimitResource, points: number): boolean {
    const window = this.window(resource);
    if (window.used + points > window.limit) return false;
    window.used += points;
    return true;
  }

  /** Sets what is left in the current window (tests of primary rate-limit handling). */
  set(resource: RateLimitResource, remaining: number): void {
    const window = this.window(resource);
    window.used = Math.max(0, window.limit - remaining);
  }

  headers(resource: RateLimitResource): Record<string, string> {
    const window = this.window(resource);
    return {
      "x-ratelimit-limit": String(window.limit),
      "x-ratelimit-remaining": String(Math.max(0, window.limit - window.used)),
      "x-ratelimit-used": String(window.used),
      "x-ratelimit-reset": String(window.reset),
      "x-ratelimit-resource": resource,
    };
  }
}
