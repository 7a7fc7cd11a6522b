import { readFileSync } from "node:fs";
import type { GitHubFake } from "@sre-actions/testkit/github";
import { afterEach, describe, expect, it } from "vitest";
import { csvCell, csvRow } from "../src/csv.js";
import { DAY, NOW, OWNER, REPO, runMetrics, startGitHub } from "./fixtures/scenario.js";

describe("csvCell", () => {
  it.each([
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\r=1", '"\'\r=1"'],
    ["Fix: a, b", '"Fix: a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ["plain", "plain"],
    ["", ""],
  ])("%j → %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("writes numbers, booleans and empty values as data", () => {
    expect(csvRow([-1.5, 0, true, undefined, null, "x"])).toBe("-1.5,0,true,,,x");
  });
});

describe("CSV report", () => {
  let github: GitHubFake | undefined;
  afterEach(async () => {
    await github?.stop();
  });

  it("defuses PR titles that a spreadsheet would run as formulas", async () => {
    github = await startGitHub();
    const titles = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"];
    for (const [index, title] of titles.entries()) {
      github.seedPullRequest({
        owner: OWNER,
        repo: REPO,
        number: index + 1,
        title,
        createdAt: NOW - 3 * DAY,
        mergedAt: NOW - DAY + index * 60_000,
      });
    }
    const { result } = await runMetrics(github);
    const cells = readFileSync(result.files?.csv ?? "", "utf8")
      .trim()
      .split("\n")
      .slice(1);
    for (const line of cells) expect(line.split(",")[2]).toMatch(/^"?'/);
    expect(cells.join("\n")).not.toMatch(/(^|,)[=+@-]/m);
  });
});
