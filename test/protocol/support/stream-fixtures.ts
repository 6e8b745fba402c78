import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamEvent } from '../../../core/protocol/anthropic/types';

export const FIXTURE_DIR = join(__dirname, '../../fixtures/openai-chat-stream');

export function readFixture(name: string): Buffer {
  return readFileSync(join(FIXTURE_DIR, name));
}

/** A small seeded PRNG so a failing split can be reproduced from its seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The bytes cut at random places (inside lines, CRLF pairs and UTF-8 sequences included). */
export function splitRandomly(bytes: Buffer, seed: number, maxChunk = 40): Buffer[] {
  const random = mulberry32(seed);
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const size = 1 + Math.floor(random() * maxChunk);
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** Whole, one byte at a time, and a dozen random cuts. */
export function splittings(bytes: Buffer): Array<{ label: string; chunks: Buffer[] }> {
  const ways = [
    { label: 'whole', chunks: [bytes] },
    { label: 'byte by byte', chunks: Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1)) },
  ];
  for (let seed = 1; seed <= 12; seed++) ways.push({ label: `random cut, seed ${seed}`, chunks: splitRandomly(bytes, seed) });
  return ways;
}

export async function* iterate<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

export type { StreamEvent };
