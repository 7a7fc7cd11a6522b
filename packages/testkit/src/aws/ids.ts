/**
 * Identifiers in the formats AWS uses, drawn from a seeded generator so that two runs of the same
 * test see the same task ids, deployment ids and event ids.
 */
export class IdSource {
  private state: number;

  constructor(seed = 0x5eed) {
    this.state = seed >>> 0;
  }

  /** mulberry32: small, fast and good enough to look random. */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private pick(alphabet: string, length: number): string {
    let out = "";
    for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  hex(length: number): string {
    return this.pick("0123456789abcdef", length);
  }

  digits(length: number): string {
    return this.pick("123456789", 1) + this.pick("0123456789", length - 1);
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }

  /** URL-safe base64 characters, as in ECS's pause hook ids (`ecs-pause-` and 43 of them). */
  urlSafe(length: number): string {
    return this.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", length);
  }

  /** A task id: 32 lowercase hex characters. */
  taskId(): string {
    return this.hex(32);
  }

  /** A deployment id: `ecs-svc/` and 19 digits. */
  deploymentId(): string {
    return `ecs-svc/${this.digits(19)}`;
  }

  /** A private IPv4 address inside 10.0.0.0/16, for ENI attachments. */
  privateIp(): string {
    return `10.0.${Math.floor(this.next() * 254) + 1}.${Math.floor(this.next() * 254) + 1}`;
  }
}
