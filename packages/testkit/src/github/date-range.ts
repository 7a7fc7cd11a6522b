const DAY = 24 * 60 * 60 * 1000;

/**
 * GitHub's search date syntax (also the `created` filter of workflow runs):
 * `2026-01-01`, `>2026-01-01`, `>=…`, `<…`, `<=…`, `A..B`, `A..*`, `*..B`, with dates (whole UTC days)
 * or ISO 8601 date-times. Returns undefined when the text is not a date range.
 */
export function parseDateRange(text: string): ((ms: number) => boolean) | undefined {
  const range = /^(.+?)\.\.(.+)$/.exec(text);
  if (range !== null) {
    const from = range[1] === "*" ? { start: -Infinity, end: -Infinity } : bounds(range[1] ?? "");
    const to = range[2] === "*" ? { start: Infinity, end: Infinity } : bounds(range[2] ?? "");
    if (from === undefined || to === undefined) return undefined;
    return (ms) => ms >= from.start && ms < to.end;
  }
  const comparison = /^(>=|<=|>|<)?(.+)$/.exec(text);
  const when = bounds(comparison?.[2] ?? "");
  if (when === undefined) return undefined;
  switch (comparison?.[1]) {
    case ">":
      return (ms) => ms >= when.end;
    case ">=":
      return (ms) => ms >= when.start;
    case "<":
      return (ms) => ms < when.start;
    case "<=":
      return (ms) => ms < when.end;
    default:
      return (ms) => ms >= when.start && ms < when.end;
  }
}

/** A date covers its whole UTC day; a date-time is one instant (end is exclusive). */
function bounds(text: string): { start: number; end: number } | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const start = Date.parse(`${text}T00:00:00Z`);
    return Number.isNaN(start) ? undefined : { start, end: start + DAY };
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
  const instant = Date.parse(text);
  return Number.isNaN(instant) ? undefined : { start: instant, end: instant + 1 };
}
