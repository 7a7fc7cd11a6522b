import path from "node:path";
import { actionContractProblems } from "@sre-actions/testkit";
import { describe, expect, it } from "vitest";
import { INPUTS, OUTPUTS } from "../src/inputs.js";

describe("action.yml contract", () => {
  it("declares exactly the inputs and outputs the code reads and writes", () => {
    expect(actionContractProblems(path.resolve(import.meta.dirname, ".."), INPUTS, OUTPUTS)).toEqual([]);
  });
});
