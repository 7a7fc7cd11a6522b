import type { ContainerDefinition, Task } from "@aws-sdk/client-ecs";
import { type Clock, describeError, type Logger } from "@sre-actions/core";
import { type DatadogPort, type DatadogSite, datadogAppUrl } from "@sre-actions/core/datadog";
import type { LogSource } from "../inputs/datadog.js";
import type { LogsPort } from "../ports.js";
import { awslogsStream, LogFollower, tailLog } from "./logs.js";

/** Where a container's lines are read from, whatever its log driver. */
export interface ContainerLogs {
  /** The last lines a container of a stopped (or stopping) task wrote; empty when there are none to read. */
  tail(definition: ContainerDefinition | undefined, task: Task, lines?: number): Promise<string[]>;
  /** Follows a running task's container; undefined when its lines cannot be read. */
  follow(definition: ContainerDefinition | undefined, taskArn: string, startedAt: number): LineFollower | undefined;
}

export interface LineFollower {
  /** The lines written since the previous call. */
  next(): Promise<string[]>;
}

export interface ContainerLogsDeps {
  logs: LogsPort;
  /** Present when datadog-api-key and datadog-app-key are set. */
  datadog?: DatadogPort | undefined;
  clock: Clock;
  log: Logger;
}

type Route = "cloudwatch" | "datadog" | "firelens-without-keys" | "none";

/** `auto`: awslogs from CloudWatch, FireLens (awsfirelens → Datadog) from Datadog log search when keys allow. */
export function routeOf(
  definition: ContainerDefinition | undefined,
  source: LogSource,
  canSearchDatadog: boolean,
): Route {
  const driver = definition?.logConfiguration?.logDriver;
  if (source === "none") return "none";
  if (source === "datadog") return "datadog";
  if (driver === "awslogs") return "cloudwatch";
  if (driver === "awsfirelens") return source === "auto" && canSearchDatadog ? "datadog" : "firelens-without-keys";
  return "none";
}

/** A container's lines in Datadog, as FireLens' Datadog output tags them (ECS log metadata). */
export function datadogLogQuery(taskArn: string, container: string): string {
  return `@ecs_task_arn:"${taskArn}" @container_name:"${container}"`;
}

/** Datadog indexes a few seconds to minutes late: look a little past the task's end. */
const INGESTION_SLACK_MS = 2 * 60_000;

export function containerLogs(source: LogSource, site: DatadogSite, deps: ContainerLogsDeps): ContainerLogs {
  const datadog = deps.datadog?.hasAppKey ? deps.datadog : undefined;
  let noted = false;
  const noteOnce = (container: string) => {
    if (noted) return;
    noted = true;
    deps.log.warning(
      `Container ${container} logs through FireLens (awsfirelens), whose lines are in Datadog and not readable without datadog-api-key and datadog-app-key (logs_read_data scope); look in Datadog Logs: ${datadogAppUrl(site)}/logs?query=${encodeURIComponent(`@container_name:${container}`)}`,
    );
  };

  const search = async (query: string, from: number, to: number, limit: number, newestFirst: boolean) =>
    (datadog as DatadogPort).searchAllLogs(
      {
        filter: { query, from: new Date(from).toISOString(), to: new Date(to).toISOString() },
        sort: newestFirst ? "-timestamp" : "timestamp",
        page: { limit },
      },
      newestFirst ? 1 : 5,
    );

  return {
    async tail(definition, task, lines = 20) {
      const taskArn = task.taskArn ?? "";
      const name = definition?.name ?? "";
      switch (routeOf(definition, source, datadog !== undefined)) {
        case "cloudwatch": {
          const stream = awslogsStream(definition, taskArn.slice(taskArn.lastIndexOf("/") + 1));
          return stream === undefined ? [] : tailLog(deps.logs, stream, lines);
        }
        case "datadog": {
          if (datadog === undefined) return [];
          const from = (task.createdAt ?? task.startedAt)?.getTime() ?? deps.clock.now() - 3_600_000;
          const to = (task.stoppedAt?.getTime() ?? deps.clock.now()) + INGESTION_SLACK_MS;
          try {
            const found = await search(datadogLogQuery(taskArn, name), from - 60_000, to, lines, true);
            return found.map((entry) => entry.attributes?.message ?? "").reverse();
          } catch (error) {
            return [`(log lines unavailable from Datadog: ${describeError(error)})`];
          }
        }
        case "firelens-without-keys":
          noteOnce(name);
          return [];
        case "none":
          return [];
      }
    },

    follow(definition, taskArn, startedAt) {
      const name = definition?.name ?? "";
      switch (routeOf(definition, source, datadog !== undefined)) {
        case "cloudwatch": {
          const stream = awslogsStream(definition, taskArn.slice(taskArn.lastIndexOf("/") + 1));
          return stream === undefined ? undefined : new LogFollower(deps.logs, stream);
        }
        case "datadog":
          return datadog === undefined ? undefined : datadogFollower(taskArn, name, startedAt);
        case "firelens-without-keys":
          noteOnce(name);
          return undefined;
        case "none":
          return undefined;
      }
    },
  };

  function datadogFollower(taskArn: string, container: string, startedAt: number): LineFollower {
    let since = startedAt - 60_000;
    const seen = new Set<string>();
    let warned = false;
    return {
      async next() {
        try {
          const found = await search(datadogLogQuery(taskArn, container), since, deps.clock.now(), 1000, false);
          const fresh = found.filter((entry) => entry.id === undefined || !seen.has(entry.id));
          for (const entry of fresh) {
            if (entry.id !== undefined) seen.add(entry.id);
            const at = Date.parse(entry.attributes?.timestamp ?? "");
            if (Number.isFinite(at)) since = Math.max(since, at);
          }
          return fresh.map((entry) => entry.attributes?.message ?? "");
        } catch (error) {
          if (!warned) deps.log.warning(`Could not follow ${container}'s lines in Datadog: ${describeError(error)}`);
          warned = true;
          return [];
        }
      },
    };
  }
}
