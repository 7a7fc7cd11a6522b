import path from "node:path";
import { GitHubFake } from "@sre-actions/testkit/github";
import {
  type BundledActionResult,
  describeBundle,
  plantedCommands,
  runBundledAction,
  stopAfterTest,
  webhookExample,
} from "@sre-actions/testkit/harness";
import { environmentsSchema, NOTION_FAKE_TOKEN, NotionFake, notionProps } from "@sre-actions/testkit/notion";
import { describe, expect, it } from "vitest";
import { ENVIRONMENTS, issueCommentEvent, type SeedRow, seedRow } from "./fixtures/scenario.js";

/**
 * Issue 26 against the bundled action, run as the runner runs it: outside text never becomes a
 * workflow command, concurrent runs never both take a row, a cancel ends with a summary and a
 * non-zero exit, missing runner variables are named, endpoint overrides stay on loopback.
 */

const actionDir = path.resolve(import.meta.dirname, "..");
const PLANT = "\n::warning::pwned\n::stop-commands::x";
const FAR = "2099-01-01T00:00:00Z";

interface Fakes {
  notion: NotionFake;
  gh: GitHubFake;
  dataSourceId: string;
  databaseUrl: string;
  env: Record<string, string>;
}

async function fakes(
  options: { rows?: Record<string, SeedRow>; writeDelayMs?: number; dataSourceName?: string; extra?: string[] } = {},
): Promise<Fakes> {
  const notion = stopAfterTest(await new NotionFake({ writeDelayMs: options.writeDelayMs ?? 0 }).start());
  const gh = stopAfterTest(await new GitHubFake().start());
  gh.seedRepository({ owner: "acme", name: "app" });
  const seeded = notion.seedDatabase({
    title: "Environments",
    dataSources: [{ name: options.dataSourceName ?? "Environments", properties: environmentsSchema() }],
  });
  for (const environment of [...ENVIRONMENTS, ...(options.extra ?? [])]) {
    seedRow(notion, seeded.dataSourceId, environment, options.rows?.[environment] ?? {});
  }
  return {
    notion,
    gh,
    dataSourceId: seeded.dataSourceId,
    databaseUrl: `https://www.notion.so/acme/Environments-${seeded.databaseId.replace(/-/g, "")}`,
    env: {
      NOTION_API_BASE_URL: notion.url,
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: "acme/app",
      GITHUB_ACTOR: "alice",
    },
  };
}

const dispatch = (branch: string) => ({
  name: "workflow_dispatch",
  payload: { ...webhookExample("workflow_dispatch"), ref: `refs/heads/${branch}` },
});

function pageOf(notion: NotionFake, environment: string): string {
  const page = notion.pages().find((p) => JSON.stringify(p.properties["Environment"]).includes(`"${environment}"`));
  return page?.id ?? "";
}

/** No line of the step's log is a workflow command that outside text wrote. */
function expectNoPlantedCommand(result: BundledActionResult): void {
  expect(plantedCommands(result.log, "pwned")).toEqual([]);
  expect(result.annotations.filter((annotation) => annotation.message.startsWith("pwned"))).toEqual([]);
}

