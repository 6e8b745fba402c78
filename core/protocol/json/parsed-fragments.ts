// Claude Code sends the whole conversation on every turn: its tools, its
// system prompt and every earlier message come back byte for byte, and only
// the newest turns are new. A reader that has parsed those bytes once can take
// their value from here instead of parsing them again.

interface Entry {
  bytes: Buffer;
  value: unknown;
}

export interface ParsedFragmentsOptions {
  /**
   * Most bytes remembered: each text, plus ENTRY_COST_BYTES for what comes
   * with it. The least recently used goes first. Parsed values take about
   * twice their text again.
   */
  budgetBytes: number;
  /** Shorter text is parsed again: finding it would cost as much. */
  minBytes?: number;
}

/** Read whole at the start of a text, where what tells turns and tools apart (role, type, id, name) usually is. */
const HEAD_BYTES = 64;
const SAMPLED_BYTES = 16;
/** Texts kept per fingerprint: a body built to collide must not make every lookup a long search. */
const MAX_TEXTS_PER_FINGERPRINT = 8;
/** The entry, its buffer object and the parsed value's own objects, roughly: small texts must not be counted as free. */
const ENTRY_COST_BYTES = 256;

/**
 * Parsed JSON values found again by their exact bytes. The values are shared
 * by every reader that meets the same bytes, so they are frozen when
 * remembered. Values come from one decoding: use one memo per encoding.
 */
export class ParsedFragments {
  readonly minBytes: number;
  private readonly budgetBytes: number;
  private readonly largestBytes: number;
  /** By fingerprint; several texts can share one. Map order is recency of use. */
  private readonly entries = new Map<number, Entry[]>();
  private usedBytes = 0;

  constructor({ budgetBytes, minBytes = 64 }: ParsedFragmentsOptions) {
    this.budgetBytes = budgetBytes;
    this.minBytes = minBytes;
    // One huge fragment would push everything else out for a single hit.
    this.largestBytes = Math.floor(budgetBytes / 8);
  }

  get sizeBytes(): number {
    return this.usedBytes;
  }

  /** The value remembered for the bytes `raw[start, end)`, if they were met before. */
  find(raw: Buffer, start: number, end: number): unknown {
    const length = end - start;
    if (length < this.minBytes || length > this.largestBytes) return undefined;
    const key = fingerprint(raw, start, end);
    const bucket = this.entries.get(key);
    if (!bucket) return undefined;
    for (const entry of bucket) {
      if (entry.bytes.length === length && entry.bytes.compare(raw, start, end) === 0) {
        this.entries.delete(key);
        this.entries.set(key, bucket);
        return entry.value;
      }
    }
    return undefined;
  }

  /** Remembers `value` as what `raw[start, end)` parses to (when worth it), and returns it, frozen if remembered. */
  remember<T>(raw: Buffer, start: number, end: number, value: T): T {
    const length = end - start;
    if (length < this.minBytes || length > this.largestBytes) return value;
    // Not from Buffer's shared pool: a remembered slice would keep its whole 8 KB slab alive.
    const bytes = Buffer.allocUnsafeSlow(length);
    raw.copy(bytes, 0, start, end);
    this.add(fingerprint(raw, start, end), { bytes, value: deepFreeze(value) });
    return value;
  }

  private add(key: number, entry: Entry): void {
    const bucket = this.entries.get(key) ?? [];
    this.entries.delete(key);
    if (bucket.length === MAX_TEXTS_PER_FINGERPRINT) this.usedBytes -= costOf(bucket.shift()!);
    bucket.push(entry);
    this.entries.set(key, bucket);
    this.usedBytes += costOf(entry);
    for (const [oldest, entries] of this.entries) {
      if (this.usedBytes <= this.budgetBytes) break;
      this.entries.delete(oldest);
      for (const dropped of entries) this.usedBytes -= costOf(dropped);
    }
  }
}

function costOf(entry: Entry): number {
  return entry.bytes.length + ENTRY_COST_BYTES;
}

/**
 * The length, the first bytes and a few more spread over the text: enough to
 * tell most texts apart without reading all of them. Texts that share one are
 * told apart by a full comparison.
 */
function fingerprint(raw: Buffer, start: number, end: number): number {
  const last = end - start - 1;
  let hash = last;
  const headEnd = Math.min(end, start + HEAD_BYTES);
  for (let i = start; i < headEnd; i += 1) hash = Math.imul(hash ^ raw[i]!, 0x9e3779b1);
  for (let i = 0; i < SAMPLED_BYTES; i += 1) {
    hash = Math.imul(hash ^ raw[start + (((last * i) / (SAMPLED_BYTES - 1)) | 0)]!, 0x9e3779b1);
  }
  return hash;
}

/** Without recursion: parsed JSON can nest deeper than the stack goes. */
function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (item === null || typeof item !== 'object' || Object.isFrozen(item)) continue;
    Object.freeze(item);
    for (const key in item) pending.push((item as Record<string, unknown>)[key]);
  }
  return value;
}
