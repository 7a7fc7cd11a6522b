import { parseDateRange } from "../date-range.js";
import { fullName, type Issue, type PullRequest } from "../model.js";

export type SearchItem = Issue | PullRequest;

export interface IssueSearch {
  matches: (item: SearchItem) => boolean;
  compare: (a: SearchItem, b: SearchItem) => number;
}

/**
 * GitHub's issue and pull request search syntax, for the qualifiers a metrics action uses:
 * `repo:`, `org:`/`user:`, `is:`/`type:`/`state:`, `label:` (comma = any of, repeated = all of, `-label:`
 * excludes, `no:label`), `author:` (`app/name` for bots), `base:`, `head:`, `created:`/`updated:`/
 * `merged:`/`closed:` date ranges, `sort:` and free words matched against title and body.
 * Without `sort:` results come newest first (GitHub's "best match" has no text to rank here).
 */
export function parseIssueSearch(query: string): IssueSearch {
  const tests: ((item: SearchItem) => boolean)[] = [];
  const repos: string[] = [];
  let compare = byField("createdAt", -1);
  for (const token of query.match(/-?[\w-]+:(?:"[^"]*"|\S+)|"[^"]*"|\S+/g) ?? []) {
    const qualifier = /^(-?)([\w-]+):(.+)$/.exec(token);
    if (qualifier === null) {
      const word = token.replace(/^"|"$/g, "").toLowerCase();
      tests.push((item) => `${item.title}\n${item.body}`.toLowerCase().includes(word));
      continue;
    }
    const [, negation = "", key = "", rawValue = ""] = qualifier;
    const value = rawValue.replace(/^"|"$/g, "");
    if (key === "repo") {
      repos.push(value.toLowerCase());
      continue;
    }
    if (key === "sort") {
      compare = sortOrder(value) ?? compare;
      continue;
    }
    const test = qualifierTest(key.toLowerCase(), value);
    tests.push(negation === "-" ? (item) => !test(item) : test);
  }
  if (repos.length > 0) tests.push((item) => repos.includes(fullName(item.repo).toLowerCase()));
  return { matches: (item) => tests.every((test) => test(item)), compare };
}

function qualifierTest(key: string, value: string): (item: SearchItem) => boolean {
  const lower = value.toLowerCase();
  switch (key) {
    case "is":
    case "type":
    case "state":
      return isTest(lower);
    case "org":
    case "user":
      return (item) => item.repo.owner.login.toLowerCase() === lower;
    case "label": {
      const anyOf = lower.split(",");
      return (item) => item.labels.some((label) => anyOf.includes(label.toLowerCase()));
    }
    case "no":
      return lower === "label" ? (item) => item.labels.length === 0 : () => true;
    case "author": {
      const login = lower.startsWith("app/") ? `${lower.slice(4)}[bot]` : lower;
      return (item) => item.author.login.toLowerCase() === login;
    }
    case "base":
      return (item) => item.__typename === "PullRequest" && item.baseRefName === value;
    case "head":
      return (item) => item.__typename === "PullRequest" && item.headRefName === value;
    case "created":
    case "updated":
    case "closed":
    case "merged":
      return dateTest(key, value);
    default:
      // GitHub searches unknown qualifiers as text; nothing seeded contains them.
      return (item) => `${item.title}\n${item.body}`.toLowerCase().includes(`${key}:${lower}`);
  }
}

function isTest(value: string): (item: SearchItem) => boolean {
  switch (value) {
    case "pr":
      return (item) => item.__typename === "PullRequest";
    case "issue":
      return (item) => item.__typename === "Issue";
    case "open":
      return (item) => item.state === "OPEN";
    case "closed":
      return (item) => item.state !== "OPEN";
    case "merged":
      return (item) => item.__typename === "PullRequest" && item.mergedAt !== null;
    case "unmerged":
      return (item) => item.__typename === "PullRequest" && item.mergedAt === null;
    case "draft":
      return (item) => item.__typename === "PullRequest" && item.draft;
    default:
      return () => true;
  }
}

function dateTest(key: "created" | "updated" | "closed" | "merged", value: string): (item: SearchItem) => boolean {
  const inRange = parseDateRange(value);
  if (inRange === undefined) return () => false;
  return (item) => {
    const time =
      key === "created"
        ? item.createdAt
        : key === "updated"
          ? item.updatedAt
          : key === "closed"
            ? item.closedAt
            : item.__typename === "PullRequest"
              ? item.mergedAt
              : null;
    return time !== null && inRange(time);
  };
}

function sortOrder(value: string): IssueSearch["compare"] | undefined {
  const match = /^(created|updated)(?:-(asc|desc))?$/.exec(value);
  if (match === null) return undefined;
  return byField(match[1] === "updated" ? "updatedAt" : "createdAt", match[2] === "asc" ? 1 : -1);
}

function byField(field: "createdAt" | "updatedAt", direction: 1 | -1): IssueSearch["compare"] {
  return (a, b) => direction * (a[field] - b[field] || a.id - b.id);
}
