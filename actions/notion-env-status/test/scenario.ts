import type { Client } from "@notionhq/client";
import { Inputs, MemoryLogger } from "@sre-actions/core";
import { createOctokit } from "@sre-actions/core/github";
import { createNotionClient } from "@sre-actions/core/notion";
import { VirtualClock } from "@sre-actions/testkit";
import { GitHubFake } from "@sre-actions/testkit/github";
import { webhookExample } from "@sre-actions/testkit/harness";
import {
  type DataSourceSchemaInput,
  environmentsSchema,
  NOTION_FAKE_TOKEN,
  NotionFake,
  notionProps,
} from "@sre-actions/testkit/notion";
import { updateStickyComment } from "../src/comment.js";
import { type GitHubContextLike, type RunContext, runContextOf } from "../src/context.js";
import { type GitHubPort, githubPort } from "../src/github.js";
import { parseInputs } from "../src/inputs.js";
import { NotionApi } from "../src/notion-api.js";
import { type RunResult, run } from "../src/run.js";

export const START = "2026-11-25T09:00:00Z";
export const DAY = 86_400_000;
export const REPO = { owner: "acme", repo: "app" };
export const ENVIRONMENTS = ["qa1", "qa2", "qa3", "qa4", "qa5", "qa6", "qa7", "qa8", "qa9", "qa10", "pre-prod"];

/**
 * The SDK sleeps for real between 429/529 retries; send those sleeps to the virtual clock so a
 * `Retry-After: 30` costs no real time and tests can assert it was honoured. (Tests and the bench only.)
 */
export function sleepOn(client: Client, clock: VirtualClock): Client {
  Object.defineProperty(client, "sleep", { value: (ms: number) => clock.sleep(ms) });
  return client;
}

export interface RunOptions {
  event?: { name: string; payload: Record<string, unknown>; ref?: string; sha?: string; actor?: string };
  github?: boolean;
  /** Keep plugin-throttling on (real-time waits): for the one secondary-rate-limit test. */
  throttle?: boolean;
}

export interface Scenario {
  clock: VirtualClock;
  notion: NotionFake;
  gh: GitHubFake;
  dataSourceId: string;
  databaseId: string;
  log: MemoryLogger;
  /** Runs the action's logic (and the sticky comment) with these inputs over the fakes. */
  run(values: Record<string, string>, options?: RunOptions): Promise<RunResult>;
  /** The current row of an environment, as plain values. */
  row(environment: string): Record<string, unknown> | undefined;
  pageId(environment: string): string;
  stop(): Promise<void>;
}

export interface SeedRow {
  status?: string;
  branch?: string;
  pullRequest?: string;
  deployedBy?: string;
  reservedUntil?: string;
  deployedAt?: string;
  note?: string;
}

/** An environments database with qa1…qa10 and pre-prod (all Free) and a GitHub repo acme/app. */
export async function scenario(
  options: {
    schema?: DataSourceSchemaInput;
    rows?: Record<string, SeedRow>;
    extraDataSource?: boolean;
    /** Seed no rows (for schemas the default rows do not fit). */
    empty?: boolean;
  } = {},
): Promise<Scenario> {
  const clock = new VirtualClock(START);
  const notion = await new NotionFake({ clock }).start();
  const gh = await new GitHubFake({ clock }).start();
  gh.seedRepository({ owner: REPO.owner, name: REPO.repo });
  const schema = options.schema ?? environmentsSchema();
  const dataSources = [{ name: "Environments", properties: schema }];
  if (options.extraDataSource) dataSources.push({ name: "Archive", properties: environmentsSchema() });
  const seeded = notion.seedDatabase({ title: "Environments", dataSources });
  for (const environment of options.empty ? [] : ENVIRONMENTS) {
    seedRow(notion, seeded.dataSourceId, environment, options.rows?.[environment] ?? {});
  }
  const log = new MemoryLogger();

  const scenarioRun = async (values: Record<string, string>, runOptions: RunOptions = {}) => {
    const inputs = parseInputs(
      new Inputs((name) => ({ "notion-token": NOTION_FAKE_TOKEN, database: seeded.databaseId, ...values })[name]),
      clock.now(),
    );
    const client = sleepOn(createNotionClient({ token: inputs.notionToken, baseUrl: notion.url }), clock);
    const port: GitHubPort | undefined =
      runOptions.github === false
        ? undefined
        : githubPort(
            createOctokit({
              token: gh.token,
              log,
              baseUrl: gh.url,
              throttle: runOptions.throttle ? {} : { enabled: false },
            }),
            REPO,
          );
    const context = contextOf(runOptions.event);
    const result = await run(inputs, context, { notion: new NotionApi(client), github: port, clock, log });
    await updateStickyComment(result, inputs.comment, port, log);
    return result;
  };

  const pageOf = (environment: string) =>
    notion.pages(seeded.dataSourceId).find((page) => {
      const title = page.properties.Environment;
      return title?.type === "title" && title.title.map((item) => item.plain_text).join("") === environment;
    });

  return {
    clock,
    notion,
    gh,
    dataSourceId: seeded.dataSourceId,
    databaseId: seeded.databaseId,
    log,
    run: scenarioRun,
    row: (environment) => {
      const page = pageOf(environment);
      return page && plainProperties(page.properties);
    },
    pageId: (environment) => pageOf(environment)?.id ?? "",
    async stop() {
      await notion.stop();
      await gh.stop();
    },
  };
}

