import * as actions from "@actions/core";

/** Sets every output; numbers and booleans become strings, objects JSON, undefined becomes "". */
export function setOutputs(outputs: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(outputs)) {
    actions.setOutput(name, toOutputString(value));
  }
}

export function toOutputString(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}
