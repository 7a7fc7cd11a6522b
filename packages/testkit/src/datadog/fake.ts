import {
  DATADOG_SITES,
  type DatadogMonitor,
  type DatadogSite,
  type DoraDeploymentAttributes,
  type DoraDeploymentPatch,
  type DoraFailureAttributes,
  type MonitorOverallState,
} from "@sre-actions/core/datadog";
import {
  type Classification,
  type FakeRequest,
  type FakeResponse,
  FakeServer,
  type FakeServerOptions,
} from "../fake/server.js";
import { compileLogQuery, LogQueryError, parseLogTime, type StoredLog } from "./log-query.js";
import { modelProblems } from "./models.js";

export const DATADOG_FAKE_API_KEY = "fake0000datadog0api0key000000000";

/**
 * DORA event ids, as the API reference documents both event endpoints: "Must be 16-128 characters
 * and contain only alphanumeric characters, hyphens, underscores, periods, and colons (a-z, A-Z,
 * 0-9, -, _, ., :)". Written here from the documentation, independently of the client under test.
 */
export const DOCUMENTED_DORA_ID = /^[A-Za-z0-9\-_.:]{16,128}$/;

/**
 * Datadog's data retention periods page: DORA Metrics keeps deployments 2 years
 * (https://docs.datadoghq.com/data_security/data_retention_periods/). The fake refuses older events.
 */
export const DOCUMENTED_DORA_RETENTION_MS = 2 * 365 * 86_400_000;
export const DATADOG_FAKE_APP_KEY = "fake0000datadog0application0key0000000000";

/** The application-key scopes the pack's calls need (Datadog's authorization scopes). */
export const DATADOG_SCOPES = ["monitors_read", "logs_read_data", "dora_metrics_write"] as const;
export type DatadogScope = (typeof DATADOG_SCOPES)[number];

export interface DatadogFakeOptions extends FakeServerOptions {
  /** The site whose org the keys belong to (monitor links, `site` on records). */
  site?: DatadogSite;
  /** Accepted API keys (default: [DATADOG_FAKE_API_KEY]). */
  apiKeys?: string[];
  /** Accepted application keys and their scopes (default: DATADOG_FAKE_APP_KEY with every scope). */
  appKeys?: Record<string, readonly DatadogScope[]>;
}

export interface MonitorSeed {
  id?: number;
  name: string;
  tags?: string[];
  type?: string;
  query?: string;
  state?: MonitorOverallState;
}

export interface LogSeed {
  timestamp: number | string | Date;
  message: string;
  service?: string;
  host?: string;
  status?: string;
  source?: string;
  tags?: string[];
  attributes?: Record<string, unknown>;
}

/** One DORA event as Datadog holds it: the last body sent with its id. */
export interface DoraRecord<A> {
  id: string;
  attributes: A;
  /** started_at/finished_at normalized to nanoseconds (Datadog accepts s, ms or ns). */
  startedAtNs: number;
  finishedAtNs: number | undefined;
  /** How many accepted POSTs carried this id (more than 1 is a re-send, not a second event). */
  submissions: number;
  /** Deployments: what the last accepted PATCH set (change failure and remediation). */
  changeFailure?: boolean | undefined;
  remediation?: DoraDeploymentPatch["remediation"] | undefined;
  /** Deployments: how many PATCHes were accepted. */
  patches?: number;
}

interface MonitorRecord {
  monitor: DatadogMonitor;
  created: string;
  /** State changes tests scheduled on the fake's clock, applied when the monitor is read. */
  schedule: { at: number; state: MonitorOverallState }[];
}

interface RateWindow {
  limit: number;
  periodSeconds: number;
  windowStart: number;
  used: number;
}

type Operation =
  | "dora.deployment"
  | "dora.failure"
  | "dora.patch"
  | "dora.patchByVersion"
  | "monitors.get"
  | "monitors.list"
  | "logs.search";

const NEEDS_SCOPE: Partial<Record<Operation, DatadogScope>> = {
  "dora.patch": "dora_metrics_write",
  "dora.patchByVersion": "dora_metrics_write",
  "monitors.get": "monitors_read",
  "monitors.list": "monitors_read",
  "logs.search": "logs_read_data",
};

const MAX_LOG_PAGE = 5000;

