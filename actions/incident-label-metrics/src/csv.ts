/**
 * One CSV cell (RFC 4180 quoting), safe to open in a spreadsheet: a text that starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return would be read as a formula (OWASP "CSV injection"), so it
 * gets a leading `'`. Numbers and booleans are written as they are: a negative number is data.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV line from cells. */
export function csvRow(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(",");
}
