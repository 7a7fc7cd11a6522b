import {
  describeError,
  InputError,
  type Inputs,
  type InputTable,
  type Logger,
  type RunContext,
} from "@sre-actions/core";
import {
  DATADOG_SITES,
  type DatadogPort,
  type DatadogSite,
  DORA_RETENTION_MS,
  type DoraDeploymentAttributes,
  type DoraFailureAttributes,
  doraEventId,
  toNanoseconds,
} from "@sre-actions/core/datadog";
import type { DeploymentRecord, PullRecord } from "./model.js";

/** The Datadog part of the input table (spread into INPUTS; action.yml has the same names and defaults). */
export const DATADOG_INPUTS = {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as a workflow spells it
  "datadog-api-key": { secret: true, example: "${{ secrets.DD_API_KEY }}" },
  "datadog-site": { default: "datadoghq.com", example: "datadoghq.eu" },
  "datadog-services": { example: "kanna-api, kanna-worker" },
  "datadog-backfill": { default: "false" },
} as const satisfies InputTable;

export interface DatadogInputs {
  apiKey: string | undefined;
  site: DatadogSite;
  /** Empty: the repository's name. */
  services: string[];
  backfill: boolean;
}

export function parseDatadogInputs(inputs: Inputs<typeof DATADOG_INPUTS>): DatadogInputs {
  const apiKey = inputs.secret("datadog-api-key");
  const backfill = inputs.boolean("datadog-backfill");
  for (const name of ["datadog-services", "datadog-backfill"] as const)
    if (inputs.isSet(name) && apiKey === undefined && (name !== "datadog-backfill" || backfill))
      throw new InputError(name, "is set but datadog-api-key is not", inputs.example("datadog-api-key"));
  return {
    apiKey,
    site: inputs.enum("datadog-site", DATADOG_SITES),
    services: inputs.list("datadog-services"),
    backfill,
  };
}

/** What the run sent to Datadog. */
export interface DatadogOutcome {
  sent: number;
  failed: number;
  /** Older than DORA Metrics keeps (two years): not sent. */
  tooOld: number;
}

/** The incident as Datadog sees it: what failed, when, how bad; the number makes the id. */
export interface FailureFacts {
  pull: PullRecord;
  start: number;
  /** When service was restored; undefined while the fix is not deployed. */
  restoredAt: number | undefined;
  environment: string | undefined;
}

/** `sev1`…`sev4` labels (any case, `sev-2` too) as Datadog writes severities (`SEV-2`). */
export function severityOf(labels: readonly string[]): string | undefined {
  for (const label of labels) {
    const match = /^sev-?([1-4])$/i.exec(label.trim());
    if (match !== null) return `SEV-${match[1]}`;
  }
  return undefined;
}

const servicesOf = (settings: DatadogInputs, repo: string) =>
  settings.services.length > 0 ? settings.services : [repo.slice(repo.indexOf("/") + 1)];

const repositoryUrl = (context: RunContext, repo: string) => `${context.serverUrl}/${repo}`;

export function failureEventOf(
  facts: FailureFacts,
  settings: DatadogInputs,
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
  settings: DatadogInputs,
  context: RunContext,
): DoraDeploymentAttributes[] {
  const version = deployment.id.startsWith("release-") ? deployment.label : deployment.sha.slice(0, 12);
  return servicesOf(settings, deployment.repo).map((service) => ({
    id: doraEventId("incident-label-metrics", deployment.repo, deployment.id, service),
    service,
    started_at: toNanoseconds(deployment.at),
    finished_at: toNanoseconds(deployment.at),
    version,
    ...(deployment.environment === undefined ? {} : { env: deployment.environment }),
    git: { commit_sha: deployment.sha, repository_url: repositoryUrl(context, deployment.repo) },
  }));
}

type Event =
  | { kind: "deployment"; attributes: DoraDeploymentAttributes }
  | { kind: "failure"; attributes: DoraFailureAttributes };

/**
 * Sends the events a few at a time. Datadog dedupes by id, so re-sending what it has is harmless;
 * what is older than its retention is skipped. A Datadog error is a warning, never the run's failure.
 */
export async function sendEvents(
  datadog: DatadogPort,
  events: readonly Event[],
  now: number,
  log: Logger,
): Promise<DatadogOutcome> {
  const outcome: DatadogOutcome = { sent: 0, failed: 0, tooOld: 0 };
  const fresh = events.filter((event) => {
    const end = event.attributes.finished_at ?? event.attributes.started_at;
    const old = end / 1e6 < now - DORA_RETENTION_MS;
    if (old) outcome.tooOld += 1;
    return !old;
  });
  let firstError: string | undefined;
  const queue = [...fresh];
  const worker = async () => {
    for (let event = queue.shift(); event !== undefined; event = queue.shift()) {
      try {
        if (event.kind === "deployment") await datadog.sendDeployment(event.attributes);
        else await datadog.sendFailure(event.attributes);
        outcome.sent += 1;
      } catch (error) {
        outcome.failed += 1;
        firstError ??= describeError(error);
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  if (outcome.failed > 0)
    log.warning(
      `Datadog did not take ${outcome.failed} of ${fresh.length} DORA event(s) (the run is not affected): ${firstError}`,
    );
  if (outcome.tooOld > 0) log.info(`Skipped ${outcome.tooOld} event(s) older than DORA Metrics keeps (2 years)`);
  if (outcome.sent > 0) log.info(`Sent ${outcome.sent} DORA event(s) to Datadog (${datadog.site})`);
  return outcome;
}

export type { Event as DatadogEvent };
