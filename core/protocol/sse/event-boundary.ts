import type { Readable } from 'node:stream';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Watches an event stream's bytes as they pass and tells whether what went by
 * so far ends on an event boundary (a blank line). Only there can a gateway
 * append its own `error` event to a piped stream that broke: cut inside an
 * event, the client's parser would take it as part of that event.
 */
export function watchEventBoundary(body: Readable): () => boolean {
  let atBoundary = true;
  let previous = LF;
  body.on('data', (chunk: Buffer) => {
    const last = chunk[chunk.length - 1];
    if (last === undefined) return;
    const beforeLast = chunk.length > 1 ? chunk[chunk.length - 2]! : previous;
    atBoundary = last === LF && (beforeLast === LF || beforeLast === CR);
    previous = last;
  });
  return () => atBoundary;
}
