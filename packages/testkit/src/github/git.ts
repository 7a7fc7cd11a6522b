import type { Commit, Repository } from "./model.js";

/** Resolves a branch, tag, `refs/...` name, full SHA or unique abbreviated SHA (7+ chars) to a commit. */
export function resolveRef(repo: Repository, ref: string): Commit | undefined {
  const name = ref.replace(/^refs\/(heads|tags)\//, "");
  const oid = repo.branches.get(name) ?? repo.tags.get(name) ?? resolveSha(repo, ref);
  return oid === undefined ? undefined : repo.commits.get(oid);
}

function resolveSha(repo: Repository, ref: string): string | undefined {
  if (!/^[0-9a-f]{7,40}$/i.test(ref)) return undefined;
  const prefix = ref.toLowerCase();
  if (repo.commits.has(prefix)) return prefix;
  const matches = [...repo.commits.keys()].filter((oid) => oid.startsWith(prefix));
  return matches.length === 1 ? matches[0] : undefined;
}

/** Every commit reachable from `oid`, itself included. */
export function ancestors(repo: Repository, oid: string): Set<string> {
  const seen = new Set<string>();
  const stack = [oid];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    for (const parent of repo.commits.get(next)?.parents ?? []) stack.push(parent);
  }
  return seen;
}

export interface Comparison {
  status: "identical" | "ahead" | "behind" | "diverged";
  mergeBase: Commit | undefined;
  /** Commits reachable from head but not from base, oldest first (what `git log base..head` lists). */
  ahead: Commit[];
  behindBy: number;
}

export function compareCommits(repo: Repository, base: Commit, head: Commit): Comparison {
  const fromBase = ancestors(repo, base.oid);
  const fromHead = ancestors(repo, head.oid);
  const ahead = commitsOf(repo, fromHead, (oid) => !fromBase.has(oid));
  const behindBy = [...fromBase].filter((oid) => !fromHead.has(oid)).length;
  const common = commitsOf(repo, fromHead, (oid) => fromBase.has(oid));
  const mergeBase = common.at(-1);
  const status =
    ahead.length === 0 && behindBy === 0
      ? "identical"
      : behindBy === 0
        ? "ahead"
        : ahead.length === 0
          ? "behind"
          : "diverged";
  return { status, mergeBase, ahead, behindBy };
}

/** The commits of `oids` that pass `keep`, oldest first. */
function commitsOf(repo: Repository, oids: Set<string>, keep: (oid: string) => boolean): Commit[] {
  const commits: Commit[] = [];
  for (const oid of oids) {
    const commit = repo.commits.get(oid);
    if (commit !== undefined && keep(oid)) commits.push(commit);
  }
  return commits.sort((a, b) => a.committedDate - b.committedDate || depth(repo, a) - depth(repo, b));
}

/** Longest parent chain length; breaks ties between commits with the same date. */
function depth(repo: Repository, commit: Commit): number {
  let length = 0;
  for (let parent = commit.parents[0]; parent !== undefined; parent = repo.commits.get(parent)?.parents[0]) length += 1;
  return length;
}
