import path from "node:path";
import type { InputTable } from "@sre-actions/core";
import { actionContractProblems } from "@sre-actions/testkit";
import { describe, expect, it } from "vitest";
import { INPUTS, OUTPUTS } from "../src/inputs.js";

describe("action.yml contract", () => {
  it("declares exactly the inputs and outputs the code reads and writes", () => {
    // Widened to the table type: its extra `example` fields are not part of the contract.
    const inputs: InputTable = INPUTS;
    expect(actionContractProblems(path.resolve(import.meta.dirname, ".."), inputs, OUTPUTS)).toEqual([]);
  });
});
