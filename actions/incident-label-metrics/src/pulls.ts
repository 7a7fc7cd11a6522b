import type { Logger } from "@sre-actions/core";
import type { GitHubPort } from "./github.js";
import type { PullRecord } from "./model.js";
import { type RepoRef, repoName } from "./model.js";
import {
  isoSeconds,
  type MergedPullSlicesData,
  mergedPullSlicesQuery,
  type PullNode,
  type PullsByNumberData,
  pullsByNumberQuery,
  type SearchPage,
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
  /**
   * The window ends recently: GitHub's search index may lag the newest merges by a little, so the
   * first request also reads the most recently updated PRs from the repository itself.
   */
  fresh: boolean;
  until: number;
}

/** Date-range searches sent side by side (aliases) in one GraphQL request. */
export const SLICES_PER_REQUEST = 8;

/** A `merged:A..B` search paged on its own cursor; `started` once its first page (and count) came back. */
interface Slice {
  from: number;
  to: number;
  cursor: string | null;
  started: boolean;
}

/**
 * The merged PRs of one repository, loaded back in time on demand: `loadFrom(t)` makes sure every PR
 * merged in [t, until) is known, fetching only what earlier calls did not.
 *
 * Where the time goes: at 100 PRs a page (GitHub's maximum) a year of 5,000 PRs is 50 pages, and
 * pages of one list follow each other (a cursor is only known from the previous answer), so the run
 * waited out 50 round trips. The range is read instead as 8 date-range searches whose pages travel
 * together in one request (GraphQL aliases): 5,000 PRs take ~7 requests, each carrying 8 pages.
 */
export class MergedPulls {
  private readonly byNumber = new Map<number, PullRecord>();
  private loadedFrom: number;
  private fresh: boolean;

  constructor(
    private readonly github: GitHubPort,
    private readonly ref: RepoRef,
    private readonly options: PullFetchOptions,
    private readonly log: Logger,
  ) {
    this.loadedFrom = options.until;
    this.fresh = options.fresh;
  }

  get all(): PullRecord[] {
    return [...this.byNumber.values()].sort((a, b) => a.mergedAt - b.mergedAt);
  }

  get(number: number): PullRecord | undefined {
    return this.byNumber.get(number);
  }

  async loadFrom(from: number): Promise<void> {
    if (from >= this.loadedFrom) return;
    await this.searchRange(from, this.loadedFrom - 1000);
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

  /**
   * Merged in [from, to] (whole seconds, inclusive like GitHub's `A..B`), as equal date slices read
   * side by side. A slice whose count reaches the search cap (1,000) is split in halves; the pages
   * of every slice travel together, up to SLICES_PER_REQUEST a request.
   */
  private async searchRange(from: number, to: number): Promise<void> {
    let pending = sliceRange(from, to, SLICES_PER_REQUEST);
    while (pending.length > 0 || this.fresh) {
      const batch = pending.slice(0, SLICES_PER_REQUEST);
      const rest = pending.slice(SLICES_PER_REQUEST);
      const fresh = this.fresh;
      this.fresh = false;
      const variables: Record<string, unknown> = {
        owner: this.ref.owner,
        name: this.ref.repo,
        base: this.options.base,
        withFiles: this.options.withFiles,
        fresh,
      };
      for (const [index, slice] of batch.entries()) {
        variables[`q${index}`] = this.sliceQuery(slice);
        variables[`a${index}`] = slice.cursor;
      }
      const data = await this.github.query<MergedPullSlicesData>(mergedPullSlicesQuery(batch.length), variables);
      for (const node of data.fresh?.pullRequests.nodes ?? []) this.add(node);
      const next: Slice[] = [];
      for (const [index, slice] of batch.entries()) {
        const page = data[`s${index}`] as SearchPage | undefined;
        if (page === undefined) continue;
        for (const node of page.nodes ?? []) this.add(node as PullNode | null);
        if (!slice.started && page.issueCount >= SEARCH_CAP) {
          if (slice.to - slice.from >= 2000) {
            const middle = slice.from + Math.floor((slice.to - slice.from) / 2000) * 1000;
            this.log.info(
              `${page.issueCount} results for ${this.sliceQuery(slice)}: splitting at ${isoSeconds(middle)}`,
            );
            next.push(...sliceRange(slice.from, middle, 1), ...sliceRange(middle + 1000, slice.to, 1));
            continue;
          }
          if (page.issueCount > SEARCH_CAP)
            this.log.warning(
              `${page.issueCount} PRs merged in one second (${this.sliceQuery(slice)}); GitHub's search returns ${SEARCH_CAP}`,
            );
        }
        if (page.pageInfo.hasNextPage) next.push({ ...slice, started: true, cursor: page.pageInfo.endCursor });
      }
      pending = [...rest, ...next];
    }
  }

  private sliceQuery(slice: Slice): string {
    return `repo:${repoName(this.ref)} is:pr is:merged base:${this.options.base} merged:${isoSeconds(slice.from)}..${isoSeconds(slice.to)}`;
  }
}

/** [from, to] (whole seconds) cut into at most `count` equal, adjacent, non-overlapping slices. */
function sliceRange(from: number, to: number, count: number): Slice[] {
  const seconds = Math.floor((to - from) / 1000) + 1;
  const parts = Math.max(1, Math.min(count, seconds));
  const slices: Slice[] = [];
  for (let index = 0; index < parts; index += 1) {
    const start = from + Math.floor((seconds * index) / parts) * 1000;
    const end = from + (Math.floor((seconds * (index + 1)) / parts) - 1) * 1000;
    slices.push({ from: start, to: end, cursor: null, started: false });
  }
  return slices;
}
