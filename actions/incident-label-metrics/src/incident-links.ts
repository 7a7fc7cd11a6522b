/** What an incident-fix PR says about its incident, read from its body and branch name. */

export interface IncidentLinks {
  /** `Incident-Start: <ISO 8601 with offset>`; `invalid` holds a value that could not be read. */
  start: { at: number } | { invalid: string } | undefined;
  /** `Caused-by: #123` or `Caused-by: <sha>`. */
  causedBy: { pull: number } | { sha: string } | undefined;
  /** A GitHub revert: "Reverts owner/repo#123" in the body or a `revert-123-…` branch. */
  reverts: number | undefined;
}

const START_LINE = /^[ \t]*Incident-Start:[ \t]*(.+?)[ \t]*$/im;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const CAUSED_BY = /^[ \t]*Caused-by:[ \t]*(?:#(\d+)|([0-9a-f]{7,40}))\b/im;
const REVERTS_BODY = /^[ \t]*Reverts[ \t]+(?:[\w.-]+\/[\w.-]+)?#(\d+)/im;
const REVERT_BRANCH = /^revert-(\d+)-/;

export function readIncidentLinks(body: string, headRefName: string): IncidentLinks {
  const startText = START_LINE.exec(body)?.[1];
  let start: IncidentLinks["start"];
  if (startText !== undefined) {
    const at = ISO_WITH_OFFSET.test(startText) ? Date.parse(startText) : Number.NaN;
    start = Number.isNaN(at) ? { invalid: startText } : { at };
  }
  const caused = CAUSED_BY.exec(body);
  const causedBy =
    caused?.[1] !== undefined
      ? { pull: Number(caused[1]) }
      : caused?.[2] !== undefined
        ? { sha: caused[2].toLowerCase() }
        : undefined;
  const revertNumber = REVERTS_BODY.exec(body)?.[1] ?? REVERT_BRANCH.exec(headRefName)?.[1];
  return { start, causedBy, reverts: revertNumber === undefined ? undefined : Number(revertNumber) };
}

/** The PR numbers an incident names as culprits (for fetching the ones outside the window). */
export function culpritPullNumbers(links: IncidentLinks): number[] {
  const numbers: number[] = [];
  if (links.causedBy !== undefined && "pull" in links.causedBy) numbers.push(links.causedBy.pull);
  if (links.reverts !== undefined) numbers.push(links.reverts);
  return numbers;
}

const CLOSING = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)[ \t]*:?[ \t]+(?:[\w.-]+\/[\w.-]+)?#(\d+)/gi;

/** The issues a PR body closes with GitHub's keywords (`Fixes #12`, `Closes acme/shop#12`). */
export function closedIssueNumbers(body: string): number[] {
  return [...body.matchAll(CLOSING)].map((match) => Number(match[1]));
}
