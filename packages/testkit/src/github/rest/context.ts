import type { FakeResponse } from "../../fake/server.js";
import { notFound } from "../errors.js";
import type { Actor, Issue, PullRequest, Repository } from "../model.js";
import type { RateLimits } from "../rate-limit.js";
import type { GitHubStore } from "../store.js";
import type { Operation } from "./spec.js";

/** What a REST handler gets: the validated request plus the fake's state. */
export interface RestContext {
  store: GitHubStore;
  rateLimits: RateLimits;
  operation: Operation;
  /** Path and query parameters typed by the spec (absent query parameters hold their defaults). */
  params: Record<string, unknown>;
  /** The JSON body, already validated against the operation's schema. */
  body: Record<string, unknown>;
  /** The absolute request URL on the fake (pagination links are built from it). */
  url: URL;
  /** The fake's base URL; API URLs in responses point here. */
  api: string;
  /** The user the token belongs to. */
  viewer: Actor;
  now: number;
}

export type RestHandler = (context: RestContext) => FakeResponse;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse {
  return { status, body, headers };
}

export function stringParam(context: RestContext, name: string): string | undefined {
  const value = context.params[name];
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

export function numberParam(context: RestContext, name: string): number | undefined {
  const value = context.params[name];
  return typeof value === "number" ? value : undefined;
}

/** The repository named by `{owner}/{repo}`; 404 like GitHub when it does not exist. */
export function repoOf(context: RestContext): Repository {
  const repo = context.store.repository(stringParam(context, "owner") ?? "", stringParam(context, "repo") ?? "");
  if (repo === undefined) throw notFound(context.operation.documentationUrl);
  return repo;
}

/** Issues and pull requests share numbers; comments and labels work on both. */
export function issueOf(context: RestContext, repo: Repository): Issue | PullRequest {
  const number = numberParam(context, "issue_number") ?? -1;
  const found = repo.issues.get(number) ?? repo.pullRequests.get(number);
  if (found === undefined) throw notFound(context.operation.documentationUrl);
  return found;
}
