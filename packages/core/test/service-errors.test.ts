import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@notionhq/client";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { explainError } from "../src/explain.js";
import { createOctokit } from "../src/github.js";
import { explainGitHubError, permissionFor } from "../src/github-errors.js";
import { MemoryLogger } from "../src/log.js";
import { explainNotionError } from "../src/notion-errors.js";
import { runAction } from "../src/run.js";

// One loopback server for both APIs; each test queues the answer the next request gets.
let server: Server;
let url: string;
let next: { status: number; body: unknown; headers?: Record<string, string> } = { status: 200, body: {} };

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(next.status, { "content-type": "application/json", ...next.headers });
      res.end(JSON.stringify(next.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const octokit = () =>
  createOctokit({ token: "ghs_test", log: new MemoryLogger(), baseUrl: url, throttle: { enabled: false } });

async function githubFailure(
  status: number,
  message: string,
  call: (o: ReturnType<typeof octokit>) => Promise<unknown>,
  headers?: Record<string, string>,
) {
  next = {
    status,
    body: { message, documentation_url: "https://docs.github.com/rest" },
    ...(headers ? { headers } : {}),
  };
  const error = await call(octokit()).catch((caught: unknown) => caught);
  return explainGitHubError(error);
}

const createDeployment = (o: ReturnType<typeof octokit>) =>
  o.rest.repos.createDeployment({ owner: "acme", repo: "web", ref: "main", environment: "prod" });
const listPulls = (o: ReturnType<typeof octokit>) => o.rest.pulls.list({ owner: "acme", repo: "web" });

describe("explainGitHubError", () => {
  it("names github-token on a 401", async () => {
    const explained = await githubFailure(401, "Bad credentials", listPulls);
    expect(explained?.message).toBe(
      'GitHub rejected the "github-token" input (401 Bad credentials) on GET /repos/acme/web/pulls',
    );
    expect(explained?.hint).toContain(`github-token: \${{ secrets.GITHUB_TOKEN }}`);
  });

  it("names the permission the call needs on a 403", async () => {
    const explained = await githubFailure(403, "Resource not accessible by integration", createDeployment);
    expect(explained?.message).toBe(
      'The "github-token" token may not call POST /repos/acme/web/deployments (403 Resource not accessible by integration)',
    );
    expect(explained?.hint).toContain("deployments: write");
  });

  it("tells a used-up rate limit apart from a missing permission", async () => {
    const explained = await githubFailure(403, "API rate limit exceeded", listPulls, {
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": "0",
    });
    expect(explained?.message).toContain("rate limit");
  });

  it("says a 404 may be a token that cannot see the repository", async () => {
    const explained = await githubFailure(404, "Not Found", listPulls);
    expect(explained?.message).toBe(
      'GitHub answered 404 for GET /repos/acme/web/pulls: it does not exist or the "github-token" token cannot see it',
    );
    expect(explained?.hint).toContain("pull-requests: read");
  });

  it("passes a 422's message on", async () => {
    const explained = await githubFailure(422, "No ref found for: nope", createDeployment);
    expect(explained?.message).toBe("GitHub rejected POST /repos/acme/web/deployments (422 No ref found for: nope)");
  });

  it("leaves 5xx and other errors to the unexpected path", async () => {
    next = { status: 500, body: { message: "boom" } };
    const error = await octokit()
      .request("GET /rate_limit", { request: { retries: 0 } })
      .catch((caught: unknown) => caught);
    expect(explainGitHubError(error)).toBeUndefined();
    expect(explainGitHubError(new Error("x"))).toBeUndefined();
  });

  it.each([
    ["GET", "/repos/o/r/pulls/1", "pull-requests: read"],
    ["POST", "/repos/o/r/issues/5/comments", "pull-requests: write (issues: write on an issue)"],
    ["PATCH", "/repos/o/r/issues/comments/9", "issues: write"],
    ["POST", "/repos/o/r/deployments/3/statuses", "deployments: write"],
    ["GET", "/repos/o/r/actions/runs", "actions: read"],
    ["GET", "/repos/o/r/commits/abc", "contents: read"],
    ["GET", "https://ghe.example.com/api/v3/repos/o/r/pulls", "pull-requests: read"],
    ["GET", "/search/issues?q=x", "pull-requests: read"],
  ])("permissionFor(%s %s) is %s", (method, path, permission) => {
    expect(permissionFor(method, path)).toBe(permission);
  });
});

const notion = () =>
  new Client({ auth: "ntn_test", baseUrl: url, retry: false, logger: () => {}, notionVersion: "2025-09-03" });

async function notionFailure(status: number, code: string, message: string) {
  next = { status, body: { object: "error", status, code, message } };
  const error = await notion()
    .pages.update({ page_id: "0d4f2b1c-0000-4000-8000-000000000001", properties: {} })
    .catch((caught: unknown) => caught);
  return explainNotionError(error, { what: "page 0d4f" });
}

describe("explainNotionError", () => {
  it.each([
    [401, "unauthorized", "API token is invalid.", "Notion rejected the token (401 unauthorized).", "notion-token"],
    [404, "object_not_found", "Could not find page", "Notion cannot find page 0d4f", "Connections"],
    [403, "restricted_resource", "Insufficient permissions", "The integration may not do this on page 0d4f", "Update"],
    [
      400,
      "validation_error",
      "Status is not a property that exists.",
      "Notion refused the request for page 0d4f",
      "columns",
    ],
    [429, "rate_limited", "Slow down", "Notion kept answering rate_limited for page 0d4f", "re-run"],
    [502, "bad_gateway", "Bad gateway", "Notion did not answer the request for page 0d4f (502", "status.notion.so"],
    [500, "internal_server_error", "oops", "Notion did not answer the request for page 0d4f (500", "re-run"],
  ])("%i %s", async (status, code, message, expected, hint) => {
    const explained = await notionFailure(status, code, message);
    expect(explained?.message).toContain(expected);
    expect(explained?.hint).toContain(hint);
  });
});

describe("runAction with a service error", () => {
  let written: string[];
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = 0;
  });

  it("prints a GitHub 401 as one explained error line, not Unexpected error", async () => {
    written = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    next = { status: 401, body: { message: "Bad credentials" } };
    await runAction(async () => {
      await listPulls(octokit());
    });
    const output = written.join("");
    expect(process.exitCode).toBe(1);
    expect(output.startsWith('::error::GitHub rejected the "github-token" input (401 Bad credentials)')).toBe(true);
    expect(output).not.toContain("Unexpected error");
    expect(output.match(/::error::/g)).toHaveLength(1);
    expect(explainError(new RangeError("bug"))).toBeUndefined();
  });
});
