import type {
  ListRulesRequest,
  ListRulesResponse,
  ListTargetsByRuleRequest,
  ListTargetsByRuleResponse,
  PutTargetsRequest,
  PutTargetsResponse,
  Rule,
  Target,
} from "@aws-sdk/client-eventbridge";
import { AwsError, paginate } from "../protocol.js";
import type { OperationHandler } from "../service.js";

export interface RuleSeed {
  name: string;
  /** Default: `rate(1 hour)`. */
  scheduleExpression?: string;
  eventPattern?: string;
  state?: "ENABLED" | "DISABLED";
  targets: Target[];
}

interface RuleRecord {
  rule: Rule;
  targets: Target[];
}

/**
 * EventBridge rules on the default event bus (AWS JSON 1.1, `AWSEvents`): ListRules with
 * NamePrefix and Limit, ListTargetsByRule, and PutTargets, which adds targets or replaces a target
 * with the same Id as a whole (at most 5 targets per rule; ResourceNotFoundException for a rule
 * that does not exist).
 */
export class EventRulesStore {
  readonly rules = new Map<string, RuleRecord>();

  constructor(
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  seed(seed: RuleSeed): void {
    this.rules.set(seed.name, {
      rule: {
        Name: seed.name,
        Arn: `arn:aws:events:${this.region}:${this.accountId}:rule/${seed.name}`,
        State: seed.state ?? "ENABLED",
        EventBusName: "default",
        ...(seed.eventPattern
          ? { EventPattern: seed.eventPattern }
          : { ScheduleExpression: seed.scheduleExpression ?? "rate(1 hour)" }),
      },
      targets: structuredClone(seed.targets),
    });
  }

  targets(rule: string): Target[] {
    return structuredClone(this.rules.get(rule)?.targets ?? []);
  }

  operations(): Record<string, OperationHandler> {
    const record = (name: string | undefined, bus: string | undefined) => {
      const found = this.rules.get(name ?? "");
      if (found === undefined || (bus !== undefined && bus !== "default" && !bus.endsWith(":event-bus/default"))) {
        throw new AwsError("ResourceNotFoundException", `Rule ${name} does not exist on EventBus ${bus ?? "default"}.`);
      }
      return found;
    };
    return {
      ListRules: (input: ListRulesRequest): ListRulesResponse => {
        const listed = [...this.rules.values()]
          .filter((item) => item.rule.Name?.startsWith(input.NamePrefix ?? "") === true)
          .sort((a, b) => (a.rule.Name ?? "").localeCompare(b.rule.Name ?? ""));
        const { page, nextToken } = paginate(listed, input.NextToken, input.Limit, { default: 100, max: 100 });
        return { Rules: page.map((item) => ({ ...item.rule })), ...(nextToken ? { NextToken: nextToken } : {}) };
      },
      ListTargetsByRule: (input: ListTargetsByRuleRequest): ListTargetsByRuleResponse => {
        const found = record(input.Rule, input.EventBusName);
        const { page, nextToken } = paginate(found.targets, input.NextToken, input.Limit, { default: 100, max: 100 });
        return { Targets: structuredClone(page), ...(nextToken ? { NextToken: nextToken } : {}) };
      },
      PutTargets: (input: PutTargetsRequest): PutTargetsResponse => {
        const found = record(input.Rule, input.EventBusName);
        for (const target of input.Targets ?? []) {
          const index = found.targets.findIndex((existing) => existing.Id === target.Id);
          if (index === -1) found.targets.push(structuredClone(target));
          else found.targets[index] = structuredClone(target);
        }
        if (found.targets.length > 5) {
          throw new AwsError("LimitExceededException", "The requested resource exceeds the maximum number allowed.");
        }
        return { FailedEntryCount: 0, FailedEntries: [] };
      },
    };
  }
}
