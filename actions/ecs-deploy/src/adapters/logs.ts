import { type CloudWatchLogsClient, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { LogsPort } from "../ports.js";

export { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";

export function logsPort(client: CloudWatchLogsClient): LogsPort {
  return { getLogEvents: (input) => client.send(new GetLogEventsCommand(input)) };
}
