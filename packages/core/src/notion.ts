import { Client, LogLevel } from "@notionhq/client";
import type { Clock } from "./clock.js";
import { endpointOverride } from "./endpoint.js";
import { ActionError } from "./errors.js";
import type { Logger } from "./log.js";

/** The Notion API version this pack is written against: the newest @notionhq/client 5.26 supports (data sources; `in_trash`, no `archived`). */
export const NOTION_VERSION = "2026-03-11";

type NotionFetch = NonNullable<NonNullable<ConstructorParameters<typeof Client>[0]>["fetch"]>;

/** The SDK caps a Retry-After at its maxRetryDelayMs; we leave waits up to this to the SDK. */
const SDK_MAX_RETRY_DELAY_MS = 60_000;

export interface NotionRetryOptions {
  clock: Clock;
  /** Clock time after which no wait may end (the step's remaining time). Default: 15 minutes from now. */
  deadline?: number;
  log?: Logger;
  /** Attempts for a page update answered 500/502/503 (default 4: waits of 1 s, 2 s, 4 s). */
  updateAttempts?: number;
}

export interface NotionClientOptions {
  token: string;
  /**
   * Defaults to NOTION_API_BASE_URL when set (tests, the demo: loopback only, unless
   * SRE_ACTIONS_ALLOW_ENDPOINT_OVERRIDE=true for a trusted proxy), else the SDK's default.
   */
  baseUrl?: string | undefined;
  maxRetries?: number;
  initialRetryDelayMs?: number;
  /**
   * The retries the SDK skips: a page update (absolute values, safe to send again) answered
   * 500/502/503, and a 429 whose Retry-After exceeds the SDK's 60 s cap (honoured in full while the
   * deadline allows, instead of the SDK's early retry).
   */
  retries?: NotionRetryOptions;
  /** The fetch under the retries (tests); defaults to the global fetch. */
  fetch?: NotionFetch;
}

/**
 * A Notion client pinned to one API version. The SDK itself retries 429 (honouring Retry-After
 * up to 60 s) and 529, and 5xx on GET/DELETE; `retries` adds what it skips.
 */
export function createNotionClient(options: NotionClientOptions): Client {
  const baseUrl =
    options.baseUrl ?? endpointOverride({ variable: "NOTION_API_BASE_URL", official: ["https://api.notion.com"] });
  const base: NotionFetch = options.fetch ?? ((url, init) => fetch(url, init as RequestInit));
  return new Client({
    auth: options.token,
    notionVersion: NOTION_VERSION,
    ...(baseUrl ? { baseUrl } : {}),
    ...(options.retries === undefined && options.fetch === undefined
      ? {}
      : { fetch: options.retries === undefined ? base : retryingFetch(base, options.retries) }),
    logLevel: LogLevel.ERROR,
    timeoutMs: 60_000,
    retry: {
      maxRetries: options.maxRetries ?? 6,
      initialRetryDelayMs: options.initialRetryDelayMs ?? 1_000,
      maxRetryDelayMs: SDK_MAX_RETRY_DELAY_MS,
    },
  });
}

/** A Retry-After that would outlast the step: waiting is pointless and retrying early is rude. */
export class NotionWaitTooLong extends ActionError {
  override readonly name = "NotionWaitTooLong";
}

const PAGE_UPDATE = /\/v1\/pages\/[0-9a-f-]{32,36}$/i;

/** A fetch that adds the two retries the SDK skips (see `NotionClientOptions.retries`). */
export function retryingFetch(base: NotionFetch, options: NotionRetryOptions): NotionFetch {
  const { clock, log } = options;
  const deadline = options.deadline ?? clock.now() + 15 * 60_000;
  const updateAttempts = options.updateAttempts ?? 4;
  return async (url, init) => {
    const method = (init?.method ?? "GET").toUpperCase();
    const path = new URL(url).pathname;
    for (let attempt = 1; ; attempt++) {
      const response = await base(url, init);
      const retryAfter = retryAfterMs(response.headers, clock);
      let wait: number | undefined;
      if (response.status === 429 && retryAfter !== undefined && retryAfter > SDK_MAX_RETRY_DELAY_MS) {
        wait = retryAfter;
        if (clock.now() + wait > deadline) {
          throw new NotionWaitTooLong(
            `Notion asked to wait ${Math.round(wait / 1000)}s before ${method} ${path} (Retry-After), longer than the ${Math.max(0, Math.round((deadline - clock.now()) / 1000))}s this step has left.`,
            {
              hint: "The workspace is over Notion's rate limit; re-run later or space out the jobs that use this token.",
            },
          );
        }
      } else if (
        method === "PATCH" &&
        PAGE_UPDATE.test(path) &&
        [500, 502, 503].includes(response.status) &&
        attempt < updateAttempts
      ) {
        wait = Math.min(retryAfter ?? 1_000 * 2 ** (attempt - 1), SDK_MAX_RETRY_DELAY_MS);
        if (clock.now() + wait > deadline) return response;
      }
      if (wait === undefined) return response;
      await response.text().catch(() => "");
      log?.info(
        `Notion answered ${response.status} to ${method} ${path}; sending it again in ${Math.ceil(wait / 1000)}s`,
      );
      await clock.sleep(wait);
    }
  };
}

function retryAfterMs(headers: unknown, clock: Clock): number | undefined {
  const value =
    headers !== null && typeof headers === "object" && "get" in headers && typeof headers.get === "function"
      ? (headers.get("retry-after") as string | null)
      : undefined;
  if (value === null || value === undefined || value === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - clock.now());
}
