import { describe, expect, it } from "vitest";
import { parseProviders, sameProviders } from "../src/capacity.js";
import type { Placement } from "../src/model.js";

const providers = (text: string): Placement => {
  const parsed = parseProviders(text);
  if (!("items" in parsed)) throw new Error(parsed.problem);
  return { kind: "providers", items: parsed.items };
};

describe("capacity providers", () => {
  it("compares regardless of order and with ECS's defaults", () => {
    const target = providers("FARGATE:1:base=1, FARGATE_SPOT:4");
    if (target.kind !== "providers") throw new Error("expected capacity providers");
    expect(sameProviders(providers("FARGATE_SPOT:4,FARGATE:1:base=1"), target.items)).toBe(true);
    expect(sameProviders(providers("FARGATE_SPOT:4,FARGATE:1"), target.items)).toBe(false);
    expect(sameProviders({ kind: "launch-type", launchType: "FARGATE" }, target.items)).toBe(false);
  });

  it.each([
    ["", "is empty"],
    ["FARGATE:1, FARGATE:2", "names FARGATE twice"],
    ["FARGATE:1:base=1, FARGATE_SPOT:1:base=1", "sets base on more than one provider"],
    ["FARGATE:0", "needs a weight above 0 on some provider"],
    ["FARGATE:1001", "has a weight above 1000"],
  ])("rejects %j", (text, problem) => {
    expect(parseProviders(text)).toEqual({ problem });
  });
});
