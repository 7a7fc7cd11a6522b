import {
  describeError,
  InputError,
  type Inputs,
  type InputTable,
  type Logger,
  mapPool,
  type RunContext,
} from "@sre-actions/core";
import {
  DATADOG_CONNECTION_INPUTS,
  DatadogApiError,
  type DatadogConnection,
  type DatadogPort,
  DORA_RETENTION_MS,
  type DoraDeploymentAttributes,
  type DoraFailureAttributes,
  type DoraRemediationType,
  doraEventId,
  parseDatadogConnection,
  toNanoseconds,
} from "@sre-actions/core/datadog";
import type { DeploymentRecord, PullRecord } from "./model.js";

/** The Datadog part of the input table (spread into INPUTS; action.yml has the same names and defaults). */
export const DATADOG_INPUTS = {
  ...DATADOG_CONNECTION_INPUTS,
  "datadog-services": { example: "kanna-api, kanna-worker" },
  "datadog-backfill": { default: "false" },
} as const satisfies InputTable;

export interface DatadogInputs extends DatadogConnection {
  /** Empty: the repository's name. */
  services: string[];
  backfill: boolean;
}

export function parseDatadogInputs(inputs: Inputs<typeof DATADOG_INPUTS>): DatadogInputs {
  const connection = parseDatadogConnection(inputs);
  const backfill = inputs.boolean("datadog-backfill");
  for (const name of ["datadog-services", "datadog-backfill"] as const)
    if (inputs.isSet(name) && connection.apiKey === undefined && (name !== "datadog-backfill" || backfill))
      throw new InputError(name, "is set but datadog-api-key is not", inputs.example("datadog-api-key"));
  return { ...connection, services: inputs.list("datadog-services"), backfill };
}

/** What the run sent to Datadog. */
export interface DatadogOutcome {
  sent: number;
  failed: number;
  /** Older than DORA Metrics keeps (two years): not sent. */
  tooOld: number;
  /** Deployment events marked failed (one per service). */
  marked: number;
  /** Marks Datadog refused or could not match (a warning each). */
  unmarked: number;
  /** Marks not attempted: no application key. */
  unmarkable: number;
}

/** The incident as Datadog sees it: what failed, when, how bad; the number makes the id. */
export interface FailureFacts {
  pull: PullRecord;
  start: number;
  /** When service was restored; undefined while the fix is not deployed. */
  restoredAt: number | undefined;
  environment: string | undefined;
}

/**
 * A deployment to mark failed in Datadog, with what remediated it: a rollback, or a new deployment
 * (the fix: rollforward). The remediation is what Datadog measures recovery time to.
 */
export interface FailureMark {
  failed: DeploymentRecord;
  remediation: { deployment: DeploymentRecord; type: DoraRemediationType } | undefined;
}

/** `sev1`…`sev4` labels (any case, `sev-2` too) as Datadog writes severities (`SEV-2`). */
export function severityOf(labels: readonly string[]): string | undefined {
  for (const label of labels) {
    const match = /^sev-?([1-4])$/i.exec(label.trim());
    if (match !== null) return `SEV-${match[1]}`;
  }
  return undefined;
}

const servicesOf = (settings: Pick<DatadogInputs, "services">, repo: string) =>
  settings.services.length > 0 ? settings.services : [repo.slice(repo.indexOf("/") + 1)];

const repositoryUrl = (context: RunContext, repo: string) => `${context.serverUrl}/${repo}`;

/** The version a deployment event carries: a release's tag, else the deployed commit's first 12 characters. */
export const versionOf = (deployment: DeploymentRecord): string =>
  deployment.id.startsWith("release-") ? deployment.label : deployment.sha.slice(0, 12);

/** The id of the DORA deployment event this action sends for a deployment and service (stable across runs). */
export const deploymentEventId = (deployment: DeploymentRecord, service: string): string =>
  doraEventId("incident-label-metrics", deployment.repo, deployment.id, service);

export function failureEventOf(
  facts: FailureFacts,
  settings: Pick<DatadogInputs, "services">,
  context: RunContext,
): DoraFailureAttributes {
  const severity = severityOf(facts.pull.labels);
  return {
    id: doraEventId("incident-label-metrics", facts.pull.repo, `pr-${facts.pull.number}`),
    services: servicesOf(settings, facts.pull.repo),
    name: facts.pull.title,
    started_at: toNanoseconds(facts.start),
    ...(facts.restoredAt === undefined ? {} : { finished_at: toNanoseconds(facts.restoredAt) }),
    ...(severity === undefined ? {} : { severity }),
    ...(facts.environment === undefined ? {} : { env: facts.environment }),
    git: {
      commit_sha: facts.pull.mergeCommitOid ?? context.sha,
      repository_url: repositoryUrl(context, facts.pull.repo),
    },
    custom_tags: [`github_pr:${facts.pull.number}`],
  };
}

