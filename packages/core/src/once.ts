import type { Clock } from "./clock.js";
import { describeError } from "./errors.js";
import type { Logger } from "./log.js";

/**
 * How a failed write ended, from the error alone (AWS SDK, Octokit and Notion errors, duck-typed):
 * - `refused`: the service turned it away before doing anything (throttled, 429): safe to send again;
 * - `ambiguous`: it may have been applied (5xx, a reset connection, a timeout): read back first;
 * - `rejected`: a definite answer (4xx) or not a service error at all: do not send it again.
 */
export type WriteFailure = "refused" | "ambiguous" | "rejected";

const THROTTLED = /throttl|toomanyrequests|requestlimitexceeded|slowdown|rate_?limit/i;
const NETWORK = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export function classifyWriteFailure(error: unknown, depth = 0): WriteFailure {
  if (!(error instanceof Error)) return "rejected";
  const own = classifyOwn(error);
  // A wrapper (an ActionError naming the object) carries the service's error as its cause.
  if (own === undefined)
    return error.cause instanceof Error && depth < 3 ? classifyWriteFailure(error.cause, depth + 1) : "rejected";
  return own;
}

function classifyOwn(error: Error): WriteFailure | undefined {
  const fields = error as Error & {
    $metadata?: { httpStatusCode?: number };
    status?: number;
    code?: unknown;
    cause?: { code?: unknown };
  };
  if (THROTTLED.test(error.name) || (typeof fields.code === "string" && THROTTLED.test(fields.code))) return "refused";
  const status = fields.$metadata?.httpStatusCode ?? (typeof fields.status === "number" ? fields.status : undefined);
  if (status === 429 || status === 529) return "refused";
  if (status !== undefined && status >= 500) return "ambiguous";
  if (status !== undefined && status >= 400) return "rejected";
  const code = typeof fields.code === "string" ? fields.code : fields.cause?.code;
  if (typeof code === "string" && NETWORK.has(code)) return "ambiguous";
  if (/TimeoutError|RequestTimeout|AbortError/.test(error.name)) return "ambiguous";
  if (/socket hang up|fetch failed|network|ECONNRESET/i.test(error.message)) return "ambiguous";
  // An AWS error object without a status never reached a response: the connection broke.
  if (fields.$metadata !== undefined && status === undefined) return "ambiguous";
  return undefined;
}

export interface ExactlyOnce<T> {
  /** What the write does, for the log: `register web's task definition`. */
  what: string;
  /** The write itself, sent without the client's blind automatic retry. */
  attempt: () => Promise<T>;
  /** What the write left behind, found by its marker (tag, token, title); undefined when nothing happened. */
  readBack: () => Promise<T | undefined>;
  clock: Clock;
  log: Logger;
  /** Attempts in all (default 6: waits of 1, 2, 4, 8, 16 s ride out a throttling burst). */
  attempts?: number;
}

/**
 * A non-idempotent write (a new revision, a one-off task, a deployment, a page) done exactly
 * once: after an ambiguous failure it reads back by the write's marker before trying again, so a
 * lost answer never doubles the effect. Definite rejections are thrown at once.
 */
export async function exactlyOnce<T>(write: ExactlyOnce<T>): Promise<T> {
  const attempts = write.attempts ?? 6;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write.attempt();
    } catch (error) {
      const failure = classifyWriteFailure(error);
      if (failure === "rejected") throw error;
      if (failure === "ambiguous") {
        const found = await write.readBack();
        if (found !== undefined) {
          write.log.info(`The answer to "${write.what}" was lost, but it was applied; going on with it.`);
          return found;
        }
      }
      if (attempt >= attempts) throw error;
      const delay = 1_000 * 2 ** (attempt - 1);
      write.log.info(
        `Could not ${write.what} (${describeError(error)}); nothing was applied, trying again in ${delay / 1000}s`,
      );
      await write.clock.sleep(delay);
    }
  }
}
