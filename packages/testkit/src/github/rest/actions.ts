import { parseDateRange } from "../date-range.js";
import { invalidRequest, notFound } from "../errors.js";
import type { WorkflowRun } from "../model.js";
import { json, numberParam, type RestContext, type RestHandler, repoOf, stringParam } from "./context.js";
import { paginate } from "./paginate.js";
import { renderWorkflowRun } from "./render.js";

/** The documented workflow-run filters: actor, branch, event, status (a status or a conclusion), created, head_sha. */
function runFilter(context: RestContext): (run: WorkflowRun) => boolean {
  const actor = stringParam(context, "actor");
  const branch = stringParam(context, "branch");
  const event = stringParam(context, "event");
  const status = stringParam(context, "status");
  const headSha = stringParam(context, "head_sha");
  const createdText = stringParam(context, "created");
  const created = createdText === undefined ? undefined : parseDateRange(createdText);
  if (createdText !== undefined && created === undefined) {
    throw invalidRequest(
      `For 'created', "${createdText}" is not a valid date range.`,
      context.operation.documentationUrl,
    );
  }
  return (run) =>
    (actor === undefined || run.actor.login === actor) &&
    (branch === undefined || run.headBranch === branch) &&
    (event === undefined || run.event === event) &&
    (status === undefined || run.status === status || run.conclusion === status) &&
    (headSha === undefined || run.headSha === headSha) &&
    (created === undefined || created(run.createdAt));
}

/** Documented: with any of these filters a run list returns at most 1,000 results ("for each search"). */
const CAPPED_FILTERS = ["actor", "branch", "check_suite_id", "created", "event", "head_sha", "status"] as const;
export const FILTERED_RUN_LIST_CAP = 1000;

function listRuns(context: RestContext, runs: WorkflowRun[]) {
  const matching = runs.filter(runFilter(context)).sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
  // `total_count` stays the full count; pages past the 1,000th run come back empty.
  const capped = CAPPED_FILTERS.some((name) => context.params[name] !== undefined)
    ? matching.slice(0, FILTERED_RUN_LIST_CAP)
    : matching;
  const page = paginate(capped, context.url, context.params);
  return json(
    200,
    { total_count: matching.length, workflow_runs: page.items.map((run) => renderWorkflowRun(run, context.api)) },
    page.headers,
  );
}

/** GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs — by numeric id or file name. */
const listWorkflowRuns: RestHandler = (context) => {
  const repo = repoOf(context);
  const id = numberParam(context, "workflow_id");
  const name = stringParam(context, "workflow_id");
  const workflow = repo.workflows.find(
    (candidate) =>
      candidate.id === id || String(candidate.id) === name || candidate.path === `.github/workflows/${name}`,
  );
  if (workflow === undefined) throw notFound(context.operation.documentationUrl);
  return listRuns(
    context,
    repo.workflowRuns.filter((run) => run.workflow === workflow),
  );
};

/** GET /repos/{owner}/{repo}/actions/runs */
const listRepoRuns: RestHandler = (context) => {
  const repo = repoOf(context);
  return listRuns(context, repo.workflowRuns);
};

/** GET /repos/{owner}/{repo}/actions/runs/{run_id} */
const getRun: RestHandler = (context) => {
  const repo = repoOf(context);
  const run = repo.workflowRuns.find((candidate) => candidate.id === numberParam(context, "run_id"));
  if (run === undefined) throw notFound(context.operation.documentationUrl);
  return json(200, renderWorkflowRun(run, context.api));
};

export const actionsHandlers: Record<string, RestHandler> = {
  "actions/list-workflow-runs": listWorkflowRuns,
  "actions/list-workflow-runs-for-repo": listRepoRuns,
  "actions/get-workflow-run": getRun,
};
