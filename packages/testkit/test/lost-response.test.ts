import { ECSClient, ListTaskDefinitionsCommand, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsFake, awsClientOverrides } from "../src/aws/index.js";
import { VirtualClock } from "../src/clock.js";
import { webDefinition } from "./aws-fixtures.js";

// "A write applied but its answer lost": the fault every non-idempotent call is tested against.
describe("FakeServer.loseResponse", () => {
  let fake: AwsFake;
  const client = (maxAttempts: number) =>
    new ECSClient({ region: "ap-northeast-1", ...awsClientOverrides(fake, maxAttempts) });
  const revisions = async () =>
    (await client(1).send(new ListTaskDefinitionsCommand({ familyPrefix: "web" }))).taskDefinitionArns ?? [];

  beforeEach(async () => {
    fake = await new AwsFake({ clock: new VirtualClock() }).start();
  });
  afterEach(() => fake.stop());

  it.each(["500", "reset"] as const)("applies the write, then loses the answer (%s)", async (how) => {
    fake.loseResponse("RegisterTaskDefinition", how === "reset" ? "reset" : undefined);
    const error = await client(1)
      .send(new RegisterTaskDefinitionCommand(webDefinition("repo/web:1")))
      .catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    if (how === "500") expect(error).toMatchObject({ name: "ServerException", $metadata: { httpStatusCode: 500 } });
    expect(await revisions()).toEqual(["arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:1"]);
    expect(fake.requests.filter((request) => request.operation === "RegisterTaskDefinition")).toMatchObject([
      { status: 200, mutating: true },
    ]);
  });

  it("shows the hazard it exists for: the SDK's blind retry registers a second revision", async () => {
    fake.loseResponse("RegisterTaskDefinition");
    const registered = await client(3).send(new RegisterTaskDefinitionCommand(webDefinition("repo/web:1")));
    expect(registered.taskDefinition?.revision).toBe(2);
    expect(await revisions()).toHaveLength(2);
  });
});
