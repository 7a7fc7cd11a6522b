import { describe, expect, it } from "vitest";
import { resolveRegion } from "../src/aws.js";
import { InputError } from "../src/errors.js";
import { cell, details, link, table } from "../src/summary.js";
import { formatInZone, humanDuration, isoInZone, isTimeZone, parseDateTime } from "../src/time.js";

describe("time", () => {
  it("formats wall-clock time in a zone", () => {
    const instant = Date.parse("2026-11-25T12:04:00Z");
    expect(formatInZone(instant, "Asia/Tokyo", "yyyy-MM-dd HH:mm")).toBe("2026-11-25 21:04");
    expect(formatInZone(instant, "Asia/Tokyo")).toBe("2026-11-25 21:04 Asia/Tokyo");
    expect(isoInZone(instant, "Asia/Tokyo")).toBe("2026-11-25T21:04:00+09:00");
    expect(isoInZone(instant, "UTC")).toBe("2026-11-25T12:04:00Z");
  });
  it("knows time zones", () => {
    expect(isTimeZone("Asia/Tokyo")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
  it("parses ISO dates with and without offsets", () => {
    expect(parseDateTime("2026-12-29T09:00", "Asia/Tokyo")?.toISOString()).toBe("2026-12-29T00:00:00.000Z");
    expect(parseDateTime("2026-12-29T09:00Z", "Asia/Tokyo")?.toISOString()).toBe("2026-12-29T09:00:00.000Z");
    expect(parseDateTime("2026-13-40", "UTC")).toBeUndefined();
    expect(parseDateTime("tomorrow", "UTC")).toBeUndefined();
  });
  it.each([
    [0, "0s"],
    [45_000, "45s"],
    [185_000, "3m 05s"],
    [7_800_000, "2h 10m"],
    [273_600_000, "3d 4h"],
    [-90_000, "-1m 30s"],
  ])("humanDuration(%d) = %s", (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

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

describe("resolveRegion", () => {
  it("prefers the input, then AWS_REGION, then AWS_DEFAULT_REGION", () => {
    expect(resolveRegion("eu-west-1", { AWS_REGION: "us-east-1" })).toBe("eu-west-1");
    expect(resolveRegion(undefined, { AWS_REGION: "us-east-1", AWS_DEFAULT_REGION: "eu-west-1" })).toBe("us-east-1");
    expect(resolveRegion(undefined, { AWS_DEFAULT_REGION: "ap-northeast-1" })).toBe("ap-northeast-1");
  });
  it("names the region input when nothing is set or the name is wrong", () => {
    expect(() => resolveRegion(undefined, {})).toThrow(InputError);
    expect(() => resolveRegion("tokyo", {})).toThrow('Input "region" must be an AWS region name; got "tokyo"');
  });
});
