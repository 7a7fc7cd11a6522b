import { describe, expect, it } from "vitest";
import { MemoryLogger } from "../src/log.js";
import { classifyWriteFailure, exactlyOnce } from "../src/once.js";

const awsError = (name: string, httpStatusCode?: number) =>
  Object.assign(new Error(name), { name, $metadata: httpStatusCode === undefined ? {} : { httpStatusCode } });

describe("classifyWriteFailure", () => {
  it.each([
    [awsError("ThrottlingException", 400), "refused"],
    [Object.assign(new Error("slow down"), { status: 429 }), "refused"],
    [Object.assign(new Error("x"), { name: "APIResponseError", code: "rate_limited", status: 429 }), "refused"],
    [awsError("ServerException", 500), "ambiguous"],
    [awsError("ServiceUnavailableException", 503), "ambiguous"],
    [awsError("TimeoutError"), "ambiguous"],
    [Object.assign(new Error("socket hang up"), { code: "ECONNRESET", $metadata: {} }), "ambiguous"],
    [Object.assign(new TypeError("fetch failed"), { cause: { code: "UND_ERR_SOCKET" } }), "ambiguous"],
    [Object.assign(new Error("Server Error"), { name: "HttpError", status: 502 }), "ambiguous"],
    [awsError("ClientException", 400), "rejected"],
    [awsError("AccessDeniedException", 400), "rejected"],
    [Object.assign(new Error("Validation Failed"), { name: "HttpError", status: 422 }), "rejected"],
    [new TypeError("x is not a function"), "rejected"],
    ["a string", "rejected"],
  ] as const)("%s is %s", (error, kind) => {
    expect(classifyWriteFailure(error)).toBe(kind);
  });
});

describe("exactlyOnce", () => {
  const clock = () => {
    let now = 0;
    return {
      now: () => now,
      sleep: async (ms: number) => {
        now += ms;
      },
    };
  };

  it("reads back after an ambiguous failure and keeps what was applied", async () => {
    let sent = 0;
    const result = await exactlyOnce({
      what: "register web",
      attempt: async () => {
        sent += 1;
        throw awsError("ServerException", 500);
      },
      readBack: async () => "web:6",
      clock: clock(),
      log: new MemoryLogger(),
    });
    expect(result).toBe("web:6");
    expect(sent).toBe(1);
  });

  it("sends again when the read-back finds nothing, and after a refusal without reading back", async () => {
    const failures = [awsError("ServerException", 500), awsError("ThrottlingException", 400)];
    let readBacks = 0;
    const log = new MemoryLogger();
    const result = await exactlyOnce({
      what: "register web",
      attempt: async () => {
        const failure = failures.shift();
        if (failure) throw failure;
        return "web:6";
      },
      readBack: async () => {
        readBacks += 1;
        return undefined;
      },
      clock: clock(),
      log,
    });
    expect(result).toBe("web:6");
    expect(readBacks).toBe(1);
    expect(log.text()).toContain("nothing was applied, trying again in 1s");
  });

  it("throws a definite rejection at once, and the last ambiguous failure after the attempts", async () => {
    const rejected = awsError("ClientException", 400);
    await expect(
      exactlyOnce({
        what: "x",
        attempt: async () => {
          throw rejected;
        },
        readBack: async () => "never",
        clock: clock(),
        log: new MemoryLogger(),
      }),
    ).rejects.toBe(rejected);
    let sent = 0;
    await expect(
      exactlyOnce({
        what: "x",
        attempt: async () => {
          sent += 1;
          throw awsError("ServerException", 500);
        },
        readBack: async () => undefined,
        clock: clock(),
        log: new MemoryLogger(),
        attempts: 3,
      }),
    ).rejects.toMatchObject({ name: "ServerException" });
    expect(sent).toBe(3);
  });
});
