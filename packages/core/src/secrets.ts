/**
 * The words that make an environment variable's value secret. A name matches when one of its words
 * (split at `_`, `-`, `.` and lower→upper case changes) starts or ends with one of them: `JWT_SIGNING_KEY`,
 * `RAILS_MASTER_KEY`, `apiKey`, `PASSWD`, `DB_PASSWORDS`. This errs towards hiding (`AUTHOR` and `MONKEY`
 * match too): a hidden harmless value costs little, a printed key costs a rotation.
 */
export const SECRET_WORDS = [
  "KEY",
  "SECRET",
  "TOKEN",
  "PASSWORD",
  "PASS",
  "CREDENTIAL",
  "PRIVATE",
  "SIGNING",
  "CERT",
  "AUTH",
  "DSN",
  "COOKIE",
  "SALT",
  // Kept from the earlier rule: connection strings and session stores carry credentials.
  "SESSION",
  "PWD",
] as const;

/** Whole names that hold credentials without a secret word in them. */
const SECRET_NAMES = new Set(["DATABASE_URL", "REDIS_URL", "MONGODB_URI", "AMQP_URL"]);

/** Whether a variable's value must be hidden in logs, summaries, outputs and comments. */
export function looksSecret(name: string): boolean {
  const upper = name.toUpperCase();
  if (SECRET_NAMES.has(upper)) return true;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((word) => word !== "");
  return words.some((word) => SECRET_WORDS.some((secret) => word.startsWith(secret) || word.endsWith(secret)));
}
