import { notFound } from "../errors.js";
import { type Actor, type IssueComment, isoTime, type Repository } from "../model.js";
import type { GitHubStore } from "../store.js";
import { json, numberParam, type RestContext, type RestHandler, repoOf, stringParam } from "./context.js";
import { paginate } from "./paginate.js";
import { renderUser } from "./render.js";

/** A reaction on an issue comment (REST `reaction` schema). */
export interface Reaction {
  id: number;
  nodeId: string;
  user: Actor;
  content: string;
  createdAt: number;
}

// Reactions hang off the comment record, so the store's model stays as it is.
const reactionsByComment = new WeakMap<IssueComment, Reaction[]>();

export function reactionsOf(comment: IssueComment): Reaction[] {
  let reactions = reactionsByComment.get(comment);
  if (reactions === undefined) {
    reactions = [];
    reactionsByComment.set(comment, reactions);
  }
  return reactions;
}

export function renderReaction(reaction: Reaction, api: string): Record<string, unknown> {
  return {
    id: reaction.id,
    node_id: reaction.nodeId,
    user: renderUser(reaction.user, api),
    content: reaction.content,
    created_at: isoTime(reaction.createdAt),
  };
}

export interface SeedIssueComment {
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  /** Who wrote it (default: the repository owner). */
  user?: string;
  /** Their author_association (default OWNER for the owner, else NONE). */
  association?: string;
}

/** A comment someone wrote on an issue or pull request (what an issue_comment event is about). */
export function seedIssueComment(store: GitHubStore, options: SeedIssueComment): IssueComment {
  const repo = store.requireRepository(options.owner, options.repo);
  const id = store.nextId();
  const now = store.clock.now();
  const comment: IssueComment = {
    __typename: "IssueComment",
    repo,
    id,
    nodeId: "",
    issueNumber: options.issueNumber,
    body: options.body,
    user: options.user === undefined ? repo.owner : store.actor(options.user),
    createdAt: now,
    updatedAt: now,
    ...(options.association === undefined ? {} : { association: options.association }),
  };
  comment.nodeId = store.nodeId("IC", id, comment);
  repo.comments.push(comment);
  return comment;
}

function commentOf(context: RestContext, repo: Repository): IssueComment {
  const id = numberParam(context, "comment_id");
  const comment = repo.comments.find((candidate) => candidate.id === id);
  if (comment === undefined) throw notFound(context.operation.documentationUrl);
  return comment;
}

/** GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions — optionally one `content`. */
const listForIssueComment: RestHandler = (context) => {
  const comment = commentOf(context, repoOf(context));
  const content = stringParam(context, "content");
  const reactions = reactionsOf(comment).filter((reaction) => content === undefined || reaction.content === content);
  const page = paginate(reactions, context.url, context.params);
  return json(
    200,
    page.items.map((reaction) => renderReaction(reaction, context.api)),
    page.headers,
  );
};

/** POST …/reactions — 201 with the new reaction, or 200 with the one this user already left. */
const createForIssueComment: RestHandler = (context) => {
  const comment = commentOf(context, repoOf(context));
  const content = String(context.body["content"]);
  const reactions = reactionsOf(comment);
  const existing = reactions.find((reaction) => reaction.user === context.viewer && reaction.content === content);
  if (existing !== undefined) return json(200, renderReaction(existing, context.api));
  const id = context.store.nextId();
  const reaction: Reaction = { id, nodeId: "", user: context.viewer, content, createdAt: context.now };
  reaction.nodeId = context.store.nodeId("REA", id, reaction);
  reactions.push(reaction);
  return json(201, renderReaction(reaction, context.api));
};

/** DELETE …/reactions/{reaction_id} — 204, also when it is already gone (as GitHub does). */
const deleteForIssueComment: RestHandler = (context) => {
  const comment = commentOf(context, repoOf(context));
  const reactions = reactionsOf(comment);
  const index = reactions.findIndex((reaction) => reaction.id === numberParam(context, "reaction_id"));
  if (index !== -1) reactions.splice(index, 1);
  return { status: 204 };
};

export const reactionHandlers: Record<string, RestHandler> = {
  "reactions/list-for-issue-comment": listForIssueComment,
  "reactions/create-for-issue-comment": createForIssueComment,
  "reactions/delete-for-issue-comment": deleteForIssueComment,
};
