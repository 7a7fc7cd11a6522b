import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkPage, findChromium } from "../src/browser-check.js";
import { writeReport } from "../src/report.js";
import type { StepRecord } from "../src/step.js";

// The page in a real browser where Chromium is installed (the manual check is `pnpm demo:check`
// on the full demo); elsewhere this one test is skipped.
const chromium = findChromium();

const step = (id: string, summary: string, exitCode = 0): StepRecord => ({
  id,
  title: `${id} a step`,
  action: "ecs-deploy",
  exitCode,
  outputs: {},
  summary,
  durationMs: 1200,
  expectFailure: exitCode !== 0,
  skipped: false,
});

describe("the demo page in headless Chromium", () => {
  it.skipIf(chromium === undefined)(
    "draws no emoji, wraps no service name or image, and saves a screenshot",
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "demo-page-"));
      const image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/tansu-api";
      const plan = [
        "### ✅ ecs-deploy qa: succeeded",
        "",
        "| Service | Container | What | From | To |",
        "| --- | --- | --- | --- | --- |",
        `| qa3-web | rails | image | ${image}:main-4f1c2aa | ${image}:feature-search-7c2d9e4 |`,
        `| qa3-worker | rails | image | ${image}:main-4f1c2aa | ${image}:feature-search-7c2d9e4 |`,
        "",
        "- ⏰ **qa5-web** woken, kept running until 2026-12-08T14:30:01Z",
      ].join("\n");
      const file = await writeReport(
        dir,
        dir,
        [step("1", plan), step("2", "### ↩️ rolled-back\n\n❌ failed", 1)],
        new Date("2026-12-08T12:00:00Z"),
        { mermaid: false },
      );
      const png = path.join(dir, "index.png");
      expect(await checkPage(file, png, chromium ?? "")).toEqual([]);
      expect(existsSync(png)).toBe(true);
    },
  );
});
