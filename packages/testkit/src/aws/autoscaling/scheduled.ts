import type { ScheduledAction } from "@aws-sdk/client-application-auto-scaling";
import { AwsError } from "../protocol.js";

/** One scheduled action on an ECS service's scalable target. */
export interface ScheduledActionRecord {
  name: string;
  resourceId: string;
  /** `at(yyyy-mm-ddThh:mm:ss)` or `cron(M H * * ? *)` (daily; the fake models no other cron fields), in UTC. */
  schedule: string;
  min: number | undefined;
  max: number | undefined;
  createdAt: number;
  arn: string;
}

const AT = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;
const DAILY_CRON = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/;

/** Checks a schedule expression the fake can run; the message follows the API's ValidationException. */
export function checkSchedule(schedule: string): void {
  if (AT.test(schedule) || DAILY_CRON.test(schedule)) return;
  throw new AwsError(
    "ValidationException",
    `AwsFake runs only at(yyyy-mm-ddThh:mm:ss) and daily cron(M H * * ? *) schedules; got ${schedule}`,
  );
}

/** The instants in (from, to] at which `schedule` fires (UTC). */
export function firings(schedule: string, from: number, to: number): number[] {
  const at = AT.exec(schedule);
  if (at !== null) {
    const when = Date.parse(`${at[1]}Z`);
    return when > from && when <= to ? [when] : [];
  }
  const cron = DAILY_CRON.exec(schedule);
  if (cron === null) return [];
  const minute = Number(cron[1]);
  const hour = Number(cron[2]);
  const out: number[] = [];
  const day = new Date(from);
  day.setUTCHours(hour, minute, 0, 0);
  for (let when = day.getTime(); when <= to; when += 86_400_000) if (when > from) out.push(when);
  return out;
}

export function describeScheduledAction(record: ScheduledActionRecord): ScheduledAction {
  return {
    ScheduledActionName: record.name,
    ScheduledActionARN: record.arn,
    ServiceNamespace: "ecs",
    Schedule: record.schedule,
    Timezone: "UTC",
    ResourceId: record.resourceId,
    ScalableDimension: "ecs:service:DesiredCount",
    CreationTime: new Date(record.createdAt),
    ScalableTargetAction: {
      ...(record.min === undefined ? {} : { MinCapacity: record.min }),
      ...(record.max === undefined ? {} : { MaxCapacity: record.max }),
    },
  };
}
