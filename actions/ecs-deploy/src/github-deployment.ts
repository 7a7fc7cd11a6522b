import { describeError, type Logger } from "@sre-actions/core";
import type { Octokit } from "@sre-actions/core/github";

export interface GitHubRun {
  owner: string;
  repo: string;
  ref: string;
  sha: string;
  runUrl: string;
}

export type DeploymentState = "in_progress" | "success" | "failure";

/** Keeps a GitHub deployment's status in step with the ECS deployment. */
export interface DeploymentTracker {
  start(environment: string, description: string, environmentUrl: string): Promise<void>;
  finish(state: DeploymentState, description: string): Promise<void>;
}

/**
 * GitHub deployments are a record, not the deploy itself: a GitHub API failure becomes a
 * warning and never fails (or blocks) the ECS deployment.
 */
export function githubDeploymentTracker(octokit: Octokit, run: GitHubRun, log: Logger): DeploymentTracker {
  let id: number | undefined;
  let environmentUrl = "";
  const production = (environment: string) => /^prod(uction)?$/i.test(environment);
  const setStatus = async (state: DeploymentState, description: string) => {
    if (id === undefined) return;
    await octokit.rest.repos.createDeploymentStatus({
      owner: run.owner,
      repo: run.repo,
      deployment_id: id,
      state,
      log_url: run.runUrl,
      environment_url: environmentUrl,
      description: description.slice(0, 140),
      auto_inactive: state === "success",
    });
  };
  return {
    async start(environment, description, url) {
      environmentUrl = url;
      try {
        const created = await octokit.rest.repos.createDeployment({
          owner: run.owner,
          repo: run.repo,
          ref: run.sha || run.ref,
          environment,
          description: description.slice(0, 140),
          auto_merge: false,
          required_contexts: [],
          production_environment: production(environment),
          transient_environment: false,
        });
        if ("id" in created.data) id = created.data.id;
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
