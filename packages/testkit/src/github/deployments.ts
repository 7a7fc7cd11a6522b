import type { Actor, Deployment, DeploymentStatus, DeploymentStatusState, Repository } from "./model.js";
import type { GitHubStore } from "./store.js";

export interface NewDeployment {
  sha: string;
  ref: string;
  environment?: string | undefined;
  task?: string | undefined;
  payload?: unknown;
  description?: string | null | undefined;
  transientEnvironment?: boolean | undefined;
  productionEnvironment?: boolean | undefined;
  creator: Actor;
  createdAt: number;
}

export function createDeployment(store: GitHubStore, repo: Repository, input: NewDeployment): Deployment {
  const environment = input.environment ?? "production";
  const id = store.nextId();
  const deployment: Deployment = {
    __typename: "Deployment",
    repo,
    id,
    nodeId: "",
    sha: input.sha,
    ref: input.ref,
    task: input.task ?? "deploy",
    payload: input.payload ?? {},
    environment,
    originalEnvironment: environment,
    description: input.description ?? null,
    creator: input.creator,
    createdAt: input.createdAt,
    updatedAt: input.createdAt,
    transientEnvironment: input.transientEnvironment ?? false,
    // Documented default: true when the environment is `production`, false otherwise.
    productionEnvironment: input.productionEnvironment ?? environment === "production",
    statuses: [],
  };
  deployment.nodeId = store.nodeId("DE", id, deployment);
  repo.deployments.push(deployment);
  return deployment;
}

export interface NewDeploymentStatus {
  state: DeploymentStatusState;
  description?: string | undefined;
  environment?: string | undefined;
  logUrl?: string | undefined;
  targetUrl?: string | undefined;
  environmentUrl?: string | undefined;
  autoInactive?: boolean | undefined;
  creator: Actor;
  createdAt: number;
}

export function addDeploymentStatus(
  store: GitHubStore,
  deployment: Deployment,
  input: NewDeploymentStatus,
): DeploymentStatus {
  // Documented: without `environment` the previous status's environment (or the deployment's) is kept;
  // with it, the deployment moves to that environment.
  const environment = input.environment ?? deployment.statuses.at(-1)?.environment ?? deployment.environment;
  deployment.environment = environment;
  // `log_url` replaces `target_url`; setting one sets the other.
  const logUrl = input.logUrl ?? input.targetUrl ?? "";
  const id = store.nextId();
  const status: DeploymentStatus = {
    __typename: "DeploymentStatus",
    deployment,
    id,
    nodeId: "",
    state: input.state,
    description: input.description ?? "",
    environment,
    targetUrl: logUrl,
    logUrl,
    environmentUrl: input.environmentUrl ?? "",
    creator: input.creator,
    createdAt: input.createdAt,
    updatedAt: input.createdAt,
  };
  status.nodeId = store.nodeId("DES", id, status);
  deployment.statuses.push(status);
  deployment.updatedAt = input.createdAt;
  if (input.state === "success" && input.autoInactive !== false) deactivatePrevious(store, deployment, input);
  return status;
}

/**
 * `auto_inactive` (default true): a new `success` status marks earlier successful deployments to the same
 * environment `inactive`, but only non-transient, non-production ones, as documented.
 */
function deactivatePrevious(store: GitHubStore, current: Deployment, input: NewDeploymentStatus): void {
  for (const deployment of current.repo.deployments) {
    if (deployment === current || deployment.environment !== current.environment) continue;
    if (deployment.transientEnvironment || deployment.productionEnvironment) continue;
    if (deployment.statuses.at(-1)?.state !== "success") continue;
    addDeploymentStatus(store, deployment, {
      state: "inactive",
      creator: input.creator,
      createdAt: input.createdAt,
      autoInactive: false,
    });
  }
}

/** GraphQL `Deployment.state`, derived from the latest status. */
export function deploymentState(deployment: Deployment): string {
  const latest = deployment.statuses.at(-1);
  if (latest === undefined) return "PENDING";
  switch (latest.state) {
    case "success":
      return "ACTIVE";
    case "inactive":
      return deployment.transientEnvironment ? "DESTROYED" : "INACTIVE";
    default:
      return latest.state.toUpperCase();
  }
}
