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
import type { GitHubPort, Reaction } from "./github.js";
import type { ActionInputs } from "./inputs.js";
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
  const comment = context.payload.comment as Record<string, unknown> | undefined;
  const pull = context.pullRequest;
  if (context.eventName !== "issue_comment" || pull === undefined || typeof comment?.id !== "number") return undefined;
  const user = comment.user as { login?: unknown } | undefined;
  return {
    commentId: comment.id,
    body: typeof comment.body === "string" ? comment.body : "",
    login: typeof user?.login === "string" ? user.login : context.actor,
    association: typeof comment.author_association === "string" ? comment.author_association : "NONE",
    pull: { number: pull.number, url: pull.url, state: pull.state },
  };
}

const REACTION: Record<Verdict, Reaction> = { done: "rocket", refused: "confused" };

/**
 * mode command: answer one `/env` comment. Who may ask and whether the PR is open are checked
 * before any call; the answer goes into the PR's sticky comment (which also remembers answered
 * comment ids, so a re-run does not apply a command twice) and the comment gets 👀, then 🚀 or 😕.
 * At most 5 GitHub requests (👀, the PR, the sticky comment read and write, 🚀/😕) and 4 Notion
 * requests (database, data source, one query, one write) per command.
 */
export async function answerCommand(
  inputs: Pick<
    ActionInputs,
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
  const asked = {
    ...base,
    command: { text: event.body.split(/\r?\n/, 1)[0]?.trim() ?? "", by: event.login, commentId: event.commentId },
  };
  const refuse = (text: string) => ({
    ...asked,
    outcome: text.replace(/\*\*/g, ""),
    answer: { verdict: "refused" as const, text },
  });

  // Outsiders get a reaction and nothing else: no write to the sticky comment, no record, no echo.
  if (!inputs.allowedAssociations.includes(event.association as (typeof inputs.allowedAssociations)[number])) {
    const outcome = `@${event.login} is ${event.association}, not one of ${inputs.allowedAssociations.join(", ")}: not obeyed, nothing written`;
    log.info(logText(outcome));
    await quietly(log, "react to the comment", () => github.react(event.commentId, REACTION.refused));
    return { ...asked, outcome, outsider: true };
  }
  // Our sticky comment is the one our own token wrote: ask GitHub who that is.
  const me = await quietly(log, "ask GitHub who the token is", () => github.identity());
  if (me === undefined) {
    await quietly(log, "react to the comment", () => github.react(event.commentId, REACTION.refused));
    return {
      ...asked,
      outcome: "Could not ask GitHub who the token is (the log says why); nothing applied. Re-run the job to try again",
    };
  }
  /** Answers on the PR and reacts; `record: false` (a transient failure) lets a re-run try the command again. */
  const finish = async (
    result: NotionEnvStatusResult,
    sticky: { id: number; body: string } | undefined | null,
    record = true,
  ) => {
    const verdict = result.answer?.verdict ?? "refused";
    const existing =
      sticky === null
        ? await quietly(log, "read the sticky comment", () => github.findComment(event.pull.number, COMMENT_MARKER, me))
        : sticky;
    const handled = handledCommands(existing?.body);
    handled.delete(event.commentId);
    if (record) handled.set(event.commentId, verdict);
    const body = `${renderAnswer(result)}\n\n${handledMarker(handled)}`;
    result.comment = await quietly(log, "answer on the pull request", () =>
      github.writeComment(event.pull.number, existing?.id, body, me),
    );
    await quietly(log, "react to the comment", () => github.react(event.commentId, REACTION[verdict]));
    return result;
  };

  if (event.pull.state === "closed")
    return finish(
      refuse(`#${event.pull.number} is closed: environment commands only work on open pull requests.`),
      null,
    );

  await quietly(log, "react to the comment", () => github.react(event.commentId, "eyes"));
  const sticky = await quietly(log, "read the sticky comment", () =>
    github.findComment(event.pull.number, COMMENT_MARKER, me),
  );
  const previous = handledCommands(sticky?.body).get(event.commentId);
  if (previous !== undefined) {
    log.info(`Comment ${event.commentId} was answered before (${previous}); nothing is applied again.`);
    await quietly(log, "react to the comment", () => github.react(event.commentId, REACTION[previous]));
    return { ...asked, outcome: `Already answered (${previous}); nothing applied again`, replay: true };
  }
  if (command.kind === "help" || command.kind === "unknown") {
    const verdict: Verdict = command.kind === "help" ? "done" : "refused";
    const text =
      command.kind === "help"
        ? "The environment commands:"
        : `I did not understand that: ${markdownText(command.problem)}. The environment commands:`;
    return finish({ ...asked, outcome: text, answer: { verdict, text }, help: true }, sticky);
  }
  let branch: string | undefined;
  if (command.kind !== "list") {
    const pull = await quietly(log, "read the pull request", () => github.pullRequest(event.pull.number));
    if (pull === undefined) {
      const text = `Could not read #${event.pull.number} from GitHub (the log says why); nothing changed. Re-run the job to try again.`;
      return finish(refuse(text), sticky, false);
    }
    if (pull.state !== "OPEN") {
      return finish(
        refuse(
          `#${event.pull.number} is ${pull.state.toLowerCase()}: environment commands only work on open pull requests.`,
        ),
        sticky,
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
  return finish(result, sticky, board.failure === undefined);
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
