import { addDeploymentStatus, createDeployment } from "../deployments.js";
import { GitHubApiError, notFound, validationFailed } from "../errors.js";
import { ancestors, resolveRef } from "../git.js";
import type { Deployment, DeploymentStatusState, Repository } from "../model.js";
import { json, numberParam, type RestContext, type RestHandler, repoOf, stringParam } from "./context.js";
import { paginate } from "./paginate.js";
import { renderDeployment, renderDeploymentStatus } from "./render.js";

function deploymentOf(context: RestContext, repo: Repository): Deployment {
  const id = numberParam(context, "deployment_id");
  const deployment = repo.deployments.find((candidate) => candidate.id === id);
  if (deployment === undefined) throw notFound(context.operation.documentationUrl);
  return deployment;
}

/** GET /repos/{owner}/{repo}/deployments — newest first, filtered by sha, ref, task, environment. */
const listDeployments: RestHandler = (context) => {
  const repo = repoOf(context);
  const filters = { sha: "sha", ref: "ref", task: "task", environment: "environment" } as const;
  const deployments = repo.deployments
    .filter((deployment) =>
      Object.entries(filters).every(([param, field]) => {
        // The spec's default for each filter is the string "none": no filtering.
        const wanted = stringParam(context, param);
        return wanted === undefined || wanted === "none" || deployment[field] === wanted;
      }),
    )
    .reverse();
  const page = paginate(deployments, context.url, context.params);
  return json(
    200,
    page.items.map((deployment) => renderDeployment(deployment, context.api)),
    page.headers,
  );
};

/** GET /repos/{owner}/{repo}/deployments/{deployment_id} */
const getDeployment: RestHandler = (context) => {
  const repo = repoOf(context);
  return json(200, renderDeployment(deploymentOf(context, repo), context.api));
};

/**
 * POST /repos/{owner}/{repo}/deployments, with the documented checks: the ref must exist; with
 * `auto_merge` (default true) a branch behind the default branch gets the default branch merged in
 * and a 202 instead of a deployment; `required_contexts` (default: every context on the commit) must
 * all be `success` or the answer is 409.
 */
const createDeploymentHandler: RestHandler = (context) => {
  const repo = repoOf(context);
  const body = context.body;
  const ref = String(body["ref"]);
  const commit = resolveRef(repo, ref);
  if (commit === undefined) {
    throw new GitHubApiError(422, `No ref found for: ${ref}`, context.operation.documentationUrl);
  }
  const merged = autoMerge(context, repo, ref, body["auto_merge"] !== false);
  if (merged !== undefined) return json(202, { message: merged });
  checkRequiredContexts(context, repo, ref, commit.oid, body["required_contexts"]);
  const deployment = createDeployment(context.store, repo, {
    sha: commit.oid,
    ref,
    environment: optionalString(body["environment"]),
    task: optionalString(body["task"]),
    payload: body["payload"],
    description:
      typeof body["description"] === "string" || body["description"] === null ? body["description"] : undefined,
    transientEnvironment: optionalBoolean(body["transient_environment"]),
    productionEnvironment: optionalBoolean(body["production_environment"]),
    creator: context.viewer,
    createdAt: context.now,
  });
  return json(201, renderDeployment(deployment, context.api));
};

function autoMerge(context: RestContext, repo: Repository, ref: string, enabled: boolean): string | undefined {
  const branchTip = repo.branches.get(ref);
  const defaultTip = repo.branches.get(repo.defaultBranch);
  if (!enabled || ref === repo.defaultBranch || branchTip === undefined || defaultTip === undefined) return undefined;
  if (ancestors(repo, branchTip).has(defaultTip)) return undefined;
  context.store.addCommit(repo, {
    parents: [branchTip, defaultTip],
    message: `Merge branch '${repo.defaultBranch}' into ${ref}`,
    date: context.now,
    author: context.viewer,
    branch: ref,
  });
  return `Auto-merged ${repo.defaultBranch} into ${ref} on deployment.`;
}

function checkRequiredContexts(context: RestContext, repo: Repository, ref: string, sha: string, required: unknown) {
  const latest = new Map<string, string>();
  for (const status of repo.commitStatuses) if (status.sha === sha) latest.set(status.context, status.state);
  const contexts = Array.isArray(required) ? required.map(String) : [...latest.keys()];
  const failing = contexts.filter((name) => latest.get(name) !== "success");
  if (failing.length === 0) return;
  throw new GitHubApiError(
    409,
    `Conflict: Commit status checks failed for ${ref}.`,
    context.operation.documentationUrl,
    {
      errors: [
        {
          contexts: contexts.map((name) => ({ context: name, state: latest.get(name) ?? "missing" })),
          resource: "Deployment",
          field: "required_contexts",
          code: "invalid",
        },
      ],
    },
  );
}

/** The documented maximum length of a deployment status description. */
const MAX_STATUS_DESCRIPTION = 140;

/** POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses */
const createStatus: RestHandler = (context) => {
  const repo = repoOf(context);
  const deployment = deploymentOf(context, repo);
  const body = context.body;
  const description = optionalString(body["description"]);
  if (description !== undefined && description.length > MAX_STATUS_DESCRIPTION) {
    throw validationFailed(
      [
        {
          resource: "DeploymentStatus",
          code: "custom",
          field: "description",
          message: `description is too long (maximum is ${MAX_STATUS_DESCRIPTION} characters)`,
        },
      ],
      context.operation.documentationUrl,
    );
  }
  const status = addDeploymentStatus(context.store, deployment, {
    state: String(body["state"]) as DeploymentStatusState,
    description,
    environment: optionalString(body["environment"]),
    logUrl: optionalString(body["log_url"]),
    targetUrl: optionalString(body["target_url"]),
    environmentUrl: optionalString(body["environment_url"]),
    autoInactive: optionalBoolean(body["auto_inactive"]),
    creator: context.viewer,
    createdAt: context.now,
  });
  return json(201, renderDeploymentStatus(status, context.api));
};

/** GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses — newest first. */
const listStatuses: RestHandler = (context) => {
  const repo = repoOf(context);
  const statuses = [...deploymentOf(context, repo).statuses].reverse();
  const page = paginate(statuses, context.url, context.params);
  return json(
    200,
    page.items.map((status) => renderDeploymentStatus(status, context.api)),
    page.headers,
  );
};

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function optionalBoolean(value: unknown): boolean | undefined {
  return typeof value === "boolean" ? value : undefined;
}

export const deploymentHandlers: Record<string, RestHandler> = {
  "repos/list-deployments": listDeployments,
  "repos/get-deployment": getDeployment,
  "repos/create-deployment": createDeploymentHandler,
  "repos/create-deployment-status": createStatus,
  "repos/list-deployment-statuses": listStatuses,
};
