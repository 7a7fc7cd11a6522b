import { encodeSavedState, TAG_SAVED } from "@sre-actions/core/ecs-sleep";
import { afterEach, describe, expect, it } from "vitest";
import { TAG_KEEP_RUNNING_UNTIL } from "../src/before/wake.js";
import { ECR, type Scenario, scenario } from "./fixtures/scenario.js";

let s: Scenario | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const mutations = (fake: Scenario) => fake.aws.mutatingRequests().map((request) => request.operation);
const tagsOf = (fake: Scenario, service = "qa3-web") =>
  new Map((fake.aws.describeService("qa", service).tags ?? []).map((tag) => [tag.key, tag.value]));

/** qa3 as fargate-spot-toggle leaves it at night: desired 0, auto-scaling pinned to 0, the state in a tag. */
async function asleep(): Promise<Scenario> {
  const fake = await scenario();
  fake.aws.seedScalableTarget("qa", "qa3-web", {
    min: 0,
    max: 0,
    suspended: { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: true, ScheduledScalingSuspended: true },
  });
  await fake.ecs.updateService({ cluster: "qa", service: "qa3-web", desiredCount: 0 });
  const arn = fake.aws.describeService("qa", "qa3-web").serviceArn;
  const saved = encodeSavedState({
    desired: 2,
    target: { min: 2, max: 6, suspended: { scaleIn: false, scaleOut: false, scheduled: false } },
    placement: { kind: "providers", items: [{ provider: "FARGATE_SPOT", weight: 1, base: 0 }] },
    savedAt: new Date("2026-11-24T19:00:00Z"),
  });
  await fake.ecs.tagResource({ resourceArn: arn, tags: [{ key: TAG_SAVED, value: saved }] });
  await fake.clock.sleep(120_000);
  fake.aws.requests.length = 0;
  return fake;
}

describe("asleep environments (if-stopped)", () => {
  it("start (default): restores desired count and auto-scaling like fargate-spot-toggle, removes the tag, keeps it running", async () => {
    s = await asleep();
    const execution = await s.execute({ image: `${ECR}/rails:v2` });
    const { result } = execution;
    expect(result.status).toBe("succeeded");
    const service = s.aws.describeService("qa", "qa3-web");
    expect(service.desiredCount).toBe(2);
    expect(service.runningCount).toBe(2);
    expect(service.taskDefinition).toMatch(/qa3-web:2$/);
    expect(s.aws.scalableTarget("qa", "qa3-web")).toMatchObject({
      MinCapacity: 2,
      MaxCapacity: 6,
      SuspendedState: {
        DynamicScalingInSuspended: false,
        DynamicScalingOutSuspended: false,
        ScheduledScalingSuspended: false,
      },
    });
    const tags = tagsOf(s);
    expect(tags.has(TAG_SAVED)).toBe(false);
    const until = new Date(new Date("2026-11-25T09:00:00Z").getTime() + 120_000 + 2 * 3_600_000);
    expect(tags.get(TAG_KEEP_RUNNING_UNTIL)).toBe(until.toISOString().replace(".000", ""));
    expect(result.woken).toEqual([{ service: "qa3-web", desiredCount: 2, scaling: { min: 2, max: 6 }, until }]);
    expect(execution.outputs.woken).toEqual({ "qa3-web": until.toISOString().replace(".000", "") });
    expect(execution.summary).toContain("### Asleep environments");
    // The summary and the output say exactly what the tag says.
    expect(execution.summary).toContain(`kept running until ${until.toISOString().replace(".000", "")}`);
    expect(execution.summary).toContain("woken with 2 task(s), auto-scaling 2–6");
    // The restore comes first, then the deploy.
    expect(mutations(s)).toEqual([
      "RegisterTaskDefinition",
      "RegisterScalableTarget",
      "UpdateService",
      "UntagResource",
      "TagResource",
      "UpdateService",
    ]);
  });

  it("keep-running-for sets how long the schedule leaves it up", async () => {
    s = await asleep();
    const result = await s.run({ image: `${ECR}/rails:v2`, "keep-running-for": "30m" });
    expect(result.woken[0]?.until.getTime()).toBe(s.clock.now() - result.durationMs + 30 * 60_000);
  });

  it("fail: a clear error before any change", async () => {
    s = await asleep();
    await expect(s.run({ image: `${ECR}/rails:v2`, "if-stopped": "fail" })).rejects.toThrow(
      "qa3-web was stopped by fargate-spot-toggle (tag sre-actions:saved), and if-stopped is fail: nothing was changed",
    );
    expect(mutations(s)).toEqual([]);
  });

  it("ignore: deploys at 0 tasks and says so in a warning", async () => {
    s = await asleep();
    const execution = await s.execute({ image: `${ECR}/rails:v2`, "if-stopped": "ignore" });
    expect(execution.result.status).toBe("succeeded");
    expect(s.aws.describeService("qa", "qa3-web").desiredCount).toBe(0);
    expect(tagsOf(s).has(TAG_SAVED)).toBe(true);
    expect(s.log.text("warning")).toContain("if-stopped is ignore, so it is deployed at 0 tasks");
    expect(execution.summary).toContain("deployed at 0 tasks (if-stopped: ignore)");
    expect(mutations(s)).toEqual(["RegisterTaskDefinition", "UpdateService"]);
  });

  it("the dry run says it would wake it and changes nothing", async () => {
    s = await asleep();
    const execution = await s.execute({ image: `${ECR}/rails:v2`, "dry-run": "true" });
    expect(execution.summary).toContain("would be woken");
    expect(mutations(s)).toEqual([]);
  });

  it("desired count 0 without a saved state: needs desired-count, and wakes with it", async () => {
    s = await scenario({ desiredCount: 0 });
    await expect(s.run({ image: `${ECR}/rails:v2` })).rejects.toThrow("has no saved state to restore");
    expect(mutations(s)).toEqual([]);
    const result = await s.run({ image: `${ECR}/rails:v2`, "desired-count": "1" });
    expect(result.status).toBe("succeeded");
    expect(result.woken[0]).toMatchObject({ service: "qa3-web", desiredCount: 1 });
    expect(s.aws.describeService("qa", "qa3-web").runningCount).toBe(1);
    expect(tagsOf(s).get(TAG_KEEP_RUNNING_UNTIL)).toBeDefined();
  });
});
