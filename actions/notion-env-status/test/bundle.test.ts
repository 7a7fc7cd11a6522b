import path from "node:path";
import { GitHubFake } from "@sre-actions/testkit/github";
import {
  describeBundle,
  leakedSecrets,
  runBundledAction,
  stopAfterTest,
  webhookExample,
} from "@sre-actions/testkit/harness";
import { environmentsSchema, NOTION_FAKE_TOKEN, NotionFake } from "@sre-actions/testkit/notion";
import { expect, it } from "vitest";
import { COMMENT_MARKER } from "../src/comment.js";
import { ENVIRONMENTS, issueCommentEvent, seedRow } from "./fixtures/scenario.js";

const actionDir = path.resolve(import.meta.dirname, "..");

async function fakes(rows: Record<string, Parameters<typeof seedRow>[3]> = {}) {
  const notion = stopAfterTest(await new NotionFake().start());
  const gh = stopAfterTest(await new GitHubFake().start());
  const seeded = notion.seedDatabase({
    title: "Environments",
    dataSources: [{ name: "Environments", properties: environmentsSchema() }],
  });
  for (const environment of ENVIRONMENTS) seedRow(notion, seeded.dataSourceId, environment, rows[environment] ?? {});
  return { notion, gh, databaseUrl: `https://www.notion.so/acme/Environments-${seeded.databaseId.replace(/-/g, "")}` };
}

const env = (n: NotionFake, g: GitHubFake) => ({ NOTION_API_BASE_URL: n.url, GITHUB_API_URL: g.url });

