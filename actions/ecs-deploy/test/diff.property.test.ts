import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffDefinitions } from "../src/plan/diff.js";
import { render } from "../src/plan/render.js";
import { railsDefinition } from "./fixtures/scenario.js";

const name = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/);
const value = fc.string({ maxLength: 12 });

describe("diff properties", () => {
  it("a definition never differs from itself, whatever the order of its lists", () => {
    fc.assert(
      fc.property(fc.dictionary(name, value), (environment) => {
        const base = railsDefinition("web");
        const env = Object.entries(environment).map(([key, val]) => ({ name: key, value: val }));
        const a = { ...base, containerDefinitions: [{ ...base.containerDefinitions[0], environment: env }] };
        const b = {
          ...base,
          containerDefinitions: [{ ...base.containerDefinitions[0], environment: [...env].reverse() }],
        };
        expect(diffDefinitions(a, b)).toEqual([]);
      }),
    );
  });

  it("rendering environment lines shows exactly the variables whose value changed", () => {
    fc.assert(
      fc.property(fc.dictionary(name, value), (lines) => {
        const base = railsDefinition("web");
        const environment = Object.entries(lines).map(([key, val]) => ({ container: "app", name: key, value: val }));
        const rendered = render(base, { image: undefined, images: new Map(), environment }, "web");
        const changed = diffDefinitions(base, rendered.definition)
          .map((change) => change.field)
          .sort();
        const expected = Object.entries(lines)
          .filter(([key, val]) => !(key === "RAILS_ENV" && val === "production"))
          .map(([key]) => `env ${key}`)
          .sort();
        expect(changed).toEqual(expected);
      }),
    );
  });
});
