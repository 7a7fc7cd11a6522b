import { InputError } from "@sre-actions/core";
import { describe, expect, it } from "vitest";
import { parseContainerMap } from "../src/inputs/container-map.js";

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("container map", () => {
  it("reads KEY=value for every container and container:KEY=value for one", () => {
    const entries = parseContainerMap("secrets", "DB=arn:aws:ssm:x\nworker:DB=arn:aws:ssm:y\r\n", {
      example: "DB=arn",
    });
    expect(entries).toEqual([
      { container: undefined, key: "DB", value: "arn:aws:ssm:x" },
      { container: "worker", key: "DB", value: "arn:aws:ssm:y" },
    ]);
  });
  it("names the line and the variable of a malformed line, never its value (issue 26)", () => {
    const text = "LOG_LEVEL=info\nDATABASE_PASSWORD new-db-pass-Zk3pL8sQ1\n";
    const message = errorOf(() => parseContainerMap("environment-variables", text, { example: "KEY=value" })).message;
    expect(message).toBe(
      'Input "environment-variables" line 2 must be key=value but has no = (it starts with DATABASE_PASSWORD; the rest is not shown, it may be a secret), e.g. KEY=value',
    );
    // An = inside the secret would make the key "DATABASE_PASSWORD new-db…": still never echoed.
    const withEquals = errorOf(() =>
      parseContainerMap("env", "web:DATABASE_PASSWORD s3cr=t-Zk3pL8", { example: "KEY=value" }),
    ).message;
    expect(withEquals).toContain(
      "line 1 must be key=value but has a space in the key (it starts with web:DATABASE_PASSWORD;",
    );
    expect(withEquals).not.toContain("s3cr");
    expect(withEquals).not.toContain("Zk3pL8");
  });
  it("rejects a bad container name and a repeated target", () => {
    expect(errorOf(() => parseContainerMap("secrets", "we.b:DB=x", { example: "DB=arn" })).message).toBe(
      'Input "secrets" line 1: "we.b" is not a container name, e.g. DB=arn',
    );
    expect(errorOf(() => parseContainerMap("secrets", "a:DB=x\na:DB=y", { example: "DB=arn" })).message).toBe(
      'Input "secrets" sets a:DB twice (line 2), e.g. DB=arn',
    );
  });
});
