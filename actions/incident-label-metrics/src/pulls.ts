import type { Logger } from "@sre-actions/core";
import type { GitHubApi } from "./api.js";
import type { PullRecord } from "./model.js";
import { type RepoRef, repoName } from "./model.js";
import {
  MERGED_PULLS_QUERY,
  type MergedPullsData,
  type PullNode,
  type PullsByNumberData,
  pullsByNumberQuery,
  SEARCH_PULLS_QUERY,
  type SearchPullsData,
} from "./queries.js";

/** GitHub's documented cap: a search pages through at most 1,000 results. */
export const SEARCH_CAP = 1000;
const time = (text: string) => Date.parse(text);

export function toPullRecord(repo: string, node: PullNode): PullRecord | undefined {
  if (node.mergedAt === null) return undefined;
  const author = node.author;
  const firstCommit = node.commits.nodes?.[0]?.commit.authoredDate;
  const firstReview = node.reviews?.nodes?.find((review) => review?.submittedAt)?.submittedAt;
  return {
    repo,
    number: node.number,
    title: node.title,
    url: node.url,
    body: node.body,
    author: author?.login ?? "ghost",
    authorIsBot: author?.__typename === "Bot" || /\[bot\]$/.test(author?.login ?? ""),
    createdAt: time(node.createdAt),
    updatedAt: time(node.updatedAt),
    mergedAt: time(node.mergedAt),
    baseRefName: node.baseRefName,
    headRefName: node.headRefName,
    mergeCommitOid: node.mergeCommit?.oid,
    firstCommitAt: firstCommit === undefined ? undefined : time(firstCommit),
    firstReviewAt: firstReview === undefined || firstReview === null ? undefined : time(firstReview),
    labels: (node.labels?.nodes ?? []).flatMap((label) => (label === null ? [] : [label.name])),
    files: node.files === undefined ? undefined : (node.files?.nodes ?? []).flatMap((file) => file?.path ?? []),
  };
}

export interface PullFetchOptions {
  base: string;
  withFiles: boolean;
  /** `list`: the pullRequests connection by UPDATED_AT desc; `search`: merged-date search, split at 1,000. */
  strategy: "list" | "search";
  until: number;
}

/**
 * The merged PRs of one repository, loaded back in time on demand: `loadFrom(t)` makes sure every PR
 * merged in [t, until) is known, fetching only what earlier calls did not.
 */
export class MergedPulls {
  private readonly byNumber = new Map<number, PullRecord>();
  private cursor: string | null = null;
  private exhausted = false;
  private oldestUpdated = Number.POSITIVE_INFINITY;
  private loadedFrom: number;

  constructor(
    private readonly api: GitHubApi,
    private readonly ref: RepoRef,
    private readonly options: PullFetchOptions,
    private readonly log: Logger,
  ) {
    this.loadedFrom = options.until;
  }

  get all(): PullRecord[] {
    return [...this.byNumber.values()].sort((a, b) => a.mergedAt - b.mergedAt);
  }

  get(number: number): PullRecord | undefined {
    return this.byNumber.get(number);
  }

  async loadFrom(from: number): Promise<void> {
    if (from >= this.loadedFrom) return;
    if (this.options.strategy === "list") await this.listUntil(from);
    else await this.searchRange(from, this.loadedFrom - 1000);
    this.loadedFrom = from;
  }

  /** PRs by number that are not loaded yet (culprits outside the window); unknown numbers are skipped. */
  async loadNumbers(numbers: readonly number[]): Promise<void> {
    const missing = [...new Set(numbers)].filter((number) => !this.byNumber.has(number));
    for (let index = 0; index < missing.length; index += 50) {
      const chunk = missing.slice(index, index + 50);
      const data = await this.api.queryPartial<PullsByNumberData>(pullsByNumberQuery(chunk), {
        owner: this.ref.owner,
        name: this.ref.repo,
        withFiles: this.options.withFiles,
      });
      for (const node of Object.values(data.repository ?? {})) this.add(node);
    }
  }

  private add(node: PullNode | null | undefined): void {
    if (node === null || node === undefined || !("number" in node)) return;
    const record = toPullRecord(repoName(this.ref), node);
    if (record !== undefined && record.mergedAt < this.options.until) this.byNumber.set(record.number, record);
  }

  private async listUntil(from: number): Promise<void> {
    while (!this.exhausted && this.oldestUpdated >= from) {
      const data = await this.api.query<MergedPullsData>(MERGED_PULLS_QUERY, {
        owner: this.ref.owner,
        name: this.ref.repo,
        base: this.options.base,
        after: this.cursor,
        withFiles: this.options.withFiles,
      });
      const page = data.repository.pullRequests;
      for (const node of page.nodes ?? []) {
        if (node === null) continue;
        this.oldestUpdated = Math.min(this.oldestUpdated, time(node.updatedAt));
        this.add(node);
      }
      this.cursor = page.pageInfo.endCursor;
      this.exhausted = !page.pageInfo.hasNextPage;
    }
  }

  /** Merged in [from, to] (whole seconds, inclusive like GitHub's `A..B`); halves the range at 1,000 results. */
  private async searchRange(from: number, to: number): Promise<void> {
    const query = `repo:${repoName(this.ref)} is:pr is:merged base:${this.options.base} merged:${iso(from)}..${iso(to)}`;
    let after: string | null = null;
    for (;;) {
      const data: SearchPullsData = await this.api.query<SearchPullsData>(SEARCH_PULLS_QUERY, {
        searchQuery: query,
        after,
        withFiles: this.options.withFiles,
      });
      const search = data.search;
      if (after === null && search.issueCount >= SEARCH_CAP && to - from >= 2000) {
        const middle = from + Math.floor((to - from) / 2000) * 1000;
        this.log.info(`${search.issueCount} results for ${query}: splitting at ${iso(middle)}`);
        await this.searchRange(from, middle);
        await this.searchRange(middle + 1000, to);
        return;
      }
      for (const node of search.nodes ?? []) this.add(node as PullNode | null);
      if (!search.pageInfo.hasNextPage) return;
      after = search.pageInfo.endCursor;
    }
  }
}

/** GitHub's search date-time form, whole seconds in UTC. */
function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}
