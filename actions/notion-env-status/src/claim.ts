import { randomUUID } from "node:crypto";
import { exactlyOnce, logText } from "@sre-actions/core";
import { NotionFailure, type Paragraph } from "./notion-api.js";
import type { EnvRow } from "./rows.js";
import type { Session } from "./session.js";

/**
 * Reservations no race can break. Notion has no conditional write, so "read the row, decide,
 * write it" lets two runs that overlap both see the row free and both write (the last write wins,
 * both report no conflict). Every run that writes a row therefore first takes a claim on it, and
 * decides on a fresh read of the row only while its claim is the one that may go.
 *
 * The claim is Lamport's bakery algorithm, over paragraphs appended to the row's page:
 *   1. append `⏳ sre-actions claim <nonce> choosing — <who>` (creates never overwrite each other);
 *   2. list the page's claims; take ticket = 1 + the highest ticket seen;
 *   3. rewrite the paragraph to `… ticket <n> — <who>` (choosing is over);
 *   4. list the claims again until none is still choosing and none holds a lower (ticket, block id);
 *   5. read the row (a direct page read), decide, write; 6. delete the paragraph (always).
 *
 * Why exactly one run at a time decides: if run A goes at step 4, every other claim B was, in that
 * read, (a) absent — then B's own step 2 happens after A's step 3 was acknowledged and B takes a
 * higher ticket; (b) holding a higher (ticket, id) — final, since a ticket is written once; or
 * else A would have waited. So B cannot go until A's paragraph is gone: A's decision and write are
 * over. No order comes from clocks or ids alone (Notion's `created_time` is coarse and ids are
 * random): the ticket is read back after the claim was acknowledged, and the block id only breaks
 * ties between tickets taken at the same time — an order no later claim can get ahead of.
 * What it relies on: a create or update Notion acknowledged is seen by every later list of the
 * page's children (its block store is read directly, not through the search index).
 *
 * A run that dies without step 6 (killed, runner lost) leaves a claim: other runs ignore a claim
 * that has not changed for CLAIM_LEASE_MS of their own observation (no clock is compared across
 * machines) and delete it. A live run keeps its claim changing while it waits (a heartbeat every
 * HEARTBEAT_MS bumps a counter in the text) and starts its write at most WRITE_WITHIN_MS after its
 * last change of the claim, or gives up without writing: its write ends before anyone can take it
 * for dead.
 */

/** How long a claim may stay unchanged in another run's eyes before it is taken as left by a dead run. */
export const CLAIM_LEASE_MS = 120_000;
/** A run starts its write within this long of its claim's last change, or writes nothing. */
export const WRITE_WITHIN_MS = 60_000;
/** A waiting run changes its claim this often, so no one takes it for dead. */
export const HEARTBEAT_MS = 30_000;
/** How long a run waits for the claims ahead of it before giving up (beyond one lease). */
export const MAX_WAIT_MS = 300_000;
const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 2_000;

const PREFIX = "⏳ sre-actions claim";
const CLAIM = /^⏳ sre-actions claim ([0-9a-f-]{8,64}) (?:choosing|ticket (\d{1,9})(?: beat \d{1,9})?) — ([\s\S]*)$/;

/** One claim as read from the row's page. */
export interface Claim {
  blockId: string;
  nonce: string;
  /** Undefined while the claimant is still choosing its ticket. */
  ticket: number | undefined;
  /** Who claims (actor, branch, PR, run) as the claimant wrote it: data, never a command. */
  who: string;
  text: string;
}

export function claimText(nonce: string, ticket: number | undefined, who: string, beat = 0): string {
  const state = ticket === undefined ? "choosing" : beat === 0 ? `ticket ${ticket}` : `ticket ${ticket} beat ${beat}`;
  // A paragraph holds 2000 characters; `who` is the only part that can be long.
  return `${PREFIX} ${nonce} ${state} — ${who}`.slice(0, 2000);
}

export function parseClaim(paragraph: Paragraph): Claim | undefined {
  const match = CLAIM.exec(paragraph.text);
  if (match === null) return undefined;
  const [, nonce = "", ticket, who = ""] = match;
  return {
    blockId: paragraph.id,
    nonce,
    ticket: ticket === undefined ? undefined : Number(ticket),
    who,
    text: paragraph.text,
  };
}

/** The highest ticket among the claims (0 when none has one). */
export function highestTicket(claims: readonly Claim[]): number {
  return claims.reduce((highest, claim) => Math.max(highest, claim.ticket ?? 0), 0);
}

/** Bakery order: lower ticket first, the block id breaking a tie. */
export function goesBefore(a: { ticket: number; blockId: string }, b: { ticket: number; blockId: string }): boolean {
  return a.ticket < b.ticket || (a.ticket === b.ticket && a.blockId < b.blockId);
}

/** When this run first saw each other claim with its current text (its own clock only). */
export type Sightings = ReadonlyMap<string, { text: string; since: number }>;

/** The sightings after one more read: a claim whose text changed is seen anew; vanished ones are forgotten. */
export function observe(sightings: Sightings, claims: readonly Claim[], now: number): Sightings {
  const next = new Map<string, { text: string; since: number }>();
  for (const claim of claims) {
    const seen = sightings.get(claim.blockId);
    next.set(claim.blockId, seen !== undefined && seen.text === claim.text ? seen : { text: claim.text, since: now });
  }
  return next;
}

export type ClaimVerdict =
  | { kind: "go"; stale: Claim[] }
  | { kind: "wait"; ahead: Claim[]; stale: Claim[] }
  /** Our own claim is gone (another run took it as dead): we must not write. */
  | { kind: "lost" };

