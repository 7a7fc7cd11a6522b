import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Clock } from "@sre-actions/core";
import { VirtualClock } from "../clock.js";

export interface FakeRequest {
  method: string;
  url: URL;
  /** Path without query string. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, or undefined when empty or not JSON. */
  json: unknown;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON unless already a string. */
  body?: unknown;
}

/** What a fake says a request is: its API operation and whether it changes state. */
export interface Classification {
  operation: string;
  mutating: boolean;
}

export interface LoggedRequest extends Classification {
  seq: number;
  /** Clock time when the request arrived. */
  at: number;
  method: string;
  path: string;
  body: unknown;
  status: number;
}

export type FaultAction =
  | { kind: "respond"; response: FakeResponse }
  | { kind: "drop" }
  | { kind: "delay"; ms: number }
  /**
   * A write applied but its answer lost: the fake handles the request (state changes), then
   * answers `response` (default a 500 in the API's error shape) or resets the connection.
   */
  | { kind: "lose-response"; answer?: "reset" | FakeResponse };

export interface FaultRule {
  /** Operation name (or pattern) the fault applies to; all operations when omitted. */
  operation?: string | RegExp;
  /** How many matching requests it hits (default 1; Infinity for a storm). */
  times?: number;
  /** Matching requests to let through before the fault starts (default 0). */
  skip?: number;
  action: FaultAction;
}

export interface FakeServerOptions {
  clock?: Clock;
  /** Real milliseconds added to every response (benchmarks model network latency with it). */
  latencyMs?: number;
  /**
   * Real milliseconds a mutating request waits before it is applied (its effect lands at the end):
   * concurrent runs' read → decide → write windows overlap, as with a slow or busy API.
   */
  writeDelayMs?: number;
}

/**
 * A loopback HTTP server with the parts every fake needs: per-instance state, a request log
 * (tests assert "no mutating call was made"), fault injection and a clock. Subclasses say what a
 * request is (`classify`) and answer it (`handle`), following the real API's documentation.
 */
export abstract class FakeServer {
  readonly clock: Clock;
  readonly requests: LoggedRequest[] = [];
  latencyMs: number;
  writeDelayMs: number;
  private readonly faults: (FaultRule & { seen: number; hits: number })[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private baseUrl: string | undefined;

  constructor(options: FakeServerOptions = {}) {
    this.clock = options.clock ?? new VirtualClock();
    this.latencyMs = options.latencyMs ?? 0;
    this.writeDelayMs = options.writeDelayMs ?? 0;
  }

  /** The base URL (`http://127.0.0.1:<port>`); only after `start()`. */
  get url(): string {
    if (this.baseUrl === undefined) throw new Error(`${this.constructor.name} is not started`);
    return this.baseUrl;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.serve(req, res));
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  /** Adds a fault; the newest matching rule wins. */
  fault(rule: FaultRule): void {
    this.faults.unshift({ ...rule, seen: 0, hits: 0 });
  }

  /**
   * The next `times` calls of `operation` are applied but their answer is lost: a 500 in the API's
   * error shape (or `answer`), or a connection reset with `"reset"`. What a non-idempotent call must survive.
   */
  loseResponse(operation: string | RegExp, answer?: "reset" | FakeResponse, times = 1): void {
    this.fault({
      operation,
      times,
      action: answer === undefined ? { kind: "lose-response" } : { kind: "lose-response", answer },
    });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  mutatingRequests(): LoggedRequest[] {
    return this.requests.filter((request) => request.mutating);
  }

  /** How many times each operation was called. */
  operationCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const request of this.requests) counts[request.operation] = (counts[request.operation] ?? 0) + 1;
    return counts;
  }

  protected abstract classify(request: FakeRequest): Classification;
  protected abstract handle(request: FakeRequest, classification: Classification): FakeResponse | Promise<FakeResponse>;

  /** Turns a thrown value into the API's error shape; subclasses override. */
  protected errorResponse(error: unknown): FakeResponse {
    return { status: 500, body: { message: error instanceof Error ? error.message : String(error) } };
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const request: FakeRequest = {
      method: req.method ?? "GET",
      url,
      path: url.pathname,
      headers: req.headers,
      body,
      json: parseJson(body),
    };
    let classification: Classification;
    try {
      classification = this.classify(request);
    } catch (error) {
      classification = { operation: "unknown", mutating: false };
      return this.send(res, request, classification, this.errorResponse(error));
    }
    const fault = this.takeFault(classification.operation);
    if (fault?.kind === "drop") {
      this.log(request, classification, 0);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === "respond") return this.send(res, request, classification, fault.response);
    if (classification.mutating && this.writeDelayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.writeDelayMs));
    }
    let response: FakeResponse;
    try {
      response = await this.handle(request, classification);
    } catch (error) {
      response = this.errorResponse(error);
    }
    if (fault?.kind === "lose-response") {
      // Logged with the status the client never saw, so tests can count the applied write.
      this.log(request, classification, response.status);
      if (fault.answer === "reset") {
        req.socket.destroy();
        return;
      }
      // The API's own error shape, but always a 5xx (GitHub's fake answers its own bugs with 400).
      const lost = fault.answer ?? {
        ...this.errorResponse(new Error("Internal error (injected after the write)")),
        status: 500,
      };
      return this.write(res, lost);
    }
    return this.send(res, request, classification, response);
  }

  private takeFault(operation: string): FaultAction | undefined {
    for (const rule of this.faults) {
      const matches =
        rule.operation === undefined ||
        (typeof rule.operation === "string" ? rule.operation === operation : rule.operation.test(operation));
      if (!matches) continue;
      rule.seen += 1;
      if (rule.seen <= (rule.skip ?? 0)) continue;
      if (rule.hits >= (rule.times ?? 1)) continue;
      rule.hits += 1;
      return rule.action;
    }
    return undefined;
  }

  private log(request: FakeRequest, classification: Classification, status: number): void {
    this.requests.push({
      seq: this.requests.length + 1,
      at: this.clock.now(),
      method: request.method,
      path: request.path,
      body: request.json ?? request.body,
      status,
      ...classification,
    });
  }

  private async send(
    res: ServerResponse,
    request: FakeRequest,
    classification: Classification,
    response: FakeResponse,
  ): Promise<void> {
    // A request that failed is logged as made but did not change anything; tests filter on status.
    this.log(request, classification, response.status);
    return this.write(res, response);
  }

  private async write(res: ServerResponse, response: FakeResponse): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const payload =
      response.body === undefined
        ? ""
        : typeof response.body === "string"
          ? response.body
          : JSON.stringify(response.body);
    res.writeHead(response.status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(payload),
      ...response.headers,
    });
    res.end(payload);
  }
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
