import { createHash } from "node:crypto";
import { type Clock, describeError, exactlyOnce, type Logger, type RunContext } from "@sre-actions/core";
import type { Octokit } from "@sre-actions/core/github";

export type DeploymentState = "in_progress" | "success" | "failure";

/** The two GitHub deployment calls ecs-deploy makes, in the repository the run belongs to. */
export interface GitHubDeploymentsPort {
  /**
   * Creates a deployment carrying `marker` in its payload, sent once (no automatic retry); returns
   * its id (undefined when GitHub merged instead, which we never ask for).
   */
  createDeployment(request: {
    ref: string;
    environment: string;
    description: string;
    production: boolean;
    marker: string;
    /** Carried in the deployment's payload (release notes, images). */
    details?: Record<string, unknown> | undefined;
  }): Promise<number | undefined>;
  /** The deployment for this ref and environment whose payload carries `marker`, if one was created. */
  findDeployment(request: { ref: string; environment: string; marker: string }): Promise<number | undefined>;
  /**
   * The deployment GitHub Actions itself created for this run's job (`environment:` on the job):
   * same ref and environment, its latest status pointing at this run. Adopted instead of a second record.
   */
  findRunDeployment(request: { ref: string; environment: string; runUrl: string }): Promise<number | undefined>;
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
        payload: { ...request.details, [MARKER_KEY]: request.marker },
        // plugin-retry would send the POST again after a 5xx: the tracker reads back instead.
        request: { retries: 0 },
      });
      return "id" in created.data ? created.data.id : undefined;
    },
    async findDeployment(request) {
      const listed = await octokit.rest.repos.listDeployments({
        owner: repo.owner,
        repo: repo.repo,
        ...(/^[0-9a-f]{40}$/.test(request.ref) ? { sha: request.ref } : { ref: request.ref }),
        environment: request.environment,
        per_page: 30,
      });
      const payloadOf = (payload: unknown) => (typeof payload === "string" ? safeJson(payload) : payload);
      return listed.data.find((deployment) => {
        const payload = payloadOf(deployment.payload) as Record<string, unknown> | undefined;
        return payload?.[MARKER_KEY] === request.marker;
      })?.id;
    },
    async findRunDeployment(request) {
      const listed = await octokit.rest.repos.listDeployments({
        owner: repo.owner,
        repo: repo.repo,
        ...(/^[0-9a-f]{40}$/.test(request.ref) ? { sha: request.ref } : { ref: request.ref }),
        environment: request.environment,
        per_page: 5,
      });
      const newest = listed.data[0];
      if (newest === undefined || newest.creator?.login !== "github-actions[bot]") return undefined;
      const statuses = await octokit.rest.repos.listDeploymentStatuses({
        owner: repo.owner,
        repo: repo.repo,
        deployment_id: newest.id,
        per_page: 1,
      });
      const latest = statuses.data[0];
      const ours = [latest?.log_url, latest?.target_url].some((url) => url?.startsWith(request.runUrl) === true);
      return ours && (latest?.state === "in_progress" || latest?.state === "queued") ? newest.id : undefined;
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

/** The payload key that marks which run created a deployment (read back after a lost answer). */
const MARKER_KEY = "sre-actions-run";

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Keeps a GitHub deployment's status in step with the ECS deployment. */
export interface DeploymentTracker {
  /** The GitHub deployment created (or adopted), once known. */
  readonly id: number | undefined;
  start(
    environment: string,
    description: string,
    environmentUrl: string,
    details?: Record<string, unknown>,
  ): Promise<void>;
  /** mode continue/rollback: carry on with the deployment the paused run created. */
  adopt(id: number, environmentUrl: string): void;
  /** A status that is not the end (`in_progress`), e.g. paused at a hook. */
  progress(description: string): Promise<void>;
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
  clock: Clock,
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
    get id() {
      return id;
    },
    adopt(existing, url) {
      id = existing;
      environmentUrl = url;
    },
    async progress(description) {
      try {
        await setStatus("in_progress", description);
      } catch (error) {
        log.warning(`Could not update the GitHub deployment status: ${describeError(error)}`);
      }
    },
    async start(environment, description, url, details) {
      environmentUrl = url;
      try {
        // A job with `environment:` already has its deployment: carry on with that one.
        const own = await github.findRunDeployment({ ref: run.sha || run.ref, environment, runUrl: run.runUrl });
        if (own !== undefined) {
          id = own;
          log.info(`Reporting to the GitHub deployment ${own} this job's environment created`);
          await setStatus("in_progress", description);
          return;
        }
        const ref = run.sha || run.ref;
        const marker = createHash("sha256")
          .update(`${run.runUrl}\n${environment}\n${clock.now()}`)
          .digest("hex")
          .slice(0, 32);
        // CreateDeployment is not idempotent: after a lost answer, look for our marker before sending again.
        id = await exactlyOnce({
          what: `create the GitHub deployment for ${environment}`,
          attempt: () =>
            github.createDeployment({
              ref,
              environment,
              description: description.slice(0, 140),
              production: production(environment),
              marker,
              details,
            }),
          readBack: () => github.findDeployment({ ref, environment, marker }),
          clock,
          log,
          attempts: 3,
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
