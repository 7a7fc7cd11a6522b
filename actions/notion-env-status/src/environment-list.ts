/** The most rows one setup run creates (a board of more is a mistake in a range, not a team). */
export const MAX_ENVIRONMENTS = 100;

const RANGE = /^(.*?)(\d+)\.\.(.*?)(\d+)$/;

/**
 * `qa1..qa10,pre-prod` → qa1, qa2, …, qa10, pre-prod (commas or new lines; a range keeps the
 * width of a zero-padded start: `qa01..qa03` → qa01, qa02, qa03). Returns the names in order
 * without duplicates, or a problem worded for the input error.
 */
export function expandEnvironments(text: string): { names: string[] } | { problem: string } {
  const names: string[] = [];
  for (const item of text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean)) {
    const range = RANGE.exec(item);
    if (range === null) {
      if (item.includes("..")) return { problem: `"${item}" is not a range like qa1..qa10` };
      names.push(item);
      continue;
    }
    const [, prefix = "", from = "", toPrefix = "", to = ""] = range;
    if (toPrefix !== "" && toPrefix !== prefix) {
      return { problem: `"${item}" mixes two prefixes; write a range like ${prefix}${from}..${prefix}${to}` };
    }
    const start = Number(from);
    const end = Number(to);
    if (end < start) return { problem: `"${item}" counts down; write ${prefix}${to}..${prefix}${from}` };
    if (end - start + 1 > MAX_ENVIRONMENTS) {
      return { problem: `"${item}" names ${end - start + 1} environments; at most ${MAX_ENVIRONMENTS}` };
    }
    const width = from.startsWith("0") ? from.length : 0;
    for (let n = start; n <= end; n++) names.push(`${prefix}${String(n).padStart(width, "0")}`);
  }
  const unique = [...new Set(names)];
  if (unique.length === 0) return { problem: "names no environment" };
  if (unique.length > MAX_ENVIRONMENTS)
    return { problem: `names ${unique.length} environments; at most ${MAX_ENVIRONMENTS}` };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  const bad = unique.find((name) => name.length > 200 || /[\u0000-\u001f\u007f]/.test(name));
  if (bad !== undefined)
    return { problem: `"${bad.slice(0, 40)}" is not a row title (one line, at most 200 characters)` };
  return { names: unique };
}
