import type { Target as RuleTarget } from "@aws-sdk/client-eventbridge";
import type { GetScheduleCommandOutput, UpdateScheduleCommandInput } from "@aws-sdk/client-scheduler";
import { ActionError, compileGlob, describeError, type Logger, paginate } from "@sre-actions/core";
import type { EventsPort, SchedulerPort } from "../ports.js";

/** One ECS target of an EventBridge Scheduler schedule or an EventBridge rule that scheduled-tasks names. */
export interface ScheduledTarget {
  kind: "schedule" | "rule";
  /** `group/name` for a schedule, the rule name for a rule. */
  name: string;
  /** The rule's target id (a rule may have several targets). */
  targetId: string | undefined;
  family: string | undefined;
  /** The task definition the target ran before this deployment. */
  from: string;
  /** The revision it was moved to (set when moved). */
  to: string | undefined;
  status: "planned" | "skipped" | "moved" | "moved-back" | "failed";
  note: string | undefined;
  /** What to send back to restore it exactly (the whole schedule or rule target as read). */
  original: { schedule: GetScheduleCommandOutput } | { rule: string; target: RuleTarget };
}

export interface ScheduledDeps {
  scheduler?: SchedulerPort | undefined;
  events?: EventsPort | undefined;
  log: Logger;
}

/** The family of `arn:…:task-definition/web:42` or `…/web` (no revision: follows the latest ACTIVE one). */
export function familyOf(arn: string): { family: string; pinned: boolean } | undefined {
  const match = /task-definition\/([A-Za-z0-9_-]+)(:\d+)?$/.exec(arn);
  return match?.[1] === undefined ? undefined : { family: match[1], pinned: match[2] !== undefined };
}

/**
 * Read-only: the schedules and rules scheduled-tasks names, and for each ECS target whether it runs
 * a family this deployment changes. A plain name that matches nothing is an error (a typo would
 * otherwise leave a cron job on the old revision without a word); a glob may match nothing.
 */
