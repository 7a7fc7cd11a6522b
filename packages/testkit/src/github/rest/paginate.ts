export interface Page<T> {
  items: T[];
  /** `Link` header (absent when everything fits on one page), as octokit's paginate reads it. */
  headers: Record<string, string>;
}

/**
 * GitHub's page-number pagination: `per_page` (default 30, at most 100) and `page` (from 1), with a
 * `Link` header naming the first, prev, next and last pages.
 */
export function paginate<T>(items: T[], url: URL, params: Record<string, unknown>): Page<T> {
  const perPage = Math.min(100, Math.max(1, toInt(params["per_page"], 30)));
  const page = Math.max(1, toInt(params["page"], 1));
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const links: string[] = [];
  const link = (target: number, rel: string) => {
    const next = new URL(url);
    next.searchParams.set("per_page", String(perPage));
    next.searchParams.set("page", String(target));
    links.push(`<${next.toString()}>; rel="${rel}"`);
  };
  if (page > 1) link(Math.min(page - 1, lastPage), "prev");
  if (page < lastPage) {
    link(page + 1, "next");
    link(lastPage, "last");
  }
  if (page > 1) link(1, "first");
  return { items: slice, headers: links.length === 0 ? {} : { link: links.join(", ") } };
}

function toInt(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? Math.trunc(value) : fallback;
}
