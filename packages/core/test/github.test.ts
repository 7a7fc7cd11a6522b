import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ActionError } from "../src/errors.js";
import { createOctokit, isGraphQLQuery } from "../src/github.js";
import { MemoryLogger } from "../src/log.js";

/** One canned answer of the loopback API: status, headers, JSON body. */
interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * A loopback HTTP server that answers each request with the next canned answer (the last one
 * repeats) and records what it was asked: enough to watch Octokit's plugins work on the wire.
 */
class CannedApi {
  readonly requests: { method: string; url: string; authorization: string | undefined }[] = [];
  private server: Server | undefined;

  constructor(private readonly answers: Answer[]) {}

  async start(): Promise<string> {
    this.server = createServer((request: IncomingMessage, response) => {
      request.resume();
      request.on("end", () => {
        this.requests.push({
          method: request.method ?? "",
          url: request.url ?? "",
          authorization: request.headers.authorization,
        });
        const answer = this.answers[Math.min(this.requests.length, this.answers.length) - 1] ?? { status: 500 };
        response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
        response.end(JSON.stringify(answer.body ?? {}));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const REPO = { status: 200, body: { name: "app", default_branch: "main" } };
/** GitHub's secondary rate limit answer (REST docs, "Exceeding the rate limit"). */
const SECONDARY = {
  status: 403,
  headers: { "retry-after": "2" },
  body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." },
};
/** The primary limit: remaining 0, the reset already past (so no real wait). */
const PRIMARY = {
  status: 403,
  headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) - 60) },
  body: { message: "API rate limit exceeded for installation ID 1." },
};

let api: CannedApi | undefined;
const savedApiUrl = process.env["GITHUB_API_URL"];
afterEach(async () => {
  await api?.stop();
  api = undefined;
  if (savedApiUrl === undefined) delete process.env["GITHUB_API_URL"];
  else process.env["GITHUB_API_URL"] = savedApiUrl;
});

async function serve(...answers: Answer[]): Promise<{ api: CannedApi; url: string }> {
  api = new CannedApi(answers);
  return { api, url: await api.start() };
}

/** Production settings, except both plugins' wait unit (real time): a millisecond for each second asked. */
const octokitOn = (baseUrl: string | undefined, log = new MemoryLogger(), rateLimitRetries?: number) =>
  createOctokit({
    token: "ghs_test",
    log,
    baseUrl,
    retry: { retryAfterBaseValue: 1 },
    throttle: { retryAfterBaseValue: 1 },
    ...(rateLimitRetries === undefined ? {} : { rateLimitRetries }),
  });

describe("createOctokit: where it sends the token", () => {
  it("sends to the baseUrl it is given, with the token", async () => {
    const { api, url } = await serve(REPO);
    const { data } = await octokitOn(url).rest.repos.get({ owner: "acme", repo: "app" });
    expect(data.default_branch).toBe("main");
    expect(api.requests).toEqual([{ method: "GET", url: "/repos/acme/app", authorization: "token ghs_test" }]);
  });

  it("without a baseUrl, follows a loopback GITHUB_API_URL (tests, the demo)", async () => {
    const { api, url } = await serve(REPO);
    process.env["GITHUB_API_URL"] = url;
    await octokitOn(undefined).rest.repos.get({ owner: "acme", repo: "app" });
    expect(api.requests).toHaveLength(1);
  });

  it("refuses a GITHUB_API_URL that is neither GitHub's nor loopback, before any request", () => {
    process.env["GITHUB_API_URL"] = "https://collector.evil.example";
    expect(() => octokitOn(undefined)).toThrow(ActionError);
    expect(() => octokitOn(undefined)).toThrow(/GITHUB_API_URL points to https:\/\/collector\.evil\.example/);
  });
});

describe("createOctokit: retries and rate limits", () => {
  it("retries a 5xx (plugin-retry) and succeeds", async () => {
    const { api, url } = await serve({ status: 502 }, { status: 503 }, REPO);
    const { data } = await octokitOn(url).rest.repos.get({ owner: "acme", repo: "app" });
    expect(data.name).toBe("app");
    expect(api.requests).toHaveLength(3);
  });

  it("gives up on a 5xx after 3 retries", async () => {
    const { api, url } = await serve({ status: 502 });
    await expect(octokitOn(url).rest.repos.get({ owner: "acme", repo: "app" })).rejects.toMatchObject({ status: 502 });
    expect(api.requests).toHaveLength(4);
  });

  it("does not retry a 404, nor a request sent with retries: 0 (a create that must not repeat)", async () => {
    const notFound = await serve({ status: 404, body: { message: "Not Found" } });
    await expect(octokitOn(notFound.url).rest.repos.get({ owner: "acme", repo: "app" })).rejects.toMatchObject({
      status: 404,
    });
    expect(notFound.api.requests).toHaveLength(1);
    await notFound.api.stop();

    const { api, url } = await serve({ status: 502 }, REPO);
    await expect(
      octokitOn(url).rest.repos.get({ owner: "acme", repo: "app", request: { retries: 0 } }),
    ).rejects.toMatchObject({ status: 502 });
    expect(api.requests).toHaveLength(1);
  });

  it("waits out a secondary rate limit, always, and says so in the log", async () => {
    const { api, url } = await serve(SECONDARY, SECONDARY, REPO);
    const log = new MemoryLogger();
    const { data } = await octokitOn(url, log).rest.repos.get({ owner: "acme", repo: "app" });
    expect(data.name).toBe("app");
    expect(api.requests).toHaveLength(3);
    expect(log.text("warning")).toBe(
      [
        "GitHub secondary rate limit on GET /repos/{owner}/{repo}; waiting 2s",
        "GitHub secondary rate limit on GET /repos/{owner}/{repo}; waiting 2s",
      ].join("\n"),
    );
  });

  it("waits for the primary limit's reset rateLimitRetries times, then fails", async () => {
    const { api, url } = await serve(PRIMARY);
    const log = new MemoryLogger();
    await expect(octokitOn(url, log, 2).rest.repos.get({ owner: "acme", repo: "app" })).rejects.toMatchObject({
      status: 403,
    });
    expect(api.requests).toHaveLength(3);
    expect(log.text("warning")).toContain("GitHub rate limit reached on GET /repos/{owner}/{repo}; waiting 0s");
  });
});

describe("isGraphQLQuery (queries skip plugin-throttling's write spacing)", () => {
  it("tells queries from mutations by the document", () => {
    expect(isGraphQLQuery({ url: "/graphql", query: "query { viewer { login } }" })).toBe(true);
    expect(isGraphQLQuery({ url: "/graphql", query: "{ viewer { login } }" })).toBe(true);
    expect(isGraphQLQuery({ url: "/graphql", query: "# mutation in a comment\nquery { viewer { login } }" })).toBe(
      true,
    );
    expect(isGraphQLQuery({ url: "/graphql", query: "mutation Add { addComment { clientMutationId } }" })).toBe(false);
    expect(isGraphQLQuery({ url: "/graphql", query: "fragment F on User { login }\nmutation { x }" })).toBe(false);
    expect(isGraphQLQuery({ url: "/repos/acme/shop/issues", query: "query {}" })).toBe(false);
  });
});
