import { InputError, paginate } from "@sre-actions/core";
import type { GitHubPort } from "./github.js";
import type { RepositorySelection } from "./inputs.js";
import { type RepoRef, repoName } from "./model.js";
import { OWNER_REPOSITORIES_QUERY, type OwnerRepositoriesData } from "./queries.js";

/** The named repositories plus every repository of each `owner/*` (forks and archived ones left out), once each. */
export async function resolveRepositories(
  github: GitHubPort,
  selection: RepositorySelection,
  current: string,
): Promise<RepoRef[]> {
  const found = new Map<string, RepoRef>();
  for (const ref of selection.names) found.set(repoName(ref).toLowerCase(), ref);
  for (const login of selection.owners) {
    const repos = await paginate(async (after) => {
      const data = await github.query<OwnerRepositoriesData>(OWNER_REPOSITORIES_QUERY, { login, after: after ?? null });
      const connection = data.repositoryOwner?.repositories;
      if (connection === undefined) {
        throw new InputError("repositories", `names "${login}/*", but GitHub knows no account ${login}`, "acme/*");
      }
      return {
        items: (connection.nodes ?? []).flatMap((node) =>
          node === null ? [] : [{ owner: node.owner.login, repo: node.name }],
        ),
        next: connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : undefined,
      };
    });
    for (const ref of repos) found.set(repoName(ref).toLowerCase(), ref);
  }
  if (found.size === 0 && selection.owners.length === 0) {
    const [owner = "", repo = ""] = current.split("/");
    if (owner === "" || repo === "")
      throw new InputError("repository", `must be owner/name; got "${current}"`, "acme/shop");
    return [{ owner, repo }];
  }
  return [...found.values()];
}
