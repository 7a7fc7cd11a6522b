/** One page of a cursor-paginated API (GraphQL connections, Notion queries). */
export interface CursorPage<T> {
  items: readonly T[];
  /** The cursor of the next page; undefined on the last page. */
  next: string | undefined | null;
}

export interface PaginateOptions<T> {
  /** Stop early once this returns true for the page just read (e.g. items older than a window). */
  stopAfter?: (page: readonly T[]) => boolean;
  /** Upper bound on pages, a guard against an API that never ends. */
  maxPages?: number;
}

/** Reads every page of a cursor-paginated source, in order. */
export async function paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>,
  options: PaginateOptions<T> = {},
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < (options.maxPages ?? 10_000); page++) {
    const result = await fetchPage(cursor);
    items.push(...result.items);
    if (options.stopAfter?.(result.items)) break;
    if (result.next === undefined || result.next === null || result.next === "") break;
    cursor = result.next;
  }
  return items;
}
