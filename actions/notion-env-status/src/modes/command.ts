import { codeSpan, isoInZone, markdownText } from "@sre-actions/core";
import { type Cell, properties } from "../cells.js";
import { type Command, closestNames, type Verdict } from "../command.js";
import { conflictOf } from "../conflict.js";
import { activeHolder, type Claimant, describeClaimant, isFree, rowClaimant, sameClaimant } from "../holder.js";
import type { ConflictPolicy } from "../inputs.js";
import { deployedByCell } from "../people.js";
import { displayTime, pullLabel, pullText } from "../render.js";
import { wholeSecond } from "../reservation.js";
import type { EnvRow } from "../rows.js";
import { decideUnderClaim, type ModeResult, queryRows, type RowPlan, type Session, toRow } from "../session.js";
import { freeEach, freeRow } from "./release.js";

/** The `/env` commands that read or write the board. */
export type BoardCommand = Extract<Command, { kind: "reserve" | "extend" | "release" | "list" }>;

export interface CommandRequest {
  command: BoardCommand;
  /** The length of a reservation or extension the command does not give. */
  reserveForMs: number;
  onConflict: ConflictPolicy;
  allowForce: boolean;
}

/**
 * One command against the board: a single query for every row (so a typo gets the closest names
 * and `release all` finds this PR's rows), then at most one write per row concerned.
 */
export async function command(session: Session, request: CommandRequest): Promise<ModeResult> {
  const rows = await queryRows(session);
  rows.sort((a, b) => a.environment.localeCompare(b.environment, "en", { numeric: true }));
  const { command } = request;
  if (command.kind === "list") return list(session, rows);
  if (command.kind === "release" && command.environment === undefined) return releaseAll(session, rows);
  const name = command.environment ?? "";
  const row = rows.find((candidate) => candidate.environment.toLowerCase() === name.toLowerCase());
  if (row === undefined) {
    const names = closestNames(
      name,
      rows.map((candidate) => candidate.environment),
    );
    const hint = names.length === 0 ? "" : ` Did you mean ${names.map((n) => bold(n)).join(", ")}?`;
    return answer("refused", `There is no environment ${bold(name)} in the board.${hint}`, []);
  }
  switch (command.kind) {
    case "reserve":
      return reserve(session, request, command, row);
    case "extend":
      return extend(session, request, command, row);
    case "release":
      return releaseOne(session, row);
  }
}

/** `text` is Markdown whose outside parts are already escaped; the outcome (for the log) is its plain reading. */
function answer(verdict: Verdict, text: string, rows: EnvRow[], extra: Partial<ModeResult> = {}): ModeResult {
  return { outcome: plainReading(text), answer: { verdict, text }, rows, ...extra };
}

/** Bold Markdown of outside text (an environment name from Notion or a comment): never a link or a mention. */
function bold(text: string): string {
  return `**${markdownText(text)}**`;
}

