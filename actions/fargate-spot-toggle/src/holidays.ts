import holidayJp from "@holiday-jp/holiday_jp";

/** Days off for `schedule`: Japanese public holidays and/or listed dates (`yyyy-MM-dd`, local to the time zone). */
export interface HolidayCalendar {
  japanese: boolean;
  dates: Set<string>;
}

const JAPANESE = holidayJp.holidays as unknown as Record<string, { name_en: string } | undefined>;

/** The holiday's name when `date` (`yyyy-MM-dd`) is a day off, else undefined. */
export function holidayName(calendar: HolidayCalendar, date: string): string | undefined {
  if (calendar.dates.has(date)) return `holiday ${date}`;
  if (!calendar.japanese) return undefined;
  const holiday = JAPANESE[date];
  return holiday === undefined ? undefined : `Japanese holiday ${date} (${holiday.name_en})`;
}
