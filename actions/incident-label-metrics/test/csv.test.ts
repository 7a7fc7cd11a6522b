import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "../src/csv.js";

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
