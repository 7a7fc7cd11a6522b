import { describe, expect, it } from "vitest";
import { onceEach } from "../src/deployments.js";
import { mapByMergeOrder } from "../src/mapping.js";
import { computeMetrics, type RepoData } from "../src/metrics.js";
import type { DeploymentRecord, PullRecord } from "../src/model.js";
import { DAY, deployment, HOUR, mergedPrRepo, options, pull, T0 } from "./fixtures/records.js";

const MINUTE = 60_000;

/** A repository deployed from `deployments` (not merged-prs): PRs mapped to them by merge order. */
async function deployedRepo(pulls: PullRecord[], deployments: DeploymentRecord[]): Promise<RepoData> {
  const shipments = await mapByMergeOrder(pulls, deployments, async () => new Map());
  return { repo: "acme/shop", pulls, ...shipments };
}

/** #1 ships in d1, #2 (the culprit) in d2; d2 is rolled back to #1's commit; #3 fixes it and ships in d3. */
async function rollbackHistory(fixBody = "Caused-by: #2") {
  const one = pull(1, { createdAt: T0, mergedAt: T0 + HOUR });
  const two = pull(2, { createdAt: T0 + 2 * HOUR, mergedAt: T0 + 3 * HOUR });
  const fix = pull(3, { createdAt: T0 + 4 * HOUR, mergedAt: T0 + 6 * HOUR, labels: ["incident"], body: fixBody });
  const sha = (p: PullRecord) => p.mergeCommitOid ?? "";
  const deployments = [
    { ...deployment("d1", T0 + 2 * HOUR, sha(one)), environment: "production" },
    { ...deployment("d2", T0 + 3.5 * HOUR, sha(two)), environment: "production" },
    { ...deployment("rollback", T0 + 4.5 * HOUR, sha(one)), environment: "production" },
    { ...deployment("d3", T0 + 7 * HOUR, sha(fix)), environment: "production" },
  ];
  return deployedRepo([one, two, fix], deployments);
}

describe("time to restore ends at a rollback (restore-on-rollback)", () => {
  it("ends at the earlier of the fix's deployment and the rollback of the culprit", async () => {
    const data = await rollbackHistory();
    const metrics = computeMetrics([data], options());
    const [incident] = metrics.incidents;
    expect(incident?.attribution.culprit?.id).toBe("d2");
    expect(incident?.rollback?.id).toBe("rollback");
    expect(incident?.restoredBy).toBe("rollback");
    expect(incident?.restoreMs).toBe(HOUR); // culprit live at 3.5h, rolled back at 4.5h (fix deployed at 7h)
    expect(metrics.failedDeployments.map((d) => d.id)).toEqual(["d2"]); // once, though rolled back and blamed
    expect(metrics.deployments).toHaveLength(4); // a rollback is a deployment
  });

  it("restore-on-rollback false keeps the fix's deployment as the end; the rollback still fails d2", async () => {
    const data = await rollbackHistory();
    const metrics = computeMetrics([data], options({ restoreOnRollback: false }));
    expect(metrics.incidents[0]?.restoredBy).toBe("fix");
    expect(metrics.incidents[0]?.restoreMs).toBe(3.5 * HOUR);
    expect(metrics.failedDeployments.map((d) => d.id)).toEqual(["d2"]);
  });

  it("counts a rollback without an incident PR as a change failure of the deployment it undid", async () => {
    const data = await rollbackHistory("no incident here");
    const metrics = computeMetrics([data], options({ incidentLabels: ["sev1"] }));
    expect(metrics.incidents).toEqual([]);
    expect(metrics.rollbacks.map((r) => [r.deployment.id, r.undid.map((d) => d.id)])).toEqual([["rollback", ["d2"]]]);
    expect(metrics.changeFailureRate).toBe(1 / 4);
  });

  it("judges rollbacks per environment (a lagging region is no rollback)", async () => {
    const one = pull(1, { mergedAt: T0 + HOUR });
    const two = pull(2, { mergedAt: T0 + 2 * HOUR });
    const data = await deployedRepo(
      [one, two],
      [
        { ...deployment("eu", T0 + 3 * HOUR, two.mergeCommitOid), environment: "production-eu" },
        { ...deployment("tokyo", T0 + 4 * HOUR, one.mergeCommitOid), environment: "production-tokyo" },
      ],
    );
    expect(computeMetrics([data], options()).rollbacks).toEqual([]);
  });
});

