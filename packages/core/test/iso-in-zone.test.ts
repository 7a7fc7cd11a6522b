import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoInZone } from "../src/time.js";

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
