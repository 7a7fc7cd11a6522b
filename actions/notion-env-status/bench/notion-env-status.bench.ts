/**
 * notion-env-status benchmarks (run with `pnpm bench -- notion-env-status`), over 11 environments
 * (qa1…qa10, pre-prod) on the Notion fake, each against a naive baseline measured in the same run:
 * a script that resolves the database and re-reads the schema for every environment it touches,
 * looks each environment up with its own query, and writes status and reservation separately.
 *
 * 1. Notion requests per deploy, release (the PR holds 2 rows) and sweep (5 of 11 expired);
 * 2. virtual wall time when Notion enforces its ~3 requests/second (429 + Retry-After: 1 beyond it),
 *    and during a storm of 6 consecutive 429s. The SDK's retry sleeps go to the virtual clock.
 */
import type { Client, QueryDataSourceParameters } from "@notionhq/client";
import { MemoryLogger } from "@sre-actions/core";
import { createNotionClient } from "@sre-actions/core/notion";
import { type Classification, type FakeRequest, type FakeResponse, VirtualClock } from "@sre-actions/testkit";
import {
  environmentsSchema,
  NOTION_FAKE_TOKEN,
  NotionApiError,
  NotionFake,
  notionProps,
} from "@sre-actions/testkit/notion";
import { execute } from "../src/execute.js";
import { contextOf, fakeDeps, sleepOn, testInputs } from "../test/fixtures/scenario.js";

const START = Date.parse("2026-11-25T09:00:00Z");
const DAY = 86_400_000;
const ENVIRONMENTS = ["qa1", "qa2", "qa3", "qa4", "qa5", "qa6", "qa7", "qa8", "qa9", "qa10", "pre-prod"];
const PR = "https://github.com/acme/app/pull/7";

/** Notion's documented average of 3 requests/second, on the virtual clock: beyond it, 429 with Retry-After: 1. */
class RateLimitedNotion extends NotionFake {
  limitPerSecond = Number.POSITIVE_INFINITY;
  private served: number[] = [];

  protected override handle(request: FakeRequest, classification: Classification): FakeResponse {
    const now = this.clock.now();
    this.served = this.served.filter((at) => at > now - 1_000);
    if (this.served.length >= this.limitPerSecond) {
      throw new NotionApiError(429, "rate_limited", "You have been rate limited.", { "retry-after": "1" });
    }
    this.served.push(now);
    return super.handle(request, classification);
  }
}

type Mode = "deploy" | "release" | "sweep";

async function setup(limit: number) {
  const clock = new VirtualClock(START);
  const notion = await new RateLimitedNotion({ clock }).start();
  const { databaseId, dataSourceId } = notion.seedDatabase({
    title: "Environments",
    dataSources: [{ name: "Environments", properties: environmentsSchema() }],
  });
  ENVIRONMENTS.forEach((environment, index) => {
    const expired = index % 2 === 0 && index < 10; // qa1, qa3, qa5, qa7, qa9
    const mine = environment === "qa2" || environment === "qa4";
    notion.seedPage(dataSourceId, {
      Environment: notionProps.title(environment),
      Status: notionProps.status(index === 10 ? "Free" : "Deployed"),
      ...(index === 10 ? {} : { Branch: notionProps.richText(mine ? "feature/login" : `feature/${index}`) }),
      ...(mine ? { "Pull request": notionProps.url(PR) } : {}),
      ...(index === 10
        ? {}
        : { "Reserved until": notionProps.date(new Date(START + (expired ? -DAY : DAY)).toISOString()) }),
    });
  });
  notion.limitPerSecond = limit;
  // The SDK sleeps for real between retries; measure on the virtual clock instead.
  const client = sleepOn(createNotionClient({ token: NOTION_FAKE_TOKEN, baseUrl: notion.url }), clock);
  return { clock, notion, client, databaseId, dataSourceId };
}

async function ours(mode: Mode, env: Awaited<ReturnType<typeof setup>>) {
  const values: Record<string, string> = {
    "notion-token": NOTION_FAKE_TOKEN,
    database: env.databaseId,
    mode,
    ...(mode === "deploy" ? { environment: "qa2" } : {}),
  };
  const inputs = testInputs(values, env.clock.now());
  const pullRequest = mode === "release";
  const context = contextOf({
    name: pullRequest ? "pull_request" : "workflow_dispatch",
    payload: pullRequest
      ? { number: 7, pull_request: { number: 7, html_url: PR, head: { ref: "feature/login" } } }
      : {},
    ref: pullRequest ? "refs/pull/7/merge" : "refs/heads/feature/login",
    actor: "alice",
  });
  const { result } = await execute(
    inputs,
    fakeDeps({
      notionUrl: env.notion.url,
      notionToken: NOTION_FAKE_TOKEN,
      clock: env.clock,
      log: new MemoryLogger(),
      context,
    }),
  );
  if (result.failure) throw new Error(result.failure.message);
}

