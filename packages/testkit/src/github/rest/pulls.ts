import { notFound } from "../errors.js";
import type { PullRequest } from "../model.js";
import { json, numberParam, type RestHandler, repoOf, stringParam } from "./context.js";
import { paginate } from "./paginate.js";
import { renderCommit, renderPullRequest } from "./render.js";

/** The documented cap: list-commits returns at most 250 commits. */
const LISTED_COMMITS = 250;

/**
 * GET /repos/{owner}/{repo}/pulls — `state` (open default, closed, all), `head` (`user:branch`), `base`,
 * `sort` (created default, updated; popularity and long-running are not modeled) and `direction`
 * (desc by default for `created`, otherwise asc, as documented).
 */
const listPulls: RestHandler = (context) => {
  const repo = repoOf(context);
  const state = stringParam(context, "state") ?? "open";
  const head = stringParam(context, "head");
  const base = stringParam(context, "base");
  const sort = stringParam(context, "sort") ?? "created";
  const direction = stringParam(context, "direction") ?? (sort === "created" ? "desc" : "asc");
  const key: keyof PullRequest = sort === "updated" ? "updatedAt" : "createdAt";
  const sign = direction === "asc" ? 1 : -1;
  const pulls = [...repo.pullRequests.values()]
    .filter(
      (pull) =>
        (state === "all" || (state === "open" ? pull.state === "OPEN" : pull.state !== "OPEN")) &&
        (base === undefined || pull.baseRefName === base) &&
        (head === undefined || `${repo.owner.login}:${pull.headRefName}` === head),
    )
    .sort((a, b) => sign * ((a[key] as number) - (b[key] as number) || a.number - b.number));
  const page = paginate(pulls, context.url, context.params);
  return json(
    200,
    page.items.map((pull) => renderPullRequest(pull, context.api)),
    page.headers,
  );
};

/** GET /repos/{owner}/{repo}/pulls/{pull_number}/commits — oldest first, at most 250. */
const listPullCommits: RestHandler = (context) => {
  const repo = repoOf(context);
  const pull = repo.pullRequests.get(numberParam(context, "pull_number") ?? -1);
  if (pull === undefined) throw notFound(context.operation.documentationUrl);
  const commits = pull.commits.slice(0, LISTED_COMMITS).flatMap((oid) => repo.commits.get(oid) ?? []);
  const page = paginate(commits, context.url, context.params);
  return json(
    200,
    page.items.map((commit) => renderCommit(commit, repo, context.api)),
    page.headers,
  );
};

export const pullHandlers: Record<string, RestHandler> = {
  "pulls/list": listPulls,
  "pulls/list-commits": listPullCommits,
};
