import { describeError, type Logger, type RunContext } from "@sre-actions/core";
import type { Octokit } from "@sre-actions/core/github";

export type DeploymentState = "in_progress" | "success" | "failure";

/** The two GitHub deployment calls ecs-deploy makes, in the repository the run belongs to. */
export interface GitHubDeploymentsPort {
  /** Creates a deployment; returns its id (undefined when GitHub merged instead, which we never ask for). */
  createDeployment(request: {
    ref: string;
    environment: string;
    description: string;
    production: boolean;
  }): Promise<number | undefined>;
  createStatus(
    id: number,
    status: { state: DeploymentState; logUrl: string; environmentUrl: string; description: string },
  ): Promise<void>;
}

export function octokitDeployments(octokit: Octokit, repo: { owner: string; repo: string }): GitHubDeploymentsPort {
  return {
    async createDeployment(request) {
      const created = await octokit.rest.repos.createDeployment({
        owner: repo.owner,
        repo: repo.repo,
        ref: request.ref,
        environment: request.environment,
        description: request.description,
        auto_merge: false,
        required_contexts: [],
        production_environment: request.production,
        transient_environment: false,
      });
      return "id" in created.data ? created.data.id : undefined;
    },
    async createStatus(id, status) {
      await octokit.rest.repos.createDeploymentStatus({
        owner: repo.owner,
        repo: repo.repo,
        deployment_id: id,
        state: status.state,
        log_url: status.logUrl,
        environment_url: status.environmentUrl,
        description: status.description,
        auto_inactive: status.state === "success",
      });
    },
  };
}

/** Keeps a GitHub deployment's status in step with the ECS deployment. */
export interface DeploymentTracker {
  start(environment: string, description: string, environmentUrl: string): Promise<void>;
  finish(state: DeploymentState, description: string): Promise<void>;
}

/**
 * GitHub deployments are a record, not the deploy itself: a GitHub API failure becomes a
 * warning and never fails (or blocks) the ECS deployment.
 */
export function githubDeploymentTracker(
  github: GitHubDeploymentsPort,
  run: RunContext,
  log: Logger,
): DeploymentTracker {
  let id: number | undefined;
  let environmentUrl = "";
  const production = (environment: string) => /^prod(uction)?$/i.test(environment);
  const setStatus = async (state: DeploymentState, description: string) => {
    if (id === undefined) return;
    await github.createStatus(id, {
      state,
      logUrl: run.runUrl,
      environmentUrl,
      description: description.slice(0, 140),
    });
  };
  return {
    async start(environment, description, url) {
      environmentUrl = url;
      try {
        id = await github.createDeployment({
          ref: run.sha || run.ref,
          environment,
          description: description.slice(0, 140),
          production: production(environment),
        });
        await setStatus("in_progress", description);
      } catch (error) {
        log.warning(`Could not create the GitHub deployment for ${environment}: ${describeError(error)}`);
      }
    },
    async finish(state, description) {
      try {
        await setStatus(state, description);
      } catch (error) {
        log.warning(`Could not update the GitHub deployment status: ${describeError(error)}`);
      }
    },
  };
}
