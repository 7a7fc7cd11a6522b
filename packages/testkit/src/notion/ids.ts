/** Notion accepts ids with or without dashes; responses always carry the dashed form. */
const DASHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLAIN = /^[0-9a-f]{32}$/i;

export function isNotionId(value: string): boolean {
  return DASHED.test(value) || PLAIN.test(value);
}

/** The dashed, lower-case form of an id, or undefined when it is not an id at all. */
export function normalizeId(value: string): string | undefined {
  if (!isNotionId(value)) return undefined;
  const hex = value.replaceAll("-", "").toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Deterministic v4-shaped ids: the first block says what kind of object it is (readable in test
 * failures), the last block counts. Same seeding → same ids in every run.
 */
export class IdSequence {
  private next = 1;

  constructor(private readonly kind: string) {
    if (!/^[0-9a-f]{8}$/.test(kind)) throw new Error(`id kind must be 8 hex digits, got ${kind}`);
  }

  take(): string {
    const n = this.next++;
    return `${this.kind}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
  }
}

/** Kinds used by the fake (hex words so a glance at an id tells what it is). */
export const ID_KINDS = {
  database: "da7aba5e",
  dataSource: "da7a5005",
  page: "9a9e0000",
  block: "b10c0000",
  user: "05e70000",
  request: "4e905700",
} as const;