/** The baseline: per environment, resolve + schema + one query; status and reservation written separately. */
async function naive(mode: Mode, env: Awaited<ReturnType<typeof setup>>) {
  const client: Client = env.client;
  const lookup = async (environment: string) => {
    const database = await client.databases.retrieve({ database_id: env.databaseId });
    const dataSourceId = "data_sources" in database ? (database.data_sources[0]?.id ?? "") : "";
    await client.dataSources.retrieve({ data_source_id: dataSourceId });
    const filter: QueryDataSourceParameters["filter"] = { property: "Environment", title: { equals: environment } };
    const { results } = await client.dataSources.query({ data_source_id: dataSourceId, filter });
    const page = results[0];
    return page !== undefined && page.object === "page" && "properties" in page ? page : undefined;
  };
  const free = async (pageId: string) => {
    await client.pages.update({ page_id: pageId, properties: { Status: notionProps.status("Free") } });
    await client.pages.update({
      page_id: pageId,
      properties: { Branch: { rich_text: [] }, "Pull request": { url: null }, "Reserved until": { date: null } },
    });
  };
  if (mode === "deploy") {
    const page = await lookup("qa2");
    if (page === undefined) throw new Error("no qa2");
    await client.pages.update({ page_id: page.id, properties: { Status: notionProps.status("Deployed") } });
    const until = new Date(env.clock.now() + 3 * DAY).toISOString();
    await client.pages.update({
      page_id: page.id,
      properties: { Branch: notionProps.richText("feature/login"), "Reserved until": notionProps.date(until) },
    });
    return;
  }
  for (const environment of ENVIRONMENTS) {
    const page = await lookup(environment);
    if (page === undefined) continue;
    const props = page.properties;
    const until = props["Reserved until"];
    const pr = props["Pull request"];
    const release = mode === "release" && pr?.type === "url" && pr.url === PR;
    const expired =
      mode === "sweep" &&
      until?.type === "date" &&
      until.date !== null &&
      Date.parse(until.date.start) < env.clock.now();
    if (release || expired) await free(page.id);
  }
}

interface Measure {
  requests: number;
  throttled: number;
  virtualMs: number;
  realMs: number;
}

async function measure(impl: typeof ours, mode: Mode, limit: number, storm = 0): Promise<Measure> {
  const env = await setup(limit);
  if (storm > 0) env.notion.rateLimit(storm, 1);
  const started = performance.now();
  const t0 = env.clock.now();
  await impl(mode, env);
  const measured = {
    requests: env.notion.requests.length,
    throttled: env.notion.requests.filter((request) => request.status === 429).length,
    virtualMs: env.clock.now() - t0,
    realMs: performance.now() - started,
  };
  await env.notion.stop();
  return measured;
}

const ratio = (baseline: number, value: number) => (value === 0 ? "–" : `${(baseline / value).toFixed(1)}×`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

// The SDK gives up after 6 retries (core's createNotionClient): the longest storm a call survives.
const STORM = 6;
const rows: string[][] = [];
for (const mode of ["deploy", "release", "sweep"] as const) {
  const a = await measure(ours, mode, Number.POSITIVE_INFINITY);
  const b = await measure(naive, mode, Number.POSITIVE_INFINITY);
  rows.push([`Notion requests per ${mode}`, String(a.requests), String(b.requests), ratio(b.requests, a.requests)]);
}
for (const mode of ["deploy", "release", "sweep"] as const) {
  const a = await measure(ours, mode, 3);
  const b = await measure(naive, mode, 3);
  rows.push([
    `${mode} at 3 req/s: virtual wall time (429s met)`,
    `${seconds(a.virtualMs)} (${a.throttled})`,
    `${seconds(b.virtualMs)} (${b.throttled})`,
    ratio(b.virtualMs, a.virtualMs),
  ]);
}
{
  const a = await measure(ours, "sweep", Number.POSITIVE_INFINITY, STORM);
  const b = await measure(naive, "sweep", Number.POSITIVE_INFINITY, STORM);
  rows.push([
    `sweep through a storm of ${STORM} consecutive 429s (Retry-After: 1)`,
    `${seconds(a.virtualMs)}, ${a.requests} requests`,
    `${seconds(b.virtualMs)}, ${b.requests} requests`,
    ratio(b.virtualMs, a.virtualMs),
  ]);
}
{
  const runs = 5;
  let a = 0;
  let b = 0;
  for (let i = 0; i < runs; i++) {
    a += (await measure(ours, "sweep", Number.POSITIVE_INFINITY)).realMs;
    b += (await measure(naive, "sweep", Number.POSITIVE_INFINITY)).realMs;
  }
  rows.push(["sweep, real ms on loopback (mean of 5)", (a / runs).toFixed(0), (b / runs).toFixed(0), ratio(b, a)]);
}

console.log("| 11 environments | notion-env-status | naive baseline | baseline ÷ ours |");
console.log("| --- | --- | --- | --- |");
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
