import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CLAIM_LEASE_MS,
  type Claim,
  claimText,
  goesBefore,
  highestTicket,
  judgeClaims,
  observe,
  parseClaim,
  type Sightings,
} from "../src/claim.js";

/**
 * The claim protocol (claim.ts) as a model over interleavings: each run's steps are atomic
 * requests against one store (the row and its page's paragraphs), and a scheduler chosen by
 * fast-check decides who moves next. The runs use the action's own pure rules (claim text,
 * tickets, the judge), so the model checks the code's decisions, not a copy of them.
 */

interface Store {
  holder: string | undefined;
  paragraphs: { id: string; text: string }[];
}

type Phase = "early-read" | "append" | "choose" | "ticket" | "check" | "read-row" | "write-row" | "withdraw" | "done";

interface Run {
  name: string;
  phase: Phase;
  blockId?: string;
  ticket?: number;
  nonce: string;
  seenHolder?: string | undefined;
  sightings: Sightings;
  outcome?: { won: true } | { won: false; holder: string };
}

/** Claims as the page lists them. */
function claimsOf(store: Store): Claim[] {
  return store.paragraphs.flatMap((paragraph) => parseClaim(paragraph) ?? []);
}

/** One atomic step of `run` (a request and what the run does with its answer). */
function step(run: Run, store: Store, ids: string[]): void {
  switch (run.phase) {
    case "early-read": {
      // The query before claiming: a row another holds refuses at once (on-conflict: fail), nothing written.
      if (store.holder !== undefined && store.holder !== run.name) {
        run.outcome = { won: false, holder: store.holder };
        run.phase = "done";
      } else run.phase = "append";
      return;
    }
    case "append": {
      // Block ids are random: their order says nothing about who came first.
      const id = ids.shift() ?? `z-${run.name}`;
      run.blockId = id;
      store.paragraphs.push({ id, text: claimText(run.nonce, undefined, run.name) });
      run.phase = "choose";
      return;
    }
    case "choose":
      run.ticket = highestTicket(claimsOf(store).filter((claim) => claim.blockId !== run.blockId)) + 1;
      run.phase = "ticket";
      return;
    case "ticket": {
      const mine = store.paragraphs.find((paragraph) => paragraph.id === run.blockId);
      if (mine) mine.text = claimText(run.nonce, run.ticket, run.name);
      run.phase = "check";
      return;
    }
    case "check": {
      const claims = claimsOf(store);
      run.sightings = observe(run.sightings, claims, 0);
      const verdict = judgeClaims(claims, { blockId: run.blockId ?? "", ticket: run.ticket ?? 0 }, run.sightings, 0);
      if (verdict.kind === "lost") throw new Error(`${run.name} lost its claim`);
      if (verdict.kind === "go") run.phase = "read-row";
      return;
    }
    case "read-row":
      run.seenHolder = store.holder;
      run.phase = "write-row";
      return;
    case "write-row":
      if (run.seenHolder === undefined || run.seenHolder === run.name) {
        store.holder = run.name;
        run.outcome = { won: true };
      } else run.outcome = { won: false, holder: run.seenHolder };
      run.phase = "withdraw";
      return;
    case "withdraw":
      store.paragraphs = store.paragraphs.filter((paragraph) => paragraph.id !== run.blockId);
      run.phase = "done";
      return;
    case "done":
      return;
  }
}

/** Today's read → decide → write, no claim: what issue 26 reproduced. */
function naiveStep(run: Run, store: Store): void {
  if (run.phase === "early-read") {
    run.seenHolder = store.holder;
    run.phase = "write-row";
  } else if (run.phase === "write-row") {
    if (run.seenHolder === undefined || run.seenHolder === run.name) {
      store.holder = run.name;
      run.outcome = { won: true };
    } else run.outcome = { won: false, holder: run.seenHolder };
    run.phase = "done";
  }
}

const IN_CRITICAL_SECTION: Phase[] = ["read-row", "write-row", "withdraw"];

interface Simulation {
  runs: Run[];
  store: Store;
  /** The most runs seen deciding at once. */
  overlap: number;
}

function simulate(
  count: number,
  schedule: number[],
  ids: string[],
  protocol: "claim" | "naive",
  initialHolder?: string,
): Simulation {
  const store: Store = { holder: initialHolder, paragraphs: [] };
  const runs: Run[] = Array.from({ length: count }, (_, index) => ({
    name: `run${index}`,
    phase: "early-read",
    nonce: `0000000${index}-aaaa`,
    sightings: new Map(),
  }));
  let overlap = 0;
  const move = (run: Run) => {
    if (protocol === "claim") step(run, store, ids);
    else naiveStep(run, store);
    overlap = Math.max(overlap, runs.filter((r) => IN_CRITICAL_SECTION.includes(r.phase)).length);
  };
  for (const pick of schedule) {
    const live = runs.filter((run) => run.phase !== "done");
    if (live.length === 0) break;
    move(live[pick % live.length] as Run);
  }
  // Then a fair scheduler: every live run moves in turn, until all are done (no deadlock).
  for (let round = 0; round < 200 && runs.some((run) => run.phase !== "done"); round++) {
    for (const run of runs) if (run.phase !== "done") move(run);
  }
  return { runs, store, overlap };
}

