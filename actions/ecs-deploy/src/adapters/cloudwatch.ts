import { type CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import type { CloudWatchPort } from "../ports.js";

export { CloudWatchClient } from "@aws-sdk/client-cloudwatch";

export function cloudWatchPort(client: CloudWatchClient): CloudWatchPort {
  return { describeAlarms: (input) => client.send(new DescribeAlarmsCommand(input)) };
}
