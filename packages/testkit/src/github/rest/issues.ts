import { notFound } from "../errors.js";
import type { IssueComment, Repository } from "../model.js";
import { issueOf, json, numberParam, type RestContext, type RestHandler, repoOf, stringParam } from "./context.js";
import { paginate } from "./paginate.js";
import { renderIssueComment, renderLabel } from "./render.js";

function commentOf(context: RestContext, repo: Repository): IssueComment {
  const id = numberParam(context, "comment_id");
  const comment = repo.comments.find((candidate) => candidate.id === id);
  if (comment === undefined) throw notFound(context.operation.documentationUrl);
  return comment;
}

/** GET /repos/{owner}/{repo}/issues/{issue_number}/comments — oldest first, `since` on updated_at. */
const listComments: RestHandler = (context) => {
  const repo = repoOf(context);
  const issue = issueOf(context, repo);
  const since = stringParam(context, "since");
  const sinceMs = since === undefined ? undefined : Date.parse(since);
  const comments = repo.comments.filter(
    (comment) => comment.issueNumber === issue.number && (sinceMs === undefined || comment.updatedAt >= sinceMs),
  );
  const page = paginate(comments, context.url, context.params);
  return json(
    200,
    page.items.map((comment) => renderIssueComment(comment, context.api)),
    page.headers,
  );
};

/** POST /repos/{owner}/{repo}/issues/{issue_number}/comments */
const createComment: RestHandler = (context) => {
  const repo = repoOf(context);
  const issue = issueOf(context, repo);
  const id = context.store.nextId();
  const comment: IssueComment = {
    __typename: "IssueComment",
    repo,
    id,
    nodeId: "",
    issueNumber: issue.number,
    body: String(context.body["body"]),
    user: context.viewer,
    createdAt: context.now,
    updatedAt: context.now,
  };
  comment.nodeId = context.store.nodeId("IC", id, comment);
  repo.comments.push(comment);
  issue.updatedAt = context.now;
  const rendered = renderIssueComment(comment, context.api);
  return json(201, rendered, { location: String(rendered["url"]) });
};

/** GET /repos/{owner}/{repo}/issues/comments/{comment_id} */
const getComment: RestHandler = (context) => {
  const repo = repoOf(context);
  return json(200, renderIssueComment(commentOf(context, repo), context.api));
};

/** PATCH /repos/{owner}/{repo}/issues/comments/{comment_id} */
const updateComment: RestHandler = (context) => {
  const repo = repoOf(context);
  const comment = commentOf(context, repo);
  comment.body = String(context.body["body"]);
  comment.updatedAt = context.now;
  return json(200, renderIssueComment(comment, context.api));
};

/** DELETE /repos/{owner}/{repo}/issues/comments/{comment_id} */
const deleteComment: RestHandler = (context) => {
  const repo = repoOf(context);
  const comment = commentOf(context, repo);
  repo.comments.splice(repo.comments.indexOf(comment), 1);
  return { status: 204 };
};

/** GET /repos/{owner}/{repo}/issues/{issue_number}/labels */
const listLabelsOnIssue: RestHandler = (context) => {
  const repo = repoOf(context);
  const issue = issueOf(context, repo);
  const labels = issue.labels.map((name) => context.store.label(repo, name));
  const page = paginate(labels, context.url, context.params);
  return json(
    200,
    page.items.map((label) => renderLabel(label, repo, context.api)),
    page.headers,
  );
};

export const issueHandlers: Record<string, RestHandler> = {
  "issues/list-comments": listComments,
  "issues/create-comment": createComment,
  "issues/get-comment": getComment,
  "issues/update-comment": updateComment,
  "issues/delete-comment": deleteComment,
  "issues/list-labels-on-issue": listLabelsOnIssue,
};
