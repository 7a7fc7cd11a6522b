import { attributeIncident } from "./attribution.js";
import type { CollectedRepo } from "./collect.js";
import type { IncidentView } from "./comment.js";
import type { GitHubPort } from "./github.js";
import { rollbackOf } from "./metrics.js";
import { type PullRecord, type RepoRef, repoName } from "./model.js";
import { toPullRecord } from "./pulls.js";
import { PULL_QUERY, type PullData } from "./queries.js";

/** The pull request of an incident-mode run, merged or not. */
export interface IncidentPull {
  ref: RepoRef;
  record: PullRecord;
  merged: boolean;
  closedUnmerged: boolean;
}

export async function readIncidentPull(
  github: GitHubPort,
  ref: RepoRef,
  number: number,
  withFiles: boolean,
): Promise<IncidentPull | undefined> {
  const data = await github.queryPartial<PullData>(PULL_QUERY, { owner: ref.owner, name: ref.repo, number, withFiles });
  const node = data.repository?.pullRequest;
  if (node === null || node === undefined) return undefined;
  const merged = node.mergedAt !== null;
  // An open PR is read as if merged now, so its attribution can be shown before it merges.
  const record = toPullRecord(repoName(ref), merged ? node : { ...node, mergedAt: node.updatedAt });
  if (record === undefined) return undefined;
  return {
    ref,
    record: merged ? record : { ...record, mergedAt: Number.NaN },
    merged,
    closedUnmerged: node.state === "CLOSED",
  };
}

/**
 * What the sticky comment shows: the attribution, the fix's deployment and the restore time, which
 * ends at a rollback of the culprit when that came first (restore-on-rollback).
 */
export function incidentView(pull: IncidentPull, data: CollectedRepo, restoreOnRollback: boolean): IncidentView {
  const attribution = attributeIncident(pull.record, {
    deployments: data.deployments,
    deploymentOfPull: (number) => data.shipped.get(number),
    deploymentOfSha: (sha) => data.deploymentOfSha(sha),
  });
  const fix = pull.merged ? data.shipped.get(pull.record.number) : undefined;
  const rollback =
    restoreOnRollback && attribution.culprit !== undefined
      ? rollbackOf(attribution.culprit, data.deployments)
      : undefined;
  const end = [
    ...(fix === undefined ? [] : [{ by: "fix" as const, at: fix.at }]),
    ...(rollback === undefined ? [] : [{ by: "rollback" as const, at: rollback.at }]),
  ].sort((a, b) => a.at - b.at)[0];
  const restoreMs = end === undefined ? undefined : end.at - attribution.start;
  const negative = restoreMs !== undefined && restoreMs < 0;
  return {
    repo: pull.record.repo,
    number: pull.record.number,
    url: pull.record.url,
    body: pull.record.body,
    headRefName: pull.record.headRefName,
    merged: pull.merged,
    attribution,
    fix,
    rollback,
    restoredBy: negative ? undefined : end?.by,
    restoreMs: negative ? undefined : restoreMs,
    problem: negative ? "negative: the start is after the fix deployed (excluded)" : undefined,
  };
}
