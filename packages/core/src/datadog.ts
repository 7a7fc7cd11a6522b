/**
 * A small typed Datadog client for the three APIs the pack uses: DORA events (v2), monitors (v1)
 * and log search (v2). The official `@datadog/datadog-api-client` would add ~4.2 MB to an action's
 * bundle (measured with ncc: 5.7 MB for DORA + monitors + logs alone, against a 1.5 MB ecs-deploy
 * bundle) because every API shares one serializer holding every model. The wire types below are
 * Datadog's JSON (snake_case); a testkit test checks them against the official client's models.
 */
import { endpointOverride } from "./endpoint.js";
import { InputError } from "./errors.js";
import type { Inputs, InputTable } from "./inputs.js";
import { paginate } from "./paginate.js";

/** The Datadog sites with DORA, monitors and logs (US1-FED has no DORA Metrics). */
export const DATADOG_SITES = [
  "datadoghq.com",
  "datadoghq.eu",
  "us3.datadoghq.com",
  "us5.datadoghq.com",
  "ap1.datadoghq.com",
  "ap2.datadoghq.com",
  "ddog-gov.com",
] as const;
export type DatadogSite = (typeof DATADOG_SITES)[number];

/** The API host of a site: `https://api.<site>` (the documented endpoint table). */
export function datadogApiUrl(site: DatadogSite): string {
  return `https://api.${site}`;
}

/** Where people open the site in a browser (monitor links). */
export function datadogAppUrl(site: DatadogSite): string {
  return site === "datadoghq.com" || site === "datadoghq.eu" || site === "ddog-gov.com"
    ? `https://app.${site}`
    : `https://${site}`;
}

export function monitorUrl(site: DatadogSite, id: number): string {
  return `${datadogAppUrl(site)}/monitors/${id}`;
}

/** DORA Metrics keeps events two years; older ones cannot count in any metric. */
export const DORA_RETENTION_MS = 2 * 365 * 24 * 60 * 60 * 1000;

/** DORA event ids: 16–128 characters of a-z A-Z 0-9 - _ . : (documented on both endpoints). */
export const DORA_ID_PATTERN = /^[A-Za-z0-9\-_.:]{16,128}$/;

/** DORA timestamps are Unix nanoseconds (int64); milliseconds scale exactly into a double. */
export const toNanoseconds = (epochMs: number): number => Math.round(epochMs) * 1_000_000;

// ------------------------------------------------------------------------------- wire types

export interface DoraGitInfo {
  commit_sha: string;
  repository_url: string;
}

/** `POST /api/v2/dora/deployment` attributes. */
export interface DoraDeploymentAttributes {
  service: string;
  started_at: number;
  finished_at: number;
  /** Re-sending the same id updates the event instead of adding one (a re-run does not double it). */
  id?: string;
  env?: string;
  version?: string;
  team?: string;
  git?: DoraGitInfo;
  custom_tags?: string[];
}

/** `POST /api/v2/dora/failure` attributes; `services` or `team` is required. */
export interface DoraFailureAttributes {
  started_at: number;
  finished_at?: number;
  id?: string;
  services?: string[];
  team?: string;
  env?: string;
  name?: string;
  severity?: string;
  version?: string;
  git?: DoraGitInfo;
  custom_tags?: string[];
}

/** How a failed deployment was remediated: a rollback to an earlier version, or a new deployment (a fix). */
export type DoraRemediationType = "rollback" | "rollforward";

/**
 * `PATCH /api/v2/dora/deployments/{id}` attributes. `remediation` names the remediating
 * deployment by `id` or by `version` (same service and env), never both; Datadog needs it to compute
 * failed deployment recovery time.
 */
export interface DoraDeploymentPatch {
  change_failure?: boolean;
  remediation?: { type: DoraRemediationType } & ({ id: string } | { version: string });
}

/**
 * `PATCH /api/v2/dora/deployments` attributes: the deployment found by service, env and version
 * (the most recently finished one when several match).
 */
export interface DoraDeploymentPatchByVersion {
  service: string;
  env: string;
  version: string;
  change_failure: boolean;
  remediation?: { type: DoraRemediationType } & ({ id: string } | { version: string });
}

export interface DoraEventResponse {
  data: { id: string; type?: "dora_deployment" | "dora_failure" };
}

export const MONITOR_STATES = ["Alert", "Ignored", "No Data", "OK", "Skipped", "Unknown", "Warn"] as const;
export type MonitorOverallState = (typeof MONITOR_STATES)[number];