class HttpError extends Error {
  constructor(
    readonly response: FakeResponse,
    message = "",
  ) {
    super(message);
  }
}

/** v1 endpoints answer `{"errors": ["…"]}`. */
const v1Error = (status: number, ...errors: string[]) => new HttpError({ status, body: { errors } });
/** v2 endpoints answer JSON:API errors. */
const v2Error = (status: number, title: string, detail: string) =>
  new HttpError({ status, body: { errors: [{ status: String(status), title, detail }] } });

/**
 * Datadog's DORA (v2), monitors (v1) and log search (v2) APIs on loopback. Requests are checked
 * the way Datadog documents them: `DD-API-KEY` (and `DD-APPLICATION-KEY` with the right scope for
 * monitors and logs), bodies against the official client's models, DORA ids and timestamps,
 * log page limits. DORA events are deduplicated by id like Datadog does; monitors change state on
 * the fake's clock; logs live in an index tests fill.
 *
 * @example
 * const datadog = await new DatadogFake({ clock }).start();
 * const monitor = datadog.addMonitor({ name: "api 5xx", tags: ["service:api"] });
 * datadog.scheduleMonitorState(monitor, "Alert", clock.now() + 120_000);
 * new DatadogClient({ apiKey: DATADOG_FAKE_API_KEY, site: "datadoghq.com", baseUrl: datadog.url, sleep: clock.sleep });
 */
export class DatadogFake extends FakeServer {
  readonly site: DatadogSite;
  private readonly apiKeys: Set<string>;
  private readonly appKeys: Map<string, Set<DatadogScope>>;
  private readonly deploymentRecords = new Map<string, DoraRecord<DoraDeploymentAttributes>>();
  private readonly failureRecords = new Map<string, DoraRecord<DoraFailureAttributes>>();
  private readonly monitors = new Map<number, MonitorRecord>();
  private readonly logs: StoredLog[] = [];
  private readonly rateWindows = new Map<string, RateWindow>();
  /**
   * Runs before each log search: a test's log pipeline (FireLens → Datadog) can index the lines of
   * tasks that exist only once the code under test started them.
   */
  beforeLogSearch: (() => void | Promise<void>) | undefined;
  private nextMonitorId = 1000001;
  private generated = 0;

  constructor(options: DatadogFakeOptions = {}) {
    super(options);
    this.site = options.site ?? "datadoghq.com";
    if (!DATADOG_SITES.includes(this.site)) throw new Error(`DatadogFake: unknown site ${this.site}`);
    this.apiKeys = new Set(options.apiKeys ?? [DATADOG_FAKE_API_KEY]);
    this.appKeys = new Map(
      Object.entries(options.appKeys ?? { [DATADOG_FAKE_APP_KEY]: DATADOG_SCOPES }).map(([key, scopes]) => [
        key,
        new Set(scopes),
      ]),
    );
  }

  // ---------------------------------------------------------------- seeding and inspection

  addMonitor(seed: MonitorSeed): number {
    const id = seed.id ?? this.nextMonitorId++;
    const created = new Date(this.clock.now()).toISOString();
    this.monitors.set(id, {
      created,
      schedule: [],
      monitor: {
        id,
        name: seed.name,
        type: seed.type ?? "query alert",
        query: seed.query ?? `avg(last_5m):avg:trace.http.request.errors{${(seed.tags ?? []).join(",")}} > 5`,
        overall_state: seed.state ?? "OK",
        tags: seed.tags ?? [],
        modified: created,
      },
    });
    return id;
  }

  /** Sets a monitor's state now. */
  setMonitorState(id: number, state: MonitorOverallState): void {
    const record = this.monitorRecord(id);
    record.monitor.overall_state = state;
    record.monitor.modified = new Date(this.clock.now()).toISOString();
  }

  /** The monitor enters `state` once the fake's clock reaches `at` (epoch ms). */
  scheduleMonitorState(id: number, state: MonitorOverallState, at: number): void {
    const record = this.monitorRecord(id);
    record.schedule.push({ at, state });
    record.schedule.sort((a, b) => a.at - b.at);
  }

  monitorState(id: number): MonitorOverallState | undefined {
    return this.current(this.monitorRecord(id)).overall_state;
  }

