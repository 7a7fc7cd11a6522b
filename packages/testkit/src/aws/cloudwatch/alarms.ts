import type {
  CompositeAlarm,
  DescribeAlarmsInput,
  DescribeAlarmsOutput,
  MetricAlarm,
  StateValue,
} from "@aws-sdk/client-cloudwatch";
import { AwsError, paginate } from "../protocol.js";
import type { OperationHandler } from "../service.js";
import { type AlarmRule, alarmName, childrenOf, evaluateAlarmRule, parseAlarmRule } from "./alarm-rule.js";

export interface AlarmRecord {
  name: string;
  state: StateValue;
  reason: string;
  updatedAt: number;
  metricName: string;
  namespace: string;
}

export interface CompositeAlarmRecord {
  name: string;
  ruleText: string;
  rule: AlarmRule;
  description: string | undefined;
  state: StateValue;
  reason: string;
  updatedAt: number;
  createdAt: number;
}

/**
 * CloudWatch metric alarms that tests set to OK or ALARM by hand, and composite alarms whose state
 * follows their `AlarmRule` over the others (ALARM when the rule is true, OK otherwise), moved at
 * the instant a child changes. ECS deployments and CodeDeploy read the same store, as the real
 * services watch the alarms named in their configuration.
 */
export class AlarmStore {
  readonly alarms = new Map<string, AlarmRecord>();
  readonly composites = new Map<string, CompositeAlarmRecord>();
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
    if (this.composites.has(name))
      throw new Error(`${name} is a composite alarm: its state follows its AlarmRule; set its children instead.`);
    const existing = this.alarms.get(name);
    this.alarms.set(name, {
      name,
      state,
      reason: reason ?? (state === "ALARM" ? "Threshold Crossed: 1 datapoint was greater than the threshold." : "OK"),
      updatedAt: now,
      metricName: existing?.metricName ?? "HTTPCode_Target_5XX_Count",
      namespace: existing?.namespace ?? "AWS/ApplicationELB",
    });
    this.settleComposites(now);
    this.onChange(now);
  }

  /** PutCompositeAlarm's effect: the rule is parsed (a bad rule throws) and evaluated at once. */
  putComposite(name: string, ruleText: string, now: number, description?: string): void {
    if (this.alarms.has(name)) throw new Error(`${name} is already a metric alarm.`);
    const rule = parseAlarmRule(ruleText);
    const existing = this.composites.get(name);
    this.composites.set(name, {
      name,
      ruleText,
      rule,
      description,
      state: existing?.state ?? "INSUFFICIENT_DATA",
      reason: existing?.reason ?? "Unchecked: Initial alarm creation",
      updatedAt: existing?.updatedAt ?? now,
      createdAt: existing?.createdAt ?? now,
    });
    this.settleComposites(now);
    this.onChange(now);
  }

  /** The state of any alarm by name, metric or composite. */
  stateOf(name: string): StateValue | undefined {
    return this.alarms.get(name)?.state ?? this.composites.get(name)?.state;
  }

  /** Re-evaluates composite alarms until none changes (a composite may have composite children). */
  private settleComposites(now: number): void {
    for (let round = 0; round <= this.composites.size; round += 1) {
      let changed = false;
      for (const composite of this.composites.values()) {
        const state: StateValue = evaluateAlarmRule(composite.rule, (child) => this.stateOf(child)) ? "ALARM" : "OK";
        if (state === composite.state) continue;
        composite.state = state;
        composite.reason = `The alarm rule ${composite.ruleText} evaluated to ${state === "ALARM" ? "TRUE" : "FALSE"}.`;
        composite.updatedAt = now;
        changed = true;
      }
      if (!changed) return;
    }
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

  /** The names among `names` whose alarm (metric or composite) is in ALARM now; one that does not exist is not. */
  inAlarm(names: readonly string[]): string[] {
    return names.filter((name) => this.stateOf(name) === "ALARM");
  }

  describeComposite(record: CompositeAlarmRecord): CompositeAlarm {
    return {
      AlarmName: record.name,
      AlarmArn: this.arn(record.name),
      AlarmRule: record.ruleText,
      AlarmDescription: record.description,
      StateValue: record.state,
      StateReason: record.reason,
      StateUpdatedTimestamp: new Date(record.updatedAt),
      StateTransitionedTimestamp: new Date(record.updatedAt),
      AlarmConfigurationUpdatedTimestamp: new Date(record.createdAt),
      ActionsEnabled: true,
      AlarmActions: [],
      OKActions: [],
      InsufficientDataActions: [],
    };
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

/**
 * DescribeAlarms as the CloudWatch reference documents it: by names (up to 100), prefix or state;
 * `AlarmTypes` says which kinds come back, and without it only metric alarms do, even when a named
 * alarm is composite. `ChildrenOfAlarmName` / `ParentsOfAlarmName` walk composite rules and take no
 * other filter (InvalidParameterCombination otherwise); they return names, ARNs and (children) states.
 */
export function cloudWatchOperations(store: AlarmStore): Record<string, OperationHandler> {
  return {
    DescribeAlarms: (input: DescribeAlarmsInput): DescribeAlarmsOutput => {
      if (input.AlarmNames !== undefined && input.AlarmNamePrefix !== undefined) {
        throw new AwsError("InvalidParameterCombination", "AlarmNames and AlarmNamePrefix cannot be used together.");
      }
      if ((input.AlarmNames?.length ?? 0) > 100) {
        throw new AwsError("InvalidParameterValue", "The parameter AlarmNames must contain at most 100 names.");
      }
      const limits = { default: 50, max: 100 };
      if (input.ChildrenOfAlarmName !== undefined || input.ParentsOfAlarmName !== undefined) {
        const { ChildrenOfAlarmName, ParentsOfAlarmName, MaxRecords, NextToken, ...others } = input;
        if (Object.values(others).some((value) => value !== undefined) || (ChildrenOfAlarmName && ParentsOfAlarmName)) {
          throw new AwsError(
            "InvalidParameterCombination",
            "ChildrenOfAlarmName and ParentsOfAlarmName cannot be combined with other parameters except MaxRecords and NextToken.",
          );
        }
        const related =
          ChildrenOfAlarmName !== undefined
            ? childrenOf(
                store.composites.get(alarmName(ChildrenOfAlarmName))?.rule ?? { kind: "constant", value: false },
              )
            : [...store.composites.values()]
                .filter((composite) => childrenOf(composite.rule).includes(alarmName(ParentsOfAlarmName ?? "")))
                .map((composite) => composite.name);
        const { page, nextToken } = paginate(related, NextToken, MaxRecords, limits);
        const brief = (name: string) => ({
          AlarmName: name,
          AlarmArn: store.arn(name),
          ...(ChildrenOfAlarmName !== undefined
            ? { StateValue: store.stateOf(name), StateUpdatedTimestamp: updatedAt(store, name) }
            : {}),
        });
        return {
          MetricAlarms: page.filter((name) => store.alarms.has(name)).map(brief),
          CompositeAlarms: page.filter((name) => store.composites.has(name)).map(brief),
          NextToken: nextToken,
        };
      }
      const types = input.AlarmTypes ?? ["MetricAlarm"];
      const matches = (name: string, state: StateValue) =>
        (input.AlarmNames === undefined || input.AlarmNames.includes(name)) &&
        (input.AlarmNamePrefix === undefined || name.startsWith(input.AlarmNamePrefix)) &&
        (input.StateValue === undefined || state === input.StateValue);
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      const listed: ({ metric: AlarmRecord } | { composite: CompositeAlarmRecord })[] = [
        ...(types.includes("MetricAlarm")
          ? [...store.alarms.values()].filter((alarm) => matches(alarm.name, alarm.state)).sort(byName)
          : []
        ).map((metric) => ({ metric })),
        ...(types.includes("CompositeAlarm")
          ? [...store.composites.values()].filter((alarm) => matches(alarm.name, alarm.state)).sort(byName)
          : []
        ).map((composite) => ({ composite })),
      ];
      const { page, nextToken } = paginate(listed, input.NextToken, input.MaxRecords, limits);
      return {
        MetricAlarms: page.flatMap((entry) => ("metric" in entry ? [store.describe(entry.metric)] : [])),
        CompositeAlarms: page.flatMap((entry) =>
          "composite" in entry ? [store.describeComposite(entry.composite)] : [],
        ),
        NextToken: nextToken,
      };
    },
  };
}

function updatedAt(store: AlarmStore, name: string): Date | undefined {
  const at = store.alarms.get(name)?.updatedAt ?? store.composites.get(name)?.updatedAt;
  return at === undefined ? undefined : new Date(at);
}
