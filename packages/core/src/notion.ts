import { Client, LogLevel } from "@notionhq/client";

/** The Notion API version this pack is written against (databases hold data sources). */
export const NOTION_VERSION = "2025-09-03";

export interface NotionClientOptions {
  token: string;
  /** Defaults to NOTION_API_BASE_URL when set (proxies, tests, the demo), else the SDK's default. */
  baseUrl?: string | undefined;
  maxRetries?: number;
  initialRetryDelayMs?: number;
}

/**
 * A Notion client pinned to one API version. The SDK itself retries 429 (honouring Retry-After)
 * and 529; we allow enough attempts to outlast a burst at Notion's ~3 requests/second.
 */
export function createNotionClient(options: NotionClientOptions): Client {
  const baseUrl = options.baseUrl ?? process.env.NOTION_API_BASE_URL;
  return new Client({
    auth: options.token,
    notionVersion: NOTION_VERSION,
    ...(baseUrl ? { baseUrl } : {}),
    logLevel: LogLevel.ERROR,
    timeoutMs: 60_000,
    retry: {
      maxRetries: options.maxRetries ?? 6,
      initialRetryDelayMs: options.initialRetryDelayMs ?? 1_000,
      maxRetryDelayMs: 60_000,
    },
  });
}