  addLogs(...seeds: LogSeed[]): void {
    for (const seed of seeds) {
      this.logs.push({
        id: `AQAAAY${(this.logs.length + 1).toString(36).padStart(10, "0")}`,
        timestamp: new Date(seed.timestamp).getTime(),
        message: seed.message,
        ...(seed.service === undefined ? {} : { service: seed.service }),
        ...(seed.host === undefined ? {} : { host: seed.host }),
        status: seed.status ?? "info",
        ...(seed.source === undefined ? {} : { source: seed.source }),
        tags: seed.tags ?? [],
        attributes: seed.attributes ?? {},
      });
    }
  }

  /** DORA deployment events Datadog holds, one per id. */
  deployments(): DoraRecord<DoraDeploymentAttributes>[] {
    return [...this.deploymentRecords.values()];
  }

  failures(): DoraRecord<DoraFailureAttributes>[] {
    return [...this.failureRecords.values()];
  }

  /** Datadog's per-endpoint rate limit: `limit` requests per calendar-aligned `periodSeconds`. */
  rateLimit(operation: Operation, limit: number, periodSeconds = 60): void {
    this.rateWindows.set(operation, { limit, periodSeconds, windowStart: 0, used: 0 });
  }

  /** A Datadog outage: every request (or those of `operation`) answers `status` `times` times. */
  outage(options: { operation?: Operation; status?: number; times?: number } = {}): void {
    this.fault({
      ...(options.operation === undefined ? {} : { operation: options.operation }),
      times: options.times ?? Number.POSITIVE_INFINITY,
      action: {
        kind: "respond",
        response: { status: options.status ?? 503, body: { errors: ["Service Unavailable"] } },
      },
    });
  }

  // ---------------------------------------------------------------- the HTTP API

  protected classify(request: FakeRequest): Classification {
    const route = `${request.method} ${request.path}`;
    if (route === "POST /api/v2/dora/deployment") return { operation: "dora.deployment", mutating: true };
    if (route === "POST /api/v2/dora/failure") return { operation: "dora.failure", mutating: true };
    if (route === "PATCH /api/v2/dora/deployments") return { operation: "dora.patchByVersion", mutating: true };
    if (request.method === "PATCH" && /^\/api\/v2\/dora\/deployments\/[^/]+$/.test(request.path))
      return { operation: "dora.patch", mutating: true };
    if (route === "GET /api/v1/monitor") return { operation: "monitors.list", mutating: false };
    if (request.method === "GET" && /^\/api\/v1\/monitor\/[^/]+$/.test(request.path))
      return { operation: "monitors.get", mutating: false };
    if (route === "POST /api/v2/logs/events/search") return { operation: "logs.search", mutating: false };
    throw v1Error(404, `DatadogFake does not model ${route}`);
  }

  protected async handle(request: FakeRequest, classification: Classification): Promise<FakeResponse> {
    const operation = classification.operation as Operation;
    this.authorize(request, operation);
    const limited = this.charge(operation);
    if (limited !== undefined) return limited;
    switch (operation) {
      case "dora.deployment":
        return this.receiveDeployment(request);
      case "dora.failure":
        return this.receiveFailure(request);
      case "dora.patch":
        return this.patchDeployment(request);
      case "dora.patchByVersion":
        return this.patchDeploymentByVersion(request);
      case "monitors.get":
        return this.getMonitor(request);
      case "monitors.list":
        return this.listMonitors(request);
      case "logs.search":
        await this.beforeLogSearch?.();
        return this.searchLogs(request);
    }
  }

  protected override errorResponse(error: unknown): FakeResponse {
    if (error instanceof HttpError) return error.response;
    return { status: 500, body: { errors: [error instanceof Error ? error.message : String(error)] } };
  }

  private authorize(request: FakeRequest, operation: Operation): void {
    const apiKey = header(request, "dd-api-key");
    if (apiKey === undefined || !this.apiKeys.has(apiKey)) throw v1Error(403, "Forbidden");
    const scope = NEEDS_SCOPE[operation];
    if (scope === undefined) return;
    const appKey = header(request, "dd-application-key");
    const scopes = appKey === undefined ? undefined : this.appKeys.get(appKey);
    if (scopes === undefined) throw v1Error(403, "Forbidden");
    if (!scopes.has(scope)) throw v1Error(403, "Forbidden", `Failed permission authorization checks: ${scope}`);
  }

