import { readIncidentLinks } from "./incident-links.js";
import type { DeploymentRecord, IncidentAttribution, PullRecord } from "./model.js";

export interface AttributionContext {
  /** The repository's deployments, oldest first (all fetched, not only the window's). */
  deployments: readonly DeploymentRecord[];
  /** The first deployment that shipped a PR. */
  deploymentOfPull(number: number): DeploymentRecord | undefined;
  /** The first deployment that shipped a commit (full or abbreviated SHA). */
  deploymentOfSha(sha: string): DeploymentRecord | undefined;
}

/**
 * When the incident a fix PR resolves started, in the documented order: an `Incident-Start:` line;
 * the deploy time of the culprit named by `Caused-by:` or by a GitHub revert; the last deployment
 * before the fix PR was opened; else the fix PR's creation time, flagged as an estimate.
 */
export function attributeIncident(pull: PullRecord, context: AttributionContext): IncidentAttribution {
  const links = readIncidentLinks(pull.body, pull.headRefName);
  const notes: string[] = [];
  if (links.start !== undefined && "invalid" in links.start) {
    notes.push(`Incident-Start "${links.start.invalid}" is not ISO 8601 with an offset (e.g. 2026-11-20T10:00+09:00)`);
  }

  const culprit = namedCulprit(links, context, notes);
  if (links.start !== undefined && "at" in links.start) {
    const start = links.start.at;
    return { start, source: "incident-start", culprit: culprit?.deployment ?? lastBefore(context, start, true), notes };
  }
  if (culprit !== undefined)
    return { start: culprit.deployment.at, source: culprit.source, culprit: culprit.deployment, notes };

  const previous = lastBefore(context, pull.createdAt, false);
  if (previous !== undefined) return { start: previous.at, source: "last-deployment", culprit: previous, notes };
  notes.push("no deployment before the fix PR was opened: start estimated from the PR's creation time");
  return { start: pull.createdAt, source: "estimate", culprit: undefined, notes };
}

function namedCulprit(
  links: ReturnType<typeof readIncidentLinks>,
  context: AttributionContext,
  notes: string[],
): { deployment: DeploymentRecord; source: "caused-by" | "revert" } | undefined {
  const causedBy = links.causedBy;
  if (causedBy !== undefined) {
    const deployment =
      "pull" in causedBy ? context.deploymentOfPull(causedBy.pull) : context.deploymentOfSha(causedBy.sha);
    if (deployment !== undefined) return { deployment, source: "caused-by" };
    notes.push(`Caused-by ${"pull" in causedBy ? `#${causedBy.pull}` : causedBy.sha} matches no known deployment`);
  }
  if (links.reverts !== undefined) {
    const deployment = context.deploymentOfPull(links.reverts);
    if (deployment !== undefined) return { deployment, source: "revert" };
    notes.push(`reverted PR #${links.reverts} matches no known deployment`);
  }
  return undefined;
}

/** The last deployment at (inclusive) or before (exclusive) an instant. */
function lastBefore(context: AttributionContext, instant: number, inclusive: boolean): DeploymentRecord | undefined {
  let found: DeploymentRecord | undefined;
  for (const deployment of context.deployments) {
    if (inclusive ? deployment.at <= instant : deployment.at < instant) found = deployment;
  }
  return found;
}
