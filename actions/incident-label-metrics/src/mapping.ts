import type { DeploymentRecord, PullRecord } from "./model.js";

/** What the base branch's history says about a deployed commit that is no PR's merge commit. */
export interface CommitHistory {
  /** The commit and its ancestors, newest first (GraphQL `history`, first page of 100). */
  ancestors: readonly string[];
  committedAt: number;
}

/** Reads the history of commits the PR list does not explain (one batched GraphQL request per 25). */
export type HistoryOf = (shas: readonly string[]) => Promise<ReadonlyMap<string, CommitHistory>>;

export interface Shipments {
  /** The deployments with their `position` set. */
  deployments: DeploymentRecord[];
  /** PR number → the first deployment that shipped it. */
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
  const positioned = deployments.map((deployment, index) => ({ ...deployment, position: index + 1 }));
  const positionedById = new Map(positioned.map((deployment) => [deployment.id, deployment]));
  for (const [number, deployment] of shipped) shipped.set(number, positionedById.get(deployment.id) ?? deployment);
  return {
    deployments: positioned,
    shipped,
    deploymentOfSha: (sha) => positioned.find((deployment) => deployment.sha !== "" && deployment.sha.startsWith(sha)),
  };
}

/**
 * Maps PRs to deployments from data already read, with no request per deployment: the base branch's
 * merge commits, in merge order, give every deployed commit a position; a commit that is no merge
 * commit gets the position of its newest ancestor that is (from its GraphQL history), else of the
 * last merge before it was committed. Each deployment ships the PRs between the highest position
 * shipped so far and its own (a redeploy or rollback ships nothing new); the oldest deployment is
 * taken to ship every PR merged before it.
 */
export async function mapByMergeOrder(
  pulls: readonly PullRecord[],
  deployments: readonly DeploymentRecord[],
  historyOf: HistoryOf,
): Promise<Shipments> {
  const merged = [...pulls].sort((a, b) => a.mergedAt - b.mergedAt);
  const order = new Map<string, number>();
  for (const [index, pull] of merged.entries()) if (pull.mergeCommitOid) order.set(pull.mergeCommitOid, index + 1);

  const unknown = [...new Set(deployments.map((d) => d.sha).filter((sha) => sha !== "" && !order.has(sha)))];
  const histories = unknown.length === 0 ? new Map<string, CommitHistory>() : await historyOf(unknown);
  const mergesUntil = (at: number) => merged.filter((pull) => pull.mergedAt <= at).length;
  const positionOf = (deployment: DeploymentRecord): number => {
    const known = order.get(deployment.sha);
    if (known !== undefined) return known;
    const history = histories.get(deployment.sha);
    const ancestor = history?.ancestors.find((oid) => order.has(oid));
    if (ancestor !== undefined) return (order.get(ancestor) ?? 0) + 0.5;
    return mergesUntil(history?.committedAt ?? deployment.at) + 0.5;
  };

  const sorted = [...deployments].sort((a, b) => a.at - b.at).map((d) => ({ ...d, position: positionOf(d) }));
  const shipped = new Map<number, DeploymentRecord>();
  let highest = 0;
  for (const [index, deployment] of sorted.entries()) {
    // The oldest deployment has no predecessor: it ships everything merged before it too.
    const upTo = index === 0 ? Math.max(deployment.position, mergesUntil(deployment.at)) : deployment.position;
    for (let position = Math.floor(highest) + 1; position <= upTo; position += 1) {
      const pull = merged[position - 1];
      if (pull !== undefined && !shipped.has(pull.number)) shipped.set(pull.number, deployment);
    }
    highest = Math.max(highest, upTo);
  }
  return {
    deployments: sorted,
    shipped,
    deploymentOfSha: (sha) => {
      const pull = merged.find((candidate) => candidate.mergeCommitOid?.startsWith(sha));
      if (pull !== undefined) return shipped.get(pull.number);
      return sorted.find((deployment) => deployment.sha !== "" && deployment.sha.startsWith(sha));
    },
  };
}
