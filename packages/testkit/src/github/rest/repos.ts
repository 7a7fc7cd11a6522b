import { notFound } from "../errors.js";
import { compareCommits, resolveRef } from "../git.js";
import { fullName } from "../model.js";
import { json, numberParam, type RestHandler, repoOf, stringParam } from "./context.js";
import { paginate } from "./paginate.js";
import { renderCommit, renderPullRequest, renderRelease, renderRepository, repoUrl, WEB } from "./render.js";

/** GET /repos/{owner}/{repo} */
const getRepository: RestHandler = (context) => json(200, renderRepository(repoOf(context), context.api));

/** GET /repos/{owner}/{repo}/pulls/{pull_number} */
const getPullRequest: RestHandler = (context) => {
  const repo = repoOf(context);
  const pull = repo.pullRequests.get(numberParam(context, "pull_number") ?? -1);
  if (pull === undefined) throw notFound(context.operation.documentationUrl);
  return json(200, renderPullRequest(pull, context.api));
};

/** The documented cap on commits in a comparison that is not paginated. */
export const UNPAGINATED_COMMITS = 250;

/**
 * GET /repos/{owner}/{repo}/compare/{basehead}: commits reachable from head and not from base, oldest
 * first. Without `page`/`per_page` at most 250 commits are listed and, as documented, "the last commit
 * in the list is the most recent of the entire comparison" (the newest 250); `total_commits` counts
 * them all. Paged, the pages run oldest first.
 */
const compare: RestHandler = (context) => {
  const repo = repoOf(context);
  const basehead = stringParam(context, "basehead") ?? "";
  const [baseRef, headRef] = basehead.includes("...") ? basehead.split("...") : basehead.split("..");
  const base = baseRef === undefined ? undefined : resolveRef(repo, baseRef);
  const head = headRef === undefined ? undefined : resolveRef(repo, headRef);
  if (base === undefined || head === undefined) throw notFound(context.operation.documentationUrl);
  const comparison = compareCommits(repo, base, head);
  const paginated = context.url.searchParams.has("page") || context.url.searchParams.has("per_page");
  const page = paginated
    ? paginate(comparison.ahead, context.url, context.params)
    : { items: comparison.ahead.slice(-UNPAGINATED_COMMITS), headers: {} };
  const web = `${WEB}/${fullName(repo)}/compare/${basehead}`;
  return json(
    200,
    {
      url: `${repoUrl(repo, context.api)}/compare/${basehead}`,
      html_url: web,
      permalink_url: `${WEB}/${fullName(repo)}/compare/${base.oid}...${head.oid}`,
      diff_url: `${web}.diff`,
      patch_url: `${web}.patch`,
      base_commit: renderCommit(base, repo, context.api),
      merge_base_commit:
        comparison.mergeBase === undefined ? null : renderCommit(comparison.mergeBase, repo, context.api),
      status: comparison.status,
      ahead_by: comparison.ahead.length,
      behind_by: comparison.behindBy,
      total_commits: comparison.ahead.length,
      commits: page.items.map((commit) => renderCommit(commit, repo, context.api)),
      files: [],
    },
    page.headers,
  );
};

/** GET /repos/{owner}/{repo}/releases — newest first. */
const listReleases: RestHandler = (context) => {
  const repo = repoOf(context);
  const releases = [...repo.releases].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
  const page = paginate(releases, context.url, context.params);
  return json(
    200,
    page.items.map((release) => renderRelease(release, context.api)),
    page.headers,
  );
};

/** GET /repos/{owner}/{repo}/releases/latest — the newest published, non-draft, non-prerelease release. */
const getLatestRelease: RestHandler = (context) => {
  const repo = repoOf(context);
  const latest = repo.releases
    .filter((release) => !release.draft && !release.prerelease && release.publishedAt !== null)
    .sort((a, b) => (b.publishedAt ?? 0) - (a.publishedAt ?? 0))[0];
  if (latest === undefined) throw notFound(context.operation.documentationUrl);
  return json(200, renderRelease(latest, context.api));
};

/** GET /rate_limit — does not count against the limit (documented). */
const getRateLimit: RestHandler = (context) => {
  const window = (resource: "core" | "graphql") => {
    const current = context.rateLimits.window(resource);
    return {
      limit: current.limit,
      used: current.used,
      remaining: Math.max(0, current.limit - current.used),
      reset: current.reset,
    };
  };
  const core = window("core");
  return json(200, { resources: { core, graphql: window("graphql") }, rate: core });
};

export const repoHandlers: Record<string, RestHandler> = {
  "repos/get": getRepository,
  "pulls/get": getPullRequest,
  "repos/compare-commits-with-basehead": compare,
  "repos/list-releases": listReleases,
  "repos/get-latest-release": getLatestRelease,
  "rate-limit/get": getRateLimit,
};
