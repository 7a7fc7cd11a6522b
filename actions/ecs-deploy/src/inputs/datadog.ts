import { InputError, type Inputs, type InputTable, splitList } from "@sre-actions/core";
import { DATADOG_CONNECTION_INPUTS, type DatadogSite, parseDatadogConnection } from "@sre-actions/core/datadog";

/** The Datadog part of ecs-deploy's input table (spread into INPUTS; action.yml has the same names and defaults). */
export const DATADOG_INPUTS = {
  // The connection (api key, app key, site) and its rules are the pack's, in core.
  ...DATADOG_CONNECTION_INPUTS,
  "datadog-service": { example: "kanna-api" },
  "datadog-env": { example: "qa3" },
  "verify-monitors": { example: "service:kanna-api env:qa3 (or monitor ids: 12345678, 23456789)" },
  bake: { default: "0", example: "10m" },
  "log-source": { default: "auto", example: "datadog" },
} as const satisfies InputTable;

export const LOG_SOURCES = ["auto", "cloudwatch", "datadog", "none"] as const;
export type LogSource = (typeof LOG_SOURCES)[number];

/** Which monitors gate the bake: by id, or every monitor carrying all the tags. */
export type MonitorSelector = { kind: "ids"; ids: number[] } | { kind: "tags"; tags: string[] };

export interface DatadogInputs {
  apiKey: string | undefined;
  appKey: string | undefined;
  site: DatadogSite;
  service: string | undefined;
  env: string | undefined;
  monitors: MonitorSelector | undefined;
  bakeMs: number;
  logSource: LogSource;
}

const TAG = /^[a-zA-Z][\w\-./]*:\S+$/;

/** `wait` is the action's wait input: a bake after a rollout nobody waited for would watch the old tasks. */
export function parseDatadogInputs(inputs: Inputs<typeof DATADOG_INPUTS>, wait = true): DatadogInputs {
  const { apiKey, appKey, site } = parseDatadogConnection(inputs);
  const needsKey = (name: "datadog-service" | "datadog-env" | "verify-monitors") => {
    if (inputs.isSet(name) && apiKey === undefined)
      throw new InputError(name, "is set but datadog-api-key is not", inputs.example("datadog-api-key"));
  };
  needsKey("datadog-service");
  needsKey("datadog-env");
  needsKey("verify-monitors");

  const monitors = parseMonitors(inputs.string("verify-monitors"));
  if (monitors !== undefined && appKey === undefined)
    throw new InputError(
      "datadog-app-key",
      "is required when verify-monitors is set (the monitor API needs an application key with monitors_read)",
      inputs.example("datadog-app-key"),
    );
  const bakeMs = inputs.duration("bake", { allowZero: true });
  if (bakeMs > 0 && monitors === undefined)
    throw new InputError(
      "bake",
      "needs verify-monitors: the bake watches those monitors",
      "verify-monitors: service:kanna-api env:qa3",
    );

  if (monitors !== undefined && !wait)
    throw new InputError(
      "verify-monitors",
      "needs wait: true (the bake starts once the rollout has succeeded)",
      "wait: true",
    );

  const logSource = inputs.enum("log-source", LOG_SOURCES);
  if (logSource === "datadog" && (apiKey === undefined || appKey === undefined))
    throw new InputError(
      "log-source",
      "is datadog, which needs datadog-api-key and datadog-app-key (with logs_read_data)",
      "log-source: auto",
    );
  return {
    apiKey,
    appKey,
    site,
    service: inputs.string("datadog-service"),
    env: inputs.string("datadog-env"),
    monitors,
    bakeMs,
    logSource,
  };
}

/** `12345, 23456` (ids) or `service:kanna-api env:qa3` (tags, all must match); not both. */
export function parseMonitors(text: string | undefined): MonitorSelector | undefined {
  if (text === undefined) return undefined;
  const words = splitList(text.replace(/\s+/g, ","));
  if (words.length === 0) return undefined;
  if (words.every((word) => /^\d+$/.test(word))) return { kind: "ids", ids: words.map(Number) };
  const bad = words.find((word) => !TAG.test(word));
  if (bad !== undefined)
    throw new InputError(
      "verify-monitors",
      `must be monitor ids or key:value monitor tags, not both; "${bad}" is neither a tag nor, with the others, an id`,
      "service:kanna-api env:qa3",
    );
  return { kind: "tags", tags: words };
}
