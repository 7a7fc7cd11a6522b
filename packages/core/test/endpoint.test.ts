import { describe, expect, it } from "vitest";
import { ENDPOINT_OVERRIDE_OPT_IN, endpointOverride, isLoopbackUrl } from "../src/endpoint.js";
import { ActionError } from "../src/errors.js";
import { githubApiUrl } from "../src/github.js";

const notion = (value: string | undefined, optIn?: string) =>
  endpointOverride({
    variable: "NOTION_API_BASE_URL",
    official: ["https://api.notion.com"],
    env: { NOTION_API_BASE_URL: value, ...(optIn === undefined ? {} : { [ENDPOINT_OVERRIDE_OPT_IN]: optIn }) },
  });

describe("endpoint overrides (issue 26)", () => {
  it("accept loopback, the official address, or anything once opted in", () => {
    expect(notion(undefined)).toBeUndefined();
    expect(notion("http://127.0.0.1:8123")).toBe("http://127.0.0.1:8123");
    expect(notion("http://localhost:8123/")).toBe("http://localhost:8123/");
    expect(notion("http://[::1]:8123")).toBe("http://[::1]:8123");
    expect(notion("https://api.notion.com")).toBe("https://api.notion.com");
    expect(notion("https://proxy.internal.example", "true")).toBe("https://proxy.internal.example");
  });

  it("refuse any other host, naming the variable and the opt-in", () => {
    for (const [value, optIn] of [
      ["https://evil.example", undefined],
      ["https://evil.example", "yes"],
      ["http://127.0.0.1.evil.example", undefined],
      ["https://api.notion.com.evil.example", undefined],
    ] as const) {
      expect(() => notion(value, optIn)).toThrow(ActionError);
    }
    expect(() => notion("https://evil.example")).toThrow(
      "NOTION_API_BASE_URL points to https://evil.example, which is neither the service's own address nor loopback: the token would go there.",
    );
    expect(() => notion("ftp://127.0.0.1")).toThrow("NOTION_API_BASE_URL must be an http(s) URL");
    expect(() => notion("not a url")).toThrow("NOTION_API_BASE_URL must be a URL like http://127.0.0.1:8080");
    expect(isLoopbackUrl(new URL("http://127.1.2.3"))).toBe(true);
  });

  it("GITHUB_API_URL: the runner's own value for github.com, GHES and GHE.com is accepted as is", () => {
    expect(githubApiUrl({ GITHUB_API_URL: "https://api.github.com" })).toBe("https://api.github.com");
    expect(
      githubApiUrl({
        GITHUB_API_URL: "https://ghe.acme.internal/api/v3",
        GITHUB_SERVER_URL: "https://ghe.acme.internal",
      }),
    ).toBe("https://ghe.acme.internal/api/v3");
    expect(
      githubApiUrl({ GITHUB_API_URL: "https://api.acme.ghe.com", GITHUB_SERVER_URL: "https://acme.ghe.com" }),
    ).toBe("https://api.acme.ghe.com");
    expect(() =>
      githubApiUrl({ GITHUB_API_URL: "https://collector.evil.example", GITHUB_SERVER_URL: "https://github.com" }),
    ).toThrow("GITHUB_API_URL points to https://collector.evil.example");
  });
});
