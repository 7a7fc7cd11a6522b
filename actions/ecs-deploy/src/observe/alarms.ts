import { ActionError } from "@sre-actions/core";
import type { Verdict } from "../model.js";
import type { CloudWatchPort } from "../ports.js";

/** The alarms (of the `alarms` input) in ALARM now; none when no alarm is named. */
export async function firingAlarms(
  cloudWatch: CloudWatchPort | undefined,
  names: readonly string[],
): Promise<string[]> {
  if (names.length === 0 || cloudWatch === undefined) return [];
  const { MetricAlarms = [], CompositeAlarms = [] } = await describe(cloudWatch, names);
  return [...MetricAlarms, ...CompositeAlarms]
    .filter((alarm) => alarm.StateValue === "ALARM")
    .map((alarm) => alarm.AlarmName ?? "?");
}

/** Pre-flight: every alarm of the `alarms` input exists (a typo would otherwise never fire). */
export async function checkAlarmsExist(
  cloudWatch: CloudWatchPort | undefined,
  names: readonly string[],
): Promise<void> {
  if (names.length === 0) return;
  if (cloudWatch === undefined) throw new ActionError("alarms is set but no CloudWatch client was configured");
  const { MetricAlarms = [], CompositeAlarms = [] } = await describe(cloudWatch, names);
  const found = new Set([...MetricAlarms, ...CompositeAlarms].map((alarm) => alarm.AlarmName));
  const missing = names.filter((name) => !found.has(name));
  if (missing.length > 0) {
    throw new ActionError(`alarms names CloudWatch alarms that do not exist in this region: ${missing.join(", ")}`, {
      hint: "Check the alarm names (they are case-sensitive) and the region, e.g. alarms: qa3-web-5xx",
    });
  }
}

/** With AlarmNames alone DescribeAlarms returns metric alarms only: composite alarms must be asked for. */
function describe(cloudWatch: CloudWatchPort, names: readonly string[]) {
  return cloudWatch.describeAlarms({ AlarmNames: [...names], AlarmTypes: ["MetricAlarm", "CompositeAlarm"] });
}

/** The `alarms` input's verdict: a failure naming the alarms in ALARM now (the deployment is still open). */
export async function alarmsVerdict(
  cloudWatch: CloudWatchPort | undefined,
  names: readonly string[],
): Promise<Verdict | undefined> {
  const firing = await firingAlarms(cloudWatch, names);
  if (firing.length === 0) return undefined;
  return {
    outcome: "failed",
    reason: `alarm ${firing.join(", ")} in ALARM (alarms input)`,
    reasonCode: "alarm",
    details: { open: true },
  };
}
