/**
 * Why `name` is not a valid branch name, or undefined when it is: the rules of
 * `git check-ref-format --branch` (no `..`, no control characters or spaces, none of `~^:?*[\`,
 * no leading `-` or `/`, no trailing `/`, `.` or `.lock`, no `@{`, no `//`, not `@` alone).
 */
export function branchNameProblem(name: string): string | undefined {
  if (name === "") return "is empty";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  if (/[\u0000-\u001f\u007f]/.test(name)) return "contains a control character (a newline?)";
  if (/[ ~^:?*[\\]/.test(name)) return "contains a space or one of ~ ^ : ? * [ \\";
  if (name.includes("..")) return 'contains ".."';
  if (name.includes("@{")) return 'contains "@{"';
  if (name.includes("//")) return 'contains "//"';
  if (name === "@") return 'is "@"';
  if (name.startsWith("-")) return 'starts with "-"';
  if (name.startsWith("/") || name.endsWith("/")) return 'starts or ends with "/"';
  if (name.endsWith(".") || name.endsWith(".lock")) return 'ends with "." or ".lock"';
  if (name.split("/").some((part) => part.startsWith("."))) return 'has a part starting with "."';
  return undefined;
}
