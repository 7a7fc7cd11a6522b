import { AwsError } from "../protocol.js";

export interface StoredLogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  /** Arrival order, to keep events with equal timestamps in the order they were written. */
  seq: number;
  eventId: string;
}

export interface LogStreamRecord {
  name: string;
  createdAt: number;
  /** Sorted by (timestamp, seq). */
  events: StoredLogEvent[];
}

export interface LogGroupRecord {
  name: string;
  createdAt: number;
  streams: Map<string, LogStreamRecord>;
}

/** CloudWatch Logs groups, streams and events of one fake account and region. */
export class LogStore {
  readonly groups = new Map<string, LogGroupRecord>();
  private seq = 0;

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  groupArn(name: string): string {
    return `arn:aws:logs:${this.region}:${this.accountId}:log-group:${name}`;
  }

  ensureGroup(name: string, now: number): LogGroupRecord {
    let group = this.groups.get(name);
    if (group === undefined) {
      group = { name, createdAt: now, streams: new Map() };
      this.groups.set(name, group);
    }
    return group;
  }

  ensureStream(groupName: string, streamName: string, now: number): LogStreamRecord {
    const group = this.ensureGroup(groupName, now);
    let stream = group.streams.get(streamName);
    if (stream === undefined) {
      stream = { name: streamName, createdAt: now, events: [] };
      group.streams.set(streamName, stream);
    }
    return stream;
  }

  /** Adds events; each becomes visible to readers once the clock reaches its ingestion time. */
  put(
    groupName: string,
    streamName: string,
    events: { timestamp: number; message: string; ingestionTime?: number }[],
    now: number,
  ): void {
    const stream = this.ensureStream(groupName, streamName, now);
    for (const event of events) {
      this.seq += 1;
      stream.events.push({
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime: event.ingestionTime ?? event.timestamp,
        seq: this.seq,
        eventId: String(this.seq).padStart(56, "0"),
      });
    }
    stream.events.sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq);
  }

  /** A group by `logGroupName` or `logGroupIdentifier` (name or ARN); exactly one must be given. */
  group(name: string | undefined, identifier: string | undefined): LogGroupRecord {
    if ((name === undefined) === (identifier === undefined)) {
      throw new AwsError("InvalidParameterException", "Specify exactly one of logGroupName or logGroupIdentifier.");
    }
    const resolved = name ?? fromIdentifier(identifier ?? "");
    const group = this.groups.get(resolved);
    if (group === undefined) throw new AwsError("ResourceNotFoundException", "The specified log group does not exist.");
    return group;
  }

  stream(group: LogGroupRecord, name: string): LogStreamRecord {
    const stream = group.streams.get(name);
    if (stream === undefined)
      throw new AwsError("ResourceNotFoundException", "The specified log stream does not exist.");
    return stream;
  }
}

function fromIdentifier(identifier: string): string {
  if (!identifier.startsWith("arn:")) return identifier;
  return identifier.split(":log-group:")[1]?.replace(/:\*$/, "") ?? "";
}

/** Events already ingested at `now`. */
export function visible(stream: LogStreamRecord, now: number): StoredLogEvent[] {
  return stream.events.filter((event) => event.ingestionTime <= now);
}
