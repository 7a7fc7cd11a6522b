import type { Octokit } from "@sre-actions/core/github";
import {
  type Comparison,
  type DeploymentNode,
  LABELS_PER_PULL,
  PULLS_PER_COMMIT,
  type PullNode,
  type ReleaseNotesPort,
  STATUSES_READ,
} from "./release-notes.js";

/**
 * The environment's newest deployments, each with its latest status and the statuses that say
 * whether it ever succeeded. 50 deployments × 20 statuses: 1,050 nodes, 1 point.
 */
export const DEPLOYMENTS_QUERY = /* GraphQL */ `
query ReleaseNotesDeployments($owner: String!, $name: String!, $environment: String!, $count: Int!) {
  repository(owner: $owner, name: $name) {
    deployments(environments: [$environment], first: $count, orderBy: { field: CREATED_AT, direction: DESC }) {
      nodes {
        databaseId
        commitOid
        createdAt
        latestStatus { state }
        statuses(first: ${STATUSES_READ}) { nodes { state createdAt logUrl } }
      }
    }
  }
}`;

const PULL_FIELDS = /* GraphQL */ `
fragment ReleasePull on PullRequest {
  number
  title
  url
  state
  mergedAt
  author { login }
  labels(first: ${LABELS_PER_PULL}) { nodes { name } }
}`;

/**
 * `associatedPullRequests` of each commit, one alias per commit. At the compare cap (250 commits):
 * 250 + 250 × 5 connections = 15 points, and 250 × 5 × (1 + 50) = 63,750 nodes, far under GitHub's
 * 500,000-node limit. The SHAs are checked to be 40 hex digits before they reach the text.
 */
export function commitPullsQuery(shas: readonly string[]): string {
  const fields = shas.map((sha, index) => {
    if (!/^[0-9a-f]{40}$/i.test(sha)) throw new Error(`commitPullsQuery: not a commit SHA: ${sha}`);
    return `    c${index}: object(oid: "${sha}") { ... on Commit { associatedPullRequests(first: ${PULLS_PER_COMMIT}) { nodes { ...ReleasePull } } } }`;
  });
  return `
query ReleaseNotesPulls($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
${fields.join("\n")}
  }
}
${PULL_FIELDS}`;
}

interface DeploymentsData {
  repository: { deployments: { nodes: (DeploymentNode | null)[] | null } };
}

type CommitPullsData = {
  repository: Record<string, { associatedPullRequests?: { nodes: (PullNode | null)[] | null } | null } | null>;
};

/** The release notes' GitHub calls through Octokit (`createOctokit`: retries and rate-limit waits). */
export function octokitReleaseNotes(octokit: Octokit, repo: { owner: string; repo: string }): ReleaseNotesPort {
  const names = { owner: repo.owner, name: repo.repo };
  return {
    async deployments(environment, count) {
      const data = await octokit.graphql<DeploymentsData>(DEPLOYMENTS_QUERY, { ...names, environment, count });
      return (data.repository.deployments.nodes ?? []).filter((node): node is DeploymentNode => node !== null);
    },
    async compare(base, head): Promise<Comparison> {
      // No `page`/`per_page`: GitHub then lists the newest 250 commits, which is what notes want.
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
        owner: repo.owner,
        repo: repo.repo,
        basehead: `${base}...${head}`,
      });
      return data;
    },
    async associatedPullRequests(shas) {
      const byCommit = new Map<string, PullNode[]>();
      if (shas.length === 0) return byCommit;
      const data = await octokit.graphql<CommitPullsData>(commitPullsQuery(shas), names);
      shas.forEach((sha, index) => {
        const nodes = data.repository[`c${index}`]?.associatedPullRequests?.nodes ?? [];
        byCommit.set(
          sha,
          nodes.filter((node): node is PullNode => node !== null),
        );
      });
      return byCommit;
    },
  };
}
