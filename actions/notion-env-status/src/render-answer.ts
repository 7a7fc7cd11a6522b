import { codeSpan, heading, markdownText, sections, table } from "@sre-actions/core";
import { COMMAND_HELP, type Verdict } from "./command.js";
import { COMMENT_MARKER } from "./marker.js";
import { displayTime, environmentView, ROW_HEADERS, rowCells } from "./render.js";
import type { NotionEnvStatusResult } from "./result.js";

const ICON: Record<Verdict, string> = { done: "🚀", refused: "😕" };

/** The command list as a Markdown table. */
export function helpTable(): string {
  return table(
    ["Command", "What it does"],
    COMMAND_HELP.map(([command, effect]) => [`\`${command}\``, effect]),
  );
}

/** The answer to one command: what was asked, by whom, what happened; the board for list, the commands for help. */
export function answerBody(result: NotionEnvStatusResult): string {
  // The commenter's words are theirs: a code span they cannot close (no link, no mention, no HTML).
  const asked = result.command === undefined ? undefined : `> @${result.command.by}: ${codeSpan(result.command.text)}`;
  // `answer.text` is built with every outside part escaped; a bare outcome is plain text.
  const answer =
    result.answer === undefined ? markdownText(result.outcome) : `${ICON[result.answer.verdict]} ${result.answer.text}`;
  const rows = result.board
    ? table(
        ROW_HEADERS,
        result.rows.map((row) => rowCells(environmentView(row, result.now, result.freeStatus), result.timeZone)),
      )
    : undefined;
  return sections(asked, answer, result.help && helpTable(), rows);
}

/** The PR's sticky comment after a command. */
export function renderAnswer(result: NotionEnvStatusResult): string {
  return sections(
    COMMENT_MARKER,
    heading("Environment reservation", 3),
    answerBody(result),
    `<sub>Updated ${displayTime(result.now, result.timeZone)} by notion-env-status · \`/env help\` lists the commands.</sub>`,
  );
}
