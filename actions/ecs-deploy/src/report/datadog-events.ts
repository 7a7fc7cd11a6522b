import type { ContainerDefinition } from "@aws-sdk/client-ecs";
import { describeError, type Logger, type RunContext } from "@sre-actions/core";
import { type DatadogPort, type DoraDeploymentAttributes, doraEventId, toNanoseconds } from "@sre-actions/core/datadog";
import type { DatadogInputs } from "../inputs/datadog.js";
import { parseImage } from "../plan/image.js";

/** What one service's deployment tells Datadog, and whether Datadog took it. */
export interface DeploymentEvent {
  service: string;
  attributes: DoraDeploymentAttributes;
  sent: boolean;
  error: string | undefined;
}

export interface DeployedService {
  /** The ECS service name. */
  name: string;
  status: string;
  containers: readonly ContainerDefinition[];
}

/** Unified service tagging: the `DD_SERVICE`/`DD_ENV` variables, or the docker labels the agent reads. */
function unifiedTag(container: ContainerDefinition, tag: "service" | "env" | "version"): string | undefined {
  const variable = container.environment?.find((entry) => entry.name === `DD_${tag.toUpperCase()}`)?.value;
  const label = container.dockerLabels?.[`com.datadoghq.tags.${tag}`];
  return [variable, label].find((value) => value !== undefined && value !== "");
}

/** The application container: the one tagged for Datadog, else the first essential one. */
function appContainer(containers: readonly ContainerDefinition[]): ContainerDefinition | undefined {
  return (
    containers.find((container) => unifiedTag(container, "service") !== undefined) ??
    containers.find((container) => container.essential !== false) ??
    containers[0]
  );
}

/** The image's tag (or short digest): what the version is called in APM deployment tracking too. */
function versionOf(image: string | undefined): string | undefined {
  const reference = image === undefined ? undefined : parseImage(image);
  return reference?.tag ?? reference?.digest?.replace(/^sha256:/, "").slice(0, 12);
}

/** One DORA deployment event per service, with an id stable across re-runs of the same workflow run. */
export function deploymentEventOf(
  service: DeployedService,
  settings: Pick<DatadogInputs, "service" | "env">,
  context: RunContext,
  cluster: string,
  window: { startedAt: number; finishedAt: number },
): DoraDeploymentAttributes {
  const container = appContainer(service.containers);
  const env = (container && unifiedTag(container, "env")) ?? settings.env;
  const version = versionOf(container?.image);
  const runId = /\/actions\/runs\/(\d+)/.exec(context.runUrl)?.[1] ?? context.sha;
  return {
    id: doraEventId("ecs-deploy", context.repository, runId, cluster, service.name),
    service: settings.service ?? (container && unifiedTag(container, "service")) ?? service.name,
    ...(env === undefined ? {} : { env }),
    ...(version === undefined ? {} : { version }),
    started_at: toNanoseconds(window.startedAt),
    finished_at: toNanoseconds(window.finishedAt),
    git: { commit_sha: context.sha, repository_url: `${context.serverUrl}/${context.repository}` },
    custom_tags: [`ecs_cluster:${cluster}`, `ecs_service:${service.name}`, `deploy_status:${service.status}`],
  };
}

/** Sends the events; Datadog being down or refusing is a warning, never the deploy's failure. */
export async function sendDeploymentEvents(
  datadog: DatadogPort,
  events: { service: string; attributes: DoraDeploymentAttributes }[],
  log: Logger,
): Promise<DeploymentEvent[]> {
  return Promise.all(
    events.map(async ({ service, attributes }) => {
      try {
        await datadog.sendDeployment(attributes);
        log.info(
          `[${service}] Datadog deployment event sent: service ${attributes.service}${attributes.env ? ` env ${attributes.env}` : ""}${attributes.version ? ` version ${attributes.version}` : ""}`,
        );
        return { service, attributes, sent: true, error: undefined };
      } catch (error) {
        const reason = describeError(error);
        log.warning(
          `[${service}] could not send the Datadog deployment event (the deploy is not affected): ${reason}`,
          {
            title: `${service}: Datadog deployment event not sent`,
          },
        );
        return { service, attributes, sent: false, error: reason };
      }
    }),
  );
}

/** What the run did in Datadog, for the summary. */
