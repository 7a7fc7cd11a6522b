/**
 * The counting rules of issue 24 on hand-made histories: one history per rule, each small enough to
 * work out by hand. Versions are commit SHAs (Datadog matches rollbacks on the SHA when git
 * metadata is present).
 */
import { describe, expect, it } from "vitest";
import { onceEach } from "../src/deployments.js";
import { mapByMergeOrder } from "../src/mapping.js";
import { computeMetrics, failedDeployments, type RepoData, rollbackOf, rollbacksOf } from "../src/metrics.js";
import type { DeploymentRecord, PullRecord } from "../src/model.js";
import { DAY, deployment, HOUR, options, pull, T0 } from "./fixtures/records.js";

const at = (hours: number) => T0 + hours * HOUR;
const deploy = (id: string, hours: number, sha: string, environment = "production"): DeploymentRecord => ({
  ...deployment(id, at(hours), sha),
  environment,
});
const ids = (list: readonly DeploymentRecord[]) => list.map((d) => d.id);

async function deployedRepo(pulls: PullRecord[], deployments: DeploymentRecord[]): Promise<RepoData> {
  const shipments = await mapByMergeOrder(pulls, deployments, async () => new Map());
  return { repo: "acme/shop", pulls, ...shipments };
}

describe("a rollback is a redeploy of a version deployed to that environment before (Datadog's rule)", () => {
  it("V1 → V2 → V3 → V1 goes back to V1, undoes V2 and V3, and fails V2 only", () => {
    const history = [deploy("v1", 1, "a1"), deploy("v2", 2, "b2"), deploy("v3", 3, "c3"), deploy("back", 4, "a1")];
    const [rollback, ...none] = rollbacksOf(history);
    expect(none).toEqual([]);
    expect(rollback?.deployment.id).toBe("back");
    expect(rollback?.target.id).toBe("v1");
    expect(ids(rollback?.undid ?? [])).toEqual(["v2", "v3"]);
    expect(ids(failedDeployments([], rollbacksOf(history)))).toEqual(["v2"]);
  });

  it("a run queued before a newer one and finished after it deploys an older commit, but no rollback", () => {
    // b2 is older than c3 on the branch, but was never deployed: nothing is undone.
    const history = [deploy("v1", 1, "a1"), deploy("newer", 2, "c3"), deploy("late", 2.5, "b2")];
    expect(rollbacksOf(history)).toEqual([]);
  });

  it("redeploying the live version is no rollback", () => {
    expect(rollbacksOf([deploy("v1", 1, "a1"), deploy("v2", 2, "b2"), deploy("again", 3, "b2")])).toEqual([]);
  });

  it("compares environment names case-insensitively", () => {
    const history = [
      deploy("v1", 1, "a1", "Production"),
      deploy("v2", 2, "b2", "production"),
      deploy("back", 3, "a1", "PRODUCTION"),
    ];
    expect(rollbacksOf(history).map((r) => [r.deployment.id, r.target.id])).toEqual([["back", "v1"]]);
    // The same deployment recorded twice under two spellings counts once.
    expect(
      ids(onceEach([deploy("job", 1, "a1", "Production"), deploy("ecs-deploy", 1.1, "a1", "production")])),
    ).toEqual(["job"]);
  });

  it("judges each environment on its own: a lagging region is no rollback", () => {
    const history = [deploy("eu", 1, "b2", "production-eu"), deploy("tokyo", 2, "a1", "production-tokyo")];
    expect(rollbacksOf(history)).toEqual([]);
  });
});

