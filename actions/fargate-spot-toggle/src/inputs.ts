import { InputError, Inputs, parseDateTime } from "@sre-actions/core";
import type { HolidayCalendar } from "./holidays.js";
import { MODES, type Mode, type StrategyItem } from "./model.js";
import { parseStrategy } from "./strategy.js";
import { parseWorkingHours, type WorkingWindow } from "./working-hours.js";

/** The public contract: input names, required flags and defaults exactly as in action.yml. */
export const INPUTS = {
  mode: { required: true },
  cluster: { required: true },
  services: { default: "*" },
  "include-tags": {},
  "exclude-tags": {},
  "spot-strategy": { default: "FARGATE_SPOT:1" },
  "on-demand-strategy": { default: "FARGATE:1" },
  "working-hours": {},
  timezone: { default: "UTC" },
  holidays: {},
  "dry-run": { default: "false" },
  concurrency: { default: "5" },
  "vcpu-hour-price": { default: "0.05056" },
  "gb-hour-price": { default: "0.005536" },
  "spot-discount": { default: "0.7" },
  region: {},
  now: {},
} as const satisfies Record<string, { required?: boolean; default?: string }>;

export const OUTPUTS = ["changed", "skipped", "failed", "plan", "estimated-monthly-savings", "services"] as const;

export type OutputName = (typeof OUTPUTS)[number];

export interface Prices {
  vcpuHour: number;
  gbHour: number;
  spotDiscount: number;
}

export interface ToggleInputs {
  mode: Mode;
  clusters: string[];
  services: string[];
  includeTags: Map<string, string>;
  excludeTags: Map<string, string>;
  spotStrategy: StrategyItem[];
  onDemandStrategy: StrategyItem[];
  workingHours: WorkingWindow[] | undefined;
  timeZone: string;
  holidays: HolidayCalendar;
  dryRun: boolean;
  concurrency: number;
  prices: Prices;
  region: string | undefined;
  /** A fixed instant for the schedule (testing and replaying decisions); undefined means the clock. */
  now: Date | undefined;
}

const CLUSTER_NAME = /^(?:arn:aws[\w-]*:ecs:[\w-]+:\d{12}:cluster\/)?[A-Za-z0-9_-]{1,255}$/;
const SERVICE_GLOB = /^[A-Za-z0-9_*?-]{1,255}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/** Reads and validates every input; throws an InputError before anything touches AWS. */
export function parseInputs(inputs = new Inputs()): ToggleInputs {
  const mode = inputs.enum("mode", MODES);
  if (mode === undefined) throw new InputError("mode", `is required: one of ${MODES.join(", ")}`, "schedule");

  const clusters = inputs.list("cluster");
  if (clusters.length === 0) throw new InputError("cluster", "is required", "qa or qa,dev");
  for (const cluster of clusters) {
    if (!CLUSTER_NAME.test(cluster))
      throw new InputError("cluster", `has "${cluster}", which is not a cluster name or ARN`, "qa,dev");
  }

  const services = inputs.list("services");
  for (const glob of services) {
    if (!SERVICE_GLOB.test(glob))
      throw new InputError("services", `has "${glob}", which is not a service name or glob`, "qa-*,api");
  }

  const tagMap = (name: string) =>
    inputs.map(name, {
      example: "env=qa",
      checkKey: (key) => (TAG_KEY.test(key) ? undefined : `"${key}" is not a tag key`),
    });

  const timeZone = inputs.timeZone("timezone");

  const workingHoursText = inputs.string("working-hours");
  let workingHours: WorkingWindow[] | undefined;
  if (workingHoursText !== undefined) {
    const parsed = parseWorkingHours(workingHoursText);
    if ("problem" in parsed) throw new InputError("working-hours", parsed.problem, "Mon-Fri 09:00-20:00");
    workingHours = parsed.windows;
  }
  if (mode === "schedule" && workingHours === undefined) {
    throw new InputError("working-hours", "is required when mode is schedule", "Mon-Fri 09:00-20:00");
  }

  const nowText = inputs.string("now");
  const now = nowText === undefined ? undefined : parseDateTime(nowText, timeZone);
  if (nowText !== undefined && now === undefined) {
    throw new InputError("now", `must be an ISO 8601 date-time; got "${nowText}"`, "2026-11-25T08:59:00+09:00");
  }

  return {
    mode,
    clusters,
    services: services.length === 0 ? ["*"] : services,
    includeTags: tagMap("include-tags"),
    excludeTags: tagMap("exclude-tags"),
    spotStrategy: strategyInput(inputs, "spot-strategy", "FARGATE_SPOT:1", true),
    onDemandStrategy: strategyInput(inputs, "on-demand-strategy", "FARGATE:1", false),
    workingHours,
    timeZone,
    holidays: parseHolidays(inputs.string("holidays")),
    dryRun: inputs.boolean("dry-run", false),
    concurrency: inputs.integer("concurrency", { min: 1, max: 50 }) ?? 5,
    prices: {
      vcpuHour: price(inputs, "vcpu-hour-price", 0.05056, 10),
      gbHour: price(inputs, "gb-hour-price", 0.005536, 10),
      spotDiscount: price(inputs, "spot-discount", 0.7, 1),
    },
    region: inputs.string("region"),
    now,
  };
}

function strategyInput(inputs: Inputs, name: string, fallback: string, spot: boolean): StrategyItem[] {
  const example = spot ? "FARGATE:1:base=1, FARGATE_SPOT:4" : "FARGATE:1";
  const parsed = parseStrategy(inputs.string(name) ?? fallback);
  if ("problem" in parsed) throw new InputError(name, parsed.problem, example);
  for (const item of parsed.items) {
    if (item.provider !== "FARGATE" && item.provider !== "FARGATE_SPOT") {
      throw new InputError(
        name,
        `names ${item.provider}; only FARGATE and FARGATE_SPOT are Fargate capacity providers`,
        example,
      );
    }
  }
  const hasSpot = parsed.items.some((item) => item.provider === "FARGATE_SPOT" && item.weight + item.base > 0);
  if (spot && !hasSpot) throw new InputError(name, "must put some tasks on FARGATE_SPOT", example);
  if (!spot && hasSpot) throw new InputError(name, "must not use FARGATE_SPOT", example);
  return parsed.items;
}

function parseHolidays(text: string | undefined): HolidayCalendar {
  const calendar: HolidayCalendar = { japanese: false, dates: new Set() };
  for (const entry of (text ?? "").split(/[,\n]/).map((part) => part.trim())) {
    if (entry === "" || entry.startsWith("#")) continue;
    if (entry.toLowerCase() === "jp") calendar.japanese = true;
    else if (/^\d{4}-\d{2}-\d{2}$/.test(entry) && parseDateTime(entry, "UTC") !== undefined) calendar.dates.add(entry);
    else throw new InputError("holidays", `has "${entry}", which is neither jp nor a date like 2026-12-29`, "jp");
  }
  return calendar;
}

function price(inputs: Inputs, name: string, fallback: number, max: number): number {
  const text = inputs.string(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value > max) {
    throw new InputError(name, `must be a number from 0 to ${max}; got "${text}"`, String(fallback));
  }
  return value;
}
