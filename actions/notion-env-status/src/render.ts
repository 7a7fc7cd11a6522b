import { codeSpan, formatInZone, markdownText } from "@sre-actions/core";
import { isExpired, isFree } from "./holder.js";
import type { EnvRow } from "./rows.js";

/** One environment row as a JSON object (the `environments` output) and as table cells. */
export interface EnvironmentView {
  environment: string;
  status: string | null;
  holder: string | null;
  branch: string | null;
  pullRequest: string | null;
  commit: string | null;
  deployedAt: string | null;
  reservedUntil: string | null;
  expired: boolean;
  url: string;
}

export function environmentView(row: EnvRow, now: number, freeName: string): EnvironmentView {
  return {
    environment: row.environment,
    status: row.status ?? null,
    holder: row.deployedBy ?? null,
    branch: row.branch ?? null,
    pullRequest: row.pullRequest ?? null,
    commit: row.commit ?? null,
    deployedAt: row.deployedAt === undefined ? null : new Date(row.deployedAt).toISOString(),
    reservedUntil: row.reservedUntil === undefined ? null : new Date(row.reservedUntil).toISOString(),
    expired: !isFree(row, freeName) && row.reservedUntil !== undefined && isExpired(row, now),
    url: row.url,
  };
}

export const ROW_HEADERS = ["Environment", "Status", "Holder", "Branch", "Pull request", "Reserved until", "Expired?"];

/** Table cells of a row; every value read from Notion is escaped Markdown (a cell is anyone's text). */
export function rowCells(view: EnvironmentView, timeZone: string): string[] {
  return [
    safeLink(view.environment, view.url),
    markdownText(view.status ?? ""),
    markdownText(view.holder ?? ""),
    view.branch === null ? "" : codeSpan(view.branch),
    view.pullRequest === null ? "" : pullMarkdown(view.pullRequest),
    view.reservedUntil === null ? "" : displayTime(new Date(view.reservedUntil), timeZone),
    // Never a blank column: expired, still held ("no"), or nothing to expire ("–").
    view.expired ? "expired" : view.reservedUntil !== null ? "no" : "–",
  ];
}

/** `2026-11-26 18:00 Asia/Tokyo`: wall-clock time in the zone, named so nobody has to guess. */
export function displayTime(instant: number | Date, timeZone: string): string {
  return formatInZone(instant, timeZone);
}

/** A link whose text is escaped and whose target is a plain http(s) URL; anything else is shown as text. */
export function safeLink(text: string, url: string | undefined): string {
  const shown = markdownText(text);
  return url !== undefined && isPlainUrl(url) ? `[${shown}](${url})` : shown;
}

/** An http(s) URL that cannot break out of a Markdown link target. */
export function isPlainUrl(url: string): boolean {
  return /^https?:\/\/[^\s()<>"'`\\]+$/.test(url) && url.length <= 2000;
}

/** A pull request cell as Markdown: `[#7](url)` for a PR URL, else the escaped text. */
export function pullMarkdown(url: string): string {
  const label = pullLabel(url);
  return label.startsWith("#") && isPlainUrl(url) ? `[${label}](${url})` : markdownText(url);
}

/** A pull request cell as Markdown text without a link: `#7`, else the escaped text. */
export function pullText(url: string): string {
  const label = pullLabel(url);
  return label.startsWith("#") ? label : markdownText(url);
}

/** `https://github.com/acme/app/pull/7` → `#7`. */
export function pullLabel(url: string): string {
  const match = /\/pull\/(\d+)/.exec(url);
  return match ? `#${match[1]}` : url;
}
