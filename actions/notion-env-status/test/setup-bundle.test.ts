import path from "node:path";
import { describeBundle, runBundledAction, stopAfterTest } from "@sre-actions/testkit/harness";
import { NOTION_FAKE_TOKEN, NotionFake } from "@sre-actions/testkit/notion";
import { expect, it } from "vitest";

const actionDir = path.resolve(import.meta.dirname, "..");

describeBundle((node) => {
  it("mode setup as the runner runs it: creates the database once, prints and outputs NOTION_ENVIRONMENTS_DATABASE", async () => {
    const notion = stopAfterTest(await new NotionFake().start());
    const parent = notion.seedParentPage({ title: "Platform" });
    const run = () =>
      runBundledAction(actionDir, {
        node,
        inputs: { "notion-token": NOTION_FAKE_TOKEN, mode: "setup", "parent-page": parent, environments: "qa1..qa3" },
        env: { NOTION_API_BASE_URL: notion.url },
      });
    const first = await run();
    expect(first.annotations).toEqual([]);
    expect(first.exitCode).toBe(0);
    const [database] = notion.databasesUnder(parent);
    expect(first.outputs["database"]).toBe(`https://www.notion.so/${database?.id.replace(/-/g, "")}`);
    expect(first.log).toContain(`gh variable set NOTION_ENVIRONMENTS_DATABASE --body "${first.outputs["database"]}"`);
    expect(first.summary).toContain("## notion-env-status: setup");
    const second = await run();
    expect(second.exitCode).toBe(0);
    expect(second.outputs["database"]).toBe(first.outputs["database"]);
    expect(notion.databasesUnder(parent)).toHaveLength(1);
    expect(notion.pages()).toHaveLength(3);
  });
});
