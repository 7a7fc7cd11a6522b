import { InputError } from "@sre-actions/core";
import { inputErrorOf } from "@sre-actions/testkit";
import { describe, expect, it } from "vitest";
import { scenario, testInputs } from "./fixtures/scenario.js";

const NOW = Date.parse("2026-11-25T09:00:00Z");
const DB = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const parse = (values: Record<string, string>) =>
  testInputs({ "notion-token": "ntn_x", database: DB, environment: "qa3", ...values }, NOW);

const inputError = (values: Record<string, string>): string => inputErrorOf(() => parse(values)).message;

describe("parseInputs", () => {
  it("reads defaults", () => {
    const inputs = parse({});
    expect(inputs).toMatchObject({
      databaseId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
      mode: "deploy",
      deployStatus: "deployed",
      reserveForMs: 3 * 86_400_000,
      onConflict: "warn",
      timeZone: "UTC",
      failOnError: false,
      comment: true,
      dataSource: undefined,
      allowedAssociations: ["OWNER", "MEMBER", "COLLABORATOR"],
      allowForce: false,
    });
    expect(inputs.propertyMap).toMatchObject({
      environment: "Environment",
      "pull-request": "Pull request",
      note: "Note",
    });
  });

  it("accepts a database URL with a view and a data source by name or ID", () => {
    const inputs = parse({
      database: `https://www.notion.so/acme/Environments-${DB}?v=1234567890abcdef1234567890abcdef`,
      "data-source": "Environments",
    });
    expect(inputs.databaseId).toBe("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    expect(inputs.dataSource).toEqual({ name: "Environments" });
    expect(parse({ "data-source": "2a3b4c5d6e7f48899aabbccddeeff001" }).dataSource).toEqual({
      id: "2a3b4c5d-6e7f-4889-9aab-bccddeeff001",
    });
  });

  it("reads user-map ids and emails, case-insensitive logins", () => {
    const inputs = parse({ "user-map": "Alice=alice@example.com\nbob=2a3b4c5d6e7f48899aabbccddeeff001" });
    expect(inputs.userMap.get("alice")).toEqual({ email: "alice@example.com" });
    expect(inputs.userMap.get("bob")).toEqual({ id: "2a3b4c5d-6e7f-4889-9aab-bccddeeff001" });
  });

  it.each([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression in the expected message
    [{ "notion-token": "" }, 'Input "notion-token" is required, e.g. ${{ secrets.NOTION_TOKEN }}'],
    [
      { database: "Environments" },
      'Input "database" must be a Notion database URL or ID (32 hex digits); got "Environments"',
    ],
    [
      { mode: "reserve" },
      'Input "mode" must be one of deploy, release, extend, status, sweep, command, setup; got "reserve", e.g. deploy',
    ],
    [{ environment: "" }, 'Input "environment" is required when mode is deploy, e.g. qa3'],
    [{ mode: "extend", environment: "" }, 'Input "environment" is required when mode is extend, e.g. qa3'],
    [
      { "deploy-status": "ok" },
      'Input "deploy-status" must be one of deployed, deploying, failed; got "ok", e.g. deployed',
    ],
    [
      { "reserve-for": "3 days" },
      'Input "reserve-for" must be a duration like 90s, 30m or 1h30m (at most a year); got "3 days", e.g. 3d',
    ],
    [{ "reserve-for": "400d" }, 'Input "reserve-for" must be a duration like 90s, 30m or 1h30m (at most a year)'],
    [{ "reserve-for": "366d" }, 'Input "reserve-for" must be at most 365d, e.g. 3d'],
    [{ "reserved-until": "friday" }, 'Input "reserved-until" must be an ISO 8601 date or date-time; got "friday"'],
    [{ "reserved-until": "2026-11-01" }, 'Input "reserved-until" must be in the future; got 2026-11-01T00:00:00.000Z'],
    [{ "on-conflict": "block" }, 'Input "on-conflict" must be one of warn, fail, override; got "block", e.g. warn'],
    [
      { "property-map": "owner=Owner" },
      'Input "property-map" line 1: "owner" is not a field; fields: environment, status',
    ],
    [{ "property-map": "status=" }, 'Input "property-map" cannot switch off "status": the action needs that column'],
    [{ "property-map": "branch=Note" }, 'Input "property-map" maps both "branch" and "note" to the column "Note"'],
    [
      { "user-map": "alice=Alice" },
      'Input "user-map" has "Alice" for alice, which is neither a Notion user ID nor an email',
    ],
    [{ "user-map": "not a login=x@y.z" }, 'Input "user-map" line 1: "not a login" is not a GitHub login'],
    [{ timezone: "Tokyo" }, 'Input "timezone" must be an IANA time zone name; got "Tokyo", e.g. Asia/Tokyo'],
    [{ "fail-on-error": "yes" }, 'Input "fail-on-error" must be true or false; got "yes", e.g. true'],
    [{ comment: "1" }, 'Input "comment" must be true or false; got "1", e.g. true'],
    [
      { "allowed-associations": "OWNER,maintainer" },
      'Input "allowed-associations" must list author associations (OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, FIRST_TIMER, MANNEQUIN, NONE); got "OWNER,maintainer", e.g. OWNER,MEMBER,COLLABORATOR',
    ],
    [{ "allow-force": "yes" }, 'Input "allow-force" must be true or false; got "yes", e.g. true'],
  ])("rejects %j naming the input", (values, message) => {
    expect(inputError(values)).toContain(message);
  });

  it("a rejected run makes no request at all", async () => {
    const s = await scenario();
    try {
      await expect(s.run({ environment: "qa3", "reserve-for": "soon" })).rejects.toThrow(InputError);
      await expect(s.run({ mode: "sweep", "on-conflict": "nope" })).rejects.toThrow(InputError);
      expect(s.notion.requests).toEqual([]);
      expect(s.gh.requests).toEqual([]);
    } finally {
      await s.stop();
    }
  });
});