  /** Calendar-aligned windows; X-RateLimit-Reset is the seconds left in the window. */
  private charge(operation: Operation): FakeResponse | undefined {
    const window = this.rateWindows.get(operation);
    if (window === undefined) return undefined;
    const periodMs = window.periodSeconds * 1000;
    const start = Math.floor(this.clock.now() / periodMs) * periodMs;
    if (start !== window.windowStart) {
      window.windowStart = start;
      window.used = 0;
    }
    const headers = {
      "x-ratelimit-limit": String(window.limit),
      "x-ratelimit-period": String(window.periodSeconds),
      "x-ratelimit-remaining": String(Math.max(0, window.limit - window.used - 1)),
      "x-ratelimit-reset": String(Math.ceil((start + periodMs - this.clock.now()) / 1000)),
      "x-ratelimit-name": operation.replace(".", "_"),
    };
    if (window.used >= window.limit)
      return {
        status: 429,
        headers: { ...headers, "x-ratelimit-remaining": "0" },
        body: { errors: ["Too many requests"] },
      };
    window.used += 1;
    return undefined;
  }

  private jsonBody(request: FakeRequest, model: string): Record<string, unknown> {
    const type = header(request, "content-type") ?? "";
    if (!type.startsWith("application/json"))
      throw v2Error(415, "Unsupported Media Type", "Content-Type must be application/json");
    if (request.json === undefined) throw v2Error(400, "Bad Request", "the body is not JSON");
    const problems = modelProblems(request.json, model, "v2");
    if (problems.length > 0) throw v2Error(400, "Bad Request", problems.join("; "));
    return request.json as Record<string, unknown>;
  }

  private doraAttributes<A>(request: FakeRequest, model: string): A {
    const body = this.jsonBody(request, model) as { data: { attributes: A } };
    const attributes = body.data.attributes as A & { id?: string; custom_tags?: string[] };
    if (attributes.id !== undefined && !DOCUMENTED_DORA_ID.test(attributes.id))
      throw v2Error(
        400,
        "Bad Request",
        `id must be 16-128 characters of a-z, A-Z, 0-9, -, _, ., :; got ${JSON.stringify(attributes.id)}`,
      );
    const tags = attributes.custom_tags ?? [];
    if (tags.length > 100) throw v2Error(400, "Bad Request", `custom_tags allows up to 100 tags; got ${tags.length}`);
    for (const tag of tags)
      if (!/^[^:\s]+:\S.*$/.test(tag)) throw v2Error(400, "Bad Request", `custom_tags must be key:value; got "${tag}"`);
    return attributes;
  }

  /** Datadog takes s, ms or ns; the unit follows from the magnitude. */
  private nanoseconds(value: number, field: string): number {
    if (!Number.isInteger(value) || value <= 0)
      throw v2Error(400, "Bad Request", `${field} must be a positive Unix timestamp; got ${value}`);
    const ns = value >= 1e17 ? value : value >= 1e11 ? value * 1e6 : value * 1e9;
    // The fake refuses what DORA Metrics could never show: older than its two-year retention.
    if (ns / 1e6 < this.clock.now() - DOCUMENTED_DORA_RETENTION_MS)
      throw v2Error(400, "Bad Request", `${field} is older than the DORA Metrics retention (2 years)`);
    return ns;
  }

  private receiveDeployment(request: FakeRequest): FakeResponse {
    const attributes = this.doraAttributes<DoraDeploymentAttributes>(request, "DORADeploymentRequest");
    const startedAtNs = this.nanoseconds(attributes.started_at, "started_at");
    const finishedAtNs = this.nanoseconds(attributes.finished_at, "finished_at");
    const id = this.store(this.deploymentRecords, attributes, startedAtNs, finishedAtNs);
    return { status: 200, body: { data: { id, type: "dora_deployment" } } };
  }

  private receiveFailure(request: FakeRequest): FakeResponse {
    const attributes = this.doraAttributes<DoraFailureAttributes>(request, "DORAFailureRequest");
    if ((attributes.services ?? []).length === 0 && attributes.team === undefined)
      throw v2Error(400, "Bad Request", "services or team is required");
    const startedAtNs = this.nanoseconds(attributes.started_at, "started_at");
    const finishedAtNs =
      attributes.finished_at === undefined ? undefined : this.nanoseconds(attributes.finished_at, "finished_at");
    const id = this.store(this.failureRecords, attributes, startedAtNs, finishedAtNs);
    return { status: 200, body: { data: { id, type: "dora_failure" } } };
  }