const interleavings = fc.record({
  count: fc.integer({ min: 2, max: 5 }),
  schedule: fc.array(fc.nat(20), { maxLength: 80 }),
  ids: fc.uniqueArray(fc.stringMatching(/^[0-9a-f]{8}$/), { minLength: 5, maxLength: 5 }),
});

describe("the claim protocol over every interleaving (model)", () => {
  it("exactly one of any number of concurrent runs takes a free row; every other one names it", () => {
    fc.assert(
      fc.property(interleavings, ({ count, schedule, ids }) => {
        const { runs, store, overlap } = simulate(count, schedule, ids, "claim");
        expect(runs.every((run) => run.phase === "done")).toBe(true);
        expect(overlap).toBeLessThanOrEqual(1);
        const winners = runs.filter((run) => run.outcome?.won);
        expect(winners).toHaveLength(1);
        const winner = winners[0]?.name;
        expect(store.holder).toBe(winner);
        for (const run of runs) {
          if (run.name !== winner) expect(run.outcome).toEqual({ won: false, holder: winner });
        }
        expect(store.paragraphs).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("a row already held stays with its holder, whoever races for it", () => {
    fc.assert(
      fc.property(interleavings, ({ count, schedule, ids }) => {
        const { runs, store } = simulate(count, schedule, ids, "claim", "holder");
        expect(store.holder).toBe("holder");
        expect(runs.every((run) => run.outcome?.won === false)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("without the claim, some interleaving lets two runs both take the row (what issue 26 reproduced)", () => {
    const result = fc.check(
      fc.property(interleavings, ({ count, schedule, ids }) => {
        const { runs } = simulate(count, schedule, ids, "naive");
        return runs.filter((run) => run.outcome?.won).length === 1;
      }),
      { numRuns: 400, seed: 26 },
    );
    expect(result.failed).toBe(true);
  });
});

describe("the judge", () => {
  const claim = (blockId: string, ticket: number | undefined, who = "someone"): Claim =>
    parseClaim({ id: blockId, text: claimText("0123abcd", ticket, who) }) as Claim;

  it("reads back what it writes, and ignores paragraphs that are not claims", () => {
    expect(parseClaim({ id: "b1", text: claimText("0123abcd", 3, "@alice · feature/x", 2) })).toEqual({
      blockId: "b1",
      nonce: "0123abcd",
      ticket: 3,
      who: "@alice · feature/x",
      text: "⏳ sre-actions claim 0123abcd ticket 3 beat 2 — @alice · feature/x",
    });
    expect(parseClaim({ id: "b2", text: "A note a person wrote about qa3" })).toBeUndefined();
    expect(claimText("0123abcd", 1, "x".repeat(3000))).toHaveLength(2000);
  });

  it("waits for a claim still choosing and for a lower ticket; the block id breaks a tie", () => {
    const mine = { blockId: "b5", ticket: 2 };
    const sightings = (claims: Claim[]) => observe(new Map(), claims, 0);
    const choosing = [claim("b5", 2), claim("b9", undefined)];
    expect(judgeClaims(choosing, mine, sightings(choosing), 0).kind).toBe("wait");
    const lower = [claim("b5", 2), claim("b9", 1)];
    expect(judgeClaims(lower, mine, sightings(lower), 0).kind).toBe("wait");
    const tieBefore = [claim("b5", 2), claim("b4", 2)];
    expect(judgeClaims(tieBefore, mine, sightings(tieBefore), 0).kind).toBe("wait");
    const after = [claim("b5", 2), claim("b6", 2), claim("b1", 3)];
    expect(judgeClaims(after, mine, sightings(after), 0)).toEqual({ kind: "go", stale: [] });
    expect(judgeClaims([claim("b9", 1)], mine, new Map(), 0)).toEqual({ kind: "lost" });
    expect(goesBefore({ ticket: 1, blockId: "z" }, { ticket: 2, blockId: "a" })).toBe(true);
  });

  it("takes a claim unchanged for a lease of its own observation as dead; a change starts the lease again", () => {
    const mine = { blockId: "b5", ticket: 2 };
    const first = [claim("b5", 2), claim("b1", 1)];
    let seen = observe(new Map(), first, 1_000);
    expect(judgeClaims(first, mine, seen, 1_000 + CLAIM_LEASE_MS - 1).kind).toBe("wait");
    // The other run's heartbeat changed its text: alive again.
    const beat = [claim("b5", 2), parseClaim({ id: "b1", text: claimText("0123abcd", 1, "someone", 1) }) as Claim];
    seen = observe(seen, beat, 1_000 + CLAIM_LEASE_MS - 1);
    expect(judgeClaims(beat, mine, seen, 1_000 + CLAIM_LEASE_MS).kind).toBe("wait");
    const later = 1_000 + 2 * CLAIM_LEASE_MS;
    expect(judgeClaims(beat, mine, seen, later)).toEqual({ kind: "go", stale: [beat[1]] });
  });
});
