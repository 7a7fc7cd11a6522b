import type { Exclusions } from "../src/filters.js";
import type { MetricOptions, RepoData } from "../src/metrics.js";
import type { DeploymentRecord, PullRecord } from "../src/model.js";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const T0 = Date.parse("2026-11-01T00:00:00Z");

export function pull(number: number, overrides: Partial<PullRecord> = {}): PullRecord {
  const createdAt = overrides.createdAt ?? T0 + number * HOUR;
  return {
    repo: "acme/shop",
    number,
    title: `PR ${number}`,
    url: `https://github.com/acme/shop/pull/${number}`,
    body: "",
    author: "octocat",
    authorIsBot: false,
    createdAt,
    updatedAt: createdAt + HOUR,
    mergedAt: createdAt + HOUR,
    baseRefName: "main",
    headRefName: `feature/${number}`,
    mergeCommitOid: `c0ffee${String(number).padStart(6, "0")}${"0".repeat(28)}`,
    firstCommitAt: createdAt - HOUR,
    firstReviewAt: undefined,
    labels: [],
    files: undefined,
    ...overrides,
  };
}

export function deployment(id: string, at: number, sha = id): DeploymentRecord {
  return { id, repo: "acme/shop", label: id, url: undefined, sha, at };
}

/** A repository whose deployments are its merged PRs (the merged-prs source). */
export function mergedPrRepo(pulls: PullRecord[], excluded: (pull: PullRecord) => boolean = () => false): RepoData {
  const deployments = pulls
    .filter((candidate) => !excluded(candidate))
    .map((candidate) => deployment(`#${candidate.number}`, candidate.mergedAt, candidate.mergeCommitOid))
    .sort((a, b) => a.at - b.at);
  const shipped = new Map<number, DeploymentRecord>();
  for (const candidate of pulls) {
    const found = deployments.find((item) => item.id === `#${candidate.number}`);
    if (found) shipped.set(candidate.number, found);
  }
  return {
    repo: "acme/shop",
    pulls,
    deployments,
    shipped,
    deploymentOfSha: (sha) => deployments.find((item) => item.sha.startsWith(sha)),
  };
}

export const NO_EXCLUSIONS: Exclusions = { excludeBots: true, excludeLabels: [], excludeAuthors: [], paths: [] };

export function options(overrides: Partial<MetricOptions> = {}): MetricOptions {
  return {
    since: T0,
    until: T0 + 28 * DAY,
    timeZone: "UTC",
    bucket: "week",
    incidentLabels: ["incident"],
    exclusions: NO_EXCLUSIONS,
    ...overrides,
  };
}
