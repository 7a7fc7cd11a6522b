import {
  compileGlob,
  GlobError,
  InputError,
  Inputs,
  type InputTable,
  isEcsName,
  isEcsResource,
  parseDateTime,
  resolveRegion,
} from "@sre-actions/core";
import { parseProviders } from "./capacity.js";
import type { HolidayCalendar } from "./holidays.js";
import { MODES, type Mode, type ProviderItem } from "./model.js";
import { parseWorkingHours, type WorkingWindow } from "./working-hours.js";

/** The public contract: input names, required flags and defaults exactly as in action.yml. */
export const INPUTS = {
  mode: { required: true, example: "schedule" },
  cluster: { required: true, example: "qa or qa,dev" },
  services: { default: "*", example: "qa-*,api" },
  "include-tags": { example: "env=qa" },
  "exclude-tags": { example: "env=qa" },
  "spot-strategy": { default: "FARGATE_SPOT:1", example: "FARGATE:1:base=1, FARGATE_SPOT:4" },
  "on-demand-strategy": { default: "FARGATE:1", example: "FARGATE:1" },
  "working-hours": { example: "Mon-Fri 09:00-20:00" },
  schedules: { example: "late=Mon-Fri 10:00-22:00" },
  timezone: { default: "UTC", example: "Asia/Tokyo" },
  holidays: { example: "jp" },
  "dry-run": { default: "false" },
  concurrency: { default: "5" },
  "vcpu-hour-price": { default: "0.05056", example: "0.05056" },
  "gb-hour-price": { default: "0.005536", example: "0.005536" },
  "spot-discount": { default: "0.7", example: "0.7" },
  "db-clusters": { example: "qa*-aurora" },
  // USD per instance-hour, Aurora Standard on-demand, ap-northeast-1 (Tokyo).
  "db-instance-prices": {
    default:
      "db.t4g.medium=0.113, db.t4g.large=0.226, db.t3.medium=0.125, db.r6g.large=0.313, db.r6g.xlarge=0.626, db.r7g.large=0.344",
    example: "db.t4g.medium=0.113, db.r6g.large=0.313",
  },
  "db-start-timeout": { default: "30m", example: "30m" },
  "spot-fallback-after": { default: "15m", example: "15m" },
  "spot-retry-after": { default: "6h", example: "6h" },
  environments: { example: "qa*" },
  "environment-from": { default: "tag", example: "tag" },
  "idle-after": { example: "2h" },
  "idle-without-traffic-metric": { default: "false" },
  "savings-plan-coverage": { default: "0", example: "0.6" },
  region: { example: "ap-northeast-1" },
  now: { example: "2026-11-25T08:59:00+09:00" },
} as const satisfies InputTable;

export type FargateSpotToggleInputReader = Inputs<typeof INPUTS>;

export const OUTPUTS = [
  "changed",
  "skipped",
  "failed",
  "plan",
  "estimated-monthly-savings",
  "db-clusters",
  "services",
  "environments",
] as const;

export type OutputName = (typeof OUTPUTS)[number];

export interface Prices {
  vcpuHour: number;
  gbHour: number;
  spotDiscount: number;
  /** Share of on-demand Fargate hours a Compute Savings Plan pays whether the tasks run or not. */
  savingsPlanCoverage: number;
}

