/**
 * The logical fields the action reads and writes, the column each maps to by default and the
 * Notion property types it accepts (the first is what the README recommends).
 */
export const FIELDS = {
  environment: { column: "Environment", types: ["title"], required: true },
  status: { column: "Status", types: ["status", "select"], required: true },
  branch: { column: "Branch", types: ["rich_text"], required: true },
  "pull-request": { column: "Pull request", types: ["url", "rich_text"], required: false },
  commit: { column: "Commit", types: ["rich_text", "url"], required: false },
  "deployed-by": { column: "Deployed by", types: ["people", "rich_text"], required: false },
  "deployed-at": { column: "Deployed at", types: ["date"], required: false },
  "reserved-until": { column: "Reserved until", types: ["date"], required: true },
  run: { column: "Run", types: ["url", "rich_text"], required: false },
  note: { column: "Note", types: ["rich_text"], required: false },
} as const satisfies Record<string, { column: string; types: readonly string[]; required: boolean }>;

export type Field = keyof typeof FIELDS;
export const FIELD_NAMES = Object.keys(FIELDS) as Field[];

/** Field → column name; a column mapped to "" is switched off (optional fields only). */
export type PropertyMap = Record<Field, string | undefined>;

/** The Status options the action writes; matched case-insensitively against the column's options. */
export const STATUS_NAMES = {
  free: "Free",
  deploying: "Deploying",
  deployed: "Deployed",
  failed: "Failed",
  /** Held by a `/env reserve` before anything is deployed. */
  reserved: "Reserved",
} as const;

export type StatusKey = keyof typeof STATUS_NAMES;