describeBundle((node) => {
  it("fails a bad input with the named error and makes no call", async () => {
    const { notion: n, gh: g } = await fakes();
    const result = await runBundledAction(actionDir, {
      node,
      inputs: { "notion-token": NOTION_FAKE_TOKEN, database: "Environments", environment: "qa3" },
      env: env(n, g),
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations).toEqual([
      {
        level: "error",
        message:
          'Input "database" must be a Notion database URL or ID (32 hex digits); got "Environments", e.g. https://www.notion.so/acme/Environments-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
        properties: {},
      },
    ]);
    expect(result.log).not.toMatch(/\n\s+at /);
    expect(n.requests).toEqual([]);
  });

  it("workflow_dispatch deploy: writes the row, outputs and summary; secrets never printed", async () => {
    const { notion: n, gh: g, databaseUrl } = await fakes();
    g.seedRepository({ owner: "octo-org", name: "octo-repo" });
    const payload = { ...webhookExample("workflow_dispatch"), ref: "refs/heads/feature/login" };
    const result = await runBundledAction(actionDir, {
      node,
      event: { name: "workflow_dispatch", payload },
      inputs: {
        "notion-token": NOTION_FAKE_TOKEN,
        database: databaseUrl,
        environment: "qa3",
        "github-token": g.token,
        timezone: "Asia/Tokyo",
      },
      env: env(n, g),
    });
    expect(result.annotations).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ conflict: "false", holder: "", environments: "" });
    expect(result.outputs["page-url"]).toMatch(/^https:\/\/www\.notion\.so\/qa3-/);
    expect(Date.parse(result.outputs["reserved-until"] ?? "") - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
    expect(result.summary).toContain("## notion-env-status: deploy qa3");
    // The query, the row's claim (append, list, ticket, list), the re-read, the write, the claim's delete.
    expect(result.summary).toContain("Notion API calls: 10 (9 after resolving the data source).");
    expect(result.summary).toMatch(/\| `feature\/login` \| {2}\| \d{4}-\d\d-\d\d \d\d:\d\d Asia\/Tokyo \|/);
    const page = n.pages().find((p) => p.id === result.outputs["page-id"]);
    expect(page?.properties["Branch"]).toMatchObject({ rich_text: [{ plain_text: "feature/login" }] });
    expect(page?.properties["Run"]).toMatchObject({
      url: "https://github.com/octo-org/octo-repo/actions/runs/9876543210",
    });
    expect(result.masked).toEqual(expect.arrayContaining([NOTION_FAKE_TOKEN, g.token]));
    expect(leakedSecrets(result, [NOTION_FAKE_TOKEN, g.token])).toEqual([]);
    // The branch has no open PR: one GraphQL lookup, no comment.
    expect(g.requests.map((request) => request.operation)).toEqual(["FindPullRequest"]);
  }, 60_000);

  it("pull_request closed: releases the PR's rows and updates the sticky comment", async () => {
    const payload = webhookExample("pull_request", "closed");
    const pull = payload["pull_request"] as { html_url: string; number: number; head: { ref: string } };
    const held = { status: "Deployed", branch: pull.head.ref, pullRequest: pull.html_url, reservedUntil: "2099-01-01" };
    const {
      notion: n,
      gh: g,
      databaseUrl,
    } = await fakes({
      qa4: held,
      qa9: held,
      qa5: { ...held, pullRequest: "https://github.com/Codertocat/Hello-World/pull/99" },
    });
    g.seedRepository({ owner: "Codertocat", name: "Hello-World" });
    g.seedPullRequest({ owner: "Codertocat", repo: "Hello-World", number: pull.number, headRefName: pull.head.ref });
    const result = await runBundledAction(actionDir, {
      node,
      event: { name: "pull_request", payload },
      inputs: { "notion-token": NOTION_FAKE_TOKEN, database: databaseUrl, mode: "release", "github-token": g.token },
      env: env(n, g),
    });
    expect(result.annotations).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain(`Released qa4, qa9 (held by ${pull.head.ref} (${pull.html_url}))`);
    const status = (name: string) => {
      const page = n.pages().find((p) => JSON.stringify(p.properties["Environment"]).includes(`"${name}"`));
      return page?.properties["Status"];
    };
    expect(status("qa4")).toMatchObject({ status: { name: "Free" } });
    expect(status("qa9")).toMatchObject({ status: { name: "Free" } });
    expect(status("qa5")).toMatchObject({ status: { name: "Deployed" } });
    const comments = g.comments("Codertocat", "Hello-World", pull.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.["body"]).toContain(COMMENT_MARKER);
    expect(comments[0]?.["body"]).toContain("released (Free)");
    expect(
      leakedSecrets({ ...result, comments: comments.map((comment) => String(comment["body"])) }, [
        NOTION_FAKE_TOKEN,
        g.token,
      ]),
    ).toEqual([]);
  }, 60_000);

  it("on-conflict fail: the step fails naming the holder, the row is untouched", async () => {
    const {
      notion: n,
      gh: g,
      databaseUrl,
    } = await fakes({
      qa3: { status: "Deployed", branch: "feature/cart", reservedUntil: "2099-01-01T00:00:00Z" },
    });
    const result = await runBundledAction(actionDir, {
      node,
      inputs: { "notion-token": NOTION_FAKE_TOKEN, database: databaseUrl, environment: "qa3", "on-conflict": "fail" },
      env: env(n, g),
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ conflict: "true", holder: "feature/cart" });
    expect(result.annotations.map((annotation) => annotation.level)).toEqual(["error", "error"]);
    expect(result.annotations[1]?.message).toMatch(
      /^Not deployed: qa3 is reserved by feature\/cart \(on-conflict: fail\)\nHint: Ask the holder/,
    );
    expect(n.mutatingRequests()).toEqual([]);
  }, 60_000);

  it("issue_comment /env reserve: reserves the row, answers in the sticky comment, reacts 👀 then 🚀", async () => {
    const { notion: n, gh: g, databaseUrl } = await fakes();
    g.seedRepository({ owner: "acme", name: "app" });
    g.seedPullRequest({ owner: "acme", repo: "app", number: 7, headRefName: "feature/login" });
    const body = "/env reserve qa3 for 2d demo";
    const comment = g.seedIssueComment({ owner: "acme", repo: "app", issueNumber: 7, body, user: "alice" });
    const event = issueCommentEvent(7, { id: comment["id"] as number, body });
    const result = await runBundledAction(actionDir, {
      node,
      event: { name: event.name, payload: event.payload },
      inputs: { "notion-token": NOTION_FAKE_TOKEN, database: databaseUrl, mode: "command", "github-token": g.token },
      env: { ...env(n, g), GITHUB_REPOSITORY: "acme/app", GITHUB_ACTOR: "alice" },
    });
    expect(result.annotations).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain("🚀 Reserved **qa3** for #7 until **");
    expect(g.reactions("acme", "app", comment["id"] as number).map((reaction) => reaction["content"])).toEqual([
      "eyes",
      "rocket",
    ]);
    const sticky = g.comments("acme", "app", 7).find((c) => String(c["body"]).includes(COMMENT_MARKER));
    expect(String(sticky?.["body"])).toContain(`<!-- sre-actions:handled ${String(comment["id"])}:done -->`);
    expect(n.requests.length).toBeLessThanOrEqual(10);
    expect(g.requests.length).toBeLessThanOrEqual(6);
    expect(leakedSecrets(result, [NOTION_FAKE_TOKEN, g.token])).toEqual([]);
  }, 60_000);

  it("a database not shared with the integration: a warning, the step succeeds; fail-on-error fails it", async () => {
    const { notion: n, gh: g, databaseUrl } = await fakes();
    n.unshare(databaseUrl.slice(-32));
    const inputs = { "notion-token": NOTION_FAKE_TOKEN, database: databaseUrl, environment: "qa3" };
    const soft = await runBundledAction(actionDir, { node, inputs, env: env(n, g) });
    expect(soft.exitCode).toBe(0);
    expect(soft.annotations).toEqual([
      expect.objectContaining({
        level: "warning",
        message: expect.stringContaining("not shared with the integration"),
      }),
    ]);
    const hard = await runBundledAction(actionDir, {
      node,
      inputs: { ...inputs, "fail-on-error": "true" },
      env: env(n, g),
    });
    expect(hard.exitCode).toBe(1);
    expect(hard.annotations.at(-1)?.message).toMatch(
      /not shared with the integration.*\nHint: Open the database in Notion/s,
    );
  }, 60_000);
});