export async function findScheduledTargets(
  patterns: readonly string[],
  families: ReadonlySet<string>,
  deps: ScheduledDeps,
): Promise<ScheduledTarget[]> {
  if (patterns.length === 0) return [];
  const { scheduler, events } = deps;
  if (scheduler === undefined || events === undefined)
    throw new ActionError("scheduled-tasks needs the EventBridge clients");
  const found: ScheduledTarget[] = [];
  for (const pattern of patterns) {
    const slash = pattern.indexOf("/");
    const group = slash === -1 ? undefined : pattern.slice(0, slash);
    const glob = slash === -1 ? pattern : pattern.slice(slash + 1);
    // One glob for the whole pack (core's, linear in time whatever the pattern).
    const matches = compileGlob(glob);
    const prefix = matches.prefix;
    const schedules = await paginate(async (cursor) => {
      const page = await scheduler.listSchedules({
        ...(group ? { GroupName: group } : {}),
        ...(prefix ? { NamePrefix: prefix } : {}),
        ...(cursor ? { NextToken: cursor } : {}),
      });
      return { items: page.Schedules ?? [], next: page.NextToken };
    });
    const rules =
      group !== undefined
        ? []
        : await paginate(async (cursor) => {
            const page = await events.listRules({
              ...(prefix ? { NamePrefix: prefix } : {}),
              ...(cursor ? { NextToken: cursor } : {}),
            });
            return { items: page.Rules ?? [], next: page.NextToken };
          });
    let matched = 0;
    for (const summary of schedules.filter((item) => matches.test(item.Name ?? ""))) {
      matched += 1;
      const schedule = await scheduler.getSchedule({ Name: summary.Name, GroupName: summary.GroupName });
      const name = `${schedule.GroupName ?? "default"}/${schedule.Name}`;
      found.push(
        classify("schedule", name, undefined, schedule.Target?.EcsParameters?.TaskDefinitionArn, families, {
          schedule,
        }),
      );
    }
    for (const rule of rules.filter((item) => matches.test(item.Name ?? ""))) {
      matched += 1;
      const targets = await paginate(async (cursor) => {
        const page = await events.listTargetsByRule({ Rule: rule.Name, ...(cursor ? { NextToken: cursor } : {}) });
        return { items: page.Targets ?? [], next: page.NextToken };
      });
      for (const target of targets) {
        found.push(
          classify("rule", rule.Name ?? "", target.Id, target.EcsParameters?.TaskDefinitionArn, families, {
            rule: rule.Name ?? "",
            target,
          }),
        );
      }
    }
    if (matched === 0 && matches.literal) {
      throw new ActionError(
        `scheduled-tasks names "${pattern}", which is neither an EventBridge Scheduler schedule${group ? ` in group ${group}` : ""} nor an EventBridge rule on the default bus`,
        {
          hint: "Check the name (aws scheduler list-schedules, aws events list-rules) and the region; globs like qa3-* may match nothing.",
        },
      );
    }
    if (matched === 0) deps.log.info(`scheduled-tasks: "${pattern}" matches no schedule or rule`);
  }
  // A schedule named by two patterns is moved once.
  const seen = new Set<string>();
  return found.filter((target) => {
    const key = `${target.kind}:${target.name}:${target.targetId ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function classify(
  kind: ScheduledTarget["kind"],
  name: string,
  targetId: string | undefined,
  arn: string | undefined,
  families: ReadonlySet<string>,
  original: ScheduledTarget["original"],
): ScheduledTarget {
  const base = { kind, name, targetId, from: arn ?? "", to: undefined, original };
  const parsed = arn === undefined ? undefined : familyOf(arn);
  if (parsed === undefined) return { ...base, family: undefined, status: "skipped", note: "not an ECS task target" };
  if (!families.has(parsed.family)) {
    return {
      ...base,
      family: parsed.family,
      status: "skipped",
      note: `runs family ${parsed.family}, not deployed here`,
    };
  }
  if (!parsed.pinned) {
    return {
      ...base,
      family: parsed.family,
      status: "skipped",
      note: "names the family without a revision: it runs the latest ACTIVE revision already",
    };
  }
  return { ...base, family: parsed.family, status: "planned", note: undefined };
}

/** Moves each planned target to its family's new revision; only the task definition changes. */
export async function moveScheduledTargets(
  targets: ScheduledTarget[],
  revisionOf: (family: string) => string | undefined,
  deps: ScheduledDeps,
): Promise<void> {
  for (const target of targets) {
    if (target.status !== "planned" || target.family === undefined) continue;
    const to = revisionOf(target.family);
    if (to === undefined || to === target.from) {
      target.status = "skipped";
      target.note = "already runs the deployed revision";
      continue;
    }
    try {
      await point(target, to, deps);
      target.to = to;
      target.status = "moved";
      deps.log.info(`${target.kind} ${target.name}: ${target.from} → ${to}`);
    } catch (error) {
      target.status = "failed";
      target.note = describeError(error);
      deps.log.error(`Could not move ${target.kind} ${target.name} to ${to}: ${target.note}`, {
        title: `${target.name}: still on the previous revision`,
      });
    }
  }
}

/** After a rollback: every moved target goes back to the revision it ran, exactly as it was. */
export async function moveScheduledTargetsBack(targets: ScheduledTarget[], deps: ScheduledDeps): Promise<void> {
  for (const target of targets) {
    if (target.status !== "moved") continue;
    try {
      await point(target, target.from, deps);
      target.status = "moved-back";
      deps.log.info(`${target.kind} ${target.name}: back on ${target.from}`);
    } catch (error) {
      target.status = "failed";
      target.note = `could not move back to ${target.from}: ${describeError(error)}`;
      deps.log.error(`${target.kind} ${target.name} ${target.note}`, {
        title: `${target.name}: left on the new revision`,
      });
    }
  }
}

async function point(target: ScheduledTarget, taskDefinitionArn: string, deps: ScheduledDeps): Promise<void> {
  if ("schedule" in target.original) {
    await deps.scheduler?.updateSchedule(scheduleUpdate(target.original.schedule, taskDefinitionArn));
    return;
  }
  const { rule, target: original } = target.original;
  const ecs = original.EcsParameters;
  if (ecs === undefined) return;
  // PutTargets replaces the target with this Id as a whole: send it back complete.
  const response = await deps.events?.putTargets({
    Rule: rule,
    Targets: [{ ...original, EcsParameters: { ...ecs, TaskDefinitionArn: taskDefinitionArn } }],
  });
  const failed = response?.FailedEntries?.[0];
  if ((response?.FailedEntryCount ?? 0) > 0)
    throw new Error(`${failed?.ErrorCode ?? "failed"}: ${failed?.ErrorMessage ?? ""}`);
}

/**
 * UpdateSchedule replaces the whole schedule (a member left out is reset), so the request is the
 * schedule as GetSchedule returned it, minus the read-only members, with only the revision changed.
 */
export function scheduleUpdate(
  schedule: GetScheduleCommandOutput,
  taskDefinitionArn: string,
): UpdateScheduleCommandInput {
  const {
    Arn: _arn,
    CreationDate: _created,
    LastModificationDate: _modified,
    $metadata: _metadata,
    ...rest
  } = schedule;
  const target = schedule.Target;
  const ecs = target?.EcsParameters;
  if (target === undefined || ecs === undefined) throw new Error("the schedule has no ECS target");
  return {
    ...rest,
    Name: schedule.Name,
    ScheduleExpression: schedule.ScheduleExpression,
    FlexibleTimeWindow: schedule.FlexibleTimeWindow,
    Target: { ...target, EcsParameters: { ...ecs, TaskDefinitionArn: taskDefinitionArn } },
  };
}
