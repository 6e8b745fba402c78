// JSON.parse needs the whole body as one string. V8 puts a string over about
// 128 KB (64K characters once one is outside Latin-1, which Claude Code's
// `→` line markers are) in its large-object space, and on these machines
// making one costs about 1 ms per 100 KB: more than everything else a
// pass-through does with the request. So a large body is cut at its
// containers' own boundaries and each piece, small enough to stay out of that
// space, is decoded and parsed on its own. Only a single string value longer
// than the limit still becomes one large string.

import { isJsonSpace as isSpace, QUOTE, skipJsonSpace as skipSpace, skipJsonString } from './scan-json-bytes';

const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** Small enough that even a piece decoded to two-byte characters stays in V8's regular pages. */
export const DEFAULT_PIECE_BYTES = 48 * 1024;
/**
 * Latin-1 makes one byte one character, and a one-byte string: pieces can be
 * as large as V8's regular objects allow (128 KB), less a margin. Cutting
 * costs a scan of the bytes in JavaScript (50 us per 100 KB), so the larger
 * the better.
 */
const LATIN1_PIECE_BYTES = 120 * 1024;

export interface ParseJsonBufferOptions {
  /** Largest range parsed as one string. */
  pieceBytes?: number;
  /**
   * `latin1` reads each byte as one character: the structure, numbers and
   * ASCII text come out as UTF-8 would give them, text outside ASCII as one
   * character per byte. Several times cheaper for such text; only for callers
   * that look at the structure and never at that text.
   */
  encoding?: 'utf8' | 'latin1';
}

interface Cut {
  pieceBytes: number;
  encoding: 'utf8' | 'latin1';
}

// Each level of cutting scans its range once more, so cutting stops at this
// depth (a Messages body needs about six): deeply nested input costs a few
// passes, not one per level, and never deep recursion.
const MAX_CUT_DEPTH = 8;

class Malformed extends Error {}

function skipString(raw: Buffer, start: number, end: number): number {
  const after = skipJsonString(raw, start, end);
  if (after === -1) throw new Malformed();
  return after;
}

/** Index just past the value that starts at `start` (no leading space). */
function skipValue(raw: Buffer, start: number, end: number): number {
  const first = raw[start];
  if (first === QUOTE) return skipString(raw, start, end);
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    let i = start;
    while (i < end) {
      const byte = raw[i];
      if (byte === COMMA || byte === CLOSE_OBJECT || byte === CLOSE_ARRAY || isSpace(byte)) break;
      i += 1;
    }
    if (i === start) throw new Malformed();
    return i;
  }
  let depth = 0;
  for (let i = start; i < end; i += 1) {
    const byte = raw[i];
    if (byte === QUOTE) i = skipString(raw, i, end) - 1;
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth += 1;
    else if ((byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) && --depth === 0) return i + 1;
  }
  throw new Malformed();
}

function parsePiece(raw: Buffer, start: number, end: number, cut: Cut, depth: number): unknown {
  const first = raw[start];
  if (end - start <= cut.pieceBytes || depth >= MAX_CUT_DEPTH || (first !== OPEN_OBJECT && first !== OPEN_ARRAY)) {
    return JSON.parse(raw.toString(cut.encoding, start, end));
  }
  return first === OPEN_OBJECT ? parseObject(raw, start, end, cut, depth + 1) : parseArray(raw, start, end, cut, depth + 1);
}

/** Walks `{...}` or `[...]`, handing each member's or element's value range to `take`. */
function forEachEntry(
  raw: Buffer,
  start: number,
  end: number,
  close: number,
  take: (keyStart: number, keyEnd: number, valueStart: number, valueEnd: number) => void,
): void {
  let i = skipSpace(raw, start + 1, end);
  if (raw[i] === close) {
    if (i !== end - 1) throw new Malformed();
    return;
  }
  for (;;) {
    let keyStart = -1;
    let keyEnd = -1;
    if (close === CLOSE_OBJECT) {
      if (raw[i] !== QUOTE) throw new Malformed();
      keyStart = i;
      keyEnd = skipString(raw, i, end);
      i = skipSpace(raw, keyEnd, end);
      if (raw[i] !== COLON) throw new Malformed();
      i = skipSpace(raw, i + 1, end);
    }
    const valueEnd = skipValue(raw, i, end);
    take(keyStart, keyEnd, i, valueEnd);
    i = skipSpace(raw, valueEnd, end);
    if (raw[i] === close) {
      if (i !== end - 1) throw new Malformed();
      return;
    }
    if (raw[i] !== COMMA) throw new Malformed();
    i = skipSpace(raw, i + 1, end);
  }
}

function parseObject(raw: Buffer, start: number, end: number, cut: Cut, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  forEachEntry(raw, start, end, CLOSE_OBJECT, (keyStart, keyEnd, valueStart, valueEnd) => {
    const key = JSON.parse(raw.toString(cut.encoding, keyStart, keyEnd)) as string;
    const value = parsePiece(raw, valueStart, valueEnd, cut, depth);
    // JSON.parse makes "__proto__" an own property; plain assignment would set the prototype.
    if (key === '__proto__') Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
    else result[key] = value;
  });
  return result;
}

function parseArray(raw: Buffer, start: number, end: number, cut: Cut, depth: number): unknown[] {
  const result: unknown[] = [];
  forEachEntry(raw, start, end, CLOSE_ARRAY, (_keyStart, _keyEnd, valueStart, valueEnd) => {
    result.push(parsePiece(raw, valueStart, valueEnd, cut, depth));
  });
  return result;
}

/**
 * `JSON.parse(raw.toString(encoding))`, with the same result and the same
 * SyntaxError for bad input, without making one string of a large body.
 */
export function parseJsonBuffer(raw: Buffer, options: ParseJsonBufferOptions = {}): unknown {
  const encoding = options.encoding ?? 'utf8';
  const cut: Cut = { encoding, pieceBytes: options.pieceBytes ?? (encoding === 'latin1' ? LATIN1_PIECE_BYTES : DEFAULT_PIECE_BYTES) };
  if (raw.length <= cut.pieceBytes) return JSON.parse(raw.toString(encoding));
  try {
    const start = skipSpace(raw, 0, raw.length);
    let end = raw.length;
    while (end > start && isSpace(raw[end - 1])) end -= 1;
    return parsePiece(raw, start, end, cut, 0);
  } catch (error) {
    if (!(error instanceof Malformed) && !(error instanceof SyntaxError)) throw error;
    // The whole-body parse names the problem and its position as JSON.parse always has.
    return JSON.parse(raw.toString(encoding));
  }
}
