// Reads the token counts out of an Anthropic Messages answer as its bytes go
// by to the client, without holding or decoding the answer: a pass-through
// backend pipes it byte for byte and still logs what it cost.

/** Usage as Anthropic reports it; a field is absent when the upstream did not report it. */
export interface TokenCounts {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

type CountField = keyof TokenCounts;

const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

// What is searched for: the `"usage"` key as JSON writes it (inside a string
// its quotes would be escaped, so text that mentions usage never matches),
// less its opening quote, checked apart. Searches go from their first byte,
// and `"` is among the most frequent bytes of JSON: with it a chunk's search
// costs several times more.
const USAGE_KEY = Buffer.from('usage"');
const DATA_FIELD = Buffer.from('data:');
const TYPE_KEY = Buffer.from('"type"');
const MESSAGE_START = Buffer.from('"message_start"');
const MESSAGE_DELTA = Buffer.from('"message_delta"');
// The four names have four lengths: a key's length says which it can be.
const FIELD_BY_LENGTH = new Map<number, { name: CountField; bytes: Buffer }>(
  (['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const).map((name) => [name.length, { name, bytes: Buffer.from(name) }]),
);
// A usage line (message_start, message_delta) is well under a kilobyte; a
// line longer than this is content, and is not kept across chunks.
const MAX_KEPT_LINE = 64 * 1024;
/** How much of a JSON answer is kept to be read at its end. */
export const JSON_TAP_LIMIT = 1024 * 1024;

/**
 * An event stream's usage: `message.usage` of `message_start`, then the
 * cumulative `usage` of each `message_delta` (later values replace earlier
 * ones). A chunk costs one native search for the `"usage"` key and one for
 * its last line break; only lines holding the key are read (two in a normal
 * answer), their usage object scanned in place rather than the line parsed.
 * The one line a chunk ends inside is kept, as views on the chunks, for the
 * next chunk to finish. Lines end with LF or CRLF (what Anthropic and LiteLLM send).
 */
export class EventStreamUsageTap {
  private counts: TokenCounts | undefined;
  /** The unfinished line the last chunk ended in, when it is short enough to be a usage line. */
  private open: Buffer[] = [];
  private openBytes = 0;
  /** Whether the one kept piece holds the key (known from the chunk's own search). */
  private openHasKey = false;
  /** Inside a line too long to keep: the rest of it, up to its line break, is ignored. */
  private skipping = false;

  see(chunk: Buffer): void {
    let at: number;
    let from = 0;
    if (this.openBytes > 0 || this.skipping) {
      const lf = chunk.indexOf(LF);
      if (lf < 0) {
        this.keep(chunk, false);
        return;
      }
      at = chunk.indexOf(USAGE_KEY);
      this.finishOpenLine(chunk, lf, at >= 0 && at < lf);
      from = lf + 1;
      if (at >= 0 && at < from) at = chunk.indexOf(USAGE_KEY, from);
    } else {
      at = chunk.indexOf(USAGE_KEY);
    }
    while (at >= 0) {
      const end = chunk.indexOf(LF, at + USAGE_KEY.length);
      // In the line the chunk ends inside: read once the next chunk finishes it.
      if (end < 0) break;
      this.readLine(chunk, chunk.lastIndexOf(LF, at) + 1, end, at);
      at = chunk.indexOf(USAGE_KEY, end + 1);
    }
    const rest = chunk.lastIndexOf(LF) + 1;
    if (rest < chunk.length) this.keep(rest === 0 ? chunk : chunk.subarray(rest), at >= 0);
  }

  /** The counts seen so far, or undefined when no usage came. */
  read(): TokenCounts | undefined {
    return this.counts;
  }

  private keep(piece: Buffer, hasKey: boolean): void {
    if (this.skipping) return;
    if (this.openBytes + piece.length > MAX_KEPT_LINE) {
      this.open = [];
      this.openBytes = 0;
      this.skipping = true;
      return;
    }
    this.open.push(piece);
    this.openBytes += piece.length;
    this.openHasKey = hasKey;
  }

  /** The kept line ends at `chunk[lf]`: read when the key is in it. */
  private finishOpenLine(chunk: Buffer, lf: number, headHasKey: boolean): void {
    const pieces = this.open;
    this.open = [];
    this.openBytes = 0;
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    if (pieces.length === 1 && !this.openHasKey && !headHasKey && !keySpans(pieces[0]!, chunk, lf)) return;
    pieces.push(chunk.subarray(0, lf));
    const line = Buffer.concat(pieces);
    const at = line.indexOf(USAGE_KEY);
    if (at >= 0) this.readLine(line, 0, line.length, at);
  }

  /** A `data:` line of message_start or message_delta, from `start` to `end`; the search found `usage"` at `at`. */
  private readLine(bytes: Buffer, start: number, end: number, at: number): void {
    if (bytes.compare(DATA_FIELD, 0, DATA_FIELD.length, start, start + DATA_FIELD.length) !== 0) return;
    while (bytes[at - 1] !== QUOTE || at <= start) {
      at = bytes.indexOf(USAGE_KEY, at + 1);
      if (at < 0 || at >= end) return;
    }
    const type = leadingType(bytes, start + DATA_FIELD.length, end);
    if (type !== undefined) {
      const counts: TokenCounts = {};
      if (readCounts(bytes, valueAfterKey(bytes, at + USAGE_KEY.length, end), end, counts) >= 0) {
        if (type !== 'other' && hasCounts(counts)) this.counts = Object.assign(this.counts ?? {}, counts);
        return;
      }
    }
    // Not in the shape Anthropic and LiteLLM write (type first, plain counts): the line is parsed.
    let event: { type?: unknown; message?: { usage?: unknown }; usage?: unknown };
    try {
      // JSON takes a CR before the LF as whitespace.
      event = JSON.parse(bytes.toString('utf8', start + DATA_FIELD.length, end));
    } catch {
      return;
    }
    if (event?.type === 'message_start') this.counts = takeCounts(this.counts, event.message?.usage);
    else if (event?.type === 'message_delta') this.counts = takeCounts(this.counts, event.usage);
  }
}

/**
 * A JSON answer's top-level `usage`: its chunks are kept (up to
 * JSON_TAP_LIMIT bytes; past that nothing is read) and read once, at the end.
 * Anthropic writes `usage` last: found there it is scanned in place, and any
 * other answer is parsed.
 */
export class JsonUsageTap {
  private chunks: Buffer[] = [];
  private bytes = 0;

  see(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.bytes <= JSON_TAP_LIMIT) this.chunks.push(chunk);
    else this.chunks = [];
  }

  /** Reads what was kept (once: the chunks are let go). */
  read(): TokenCounts | undefined {
    const chunks = this.chunks;
    this.chunks = [];
    if (chunks.length === 0 || this.bytes > JSON_TAP_LIMIT) return undefined;
    const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    const at = bytes.lastIndexOf(USAGE_KEY);
    if (at < 0) return undefined;
    if (bytes[at - 1] !== QUOTE) return parsedUsage(bytes);
    const counts: TokenCounts = {};
    const after = readCounts(bytes, valueAfterKey(bytes, at + USAGE_KEY.length, bytes.length), bytes.length, counts);
    if (after >= 0 && endsTopLevel(bytes, after)) return hasCounts(counts) ? counts : undefined;
    return parsedUsage(bytes);
  }
}

function parsedUsage(bytes: Buffer): TokenCounts | undefined {
  try {
    return takeCounts(undefined, (JSON.parse(bytes.toString('utf8')) as { usage?: unknown })?.usage);
  } catch {
    return undefined;
  }
}

function hasCounts(counts: TokenCounts): boolean {
  for (const _ in counts) return true;
  return false;
}

/** Whether only the top-level object's closing `}` (and spaces) follow `i`: what comes before it is the last top-level key. */
function endsTopLevel(bytes: Buffer, i: number): boolean {
  const close = skipSpace(bytes, i, bytes.length);
  return bytes[close] === CLOSE_OBJECT && skipSpace(bytes, close + 1, bytes.length) === bytes.length;
}

/** Copies the counts that are whole non-negative numbers from a parsed `usage` onto `into`. */
function takeCounts(into: TokenCounts | undefined, usage: unknown): TokenCounts | undefined {
  if (typeof usage !== 'object' || usage === null) return into;
  for (const { name } of FIELD_BY_LENGTH.values()) {
    const value = (usage as Record<string, unknown>)[name];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) (into ??= {})[name] = value;
  }
  return into;
}

/** Whether the key starts at the end of `left` and ends in `right` before `rightEnd`. */
function keySpans(left: Buffer, right: Buffer, rightEnd: number): boolean {
  const length = USAGE_KEY.length;
  for (let inLeft = Math.min(length - 1, left.length); inLeft >= 1; inLeft--) {
    if (rightEnd < length - inLeft) continue;
    let same = true;
    for (let i = 0; i < length && same; i++) same = (i < inLeft ? left[left.length - inLeft + i] : right[i - inLeft]) === USAGE_KEY[i];
    if (same) return true;
  }
  return false;
}

function skipSpace(bytes: Buffer, i: number, end: number): number {
  while (i < end) {
    const c = bytes[i];
    if (c !== SPACE && c !== TAB && c !== CR && c !== LF) break;
    i++;
  }
  return i;
}

function matches(bytes: Buffer, at: number, expected: Buffer): boolean {
  if (at + expected.length > bytes.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[at + i] !== expected[i]) return false;
  return true;
}

/**
 * The event type when the JSON from `i` opens with `{"type":"message_start"`
 * or `"message_delta"` (`other` for another type), or undefined when it does
 * not begin with its type.
 */
function leadingType(bytes: Buffer, i: number, end: number): 'message_start' | 'message_delta' | 'other' | undefined {
  i = skipSpace(bytes, i, end);
  if (bytes[i] !== OPEN_OBJECT) return undefined;
  i = skipSpace(bytes, i + 1, end);
  if (!matches(bytes, i, TYPE_KEY)) return undefined;
  i = valueAfterKey(bytes, i + TYPE_KEY.length, end);
  if (matches(bytes, i, MESSAGE_START)) return 'message_start';
  if (matches(bytes, i, MESSAGE_DELTA)) return 'message_delta';
  return bytes[i] === QUOTE ? 'other' : undefined;
}

/** Where the value of the key that ended at `i` begins (past `:` and spaces), or `end`. */
function valueAfterKey(bytes: Buffer, i: number, end: number): number {
  i = skipSpace(bytes, i, end);
  return bytes[i] === COLON ? skipSpace(bytes, i + 1, end) : end;
}

/** Past the JSON string whose opening quote is at `i`, or -1. */
function skipString(bytes: Buffer, i: number, end: number): number {
  for (i++; i < end; i++) {
    const c = bytes[i];
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return -1;
}

/** Past the JSON value at `i` (nesting and strings honoured), or -1. */
function skipValue(bytes: Buffer, i: number, end: number): number {
  const first = bytes[i];
  if (first === QUOTE) return skipString(bytes, i, end);
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    let depth = 0;
    while (i < end) {
      const c = bytes[i];
      if (c === QUOTE) {
        i = skipString(bytes, i, end);
        if (i < 0) return -1;
        continue;
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
      else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && --depth === 0) return i + 1;
      i++;
    }
    return -1;
  }
  while (i < end) {
    const c = bytes[i];
    if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || c === SPACE || c === TAB || c === CR || c === LF) return i;
    i++;
  }
  return -1;
}