/** The monitor fields we read (`GET /api/v1/monitor/{id}`, `GET /api/v1/monitor`). */
export interface DatadogMonitor {
  id: number;
  name: string;
  type: string;
  query: string;
  overall_state?: MonitorOverallState;
  tags?: string[];
  modified?: string;
}

export interface LogsSearchRequest {
  filter: { query: string; from: string; to: string; indexes?: string[] };
  page?: { cursor?: string; limit?: number };
  sort?: "timestamp" | "-timestamp";
}

export interface DatadogLog {
  id?: string;
  type?: "log";
  attributes?: {
    timestamp?: string;
    message?: string;
    service?: string;
    status?: string;
    host?: string;
    tags?: string[];
    attributes?: Record<string, unknown>;
  };
}

export interface LogsSearchResponse {
  data?: DatadogLog[];
  links?: { next?: string };
  meta?: { page?: { after?: string }; status?: string; request_id?: string; elapsed?: number };
}

// ------------------------------------------------------------------------------- errors

/** What a Datadog call was, for error messages: the endpoint and the key scope it needs. */
interface Operation {
  method: "GET" | "POST" | "PATCH";
  path: string;
  /** The application-key scope, or undefined when the API key alone is enough. */
  scope?: string;
  /** Safe to send again on 5xx or a dropped connection. */
  idempotent: boolean;
}

export class DatadogApiError extends Error {
  override readonly name = "DatadogApiError";
  constructor(
    message: string,
    readonly status: number,
    readonly endpoint: string,
    readonly errors: readonly string[] = [],
  ) {
    super(message);
  }
}

function explain(operation: Operation, status: number, errors: readonly string[], site: string): string {
  const endpoint = `${operation.method} ${operation.path}`;
  const detail = errors.length > 0 ? `: ${errors.join("; ")}` : "";
  switch (status) {
    case 400:
    case 422:
      return `Datadog refused ${endpoint} as invalid${detail}`;
    case 401:
    case 403:
      return operation.scope === undefined
        ? `Datadog refused the API key for ${endpoint} (HTTP ${status})${detail}; check datadog-api-key and that datadog-site is the key's site (${site})`
        : `Datadog refused the keys for ${endpoint} (HTTP ${status})${detail}; the application key needs the ${operation.scope} scope and both keys must belong to ${site}`;
    case 404:
      return `Datadog has no such object for ${endpoint}${detail}`;
    case 429:
      return `Datadog kept rate-limiting ${endpoint}${detail}`;
    default:
      return `Datadog answered ${endpoint} with HTTP ${status}${detail}`;
  }
}

/** Datadog errors come as `{"errors": ["…"]}` or JSON:API `{"errors": [{"title", "detail"}]}`. */
function errorsOf(body: unknown): string[] {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((item) =>
    typeof item === "string"
      ? item
      : [(item as { title?: string }).title, (item as { detail?: string }).detail].filter(Boolean).join(": "),
  );
}

// ------------------------------------------------------------------------------- the port

/** What logic may ask of Datadog (the client implements it; tests hand it the client against the fake). */
export interface DatadogPort {
  readonly site: DatadogSite;
  /** An application key is set: monitors and log search are possible. */
  readonly hasAppKey: boolean;
  sendDeployment(attributes: DoraDeploymentAttributes): Promise<DoraEventResponse>;
  sendFailure(attributes: DoraFailureAttributes): Promise<DoraEventResponse>;
  /** Marks a deployment event (by its id) failed or stable, with its remediation (needs `dora_metrics_write`). */
  patchDeployment(id: string, attributes: DoraDeploymentPatch): Promise<void>;
  /** The same, for the deployment of `service` in `env` at `version` (needs `dora_metrics_write`). */
  patchDeploymentByVersion(attributes: DoraDeploymentPatchByVersion): Promise<void>;
  getMonitor(id: number): Promise<DatadogMonitor>;
  listMonitors(tags: readonly string[]): Promise<DatadogMonitor[]>;
  searchAllLogs(body: LogsSearchRequest, maxPages?: number): Promise<DatadogLog[]>;
}

/** A DORA event id from parts (repository, run, service…): only the allowed characters, 16–128 long. */
export function doraEventId(...parts: (string | number)[]): string {
  const id = parts
    .map((part) => String(part).replace(/[^A-Za-z0-9\-_.]+/g, "-"))
    .join(":")
    .slice(0, 128);
  return id.length >= 16 ? id : id.padEnd(16, "_");
}

// ------------------------------------------------------------------------------- the client

