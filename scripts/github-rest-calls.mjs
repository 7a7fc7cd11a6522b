// The GitHub REST operations the code sends and the ones the REST fake implements, read from the
// sources. Shared by scripts/vendor-specs.mjs (what the vendored spec must keep) and test/ (that it does).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

function tsFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

const kebab = (name) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/**
 * Every `octokit.rest.<scope>.<method>` (as the operationId `<scope>/<kebab-method>`, which is how
 * Octokit names its methods) and every `request("VERB /path")` in actions/*\/src and packages/core/src,
 * and the `gh api` calls of the setup scripts in examples/setup (a concrete path: `x` per variable).
 */
export function githubRestCalls(root) {
  const dirs = [
    ...readdirSync(path.join(root, "actions")).map((name) => path.join(root, "actions", name, "src")),
    path.join(root, "packages/core/src"),
  ];
  const calls = [];
  for (const file of dirs.flatMap(tsFiles)) {
    const text = readFileSync(file, "utf8");
    const relative = path.relative(root, file);
    for (const [match, scope, method] of text.matchAll(/\.rest\.(\w+)\.(\w+)\b/g)) {
      calls.push({ file: relative, text: match, operationId: `${kebab(scope)}/${kebab(method)}` });
    }
    for (const [match, route] of text.matchAll(/request\(\s*["'`]((?:GET|POST|PUT|PATCH|DELETE) \/[^"'`]*)["'`]/g)) {
      calls.push({ file: relative, text: match, route });
    }
  }
  for (const file of shellScripts(path.join(root, "examples/setup"))) {
    const text = readFileSync(file, "utf8");
    const relative = path.relative(root, file);
    // `api PUT "/repos/$OWNER/$NAME/environments/$environment"` (a write) and `read_api "/users/$reviewer"`,
    // `exists "/repos/…"` (reads): each shell variable stands for one path segment.
    for (const [match, verb, route] of text.matchAll(
      /\b(?:api (GET|POST|PUT|PATCH|DELETE)|read_api|exists) "(\/[^"]*)"/g,
    )) {
      calls.push({ file: relative, text: match, route: `${verb ?? "GET"} ${route.replace(/\$\{?\w+\}?/g, "x")}` });
    }
  }
  return calls;
}

function shellScripts(dir) {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith(".sh"))
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

/** The operationIds the REST fake has handlers for (`"repos/get": …` keys in its rest/*.ts). */
export function restOperationIdsHandled(root) {
  const ids = new Set();
  for (const file of tsFiles(path.join(root, "packages/testkit/src/github/rest"))) {
    for (const [, id] of readFileSync(file, "utf8").matchAll(/^\s*"([a-z-]+\/[a-z0-9-]+)":/gm)) ids.add(id);
  }
  return [...ids].sort();
}
