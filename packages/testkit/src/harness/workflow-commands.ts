/**
 * Workflow commands (`::name key=value,…::data`) read from a step's output the way the runner's
 * ActionCommand.TryParseV2 reads them: leading spaces trimmed, properties split on `,` then the
 * first `=`, empty keys or values dropped, and `%`-escapes undone in the runner's order.
 */

export type AnnotationLevel = "error" | "warning" | "notice";

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  /** file, line, endLine, col, endColumn, title — as the action gave them. */
  properties: Record<string, string>;
}

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  data: string;
}

export interface WorkflowCommands {
  annotations: Annotation[];
  /** Values registered with `::add-mask::`. */
  masked: string[];
  /** `::debug::` messages (shown only with step debug logging on). */
  debug: string[];
  /** Titles of `::group::` sections, in order. */
  groups: string[];
}

// The runner's escape tables; "%25" must be undone last.
const DATA_ESCAPES: [string, string][] = [
  ["%0D", "\r"],
  ["%0A", "\n"],
  ["%25", "%"],
];
const PROPERTY_ESCAPES: [string, string][] = [
  ["%0D", "\r"],
  ["%0A", "\n"],
  ["%3A", ":"],
  ["%2C", ","],
  ["%25", "%"],
];

function undoEscapes(value: string, table: [string, string][]): string {
  return table.reduce((text, [escaped, plain]) => text.replaceAll(escaped, plain), value);
}

/** Parse one line as a workflow command, or undefined when it is plain output. */
export function parseWorkflowCommand(line: string): WorkflowCommand | undefined {
  const message = line.trimStart();
  if (!message.startsWith("::")) return undefined;
  const end = message.indexOf("::", 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(" ");
  const command = space < 0 ? info : info.slice(0, space);
  if (command === "") return undefined;

  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(",")) {
      const equals = pair.indexOf("=");
      const key = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? "" : pair.slice(equals + 1);
      if (key !== "" && value !== "") properties[key] = undoEscapes(value, PROPERTY_ESCAPES);
    }
  }
  return { command, properties, data: undoEscapes(message.slice(end + 2), DATA_ESCAPES) };
}

/** Collect annotations, masks, debug lines and groups from the step's output lines, in order. */
export function parseWorkflowCommands(lines: readonly string[]): WorkflowCommands {
  const result: WorkflowCommands = { annotations: [], masked: [], debug: [], groups: [] };
  let stopToken: string | undefined;

  for (const line of lines) {
    // After ::stop-commands::TOKEN nothing is a command until the line ::TOKEN::.
    if (stopToken !== undefined) {
      if (line.trim() === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const parsed = parseWorkflowCommand(line);
    if (parsed === undefined) continue;
    const { command, properties, data } = parsed;
    switch (command) {
      case "error":
      case "warning":
      case "notice":
        result.annotations.push({ level: command, message: data, properties });
        break;
      case "add-mask":
        if (data.trim() !== "") result.masked.push(data);
        break;
      case "debug":
        result.debug.push(data);
        break;
      case "group":
        result.groups.push(data);
        break;
      case "stop-commands":
        if (data !== "") stopToken = data;
        break;
    }
  }
  return result;
}

/** The workflow commands our actions issue (through @actions/core, which escapes their data). */
const OUR_COMMANDS = new Set(["error", "warning", "notice", "debug", "group", "endgroup", "add-mask"]);

/**
 * Workflow commands in a step log that outside text planted: a line whose trimmed start is `::`
 * and that is either a command our actions never issue (`::stop-commands::`, `::set-env::`…) or
 * one whose message starts with `marker` (the planted `::warning::pwned`). Text that merely
 * contains the planted string inside one of our own lines is data, not a command.
 */
export function plantedCommands(log: string, marker: string): string[] {
  return log.split("\n").filter((line) => {
    const parsed = parseWorkflowCommand(line);
    if (parsed === undefined) return false;
    return !OUR_COMMANDS.has(parsed.command) || parsed.data.trimStart().startsWith(marker);
  });
}
