import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { resolveRegion } from "../src/region.js";

describe("resolveRegion", () => {
  it("prefers the input, then AWS_REGION, then AWS_DEFAULT_REGION", () => {
    expect(resolveRegion("eu-west-1", { AWS_REGION: "us-east-1" })).toBe("eu-west-1");
    expect(resolveRegion(undefined, { AWS_REGION: "us-east-1", AWS_DEFAULT_REGION: "eu-west-1" })).toBe("us-east-1");
    expect(resolveRegion(undefined, { AWS_DEFAULT_REGION: "ap-northeast-1" })).toBe("ap-northeast-1");
  });
  it("names the region input when nothing is set or the name is wrong", () => {
    expect(() => resolveRegion(undefined, {})).toThrow(InputError);
    expect(() => resolveRegion("tokyo", {})).toThrow('Input "region" must be an AWS region name; got "tokyo"');
  });
});
