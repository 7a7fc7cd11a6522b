import { runContext } from "@sre-actions/core";
import { webhookExample } from "@sre-actions/testkit/harness";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sameClaimant } from "../src/holder.js";
import { reservationEnd } from "../src/reservation.js";
import { truncate } from "../src/text.js";

const base = {
  sha: "abc",
  actor: "alice",
  runId: 42,
  serverUrl: "https://github.com",
  repo: { owner: "acme", repo: "app" },
};

describe("runContext", () => {
  it("pull_request: head branch, head sha, PR number, url and labels", () => {
    const payload = webhookExample("pull_request", "opened");
    const pull = payload["pull_request"] as { head: { ref: string; sha: string }; number: number; html_url: string };
    const context = runContext({
      ...base,
      eventName: "pull_request",
      payload,
      ref: `refs/pull/${pull.number}/merge`,
    });
    expect(context).toMatchObject({
      branch: pull.head.ref,
      sha: pull.head.sha,
      pullRequest: { number: pull.number, url: pull.html_url, merged: false },
      runUrl: "https://github.com/acme/app/actions/runs/42",
    });
  });

  it("push: branch from the ref, sha from after", () => {
    const payload = webhookExample("push");
    const context = runContext({ ...base, eventName: "push", payload, ref: "refs/heads/main" });
    expect(context).toMatchObject({ branch: "main", sha: payload["after"], pullRequest: undefined });
    expect(context.commitUrl).toBe(`https://github.com/acme/app/commit/${payload["after"]}`);
  });

  it("workflow_dispatch: the ref is the branch", () => {
    const payload = webhookExample("workflow_dispatch");
    const context = runContext({ ...base, eventName: "workflow_dispatch", payload, ref: "refs/heads/feature/x" });
    expect(context).toMatchObject({ branch: "feature/x", sha: "abc", actor: "alice" });
  });
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("truncate", () => {
  it("keeps text within 2000 UTF-16 units, ending with … when cut, never splitting a code point", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 3000 }), (text) => {
        const cut = truncate(text);
        expect(cut.length).toBeLessThanOrEqual(2000);
        if (text.length <= 2000) expect(cut).toBe(text);
        else {
          expect(cut.endsWith("…")).toBe(true);
          expect(text.startsWith(cut.slice(0, -1))).toBe(true);
          expect(LONE_SURROGATE.test(cut)).toBe(false);
        }
      }),
    );
  });
});

describe("reservationEnd", () => {
  const now = Date.parse("2026-11-25T09:00:00Z");
  it("reserved-until wins, then a reserve: label, then reserve-for", () => {
    const labels = ["reserve:2d"];
    expect(reservationEnd({ reservedUntil: new Date(now + 5), reserveForMs: 1, labels }, now).source).toBe(
      "input reserved-until",
    );
    expect(reservationEnd({ reservedUntil: undefined, reserveForMs: 1, labels }, now)).toMatchObject({
      until: now + 2 * 86_400_000,
      source: "label reserve:2d",
    });
    expect(reservationEnd({ reservedUntil: undefined, reserveForMs: 7, labels: ["Reserve: 1h30m"] }, now).until).toBe(
      now + 5_400_000,
    );
    expect(reservationEnd({ reservedUntil: undefined, reserveForMs: 7, labels: ["reserve:x"] }, now)).toMatchObject({
      until: now + 7,
      badLabels: ["reserve:x"],
    });
  });
});

describe("sameClaimant", () => {
  it("compares pull requests when both have one, else branches", () => {
    const pr = "https://github.com/acme/app/pull/7";
    expect(
      sameClaimant({ branch: "a", pullRequest: pr, actor: "x" }, { branch: "b", pullRequest: pr, actor: "y" }),
    ).toBe(true);
    expect(
      sameClaimant({ branch: "a", pullRequest: pr, actor: "x" }, { branch: "a", pullRequest: `${pr}0`, actor: "x" }),
    ).toBe(false);
    expect(
      sameClaimant({ branch: "a", pullRequest: pr, actor: "x" }, { branch: "a", pullRequest: undefined, actor: "x" }),
    ).toBe(true);
    expect(
      sameClaimant(
        { branch: undefined, pullRequest: undefined, actor: "x" },
        { branch: undefined, pullRequest: undefined, actor: "x" },
      ),
    ).toBe(false);
  });
});
