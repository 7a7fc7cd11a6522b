import {
  type EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutTargetsCommand,
} from "@aws-sdk/client-eventbridge";
import {
  GetScheduleCommand,
  ListSchedulesCommand,
  type SchedulerClient,
  UpdateScheduleCommand,
} from "@aws-sdk/client-scheduler";
import type { EventsPort, SchedulerPort } from "../ports.js";

export { EventBridgeClient } from "@aws-sdk/client-eventbridge";
export { SchedulerClient } from "@aws-sdk/client-scheduler";

export function schedulerPort(client: SchedulerClient): SchedulerPort {
  return {
    listSchedules: (input) => client.send(new ListSchedulesCommand(input)),
    getSchedule: (input) => client.send(new GetScheduleCommand(input)),
    updateSchedule: (input) => client.send(new UpdateScheduleCommand(input)),
  };
}
export function eventsPort(client: EventBridgeClient): EventsPort {
  return {
    listRules: (input) => client.send(new ListRulesCommand(input)),
    listTargetsByRule: (input) => client.send(new ListTargetsByRuleCommand(input)),
    putTargets: (input) => client.send(new PutTargetsCommand(input)),
  };
}
