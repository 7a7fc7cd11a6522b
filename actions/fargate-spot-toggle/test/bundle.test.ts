import path from "node:path";
import { AwsFake, awsErrorResponse, awsFakeEnv } from "@sre-actions/testkit/aws";
import { describeBundle, runBundledAction, stopAfterTest } from "@sre-actions/testkit/harness";
import { expect, it } from "vitest";
import { REGION, seed, stateOf } from "./fixtures/scenario.js";

const actionDir = path.resolve(import.meta.dirname, "..");
async function fakeAws(): Promise<AwsFake> {
  const fake = stopAfterTest(await new AwsFake().start());
  seed(fake, [
    {
      name: "qa",
      services: [
        { name: "web", desired: 2, target: { min: 1, max: 4 } },
        { name: "worker", desired: 1, tags: { "sre-actions:schedule": "off" } },
      ],
    },
  ]);
  return fake;
}

const awsEnv = (fake: AwsFake) => awsFakeEnv(fake, REGION);

const schedule = (now: string) => ({
  mode: "schedule",
  cluster: "qa",
  "working-hours": "Mon-Fri 09:00-20:00",
  timezone: "Asia/Tokyo",
  holidays: "jp",
  now,
});

describeBundle((node) => {
  it("fails a bad input with the named error and makes no call", async () => {
    const aws = await fakeAws();
    const result = await runBundledAction(actionDir, {
      node,
      inputs: { mode: "schedule", cluster: "qa" },
      env: awsEnv(aws),
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations).toEqual([
      {
        level: "error",
        message: 'Input "working-hours" is required when mode is schedule, e.g. Mon-Fri 09:00-20:00',
        properties: {},
      },
    ]);
    expect(result.log).not.toMatch(/\n\s+at /);
    expect(aws.requests).toEqual([]);
  });

  it("runs the schedule at a fixed instant: stops after hours, then starts on the next working morning", async () => {
    const aws = await fakeAws();
    const evening = await runBundledAction(actionDir, {
      node,
      inputs: schedule("2026-11-25T20:30:00+09:00"),
      env: awsEnv(aws),
      timeoutMs: 30_000,
    });
    expect(evening.annotations).toEqual([]);
    expect(evening.exitCode).toBe(0);
    expect(evening.outputs).toMatchObject({ changed: "1", skipped: "1", failed: "0" });
    expect(JSON.parse(evening.outputs["plan"] ?? "[]")).toEqual([
      expect.objectContaining({
        service: "web",
        action: "stop",
        reason: "outside working hours (Wed 2026-11-25 20:30 Asia/Tokyo)",
      }),
      expect.objectContaining({ service: "worker", action: "skip", reason: "tag sre-actions:schedule=off" }),
    ]);
    expect(Number(evening.outputs["estimated-monthly-savings"])).toBeGreaterThan(0);
    expect(evening.summary).toContain("fargate-spot-toggle schedule: 1 changed, 1 skipped, 0 failed");
    expect(evening.groups).toEqual(expect.arrayContaining(["Read services", "Plan", "Apply"]));
    expect(stateOf(aws, "qa", "web")).toMatchObject({
      desired: 0,
      min: 0,
      max: 0,
      saved: "v1 desired=2 min=1 max=4 suspend=- lt=FARGATE at=20261125T1130Z",
    });

    const morning = await runBundledAction(actionDir, {
      node,
      inputs: schedule("2026-11-26T09:05:00+09:00"),
      env: awsEnv(aws),
      timeoutMs: 30_000,
    });
    expect(morning.exitCode).toBe(0);
    expect(morning.outputs["changed"]).toBe("1");
    expect(stateOf(aws, "qa", "web")).toMatchObject({ desired: 2, min: 1, max: 4, saved: undefined });
  }, 60_000);

  it("fails the step at the end, listing the service that failed, after changing the others", async () => {
    const aws = await fakeAws();
    aws.fault({
      operation: "UpdateService",
      action: {
        kind: "respond",
        response: awsErrorResponse("AccessDeniedException", "User is not authorized to perform: ecs:UpdateService"),
      },
    });
    const result = await runBundledAction(actionDir, {
      node,
      inputs: { mode: "stop", cluster: "qa", services: "web,worker", concurrency: "1" },
      env: awsEnv(aws),
      timeoutMs: 30_000,
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ changed: "1", failed: "1" });
    const errors = result.annotations.filter((annotation) => annotation.level === "error").map((a) => a.message);
    expect(errors.at(-1)).toBe(
      "1 of 2 services failed: qa/web: User is not authorized to perform: ecs:UpdateService\n" +
        "Hint: The other services were changed; re-running converges the failed ones (each change is idempotent).",
    );
    expect(result.summary).toContain("#### Failed");
    expect(stateOf(aws, "qa", "worker").desired).toBe(0);
  }, 60_000);
});
