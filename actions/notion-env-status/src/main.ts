import * as github from "@actions/github";
import { ActionError, actionsLogger, setOutputs, systemClock, writeJobSummary } from "@sre-actions/core";
import { createOctokit } from "@sre-actions/core/github";
import { createNotionClient } from "@sre-actions/core/notion";
import { updateStickyComment } from "./comment.js";
import { runContextOf } from "./context.js";
import { githubPort } from "./github.js";
import { describeClaimant } from "./holder.js";
import { type OutputName, parseInputs } from "./inputs.js";
import { NotionApi } from "./notion-api.js";
import { environmentView } from "./render.js";
import { type RunResult, run } from "./run.js";
import { renderSummary } from "./summary.js";

export async function main(): Promise<void> {
  const inputs = parseInputs();
  const log = actionsLogger;
  const context = runContextOf(github.context);
  const port =
    inputs.githubToken === undefined
      ? undefined
      : githubPort(createOctokit({ token: inputs.githubToken, log }), { owner: context.owner, repo: context.repo });
  const notion = new NotionApi(createNotionClient({ token: inputs.notionToken }));

  const result = await run(inputs, context, { notion, github: port, clock: systemClock, log });

  setOutputs(outputsOf(result));
  await writeJobSummary(renderSummary(result));
  await updateStickyComment(result, inputs.comment, port, log);
  if (result.failure !== undefined && inputs.failOnError) {
    throw new ActionError(
      result.failure.message,
      result.failure.hint === undefined ? {} : { hint: result.failure.hint },
    );
  }
  if (result.conflict?.blocked) {
    throw new ActionError(result.outcome, {
      hint: "Ask the holder, wait until the reservation ends, or run with on-conflict: override.",
    });
  }
}

export function outputsOf(result: RunResult): Record<OutputName, unknown> {
  return {
    "page-id": result.page?.id,
    "page-url": result.page?.url,
    conflict: result.conflict !== undefined,
    holder: result.previousHolder === undefined ? undefined : describeClaimant(result.previousHolder),
    "reserved-until": result.reservation === undefined ? undefined : new Date(result.reservation.until).toISOString(),
    environments:
      result.mode === "status" ? result.rows.map((row) => environmentView(row, result.now, "Free")) : undefined,
  };
}
