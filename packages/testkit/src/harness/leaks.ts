import type { BundledActionResult } from "./run-bundled-action.js";

/**
 * The secrets that appear anywhere a person or a later step could read them: stdout, stderr
 * (the `::add-mask::` lines themselves excepted), the job summary, the outputs and the comments. Masks are
 * deliberately ignored: a secret the action printed is a bug even if the runner would hide it.
 * Also catches the JSON-escaped, URL-encoded and base64 forms the runner's masker knows.
 */
export function leakedSecrets(
  result: Pick<BundledActionResult, "stdout" | "stderr" | "summary" | "outputs"> & {
    /** Bodies of the comments the run posted (PR and issue comments), read back from the GitHub fake. */
    comments?: readonly string[];
  },
  secrets: readonly string[],
): string[] {
  const withoutMaskCommands = (text: string) =>
    text
      .split("\n")
      .filter((line) => !line.trimStart().startsWith("::add-mask::"))
      .join("\n");
  const haystacks = [
    withoutMaskCommands(result.stdout),
    withoutMaskCommands(result.stderr),
    result.summary,
    ...Object.values(result.outputs),
    ...(result.comments ?? []),
  ];
  return secrets.filter((secret) => {
    if (secret === "") return false;
    const forms = new Set([
      secret,
      JSON.stringify(secret).slice(1, -1),
      encodeURIComponent(secret),
      Buffer.from(secret).toString("base64"),
    ]);
    return haystacks.some((text) => [...forms].some((form) => text.includes(form)));
  });
}
