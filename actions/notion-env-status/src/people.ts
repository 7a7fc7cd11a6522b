import { logText } from "@sre-actions/core";
import type { Cell } from "./cells.js";
import type { Session } from "./session.js";

/**
 * The deployed-by cell for a GitHub login: a Notion person when user-map names one (an email
 * costs one users.list lookup), else the text `@login` (a people column is then left empty).
 */
export async function deployedByCell(session: Session, login: string): Promise<Cell> {
  const text = `@${login}`;
  const mapped = session.userMap.get(login.toLowerCase());
  const column = session.schema.columns["deployed-by"];
  if (column?.type !== "people") return { people: [], text };
  if (mapped === undefined) {
    session.log.info(logText(`${text} has no Notion user in user-map; the "${column.name}" column is left empty.`));
    return { people: [], text };
  }
  if ("id" in mapped) return { people: [mapped.id], text };
  const id = await session.api.findUserByEmail(mapped.email);
  if (id === undefined) {
    session.log.warning(
      `user-map: no Notion member has the email ${mapped.email} (for ${text}); "${column.name}" is left empty.`,
    );
    return { people: [], text };
  }
  return { people: [id], text };
}
