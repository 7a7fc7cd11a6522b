import type { DescribeAlarmsInput, DescribeAlarmsOutput, MetricAlarm, StateValue } from "@aws-sdk/client-cloudwatch";
import { AwsError, paginate } from "../protocol.js";
import type { OperationHandler } from "../service.js";

export interface AlarmRecord {
  name: string;
  state: StateValue;
  reason: string;
  updatedAt: number;
  metricName: string;
  namespace: string;
}

/**
 * CloudWatch metric alarms that tests set to OK or ALARM by hand. ECS deployments and CodeDeploy
 * read the same store, as the real services watch the alarms named in their configuration.
 */
export class AlarmStore {
  readonly alarms = new Map<string, AlarmRecord>();
  /** Called after a state change so deployments watching the alarm react at that instant. */
  onChange: (now: number) => void = () => {};

  constructor(
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  arn(name: string): string {
    return `arn:aws:cloudwatch:${this.region}:${this.accountId}:alarm:${name}`;
  }

  put(name: string, state: StateValue, now: number, reason?: string): void {
    const existing = this.alarms.get(name);
    this.alarms.set(name, {
      name,
      state,
      reason: reason ?? (state === "ALARM" ? "Threshold Crossed: 1 datapoint was greater than the threshold." : "OK"),
      updatedAt: now,
      metricName: existing?.metricName ?? "HTTPCode_Target_5XX_Count",
      namespace: existing?.namespace ?? "AWS/ApplicationELB",
    });
    this.onChange(now);
  }

  private readonly scheduled: { at: number; name: string; state: StateValue; reason: string | undefined }[] = [];

  /** A state change at a later clock time (the ECS engine applies it at that instant). */
  schedule(name: string, state: StateValue, at: number, reason?: string): void {
    this.scheduled.push({ at, name, state, reason });
    this.scheduled.sort((a, b) => a.at - b.at);
  }

  nextDue(): number {
    return this.scheduled[0]?.at ?? Number.POSITIVE_INFINITY;
  }

  /** Applies the scheduled changes due by `now`. */
  applyDue(now: number): void {
    while (this.scheduled[0] !== undefined && this.scheduled[0].at <= now) {
      const change = this.scheduled.shift();
      if (change !== undefined) this.put(change.name, change.state, change.at, change.reason);
    }
  }

  /** The names among `names` whose alarm is in ALARM now (an alarm that does not exist is not in ALARM). */
  inAlarm(names: readonly string[]): string[] {
    return names.filter((name) => this.alarms.get(name)?.state === "ALARM");
  }

  describe(record: AlarmRecord): MetricAlarm {
    return {
      AlarmName: record.name,
      AlarmArn: this.arn(record.name),
      StateValue: record.state,
      StateReason: record.reason,
      StateUpdatedTimestamp: new Date(record.updatedAt),
      MetricName: record.metricName,
      Namespace: record.namespace,
      Statistic: "Sum",
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      ActionsEnabled: true,
    };
  }
}

/** DescribeAlarms as CloudWatch answers it: by names (up to 100), prefix or state; metric alarms only here. */
export function cloudWatchOperations(store: AlarmStore): Record<string, OperationHandler> {
  return {
    DescribeAlarms: (input: DescribeAlarmsInput): DescribeAlarmsOutput => {
      if (input.AlarmNames !== undefined && input.AlarmNamePrefix !== undefined) {
        throw new AwsError("InvalidParameterCombination", "AlarmNames and AlarmNamePrefix cannot be used together.");
      }
      if ((input.AlarmNames?.length ?? 0) > 100) {
        throw new AwsError("InvalidParameterValue", "The parameter AlarmNames must contain at most 100 names.");
      }
      const wantsMetric = input.AlarmTypes === undefined || input.AlarmTypes.includes("MetricAlarm");
      const records = [...store.alarms.values()]
        .filter(
          (alarm) =>
            (input.AlarmNames === undefined || input.AlarmNames.includes(alarm.name)) &&
            (input.AlarmNamePrefix === undefined || alarm.name.startsWith(input.AlarmNamePrefix)) &&
            (input.StateValue === undefined || alarm.state === input.StateValue),
        )
        .sort((a, b) => a.name.localeCompare(b.name));
      const { page, nextToken } = paginate(wantsMetric ? records : [], input.NextToken, input.MaxRecords, {
        default: 50,
        max: 100,
      });
      return { MetricAlarms: page.map((record) => store.describe(record)), CompositeAlarms: [], NextToken: nextToken };
    },
  };
}
