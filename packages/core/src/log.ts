import * as actions from "@actions/core";
import { inertLog } from "./external.js";

/** What logic may say to the user. Injected so logic never imports @actions/core. */
export interface Logger {
  info(message: string): void;
  warning(message: string, properties?: AnnotationProperties): void;
  error(message: string, properties?: AnnotationProperties): void;
  debug(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export interface AnnotationProperties {
  title?: string;
  file?: string;
}

/** Logs through the runner's workflow commands (groups, annotations). */
export const actionsLogger: Logger = {
  // Plain output is where a workflow command could be smuggled in; annotations escape their own data.
  info: (message) => actions.info(inertLog(message)),
  warning: (message, properties) => actions.warning(message, properties ?? {}),
  error: (message, properties) => actions.error(message, properties ?? {}),
  debug: (message) => actions.debug(message),
  group: (name, fn) => actions.group(name, fn),
};

/** A logger that keeps every line in memory; for tests and for composing summaries. */
export class MemoryLogger implements Logger {
  readonly lines: { level: "info" | "warning" | "error" | "debug" | "group"; message: string }[] = [];

  info(message: string): void {
    this.lines.push({ level: "info", message });
  }
  warning(message: string): void {
    this.lines.push({ level: "warning", message });
  }
  error(message: string): void {
    this.lines.push({ level: "error", message });
  }
  debug(message: string): void {
    this.lines.push({ level: "debug", message });
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push({ level: "group", message: name });
    return fn();
  }
  text(level?: MemoryLogger["lines"][number]["level"]): string {
    return this.lines
      .filter((line) => level === undefined || line.level === level)
      .map((line) => line.message)
      .join("\n");
  }
}

/** Masks a value in every later log line (a secret that did not come in through a secret input). */
export function maskValue(value: string): void {
  if (value !== "") actions.setSecret(value);
}
