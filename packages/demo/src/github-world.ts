import { ScaledClock } from "@sre-actions/testkit";
import { GitHubFake } from "@sre-actions/testkit/github";

export const OWNER = "kumori-labs";
export const REPO = "tansu-api";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Deterministic pseudo-random numbers, so every demo run tells the same story. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export interface GitHubWorld {
  github: GitHubFake;
  /** The open pull requests of the two QA deploys (feature/search, feature/pdf-export). */
  searchPr: number;
  pdfPr: number;
  csvPr: number;
  /** A merged incident fix that the demo comments on. */
  incidentPr: number;
}

/**
 * 90 days of tansu-api history (an invented team and product) on GitHub: ~600 merged PRs into main, Dependabot PRs, five
 * incidents (a `Caused-by:` link, an `Incident-Start:` line, a GitHub revert, one with no
 * metadata) and the open PRs of today's QA deploys. Follows the real clock: the bundled actions do.
 */
export async function startGitHub(): Promise<GitHubWorld> {
  const now = Date.now();
  const github = await new GitHubFake({ clock: new ScaledClock(1, now) }).start();
  github.seedRepository({ owner: OWNER, name: REPO, defaultBranch: "main", createdAt: now - 400 * DAY });
  const repo = { owner: OWNER, repo: REPO };
  const next = random(42);
  const authors = ["okenak", "mika-t", "shun", "yuki-n", "hiro", "aya-k", "taro"];
  const merged: number[] = [];
  let at = now - 90 * DAY;
  let index = 0;
  while (at < now - 2 * DAY) {
    const bot = index % 9 === 4;
    const lead = (1 + next() * 40) * HOUR;
    const pr = github.seedPullRequest({
      ...repo,
      title: bot ? `Bump rack from 3.1.${index % 20} to 3.1.${(index % 20) + 1}` : `Feature work ${index}`,
      author: bot ? "dependabot[bot]" : (authors[index % authors.length] ?? "okenak"),
      createdAt: at,
      mergedAt: at + lead,
      commits: 1 + Math.floor(next() * 4),
      reviews: [{ author: "okenak", state: "APPROVED", submittedAt: at + lead / 2 }],
      labels: bot ? ["dependencies"] : [],
      mergeMethod: "squash",
    });
    merged.push(pr.number);
    at += (1 + next() * 5) * HOUR;
    index += 1;
  }
  const culprit = (daysAgo: number) => merged[Math.floor(merged.length * (1 - daysAgo / 90))] ?? 1;
  const incident = (daysAgo: number, title: string, body: string, restoreHours: number, extra = {}) =>
    github.seedPullRequest({
      ...repo,
      title,
      body,
      author: "mika-t",
      createdAt: now - daysAgo * DAY,
      mergedAt: now - daysAgo * DAY + restoreHours * HOUR,
      labels: ["incident"],
      mergeMethod: "squash",
      ...extra,
    }).number;
  incident(
    71,
    "Fix N+1 on the reports index",
    `Dashboard timeouts after the release.\n\nCaused-by: #${culprit(72)}`,
    3,
  );
  incident(
    44,
    "Restore the PDF worker queue",
    `Incident-Start: ${new Date(now - 44 * DAY - 2 * HOUR).toISOString()}`,
    5,
  );
  const reverted = culprit(23);
  incident(22.5, `Revert "Feature work ${reverted}"`, `Reverts ${OWNER}/${REPO}#${reverted}`, 1, {
    headRefName: `revert-${reverted}-feature`,
  });
  incident(9, "Hotfix: login redirect loop", "Users stuck on the login page.", 2);
  const incidentPr = incident(3, "Fix the search index migration lock", `Caused-by: #${culprit(3.2)}`, 4);

  const searchPr = github.seedPullRequest({
    ...repo,
    title: "Full-text search for reports",
    author: "okenak",
    headRefName: "feature/search",
    createdAt: now - 2 * DAY,
  }).number;
  const pdfPr = github.seedPullRequest({
    ...repo,
    title: "Export reports as PDF",
    author: "shun",
    headRefName: "feature/pdf-export",
    createdAt: now - DAY,
  }).number;
  // Deployed to qa5 late in the evening, after the night stop put qa5 to sleep.
  const csvPr = github.seedPullRequest({
    ...repo,
    title: "Import reports from CSV",
    author: "mika-t",
    headRefName: "feature/csv-import",
    createdAt: now - DAY / 2,
  }).number;
  return { github, searchPr, pdfPr, csvPr, incidentPr };
}
