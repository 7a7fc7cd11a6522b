import type { PullRequestRef } from "@sre-actions/core";
import type { Mode } from "./inputs.js";
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
}
