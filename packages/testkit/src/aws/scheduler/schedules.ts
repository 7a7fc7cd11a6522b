import type {
  GetScheduleOutput,
  ListSchedulesOutput,
  ScheduleSummary,
  Target,
  UpdateScheduleInput,
} from "@aws-sdk/client-scheduler";
import * as schedulerSdk from "@aws-sdk/client-scheduler";
import type { FakeRequest, FakeResponse } from "../../fake/server.js";
import { AwsError, paginate, toWire } from "../protocol.js";
import { checkShape, operationShapes } from "../shape-check.js";

/** A schedule as the fake keeps it: GetSchedule's output without the timestamps' Date type. */
export interface ScheduleRecord {
  name: string;
  group: string;
  expression: string;
  timezone: string | undefined;
  state: "ENABLED" | "DISABLED";
  description: string | undefined;
  flexibleWindow: { Mode: "OFF" | "FLEXIBLE"; MaximumWindowInMinutes?: number };
  target: Target;
  actionAfterCompletion: "NONE" | "DELETE" | undefined;
  createdAt: number;
  modifiedAt: number;
}

export interface ScheduleSeed {
  name: string;
  /** Default: `default`. */
  group?: string;
  /** Default: `rate(1 hour)`. */
  expression?: string;
  timezone?: string;
  state?: "ENABLED" | "DISABLED";
  description?: string;
  target: Target;
}

/**
 * EventBridge Scheduler (REST JSON, signing name `scheduler`): GetSchedule, ListSchedules and
 * UpdateSchedule as the API reference documents them. UpdateSchedule replaces the whole schedule:
 * a member the request leaves out is reset (Description cleared, State back to ENABLED), as the
 * reference warns, so a caller must send back everything GetSchedule returned.
 */
export class SchedulerFake {
  readonly schedules = new Map<string, ScheduleRecord>();