export function seedRow(notion: NotionFake, dataSourceId: string, environment: string, row: SeedRow): void {
  const props: Record<string, unknown> = {
    Environment: notionProps.title(environment),
    Status: notionProps.status(row.status ?? "Free"),
  };
  if (row.branch) props.Branch = notionProps.richText(row.branch);
  if (row.pullRequest) props["Pull request"] = notionProps.url(row.pullRequest);
  if (row.deployedBy) props["Deployed by"] = notionProps.people(row.deployedBy);
  if (row.reservedUntil) props["Reserved until"] = notionProps.date(row.reservedUntil);
  if (row.deployedAt) props["Deployed at"] = notionProps.date(row.deployedAt);
  if (row.note) props.Note = notionProps.richText(row.note);
  notion.seedPage(dataSourceId, props);
}

/** A workflow_dispatch on `ref` by alice, unless an event is given. */
export function contextOf(event: RunOptions["event"]): RunContext {
  const base: GitHubContextLike = {
    eventName: event?.name ?? "workflow_dispatch",
    payload: event?.payload ?? { ref: "refs/heads/feature/login" },
    ref: event?.ref ?? "refs/heads/feature/login",
    sha: event?.sha ?? "1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c",
    actor: event?.actor ?? "alice",
    runId: 9876543210,
    serverUrl: "https://github.com",
    repo: REPO,
  };
  return runContextOf(base);
}

/** A pull_request event from @octokit/webhooks-examples, pointed at acme/app PR `number` on `branch`. */
export function pullRequestEvent(
  action: "opened" | "closed" | "synchronize" | "labeled",
  number: number,
  branch: string,
  labels: string[] = [],
): NonNullable<RunOptions["event"]> {
  const payload = webhookExample("pull_request", action);
  const pull = payload.pull_request as Record<string, unknown>;
  payload.number = number;
  pull.number = number;
  pull.html_url = `https://github.com/acme/app/pull/${number}`;
  pull.head = { ...(pull.head as object), ref: branch, sha: "9a8b7c6d5e4f3a2b1c0d9a8b7c6d5e4f3a2b1c0d" };
  pull.labels = labels.map((name, id) => ({ id, name, color: "ededed" }));
  return { name: "pull_request", payload, ref: `refs/pull/${number}/merge`, actor: "alice" };
}

/** Page properties as plain values: text, option names, dates, user ids, urls. */
export function plainProperties(properties: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(properties)) {
    const value = raw as { type: string } & Record<string, unknown>;
    switch (value.type) {
      case "title":
      case "rich_text":
        out[name] = (value[value.type] as { plain_text: string }[]).map((item) => item.plain_text).join("");
        break;
      case "status":
      case "select":
        out[name] = (value[value.type] as { name: string } | null)?.name ?? null;
        break;
      case "date":
        out[name] = (value.date as { start: string } | null)?.start ?? null;
        break;
      case "people":
        out[name] = (value.people as { id: string }[]).map((person) => person.id);
        break;
      default:
        out[name] = value[value.type];
    }
  }
  return out;
}
