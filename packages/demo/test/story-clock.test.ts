import { execFileSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const clock = pathToFileURL(path.resolve(import.meta.dirname, "../src/story-clock.mjs")).href;
const script = `
class Zoned extends Date {}
console.log(JSON.stringify({
  now: Date.now(),
  constructed: new Date().getTime(),
  subclass: new Zoned(Date.parse("2026-12-05T12:30:00Z")).toISOString(),
  given: new Date(0).toISOString(),
  isDate: new Zoned() instanceof Date,
}));`;

function run(env: Record<string, string>): Record<string, unknown> {
  const out = execFileSync(process.execPath, [`--import=${clock}`, "--input-type=module", "-e", script], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return JSON.parse(out) as Record<string, unknown>;
}

describe("story-clock.mjs runs an action's clock from the story's time", () => {
  it("starts Date.now and new Date() at DEMO_STORY_NOW, leaves given instants and subclasses alone", () => {
    const story = Date.parse("2026-12-02T12:30:00Z");
    const seen = run({ DEMO_STORY_NOW: new Date(story).toISOString() });
    expect(seen["now"] as number).toBeGreaterThanOrEqual(story);
    expect(seen["now"] as number).toBeLessThan(story + 10_000);
    expect(seen["constructed"] as number).toBeGreaterThanOrEqual(seen["now"] as number);
    expect(seen["subclass"]).toBe("2026-12-05T12:30:00.000Z");
    expect(seen["given"]).toBe("1970-01-01T00:00:00.000Z");
    expect(seen["isDate"]).toBe(true);
  });

  it("is the real clock without DEMO_STORY_NOW", () => {
    const before = Date.now();
    const seen = run({ DEMO_STORY_NOW: "" });
    expect(seen["now"] as number).toBeGreaterThanOrEqual(before);
    expect(seen["now"] as number).toBeLessThan(before + 10_000);
  });
});