describe("rework rate (DORA 2024)", () => {
  it("counts deployments shipping a PR with a rework label or a revert, over all deployments", () => {
    const pulls = [
      pull(1),
      pull(2, { labels: ["Hotfix"] }),
      pull(3, { labels: ["bug"] }),
      pull(4, { body: "Reverts acme/shop#1" }),
      pull(5, { headRefName: "revert-2-feature/2" }),
      pull(6, { labels: ["enhancement"] }),
      pull(7, { labels: ["incident"], body: "Caused-by: #6" }),
      pull(8),
    ];
    const metrics = computeMetrics([mergedPrRepo(pulls)], options());
    expect(metrics.reworkDeployments.map((d) => d.id)).toEqual(["#2", "#3", "#4", "#5", "#7"]);
    expect(metrics.reworkRate).toBe(5 / 8);
    expect(metrics.changeFailureRate).toBe(1 / 8); // no longer equal to the rework rate
    const custom = computeMetrics([mergedPrRepo(pulls)], options({ reworkLabels: ["enhancement"] }));
    expect(custom.reworkDeployments.map((d) => d.id)).toEqual(["#4", "#5", "#6"]); // reverts always count
  });
});

describe("deployments once per (environment, SHA, first success)", () => {
  it("drops a record repeating the previous one's environment and SHA, keeping the first success", () => {
    const records = [
      { ...deployment("job", T0, "aaa"), environment: "production" },
      { ...deployment("ecs-deploy", T0 + MINUTE, "aaa"), environment: "production" },
      { ...deployment("tokyo", T0 + 2 * MINUTE, "aaa"), environment: "production-tokyo" },
      { ...deployment("next", T0 + HOUR, "bbb"), environment: "production" },
      { ...deployment("rollback", T0 + 2 * HOUR, "aaa"), environment: "production" },
    ];
    expect(onceEach(records).map((d) => d.id)).toEqual(["job", "tokyo", "next", "rollback"]);
  });
});

describe("coding phase", () => {
  it("excludes a negative coding time (first commit dated after the PR opened) and flags it once", () => {
    const late = pull(1, { createdAt: T0 + HOUR, firstCommitAt: T0 + 2 * HOUR, mergedAt: T0 + 5 * HOUR });
    const fine = pull(2, { createdAt: T0 + DAY + HOUR, firstCommitAt: T0 + DAY, mergedAt: T0 + DAY + 2 * HOUR });
    const metrics = computeMetrics([mergedPrRepo([late, fine])], options());
    expect(metrics.phases.coding).toMatchObject({ count: 1, median: HOUR });
    expect(metrics.negative.map((flag) => [flag.pull.number, flag.what, flag.ms])).toEqual([[1, "coding time", -HOUR]]);
    expect(metrics.leadTime.count).toBe(2); // its lead time (first commit to deploy) is still positive
  });
});

describe("mapping by merge order", () => {
  it("needs no request when every deployed commit is a PR's merge commit", async () => {
    const pulls = [pull(1), pull(2), pull(3)];
    let asked = 0;
    const shipments = await mapByMergeOrder(
      pulls,
      [
        deployment("a", T0 + 3.5 * HOUR, pulls[1]?.mergeCommitOid),
        deployment("b", T0 + 9 * HOUR, pulls[2]?.mergeCommitOid),
      ],
      async () => {
        asked += 1;
        return new Map();
      },
    );
    expect(asked).toBe(0);
    expect([...shipments.shipped].map(([number, d]) => [number, d.id])).toEqual([
      [1, "a"],
      [2, "a"],
      [3, "b"],
    ]);
  });

  it("places a direct push after the newest merge in its history", async () => {
    const pulls = [pull(1), pull(2), pull(3)];
    const baseline = deployment("baseline", T0 + 2.5 * HOUR, pulls[0]?.mergeCommitOid);
    const shipments = await mapByMergeOrder(
      pulls,
      [baseline, deployment("push", T0 + 10 * HOUR, "d1rec7")],
      async () =>
        new Map([["d1rec7", { ancestors: ["d1rec7", pulls[1]?.mergeCommitOid ?? ""], committedAt: T0 + 9 * HOUR }]]),
    );
    expect(shipments.deployments[1]?.position).toBe(2.5);
    expect(shipments.shipped.get(2)?.id).toBe("push");
    expect(shipments.shipped.has(3)).toBe(false);
  });
});
