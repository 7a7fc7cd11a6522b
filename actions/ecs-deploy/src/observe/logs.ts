import type { ContainerDefinition } from "@aws-sdk/client-ecs";
import { describeError } from "@sre-actions/core";
import type { LogsPort } from "../ports.js";

export interface LogStream {
  group: string;
  stream: string;
}

/** The CloudWatch stream of a container of a task, when it logs with the awslogs driver. */
export function awslogsStream(container: ContainerDefinition | undefined, taskId: string): LogStream | undefined {
  const options = container?.logConfiguration?.options;
  if (container?.logConfiguration?.logDriver !== "awslogs" || options === undefined) return undefined;
  const group = options["awslogs-group"];
  const prefix = options["awslogs-stream-prefix"];
  if (group === undefined || prefix === undefined) return undefined;
  return { group, stream: `${prefix}/${container.name}/${taskId}` };
}

/** The last lines of a stream; a missing stream or permission is a note, never a failure. */
export async function tailLog(logs: LogsPort, stream: LogStream, lines = 20): Promise<string[]> {
  try {
    const response = await logs.getLogEvents({
      logGroupName: stream.group,
      logStreamName: stream.stream,
      limit: lines,
      startFromHead: false,
    });
    return (response.events ?? []).map((event) => event.message ?? "");
  } catch (error) {
    // No stream: the container never started, so there is nothing to show.
    if (error instanceof Error && error.name === "ResourceNotFoundException") return [];
    return [`(log lines unavailable: ${describeError(error)})`];
  }
}

/** Follows a stream as it grows: each call returns the lines written since the previous one. */
export class LogFollower {
  private token: string | undefined;

  constructor(
    private readonly logs: LogsPort,
    private readonly stream: LogStream,
  ) {}

  async next(): Promise<string[]> {
    const lines: string[] = [];
    try {
      for (let page = 0; page < 10; page += 1) {
        const response = await this.logs.getLogEvents({
          logGroupName: this.stream.group,
          logStreamName: this.stream.stream,
          startFromHead: true,
          ...(this.token === undefined ? {} : { nextToken: this.token }),
        });
        const events = response.events ?? [];
        lines.push(...events.map((event) => event.message ?? ""));
        const unchanged = response.nextForwardToken === this.token;
        this.token = response.nextForwardToken ?? this.token;
        if (events.length === 0 || unchanged) break;
      }
    } catch {
      // The stream appears only once the container starts: until then there is nothing to follow.
    }
    return lines;
  }
}