export interface FargateSpotToggleInputs {
  /** Named schedules for the `sre-actions:schedule=<name>` tag. */
  schedules: Map<string, WorkingWindow[]>;
  /** Aurora DB cluster identifiers or globs. */
  dbClusters: string[];
  /** DB instance class → USD per hour. */
  dbPrices: Map<string, number>;
  dbStartTimeoutMs: number;
  spotFallbackAfterMs: number;
  spotRetryAfterMs: number;
  mode: Mode;
  clusters: string[];
  services: string[];
  includeTags: Map<string, string>;
  excludeTags: Map<string, string>;
  spotProviders: ProviderItem[];
  onDemandProviders: ProviderItem[];
  workingHours: WorkingWindow[] | undefined;
  timeZone: string;
  holidays: HolidayCalendar;
  dryRun: boolean;
  concurrency: number;
  prices: Prices;
  /** Environment name globs: only services (and DB clusters) of matching environments are selected. */
  environments: string[];
  /** How a service's environment is known: its `sre-actions:environment` tag, or its name `<env>-*`. */
  environmentFrom: "tag" | "name";
  /** Mode idle (and schedule): an environment without traffic or deployment for this long sleeps. */
  idleAfterMs: number | undefined;
  /** Whether a service behind no load balancer (no traffic metric) may count as idle. */
  idleWithoutTrafficMetric: boolean;
  region: string | undefined;
  /** A fixed instant for the schedule (testing and replaying decisions); undefined means the clock. */
  now: Date | undefined;
}

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/** Reads and validates every input; throws an InputError before anything touches AWS. */
export function parseInputs(inputs: FargateSpotToggleInputReader = new Inputs(INPUTS)): FargateSpotToggleInputs {
  // The table makes mode required; this says which values are allowed when it is missing.
  if (!inputs.isSet("mode")) throw new InputError("mode", `is required: one of ${MODES.join(", ")}`, "schedule");
  const mode = inputs.enum("mode", MODES);

  const clusters = inputs.list("cluster");
  if (clusters.length === 0) throw new InputError("cluster", "is required", inputs.example("cluster"));
  for (const cluster of clusters) {
    if (!isEcsResource("cluster", cluster))
      throw new InputError("cluster", `has "${cluster}", which is not a cluster name or ARN`, "qa,dev");
  }

  const services = globList(inputs, "services", (glob) => isEcsName(glob.replace(/[*?[\]!{},\\^-]/g, "x")));

  const tagMap = (name: "include-tags" | "exclude-tags") =>
    inputs.map(name, {
      example: inputs.example(name),
      checkKey: (key) => (TAG_KEY.test(key) ? undefined : `"${key}" is not a tag key`),
    });

  const timeZone = inputs.timeZone("timezone");

  const workingHoursText = inputs.string("working-hours");
  let workingHours: WorkingWindow[] | undefined;
  if (workingHoursText !== undefined) {
    const parsed = parseWorkingHours(workingHoursText);
    if ("problem" in parsed) throw new InputError("working-hours", parsed.problem, inputs.example("working-hours"));
    workingHours = parsed.windows;
  }
  if (mode === "schedule" && workingHours === undefined) {
    throw new InputError("working-hours", "is required when mode is schedule", inputs.example("working-hours"));
  }

  const nowText = inputs.string("now");
  const now = nowText === undefined ? undefined : parseDateTime(nowText, timeZone);
  if (nowText !== undefined && now === undefined) {
    throw new InputError("now", `must be an ISO 8601 date-time; got "${nowText}"`, inputs.example("now"));
  }

  // DB cluster identifiers: letters, digits and hyphens, starting with a letter (1-63); globs add * ? [] {}.
  const dbClusters = globList(inputs, "db-clusters", (glob) => /^[A-Za-z*?[{][A-Za-z0-9*?[\]{},!^-]{0,62}$/.test(glob));
  const environments = globList(inputs, "environments", (glob) => /^[A-Za-z0-9*?[\]{},!^_.-]{1,128}$/.test(glob));
  const idleAfterMs = inputs.isSet("idle-after") ? inputs.duration("idle-after") : undefined;
  if (idleAfterMs !== undefined && (idleAfterMs < 5 * 60_000 || idleAfterMs > 14 * 86_400_000)) {
    // CloudWatch keeps 1-minute load balancer data for 15 days; under 5 minutes the metric lags the traffic.
    throw new InputError("idle-after", "must be between 5m and 14d", inputs.example("idle-after"));
  }
  if (mode === "idle" && idleAfterMs === undefined) {
    throw new InputError("idle-after", "is required when mode is idle", inputs.example("idle-after"));
  }
  if (idleAfterMs !== undefined && mode !== "idle" && mode !== "schedule") {
    throw new InputError("idle-after", `is read by modes idle and schedule only; mode is ${mode}`, "2h");
  }
  if (idleAfterMs !== undefined && environments.length === 0) {
    throw new InputError(
      "environments",
      `is required with idle-after: idleness is judged per environment`,
      inputs.example("environments"),
    );
  }

  return {
    schedules: parseSchedules(inputs),
    dbClusters,
    dbPrices: parseDbPrices(inputs),
    dbStartTimeoutMs: inputs.duration("db-start-timeout"),
    spotFallbackAfterMs: inputs.duration("spot-fallback-after"),
    spotRetryAfterMs: inputs.duration("spot-retry-after"),
    mode,
    clusters,
    services,
    includeTags: tagMap("include-tags"),
    excludeTags: tagMap("exclude-tags"),
    spotProviders: providersInput(inputs, "spot-strategy", true),
    onDemandProviders: providersInput(inputs, "on-demand-strategy", false),
    workingHours,
    timeZone,
    holidays: parseHolidays(inputs.list("holidays")),
    dryRun: inputs.boolean("dry-run"),
    concurrency: inputs.integer("concurrency", { min: 1, max: 50 }),
    prices: {
      vcpuHour: inputs.number("vcpu-hour-price", { min: 0, max: 10 }),
      gbHour: inputs.number("gb-hour-price", { min: 0, max: 10 }),
      spotDiscount: inputs.number("spot-discount", { min: 0, max: 1 }),
      savingsPlanCoverage: inputs.number("savings-plan-coverage", { min: 0, max: 1 }),
    },
    environments,
    environmentFrom: inputs.enum("environment-from", ["tag", "name"] as const),
    idleAfterMs,
    idleWithoutTrafficMetric: inputs.boolean("idle-without-traffic-metric"),
    region: regionInput(inputs),
    now,
  };
}

/** A list of globs, each checked for its characters and compiled (a pattern the matcher refuses is an input error). */
function globList(
  inputs: FargateSpotToggleInputReader,
  name: "services" | "db-clusters" | "environments",
  allowed: (glob: string) => boolean,
): string[] {
  const globs = inputs.list(name);
  for (const glob of globs) {
    const what = {
      services: "a service name",
      "db-clusters": "a DB cluster identifier",
      environments: "an environment name",
    }[name];
    let problem = allowed(glob) ? undefined : `which is not ${what} or glob`;
    try {
      compileGlob(glob);
    } catch (error) {
      if (!(error instanceof GlobError)) throw error;
      problem = `which ${error.message}`;
    }
    if (problem !== undefined) throw new InputError(name, `has "${glob}", ${problem}`, inputs.example(name));
  }
  return globs;
}

/**
 * The region input when given, checked by core's one region rule (else AWS_REGION /
 * AWS_DEFAULT_REGION, resolved next to the clients, still before any call).
 */
function regionInput(inputs: FargateSpotToggleInputReader): string | undefined {
  const region = inputs.string("region");
  return region === undefined ? undefined : resolveRegion(region, {});
}

function providersInput(
  inputs: FargateSpotToggleInputReader,
  name: "spot-strategy" | "on-demand-strategy",
  spot: boolean,
): ProviderItem[] {
  const example = inputs.example(name);
  const parsed = parseProviders(inputs.string(name));
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

function parseHolidays(entries: string[]): HolidayCalendar {
  const calendar: HolidayCalendar = { japanese: false, dates: new Set() };
  for (const entry of entries) {
    if (entry.startsWith("#")) continue;
    if (entry.toLowerCase() === "jp") calendar.japanese = true;
    else if (/^\d{4}-\d{2}-\d{2}$/.test(entry) && parseDateTime(entry, "UTC") !== undefined) calendar.dates.add(entry);
    else throw new InputError("holidays", `has "${entry}", which is neither jp nor a date like 2026-12-29`, "jp");
  }
  return calendar;
}

const SCHEDULE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** `name=Mon-Fri 10:00-22:00` lines; `;` separates more windows of one schedule. `off` is taken. */
function parseSchedules(inputs: FargateSpotToggleInputReader): Map<string, WorkingWindow[]> {
  const example = inputs.example("schedules");
  const lines = inputs.map("schedules", {
    example,
    checkKey: (key) =>
      !SCHEDULE_NAME.test(key)
        ? `"${key}" is not a schedule name (letters, digits, . _ -)`
        : key.toLowerCase() === "off"
          ? `"off" is reserved: the tag sre-actions:schedule=off already means "never stop"`
          : undefined,
  });
  const schedules = new Map<string, WorkingWindow[]>();
  for (const [name, value] of lines) {
    const parsed = parseWorkingHours(value.split(";").join("\n"));
    if ("problem" in parsed) throw new InputError("schedules", `schedule "${name}" ${parsed.problem}`, example);
    schedules.set(name, parsed.windows);
  }
  return schedules;
}

function parseDbPrices(inputs: FargateSpotToggleInputReader): Map<string, number> {
  const example = inputs.example("db-instance-prices");
  const prices = new Map<string, number>();
  for (const entry of inputs.list("db-instance-prices")) {
    const match = /^(db\.[a-z0-9]+\.[a-z0-9]+)\s*=\s*(\d{1,4}(?:\.\d{1,6})?)$/.exec(entry);
    if (match === null) {
      throw new InputError("db-instance-prices", `has "${entry}", which is not class=USD per hour`, example);
    }
    prices.set(match[1] ?? "", Number(match[2]));
  }
  return prices;
}
