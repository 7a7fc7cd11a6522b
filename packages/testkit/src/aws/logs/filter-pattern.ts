import { AwsError } from "../protocol.js";

/**
 * CloudWatch Logs term filter patterns: every plain term or "quoted phrase" must appear, at least
 * one `?term` must appear when any is given, and no `-term` may appear. Terms are case-sensitive.
 * JSON (`{ ... }`) and space-delimited (`[ ... ]`) patterns are not modelled.
 */
export function compileFilterPattern(pattern: string | undefined): (message: string) => boolean {
  const text = (pattern ?? "").trim();
  if (text === "") return () => true;
  if (text.startsWith("{") || text.startsWith("[")) {
    throw new AwsError("InvalidParameterException", "This fake supports only term filter patterns.");
  }
  const required: string[] = [];
  const optional: string[] = [];
  const excluded: string[] = [];
  for (const match of text.matchAll(/([?-]?)(?:"([^"]*)"|(\S+))/g)) {
    const [, sign, quoted, bare] = match;
    const term = quoted ?? bare ?? "";
    if (sign === "?") optional.push(term);
    else if (sign === "-") excluded.push(term);
    else required.push(term);
  }
  return (message) =>
    required.every((term) => message.includes(term)) &&
    (optional.length === 0 || optional.some((term) => message.includes(term))) &&
    !excluded.some((term) => message.includes(term));
}
