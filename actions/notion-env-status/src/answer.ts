import {
  ActionError,
  type Clock,
  describeError,
  type Logger,
  logText,
  markdownText,
  type RunContext,
  type RunJournal,
} from "@sre-actions/core";
import { updateBoard } from "./board.js";
import { type Command, parseCommand, type Verdict } from "./command.js";
import { COMMENT_MARKER, handledCommands, handledMarker } from "./comment.js";
import { STATUS_NAMES } from "./fields.js";
import { type GitHubPort, type Identity, type IssueComment, isAuthor, type Reaction, stickyComment } from "./github.js";
import type { NotionEnvStatusInputs } from "./inputs.js";
import type { NotionPort } from "./notion-api.js";
import { renderAnswer } from "./render-answer.js";
import type { NotionEnvStatusResult } from "./result.js";

export interface AnswerDeps {
  notion: NotionPort;
  github: GitHubPort | undefined;
  context: RunContext;
  clock: Clock;
  log: Logger;
  journal?: RunJournal | undefined;
}

/** The comment an issue_comment event is about, on a pull request. */
export interface CommentEvent {
  commentId: number;
  body: string;
  login: string;
  association: string;
  pull: { number: number; url: string; state: string | undefined };
}

export function commentEventOf(context: RunContext): CommentEvent | undefined {
  const comment = context.payload["comment"] as Record<string, unknown> | undefined;
  const pull = context.pullRequest;
  if (context.eventName !== "issue_comment" || pull === undefined || typeof comment?.["id"] !== "number")
    return undefined;
  const user = comment["user"] as { login?: unknown } | undefined;
  return {
    commentId: comment["id"],
    body: typeof comment["body"] === "string" ? comment["body"] : "",
    login: typeof user?.login === "string" ? user.login : context.actor,
    association: typeof comment["author_association"] === "string" ? comment["author_association"] : "NONE",
    pull: { number: pull.number, url: pull.url, state: pull.state },
  };
}

const REACTION: Record<Verdict, Reaction> = { done: "rocket", refused: "confused" };

/**
 * mode command: answer one `/env` comment. Who may ask is checked before any call: an outsider's
 * comment gets 😕 and nothing else. For members, the answer goes into the PR's sticky comment —
 * the one our own token wrote — whose last line records the answered comment ids, so a re-run
 * does not apply a command twice; the comment gets 👀, then 🚀 or 😕. Members' earlier commands
 * whose jobs the concurrency group replaced are answered first. Per command, when no other run
 * holds the environment: at most 6 GitHub requests (who the token is, 👀, the comments, the PR,
 * the answer, 🚀/😕) and 10 Notion requests (database, data source, one query; for a write the
 * claim's 4, the row's re-read, the write, the claim's delete).
 */
