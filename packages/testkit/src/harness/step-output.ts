export type StreamName = "stdout" | "stderr";

/**
 * Collects a child's stdout and stderr as text and as one log of whole lines in arrival order
 * (what the runner shows in the step log; it reads workflow commands from both streams).
 */
export class StepOutput {
  /** Called with each whole line as it arrives (the demo streams the step log with it). */
  constructor(private readonly onLine?: (line: { stream: StreamName; text: string }) => void) {}

  stdout = "";
  stderr = "";
  readonly lines: { stream: StreamName; text: string }[] = [];
  private readonly partial: Record<StreamName, string> = { stdout: "", stderr: "" };

  push(stream: StreamName, chunk: string): void {
    this[stream] += chunk;
    const parts = (this.partial[stream] + chunk).split("\n");
    this.partial[stream] = parts.pop() ?? "";
    for (const part of parts) this.add({ stream, text: stripCarriageReturn(part) });
  }

  private add(line: { stream: StreamName; text: string }): void {
    this.lines.push(line);
    this.onLine?.(line);
  }

  /** Flush unterminated last lines; call once the streams have closed. */
  end(): void {
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.partial[stream] !== "") this.add({ stream, text: stripCarriageReturn(this.partial[stream]) });
      this.partial[stream] = "";
    }
  }

  get log(): string {
    return this.lines.map((line) => line.text).join("\n");
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
