import type {
  DescribeLogStreamsRequest,
  DescribeLogStreamsResponse,
  FilteredLogEvent,
  FilterLogEventsRequest,
  FilterLogEventsResponse,
  GetLogEventsRequest,
  GetLogEventsResponse,
} from "@aws-sdk/client-cloudwatch-logs";
import { AwsError, paginate } from "../protocol.js";
import type { OperationHandler } from "../service.js";
import { compileFilterPattern } from "./filter-pattern.js";
import { type LogStore, type StoredLogEvent, visible } from "./store.js";

const MAX_EVENTS = 10_000;

/** The CloudWatch Logs operations the fake answers. */
export function logsOperations(store: LogStore): Record<string, OperationHandler> {
  return {
    GetLogEvents: (input: GetLogEventsRequest, now: number) => getLogEvents(store, input, now),
    FilterLogEvents: (input: FilterLogEventsRequest, now: number) => filterLogEvents(store, input, now),
    DescribeLogStreams: (input: DescribeLogStreamsRequest, now: number) => describeLogStreams(store, input, now),
  };
}

/** Where a reader stands in a stream: the (timestamp, seq) of an event, as 56 digits like AWS tokens. */
function key(event: { timestamp: number; seq: number }): string {
  return `${String(event.timestamp).padStart(20, "0")}${String(event.seq).padStart(36, "0")}`;
}

const ZERO_KEY = "0".repeat(56);

function parseToken(token: string): { direction: "f" | "b"; key: string } {
  const match = /^([fb])\/(\d{56})\/s$/.exec(token);
  if (match === null) throw new AwsError("InvalidParameterException", "The specified nextToken is invalid.");
  return { direction: match[1] === "f" ? "f" : "b", key: match[2] ?? ZERO_KEY };
}

function limitOf(limit: number | undefined): number {
  if (limit !== undefined && (limit < 1 || limit > MAX_EVENTS)) {
    throw new AwsError(
      "InvalidParameterException",
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000`,
    );
  }
  return limit ?? MAX_EVENTS;
}

function getLogEvents(store: LogStore, input: GetLogEventsRequest, now: number): GetLogEventsResponse {
  const group = store.group(input.logGroupName, input.logGroupIdentifier);
  const stream = store.stream(group, input.logStreamName ?? "");
  const limit = limitOf(input.limit);
  // startTime is inclusive, endTime exclusive.
  const inRange = visible(stream, now).filter(
    (event) =>
      (input.startTime === undefined || event.timestamp >= input.startTime) &&
      (input.endTime === undefined || event.timestamp < input.endTime),
  );
  const token = input.nextToken === undefined ? undefined : parseToken(input.nextToken);
  let page: StoredLogEvent[];
  if (token?.direction === "f") page = inRange.filter((event) => key(event) > token.key).slice(0, limit);
  else if (token?.direction === "b") page = inRange.filter((event) => key(event) < token.key).slice(-limit);
  else page = input.startFromHead === true ? inRange.slice(0, limit) : inRange.slice(-limit);
  const first = page[0];
  const last = page.at(-1);
  // At the end of the stream the forward token comes back unchanged: that is how readers know to stop.
  const anchor = token?.key ?? ZERO_KEY;
  return {
    events: page.map((event) => ({
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
    })),
    nextForwardToken: `f/${last === undefined ? anchor : key(last)}/s`,
    nextBackwardToken: `b/${first === undefined ? anchor : key(first)}/s`,
  };
}

function filterLogEvents(store: LogStore, input: FilterLogEventsRequest, now: number): FilterLogEventsResponse {
  const group = store.group(input.logGroupName, input.logGroupIdentifier);
  if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
    throw new AwsError("InvalidParameterException", "logStreamNames and logStreamNamePrefix are mutually exclusive.");
  }
  const limit = limitOf(input.limit);
  const matches = compileFilterPattern(input.filterPattern);
  const streams = [...group.streams.values()].filter((stream) =>
    input.logStreamNames !== undefined
      ? input.logStreamNames.includes(stream.name)
      : stream.name.startsWith(input.logStreamNamePrefix ?? ""),
  );
  // startTime and endTime are both inclusive here.
  const events: (FilteredLogEvent & { order: string })[] = streams
    .flatMap((stream) =>
      visible(stream, now)
        .filter(
          (event) =>
            (input.startTime === undefined || event.timestamp >= input.startTime) &&
            (input.endTime === undefined || event.timestamp <= input.endTime) &&
            matches(event.message),
        )
        .map((event) => ({
          logStreamName: stream.name,
          timestamp: event.timestamp,
          message: event.message,
          ingestionTime: event.ingestionTime,
          eventId: event.eventId,
          order: `${String(event.timestamp).padStart(20, "0")}/${stream.name}/${String(event.seq).padStart(20, "0")}`,
        })),
    )
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  const after = input.nextToken === undefined ? undefined : decodeFilterToken(input.nextToken);
  const remaining = after === undefined ? events : events.filter((event) => event.order > after);
  const page = remaining.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map(({ order: _order, ...event }) => event),
    searchedLogStreams: streams.map((stream) => ({ logStreamName: stream.name, searchedCompletely: true })),
    nextToken: remaining.length > page.length && last !== undefined ? encodeFilterToken(last.order) : undefined,
  };
}

function encodeFilterToken(order: string): string {
  return Buffer.from(JSON.stringify({ after: order }), "utf8").toString("base64");
}

function decodeFilterToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { after?: unknown };
    if (typeof parsed.after === "string") return parsed.after;
  } catch {
    // fall through
  }
  throw new AwsError("InvalidParameterException", "The specified nextToken is invalid.");
}

function describeLogStreams(
  store: LogStore,
  input: DescribeLogStreamsRequest,
  now: number,
): DescribeLogStreamsResponse {
  const group = store.group(input.logGroupName, input.logGroupIdentifier);
  const byLastEvent = input.orderBy === "LastEventTime";
  if (byLastEvent && input.logStreamNamePrefix !== undefined) {
    throw new AwsError("InvalidParameterException", "Cannot order by LastEventTime with a logStreamNamePrefix.");
  }
  const streams = [...group.streams.values()]
    .filter((stream) => stream.name.startsWith(input.logStreamNamePrefix ?? ""))
    .map((stream) => {
      const events = visible(stream, now);
      return {
        logStreamName: stream.name,
        creationTime: stream.createdAt,
        firstEventTimestamp: events[0]?.timestamp,
        lastEventTimestamp: events.at(-1)?.timestamp,
        lastIngestionTime: events.length === 0 ? undefined : Math.max(...events.map((event) => event.ingestionTime)),
        arn: `${store.groupArn(group.name)}:log-stream:${stream.name}`,
        storedBytes: 0,
      };
    })
    .sort((a, b) =>
      byLastEvent
        ? (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0)
        : a.logStreamName < b.logStreamName
          ? -1
          : a.logStreamName > b.logStreamName
            ? 1
            : 0,
    );
  if (input.descending === true) streams.reverse();
  const { page, nextToken } = paginate(streams, input.nextToken, input.limit, { default: 50, max: 50 });
  return { logStreams: page, nextToken };
}