export async function answerCommand(
  inputs: Pick<
    NotionEnvStatusInputs,
    | "databaseId"
    | "dataSource"
    | "propertyMap"
    | "timeZone"
    | "userMap"
    | "failOnError"
    | "reserveForMs"
    | "onConflict"
    | "allowForce"
    | "allowedAssociations"
  >,
  deps: AnswerDeps,
): Promise<NotionEnvStatusResult> {
  const { github, log, context } = deps;
  const base: NotionEnvStatusResult = {
    mode: "command",
    environment: undefined,
    pullRequest: context.pullRequest,
    outcome: "",
    rows: [],
    apiCalls: 0,
    apiCallsAfterResolve: 0,
    failure: undefined,
    freeStatus: STATUS_NAMES.free,
    now: deps.clock.now(),
    timeZone: inputs.timeZone,
  };
  const event = commentEventOf(context);
  if (event === undefined) {
    return {
      ...base,
      outcome: `mode command answers comments on pull requests; this run is a ${context.eventName} event`,
      error: new ActionError(
        `mode command runs on issue_comment events of pull requests, not on ${context.eventName}.`,
        {
          hint: "Trigger the workflow with `on: issue_comment: types: [created]` (see examples/workflows/env-commands.yml).",
        },
      ),
    };
  }
  const command = parseCommand(event.body);
  if (command === undefined) return { ...base, outcome: "The comment is not an /env command; nothing to do" };
  if (github === undefined) {
    return {
      ...base,
      outcome: "Cannot answer without github-token",
      error: new ActionError("mode command needs github-token to react and answer on the pull request.", {
        hint: "Leave github-token at its default (the workflow's GITHUB_TOKEN) with pull-requests: write and issues: write.",
      }),
    };
  }
  const allowed = (association: string) =>
    inputs.allowedAssociations.includes(association as (typeof inputs.allowedAssociations)[number]);
  // Outsiders get a reaction and nothing else: no write to the sticky comment, no record, no echo.
  if (!allowed(event.association)) {
    const outcome = `@${event.login} is ${event.association}, not one of ${inputs.allowedAssociations.join(", ")}: not obeyed, nothing written`;
    log.info(logText(outcome));
    await quietly(log, "react to the comment", () => github.react(event.commentId, REACTION.refused));
    return { ...askedBy(base, event), outcome, outsider: true };
  }
  // Our sticky comment is the one our own token wrote: ask GitHub who that is.
  const me = await quietly(log, "ask GitHub who the token is", () => github.identity());
  if (me === undefined) {
    await quietly(log, "react to the comment", () => github.react(event.commentId, REACTION.refused));
    return {
      ...askedBy(base, event),
      outcome: "Could not ask GitHub who the token is (the log says why); nothing applied. Re-run the job to try again",
    };
  }
  const thread = new Thread(github, event.pull.number, me, log);

  if (event.pull.state === "closed") {
    await thread.read();
    return thread.answer(
      refused(base, event, `#${event.pull.number} is closed: environment commands only work on open pull requests.`),
    );
  }
  await quietly(log, "react to the comment", () => github.react(event.commentId, "eyes"));
  const comments = await thread.read();
  const previous = thread.handled().get(event.commentId);
  if (previous !== undefined) {
    log.info(`Comment ${event.commentId} was answered before (${previous}); nothing is applied again.`);
    await quietly(log, "react to the comment", () => github.react(event.commentId, REACTION[previous]));
    return { ...askedBy(base, event), outcome: `Already answered (${previous}); nothing applied again`, replay: true };
  }
  // A burst of comments: the concurrency group keeps one pending job and cancels the one before
  // it. Members' commands no run has answered or started (newer than the last answered one, no
  // 👀 of ours yet) are answered here first, in order, so none is silently dropped.
  const missed = missedCommands(comments ?? [], thread.handled(), event, allowed, me);
  const caughtUp: number[] = [];
  for (const earlier of missed) {
    // 👀 is the claim on it: GitHub answers "existed" when a run (its own, still going) reacted first.
    if ((await quietly(log, "react to the comment", () => github.react(earlier.commentId, "eyes"))) !== "created") {
      continue;
    }
    log.info(`Answering comment ${earlier.commentId} first: its job was replaced in the concurrency group.`);
    await answerOne(inputs, deps, base, earlier, thread);
    caughtUp.push(earlier.commentId);
  }
  const result = await answerOne(inputs, deps, base, event, thread);
  return caughtUp.length === 0 ? result : { ...result, caughtUp };
}

/** The PR's sticky comment as this run knows it: read once, then kept as written. */
class Thread {
  private sticky: { id: number; body: string } | undefined;

  constructor(
    private readonly github: GitHubPort,
    private readonly pull: number,
    private readonly me: Identity,
    private readonly log: Logger,
  ) {}

  /** Reads the PR's comments once (undefined when GitHub failed: the answer then goes to a new comment). */
  async read(): Promise<IssueComment[] | undefined> {
    const comments = await quietly(this.log, "read the comments", () => this.github.listComments(this.pull));
    const ours = comments === undefined ? undefined : stickyComment(comments, COMMENT_MARKER, this.me);
    this.sticky = ours === undefined ? undefined : { id: ours.id, body: ours.body };
    return comments;
  }

  /** The answered comments, from the trailer of our own sticky comment. */
  handled(): Map<number, Verdict> {
    return handledCommands(this.sticky?.body);
  }

  /** Writes the answer (recording the comment unless `record` is false) and reacts 🚀/😕. */
  async answer(result: NotionEnvStatusResult, record = true): Promise<NotionEnvStatusResult> {
    const commentId = result.command?.commentId;
    const verdict = result.answer?.verdict ?? "refused";
    const handled = this.handled();
    if (commentId !== undefined) {
      handled.delete(commentId);
      if (record) handled.set(commentId, verdict);
    }
    const body = `${renderAnswer(result)}\n\n${handledMarker(handled)}`;
    const written = await quietly(this.log, "answer on the pull request", () =>
      this.github.writeComment(this.pull, this.sticky?.id, body, this.me),
    );
    if (written !== undefined) this.sticky = { id: written.id, body };
    result.comment = written?.action;
    if (commentId !== undefined) {
      await quietly(this.log, "react to the comment", () => this.github.react(commentId, REACTION[verdict]));
    }
    return result;
  }
}

