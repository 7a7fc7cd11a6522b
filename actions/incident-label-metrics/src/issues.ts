import { type Logger, paginate } from "@sre-actions/core";
import type { GitHubPort } from "./github.js";
import type { PullRecord, RepoRef } from "./model.js";
import { repoName } from "./model.js";
import { type IssueNode, isoSeconds, SEARCH_ISSUES_QUERY, type SearchIssuesData } from "./queries.js";

/** GitHub's documented cap on a search. */
const SEARCH_CAP = 1000;

/** Closed as "not planned" (won't fix) or as a duplicate: no incident happened, or it is counted once elsewhere. */
const NOT_AN_INCIDENT = new Set(["NOT_PLANNED", "DUPLICATE"]);

/**
 * Incident issues opened in [since, until): read as incident records with the same `Caused-by:` /
 * `Incident-Start:` lines in the body. `mergedAt` holds the opening time (when the incident is
 * counted) and `closedAt` the close; `headRefName` is empty (issues have no branch). Issues closed
 * as not planned or as duplicates are left out (and said so in the log).
 */
export async function incidentIssues(
  github: GitHubPort,
  ref: RepoRef,
  range: { since: number; until: number; labels: readonly string[] },
  log: Logger,
): Promise<PullRecord[]> {
  const labels = range.labels.map((label) => `"${label}"`).join(",");
  const searchQuery = `repo:${repoName(ref)} is:issue label:${labels} created:${isoSeconds(range.since)}..${isoSeconds(range.until - 1000)}`;
  let total = 0;
  const nodes = await paginate(async (after) => {
    const data = await github.query<SearchIssuesData>(SEARCH_ISSUES_QUERY, { searchQuery, after: after ?? null });
    total = data.search.issueCount;
    const items = (data.search.nodes ?? []).filter((node): node is IssueNode => node !== null && "number" in node);
    return { items, next: data.search.pageInfo.hasNextPage ? data.search.pageInfo.endCursor : undefined };
  });
  if (total > SEARCH_CAP)
    log.warning(`${total} incident issues match ${searchQuery}; GitHub's search returns ${SEARCH_CAP}`);
  const dropped = nodes
    .filter((node) => NOT_AN_INCIDENT.has(node.stateReason ?? ""))
    .sort((a, b) => a.number - b.number);
  if (dropped.length > 0)
    log.info(
      `Left out ${dropped.length} incident issue(s) closed as not planned or duplicate: ${dropped.map((node) => `#${node.number}`).join(", ")}`,
    );
  return nodes
    .filter((node) => !NOT_AN_INCIDENT.has(node.stateReason ?? ""))
    .map((node) => issueRecord(repoName(ref), node))
    .sort((a, b) => a.createdAt - b.createdAt);
}

function issueRecord(repo: string, node: IssueNode): PullRecord {
  const createdAt = Date.parse(node.createdAt);
  return {
    repo,
    number: node.number,
    title: node.title,
    url: node.url,
    body: node.body,
    author: node.author?.login ?? "ghost",
    authorIsBot: node.author?.__typename === "Bot",
    createdAt,
    updatedAt: createdAt,
    mergedAt: createdAt,
    closedAt: node.closedAt === null ? undefined : Date.parse(node.closedAt),
    kind: "issue",
    baseRefName: "",
    headRefName: "",
    mergeCommitOid: undefined,
    firstCommitAt: undefined,
    firstReviewAt: undefined,
    labels: (node.labels?.nodes ?? []).flatMap((label) => (label === null ? [] : [label.name])),
    files: undefined,
  };
}