describeBundle((node) => {
  describe("outside text never becomes a workflow command", () => {
    it("Notion cells, branch names, labels, data source names and comments, in every mode", async () => {
      const planted: SeedRow = {
        status: "Deployed",
        branch: `feature/cart${PLANT}`,
        pullRequest: `https://github.com/acme/app/pull/8${PLANT}`,
        reservedUntil: FAR,
        note: `note${PLANT}`,
      };
      const f = await fakes({
        dataSourceName: `Environments${PLANT}`,
        rows: {
          qa3: planted,
          qa4: planted,
          qa5: planted,
          qa6: planted,
          qa8: planted,
          qa9: { ...planted, reservedUntil: "2020-01-01T00:00:00Z" },
        },
        extra: [`qa11${PLANT}`],
      });
      // A person whose Notion name carries the plant holds qa3.
      const user = f.notion.seedUser({ name: `Mallory${PLANT}` });
      f.notion.seedPage(f.dataSourceId, {
        Environment: notionProps.title("qa12"),
        Status: notionProps.status("Deployed"),
        Branch: notionProps.richText(`x${PLANT}`),
        "Deployed by": notionProps.people(user.id),
        "Reserved until": notionProps.date(FAR),
      });
      const base = { "notion-token": NOTION_FAKE_TOKEN, database: f.databaseUrl, "github-token": f.gh.token };
      const runs: BundledActionResult[] = [];
      const run = async (inputs: Record<string, string>, event?: { name: string; payload: unknown }) => {
        const result = await runBundledAction(actionDir, {
          node,
          inputs: { ...base, ...inputs },
          env: f.env,
          ...(event === undefined ? {} : { event }),
        });
        runs.push(result);
        return result;
      };
      const failed = await run({ environment: "qa3", "on-conflict": "fail" }, dispatch("feature/login"));
      expect(failed.exitCode).toBe(1);
      await run({ environment: "qa12", "on-conflict": "fail" }, dispatch("feature/login"));
      await run({ environment: "qa4", "on-conflict": "override" }, dispatch("feature/login"));
      // A pull_request event whose branch and label carry the plant.
      const pull = webhookExample("pull_request", "synchronize");
      const pr = pull["pull_request"] as Record<string, unknown>;
      pr["head"] = { ...(pr["head"] as object), ref: `feature/evil${PLANT}` };
      pr["labels"] = [{ id: 1, name: `reserve:${PLANT}`, color: "ededed" }];
      await run({ environment: "qa5", "on-conflict": "warn" }, { name: "pull_request", payload: pull });
      await run({ environment: "qa6", mode: "extend", "on-conflict": "fail" }, dispatch("feature/login"));
      const closed = webhookExample("pull_request", "closed");
      const closedPr = closed["pull_request"] as Record<string, unknown>;
      closedPr["head"] = { ...(closedPr["head"] as object), ref: `feature/evil${PLANT}` };
      await run({ mode: "release" }, { name: "pull_request", payload: closed });
      await run({ mode: "status" });
      await run({ mode: "sweep" });
      // /env commands: a refused reserve of a planted row, a list of the board, a name that does not exist.
      f.gh.seedPullRequest({ owner: "acme", repo: "app", number: 7, headRefName: "feature/login" });
      for (const body of ["/env reserve qa8", "/env list", "/env reserve ::warning::pwned"]) {
        const id = f.gh.seedIssueComment({ owner: "acme", repo: "app", issueNumber: 7, body, user: "alice" })["id"];
        const event = issueCommentEvent(7, { id: id as number, body });
        await run({ mode: "command" }, { name: event.name, payload: event.payload });
      }
      // The planted text reached the log (as data) in every run, and never as a command.
      expect(runs.filter((result) => result.log.includes("pwned")).length).toBeGreaterThanOrEqual(10);
      for (const result of runs) expectNoPlantedCommand(result);
      // Text written to Notion stays as it was read: data.
      const note = f.notion.page(pageOf(f.notion, "qa4"))?.properties["Note"];
      expect(JSON.stringify(note)).toContain(JSON.stringify(`feature/cart${PLANT}`).slice(1, -1));
    }, 180_000);
  });

  describe("reservations no race can break", () => {
    it("four runs for qa3 at once (three deploys, one /env reserve), slow writes: exactly one takes it", async () => {
      const f = await fakes({ writeDelayMs: 150 });
      f.gh.seedPullRequest({ owner: "acme", repo: "app", number: 7, headRefName: "feature/login" });
      const body = "/env reserve qa3";
      const id = f.gh.seedIssueComment({ owner: "acme", repo: "app", issueNumber: 7, body, user: "alice" })["id"];
      const comment = issueCommentEvent(7, { id: id as number, body });
      const base = { "notion-token": NOTION_FAKE_TOKEN, database: f.databaseUrl, "on-conflict": "fail" };
      const [reserve, ...deploys] = await Promise.all([
        runBundledAction(actionDir, {
          node,
          inputs: { ...base, mode: "command", "github-token": f.gh.token },
          event: { name: comment.name, payload: comment.payload },
          env: f.env,
          timeoutMs: 60_000,
        }),
        ...["feature/a", "feature/b", "feature/c"].map((branch) =>
          runBundledAction(actionDir, {
            node,
            inputs: { ...base, environment: "qa3" },
            event: dispatch(branch),
            env: { ...f.env, GITHUB_REPOSITORY: `acme/${branch.slice(-1)}` },
            timeoutMs: 60_000,
          }),
        ),
      ]);
      const reserved = reserve?.summary.includes("🚀 Reserved **qa3**") ?? false;
      const deployed = deploys.filter((result) => result.exitCode === 0);
      expect(deployed.length + (reserved ? 1 : 0)).toBe(1);
      const branch = f.notion.page(pageOf(f.notion, "qa3"))?.properties["Branch"];
      const holder = JSON.stringify(branch).match(/"plain_text":"([^"]+)"/)?.[1];
      for (const loser of deploys.filter((result) => result.exitCode !== 0)) {
        expect(loser.outputs).toMatchObject({ conflict: "true" });
        expect(loser.outputs["holder"]).toContain(String(holder));
        expect(loser.annotations.at(-1)?.message).toMatch(/^Not deployed: qa3 is reserved by /);
      }
      if (!reserved) expect(reserve?.summary).toContain("😕 **qa3** is reserved by");
      expect(f.notion.children(pageOf(f.notion, "qa3"))).toEqual([]);
    }, 120_000);
  });

  describe("a cancelled run", () => {
    it("SIGINT mid-run: stops waiting, withdraws its claim, writes what it changed, exits non-zero", async () => {
      const payload = webhookExample("pull_request", "closed");
      const pull = payload["pull_request"] as { html_url: string; head: { ref: string } };
      const held = { status: "Deployed", branch: pull.head.ref, pullRequest: pull.html_url, reservedUntil: FAR };
      const f = await fakes({ rows: { qa2: held, qa5: held } });
      // Another run is deciding about qa5 (its claim, alive for the next two minutes).
      f.notion.seedParagraph(
        pageOf(f.notion, "qa5"),
        "⏳ sre-actions claim 0000aaaa-1111 ticket 1 — @bob · feature/cart · https://github.com/acme/app/actions/runs/1",
      );
      const result = await runBundledAction(actionDir, {
        node,
        inputs: { "notion-token": NOTION_FAKE_TOKEN, database: f.databaseUrl, mode: "release", comment: "false" },
        event: { name: "pull_request", payload },
        env: f.env,
        cancel: { when: (line) => line.text.includes("was claimed first by") },
        timeoutMs: 30_000,
      });
      expect(result.cancelled?.signals).toEqual(["SIGINT"]);
      expect(result.cancelled?.exitAfterMs).toBeLessThan(7_500);
      expect(result.exitCode).toBe(1);
      expect(result.annotations.at(-1)?.message).toMatch(/^The run was cancelled \(SIGINT\)\./);
      expect(result.summary).toContain("## notion-env-status: cancelled");
      expect(result.summary).toMatch(/### Changed before the cancel\n\n- the qa2 row in Notion/);
      expect(result.summary).toMatch(/### Still in flight\n\n- nothing/);
      // qa2 was freed before the cancel; qa5 is untouched and only the other run's claim is left.
      const status = (environment: string) =>
        JSON.stringify(f.notion.page(pageOf(f.notion, environment))?.properties["Status"]);
      expect(status("qa2")).toContain('"Free"');
      expect(status("qa5")).toContain('"Deployed"');
      expect(f.notion.children(pageOf(f.notion, "qa5")).map((block) => block.id)).toHaveLength(1);
    }, 60_000);
  });

  describe("runner variables and endpoints", () => {
    it("without GITHUB_REF and friends, status works and deploy names what is missing, before any call", async () => {
      const f = await fakes();
      const unset = { GITHUB_REF: "", GITHUB_SHA: "", GITHUB_RUN_ID: "", GITHUB_EVENT_NAME: "", GITHUB_EVENT_PATH: "" };
      const inputs = { "notion-token": NOTION_FAKE_TOKEN, database: f.databaseUrl };
      const status = await runBundledAction(actionDir, {
        node,
        inputs: { ...inputs, mode: "status" },
        env: { ...f.env, ...unset },
      });
      expect(status.exitCode).toBe(0);
      expect(status.outputs["environments"]).toContain('"environment":"qa3"');
      const before = f.notion.requests.length;
      const deploy = await runBundledAction(actionDir, {
        node,
        inputs: { ...inputs, environment: "qa3" },
        env: { ...f.env, ...unset },
      });
      expect(deploy.exitCode).toBe(1);
      expect(deploy.annotations).toEqual([
        expect.objectContaining({
          level: "error",
          message: expect.stringMatching(
            /^GITHUB_RUN_ID, GITHUB_SHA, GITHUB_REF are not set: needed to record the branch, commit and run of a deploy\.\nHint: The GitHub Actions runner sets them/,
          ),
        }),
      ]);
      expect(deploy.log).not.toContain("Unexpected error");
      expect(f.notion.requests.length).toBe(before);
    }, 60_000);

    it("NOTION_API_BASE_URL off loopback is refused before the token goes anywhere", async () => {
      const f = await fakes();
      const inputs = { "notion-token": NOTION_FAKE_TOKEN, database: f.databaseUrl, mode: "status" };
      const refused = await runBundledAction(actionDir, {
        node,
        inputs,
        env: { ...f.env, NOTION_API_BASE_URL: "https://notion-proxy.example.com" },
      });
      expect(refused.exitCode).toBe(1);
      expect(refused.annotations.at(-1)?.message).toMatch(
        /^NOTION_API_BASE_URL points to https:\/\/notion-proxy\.example\.com, which is neither the service's own address nor loopback/,
      );
      expect(f.notion.requests).toEqual([]);
    }, 60_000);
  });
});
