import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scenario, stateOf } from "./fixtures/scenario.js";

const operation = fc.constantFrom("stop", "start", "spot", "on-demand");

describe("any sequence of stop/start/spot/on-demand", () => {
  it("ends, after a final start, with the original desired count and min/max restored", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.option(fc.record({ min: fc.integer({ min: 0, max: 2 }), extra: fc.integer({ min: 0, max: 4 }) }), {
          nil: undefined,
        }),
        async (operations, desired, range) => {
          const target =
            range === undefined ? undefined : { min: Math.min(range.min, desired), max: desired + range.extra };
          const s = await scenario([
            {
              name: "qa",
              services: [
                {
                  name: "web",
                  desired,
                  providers: [{ capacityProvider: "FARGATE", weight: 1 }],
                  ...(target === undefined ? {} : { target }),
                },
              ],
            },
          ]);
          try {
            for (const mode of [...operations, "start"]) {
              const run = await s.run({ mode });
              expect(run.outputs["failed"]).toBe("0");
              s.clock.advance(60_000);
            }
            expect(stateOf(s.aws, "qa", "web")).toMatchObject({
              desired,
              min: target?.min,
              max: target?.max,
              saved: undefined,
            });
          } finally {
            await s.stop();
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
