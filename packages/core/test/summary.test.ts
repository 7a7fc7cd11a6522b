import { describe, expect, it } from "vitest";
import { cell, details, link, table } from "../src/summary.js";

describe("summary", () => {
  it("escapes table cells", () => {
    expect(cell("a|b\nc")).toBe("a\\|b<br>c");
    expect(table(["A", "B"], [["1", undefined]])).toBe("| A | B |\n| --- | --- |\n| 1 |  |");
  });
  it("builds details and links", () => {
    expect(details("More", "body")).toBe("<details><summary>More</summary>\n\nbody\n\n</details>");
    expect(link("PR [1]", "https://x")).toBe("[PR \\[1\\]](https://x)");
    expect(link("plain", undefined)).toBe("plain");
  });
});
