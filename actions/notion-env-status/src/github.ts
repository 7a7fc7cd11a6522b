import type { PullRequestRef } from "@sre-actions/core";
import { type Octokit, upsertStickyComment } from "@sre-actions/core/github";

/** The GitHub calls the action makes, behind a seam so the logic stays plain. */
export interface GitHubPort {
  /** The open pull request whose head is `branch` (labels included), if any. */
  findPullRequest(branch: string): Promise<PullRequestRef | undefined>;
  /** Creates or updates the one comment carrying `marker` on the pull request. */
  upsertComment(pullNumber: number, marker: string, body: string): Promise<"created" | "updated">;
}

const FIND_PULL_REQUEST = /* GraphQL */ `
  query FindPullRequest($owner: String!, $repo: String!, $branch: String!) {
    repository(owner: $owner, name: $repo) {
      pullRequests(headRefName: $branch, states: [OPEN], first: 1, orderBy: { field: UPDATED_AT, direction: DESC }) {
        nodes {
          number
          url
          labels(first: 100) {
            nodes {
              name
            }
          }
        }
      }
    }
  }
`;

interface FindPullRequestData {
  repository: {
    pullRequests: {
      nodes: ({ number: number; url: string; labels: { nodes: ({ name: string } | null)[] } | null } | null)[];
    };
  } | null;
}

export function githubPort(octokit: Octokit, repo: { owner: string; repo: string }): GitHubPort {
  return {
    async findPullRequest(branch) {
      const data = await octokit.graphql<FindPullRequestData>(FIND_PULL_REQUEST, { ...repo, branch });
      const pull = data.repository?.pullRequests.nodes[0];
      if (pull == null) return undefined;
      const labels = (pull.labels?.nodes ?? []).flatMap((label) => (label === null ? [] : [label.name]));
      return { number: pull.number, url: pull.url, labels };
    },
    async upsertComment(pullNumber, marker, body) {
      const { action } = await upsertStickyComment(octokit, { ...repo, issueNumber: pullNumber, marker, body });
      return action;
    },
  };
}
