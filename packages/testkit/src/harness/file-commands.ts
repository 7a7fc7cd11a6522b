/**
 * Parsers for the runner's file commands (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_ENV, GITHUB_PATH),
 * following the runner's own reader: lines split on LF only (Linux), blank lines skipped,
 * `name=value` or `name<<DELIMITER` … `DELIMITER`, a later name overriding an earlier one.
 */

/** A malformed file command: the runner fails the step with "Unable to process file command". */
export class FileCommandError extends Error {
  constructor(
    readonly command: string,
    detail: string,
  ) {
    super(`Unable to process file command '${command}' successfully: ${detail}`);
    this.name = "FileCommandError";
  }
}

/** Parse the key/value format shared by GITHUB_OUTPUT, GITHUB_STATE and GITHUB_ENV. */
export function parseKeyValueFile(text: string, command: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split("\n");
  // A trailing LF ends the last line; it does not start an empty one.
  if (lines.at(-1) === "") lines.pop();

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line === "") continue;
    const equals = line.indexOf("=");
    const heredoc = line.indexOf("<<");

    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.slice(0, equals);
      if (name === "") throw new FileCommandError(command, `Invalid format '${line}': the name must not be empty`);
      values[name] = line.slice(equals + 1);
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (name === "" || delimiter === "") {
        throw new FileCommandError(command, `Invalid format '${line}': name and delimiter must not be empty`);
      }
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new FileCommandError(command, `Invalid value. Matching delimiter not found '${delimiter}'`);
      values[name] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else {
      throw new FileCommandError(command, `Invalid format '${line}'`);
    }
  }
  return values;
}

/** Parse GITHUB_PATH: one directory a line, blank lines skipped. */
export function parsePathFile(text: string): string[] {
  return text.split("\n").filter((line) => line !== "");
}
