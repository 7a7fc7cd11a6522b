import { describe, expect, it } from "vitest";
import { branchNameProblem } from "../src/branch-name.js";

describe("branchNameProblem", () => {
  it.each(["main", "release/2026-11", "feature/JIRA-123_fix", "v1.2.3", "@x"])("%s is a branch name", (name) => {
    expect(branchNameProblem(name)).toBeUndefined();
  });
  it.each([
    "",
    "main\nprod",
    "main\r",
    "a..b",
    "../etc",
    "has space",
    "a~1",
    "a^",
    "a:b",
    "a?",
    "a*",
    "a[",
    "a\\b",
    "-main",
    "/main",
    "main/",
    "main.",
    "main.lock",
    "a//b",
    "a@{1}",
    "@",
    "a/.hidden",
  ])("%j is not", (name) => {
    expect(branchNameProblem(name)).toBeDefined();
  });
});
