import { describe, expect, it } from "vitest";
import { createDatadogClient, DATADOG_CONNECTION_INPUTS, parseDatadogConnection } from "../src/datadog.js";
import { ENDPOINT_OVERRIDE_OPT_IN } from "../src/endpoint.js";
import { ActionError, InputError } from "../src/errors.js";
import { Inputs } from "../src/inputs.js";

const read = (values: Record<string, string>) =>
  parseDatadogConnection(new Inputs(DATADOG_CONNECTION_INPUTS, { source: (name) => values[name], mask: () => {} }));

describe("the Datadog connection inputs", () => {
  it("read the keys and the site, defaulting to datadoghq.com", () => {
    expect(read({})).toEqual({ apiKey: undefined, appKey: undefined, site: "datadoghq.com" });
    expect(read({ "datadog-api-key": "k", "datadog-app-key": "a", "datadog-site": "ap1.datadoghq.com" })).toEqual({
      apiKey: "k",
      appKey: "a",
      site: "ap1.datadoghq.com",
    });
  });

  it("refuse an application key without the API key, and an unknown site, naming the input", () => {
    expect(() => read({ "datadog-app-key": "a" })).toThrow(
      new InputError(
        "datadog-app-key",
        "is set but datadog-api-key is not",
        DATADOG_CONNECTION_INPUTS["datadog-api-key"].example,
      ),
    );
    expect(() => read({ "datadog-api-key": "k", "datadog-site": "datadoghq.evil.com" })).toThrow(
      /Input "datadog-site" must be one of datadoghq.com/,
    );
  });
});

describe("createDatadogClient and DATADOG_API_URL", () => {
  const base = { apiKey: "k", site: "datadoghq.com" as const, sleep: async () => {} };
  const baseUrlOf = (client: unknown) => (client as { baseUrl: string }).baseUrl;

  it("uses the site's host without an override", () => {
    expect(baseUrlOf(createDatadogClient({ ...base, env: {} }))).toBe("https://api.datadoghq.com");
  });

  it("reads DATADOG_API_URL itself and accepts loopback (tests, the demo)", () => {
    for (const url of ["http://127.0.0.1:4010", "http://localhost:8080/", "http://[::1]:9000"])
      expect(baseUrlOf(createDatadogClient({ ...base, env: { DATADOG_API_URL: url } }))).toBe(url.replace(/\/$/, ""));
  });

  it("refuses any other host before a key is sent, unless the opt-in is set", () => {
    const env = { DATADOG_API_URL: "https://collector.evil.example" };
    const error = (() => {
      try {
        createDatadogClient({ ...base, env });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ActionError);
    expect(String((error as ActionError).message)).toContain(
      "https://collector.evil.example, which is neither the service's own address nor loopback",
    );
    expect((error as ActionError).hint).toContain(`${ENDPOINT_OVERRIDE_OPT_IN}=true`);
    // A base URL the code itself gives (tests, the demo) is not an environment variable: used as given.
    expect(baseUrlOf(createDatadogClient({ ...base, baseUrl: "http://127.0.0.1:9", env }))).toBe("http://127.0.0.1:9");
    expect(baseUrlOf(createDatadogClient({ ...base, env: { ...env, [ENDPOINT_OVERRIDE_OPT_IN]: "true" } }))).toBe(
      "https://collector.evil.example",
    );
    expect(() => createDatadogClient({ ...base, env: { ...env, [ENDPOINT_OVERRIDE_OPT_IN]: "yes" } })).toThrow(
      ActionError,
    );
  });
});
