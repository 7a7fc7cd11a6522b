import { describe, expect, it } from "vitest";
import { offHoursPerMonth } from "../src/savings.js";
import { decide, type Schedule } from "../src/schedule.js";
import { parseWorkingHours, type WorkingWindow, weeklyWorkingHours } from "../src/working-hours.js";

function windows(text: string): WorkingWindow[] {
  const parsed = parseWorkingHours(text);
  if (!("windows" in parsed)) throw new Error(parsed.problem);
  return parsed.windows;
}

const tokyo = (local: string) => new Date(`${local}+09:00`).getTime();
const schedule = (holidays: Schedule["holidays"] = { japanese: true, dates: new Set(["2026-12-29"]) }): Schedule => ({
  windows: windows("Mon-Fri 09:00-20:00"),
  timeZone: "Asia/Tokyo",
  holidays,
});
const none = new Map<string, string>();

describe("working hours", () => {
  it("parses ranges, lists and several lines", () => {
    expect(weeklyWorkingHours(windows("Mon-Fri 09:00-20:00"))).toBe(55);
    expect(weeklyWorkingHours(windows("Mon,Wed 09:00-12:00\nSat 10:00-24:00"))).toBe(20);
    expect(weeklyWorkingHours(windows("Fri-Mon 00:00-24:00"))).toBe(96);
    expect(weeklyWorkingHours(windows("Mon-Fri 09:00-18:00\nMon-Fri 17:00-20:00"))).toBe(55);
  });

  it("explains what is wrong with a line", () => {
    expect(parseWorkingHours("weekdays 9-5")).toEqual({
      problem: 'has "weekdays 9-5", which is not like Mon-Fri 09:00-20:00',
    });
    expect(parseWorkingHours("Mon-Fri 20:00-09:00")).toEqual({
      problem: 'has "Mon-Fri 20:00-09:00", which ends before it starts (split overnight hours in two lines)',
    });
    expect(parseWorkingHours("Mon-Fry 09:00-20:00")).toEqual({
      problem: 'has "Mon-Fry", which is not a day list like Mon-Fri or Sat,Sun',
    });
  });

  it("gives the off-hours of a month for the savings estimate", () => {
    expect(offHoursPerMonth(windows("Mon-Fri 09:00-20:00"))).toBeCloseTo(730 - (55 * 730) / 168, 6);
  });
});

describe("schedule decisions in Asia/Tokyo", () => {
  it.each([
    ["2026-11-25T08:59", "stop", "outside working hours (Wed 2026-11-25 08:59 Asia/Tokyo)"],
    ["2026-11-25T09:00", "run", "within working hours (Wed 2026-11-25 09:00 Asia/Tokyo)"],
    ["2026-11-25T19:59", "run", "within working hours (Wed 2026-11-25 19:59 Asia/Tokyo)"],
    ["2026-11-25T20:00", "stop", "outside working hours (Wed 2026-11-25 20:00 Asia/Tokyo)"],
    ["2026-11-28T10:00", "stop", "outside working hours (Sat 2026-11-28 10:00 Asia/Tokyo)"],
    ["2026-11-23T10:00", "stop", "Japanese holiday 2026-11-23 (Labor Thanksgiving Day)"],
    ["2026-12-29T10:00", "stop", "holiday 2026-12-29"],
  ])("at %s Tokyo time: %s", (local, kind, reason) => {
    expect(decide(schedule(), none, tokyo(local))).toEqual({ kind, reason });
  });

  it("reads the local date in the zone: 23:30 UTC Sunday is Monday morning in Tokyo", () => {
    expect(decide(schedule(), none, Date.parse("2026-11-29T23:30:00Z"))).toEqual({
      kind: "stop",
      reason: "outside working hours (Mon 2026-11-30 08:30 Asia/Tokyo)",
    });
    expect(decide(schedule(), none, Date.parse("2026-11-30T00:00:00Z")).kind).toBe("run");
  });

  it("runs on a Japanese holiday when jp is not asked for", () => {
    expect(decide(schedule({ japanese: false, dates: new Set() }), none, tokyo("2026-11-23T10:00")).kind).toBe("run");
  });

  it("honours keep-running-until until it expires, in the schedule's zone when it has no offset", () => {
    const tags = new Map([["sre-actions:keep-running-until", "2026-11-25T22:00"]]);
    expect(decide(schedule(), tags, tokyo("2026-11-25T21:59"))).toEqual({
      kind: "run",
      reason: "kept running by tag sre-actions:keep-running-until to 2026-11-25 22:00 Asia/Tokyo",
    });
    expect(decide(schedule(), tags, tokyo("2026-11-25T22:00")).kind).toBe("stop");
  });

  it("leaves out services tagged schedule=off", () => {
    const tags = new Map([["sre-actions:schedule", "off"]]);
    expect(decide(schedule(), tags, tokyo("2026-11-25T23:00"))).toEqual({
      kind: "excluded",
      reason: "tag sre-actions:schedule=off",
    });
  });
});