describe("a rollback fails a deployment only when no incident explains it", () => {
  /** #1 ships in v1, #2 (the culprit) in v2, #3 in v3; production goes back to v1; #4 fixes #2 and ships in v4. */
  async function pastTheCulprit(fixBody: string, labels = ["incident"]) {
    const one = pull(1, { createdAt: at(0), mergedAt: at(0.5) });
    const two = pull(2, { createdAt: at(1), mergedAt: at(1.5) });
    const three = pull(3, { createdAt: at(2), mergedAt: at(2.5) });
    const fix = pull(4, { createdAt: at(4), mergedAt: at(5), labels, body: fixBody });
    const sha = (p: PullRecord) => p.mergeCommitOid ?? "";
    return deployedRepo(
      [one, two, three, fix],
      [
        deploy("v1", 1, sha(one)),
        deploy("v2", 2, sha(two)),
        deploy("v3", 3, sha(three)),
        deploy("back", 3.5, sha(one)),
        deploy("v4", 6, sha(fix)),
      ],
    );
  }

  it("an incident naming the culprit inside the undone range: one failure (the culprit), not two", async () => {
    const metrics = computeMetrics([await pastTheCulprit("Caused-by: #2")], options());
    expect(ids(metrics.failedDeployments)).toEqual(["v2"]); // the old rule also failed v3, the last one before the rollback
    expect(metrics.changeFailureRate).toBe(1 / 5);
    expect(metrics.rollbacks.map((r) => [r.deployment.id, ids(r.undid)])).toEqual([["back", ["v2", "v3"]]]);
  });

  it("without an incident, the rollback fails the first deployment after its target", async () => {
    const metrics = computeMetrics([await pastTheCulprit("no incident", ["enhancement"])], options());
    expect(metrics.incidents).toEqual([]);
    expect(ids(metrics.failedDeployments)).toEqual(["v2"]);
  });

  it("an incident blaming a deployment the rollback did not undo leaves the rollback as its own failure", async () => {
    // Caused-by #1: v1 is the target, not undone; the rollback is unexplained and fails v2 as well.
    const metrics = computeMetrics([await pastTheCulprit("Caused-by: #1")], options());
    expect(ids(metrics.failedDeployments)).toEqual(["v1", "v2"]);
  });

  it("restore ends at the rollback that undid the culprit (restore-on-rollback)", async () => {
    const data = await pastTheCulprit("Caused-by: #2");
    const [incident] = computeMetrics([data], options()).incidents;
    expect(incident?.rollback?.id).toBe("back");
    expect(incident?.restoredBy).toBe("rollback");
    expect(incident?.restoreMs).toBe(1.5 * HOUR); // v2 live at 2h, rolled back at 3.5h; v4 at 6h
    expect(rollbackOf(data.deployments[1] as DeploymentRecord, data.deployments)?.id).toBe("back");
  });

  it("a late older commit is no rollback, so it neither fails a deployment nor ends a restore", async () => {
    const one = pull(1, { mergedAt: at(0.5) });
    const two = pull(2, { mergedAt: at(1.5) });
    const three = pull(3, { mergedAt: at(2.5) });
    const fix = pull(4, { createdAt: at(4), mergedAt: at(5), labels: ["incident"], body: "Caused-by: #3" });
    const sha = (p: PullRecord) => p.mergeCommitOid ?? "";
    const data = await deployedRepo(
      [one, two, three, fix],
      [
        deploy("v1", 1, sha(one)),
        deploy("v3", 3, sha(three)),
        deploy("late-v2", 3.2, sha(two)),
        deploy("v4", 6, sha(fix)),
      ],
    );
    const metrics = computeMetrics([data], options());
    expect(metrics.rollbacks).toEqual([]);
    expect(ids(metrics.failedDeployments)).toEqual(["v3"]);
    expect(metrics.incidents[0]?.restoredBy).toBe("fix");
  });
});

describe("rework is judged per deployment over every PR it ships", () => {
  it("counts a release in the window that ships a bug-labelled PR merged two days before the window", async () => {
    const since = T0 + 10 * DAY;
    const early = pull(1, { createdAt: since - 3 * DAY, mergedAt: since - 2 * DAY, labels: ["bug"] });
    const plain = pull(2, { createdAt: since + DAY, mergedAt: since + DAY + HOUR });
    const sha = (p: PullRecord) => p.mergeCommitOid ?? "";
    const data = await deployedRepo(
      [early, plain],
      [
        { ...deployment("v1.0.0", since - 5 * DAY, "0ld"), label: "v1.0.0" }, // the baseline, before the PR
        { ...deployment("v1.1.0", since + 2 * DAY, sha(plain)), label: "v1.1.0" },
      ],
    );
    const metrics = computeMetrics([data], options({ since, until: since + 7 * DAY }));
    expect(metrics.deployments.map((d) => d.id)).toEqual(["v1.1.0"]);
    expect(ids(metrics.reworkDeployments)).toEqual(["v1.1.0"]);
    expect(metrics.reworkRate).toBe(1);
    // The early PR is not in the window's lead-time population.
    expect(metrics.pulls.map((result) => result.pull.number)).toEqual([2]);
  });
});
