import { describe, expect, it } from "vitest";
import { codeFence, codeSpan, inertLog, logLines, logText, markdownText } from "../src/external.js";
import { cell } from "../src/summary.js";

/** What the runner would read as a workflow command: a line whose trimmed start is `::`, or `##[` anywhere. */
function commands(output: string): string[] {
  return output.split(/\r\n|[\r\n]/).filter((line) => line.trimStart().startsWith("::") || line.includes("##["));
}

const PLANTED = "feature/x\n::warning::pwned\n::stop-commands::x\r\n  ::add-mask::abc\n##[error]old form";

describe("external text in the log", () => {
  it("keeps one value on one line and starts no command", () => {
    const line = `Branch: ${logText(PLANTED)}`;
    expect(line.split("\n")).toHaveLength(1);
    expect(commands(line)).toEqual([]);
    expect(line).toContain("\\n");
  });

  it("makes a value that itself starts with :: inert", () => {
    expect(commands(logText("::error::x"))).toEqual([]);
    expect(commands(logText("   ::error::x"))).toEqual([]);
  });

  it("keeps lines of a log tail as lines, each inert", () => {
    const lines = logLines(PLANTED);
    expect(lines.length).toBe(5);
    expect(commands(lines.join("\n"))).toEqual([]);
  });

  it("the logger's net neutralises any command line and leaves other text alone", () => {
    expect(commands(inertLog(PLANTED))).toEqual([]);
    expect(inertLog("plain text: a::b")).toBe("plain text: a::b");
  });

  it("shows control characters instead of passing them to the terminal", () => {
    expect(logText("a\u001b[31mred\u0007")).toBe("a\\u001b[31mred\\u0007");
  });
});

describe("external text in Markdown", () => {
  it("cannot close an inline code span, whatever backticks it holds", () => {
    expect(codeSpan("/env help` [Approve](https://evil.example) @org/admins")).toBe(
      "``/env help` [Approve](https://evil.example) @org/admins``",
    );
    expect(codeSpan("a``b")).toBe("```a``b```");
  });

  it("cannot close a fenced block", () => {
    const fenced = codeFence("```\n# injected");
    expect(fenced.startsWith("````\n")).toBe(true);
    expect(fenced.endsWith("\n````")).toBe(true);
  });

  it("renders literally: no link, no image, no HTML, no mention", () => {
    const text = markdownText(
      "[Approve the production deploy](https://evil.example) ![x](y) <img src=x> @octocat **bold**",
    );
    expect(text).not.toMatch(/(?<!\\)\[/);
    expect(text).not.toContain("<img");
    expect(text).toContain("@\u200boctocat");
    expect(text).toContain("\\*\\*bold\\*\\*");
  });

  it("stays in its table cell", () => {
    expect(cell(markdownText("a | b\nc"))).toBe("a \\| b c");
    expect(cell(codeSpan("x|y"))).toBe("`x\\|y`");
  });
});
