import path from "node:path";
import {
  describeBadInputs,
  describeBundle,
  expectRejectedInput,
  runBundledAction,
  stopAfterTest,
} from "@sre-actions/testkit/harness";
import { NOTION_FAKE_TOKEN, NotionFake } from "@sre-actions/testkit/notion";
import { afterEach, describe, expect, it } from "vitest";
import { type Scenario, scenario, testInputs } from "./fixtures/scenario.js";

// Odd values a workflow can pass: each is rejected by parseInputs (before any Notion or GitHub
// call) with one `::error::` that names the input, no stack trace and no "Unexpected error".
const NOW = Date.parse("2026-11-25T09:00:00Z");
const DATABASE = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const KB10 = "q".repeat(10_240);
const BAD_INPUTS: [input: string, value: string][] = [
  ["database", "Environments"],
  ["database", "https://www.notion.so/acme/Environments"],
  ["database", "0f1e2d3c4b5a6978879"],
  ["database", "https://example.com/0f1e2d3c"],
  ["database", KB10],
  ["mode", "Deploy now"],
  ["mode", "destroy"],
  ["mode", "deploy\r\nrelease"],
  ["environment", "qa3\tqa4"],
  ["environment", "qa3\nqa4"],
  ["environment", KB10],
  ["deploy-status", "done"],
  ["deploy-status", "deployed!"],
  ["reserve-for", "forever"],
  ["reserve-for", "99999999999999999999w"],
  ["reserve-for", "400d"],
  ["reserve-for", "-3d"],
  ["reserve-for", "0s"],
  ["reserved-until", "tomorrow"],
  ["reserved-until", "2026-02-30"],
  ["reserved-until", "2020-01-01T00:00:00Z"],
  ["on-conflict", "ignore"],
  ["on-conflict", "warn,fail"],
  ["property-map", "status"],
  ["property-map", "nope=Status"],
  ["property-map", "status=Status\nstatus=State"],
  ["property-map", "environment="],
  ["user-map", "octocat"],
  ["user-map", "octocat=not-an-email-or-id"],
  ["timezone", "Mars/Olympus_Mons"],
  ["timezone", "Asia/Tokio"],
  ["timezone", "+09:00"],
  ["fail-on-error", "tRUE"],
  ["fail-on-error", "1"],
  ["comment", "yes"],
  ["allowed-associations", "ADMIN"],
  ["allowed-associations", "owner;member"],
  ["allow-force", "sure"],
  ["allow-force", "✓"],
  ["reserve-for", "3 days"],
];

describeBadInputs(BAD_INPUTS, (input, value) =>
  testInputs({ "notion-token": NOTION_FAKE_TOKEN, database: DATABASE, environment: "qa3", [input]: value }, NOW),
);

describe("rejected runs make no call", () => {
  let s: Scenario | undefined;
  afterEach(async () => {
    await s?.stop();
  });

  it.each([
    ["mode", "destroy"],
    ["reserve-for", "99999999999999999999w"],
    ["property-map", "nope=Status"],
  ])("%s: %s", async (input, value) => {
    s = await scenario();
    await expect(s.run({ environment: "qa3", [input]: value })).rejects.toThrow(`Input "${input}"`);
    expect(s.notion.requests).toEqual([]);
    expect(s.gh.requests).toEqual([]);
  });
});

describeBundle((node) => {
  it.each([
    ["reserve-for", "99999999999999999999w"],
    ["environment", "qa3\nqa4"],
    ["fail-on-error", "tRUE"],
  ])("the bundled dist rejects %s=%j with one ::error:: and no Notion call", async (input, value) => {
    const notion = stopAfterTest(await new NotionFake().start());
    const result = await runBundledAction(path.resolve(import.meta.dirname, ".."), {
      node,
      inputs: { "notion-token": NOTION_FAKE_TOKEN, database: DATABASE, environment: "qa3", [input]: value },
      env: { NOTION_API_BASE_URL: notion.url },
    });
    expectRejectedInput(result, input, notion.requests);
  });
});