  /** `PATCH /api/v2/dora/deployments/{deployment_id}`: 202 with no body, 404 for an unknown id. */
  private patchDeployment(request: FakeRequest): FakeResponse {
    const id = decodeURIComponent(request.path.split("/").pop() ?? "");
    const body = this.jsonBody(request, "DORADeploymentPatchRequest") as {
      data: { id: string; attributes: DoraDeploymentPatch };
    };
    if (body.data.id !== id)
      throw v2Error(400, "Bad Request", `data.id ${JSON.stringify(body.data.id)} does not match the path's ${id}`);
    const record = this.deploymentRecords.get(id);
    if (record === undefined) throw v2Error(404, "Not Found", `deployment ${id} not found`);
    this.applyPatch(record, body.data.attributes);
    return { status: 202, body: undefined };
  }

  /**
   * `PATCH /api/v2/dora/deployments`: the deployment of service, env and version; "if multiple
   * deployments match …, the most recently finished one is updated". None: 404.
   */
  private patchDeploymentByVersion(request: FakeRequest): FakeResponse {
    const body = this.jsonBody(request, "DORADeploymentPatchByVersionRequest") as {
      data: { attributes: DoraDeploymentPatch & { service: string; env: string; version: string } };
    };
    const { service, env, version, ...patch } = body.data.attributes;
    const matching = this.deployments()
      .filter((r) => r.attributes.service === service && r.attributes.env === env && r.attributes.version === version)
      .sort((a, b) => (a.finishedAtNs ?? 0) - (b.finishedAtNs ?? 0));
    const record = matching.at(-1);
    if (record === undefined)
      throw v2Error(404, "Not Found", `no deployment of service ${service} in env ${env} at version ${version}`);
    this.applyPatch(record, patch);
    return { status: 202, body: undefined };
  }

  /** The remediation names its deployment by id or by version, "but not both", with its type. */
  private applyPatch(record: DoraRecord<DoraDeploymentAttributes>, patch: DoraDeploymentPatch): void {
    const remediation = patch.remediation as { id?: string; version?: string; type?: string } | undefined;
    if (remediation !== undefined) {
      if (remediation.id !== undefined && remediation.version !== undefined)
        throw v2Error(400, "Bad Request", "remediation takes id or version, not both");
      if ((remediation.id !== undefined || remediation.version !== undefined) && remediation.type === undefined)
        throw v2Error(400, "Bad Request", "remediation.type is required to link a remediation deployment");
    }
    if (patch.change_failure !== undefined) record.changeFailure = patch.change_failure;
    if (patch.remediation !== undefined) record.remediation = patch.remediation;
    record.patches = (record.patches ?? 0) + 1;
  }

  private store<A extends { id?: string }>(
    records: Map<string, DoraRecord<A>>,
    attributes: A,
    startedAtNs: number,
    finishedAtNs: number | undefined,
  ): string {
    // Without an id Datadog generates a UUID, so every such POST is a new event.
    const id = attributes.id ?? `00000000-0000-4000-8000-${(++this.generated).toString(16).padStart(12, "0")}`;
    const previous = records.get(id);
    // A re-sent event keeps what a PATCH set on it: the event body carries no change-failure state.
    records.set(id, {
      ...previous,
      id,
      attributes,
      startedAtNs,
      finishedAtNs,
      submissions: (previous?.submissions ?? 0) + 1,
    });
    return id;
  }

  private monitorRecord(id: number): MonitorRecord {
    const record = this.monitors.get(id);
    if (record === undefined) throw new Error(`DatadogFake: no monitor ${id}`);
    return record;
  }

  private current(record: MonitorRecord): DatadogMonitor {
    while (record.schedule.length > 0 && (record.schedule[0]?.at ?? Number.POSITIVE_INFINITY) <= this.clock.now()) {
      const next = record.schedule.shift() as { at: number; state: MonitorOverallState };
      record.monitor.overall_state = next.state;
      record.monitor.modified = new Date(next.at).toISOString();
    }
    return record.monitor;
  }

