// JSON.parse needs the whole body as one string. V8 puts a string over about
// 128 KB (64K characters once one is outside Latin-1, which Claude Code's
// `→` line markers are) in its large-object space, and on these machines
// making one costs about 1 ms per 100 KB: more than everything else a
// pass-through does with the request. So a large body is cut at its
// containers' own boundaries and each piece, small enough to stay out of that
// space, is decoded and parsed on its own. Only a single string value longer
// than the limit still becomes one large string.
//
// A caller that only reads the result can also hand over what earlier parses
// found (ParsedFragments): the body's top two levels are then walked in one
// pass, and each value below them whose bytes were met before is taken as it
// was, not parsed again.

import type { ParsedFragments } from './parsed-fragments';
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
  /**
   * Values met before, by their bytes. The top-level value and the arrays and
   * objects directly in it are walked; each value inside those is taken from
   * here when its bytes were parsed before (by a parse with the same
   * encoding). Such values are shared and frozen: the caller only reads the
   * result.
   */
  reuse?: ParsedFragments;
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

/**
 * Walks `{...}` or `[...]` from its opening bracket, handing each member's key
 * range (none in an array) and the start of its value to `readValue`, which
 * returns where that value ends. Returns the index just past the closing bracket.
 */
function forEachEntry(
  raw: Buffer,
  start: number,
  end: number,
  close: number,
  readValue: (keyStart: number, keyEnd: number, valueStart: number) => number,
): number {
  let i = skipSpace(raw, start + 1, end);
  if (i < end && raw[i] === close) return i + 1;
  for (;;) {
    let keyStart = -1;
    let keyEnd = -1;
    if (close === CLOSE_OBJECT) {
      if (i >= end || raw[i] !== QUOTE) throw new Malformed();
      keyStart = i;
      keyEnd = skipString(raw, i, end);
      i = skipSpace(raw, keyEnd, end);
      if (i >= end || raw[i] !== COLON) throw new Malformed();
      i = skipSpace(raw, i + 1, end);
    }
    if (i >= end) throw new Malformed();
    i = skipSpace(raw, readValue(keyStart, keyEnd, i), end);
    if (i >= end) throw new Malformed();
    if (raw[i] === close) return i + 1;
    if (raw[i] !== COMMA) throw new Malformed();
    i = skipSpace(raw, i + 1, end);
  }
}

function parseKey(raw: Buffer, keyStart: number, keyEnd: number, encoding: Cut['encoding']): string {
  return JSON.parse(raw.toString(encoding, keyStart, keyEnd)) as string;
}

function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  // JSON.parse makes "__proto__" an own property; plain assignment would set the prototype.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function parseObject(raw: Buffer, start: number, end: number, cut: Cut, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const after = forEachEntry(raw, start, end, CLOSE_OBJECT, (keyStart, keyEnd, valueStart) => {
    const valueEnd = skipValue(raw, valueStart, end);
    setMember(result, parseKey(raw, keyStart, keyEnd, cut.encoding), parsePiece(raw, valueStart, valueEnd, cut, depth));
    return valueEnd;
  });
  if (after !== end) throw new Malformed();
  return result;
}

function parseArray(raw: Buffer, start: number, end: number, cut: Cut, depth: number): unknown[] {
  const result: unknown[] = [];
  const after = forEachEntry(raw, start, end, CLOSE_ARRAY, (_keyStart, _keyEnd, valueStart) => {
    const valueEnd = skipValue(raw, valueStart, end);
    result.push(parsePiece(raw, valueStart, valueEnd, cut, depth));
    return valueEnd;
  });
  if (after !== end) throw new Malformed();
  return result;
}

// The containers a reusing parse walks: the top-level value and those directly in it.
const REUSE_WALK_DEPTH = 2;

/**
 * The container at `start` and the index just past it, in one pass: the
 * walk itself finds where each value ends. Values below REUSE_WALK_DEPTH
 * come from `fragments`, or are parsed (and cut) as usual and remembered there.
 */
function parseReusing(raw: Buffer, start: number, end: number, cut: Cut, fragments: ParsedFragments, depth: number): [unknown, number] {
  const readValue = (valueStart: number): [unknown, number] => {
    const first = raw[valueStart];
    if (depth + 1 < REUSE_WALK_DEPTH && (first === OPEN_OBJECT || first === OPEN_ARRAY)) {
      return parseReusing(raw, valueStart, end, cut, fragments, depth + 1);
    }
    const valueEnd = skipValue(raw, valueStart, end);
    const known = fragments.find(raw, valueStart, valueEnd);
    if (known !== undefined) return [known, valueEnd];
    return [fragments.remember(raw, valueStart, valueEnd, parsePiece(raw, valueStart, valueEnd, cut, depth + 1)), valueEnd];
  };
  if (raw[start] === OPEN_ARRAY) {
    const result: unknown[] = [];
    const after = forEachEntry(raw, start, end, CLOSE_ARRAY, (_keyStart, _keyEnd, valueStart) => {
      const [value, valueEnd] = readValue(valueStart);
      result.push(value);
      return valueEnd;
    });
    return [result, after];
  }
  const result: Record<string, unknown> = {};
  const after = forEachEntry(raw, start, end, CLOSE_OBJECT, (keyStart, keyEnd, valueStart) => {
    const [value, valueEnd] = readValue(valueStart);
    setMember(result, parseKey(raw, keyStart, keyEnd, cut.encoding), value);
    return valueEnd;
  });
  return [result, after];
}

/**
 * `JSON.parse(raw.toString(encoding))`, with the same result and the same
 * SyntaxError for bad input, without making one string of a large body.
 */
export function parseJsonBuffer(raw: Buffer, options: ParseJsonBufferOptions = {}): unknown {
  const encoding = options.encoding ?? 'utf8';
  const cut: Cut = { encoding, pieceBytes: options.pieceBytes ?? (encoding === 'latin1' ? LATIN1_PIECE_BYTES : DEFAULT_PIECE_BYTES) };
  const fragments = options.reuse;
  if (!fragments && raw.length <= cut.pieceBytes) return JSON.parse(raw.toString(encoding));
  try {
    const start = skipSpace(raw, 0, raw.length);
    let end = raw.length;
    while (end > start && isSpace(raw[end - 1])) end -= 1;
    if (!fragments || (raw[start] !== OPEN_OBJECT && raw[start] !== OPEN_ARRAY)) return parsePiece(raw, start, end, cut, 0);
    const [value, after] = parseReusing(raw, start, end, cut, fragments, 0);
    if (after !== end) throw new Malformed();
    return value;
  } catch (error) {
    if (!(error instanceof Malformed) && !(error instanceof SyntaxError)) throw error;
    // The whole-body parse names the problem and its position as JSON.parse always has.
    return JSON.parse(raw.toString(encoding));
  }
}
