import path from "node:path";
import type { InputTable } from "@sre-actions/core";
import { actionContractProblems } from "@sre-actions/testkit";
import { describe, expect, it } from "vitest";
import { INPUTS, OUTPUTS } from "../src/inputs.js";

// The table's extra columns (example, secret) are not part of action.yml's contract.
const table: InputTable = INPUTS;

describe("action.yml contract", () => {
  it("declares exactly the inputs and outputs the code reads and writes", () => {
    expect(actionContractProblems(path.resolve(import.meta.dirname, ".."), table, OUTPUTS)).toEqual([]);
  });
});
