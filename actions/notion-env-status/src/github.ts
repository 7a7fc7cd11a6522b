import type { Clock, Logger, PullRequestRef } from "@sre-actions/core";
import { createCommentOnce, type Octokit } from "@sre-actions/core/github";
import { COMMENT_MARKER } from "./marker.js";

/** A pull request as mode command needs it: is it open, and which branch is it. */
export interface PullRequestState {
  number: number;
  url: string;
  state: "OPEN" | "CLOSED" | "MERGED";
  headRefName: string;
  labels: string[];
}

/** The reactions the action leaves on a command comment. */
export type Reaction = "eyes" | "rocket" | "confused";

/** An issue comment as the action reads it. */
export interface IssueComment {
  id: number;
  body: string;
  user: { login: string; id: number } | null;
  /** OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, … NONE: how the author relates to the repository. */
  association: string;
  createdAt: string;
}

/**
 * The first comment that `author` wrote and that carries `marker`: our sticky comment. A comment
 * by anyone else never counts, whatever it contains.
 */
export function stickyComment(
  comments: readonly IssueComment[],
  marker: string,
  author: Identity,
): IssueComment | undefined {
  return comments.find((comment) => isAuthor(comment.user, author) && comment.body.includes(marker));
}

/** The account the token acts as (`github-actions[bot]` for a workflow's GITHUB_TOKEN). */
export interface Identity {
  login: string;
  /** GitHub's numeric user id: what a comment's `user.id` is compared with. */
  id: number | undefined;
}

/** The GitHub calls the action makes, behind a seam so the logic stays plain. */
export interface GitHubPort {
  /**
   * Who the token is: GraphQL `viewer` (REST `GET /user` refuses installation tokens such as
   * GITHUB_TOKEN; `viewer` answers for them and for personal tokens alike). One request.
   */
  identity(): Promise<Identity>;
  /** The open pull request whose head is `branch` (labels included), if any. */
  findPullRequest(branch: string): Promise<PullRequestRef | undefined>;
  /** One pull request by number (one GraphQL request). */
  pullRequest(number: number): Promise<PullRequestState | undefined>;
  /** Every comment of an issue or pull request, oldest first (one request per 100 comments). */
  listComments(issueNumber: number): Promise<IssueComment[]>;
  /** Updates comment `id`, or creates one when `id` is undefined (a lost answer read back among `author`'s comments). */
  writeComment(
    issueNumber: number,
    id: number | undefined,
    body: string,
    author: Identity,
  ): Promise<{ action: "created" | "updated"; id: number }>;
  /**
   * Leaves a reaction on an issue comment. GitHub keeps one per user and content: it answers 201
   * for a new one and 200 when this token had already left it — "existed" — an atomic
   * first-come test that no read-then-write can give.
   */
  react(commentId: number, content: Reaction): Promise<"created" | "existed">;
}

const VIEWER = /* GraphQL */ `
  query Viewer {
    viewer {
      login
      databaseId
    }
  }
`;

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

const PULL_REQUEST = /* GraphQL */ `
  query PullRequestByNumber($owner: String!, $repo: String!, $number: Int!) {
    repository(owner: $owner, name: $repo) {
      pullRequest(number: $number) {
        number
        url
        state
        headRefName
        labels(first: 100) {
          nodes {
            name
          }
        }
      }
    }
  }
`;

type Labels = { nodes: ({ name: string } | null)[] | null } | null;

interface FindPullRequestData {
  repository: {
    pullRequests: { nodes: ({ number: number; url: string; labels: Labels } | null)[] };
  } | null;
}

interface PullRequestData {
  repository: {
    pullRequest: {
      number: number;
      url: string;
      state: PullRequestState["state"];
      headRefName: string;
      labels: Labels;
    } | null;
  } | null;
}

/**
 * Whether a comment's author is `author`: the numeric id when GitHub gave one (logins of apps are
 * spelt `name[bot]` in REST and `name` in GraphQL), else the login without `[bot]`.
 */
export function isAuthor(user: { login: string; id: number } | null | undefined, author: Identity): boolean {
  if (user == null) return false;
  if (author.id !== undefined) return user.id === author.id;
  const bare = (login: string) => login.toLowerCase().replace(/\[bot\]$/, "");
  return bare(user.login) === bare(author.login);
}

function labelNames(labels: Labels): string[] {
  return (labels?.nodes ?? []).flatMap((label) => (label === null ? [] : [label.name]));
}

export function githubPort(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  deps: { clock: Clock; log: Logger },
): GitHubPort {
  const port: GitHubPort = {
    async findPullRequest(branch) {
      const data = await octokit.graphql<FindPullRequestData>(FIND_PULL_REQUEST, { ...repo, branch });
      const pull = data.repository?.pullRequests.nodes[0];
      if (pull == null) return undefined;
      return { number: pull.number, url: pull.url, labels: labelNames(pull.labels) };
    },
    async pullRequest(number) {
      const data = await octokit.graphql<PullRequestData>(PULL_REQUEST, { ...repo, number });
      const pull = data.repository?.pullRequest;
      if (pull == null) return undefined;
      return { ...pull, labels: labelNames(pull.labels) };
    },
    async identity() {
      const data = await octokit.graphql<{ viewer: { login: string; databaseId: number | null } }>(VIEWER);
      return { login: data.viewer.login, id: data.viewer.databaseId ?? undefined };
    },
    async listComments(issueNumber) {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: issueNumber,
        per_page: 100,
      });
      return comments.map((comment) => ({
        id: comment.id,
        body: comment.body ?? "",
        user: comment.user == null ? null : { login: comment.user.login, id: comment.user.id },
        association: comment.author_association,
        createdAt: comment.created_at,
      }));
    },
    async writeComment(issueNumber, id, body, author) {
      if (id !== undefined) {
        await octokit.rest.issues.updateComment({ ...repo, comment_id: id, body });
        return { action: "updated", id };
      }
      // A lost answer must not leave two sticky comments: no blind retry, read back by the marker
      // among our own comments only (an outsider's comment carrying the marker is not ours).
      const findOurs = async () => stickyComment(await port.listComments(issueNumber), COMMENT_MARKER, author)?.id;
      const created = await createCommentOnce(
        octokit,
        { ...repo, issueNumber, marker: COMMENT_MARKER, body },
        deps,
        findOurs,
      );
      return { action: "created", id: created };
    },
    async react(commentId, content) {
      const response = await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
      return response.status === 201 ? "created" : "existed";
    },
  };
  return port;
}
