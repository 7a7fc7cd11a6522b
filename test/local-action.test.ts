import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { NOTION_FAKE_TOKEN, NotionFake } from "@sre-actions/testkit/notion";
import { afterEach, describe, expect, it } from "vitest";

// `npx @github/local-action . src/main.ts .env` imports src/main.ts and calls its run(): importing
// must not start the action (only src/index.ts, the bundle's entry, does), and run() must be the
// whole action. Checked here without local-action's install: the same import-then-run in a child.
const root = path.resolve(import.meta.dirname, "..");
const ACTIONS = ["ecs-deploy", "fargate-spot-toggle", "incident-label-metrics", "notion-env-status"];

let notion: NotionFake | undefined;
afterEach(async () => {
  await notion?.stop();
  notion = undefined;
});

describe("each action's src/main.ts, as @github/local-action loads it", () => {
  it.each(ACTIONS)("%s exports run() and does nothing on import", async (name) => {
    const module = (await import(`../actions/${name}/src/main.ts`)) as { run?: unknown; execute?: unknown };
    expect(typeof module.run).toBe("function");
    // ecs-deploy keeps execute() in its own module, loaded only once the inputs are valid (cold start).
    const execute =
      module.execute ??
      (existsSync(path.join(root, "actions", name, "src/execute.ts"))
        ? ((await import(`../actions/${name}/src/execute.ts`)) as { execute?: unknown }).execute
        : undefined);
    expect(typeof execute).toBe("function");
    expect(readFileSync(path.join(root, "actions", name, "src/index.ts"), "utf8")).toMatch(/await (run|runAction)\(/);
  });

  it("run() is the whole action: notion-env-status setup from a .env-style environment", async () => {
    notion = await new NotionFake().start();
    const parent = notion.seedParentPage({ title: "Platform" });
    const dir = mkdtempSync(path.join(tmpdir(), "local-action-"));
    const summary = path.join(dir, "summary.md");
    writeFileSync(summary, "");
    const main = pathToFileURL(path.join(root, "actions/notion-env-status/src/main.ts")).href;
    // Asynchronous: the fake answers from this process while the child runs.
    const child = await promisify(execFile)(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `const { run } = await import(${JSON.stringify(main)}); await run();`,
      ],
      {
        cwd: root,
        encoding: "utf8",
        timeout: 60_000,
        env: {
          PATH: process.env["PATH"],
          "INPUT_NOTION-TOKEN": NOTION_FAKE_TOKEN,
          INPUT_MODE: "setup",
          "INPUT_PARENT-PAGE": parent,
          INPUT_ENVIRONMENTS: "qa1..qa2",
          NOTION_API_BASE_URL: notion.url,
          GITHUB_REPOSITORY: "acme/shop-api",
          GITHUB_REF: "refs/heads/main",
          GITHUB_SHA: "0000000000000000000000000000000000000000",
          GITHUB_ACTOR: "you",
          GITHUB_RUN_ID: "1",
          GITHUB_EVENT_NAME: "workflow_dispatch",
          GITHUB_STEP_SUMMARY: summary,
        },
      },
    );
    expect(child.stderr).toBe("");
    expect(child.stdout).toContain("gh variable set NOTION_ENVIRONMENTS_DATABASE");
    expect(readFileSync(summary, "utf8")).toContain("## notion-env-status: setup");
    expect(notion.pages()).toHaveLength(2);
  });
});
