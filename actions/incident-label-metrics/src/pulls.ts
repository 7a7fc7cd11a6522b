import { type Logger, paginate } from "@sre-actions/core";
import type { GitHubPort } from "./github.js";
import type { PullRecord } from "./model.js";
import { type RepoRef, repoName } from "./model.js";
import {
  isoSeconds,
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
    private readonly github: GitHubPort,
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
      const data = await this.github.queryPartial<PullsByNumberData>(pullsByNumberQuery(chunk), {
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

  /** Pages on from where the last call stopped, until a PR last updated before `from` is seen. */
  private async listUntil(from: number): Promise<void> {
    if (this.exhausted || this.oldestUpdated < from) return;
    await paginate(
      async (cursor) => {
        const data = await this.github.query<MergedPullsData>(MERGED_PULLS_QUERY, {
          owner: this.ref.owner,
          name: this.ref.repo,
          base: this.options.base,
          after: cursor ?? this.cursor,
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
        return { items: [], next: this.exhausted ? undefined : this.cursor };
      },
      { stopAfter: () => this.oldestUpdated < from },
    );
  }

  /** Merged in [from, to] (whole seconds, inclusive like GitHub's `A..B`); split while it reaches 1,000 results. */
  private async searchRange(from: number, to: number): Promise<void> {
    const query = `repo:${repoName(this.ref)} is:pr is:merged base:${this.options.base} merged:${isoSeconds(from)}..${isoSeconds(to)}`;
    const search = (after: string | null) =>
      this.github.query<SearchPullsData>(SEARCH_PULLS_QUERY, {
        searchQuery: query,
        after,
        withFiles: this.options.withFiles,
      });
    const first = (await search(null)).search;
    if (first.issueCount >= SEARCH_CAP && to - from >= 2000) {
      const middle = from + Math.floor((to - from) / 2000) * 1000;
      this.log.info(`${first.issueCount} results for ${query}: splitting at ${isoSeconds(middle)}`);
      await this.searchRange(from, middle);
      await this.searchRange(middle + 1000, to);
      return;
    }
    if (first.issueCount > SEARCH_CAP) {
      this.log.warning(
        `${first.issueCount} PRs merged in one second (${query}); GitHub's search returns ${SEARCH_CAP}`,
      );
    }
    await paginate(async (cursor) => {
      const page = cursor === undefined ? first : (await search(cursor)).search;
      for (const node of page.nodes ?? []) this.add(node as PullNode | null);
      return { items: [], next: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined };
    });
  }
}
