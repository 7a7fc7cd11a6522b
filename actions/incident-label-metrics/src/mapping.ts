import type { GitHubPort } from "./github.js";
import type { DeploymentRecord, PullRecord, RepoRef } from "./model.js";

/** The commits between two deployments: what `git log base..head` lists. */
export type CompareCommits = (base: string, head: string) => Promise<string[]>;

export interface Shipments {
  /** PR number → the first deployment containing its merge commit. */
  shipped: Map<number, DeploymentRecord>;
  deploymentOfSha(sha: string): DeploymentRecord | undefined;
}

/** For `merged-prs` each PR ships in its own merge. */
export function mergedPullShipments(pulls: readonly PullRecord[], deployments: readonly DeploymentRecord[]): Shipments {
  const byId = new Map(deployments.map((deployment) => [deployment.id, deployment]));
  const shipped = new Map<number, DeploymentRecord>();
  for (const pull of pulls) {
    const deployment = byId.get(`pr-${pull.number}`);
    if (deployment !== undefined) shipped.set(pull.number, deployment);
  }
  return {
    shipped,
    deploymentOfSha: (sha) => deployments.find((deployment) => deployment.sha !== "" && deployment.sha.startsWith(sha)),
  };
}

/**
 * Maps PRs to deployments by commit ancestry, not timestamps: each deployment ships the commits
 * between the previous deployment's SHA and its own (a redeploy of the same SHA ships nothing new), and
 * a PR belongs to the first deployment whose range holds its merge commit. The oldest deployment has no
 * predecessor: it is taken to ship every PR merged before it.
 */
export async function mapByAncestry(
  pulls: readonly PullRecord[],
  deployments: readonly DeploymentRecord[],
  compare: CompareCommits,
): Promise<Shipments> {
  const sorted = [...deployments].sort((a, b) => a.at - b.at);
  const firstOfCommit = new Map<string, DeploymentRecord>();
  for (const [index, deployment] of sorted.entries()) {
    const previous = sorted[index - 1];
    const commits =
      previous === undefined
        ? [deployment.sha]
        : previous.sha === deployment.sha
          ? []
          : await compare(previous.sha, deployment.sha);
    for (const oid of commits) if (!firstOfCommit.has(oid)) firstOfCommit.set(oid, deployment);
  }
  const first = sorted[0];
  const shipped = new Map<number, DeploymentRecord>();
  for (const pull of pulls) {
    const byCommit = pull.mergeCommitOid === undefined ? undefined : firstOfCommit.get(pull.mergeCommitOid);
    const fallback = first !== undefined && pull.mergedAt <= first.at ? first : undefined;
    const deployment = byCommit ?? fallback;
    if (deployment !== undefined) shipped.set(pull.number, deployment);
  }
  return {
    shipped,
    deploymentOfSha: (sha) => {
      for (const [oid, deployment] of firstOfCommit) if (oid.startsWith(sha)) return deployment;
      return undefined;
    },
  };
}

/** REST compare, 100 commits a page (the unpaginated answer stops at 250). */
export function restCompare(github: GitHubPort, ref: RepoRef): CompareCommits {
  return async (base, head) => {
    const oids: string[] = [];
    for (let page = 1; ; page += 1) {
      const commits = await github.compare(ref, base, head, page);
      oids.push(...commits);
      if (commits.length < 100) return oids;
    }
  };
}