/** Which count a key (its text from `start` to `end`, quotes excluded) names, if any. */
function countField(bytes: Buffer, start: number, end: number): CountField | undefined {
  const field = FIELD_BY_LENGTH.get(end - start);
  return field && matches(bytes, start, field.bytes) ? field.name : undefined;
}

/**
 * Reads the counts of the usage object whose `{` is at `i` into `into`, in
 * place (no parse, no copy). Returns the index past its `}`, or -1 when it
 * is not JSON of the plain shape this reads.
 */
function readCounts(bytes: Buffer, i: number, end: number, into: TokenCounts): number {
  if (bytes[i] !== OPEN_OBJECT) return -1;
  i = skipSpace(bytes, i + 1, end);
  if (bytes[i] === CLOSE_OBJECT) return i + 1;
  for (;;) {
    if (bytes[i] !== QUOTE) return -1;
    const keyEnd = skipString(bytes, i, end);
    if (keyEnd < 0) return -1;
    const field = countField(bytes, i + 1, keyEnd - 1);
    i = valueAfterKey(bytes, keyEnd, end);
    const valueStart = i;
    let count = 0;
    while (i < end && bytes[i]! >= DIGIT_0 && bytes[i]! <= DIGIT_9) count = count * 10 + bytes[i++]! - DIGIT_0;
    const next = bytes[i];
    if (i > valueStart && (next === COMMA || next === CLOSE_OBJECT || next === SPACE || next === TAB || next === CR || next === LF)) {
      if (field) into[field] = count;
    } else {
      // Not a whole non-negative number (a fraction, a sign, null, a nested object): not a count.
      i = skipValue(bytes, valueStart, end);
      if (i < 0) return -1;
    }
    i = skipSpace(bytes, i, end);
    if (bytes[i] === COMMA) i = skipSpace(bytes, i + 1, end);
    else return bytes[i] === CLOSE_OBJECT ? i + 1 : -1;
  }
}
