import type { Logger, MemoryLogger } from "@sre-actions/core";
import { afterEach, describe, expect, it } from "vitest";
import { runStartedBy } from "../src/before/exactly-once.js";
import { ECR, NETWORK, RUN, type Scenario, scenario } from "./fixtures/scenario.js";

// Issue 26: a cancelled job leaves nothing running twice.
let s: Scenario;
afterEach(async () => {
  await s?.stop();
});

const MIGRATE = ["bin/rails", "db:migrate"];

/** A logger that aborts the run the moment a line matching `when` is printed (the runner's SIGINT, in-process). */
function cancelWhen(log: MemoryLogger, when: RegExp, controller: AbortController): Logger {
  const cancel = (message: string) => {
    if (when.test(message)) controller.abort();
  };
  return {
    info: (message) => {
      log.info(message);
      cancel(message);
    },
    warning: (message) => log.warning(message),
    error: (message) => log.error(message),
    debug: (message) => log.debug(message),
    group: (name, fn) => log.group(name, fn),
  };
}

describe("cancellation", () => {
  it("stops the one-off task it started, with a reason naming the run, and changes no service", async () => {
    s = await scenario({ breaker: { enable: true, rollback: true } });
    s.aws.runTaskBehaviour({ kind: "exit", exitCode: 0, afterMs: 30 * 60_000 });
    const controller = new AbortController();
    const execution = await s.execute(
      { image: `${ECR}/rails:v2`, "run-task": MIGRATE.join(" ") },
      { signal: controller.signal, log: cancelWhen(s.log, /Started one-off task/, controller) },
    );
    expect(execution.result.status).toBe("failed");
    expect(execution.result.reasonCode).toBe("cancelled");
    const stop = s.aws.requests.find((request) => request.operation === "StopTask");
    expect(JSON.stringify(stop?.body)).toContain(RUN.runUrl);
    expect(s.aws.mutatingRequests().map((request) => request.operation)).not.toContain("UpdateService");
    expect(execution.summary).toContain("cancelled");
  });

  it("a re-run of the same workflow run waits for the migration an earlier attempt left running", async () => {
    s = await scenario({ breaker: { enable: true, rollback: true } });
    s.aws.runTaskBehaviour({ kind: "exit", exitCode: 0, afterMs: 5 * 60_000 });
    // The earlier attempt: killed by the runner after RunTask, its migration still RUNNING.
    const taskDefinition = s.aws.describeService("qa", "qa3-web").taskDefinition;
    const earlier = await s.ecs.runTask({
      cluster: "qa",
      taskDefinition,
      launchType: "FARGATE",
      networkConfiguration: NETWORK,
      startedBy: runStartedBy(RUN, { cluster: "qa", command: MIGRATE }),
      overrides: { containerOverrides: [{ name: "app", command: MIGRATE }] },
    });
    s.aws.requests.length = 0;
    const execution = await s.execute({ image: `${ECR}/rails:v2`, "run-task": MIGRATE.join(" ") });
    expect(execution.result.status).toBe("succeeded");
    expect(s.aws.requests.filter((request) => request.operation === "RunTask")).toEqual([]);
    expect(execution.result.runTask?.taskArn).toBe(earlier.tasks?.[0]?.taskArn);
    expect(execution.result.runTask?.adopted).toBe(true);
    expect(s.log.text()).toContain("of an earlier attempt of this workflow run is still");
  });

  it("a cancel during the roll-out reports what is still in flight and rolls nothing back on a guess", async () => {
    s = await scenario({ breaker: { enable: true, rollback: true } });
    const controller = new AbortController();
    const execution = await s.execute(
      { image: `${ECR}/rails:v2` },
      { signal: controller.signal, log: cancelWhen(s.log, /deployment .* started on/, controller) },
    );
    expect(execution.result.status).toBe("failed");
    expect(execution.outputs["reason-code"]).toBe("cancelled");
    expect(execution.result.reason).toContain("goes on in ECS without being watched");
    expect(s.aws.mutatingRequests().map((request) => request.operation)).toEqual([
      "RegisterTaskDefinition",
      "UpdateService",
    ]);
  });
});
