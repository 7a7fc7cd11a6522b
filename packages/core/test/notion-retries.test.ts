import { describe, expect, it } from "vitest";
import type { Clock } from "../src/clock.js";
import { createNotionClient, NotionWaitTooLong } from "../src/notion.js";

const PAGE = "0d4f2b1c-0000-4000-8000-000000000001";
const page = { object: "page", id: PAGE, properties: {} };

/** A clock that only moves when slept on. */
function manualClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

/** A fetch that answers from a script and records what it was asked. */
function scripted(answers: { status: number; body?: unknown; headers?: Record<string, string> }[]) {
  const calls: string[] = [];
  const fetch = async (url: string, init?: { method?: string }) => {
    calls.push(`${init?.method ?? "GET"} ${new URL(url).pathname}`);
    const answer = answers.shift() ?? { status: 200, body: page };
    const body =
      answer.body ??
      (answer.status === 200
        ? page
        : { object: "error", status: answer.status, code: codeOf(answer.status), message: "x" });
    return new Response(JSON.stringify(body), {
      status: answer.status,
      headers: { "content-type": "application/json", ...answer.headers },
    });
  };
  return { calls, fetch };
}

const codeOf = (status: number) =>
  ({ 429: "rate_limited", 500: "internal_server_error", 502: "bad_gateway", 503: "service_unavailable" })[status] ??
  "x";

function client(answers: Parameters<typeof scripted>[0], deadline?: number) {
  const clock = manualClock();
  const script = scripted(answers);
  const notion = createNotionClient({
    token: "ntn_test",
    baseUrl: "http://127.0.0.1:9",
    maxRetries: 0,
    fetch: script.fetch,
    retries: { clock, ...(deadline === undefined ? {} : { deadline }) },
  });
  return { notion, clock, calls: script.calls };
}

const update = (notion: ReturnType<typeof createNotionClient>) =>
  notion.pages.update({ page_id: PAGE, properties: { Status: { status: { name: "Free" } } } });

describe("createNotionClient retries", () => {
  it("sends a page update (absolute values) again after a 502, with backoff on the clock", async () => {
    const { notion, clock, calls } = client([{ status: 502 }, { status: 500 }]);
    await expect(update(notion)).resolves.toMatchObject({ id: PAGE });
    expect(calls).toEqual([`PATCH /v1/pages/${PAGE}`, `PATCH /v1/pages/${PAGE}`, `PATCH /v1/pages/${PAGE}`]);
    expect(clock.slept).toEqual([1_000, 2_000]);
  });

  it("gives up after four attempts and lets the 5xx through", async () => {
    const { notion, calls } = client([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }]);
    await expect(update(notion)).rejects.toMatchObject({ status: 503, code: "service_unavailable" });
    expect(calls).toHaveLength(4);
  });

  it("never sends a page create again on a 5xx (it may have been applied)", async () => {
    const { notion, calls } = client([{ status: 500 }]);
    await expect(notion.pages.create({ parent: { data_source_id: PAGE }, properties: {} })).rejects.toMatchObject({
      status: 500,
    });
    expect(calls).toEqual(["POST /v1/pages"]);
  });

  it("honours a Retry-After longer than the SDK's 60 s cap in full", async () => {
    const { notion, clock, calls } = client([{ status: 429, headers: { "retry-after": "120" } }]);
    await expect(update(notion)).resolves.toMatchObject({ id: PAGE });
    expect(clock.slept).toEqual([120_000]);
    expect(calls).toHaveLength(2);
  });

  it("fails clearly when the Retry-After outlasts the step's remaining time", async () => {
    const { notion, clock, calls } = client([{ status: 429, headers: { "retry-after": "900" } }], 300_000);
    const error = await update(notion).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotionWaitTooLong);
    expect((error as Error).message).toBe(
      `Notion asked to wait 900s before PATCH /v1/pages/${PAGE} (Retry-After), longer than the 300s this step has left.`,
    );
    expect(clock.slept).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it("leaves a short Retry-After to the SDK's own retry", async () => {
    const { notion, clock, calls } = client([{ status: 429, headers: { "retry-after": "5" } }]);
    await expect(update(notion)).rejects.toMatchObject({ status: 429 });
    expect(clock.slept).toEqual([]);
    expect(calls).toHaveLength(1);
  });
});
