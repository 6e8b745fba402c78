// Raw SSE text helpers: building events, and slicing recorded fixture text
// into the pieces a simulator writes one at a time.

import { readFileSync } from 'node:fs';
import type { SseReply } from './reply-types';

export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function sseData(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

export function sseComment(text: string): string {
  return `: ${text}\n\n`;
}

/**
 * How to cut raw text into writes: `events` after each blank line (LF or CRLF),
 * `{ every: n }` into n-character slices, `{ everyBytes: n }` into n-byte slices
 * (which can split a UTF-8 character across writes), or at explicit character offsets.
 */
export type SseSplit = 'events' | 'whole' | { every: number } | { everyBytes: number } | number[];

export function splitSse(raw: string, split: SseSplit = 'events'): Array<string | Buffer> {
  if (split === 'whole') return raw ? [raw] : [];
  if (split === 'events') return raw.match(/[\s\S]*?(?:\r\n\r\n|\n\n|\r\r|$)/g)!.filter((piece) => piece.length > 0);
  if (Array.isArray(split)) {
    const cuts = [...new Set(split.filter((at) => at > 0 && at < raw.length))].sort((a, b) => a - b);
    return [0, ...cuts].map((start, i) => raw.slice(start, cuts[i] ?? raw.length));
  }
  if ('every' in split) {
    const size = Math.max(1, split.every);
    const pieces: string[] = [];
    for (let i = 0; i < raw.length; i += size) pieces.push(raw.slice(i, i + size));
    return pieces;
  }
  const bytes = Buffer.from(raw, 'utf8');
  const size = Math.max(1, split.everyBytes);
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return pieces;
}

export function readSseFixture(file: string): string {
  return readFileSync(file, 'utf8');
}

export interface FixtureReplyOptions {
  split?: SseSplit;
  gapMs?: number | number[];
  status?: number;
  headers?: Record<string, string>;
  cut?: SseReply['cut'];
}

/** Replays a recorded stream (the text of a fixture file) byte for byte. */
export function sseFixtureReply(raw: string, options: FixtureReplyOptions = {}): SseReply {
  const { split, ...rest } = options;
  return { kind: 'sse', pieces: splitSse(raw, split), ...rest };
}