/** How far back a run answers missed commands when no answer was recorded yet on the PR. */
const MISSED_WINDOW_MS = 60 * 60_000;
const MISSED_MAX = 10;

/**
 * Members' `/env` comments before `event` that no run answered: newer than the last answered
 * one (or, before any answer on the PR, from the last hour), not ours, at most MISSED_MAX.
 */
export function missedCommands(
  comments: readonly IssueComment[],
  handled: ReadonlyMap<number, Verdict>,
  event: CommentEvent,
  allowed: (association: string) => boolean,
  me: Identity,
): CommentEvent[] {
  const lastAnswered = Math.max(0, ...handled.keys());
  const eventComment = comments.find((comment) => comment.id === event.commentId);
  const since = eventComment === undefined ? Number.NaN : Date.parse(eventComment.createdAt) - MISSED_WINDOW_MS;
  return comments
    .filter(
      (comment) =>
        comment.id < event.commentId &&
        !handled.has(comment.id) &&
        (handled.size > 0 ? comment.id > lastAnswered : Date.parse(comment.createdAt) >= since) &&
        !isAuthor(comment.user, me) &&
        allowed(comment.association) &&
        parseCommand(comment.body) !== undefined,
    )
    .slice(-MISSED_MAX)
    .map((comment) => ({
      commentId: comment.id,
      body: comment.body,
      login: comment.user?.login ?? "someone",
      association: comment.association,
      pull: event.pull,
    }));
}

function askedBy(base: NotionEnvStatusResult, event: CommentEvent): NotionEnvStatusResult {
  return {
    ...base,
    command: { text: event.body.split(/\r?\n/, 1)[0]?.trim() ?? "", by: event.login, commentId: event.commentId },
  };
}

function refused(base: NotionEnvStatusResult, event: CommentEvent, text: string): NotionEnvStatusResult {
  return { ...askedBy(base, event), outcome: text.replace(/\*\*/g, ""), answer: { verdict: "refused", text } };
}

/** One member's command: parsed, checked against the PR, applied to the board, answered. */
async function answerOne(
  inputs: Parameters<typeof answerCommand>[0],
  deps: AnswerDeps,
  base: NotionEnvStatusResult,
  event: CommentEvent,
  thread: Thread,
): Promise<NotionEnvStatusResult> {
  const { github, log, context } = deps;
  const asked = askedBy(base, event);
  const command = parseCommand(event.body);
  if (command === undefined || github === undefined) return { ...asked, outcome: "Not an /env command" };
  if (command.kind === "help" || command.kind === "unknown") {
    const verdict: Verdict = command.kind === "help" ? "done" : "refused";
    const text =
      command.kind === "help"
        ? "The environment commands:"
        : `I did not understand that: ${markdownText(command.problem)}. The environment commands:`;
    return thread.answer({ ...asked, outcome: text, answer: { verdict, text }, help: true });
  }
  let branch: string | undefined;
  if (command.kind !== "list") {
    const pull = await quietly(log, "read the pull request", () => github.pullRequest(event.pull.number));
    if (pull === undefined) {
      const text = `Could not read #${event.pull.number} from GitHub (the log says why); nothing changed. Re-run the job to try again.`;
      return thread.answer(refused(base, event, text), false);
    }
    if (pull.state !== "OPEN") {
      return thread.answer(
        refused(
          base,
          event,
          `#${event.pull.number} is ${pull.state.toLowerCase()}: environment commands only work on open pull requests.`,
        ),
      );
    }
    branch = pull.headRefName;
  }
  const board = await updateBoard(
    inputs,
    {
      mode: "command",
      command,
      reserveForMs: inputs.reserveForMs,
      onConflict: inputs.onConflict,
      allowForce: inputs.allowForce,
    },
    { pullRequest: context.pullRequest, ...(branch === undefined ? {} : { branch }) },
    deps,
  );
  const result: NotionEnvStatusResult = { ...asked, ...board, mode: "command", environment: environmentOf(command) };
  if (board.failure !== undefined) {
    result.answer = {
      verdict: "refused",
      text: `Notion was not updated: ${markdownText(board.failure.message)} Re-run the job to try again.`,
    };
  }
  return thread.answer(result, board.failure === undefined);
}

function environmentOf(command: Command): string | undefined {
  return "environment" in command ? command.environment : undefined;
}

/** A GitHub call whose failure is a warning: the board is the truth, the reply is a courtesy. */
async function quietly<T>(log: Logger, what: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    log.warning(`Could not ${what}: ${logText(describeError(error))}`);
    return undefined;
  }
}
