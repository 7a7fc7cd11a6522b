import type { Clock } from "@sre-actions/core";

/** A service's token bucket for one operation class: `burst` tokens, refilled at `perSecond`. */
export interface TokenBucketLimit {
  burst: number;
  perSecond: number;
}

export interface PacerOptions {
  /** Operation (SDK command name without `Command`, e.g. `UpdateService`) → its bucket's class. */
  classes: Record<string, string>;
  /** Class → its limit. */
  limits: Record<string, TokenBucketLimit>;
  /** Calls of a class in flight before the first answer; doubles with each success (default 2). */
  initialWindow?: number;
  /** Fraction of the documented refill rate we pace to, so clock skew never overdraws (default 0.98). */
  margin?: number;
}

interface ClassState {
  limit: TokenBucketLimit;
  tokens: number;
  at: number;
  window: number;
  inFlight: number;
  waiting: (() => void)[];
}

/**
 * Client-side pacing to a service's documented token buckets (ECS: "Request throttling for the
 * Amazon ECS API"): spend the burst, then one call per refill interval, so the service never has
 * to throttle. We cannot see the service's bucket, so a class starts with a small in-flight window
 * that doubles on every success (a run right after another finds the bucket empty: one or two
 * calls are throttled, not a whole burst), and a throttled answer empties our model of the bucket.
 */
export class Pacer {
  private readonly states = new Map<string, ClassState>();
  private readonly classes: Record<string, string>;
  private readonly margin: number;
  /** Throttled answers seen, by class (a bench and the tests read it). */
  readonly throttles = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    options: PacerOptions,
  ) {
    this.classes = options.classes;
    this.margin = options.margin ?? 0.98;
    const now = clock.now();
    for (const [name, limit] of Object.entries(options.limits)) {
      this.states.set(name, {
        limit,
        tokens: limit.burst,
        at: now,
        window: Math.min(options.initialWindow ?? 2, limit.burst),
        inFlight: 0,
        waiting: [],
      });
    }
  }

  /** Runs `call` for `operation` once a token and a window slot are free; unpaced operations run at once. */
  async run<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const className = this.classes[operation];
    const state = className === undefined ? undefined : this.states.get(className);
    if (state === undefined || className === undefined) return call();
    while (state.inFlight >= state.window) await new Promise<void>((resolve) => state.waiting.push(resolve));
    state.inFlight += 1;
    try {
      await this.token(state);
      const result = await call();
      state.window = Math.min(state.limit.burst, state.window * 2);
      return result;
    } catch (error) {
      if (isThrottling(error)) this.throttled(className, state);
      throw error;
    } finally {
      state.inFlight -= 1;
      // Wake as many waiters as the (possibly doubled) window has free slots, oldest first.
      for (let free = state.window - state.inFlight; free > 0 && state.waiting.length > 0; free -= 1) {
        state.waiting.shift()?.();
      }
    }
  }

  private async token(state: ClassState): Promise<void> {
    const now = this.clock.now();
    const rate = state.limit.perSecond * this.margin;
    state.tokens = Math.min(state.limit.burst, state.tokens + ((now - state.at) / 1000) * rate);
    state.at = now;
    // Reserve the token now (the level may go below zero: a queue), then wait until it exists.
    state.tokens -= 1;
    if (state.tokens < 0) await this.clock.sleep((-state.tokens / rate) * 1000);
  }

  private throttled(className: string, state: ClassState): void {
    this.throttles.set(className, (this.throttles.get(className) ?? 0) + 1);
    state.tokens = Math.min(state.tokens, 0);
    state.window = 1;
  }
}

function isThrottling(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, $retryable } = error as { name?: unknown; $retryable?: { throttling?: boolean } };
  return $retryable?.throttling === true || name === "ThrottlingException" || name === "Throttling";
}

/** The part of an AWS SDK v3 client's middleware stack the pacer uses (structural: no SDK import here). */
interface MiddlewareStack {
  middlewareStack: {
    addRelativeTo(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { relation: "after" | "before"; toMiddleware: string; name?: string },
    ): void;
  };
}

/**
 * Paces every attempt the client sends (after the SDK's retry middleware, so retries take tokens
 * too, as they do at the service). Returns the client.
 */
export function paceClient<C extends { middlewareStack: object }>(client: C, pacer: Pacer): C {
  (client as unknown as MiddlewareStack).middlewareStack.addRelativeTo(
    (next, context) => (args) => pacer.run((context.commandName ?? "").replace(/Command$/, ""), () => next(args)),
    { relation: "after", toMiddleware: "retryMiddleware", name: "sreActionsPacer" },
  );
  return client;
}

/**
 * ECS's documented token buckets ("Request throttling for the Amazon ECS API"): burst, then the
 * refill rate per second, for every ECS operation this action calls. DescribeServices and
 * ListServices share the service-read bucket; tag and untag are paced as one bucket (the
 * conservative reading). Application Auto Scaling, RDS and CloudWatch publish no request rates
 * for these calls: their few calls ride on the SDK's retry alone.
 */
export const ECS_PACING: PacerOptions = {
  classes: {
    DescribeClusters: "ClusterRead",
    UpdateService: "ServiceModify",
    TagResource: "Tagging",
    UntagResource: "Tagging",
    DescribeServices: "ServiceRead",
    ListServices: "ServiceRead",
    DescribeTaskDefinition: "TaskDefinitionRead",
  },
  limits: {
    ClusterRead: { burst: 50, perSecond: 20 },
    ServiceModify: { burst: 50, perSecond: 5 },
    Tagging: { burst: 20, perSecond: 10 },
    ServiceRead: { burst: 100, perSecond: 20 },
    TaskDefinitionRead: { burst: 50, perSecond: 20 },
  },
};
