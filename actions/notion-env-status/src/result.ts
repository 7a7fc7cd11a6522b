import type { ActionError, PullRequestRef } from "@sre-actions/core";
import type { Mode } from "./inputs.js";
import type { SetupReport } from "./modes/setup.js";
import type { ModeResult } from "./session.js";

/** What one run did, for outputs, the job summary and the PR comment. */
export interface NotionEnvStatusResult extends ModeResult {
  mode: Mode;
  environment: string | undefined;
  pullRequest: PullRequestRef | undefined;
  /** Notion API calls made (each SDK retry of a 429/529 counts once). */
  apiCalls: number;
  /** Calls made after the data source was resolved (deploy: at most 3). */
  apiCallsAfterResolve: number;
  /** A Notion failure reported as a warning (fail-on-error: false) or to fail the step. */
  failure: { message: string; hint: string | undefined } | undefined;
  /** The status option that means free, as the data source spells it ("Free" until the schema is read). */
  freeStatus: string;
  now: number;
  timeZone: string;
  /** What happened to the sticky PR comment. */
  comment?: "created" | "updated" | undefined;
  /** mode command: the comment's first line, who wrote it, its id. */
  command?: { text: string; by: string; commentId: number };
  /** mode command: the comment was answered by an earlier run; nothing was applied again. */
  replay?: boolean;
  /** mode command: earlier members' comments answered first (their jobs were replaced in the concurrency group). */
  caughtUp?: number[];
  /** mode command: the commenter is not obeyed (author_association); only a reaction was left. */
  outsider?: boolean;
  /** mode command: the answer lists the commands. */
  help?: boolean;
  /** mode setup: the database found or created, its columns and rows. */
  setup?: SetupReport;
  /** A misconfigured run (mode command on another event): fails the step whatever fail-on-error says. */
  error?: ActionError;
}