  constructor(
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  arn(record: { group: string; name: string }): string {
    return `arn:aws:scheduler:${this.region}:${this.accountId}:schedule/${record.group}/${record.name}`;
  }

  seed(seed: ScheduleSeed, now: number): void {
    const group = seed.group ?? "default";
    this.schedules.set(`${group}/${seed.name}`, {
      name: seed.name,
      group,
      expression: seed.expression ?? "rate(1 hour)",
      timezone: seed.timezone,
      state: seed.state ?? "ENABLED",
      description: seed.description,
      flexibleWindow: { Mode: "OFF" },
      target: structuredClone(seed.target),
      actionAfterCompletion: "NONE",
      createdAt: now,
      modifiedAt: now,
    });
  }

  get(name: string, group = "default"): GetScheduleOutput | undefined {
    const record = this.schedules.get(`${group}/${name}`);
    return record === undefined ? undefined : this.describe(record);
  }

  /** Which operation a REST request is, or undefined when it is not a Scheduler path. */
  static route(request: FakeRequest): string | undefined {
    if (request.path === "/schedules") return request.method === "GET" ? "ListSchedules" : undefined;
    if (/^\/schedules\/[^/]+$/.test(request.path)) {
      if (request.method === "GET") return "GetSchedule";
      if (request.method === "PUT") return "UpdateSchedule";
    }
    return undefined;
  }

  handle(operation: string, request: FakeRequest, now: number): FakeResponse {
    const input = this.inputOf(operation, request);
    const schema = (schedulerSdk as unknown as Record<string, unknown>)[`${operation}$`];
    const shapes = operationShapes(schema);
    const problems = checkShape(shapes.input, input, { requireMembers: true });
    if (problems.length > 0) {
      // Coral style, with the member names in camelCase as Scheduler reports them.
      const details = problems.map((problem) => {
        const member = problem.path.replace(/^./, (c) => c.toLowerCase());
        return problem.kind === "missing"
          ? `Value null at '${member}' failed to satisfy constraint: Member must not be null`
          : `Value at '${member}' failed to satisfy constraint: ${problem.kind === "type" ? `Member must be ${problem.expected}` : "Unknown member"}`;
      });
      const count =
        details.length === 1 ? "1 validation error detected" : `${details.length} validation errors detected`;
      throw new AwsError("ValidationException", `${count}: ${details.join("; ")}`);
    }
    const output = toWire(this.run(operation, input, now));
    const outputProblems = checkShape(shapes.output, output, { requireMembers: false });
    if (outputProblems.length > 0)
      throw new Error(`AwsFake built a response outside the ${operation} model: ${JSON.stringify(outputProblems)}`);
    return { status: 200, headers: { "content-type": "application/json" }, body: output };
  }

  private inputOf(operation: string, request: FakeRequest): Record<string, unknown> {
    const query = request.url.searchParams;
    const name = decodeURIComponent(request.path.split("/")[2] ?? "");
    if (operation === "GetSchedule") return { Name: name, ...optional("GroupName", query.get("groupName")) };
    if (operation === "ListSchedules") {
      const max = query.get("MaxResults");
      return {
        ...optional("GroupName", query.get("ScheduleGroup")),
        ...optional("NamePrefix", query.get("NamePrefix")),
        ...optional("State", query.get("State")),
        ...optional("NextToken", query.get("NextToken")),
        ...(max === null ? {} : { MaxResults: Number(max) }),
      };
    }
    const body = request.json;
    if (body === undefined || typeof body !== "object") throw new AwsError("ValidationException", "Invalid body.");
    return { ...(body as Record<string, unknown>), Name: name };
  }

  private run(operation: string, input: Record<string, unknown>, now: number): object {
    if (operation === "GetSchedule") {
      const found = this.get(String(input["Name"]), (input["GroupName"] as string | undefined) ?? "default");
      if (found === undefined) throw notFound(String(input["Name"]));
      return found;
    }
    if (operation === "ListSchedules") {
      const group = input["GroupName"] as string | undefined;
      const prefix = (input["NamePrefix"] as string | undefined) ?? "";
      const listed = [...this.schedules.values()]
        .filter((record) => (group === undefined || record.group === group) && record.name.startsWith(prefix))
        .filter((record) => input["State"] === undefined || record.state === input["State"])
        .sort((a, b) => a.name.localeCompare(b.name));
      const { page, nextToken } = paginate(
        listed,
        input["NextToken"] as string | undefined,
        input["MaxResults"] as number,
        {
          default: 100,
          max: 100,
        },
      );
      const summaries: ScheduleSummary[] = page.map((record) => ({
        Arn: this.arn(record),
        Name: record.name,
        GroupName: record.group,
        State: record.state,
        CreationDate: new Date(record.createdAt),
        LastModificationDate: new Date(record.modifiedAt),
        Target: { Arn: record.target.Arn },
      }));
      return { Schedules: summaries, ...(nextToken ? { NextToken: nextToken } : {}) } satisfies ListSchedulesOutput;
    }
    const update = input as unknown as UpdateScheduleInput;
    const group = update.GroupName ?? "default";
    const record = this.schedules.get(`${group}/${update.Name}`);
    if (record === undefined) throw notFound(update.Name ?? "");
    // The whole schedule is replaced: what the request leaves out is reset.
    Object.assign(record, {
      expression: update.ScheduleExpression,
      timezone: update.ScheduleExpressionTimezone,
      state: update.State ?? "ENABLED",
      description: update.Description,
      flexibleWindow: update.FlexibleTimeWindow,
      target: structuredClone(update.Target),
      actionAfterCompletion: update.ActionAfterCompletion,
      modifiedAt: now,
    });
    return { ScheduleArn: this.arn(record) };
  }

  private describe(record: ScheduleRecord): GetScheduleOutput {
    return {
      Arn: this.arn(record),
      GroupName: record.group,
      Name: record.name,
      ScheduleExpression: record.expression,
      ...(record.timezone ? { ScheduleExpressionTimezone: record.timezone } : {}),
      ...(record.description ? { Description: record.description } : {}),
      State: record.state,
      CreationDate: new Date(record.createdAt),
      LastModificationDate: new Date(record.modifiedAt),
      Target: structuredClone(record.target),
      FlexibleTimeWindow: record.flexibleWindow,
      ...(record.actionAfterCompletion ? { ActionAfterCompletion: record.actionAfterCompletion } : {}),
    };
  }
}

function optional(name: string, value: string | null): Record<string, string> {
  return value === null ? {} : { [name]: value };
}

function notFound(name: string): AwsError {
  return new AwsError("ResourceNotFoundException", `Schedule ${name} does not exist.`, 404);
}

/** REST JSON errors: the type in `x-amzn-errortype`, the message in the body. */
export function restErrorResponse(error: AwsError): FakeResponse {
  return {
    status: error.status,
    headers: { "content-type": "application/json", "x-amzn-errortype": error.code },
    body: { Message: error.message },
  };
}
