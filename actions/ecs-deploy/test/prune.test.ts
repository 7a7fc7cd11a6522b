import { describe, expect, it } from "vitest";
import { revisionsToDeregister } from "../src/after/prune.js";

describe("revisionsToDeregister", () => {
  const arn = (revision: number) => `arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:${revision}`;
  it("keeps the newest N and anything in use", () => {
    const active = [1, 2, 3, 4, 5, 10].map(arn);
    expect(revisionsToDeregister(active, 2, new Set([arn(3)]))).toEqual([arn(4), arn(2), arn(1)]);
  });
});