/** The answer without its Markdown: bold markers and escapes dropped, for the log and the outcome. */
function plainReading(markdown: string): string {
  return markdown
    .replace(/\*\*/g, "")
    .replace(/\\([\\`*_[\]<>#!~])/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/@\u200b/g, "@");
}

function mine(session: Session, row: EnvRow): boolean {
  const claimant = rowClaimant(row);
  return claimant !== undefined && !isFree(row, session.schema.statusNames.free) && sameClaimant(claimant, session.me);
}

/**
 * `@bob (#8, \`feature/cart\`) until 2026-11-27 09:00 UTC`; without a name, `#8 (\`feature/cart\`) …`.
 * Every part comes from the Notion row: escaped Markdown, the branch in a code span it cannot close.
 */
function holderText(session: Session, holder: Claimant, until: number | undefined): string {
  const pull = holder.pullRequest === undefined ? undefined : pullText(holder.pullRequest);
  const branch = holder.branch === undefined ? undefined : codeSpan(holder.branch);
  const actor = holder.actor === undefined ? undefined : markdownText(holder.actor);
  const [who = "someone", ...rest] = [actor, pull, branch].filter((part) => part !== undefined);
  const when = until === undefined ? "" : ` until ${displayTime(until, session.timeZone)}`;
  return `${who}${rest.length === 0 ? "" : ` (${rest.join(", ")})`}${when}`;
}

function thisPr(session: Session): string {
  return session.me.pullRequest === undefined ? "this PR" : pullLabel(session.me.pullRequest);
}

async function reserve(
  session: Session,
  request: CommandRequest,
  command: Extract<Command, { kind: "reserve" }>,
  row: EnvRow,
): Promise<ModeResult> {
  return decideUnderClaim<ModeResult>(
    session,
    row,
    (current) => planReserve(session, request, command, current),
    () => answer("refused", `The ${bold(row.environment)} row was deleted meanwhile; nothing changed.`, []),
  );
}

function planReserve(
  session: Session,
  request: CommandRequest,
  command: Extract<Command, { kind: "reserve" }>,
  row: EnvRow,
): RowPlan<ModeResult> {
  const now = session.clock.now();
  const free = session.schema.statusNames.free;
  const conflict = conflictOf(row, session.me, free, now, request.onConflict);
  const forced = command.force && request.allowForce;
  const env = bold(row.environment);
  if (conflict !== undefined && conflict.policy !== "override" && !forced) {
    const why = command.force
      ? " `--force` is switched off here (allow-force: false)."
      : request.allowForce
        ? " Ask the holder, or add `--force` to take it over."
        : " Ask the holder to release it.";
    return {
      done: answer(
        "refused",
        `${env} is reserved by ${holderText(session, conflict.holder, conflict.until)}.${why}`,
        [row],
        {
          conflict: { ...conflict, blocked: true },
          page: { id: row.pageId, url: row.url },
        },
      ),
    };
  }
  const keepStatus = mine(session, row);
  if (!keepStatus && session.schema.missingStatuses.includes("reserved")) {
    return {
      done: answer(
        "refused",
        `The status column has no ${bold(session.schema.statusNames.reserved)} option, so the board cannot show a reservation. Add it in Notion (click the column name → Edit property → Add option); the API cannot create status options.`,
        [row],
      ),
    };
  }
  return {
    write: async () => {
      const until = wholeSecond(now + (command.forMs ?? request.reserveForMs));
      const login = session.context.actor;
      const zone = session.timeZone;
      const note =
        conflict === undefined
          ? `Reserved by @${login} for ${thisPr(session)}${command.reason === undefined ? "" : `: ${command.reason}`}`
          : `Taken over from ${describeClaimant(conflict.holder)}${conflict.until === undefined ? "" : ` (reserved until ${isoInZone(conflict.until, zone)})`} by @${login} at ${isoInZone(now, zone)}${command.reason === undefined ? "" : `: ${command.reason}`}`;
      const cells: Record<string, Cell> = {
        ...(keepStatus ? {} : { status: { option: session.schema.statusNames.reserved } }),
        branch: { text: session.me.branch ?? "" },
        "pull-request": session.me.pullRequest === undefined ? null : { text: session.me.pullRequest },
        "deployed-by": await deployedByCell(session, login),
        "reserved-until": { date: until },
        note: { text: note },
      };
      const page = await session.api.updatePage({
        page_id: row.pageId,
        properties: properties(session.schema, cells, zone),
      });
      const written = toRow(session, page);
      const source = command.forMs === undefined ? "input reserve-for" : "the command";
      const taken =
        conflict === undefined ? "" : ` (taken over from ${holderText(session, conflict.holder, undefined)})`;
      return answer(
        "done",
        `Reserved ${env} for ${thisPr(session)} until **${displayTime(until, zone)}**${taken}.`,
        [written],
        {
          page: { id: page.id, url: page.url },
          conflict,
          previousHolder: conflict?.holder,
          reservation: { until, source, badLabels: [] },
        },
      );
    },
  };
}

async function extend(
  session: Session,
  request: CommandRequest,
  command: Extract<Command, { kind: "extend" }>,
  row: EnvRow,
): Promise<ModeResult> {
  return decideUnderClaim<ModeResult>(
    session,
    row,
    (current) => planExtend(session, request, command, current),
    () => answer("refused", `The ${bold(row.environment)} row was deleted meanwhile; nothing changed.`, []),
  );
}

function planExtend(
  session: Session,
  request: CommandRequest,
  command: Extract<Command, { kind: "extend" }>,
  row: EnvRow,
): RowPlan<ModeResult> {
  const now = session.clock.now();
  const free = session.schema.statusNames.free;
  const env = bold(row.environment);
  if (!mine(session, row)) {
    const holder = activeHolder(row, free, now);
    const text =
      holder === undefined
        ? `${env} is not reserved by ${thisPr(session)}: ${codeSpan(`/env reserve ${row.environment}`)} reserves it.`
        : `${env} is reserved by ${holderText(session, holder, row.reservedUntil)}; only its holder can extend it.`;
    return { done: answer("refused", text, [row], { page: { id: row.pageId, url: row.url } }) };
  }
  return {
    write: async () => {
      // From the current end (or now, when it has passed): "by 1d" adds a day to what the row says.
      const from = Math.max(now, row.reservedUntil ?? now);
      const until = wholeSecond(from + (command.byMs ?? request.reserveForMs));
      const page = await session.api.updatePage({
        page_id: row.pageId,
        properties: properties(session.schema, { "reserved-until": { date: until } }, session.timeZone),
      });
      return answer(
        "done",
        `Extended ${env} for ${thisPr(session)} until **${displayTime(until, session.timeZone)}**.`,
        [toRow(session, page)],
        {
          page: { id: page.id, url: page.url },
          reservation: {
            until,
            source: command.byMs === undefined ? "input reserve-for" : "the command",
            badLabels: [],
          },
        },
      );
    },
  };
}

async function releaseOne(session: Session, row: EnvRow): Promise<ModeResult> {
  const free = session.schema.statusNames.free;
  const env = bold(row.environment);
  return decideUnderClaim<ModeResult>(
    session,
    row,
    (current): RowPlan<ModeResult> => {
      if (isFree(current, free)) return { done: answer("done", `${env} is already free.`, [current]) };
      if (!mine(session, current)) {
        const holder = rowClaimant(current);
        const by = holder === undefined ? "someone else" : holderText(session, holder, current.reservedUntil);
        return {
          done: answer("refused", `${env} is held by ${by}, not by ${thisPr(session)}; it stays as it is.`, [current]),
        };
      }
      return {
        write: async () => {
          const freed = await freeRow(session, current);
          return answer("done", `Released ${env}: it is ${markdownText(free)} again.`, [freed], {
            page: { id: freed.pageId, url: freed.url },
          });
        },
      };
    },
    () => answer("done", `The ${env} row was deleted meanwhile; nothing to release.`, []),
  );
}

async function releaseAll(session: Session, rows: EnvRow[]): Promise<ModeResult> {
  const held = rows.filter((row) => mine(session, row));
  if (held.length === 0) return answer("done", `${thisPr(session)} holds no environment.`, []);
  const freed = await freeEach(session, held, (row) => mine(session, row));
  if (freed.length === 0) return answer("done", `${thisPr(session)} holds no environment any more.`, []);
  const names = freed.map((row) => bold(row.environment)).join(", ");
  return answer("done", `Released ${names}: free again.`, freed);
}

function list(session: Session, rows: EnvRow[]): ModeResult {
  const free = session.schema.statusNames.free;
  const now = session.clock.now();
  const reserved = rows.filter((row) => activeHolder(row, free, now) !== undefined).length;
  const idle = rows.filter((row) => isFree(row, free)).length;
  return answer(
    "done",
    `${rows.length} environments: ${reserved} reserved, ${idle} free, ${rows.length - reserved - idle} expired or unclaimed.`,
    rows,
    { board: true },
  );
}