  private render(record: MonitorRecord) {
    return {
      ...this.current(record),
      message: "",
      created: record.created,
      creator: { email: "sre@example.com", handle: "sre@example.com", name: "SRE" },
      multi: false,
      options: { notify_no_data: false, thresholds: { critical: 5 } },
      restricted_roles: null,
      deleted: null,
      priority: null,
    };
  }

  private getMonitor(request: FakeRequest): FakeResponse {
    const raw = request.path.split("/").pop() ?? "";
    if (!/^\d+$/.test(raw)) throw v1Error(400, `Invalid monitor_id: ${raw}`);
    const record = this.monitors.get(Number(raw));
    if (record === undefined) throw v1Error(404, "Monitor not found");
    return { status: 200, body: this.render(record) };
  }

  private listMonitors(request: FakeRequest): FakeResponse {
    const params = request.url.searchParams;
    const wanted = (params.get("monitor_tags") ?? "")
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean);
    const name = params.get("name");
    let matched = [...this.monitors.values()].filter(
      (record) =>
        wanted.every((tag) => (record.monitor.tags ?? []).includes(tag)) &&
        (name === null || record.monitor.name.includes(name)),
    );
    matched.sort((a, b) => a.monitor.id - b.monitor.id);
    const page = params.get("page");
    if (page !== null) {
      const size = Number(params.get("page_size") ?? 100);
      if (!Number.isInteger(size) || size < 1 || size > 1000)
        throw v1Error(400, "page_size must be between 1 and 1000");
      matched = matched.slice(Number(page) * size, (Number(page) + 1) * size);
    }
    return { status: 200, body: matched.map((record) => this.render(record)) };
  }

  private searchLogs(request: FakeRequest): FakeResponse {
    const body = this.jsonBody(request, "LogsListRequest") as {
      filter?: { query?: string; from?: string; to?: string };
      page?: { cursor?: string; limit?: number };
      sort?: "timestamp" | "-timestamp";
    };
    const now = this.clock.now();
    const limit = body.page?.limit ?? 10;
    if (limit < 1 || limit > MAX_LOG_PAGE)
      throw v2Error(400, "Bad Request", `page.limit must be between 1 and ${MAX_LOG_PAGE}; got ${limit}`);
    let matches: (log: StoredLog) => boolean;
    let from: number;
    let to: number;
    try {
      matches = compileLogQuery(body.filter?.query ?? "*");
      from = parseLogTime(body.filter?.from ?? "now-15m", now);
      to = parseLogTime(body.filter?.to ?? "now", now);
    } catch (error) {
      if (error instanceof LogQueryError) throw v2Error(400, "Bad Request", error.message);
      throw error;
    }
    const descending = body.sort === "-timestamp" || body.sort === undefined;
    const found = this.logs
      .filter((log) => log.timestamp >= from && log.timestamp <= to && matches(log))
      .sort((a, b) => (descending ? b.timestamp - a.timestamp : a.timestamp - b.timestamp));
    const offset = body.page?.cursor === undefined ? 0 : decodeCursor(body.page.cursor);
    const page = found.slice(offset, offset + limit);
    const after = offset + limit < found.length ? encodeCursor(offset + limit) : undefined;
    return {
      status: 200,
      body: {
        data: page.map((log) => ({
          id: log.id,
          type: "log",
          attributes: {
            timestamp: new Date(log.timestamp).toISOString(),
            message: log.message,
            ...(log.service === undefined ? {} : { service: log.service }),
            ...(log.host === undefined ? {} : { host: log.host }),
            status: log.status,
            tags: log.tags,
            attributes: log.attributes,
          },
        })),
        ...(after === undefined ? {} : { links: { next: `${this.url}/api/v2/logs/events?page[cursor]=${after}` } }),
        meta: {
          elapsed: 1,
          request_id: `fake-${this.requests.length + 1}`,
          status: "done",
          ...(after === undefined ? {} : { page: { after } }),
        },
      },
    };
  }
}

function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const encodeCursor = (offset: number): string => Buffer.from(JSON.stringify({ offset })).toString("base64url");

function decodeCursor(cursor: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { offset?: unknown };
    if (typeof offset === "number" && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw v2Error(400, "Bad Request", `invalid page.cursor: ${cursor}`);
}
