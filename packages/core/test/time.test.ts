import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
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

// What date-fns writes, one ICU lookup per call: the reference the cached offsets must agree with.
const reference = (instant: number, zone: string) => format(new TZDate(instant, zone), "yyyy-MM-dd'T'HH:mm:ssXXX");

describe("isoInZone", () => {
  it("agrees with date-fns at any instant, across DST switches and half-hour zones", () => {
    const zones = ["UTC", "Asia/Tokyo", "America/New_York", "Europe/London", "Australia/Lord_Howe", "America/St_Johns"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse("2024-01-01T00:00:00Z"), max: Date.parse("2027-12-31T00:00:00Z") }),
        (zone, instant) => {
          expect(isoInZone(instant, zone)).toBe(reference(instant, zone));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("is exact in the hour around a switch (New York, 2026-03-08 and 2026-11-01)", () => {
    for (const iso of ["2026-03-08T06:59:59Z", "2026-03-08T07:00:00Z", "2026-11-01T05:59:59Z", "2026-11-01T06:00:00Z"])
      expect(isoInZone(Date.parse(iso), "America/New_York")).toBe(reference(Date.parse(iso), "America/New_York"));
  });
});