/**
 * Step 4's rule over one read of the claims: go when no other live claim is choosing or ahead in
 * bakery order. A claim unchanged for `leaseMs` of our observation is dead: it is ignored (and
 * deleted by the caller).
 */
export function judgeClaims(
  claims: readonly Claim[],
  mine: { blockId: string; ticket: number },
  sightings: Sightings,
  now: number,
  leaseMs = CLAIM_LEASE_MS,
): ClaimVerdict {
  if (!claims.some((claim) => claim.blockId === mine.blockId)) return { kind: "lost" };
  const ahead: Claim[] = [];
  const stale: Claim[] = [];
  for (const other of claims) {
    if (other.blockId === mine.blockId) continue;
    const since = sightings.get(other.blockId)?.since ?? now;
    const live = now - since < leaseMs;
    const blocking = other.ticket === undefined || goesBefore({ ticket: other.ticket, blockId: other.blockId }, mine);
    if (!live) stale.push(other);
    else if (blocking) ahead.push(other);
  }
  return ahead.length === 0 ? { kind: "go", stale } : { kind: "wait", ahead, stale };
}

/** Who the claim is for, as other runs will read it while waiting. */
function claimantText(session: Session): string {
  const { me, context } = session;
  const parts = [me.actor && `@${me.actor}`, me.branch, me.pullRequest, context.runUrl].filter(Boolean);
  return parts.join(" · ");
}

/**
 * Runs `work` while this run holds the claim on `row` (steps 1–6 above). `work` reads the row
 * again and writes it; the claim is deleted afterwards whatever happened (cancel included).
 */
export async function withClaim<T>(session: Session, row: EnvRow, work: () => Promise<T>): Promise<T> {
  const { api, clock, log } = session;
  const nonce = randomUUID();
  const who = claimantText(session);
  const readClaims = async () => (await api.listParagraphs(row.pageId)).flatMap((p) => parseClaim(p) ?? []);
  let changedAt = clock.now();
  const blockId = await exactlyOnce({
    what: `claim ${row.environment}`,
    attempt: () => api.appendParagraph(row.pageId, claimText(nonce, undefined, who)),
    readBack: async () => (await readClaims()).find((claim) => claim.nonce === nonce)?.blockId,
    clock,
    log,
    attempts: 3,
  });
  const key = `claim:${blockId}`;
  session.journal?.inFlight(
    key,
    `a claim on ${row.environment} (a paragraph in its Notion row, deleted when the run ends; other runs ignore it after ${CLAIM_LEASE_MS / 60_000} minutes)`,
  );
  try {
    const ticket = highestTicket((await readClaims()).filter((claim) => claim.blockId !== blockId)) + 1;
    let beat = 0;
    /** Rewrites the claim (ticket, heartbeat); what others time a dead claim from. */
    const rewrite = async () => {
      const sent = clock.now();
      await api.updateParagraph(blockId, claimText(nonce, ticket, who, beat));
      changedAt = sent;
      beat += 1;
    };
    await rewrite();
    await waitForTurn(session, row, { blockId, ticket }, readClaims, () =>
      clock.now() - changedAt >= HEARTBEAT_MS ? rewrite() : Promise.resolve(),
    );
    if (clock.now() - changedAt > WRITE_WITHIN_MS) {
      throw new NotionFailure(
        `Taking the claim on ${row.environment} took over ${WRITE_WITHIN_MS / 1000}s; nothing was written, so no other run's write can overlap this one.`,
        { hint: "Notion was slow; re-run the job." },
      );
    }
    return await work();
  } finally {
    try {
      await api.deleteBlock(blockId);
      session.journal?.settled(key);
    } catch (error) {
      log.warning(
        `Could not delete the claim on ${row.environment} (${error instanceof Error ? error.message : String(error)}); other runs ignore it after ${CLAIM_LEASE_MS / 60_000} minutes.`,
      );
    }
  }
}

async function waitForTurn(
  session: Session,
  row: EnvRow,
  mine: { blockId: string; ticket: number },
  readClaims: () => Promise<Claim[]>,
  heartbeat: () => Promise<void>,
): Promise<void> {
  const { clock, log } = session;
  const started = clock.now();
  let sightings: Sightings = new Map();
  let pause = FIRST_POLL_MS;
  let told = "";
  for (;;) {
    const claims = await readClaims();
    const now = clock.now();
    sightings = observe(sightings, claims, now);
    const verdict = judgeClaims(claims, mine, sightings, now);
    if (verdict.kind === "lost") {
      throw new NotionFailure(
        `The claim on ${row.environment} was removed by another run (it took this run for dead); nothing was written.`,
        { hint: "Re-run the job." },
      );
    }
    for (const dead of verdict.stale) {
      log.warning(
        logText(
          `Deleting a claim on ${row.environment} unchanged for ${CLAIM_LEASE_MS / 60_000} minutes (its run died): ${dead.who}`,
        ),
      );
      await session.api.deleteBlock(dead.blockId).catch(() => undefined);
    }
    if (verdict.kind === "go") return;
    const waitingFor = verdict.ahead.map((claim) => claim.who).join("; ");
    if (waitingFor !== told) {
      log.info(logText(`${row.environment} was claimed first by ${waitingFor}; waiting for that run to finish.`));
      told = waitingFor;
    }
    if (now - started > MAX_WAIT_MS) {
      throw new NotionFailure(
        `${row.environment} was claimed by other runs for over ${MAX_WAIT_MS / 60_000} minutes (${waitingFor}); nothing was written.`,
        { hint: "Re-run the job once they have finished." },
      );
    }
    await clock.sleep(pause);
    pause = Math.min(pause * 2, MAX_POLL_MS);
    await heartbeat();
  }
}
