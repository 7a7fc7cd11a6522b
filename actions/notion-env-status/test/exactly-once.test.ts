import { afterEach, describe, expect, it } from "vitest";
import { REPO, type Scenario, scenario } from "./fixtures/scenario.js";

// A page create whose answer is lost must make one row; a page update (absolute values) answered
// 5xx is sent again; a Retry-After longer than the SDK's 60 s cap is waited out in full.
let s: Scenario | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const requests = (operation: string) => s?.notion.requests.filter((request) => request.operation === operation) ?? [];
const titled = (environment: string) =>
  s?.notion.pages(s.dataSourceId).filter((page) => {
    const title = page.properties["Environment"];
    return title?.type === "title" && title.title.map((item) => item.plain_text).join("") === environment;
  }) ?? [];

describe("notion-env-status at Notion's edges", () => {
  it.each(["500", "reset"] as const)("a lost answer to pages.create (%s) makes one row", async (how) => {
    s = await scenario();
    s.notion.loseResponse("pages.create", how === "reset" ? "reset" : undefined);
    const result = await s.run({ environment: "qa11", "fail-on-error": "true" });
    expect(result.failure).toBeUndefined();
    expect(requests("pages.create")).toHaveLength(1);
    expect(titled("qa11")).toHaveLength(1);
    expect(s.log.text()).toContain("was lost, but it was applied");
  });

  it.each(["500", "reset"] as const)(
    "a lost answer to the sticky comment's create (%s) leaves one comment",
    async (how) => {
      s = await scenario();
      s.gh.seedPullRequest({ ...REPO, number: 12, headRefName: "feature/login" });
      s.gh.loseResponse("issues/create-comment", how === "reset" ? "reset" : undefined);
      await s.run({ environment: "qa3" });
      expect(s.gh.comments("acme", "app", 12)).toHaveLength(1);
      expect(s.gh.requests.filter((request) => request.operation === "issues/create-comment")).toHaveLength(1);
      expect(s.log.text()).toContain("was lost, but it was applied");
    },
  );

  it("a 500 that created nothing is sent again after the read-back finds no row", async () => {
    s = await scenario();
    s.notion.fault({
      operation: "pages.create",
      action: {
        kind: "respond",
        response: { status: 500, body: { object: "error", status: 500, code: "internal_server_error", message: "x" } },
      },
    });
    const result = await s.run({ environment: "qa11", "fail-on-error": "true" });
    expect(result.failure).toBeUndefined();
    expect(requests("pages.create")).toHaveLength(2);
    expect(titled("qa11")).toHaveLength(1);
  });

  it.each([500, 502, 503])("a page update answered %i is retried and the row is current", async (status) => {
    s = await scenario();
    s.notion.fault({
      operation: "pages.update",
      action: {
        kind: "respond",
        response: { status, body: { object: "error", status, code: "internal_server_error", message: "x" } },
      },
    });
    const result = await s.run({ environment: "qa3", "fail-on-error": "true" });
    expect(result.failure).toBeUndefined();
    expect(requests("pages.update").map((request) => request.status)).toEqual([status, 200]);
    expect(s.row("qa3")?.["Status"]).toBe("Deployed");
  });

  it("waits out a Retry-After of 120 s in full instead of retrying at the SDK's 60 s cap", async () => {
    s = await scenario();
    s.notion.rateLimit(1, 120, "pages.update");
    const started = s.clock.now();
    const result = await s.run({ environment: "qa3", "fail-on-error": "true" });
    expect(result.failure).toBeUndefined();
    const [limited, retried] = requests("pages.update");
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(120_000);
    expect(s.clock.now() - started).toBeGreaterThanOrEqual(120_000);
  });
});