/** One deployment event per service; ids from the deployment record, so a second backfill updates, never adds. */
export function deploymentEventsOf(
  deployment: DeploymentRecord,
  settings: Pick<DatadogInputs, "services">,
  context: RunContext,
): DoraDeploymentAttributes[] {
  return servicesOf(settings, deployment.repo).map((service) => ({
    id: deploymentEventId(deployment, service),
    service,
    started_at: toNanoseconds(deployment.at),
    finished_at: toNanoseconds(deployment.at),
    version: versionOf(deployment),
    ...(deployment.environment === undefined ? {} : { env: deployment.environment }),
    git: { commit_sha: deployment.sha, repository_url: repositoryUrl(context, deployment.repo) },
  }));
}

type Event =
  | { kind: "deployment"; attributes: DoraDeploymentAttributes }
  | { kind: "failure"; attributes: DoraFailureAttributes };

/** Everything one run sends: events first (a mark needs its deployment event), then the marks. */
export interface DatadogPlan {
  events: Event[];
  marks: FailureMark[];
}

/**
 * Sends the events a few at a time (Datadog dedupes by id, so re-sending is harmless; what is older
 * than its retention is skipped), then marks each failed deployment with its remediation. A Datadog
 * error is a warning, never the run's failure.
 */
export async function sendToDatadog(
  datadog: DatadogPort,
  plan: DatadogPlan,
  settings: Pick<DatadogInputs, "services">,
  now: number,
  log: Logger,
): Promise<DatadogOutcome> {
  const outcome: DatadogOutcome = { sent: 0, failed: 0, tooOld: 0, marked: 0, unmarked: 0, unmarkable: 0 };
  const old = (epochMs: number) => epochMs < now - DORA_RETENTION_MS;
  const fresh = plan.events.filter((event) => {
    const end = (event.attributes.finished_at ?? event.attributes.started_at) / 1e6;
    if (old(end)) outcome.tooOld += 1;
    return !old(end);
  });
  let firstError: string | undefined;
  await mapPool(fresh, 4, async (event) => {
    try {
      if (event.kind === "deployment") await datadog.sendDeployment(event.attributes);
      else await datadog.sendFailure(event.attributes);
      outcome.sent += 1;
    } catch (error) {
      outcome.failed += 1;
      firstError ??= describeError(error);
    }
  });
  if (outcome.failed > 0)
    log.warning(
      `Datadog did not take ${outcome.failed} of ${fresh.length} DORA event(s) (the run is not affected): ${firstError}`,
    );
  if (outcome.tooOld > 0) log.info(`Skipped ${outcome.tooOld} event(s) older than DORA Metrics keeps (2 years)`);
  if (outcome.sent > 0) log.info(`Sent ${outcome.sent} DORA event(s) to Datadog (${datadog.site})`);
  await markFailures(datadog, plan, settings, outcome, (at) => old(at), log);
  return outcome;
}

/**
 * Datadog computes change failure rate and failed deployment recovery time from deployments marked
 * failed, not from failure events. Each mark goes by the id of the event this action sends for the
 * deployment (`datadog-backfill`), its remediation too; when Datadog has no such event (the
 * deployments come from elsewhere: ecs-deploy, APM), by service, env and version.
 */
async function markFailures(
  datadog: DatadogPort,
  plan: DatadogPlan,
  settings: Pick<DatadogInputs, "services">,
  outcome: DatadogOutcome,
  tooOld: (epochMs: number) => boolean,
  log: Logger,
): Promise<void> {
  const marks = plan.marks.filter((mark) => !tooOld(mark.failed.at));
  if (marks.length === 0) return;
  if (!datadog.hasAppKey) {
    outcome.unmarkable = marks.length;
    log.warning(
      `${marks.length} failed deployment(s) were not marked in Datadog: marking needs datadog-app-key (an application key with dora_metrics_write); Datadog's change failure rate and recovery time come from deployments marked failed`,
    );
    return;
  }
  const problems: string[] = [];
  const jobs = marks.flatMap((mark) => servicesOf(settings, mark.failed.repo).map((service) => ({ mark, service })));
  await mapPool(jobs, 4, async ({ mark, service }) => {
    const remediation = mark.remediation;
    try {
      try {
        await datadog.patchDeployment(deploymentEventId(mark.failed, service), {
          change_failure: true,
          ...(remediation === undefined
            ? {}
            : {
                remediation: { id: deploymentEventId(remediation.deployment, service), type: remediation.type },
              }),
        });
      } catch (error) {
        const env = mark.failed.environment;
        if (!(error instanceof DatadogApiError && error.status === 404) || env === undefined) throw error;
        await datadog.patchDeploymentByVersion({
          service,
          env,
          version: versionOf(mark.failed),
          change_failure: true,
          ...(remediation === undefined
            ? {}
            : { remediation: { version: versionOf(remediation.deployment), type: remediation.type } }),
        });
      }
      outcome.marked += 1;
    } catch (error) {
      outcome.unmarked += 1;
      problems.push(`${mark.failed.label} (${service}): ${describeError(error)}`);
    }
  });
  if (outcome.marked > 0) log.info(`Marked ${outcome.marked} deployment event(s) failed in Datadog`);
  if (problems.length > 0)
    log.warning(
      `Datadog could not mark ${problems.length} deployment(s) failed (the run is not affected): ${problems.sort().join("; ")}`,
    );
}

export type { Event as DatadogEvent };
