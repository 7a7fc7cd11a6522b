import fc from "fast-check";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { compileGlob, compileGlobs, GlobError, isGlob } from "../src/glob.js";

describe("compileGlob", () => {
  it.each([
    ["qa*", "qa3-web", true],
    ["qa*", "prod-web", false],
    ["qa?-web", "qa3-web", true],
    ["qa?-web", "qa10-web", false],
    ["qa[0-9]-*", "qa3-worker", true],
    ["qa[!3]-*", "qa3-worker", false],
    ["qa[^3]-*", "qa4-worker", true],
    ["{qa,dev}*-web", "dev2-web", true],
    ["{qa,dev}*-web", "stg-web", false],
    ["a\\*b", "a*b", true],
    ["a\\*b", "axb", false],
    ["*", "qa", true],
    ["web", "web", true],
    ["web", "web2", false],
  ])("%s against %s is %s", (pattern, name, expected) => {
    expect(compileGlob(pattern).test(name)).toBe(expected);
  });

  it.each([
    ["services/api/**", "services/api/app/models/user.rb", true],
    ["services/api/**", "services/web/app.rb", false],
    ["**/*.md", "README.md", true],
    ["**/*.md", "docs/a/b.md", true],
    ["docs/*.md", "docs/a/b.md", false],
    ["src/?.ts", "src/a.ts", true],
  ])("path mode: %s against %s is %s", (pattern, name, expected) => {
    expect(compileGlob(pattern, { path: true }).test(name)).toBe(expected);
  });

  it("says whether a pattern names one thing, and its literal prefix", () => {
    expect(compileGlob("qa3-web").literal).toBe(true);
    expect(compileGlob("qa3-*").literal).toBe(false);
    expect(compileGlob("qa3-*").prefix).toBe("qa3-");
    expect(compileGlob("{qa,dev}-*").prefix).toBe("");
    expect(isGlob("qa3-web")).toBe(false);
    expect(isGlob("qa[0-9]")).toBe(true);
  });

  it("matches a pathological pattern in linear time (a backtracking regex takes minutes)", () => {
    const pattern = `${"*a".repeat(12)}*b`;
    const name = "a".repeat(40);
    const started = performance.now();
    for (let round = 0; round < 100; round++) expect(compileGlob(pattern).test(name)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(compileGlob(pattern).test(`${"a".repeat(40)}b`)).toBe(true);
  });

  it.each([
    ["", "is empty"],
    ["qa[", "never closed"],
    ["{qa,dev", "never closed"],
    ["{a,{b,c}}", "nests braces"],
    ["[z-a]", "runs backwards"],
    ["a\\", "lone backslash"],
    ["x".repeat(600), "at most 512"],
  ])("refuses %j: %s", (pattern, message) => {
    expect(() => compileGlob(pattern)).toThrow(GlobError);
    expect(() => compileGlob(pattern)).toThrow(message);
  });

  it("agrees with picomatch on names without slashes (the rules users knew)", () => {
    const alphabet = fc.constantFrom("a", "b", "-", "1");
    const patternChar = fc.constantFrom("a", "b", "-", "1", "*", "?");
    fc.assert(
      fc.property(
        fc.string({ unit: patternChar, minLength: 1, maxLength: 8 }),
        fc.string({ unit: alphabet, minLength: 1, maxLength: 10 }),
        (pattern, name) => {
          expect(compileGlob(pattern).test(name)).toBe(picomatch.isMatch(name, pattern, { dot: true }));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("matches any of several patterns", () => {
    const matches = compileGlobs(["qa*", "pre-prod"]);
    expect(matches("qa3-web")).toBe(true);
    expect(matches("pre-prod")).toBe(true);
    expect(matches("prod")).toBe(false);
  });
});