export interface DatadogClientOptions {
  apiKey: string;
  /** Needed for monitors and log search, not for DORA events. */
  appKey?: string | undefined;
  site: DatadogSite;
  /** Replaces `https://api.<site>` (the composition root passes DATADOG_API_URL: tests, the demo, proxies). */
  baseUrl?: string | undefined;
  /** Waits between retries (a Clock's sleep; virtual in tests). */
  sleep: (ms: number) => Promise<void>;
  /** Attempts after the first on 429, 5xx of idempotent calls, or a dropped connection. */
  maxRetries?: number;
  /** Longest wait honoured from X-RateLimit-Reset. */
  maxRetryDelayMs?: number;
  timeoutMs?: number;
}

export class DatadogClient implements DatadogPort {
  readonly site: DatadogSite;
  private readonly baseUrl: string;
  private readonly maxRetries: number;
  private readonly maxRetryDelayMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: DatadogClientOptions) {
    this.site = options.site;
    this.baseUrl = (options.baseUrl ?? datadogApiUrl(options.site)).replace(/\/+$/, "");
    this.maxRetries = options.maxRetries ?? 4;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  get hasAppKey(): boolean {
    return this.options.appKey !== undefined && this.options.appKey !== "";
  }

  /** Sends (or, with the same `id`, updates) a DORA deployment event. */
  sendDeployment(attributes: DoraDeploymentAttributes): Promise<DoraEventResponse> {
    // An event with an id is an upsert, so a retry cannot double it.
    const idempotent = attributes.id !== undefined;
    return this.request<DoraEventResponse>(
      { method: "POST", path: "/api/v2/dora/deployment", idempotent },
      { data: { attributes } },
    );
  }

  sendFailure(attributes: DoraFailureAttributes): Promise<DoraEventResponse> {
    const idempotent = attributes.id !== undefined;
    return this.request<DoraEventResponse>(
      { method: "POST", path: "/api/v2/dora/failure", idempotent },
      { data: { attributes } },
    );
  }

  async patchDeployment(id: string, attributes: DoraDeploymentPatch): Promise<void> {
    // Absolute values: sending the same PATCH twice leaves the same state, so it may be retried.
    await this.request<undefined>(
      {
        method: "PATCH",
        path: `/api/v2/dora/deployments/${encodeURIComponent(id)}`,
        scope: "dora_metrics_write",
        idempotent: true,
      },
      { data: { id, type: "dora_deployment_patch_request", attributes } },
    );
  }

  async patchDeploymentByVersion(attributes: DoraDeploymentPatchByVersion): Promise<void> {
    await this.request<undefined>(
      { method: "PATCH", path: "/api/v2/dora/deployments", scope: "dora_metrics_write", idempotent: true },
      { data: { type: "dora_deployment_patch_request", attributes } },
    );
  }

  getMonitor(id: number): Promise<DatadogMonitor> {
    return this.request<DatadogMonitor>({
      method: "GET",
      path: `/api/v1/monitor/${id}`,
      scope: "monitors_read",
      idempotent: true,
    });
  }

  /** Monitors carrying every one of `tags` (`monitor_tags` filter), all pages. */
  async listMonitors(tags: readonly string[]): Promise<DatadogMonitor[]> {
    const pageSize = 100;
    const monitors: DatadogMonitor[] = [];
    for (let page = 0; page < 1000; page++) {
      const query = new URLSearchParams({
        monitor_tags: tags.join(","),
        page: String(page),
        page_size: String(pageSize),
      });
      const batch = await this.request<DatadogMonitor[]>({
        method: "GET",
        path: `/api/v1/monitor?${query}`,
        scope: "monitors_read",
        idempotent: true,
      });
      monitors.push(...batch);
      if (batch.length < pageSize) break;
    }
    return monitors;
  }

  /** One page of `POST /api/v2/logs/events/search`; `meta.page.after` is the next cursor. */
  searchLogs(body: LogsSearchRequest): Promise<LogsSearchResponse> {
    return this.request<LogsSearchResponse>(
      { method: "POST", path: "/api/v2/logs/events/search", scope: "logs_read_data", idempotent: true },
      body,
    );
  }

  /** Every page of a log search, oldest first by default, up to `maxPages` pages. */
  searchAllLogs(body: LogsSearchRequest, maxPages = 10): Promise<DatadogLog[]> {
    return paginate(
      async (cursor) => {
        const page = await this.searchLogs({
          sort: "timestamp",
          ...body,
          page: { ...body.page, ...(cursor === undefined ? {} : { cursor }) },
        });
        return { items: page.data ?? [], next: page.meta?.page?.after };
      },
      { maxPages },
    );
  }

  private async request<T>(operation: Operation, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      accept: "application/json",
      "dd-api-key": this.options.apiKey,
      "user-agent": "sre-actions",
    };
    if (operation.scope !== undefined) {
      if (!this.hasAppKey)
        throw new DatadogApiError(
          `${operation.method} ${operation.path.split("?")[0]} needs an application key (datadog-app-key) with the ${operation.scope} scope`,
          403,
          operation.path,
        );
      headers["dd-application-key"] = this.options.appKey as string;
    }
    if (body !== undefined) headers["content-type"] = "application/json";
    const label = { ...operation, path: operation.path.split("?")[0] ?? operation.path };
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${this.baseUrl}${operation.path}`, {
          method: operation.method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        if (operation.idempotent && attempt < this.maxRetries) {
          await this.options.sleep(backoff(attempt));
          continue;
        }
        const reason =
          error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        throw new DatadogApiError(`Datadog ${label.method} ${label.path} failed: ${reason}`, 0, label.path);
      }
      const text = await response.text();
      const parsed = parseJson(text);
      if (response.ok) return parsed as T;
      const retryable = response.status === 429 || (response.status >= 500 && operation.idempotent);
      if (retryable && attempt < this.maxRetries) {
        await this.options.sleep(this.retryDelay(response, attempt));
        continue;
      }
      const errors = errorsOf(parsed);
      throw new DatadogApiError(
        explain(label, response.status, errors, this.site),
        response.status,
        label.path,
        errors,
      );
    }
  }

  /** X-RateLimit-Reset is the seconds until the window resets (Datadog's rate-limit headers). */
  private retryDelay(response: Response, attempt: number): number {
    const reset = Number(response.headers.get("x-ratelimit-reset"));
    if (response.status === 429 && Number.isFinite(reset) && reset >= 0)
      return Math.min(this.maxRetryDelayMs, Math.ceil(reset) * 1000 + 250);
    return Math.min(this.maxRetryDelayMs, backoff(attempt));
  }
}

const backoff = (attempt: number): number => 1000 * 2 ** attempt;

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

// ------------------------------------------------------------------------------- connection

/**
 * The Datadog connection inputs every action of the pack spells the same way (spread into an
 * action's INPUTS; its action.yml has the same names and defaults).
 */
export const DATADOG_CONNECTION_INPUTS = {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as a workflow spells it
  "datadog-api-key": { secret: true, example: "${{ secrets.DD_API_KEY }}" },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as a workflow spells it
  "datadog-app-key": { secret: true, example: "${{ secrets.DD_APP_KEY }}" },
  "datadog-site": { default: "datadoghq.com", example: "datadoghq.eu" },
} as const satisfies InputTable;

export interface DatadogConnection {
  /** Undefined: Datadog is not used. */
  apiKey: string | undefined;
  /** Undefined: only what the API key alone allows (sending DORA events). */
  appKey: string | undefined;
  site: DatadogSite;
}

/** The connection inputs and their one rule: an application key is useless without the API key. */
export function parseDatadogConnection(inputs: Inputs<typeof DATADOG_CONNECTION_INPUTS>): DatadogConnection {
  const apiKey = inputs.secret("datadog-api-key");
  const appKey = inputs.secret("datadog-app-key");
  const site = inputs.enum("datadog-site", DATADOG_SITES);
  if (appKey !== undefined && apiKey === undefined)
    throw new InputError("datadog-app-key", "is set but datadog-api-key is not", inputs.example("datadog-api-key"));
  return { apiKey, appKey, site };
}

export interface CreateDatadogClientOptions extends DatadogClientOptions {
  /** Where DATADOG_API_URL and the opt-in are read (default: the process environment). */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The client for a site. `DATADOG_API_URL` (tests, the demo, proxies) replaces `https://api.<site>`,
 * like `GITHUB_API_URL` and `NOTION_API_BASE_URL` for the other factories, and is held to loopback
 * unless `SRE_ACTIONS_ALLOW_ENDPOINT_OVERRIDE=true`.
 */
export function createDatadogClient(options: CreateDatadogClientOptions): DatadogClient {
  const { env = process.env, ...rest } = options;
  // A base URL the code gives (tests, the demo) is trusted; DATADOG_API_URL is held to loopback.
  const baseUrl = options.baseUrl ?? endpointOverride({ variable: "DATADOG_API_URL", env: { ...env } });
  return new DatadogClient({ ...rest, baseUrl });
}
